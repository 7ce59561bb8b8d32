// One record, one truth (issue 14): the simulator's physics and instrument constants, its
// records' gaps and QUALITY, and the agreement of rs_list, rs_summary and served FITS files.
#include "sim/SdoEclipses.h"
#include "sim/InstrumentConstants.h"
#include "sim/FitsFactory.h"
#include "sim/JsocSimulator.h"
#include "model/drms/DrmsTime.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <fitsio.h>

class TstSimRecordTruth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void instrumentTableLoads();
    void sdoEclipseSeasonsAreAroundTheEquinoxes();
    void hmiConstantsAndTimes();
    void aiaConstantsPerChannel();
    void statisticsArePlausiblePerChannel();
    void eclipseGapsAndQuality();
    void servedFitsAgreesWithRsList_data();
    void servedFitsAgreesWithRsList();
    void segmentPathFileIsTheRecord();
    void ephemerisKeywordsMatchRealRows();
    void largerImagesForTheReadme();

private:
    QByteArray get(const QString &pathAndQuery);
    QJsonObject info(const QList<QPair<QString, QString>> &params);
    // keyword name -> values of an rs_list reply
    QHash<QString, QStringList> columns(const QJsonObject &o);

    sim::JsocSimulator m_sim;
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
};

namespace {

double tai(const char *text)
{
    return drms::parseTime(QString::fromLatin1(text)).value();
}

constexpr char kEmail[] = "truth@example.org";

QString enc(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

} // namespace

void TstSimRecordTruth::initTestCase()
{
    QVERIFY(m_sim.listen());
    QVERIFY(m_sim.registerAddress(QString::fromLatin1(kEmail)));
    QVERIFY(m_dir.isValid());
}

QByteArray TstSimRecordTruth::get(const QString &pathAndQuery)
{
    QNetworkReply *reply = m_nam.get(QNetworkRequest(m_sim.url().resolved(QUrl(pathAndQuery))));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(60000))
        return {};
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

QJsonObject TstSimRecordTruth::info(const QList<QPair<QString, QString>> &params)
{
    QUrlQuery q;
    for (const auto &p : params)
        q.addQueryItem(p.first, QString::fromLatin1(QUrl::toPercentEncoding(p.second)));
    return QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_info?") + q.toString(QUrl::FullyEncoded))).object();
}

QHash<QString, QStringList> TstSimRecordTruth::columns(const QJsonObject &o)
{
    QHash<QString, QStringList> out;
    for (const QJsonValue &k : o.value(QLatin1String("keywords")).toArray()) {
        QStringList values;
        for (const QJsonValue &v : k.toObject().value(QLatin1String("values")).toArray())
            values.append(v.toString());
        out.insert(k.toObject().value(QLatin1String("name")).toString(), values);
    }
    return out;
}

void TstSimRecordTruth::instrumentTableLoads()
{
    QVERIFY2(sim::InstrumentConstants::loadError().isEmpty(), qPrintable(sim::InstrumentConstants::loadError()));
    const sim::ChannelConstants *hmi = sim::InstrumentConstants::channel(QStringLiteral("HMI"), 0);
    QVERIFY(hmi);
    QVERIFY(std::abs(hmi->crota2 - 180.0) < 0.2);
    QVERIFY(std::abs(hmi->cdelt - 0.504) < 0.001);
    for (int wave : {94, 131, 171, 193, 211, 304, 335, 1600, 1700, 4500}) {
        const sim::ChannelConstants *c = sim::InstrumentConstants::channel(QStringLiteral("AIA"), wave);
        QVERIFY2(c, qPrintable(QString::number(wave)));
        QVERIFY(std::abs(c->cdelt - 0.6) < 0.012);
        QVERIFY(std::abs(c->crota2) < 0.2);
        QVERIFY(std::abs(c->crpix1 - 2048.5) < 40 && std::abs(c->crpix2 - 2048.5) < 45);
        QVERIFY(c->exptime > 0.1 && c->exptime < 3.0);
    }
    QVERIFY(!sim::InstrumentConstants::channel(QStringLiteral("AIA"), 555));
}

// SDO's eclipse seasons: two a year, 2-4 weeks each, near the equinoxes, daily passages up to
// about 72 minutes (penumbra), none near the solstices.
void TstSimRecordTruth::sdoEclipseSeasonsAreAroundTheEquinoxes()
{
    const double from = tai("2014.01.01_00:00:00_TAI"), to = tai("2015.01.01_00:00:00_TAI");
    const auto passages = sim::SdoEclipses::between(from, to);
    QVERIFY2(passages.size() >= 30 && passages.size() <= 70, qPrintable(QString::number(passages.size())));
    double longest = 0;
    int spring = 0, autumn = 0;
    for (const sim::ShadowPassage &p : passages) {
        QVERIFY(p.penumbraStart <= p.umbraStart && p.umbraStart <= p.umbraEnd && p.umbraEnd <= p.penumbraEnd);
        longest = std::max(longest, p.penumbraEnd - p.penumbraStart);
        const QString day = drms::formatTime(p.umbraStart, drms::TimeStyle::Tai, 0).left(10);
        const int month = day.mid(5, 2).toInt();
        QVERIFY2(month != 6 && month != 7 && month != 12 && month != 1, qPrintable(day));
        (month <= 5 ? spring : autumn) += 1;
    }
    qInfo("2014: %d passages (%d spring, %d autumn), longest %.1f min", int(passages.size()), spring, autumn, longest / 60);
    QVERIFY(spring >= 14 && autumn >= 14);
    QVERIFY2(longest > 65 * 60 && longest < 75 * 60, qPrintable(QString::number(longest / 60)));
    const sim::ShadowPassage &p = passages.front();
    QVERIFY(sim::SdoEclipses::at(0.5 * (p.umbraStart + p.umbraEnd)));
    QVERIFY(!sim::SdoEclipses::at(p.penumbraStart - 1));
}

// HMI: roll ~180°, 0.504"/pixel, Sun centre near the detector centre, T_OBS = T_REC less the
// light-time difference to 1 AU (8.4 s early in January, 7.5 s late in August: the samples),
// TRECEPOC-style epoch the series'.
void TstSimRecordTruth::hmiConstantsAndTimes()
{
    for (const char *ds : {"hmi.M_45s[2020.01.01_01:01:30_TAI]", "hmi.M_45s[2010.08.01_03:40:30_TAI]"}) {
        const auto c = columns(info({{"op", "rs_list"}, {"ds", QString::fromLatin1(ds)},
                                     {"key", "T_REC,T_OBS,CROTA2,CDELT1,CRPIX1,CRPIX2,DSUN_OBS,QUALITY,T_REC_epoch"}}));
        QCOMPARE(c.value("T_REC").size(), 1);
        QVERIFY(std::abs(c["CROTA2"][0].toDouble() - 179.93) < 0.05);
        QVERIFY(std::abs(c["CDELT1"][0].toDouble() - 0.504) < 0.001);
        QVERIFY(std::abs(c["CRPIX1"][0].toDouble() - 2048.5) < 20 && std::abs(c["CRPIX2"][0].toDouble() - 2048.5) < 20);
        const double tRec = drms::parseTime(c["T_REC"][0]).value(), tObs = drms::parseTime(c["T_OBS"][0]).value();
        const double lightTime = (149597870691.0 - c["DSUN_OBS"][0].toDouble()) / 299792458.0;
        QVERIFY2(std::abs(tRec - tObs - lightTime) < 0.6, qPrintable(c["T_OBS"][0]));
        QVERIFY(std::abs(lightTime) > 7 && std::abs(lightTime) < 9);
        QCOMPARE(c["QUALITY"][0], QStringLiteral("0x00000000"));
        QCOMPARE(c["T_REC_epoch"][0], QStringLiteral("1993.01.01_00:00:00_TAI"));
    }
}

// AIA: each channel its own plate scale, roll and framelist time, as the real 2020 records say.
void TstSimRecordTruth::aiaConstantsPerChannel()
{
    const auto c = columns(info({{"op", "rs_list"}, {"ds", "aia.lev1_euv_12s[2020-01-01T01:00:35Z]"},
                                 {"key", "T_REC,T_OBS,DATE__OBS,WAVELNTH,EXPTIME,CDELT1,CROTA2,INSTRUME"}}));
    const QStringList waves = c.value("WAVELNTH");
    QCOMPARE(waves.size(), 7);
    // Real T_OBS - T_REC of this slot (rslist_aia.lev1_euv_12s_allkeys_7rec_exptime_gt2.json).
    const QHash<QString, double> realOffset{{"94", 1.57}, {"131", 9.07}, {"171", 11.35}, {"193", 6.84},
                                            {"211", 0.08}, {"304", 7.58}, {"335", 3.08}};
    QSet<QString> offsets;
    for (int i = 0; i < waves.size(); ++i) {
        const double tRec = drms::parseTime(c["T_REC"][i]).value(), tObs = drms::parseTime(c["T_OBS"][i]).value();
        const double dateObs = drms::parseTime(c["DATE__OBS"][i]).value();
        QVERIFY2(std::abs(tObs - tRec - realOffset.value(waves[i])) < 0.02, qPrintable(waves[i] + " " + c["T_OBS"][i]));
        QVERIFY(std::abs(tObs - dateObs - c["EXPTIME"][i].toDouble() / 2) < 0.02);
        QVERIFY(std::abs(c["CDELT1"][i].toDouble() - 0.6) < 0.002);
        QVERIFY(std::abs(c["CROTA2"][i].toDouble()) < 0.2);
        offsets.insert(c["T_OBS"][i]);
    }
    QCOMPARE(offsets.size(), 7);
    QVERIFY(std::abs(c["EXPTIME"][waves.indexOf("171")].toDouble() - 2.0) < 0.01);
    QVERIFY(std::abs(c["EXPTIME"][waves.indexOf("94")].toDouble() - 2.9) < 0.01);
    QCOMPARE(c["INSTRUME"][waves.indexOf("304")], QStringLiteral("AIA_4"));
}

void TstSimRecordTruth::statisticsArePlausiblePerChannel()
{
    const auto aia = columns(info({{"op", "rs_list"}, {"ds", "aia.lev1_euv_12s[2014-01-01T00:00:01Z]"},
                                   {"key", "WAVELNTH,DATAMIN,DATAMEAN,DATAMAX,DATAMEDN"}}));
    QSet<QString> means;
    for (int i = 0; i < aia["WAVELNTH"].size(); ++i) {
        const double mn = aia["DATAMIN"][i].toDouble(), mean = aia["DATAMEAN"][i].toDouble(), mx = aia["DATAMAX"][i].toDouble();
        QVERIFY2(mn <= mean && mean <= mx, qPrintable(aia["WAVELNTH"][i]));
        means.insert(aia["DATAMEAN"][i]);
    }
    QCOMPARE(means.size(), 7);
    // Patches and other series without image physics: still min <= mean <= max, per record.
    const auto harp = columns(info({{"op", "rs_list"}, {"ds", "hmi.Mharp_720s[377][2011.02.15_00:00:00_TAI/2h]"},
                                    {"key", "DATAMIN,DATAMEAN,DATAMAX"}}));
    QVERIFY(!harp["DATAMEAN"].isEmpty());
    for (int i = 0; i < harp["DATAMEAN"].size(); ++i) {
        if (harp["DATAMEAN"][i] == QLatin1String("MISSING"))
            continue;
        QVERIFY2(harp["DATAMIN"][i].toDouble() <= harp["DATAMEAN"][i].toDouble()
                     && harp["DATAMEAN"][i].toDouble() <= harp["DATAMAX"][i].toDouble(),
                 qPrintable(harp["DATAMIN"][i] + ' ' + harp["DATAMEAN"][i] + ' ' + harp["DATAMAX"][i]));
    }
    const auto hmi = columns(info({{"op", "rs_list"}, {"ds", "hmi.M_45s[2014.01.01_00:00:00_TAI/10m]"},
                                   {"key", "DATAMIN,DATAMEAN,DATAMAX,QUALITY"}}));
    QVERIFY(hmi["DATAMEAN"].size() >= 13);
    for (int i = 0; i < hmi["DATAMEAN"].size(); ++i) {
        const double mn = hmi["DATAMIN"][i].toDouble(), mean = hmi["DATAMEAN"][i].toDouble(), mx = hmi["DATAMAX"][i].toDouble();
        QVERIFY2(std::abs(mean) < 10, qPrintable(hmi["DATAMEAN"][i]));
        QVERIFY(mn <= mean && mean <= mx);
    }
}

// In SDO's eclipse seasons: AIA slots in the umbra have no record (counts are not slot counts,
// and rs_summary agrees with what rs_list enumerates); HMI keeps its records, without data.
void TstSimRecordTruth::eclipseGapsAndQuality()
{
    const double day0 = tai("2014.03.10_00:00:00_TAI");
    const auto passages = sim::SdoEclipses::between(day0, day0 + 86400);
    QCOMPARE(passages.size(), size_t(1));
    const sim::ShadowPassage p = passages.front();
    const QString day = QStringLiteral("aia.lev1_euv_12s[2014.03.10_00:00:00_TAI/1d][171]");
    const qint64 counted = info({{"op", "rs_summary"}, {"ds", day}}).value("count").toInteger(-1);
    const auto listed = columns(info({{"op", "rs_list"}, {"ds", day}, {"key", "T_REC,QUALITY"}}));
    QCOMPARE(qint64(listed["T_REC"].size()), counted);
    const qint64 slotCount = 86400 / 12;
    const qint64 umbraSlots = qint64(std::ceil((p.umbraEnd - p.umbraStart) / 12.0));
    QVERIFY2(std::abs(slotCount - counted - umbraSlots) <= 1, qPrintable(QStringLiteral("%1 of %2").arg(counted).arg(slotCount)));
    qInfo("aia 171 on 2014-03-10: %lld records of %lld slots (umbra %.1f min)", counted, slotCount, (p.umbraEnd - p.umbraStart) / 60);
    int eclipseFlagged = 0;
    for (int i = 0; i < listed["T_REC"].size(); ++i) {
        const double t = drms::parseTime(listed["T_REC"][i]).value();
        QVERIFY(!(t >= p.umbraStart && t < p.umbraEnd));
        if (listed["QUALITY"][i] == QLatin1String("0x00002000"))
            ++eclipseFlagged;
    }
    QVERIFY(eclipseFlagged > 0); // the penumbra
    // Listing backwards from inside the gap finds the last record before it; the record number
    // of a slot in the gap names no record (record numbers keep their places).
    const QString intoGap = QStringLiteral("aia.lev1_euv_12s[%1-%2][171]")
                                .arg(drms::formatTime(p.umbraStart - 120, drms::TimeStyle::Tai, 0), drms::formatTime(p.umbraStart + 600, drms::TimeStyle::Tai, 0));
    const QJsonObject last = info({{"op", "rs_list"}, {"ds", intoGap}, {"key", "T_REC,*recnum*"}, {"n", "-1"}});
    const QJsonArray keys = last.value("keywords").toArray();
    QCOMPARE(keys.size(), 2);
    const double lastTime = drms::parseTime(keys[0].toObject().value("values").toArray()[0].toString()).value();
    QVERIFY(lastTime < p.umbraStart && lastTime >= p.umbraStart - 12);
    const qint64 lastRecnum = keys[1].toObject().value("values").toArray()[0].toInteger();
    const qint64 waves = 7; // record numbers run over the wavelengths of each slot
    QCOMPARE(info({{"op", "rs_summary"}, {"ds", QStringLiteral("aia.lev1_euv_12s[:#%1]").arg(lastRecnum)}}).value("count").toInteger(-1), 1);
    QCOMPARE(info({{"op", "rs_summary"}, {"ds", QStringLiteral("aia.lev1_euv_12s[:#%1]").arg(lastRecnum + waves)}}).value("count").toInteger(-1), 0);
    // The last slot before the gap and the first after it, by record number: neighbours.
    const QString hmi = QStringLiteral("hmi.M_45s[%1/%2m]").arg(drms::formatTime(p.umbraStart - 600, drms::TimeStyle::Tai, 0)).arg(int((p.umbraEnd - p.umbraStart) / 60) + 20);
    const auto h = columns(info({{"op", "rs_list"}, {"ds", hmi}, {"key", "T_OBS,QUALITY,DATAMEAN,DATAMIN"}}));
    int noData = 0;
    for (int i = 0; i < h["QUALITY"].size(); ++i) {
        if (h["QUALITY"][i] == QLatin1String("0x80000100")) {
            ++noData;
            QCOMPARE(h["DATAMEAN"][i], QStringLiteral("MISSING"));
            QCOMPARE(h["DATAMIN"][i], QStringLiteral("MISSING"));
        } else {
            QVERIFY(h["DATAMEAN"][i] != QLatin1String("MISSING"));
        }
    }
    QVERIFY2(noData >= int((p.umbraEnd - p.umbraStart) / 45) - 1, qPrintable(QString::number(noData)));
    const qint64 noImage = info({{"op", "rs_summary"}, {"ds", hmi + "[? QUALITY < 0 ?]"}}).value("count").toInteger(-1);
    QCOMPARE(noImage, qint64(noData));
}

void TstSimRecordTruth::servedFitsAgreesWithRsList_data()
{
    QTest::addColumn<QString>("record");
    QTest::addColumn<QString>("segment");
    QTest::newRow("aia171") << "aia.lev1_euv_12s[2014-01-01T00:00:13Z][171]" << "image";
    QTest::newRow("aia94") << "aia.lev1_euv_12s[2012-06-05T21:10:01Z][94]" << "image";
    QTest::newRow("aia304") << "aia.lev1_euv_12s[2016-03-09T01:30:25Z][304]" << "image";
    QTest::newRow("hmi-m") << "hmi.M_45s[2014.01.01_00:01:30_TAI][2]" << "magnetogram";
    QTest::newRow("hmi-ic") << "hmi.Ic_45s[2011.11.11_11:11:15_TAI][2]" << "continuum";
    // And records picked at random (a fixed seed, so a failure can be repeated) from several
    // series, the first record at or after a random time of 2011-2019.
    const struct { const char *series, *suffix, *segment; } series[] = {
        {"aia.lev1_euv_12s", "[193]", "image"}, {"aia.lev1_euv_12s", "[211]", "image"}, {"aia.lev1_uv_24s", "[1600]", "image"},
        {"hmi.M_45s", "", "magnetogram"}, {"hmi.V_45s", "", "Dopplergram"}, {"hmi.M_720s", "", "magnetogram"},
        {"mdi.fd_M_96m_lev182", "", "data"}};
    QRandomGenerator random(20140101);
    const double from = tai("2011.01.01_00:00:00_TAI"), to = tai("2019.12.31_00:00:00_TAI");
    for (const auto &s : series) {
        const double t = from + random.generateDouble() * (to - from);
        const QString ds = QStringLiteral("%1[%2/1d]%3").arg(QString::fromLatin1(s.series), drms::formatTime(t, drms::TimeStyle::Tai, 0), QString::fromLatin1(s.suffix));
        const auto c = columns(info({{"op", "rs_list"}, {"ds", ds}, {"key", "T_REC"}, {"n", "1"}}));
        if (c.value("T_REC").isEmpty())
            continue; // the series has no record then (MDI ended in 2011)
        QTest::newRow(qPrintable(ds)) << QStringLiteral("%1[%2]%3").arg(QString::fromLatin1(s.series), c["T_REC"][0], QString::fromLatin1(s.suffix))
                                      << QString::fromLatin1(s.segment);
    }
}

// The file JSOC serves for a record, read with cfitsio: every keyword it shares with the record's
// rs_list row has the row's value (to the printed precision; grid keywords scaled to the served
// size), and DATAMEAN/DATAMIN/DATAMAX describe its pixels.
void TstSimRecordTruth::servedFitsAgreesWithRsList()
{
    QFETCH(QString, record);
    QFETCH(QString, segment);
    const QJsonObject row = info({{"op", "rs_list"}, {"ds", record}, {"key", "**ALL**"}});
    const auto c = columns(row);
    QVERIFY2(!c.isEmpty(), qPrintable(record));
    const QByteArray reply = get(QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_request&format=json&ds=%1&notify=%2&method=url_quick&protocol=as-is")
                                     .arg(enc(record + '{' + segment + '}'), enc(QString::fromLatin1(kEmail))));
    const QJsonObject o = QJsonDocument::fromJson(reply).object();
    const QString url = o.value("data").toArray().at(0).toObject().value("filename").toString();
    QVERIFY2(url.startsWith("/SUM"), reply.constData());
    const QByteArray bytes = get(url);
    QVERIFY(bytes.startsWith("SIMPLE"));
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression("[^A-Za-z0-9]"), "_") + ".fits");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    f.close();

    fitsfile *fp = nullptr;
    int status = 0;
    QVERIFY(fits_open_file(&fp, QFile::encodeName(path).constData(), READONLY, &status) == 0);
    int hdutype = 0;
    QVERIFY(fits_movabs_hdu(fp, 2, &hdutype, &status) == 0);
    long naxes[2] = {0, 0};
    int naxis = 0;
    fits_get_img_dim(fp, &naxis, &status);
    fits_get_img_size(fp, 2, naxes, &status);
    const double detector = c.contains("CDELT1") ? 4096.0 : 0.0;
    const double scale = detector / double(naxes[0]);
    auto header = [&](const QString &name, QString *text) {
        char value[FLEN_VALUE] = {0};
        int st = 0;
        if (fits_read_keyword(fp, name.toLatin1().constData(), value, nullptr, &st) != 0)
            return false;
        *text = QString::fromLatin1(value).trimmed();
        if (text->startsWith('\'')) { // a string, perhaps continued over CONTINUE cards
            char *longText = nullptr;
            if (fits_read_key_longstr(fp, name.toLatin1().constData(), &longText, nullptr, &st) == 0 && longText) {
                *text = QString::fromLatin1(longText).trimmed();
                fits_free_memory(longText, &st);
            }
        }
        return true;
    };
    static const QSet<QString> grid{"CDELT1", "CDELT2", "CRPIX1", "CRPIX2", "R_SUN", "X0_MP", "Y0_MP", "IMSCL_MP", "TOTVALS", "DATAVALS", "MISSVALS"};
    int compared = 0;
    for (auto it = c.cbegin(); it != c.cend(); ++it) {
        QString name = it.key().toUpper();
        if (name == "DATE__OBS")
            name = "DATE-OBS";
        else if (name == "T_REC_EPOCH")
            name = "TRECEPOC";
        else if (name == "T_REC_STEP")
            name = "TRECSTEP";
        if (name.size() > 8 || name == "HISTORY" || name == "COMMENT")
            continue;
        const QString rowValue = it.value().value(0);
        QString text;
        if (!header(name, &text)) {
            QVERIFY2(rowValue == "MISSING" || rowValue.isEmpty() || name.contains('-') == false, qPrintable(name));
            continue;
        }
        bool rowNumeric = false, headerNumeric = false;
        // Hex words: 8 digits are a signed 32-bit int in DRMS (QUALITY 0x80000000 < 0), 16 a 64-bit one.
        const quint64 bits = rowValue.startsWith("0x") ? rowValue.mid(2).toULongLong(&rowNumeric, 16) : 0;
        const double a = !rowValue.startsWith("0x") ? rowValue.toDouble(&rowNumeric)
                         : rowValue.size() <= 10 ? double(qint32(quint32(bits))) : double(qint64(bits));
        double b = text.toDouble(&headerNumeric);
        if (rowNumeric && headerNumeric) {
            if (grid.contains(name)) {
                if (name == "TOTVALS" || name == "DATAVALS" || name == "MISSVALS")
                    b = b * scale * scale;
                else if (name.startsWith("CRPIX"))
                    b = (b - 0.5) * scale + 0.5;
                else if (name.endsWith("_MP") && name != "IMSCL_MP")
                    b = (b + 0.5) * scale - 0.5;
                else if (name == "R_SUN")
                    b = b * scale;
                else
                    b = b / scale;
            }
            // Agree to the printed precision: the row's last digit.
            const int dot = rowValue.indexOf('.');
            const double ulp = dot < 0 ? 1.0 : std::pow(10.0, -(rowValue.size() - dot - 1));
            // Pixel counts of a smaller image scale with the area, to within its rim.
            const bool count = name == "TOTVALS" || name == "DATAVALS" || name == "MISSVALS";
            const double tolerance = count ? std::max(0.02 * std::abs(a), 2 * scale * scale)
                                           : std::max(ulp, std::abs(a) * 1e-9) * (grid.contains(name) ? 20 : 1.01);
            QVERIFY2(std::abs(a - b) <= tolerance,
                     qPrintable(QStringLiteral("%1: row %2, header %3").arg(name, rowValue, text)));
        } else {
            QVERIFY2(text == rowValue, qPrintable(QStringLiteral("%1: row %2, header %3").arg(name, rowValue, text)));
        }
        ++compared;
    }
    QVERIFY2(compared >= 15, qPrintable(QString::number(compared)));
    // The pixels: DATAMEAN of the row is the mean of the image (within 2 %, or 0.5 in absolute
    // terms for a magnetogram whose mean is near zero).
    std::vector<float> pixels(size_t(naxes[0]) * size_t(naxes[1]));
    int anynul = 0;
    float nulval = NAN;
    QVERIFY(fits_read_img(fp, TFLOAT, 1, LONGLONG(pixels.size()), &nulval, pixels.data(), &anynul, &status) == 0);
    fits_close_file(fp, &status);
    double sum = 0, mn = 1e300, mx = -1e300;
    qint64 n = 0;
    for (float v : pixels) {
        if (std::isnan(v))
            continue;
        sum += v;
        mn = std::min(mn, double(v));
        mx = std::max(mx, double(v));
        ++n;
    }
    QVERIFY(n > 0);
    const double mean = sum / double(n), rowMean = c["DATAMEAN"][0].toDouble();
    qInfo("%s: image mean %.4f, DATAMEAN %s, %d keywords compared", QTest::currentDataTag(), mean, qPrintable(c["DATAMEAN"][0]), compared);
    QVERIFY2(std::abs(mean - rowMean) <= std::max(0.02 * std::abs(rowMean), 0.5),
             qPrintable(QStringLiteral("image mean %1 min %2 max %3 (%4 pixels); row %5 %6 %7").arg(mean).arg(mn).arg(mx).arg(n)
                            .arg(c["DATAMEAN"][0], c["DATAMIN"][0], c["DATAMAX"][0])));
    QVERIFY(c["DATAMIN"][0].toDouble() <= rowMean && rowMean <= c["DATAMAX"][0].toDouble());
}

// rs_list's own segment path (drms downloads it without an export): the same record's file.
void TstSimRecordTruth::segmentPathFileIsTheRecord()
{
    const QJsonObject o = info({{"op", "rs_list"}, {"ds", "hmi.M_45s[2015.06.01_12:00:00_TAI]"},
                                {"key", "DATAMEAN,CROTA2,QUALITY"}, {"seg", "magnetogram"}});
    const auto c = columns(o);
    const QString url = o.value("segments").toArray().at(0).toObject().value("values").toArray().at(0).toString();
    QVERIFY2(url.startsWith("/SUM"), qPrintable(url));
    const QByteArray bytes = get(url);
    QVERIFY(bytes.startsWith("SIMPLE"));
    const QString path = m_dir.filePath("segment.fits");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    f.close();
    fitsfile *fp = nullptr;
    int status = 0, hdutype = 0;
    QVERIFY(fits_open_file(&fp, QFile::encodeName(path).constData(), READONLY, &status) == 0);
    QVERIFY(fits_movabs_hdu(fp, 2, &hdutype, &status) == 0);
    double mean = 0, crota = 0;
    long quality = 0;
    fits_read_key(fp, TDOUBLE, "DATAMEAN", &mean, nullptr, &status);
    fits_read_key(fp, TDOUBLE, "CROTA2", &crota, nullptr, &status);
    fits_read_key(fp, TLONG, "QUALITY", &quality, nullptr, &status);
    fits_close_file(fp, &status);
    QCOMPARE(status, 0);
    QCOMPARE(QString::number(mean, 'f', 6), c["DATAMEAN"][0]);
    QCOMPARE(QString::number(crota, 'f', 6), c["CROTA2"][0]);
    QCOMPARE(QStringLiteral("0x%1").arg(quint32(quality), 8, 16, QLatin1Char('0')), c["QUALITY"][0]);
}

// The README's pictures of the demo's data: JSOC_SIM_IMAGE_DIR=dir writes 512² files of three
// records there (what jsoc-sim serves, at a size worth looking at); `jsoc-cli preview` renders them.
// The rs_list path, not only the ephemeris: real AIA 304 rows (the sample with every keyword)
// against the simulator's rows for the same T_REC. The ephemeris is taken at T_OBS, as JSOC's
// are; at T_REC (7.6 s earlier for 304) CRLN_OBS would be 1e-3° off.
void TstSimRecordTruth::ephemerisKeywordsMatchRealRows()
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QHash<QString, QStringList> real = columns(QJsonDocument::fromJson(f.readAll()).object());
    const QStringList keys = {QStringLiteral("T_OBS"), QStringLiteral("CRLN_OBS"), QStringLiteral("CRLT_OBS"),
                              QStringLiteral("DSUN_OBS"), QStringLiteral("RSUN_OBS"), QStringLiteral("CAR_ROT")};
    const QStringList tRecs = real.value(QStringLiteral("T_REC"));
    QVERIFY(tRecs.size() >= 10);
    double worstLon = 0, worstLat = 0, worstDsun = 0;
    for (int i = 0; i < tRecs.size(); ++i) {
        const QJsonObject o = info({{QStringLiteral("op"), QStringLiteral("rs_list")},
                                    {QStringLiteral("ds"), QStringLiteral("aia.lev1_euv_12s[%1][304]").arg(tRecs[i])},
                                    {QStringLiteral("key"), keys.join(QLatin1Char(','))}});
        const QHash<QString, QStringList> sim = columns(o);
        QCOMPARE(sim.value(QStringLiteral("T_OBS")).size(), 1);
        const auto at = [&](const QHash<QString, QStringList> &h, const QString &k, int row) { return h.value(k).value(row).toDouble(); };
        const double tObsReal = drms::parseTime(real.value(QStringLiteral("T_OBS")).value(i)).value();
        const double tObsSim = drms::parseTime(sim.value(QStringLiteral("T_OBS")).value(0)).value();
        QVERIFY2(std::abs(tObsSim - tObsReal) < 0.02, qPrintable(tRecs[i]));
        worstLon = std::max(worstLon, std::abs(at(sim, QStringLiteral("CRLN_OBS"), 0) - at(real, QStringLiteral("CRLN_OBS"), i)));
        worstLat = std::max(worstLat, std::abs(at(sim, QStringLiteral("CRLT_OBS"), 0) - at(real, QStringLiteral("CRLT_OBS"), i)));
        worstDsun = std::max(worstDsun, std::abs(at(sim, QStringLiteral("DSUN_OBS"), 0) / at(real, QStringLiteral("DSUN_OBS"), i) - 1.0));
        QVERIFY(std::abs(at(sim, QStringLiteral("RSUN_OBS"), 0) - at(real, QStringLiteral("RSUN_OBS"), i)) < 0.01);
        QCOMPARE(sim.value(QStringLiteral("CAR_ROT")).value(0), real.value(QStringLiteral("CAR_ROT")).value(i));
    }
    qInfo("AIA 304 rows vs real: CRLN_OBS %.2e deg, CRLT_OBS %.2e deg, DSUN_OBS %.2e", worstLon, worstLat, worstDsun);
    QVERIFY(worstLon < 1e-4);
    QVERIFY(worstLat < 1e-4);
    QVERIFY(worstDsun < 2e-6);
}

void TstSimRecordTruth::largerImagesForTheReadme()
{
    const QString dir = qEnvironmentVariable("JSOC_SIM_IMAGE_DIR");
    if (dir.isEmpty())
        QSKIP("JSOC_SIM_IMAGE_DIR not set");
    const struct { const char *record, *series, *segment, *file; } images[] = {
        {"aia.lev1_euv_12s[2014-01-01T00:00:13Z][171]", "aia.lev1_euv_12s", "image", "aia171.fits"},
        {"aia.lev1_euv_12s[2014-01-01T00:00:13Z][94]", "aia.lev1_euv_12s", "image", "aia94.fits"},
        {"hmi.M_45s[2014.01.01_00:00:45_TAI][2]", "hmi.M_45s", "magnetogram", "hmi_m.fits"},
    };
    for (const auto &image : images) {
        // rs_list with the segment makes the simulator know the record, as a download would.
        const QJsonObject o = info({{"op", "rs_list"}, {"ds", QString::fromLatin1(image.record)}, {"key", "*recnum*"}, {"seg", QString::fromLatin1(image.segment)}});
        const qint64 recnum = o.value("keywords").toArray().at(0).toObject().value("values").toArray().at(0).toInteger();
        sim::SolarImageSpec spec;
        spec.series = QString::fromLatin1(image.series);
        spec.segment = QString::fromLatin1(image.segment);
        spec.recordSpec = QString::fromLatin1(image.record).section('{', 0, 0);
        spec.recnum = recnum;
        QString error;
        QVERIFY2(sim::FitsFactory::writeSolarImage(dir + '/' + QString::fromLatin1(image.file), 512, spec, &error), qPrintable(error));
    }
}

QTEST_GUILESS_MAIN(TstSimRecordTruth)
#include "tst_simrecordtruth.moc"
