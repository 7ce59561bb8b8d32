// RecordLook (issue 16, the instant look) against the JSOC simulator over loopback, with the
// simulator serving stored segment files as SUMS keeps them (bare headers, the segment's own
// 1024² for MDI): a row becomes a cached file whose built header puts the solar disk where the
// pixels have it; offline records, unknown segments and sets of several records fail in words;
// show() supersedes, prefetch() fills the cache without a second transfer, cancel leaves no file,
// the cache stays under its limit, and a server that lies gives words. RecordHeader's cards on
// their own (types, names, long strings, what is never taken from a row).
#include "app/workflow/RecordLook.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/SolarWcs.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/fitsfile/FitsStructure.h"
#include "model/fitsfile/RecordHeader.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "support/ScriptedHttpServer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using app::RecordLook;
using app::RecordLookFailure;
using app::RecordLookRequest;
using app::RecordLookResult;

namespace {

constexpr int kWaitMs = 30000;
const QString kSeries = QStringLiteral("mdi.fd_M_96m_lev182");
// MDI full-disk magnetograms: 1024² segments, 96-minute slots.
const QString kDay = QStringLiteral("mdi.fd_M_96m_lev182[2010.10.01_00:00:00_TAI/30d]");

RecordLookRequest requestFor(const QString &tRec, const QString &segment = QStringLiteral("data"))
{
    RecordLookRequest r;
    r.series = kSeries;
    r.recordSpec = QStringLiteral("%1[%2]").arg(kSeries, tRec);
    r.segment = segment;
    return r;
}

QList<fits::RecordKeyword> rowOf(const QJsonObject &rsList, int row)
{
    QList<fits::RecordKeyword> out;
    for (const QJsonValue &k : rsList.value(QStringLiteral("keywords")).toArray())
        out.append({k[QStringLiteral("name")].toString(), k[QStringLiteral("values")].toArray().at(row).toString()});
    return out;
}

QString valueOf(const QList<fits::RecordKeyword> &row, const QString &name)
{
    for (const fits::RecordKeyword &k : row)
        if (k.name == name)
            return k.value;
    return {};
}

QStringList keywordsIn(const QString &fitsPath, int hdu)
{
    const fits::FitsStructure s = fits::FitsStructure::scanFile(fitsPath);
    QStringList out;
    if (hdu >= s.hdus.size())
        return out;
    for (int i = 0; i < s.hdus[hdu].keptCards(); ++i)
        out.append(QString::fromLatin1(fits::FitsStructure::keywordOf(s.hdus[hdu].card(i)).toByteArray()));
    return out;
}

// Signals of one RecordLook as lines ("shown REC fromCache=0", "failed REC export needed: words").
struct LookLog {
    QStringList events;
    QList<RecordLookResult> shown;
    QList<RecordLookFailure> failures;
    QStringList words;
    explicit LookLog(RecordLook &look)
    {
        QObject::connect(&look, &RecordLook::shown, [this](const RecordLookResult &r) {
            shown.append(r);
            events.append(QStringLiteral("shown %1 fromCache=%2").arg(r.request.recordSpec).arg(int(r.fromCache)));
        });
        QObject::connect(&look, &RecordLook::failed, [this](const RecordLookRequest &r, RecordLookFailure k, const QString &w) {
            failures.append(k);
            words.append(w);
            events.append(QStringLiteral("failed %1 %2: %3").arg(r.recordSpec, RecordLook::failureName(k), w));
        });
        QObject::connect(&look, &RecordLook::prefetched, [this](const RecordLookRequest &r) {
            events.append(QStringLiteral("prefetched %1").arg(r.recordSpec));
        });
    }
    int ends() const { return int(shown.size() + failures.size()); }
};

} // namespace

class TestRecordLook : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void servedSegmentFileIsBare();
    void rowGivesImageWithTheRecordsWcs();
    void builtFileIsWhatAnExportGives();
    void offlineRecordNeedsAnExport();
    void unknownSegmentNeedsAnExport();
    void nonImageSegmentNeedsAnExport();
    void severalRecordsAreRefusedUnlessTheFirstIsWanted();
    void showSupersedesTheFetchInFlight();
    void prefetchFillsTheCacheWithoutASecondTransfer();
    void showDropsQueuedPrefetches();
    void cancelLeavesNoFile();
    void cacheStaysUnderItsLimit();
    void lyingServerGivesWords_data();
    void lyingServerGivesWords();
    void scriptedServerThatLies_data();
    void scriptedServerThatLies();
    void recordHeaderCards();
    void recordHeaderKeepsTheFilesOwnCards();
    void recordHeaderFindsNoImage();

private:
    QJsonObject rsList(const QString &ds, const QString &keys, const QString &segs);
    QByteArray get(const QString &pathAndQuery);
    std::unique_ptr<RecordLook> newLook(qint64 limit = qint64(1) << 30);
    bool waitEnds(LookLog &log, int n) { return QTest::qWaitFor([&] { return log.ends() >= n; }, kWaitMs); }
    QStringList cacheFiles() const { return QDir(m_cache->path()).entryList(QDir::Files); }

    sim::JsocSimulator m_sim;
    std::unique_ptr<jsoc::JsocClient> m_client;
    std::unique_ptr<QTemporaryDir> m_cache;
    QNetworkAccessManager m_nam;
    QStringList m_online;   // T_REC of online records, found through rs_list
    QString m_offline;      // T_REC of an offline one
};

void TestRecordLook::initTestCase()
{
    qRegisterMetaType<app::RecordLookRequest>();
    qRegisterMetaType<app::RecordLookResult>();
    qRegisterMetaType<app::RecordLookFailure>();
    QVERIFY(m_sim.exportDesk());
    m_sim.exportDesk()->options().bareSegmentFiles = true;
    QVERIFY(m_sim.listen());
    m_client = std::make_unique<jsoc::JsocClient>(m_sim.url());
    // Which records are online is the simulator's (storage units on tape): asked, not assumed.
    const QJsonObject o = rsList(kDay, QStringLiteral("T_REC"), QStringLiteral("data"));
    const QJsonArray t = o[QStringLiteral("keywords")].toArray().at(0)[QStringLiteral("values")].toArray();
    const QJsonArray p = o[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray();
    for (qsizetype i = 0; i < t.size(); ++i) {
        if (p.at(i).toString().startsWith(QLatin1String("/SUM")))
            m_online.append(t.at(i).toString());
        else if (m_offline.isEmpty() && p.at(i).toString() == QLatin1String("NoDataDirectory"))
            m_offline = t.at(i).toString();
    }
    QVERIFY2(m_online.size() >= 6, qPrintable(QString::number(m_online.size())));
    QVERIFY(!m_offline.isEmpty());
}

QJsonObject TestRecordLook::rsList(const QString &ds, const QString &keys, const QString &segs)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("op"), QStringLiteral("rs_list"));
    q.addQueryItem(QStringLiteral("ds"), QString::fromLatin1(QUrl::toPercentEncoding(ds)));
    q.addQueryItem(QStringLiteral("key"), keys);
    q.addQueryItem(QStringLiteral("seg"), segs);
    return QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_info?") + q.toString(QUrl::FullyEncoded))).object();
}

QByteArray TestRecordLook::get(const QString &pathAndQuery)
{
    QNetworkReply *reply = m_nam.get(QNetworkRequest(QUrl(m_sim.url().toString() + pathAndQuery)));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(kWaitMs);
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

std::unique_ptr<RecordLook> TestRecordLook::newLook(qint64 limit)
{
    m_cache = std::make_unique<QTemporaryDir>();
    return std::make_unique<RecordLook>(m_client.get(), m_cache->path(), limit);
}

// What SUMS keeps: the pixels' structure, no observation keywords (protocol §10.6).
void TestRecordLook::servedSegmentFileIsBare()
{
    const QJsonObject o = rsList(QStringLiteral("%1[%2]").arg(kSeries, m_online.first()), QStringLiteral("T_REC"), QStringLiteral("data"));
    const QString path = o[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray().at(0).toString();
    const QByteArray bytes = get(path);
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("bare.fits")));
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    f.close();
    QVERIFY2(fits::FitsFileCheck::verify(f.fileName()).isSound(), qPrintable(fits::FitsFileCheck::verify(f.fileName()).problem));
    const QStringList cards = keywordsIn(f.fileName(), 1);
    QVERIFY(cards.contains(QStringLiteral("ZCMPTYPE")));
    QVERIFY(cards.contains(QStringLiteral("CHECKSUM")));
    for (const QString &k : {"CRPIX1", "CDELT1", "RSUN_OBS", "T_OBS", "QUALITY", "DATE-OBS", "TELESCOP"})
        QVERIFY2(!cards.contains(k), qPrintable(k));
    const fits::FitsLoadResult loaded = fits::FitsLoader::load(f.fileName());
    QVERIFY2(loaded.ok(), qPrintable(loaded.error));
    QCOMPARE(loaded.image.width, 1024); // the segment's own dims, which the row's keywords describe
    QCOMPARE(loaded.image.compression, QStringLiteral("RICE_1"));
}

// Row -> cached file whose header has the row's keywords; the disk the pixels show is where its
// WCS says the Sun's centre is, and the size RSUN_OBS says. An HMI magnetogram (4096²): the
// simulator's MDI rows carry no CTYPE/CUNIT/CRVAL, HMI's do, as on JSOC.
void TestRecordLook::rowGivesImageWithTheRecordsWcs()
{
    auto look = newLook();
    LookLog log(*look);
    QSignalSpy started(look.get(), &RecordLook::started);
    const QJsonObject hour = rsList(QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/1h]"), QStringLiteral("T_REC"), QStringLiteral("magnetogram"));
    const QJsonArray t = hour[QStringLiteral("keywords")].toArray().at(0)[QStringLiteral("values")].toArray();
    const QJsonArray p = hour[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray();
    RecordLookRequest r;
    r.series = QStringLiteral("hmi.M_45s");
    r.segment = QStringLiteral("magnetogram");
    for (qsizetype i = 0; i < t.size() && r.recordSpec.isEmpty(); ++i)
        if (p.at(i).toString().startsWith(QLatin1String("/SUM")))
            r.recordSpec = QStringLiteral("hmi.M_45s[%1]").arg(t.at(i).toString());
    QVERIFY(!r.recordSpec.isEmpty());
    look->show(r);
    QCOMPARE(started.count(), 1);
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.events.join('\n'), QStringLiteral("shown %1 fromCache=0").arg(r.recordSpec));
    const RecordLookResult result = log.shown.first();
    QVERIFY(result.filePath.startsWith(m_cache->path()));
    QVERIFY(result.headerNote.contains(QLatin1String("built from the record's keywords")));
    QVERIFY(fits::FitsFileCheck::verify(result.filePath).isSound());

    const QList<fits::RecordKeyword> row = rowOf(rsList(r.recordSpec, QStringLiteral("**ALL**"), r.segment), 0);
    const fits::FitsLoadResult loaded = fits::FitsLoader::load(result.filePath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error));
    const fits::FitsImage &img = loaded.image;
    QCOMPARE(img.cardNumber(QStringLiteral("CRPIX1")), valueOf(row, QStringLiteral("CRPIX1")).toDouble());
    QCOMPARE(img.cardNumber(QStringLiteral("CDELT1")), valueOf(row, QStringLiteral("CDELT1")).toDouble());
    QCOMPARE(img.card(QStringLiteral("T_OBS")), valueOf(row, QStringLiteral("T_OBS")));
    QCOMPARE(qint64(img.cardNumber(QStringLiteral("QUALITY"))), qint64(qint32(valueOf(row, QStringLiteral("QUALITY")).toUInt(nullptr, 16))));
    QVERIFY(img.cardNumber(QStringLiteral("BZERO")) == img.rawZero); // the file's own scaling kept

    // The disk from the pixels: centroid and area of the non-blank pixels (blank off the disk).
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (!std::isnan(img.at(x, y))) {
                sx += x;
                sy += y;
                n += 1;
            }
    QVERIFY(n > 0);
    const double cx = sx / n, cy = sy / n;
    fits::SolarWcs wcs(img);
    QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
    const fits::WorldCoordinate centre = wcs.pixelToWorld(cx, cy);
    QVERIFY(centre.helioprojective);
    const double cdelt = valueOf(row, QStringLiteral("CDELT1")).toDouble();
    QVERIFY2(std::hypot(centre.lon, centre.lat) < cdelt, qPrintable(centre.text())); // within a pixel
    const double rsun = valueOf(row, QStringLiteral("RSUN_OBS")).toDouble();
    QVERIFY(std::abs(wcs.solarRadiusArcsec() - rsun) < 0.01);
    const double radiusPx = std::sqrt(n / M_PI);
    QVERIFY2(std::abs(radiusPx * cdelt - rsun) < 2 * cdelt, qPrintable(QStringLiteral("%1 px").arg(radiusPx)));

    // Shown again: from the cache, no transfer.
    const int gets = m_sim.requestCount(QStringLiteral("/SUM"));
    look->show(r);
    QVERIFY(waitEnds(log, 2));
    QVERIFY(log.shown.last().fromCache);
    QCOMPARE(log.shown.last().headerNote, result.headerNote);
    QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), gets);
}

// The same record exported (method url, protocol fits: JSOC writes every keyword into the file):
// the same pixels, and the built header's WCS and observer are the export's.
void TestRecordLook::builtFileIsWhatAnExportGives()
{
    const QString email = QStringLiteral("look@example.com");
    QVERIFY(m_sim.registerAddress(email));
    sim::ExportDeskOptions &o = m_sim.exportDesk()->options();
    const sim::ExportDeskOptions before = o;
    o.queuedMs = 0;
    o.processingMs = 0;
    o.imageSize = 1024; // exports at MDI's own size, like JSOC's
    const RecordLookRequest r = requestFor(m_online.at(2));
    QUrlQuery q;
    for (const auto &[k, v] : std::initializer_list<std::pair<QString, QString>>{
             {"op", "exp_request"}, {"format", "json"}, {"method", "url"}, {"protocol", "fits"},
             {"ds", r.recordSpec + QStringLiteral("{data}")}, {"notify", email}})
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    const QJsonObject req = QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_fetch?") + q.toString(QUrl::FullyEncoded))).object();
    const QString id = req[QStringLiteral("requestid")].toString();
    QVERIFY2(id.startsWith(QLatin1String("JSOC_")), qPrintable(QJsonDocument(req).toJson()));
    QJsonObject done;
    QVERIFY(QTest::qWaitFor([&] {
        done = QJsonDocument::fromJson(get(QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_status&requestid=") + id)).object();
        return done[QStringLiteral("status")].toString() == QLatin1String("0");
    }, kWaitMs));
    const QString name = done[QStringLiteral("data")].toArray().at(0)[QStringLiteral("filename")].toString();
    const QByteArray exported = get(done[QStringLiteral("dir")].toString() + QLatin1Char('/') + name);
    o = before;
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("exported.fits")));
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(exported) == exported.size());
    f.close();

    auto look = newLook();
    LookLog log(*look);
    look->show(r);
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.shown.size(), 1);
    const fits::FitsLoadResult mine = fits::FitsLoader::load(log.shown.first().filePath);
    const fits::FitsLoadResult theirs = fits::FitsLoader::load(f.fileName());
    QVERIFY2(mine.ok() && theirs.ok(), qPrintable(mine.error + theirs.error));
    QCOMPARE(mine.image.width, theirs.image.width);
    QVERIFY(std::equal(mine.image.pixels.begin(), mine.image.pixels.end(), theirs.image.pixels.begin(), theirs.image.pixels.end(),
                       [](float x, float y) { return (std::isnan(x) && std::isnan(y)) || x == y; }));
    for (const char *key : {"CRPIX1", "CRPIX2", "CDELT1", "CDELT2", "CROTA2", "RSUN_OBS", "DSUN_OBS", "CRLT_OBS", "CRLN_OBS", "QUALITY"})
        QVERIFY2(qFuzzyCompare(1.0 + mine.image.cardNumber(QString::fromLatin1(key)), 1.0 + theirs.image.cardNumber(QString::fromLatin1(key))),
                 qPrintable(QStringLiteral("%1: built %2, exported %3").arg(QString::fromLatin1(key), mine.image.card(QString::fromLatin1(key)),
                                                                            theirs.image.card(QString::fromLatin1(key)))));
    QCOMPARE(mine.image.card(QStringLiteral("T_OBS")), theirs.image.card(QStringLiteral("T_OBS")));
}

void TestRecordLook::offlineRecordNeedsAnExport()
{
    auto look = newLook();
    LookLog log(*look);
    const int gets = m_sim.requestCount(QStringLiteral("/SUM"));
    look->show(requestFor(m_offline));
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.failures, QList<RecordLookFailure>{RecordLookFailure::ExportNeeded});
    QVERIFY2(log.words.first().startsWith(QLatin1String("Export needed:")) && log.words.first().contains(QLatin1String("offline (NoDataDirectory)")),
             qPrintable(log.words.first()));
    QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), gets);
    QVERIFY(cacheFiles().isEmpty());
}

void TestRecordLook::unknownSegmentNeedsAnExport()
{
    auto look = newLook();
    LookLog log(*look);
    look->show(requestFor(m_online.first(), QStringLiteral("magnetogram")));
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.failures, QList<RecordLookFailure>{RecordLookFailure::ExportNeeded});
    QVERIFY2(log.words.first().contains(QLatin1String("InvalidSegName")), qPrintable(log.words.first()));
}

// hmi.v_sht_modes keeps its mode tables as generic files: nothing to show without an export.
void TestRecordLook::nonImageSegmentNeedsAnExport()
{
    const QJsonObject o = rsList(QStringLiteral("hmi.v_sht_modes[2010.04.30_00:00:00_TAI/1000d]"), QStringLiteral("T_START"), QStringLiteral("m6"));
    const QJsonArray t = o[QStringLiteral("keywords")].toArray().at(0)[QStringLiteral("values")].toArray();
    const QJsonArray p = o[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray();
    RecordLookRequest r;
    r.series = QStringLiteral("hmi.v_sht_modes");
    r.segment = QStringLiteral("m6");
    for (qsizetype i = 0; i < t.size() && r.recordSpec.isEmpty(); ++i)
        if (p.at(i).toString().startsWith(QLatin1String("/SUM")))
            r.recordSpec = QStringLiteral("hmi.v_sht_modes[%1]").arg(t.at(i).toString());
    QVERIFY2(!r.recordSpec.isEmpty(), "no online hmi.v_sht_modes record in the range");
    auto look = newLook();
    LookLog log(*look);
    const int gets = m_sim.requestCount(QStringLiteral("/SUM"));
    look->show(r);
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.failures, QList<RecordLookFailure>{RecordLookFailure::ExportNeeded});
    QVERIFY2(log.words.first().contains(QLatin1String("not as a FITS image")), qPrintable(log.words.first()));
    QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), gets);
}

void TestRecordLook::severalRecordsAreRefusedUnlessTheFirstIsWanted()
{
    auto look = newLook();
    LookLog log(*look);
    RecordLookRequest r = requestFor(m_online.first());
    r.recordSpec = QStringLiteral("%1[%2/1d]{data}").arg(kSeries, m_online.first()); // the braces are taken as the segment
    r.segment.clear();
    look->show(r);
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.failures, QList<RecordLookFailure>{RecordLookFailure::MoreThanOneRecord});
    QVERIFY2(log.words.first().contains(QLatin1String("more than one record")), qPrintable(log.words.first()));
    r.takeFirst = true;
    look->show(r);
    QVERIFY(waitEnds(log, 2));
    QCOMPARE(log.shown.size(), 1);
    const fits::FitsLoadResult loaded = fits::FitsLoader::load(log.shown.first().filePath);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.image.card(QStringLiteral("T_REC")), m_online.first()); // the set's first record
}

// A new show() drops the record on the wire: only the newest wish is answered.
void TestRecordLook::showSupersedesTheFetchInFlight()
{
    auto look = newLook();
    LookLog log(*look);
    const RecordLookRequest a = requestFor(m_online.at(1)), b = requestFor(m_online.at(2));
    look->show(a);
    look->show(b);
    QVERIFY(waitEnds(log, 1));
    QVERIFY(QTest::qWaitFor([&] { return !look->isBusy(); }, kWaitMs));
    QCOMPARE(log.events, QStringList{QStringLiteral("shown %1 fromCache=0").arg(b.recordSpec)});
    QCOMPARE(log.shown.first().request, b);
    // A record from the cache is answered from the event loop, and a newer show() still wins.
    look->show(b);
    look->show(a);
    QVERIFY(waitEnds(log, 2));
    QVERIFY(QTest::qWaitFor([&] { return !look->isBusy(); }, kWaitMs));
    QCOMPARE(log.events.mid(1), QStringList{QStringLiteral("shown %1 fromCache=0").arg(a.recordSpec)});
}

void TestRecordLook::prefetchFillsTheCacheWithoutASecondTransfer()
{
    auto look = newLook();
    LookLog log(*look);
    const RecordLookRequest a = requestFor(m_online.at(3)), b = requestFor(m_online.at(4));
    look->show(a);
    look->prefetch({b});
    QTRY_COMPARE_WITH_TIMEOUT(log.events.size(), 2, kWaitMs);
    QCOMPARE(log.events, (QStringList{QStringLiteral("shown %1 fromCache=0").arg(a.recordSpec),
                                      QStringLiteral("prefetched %1").arg(b.recordSpec)}));
    const int gets = m_sim.requestCount(QStringLiteral("/SUM"));
    const int lists = m_sim.requestCount(QStringLiteral("rs_list"));
    look->show(b);
    QVERIFY(waitEnds(log, 2));
    QVERIFY(log.shown.last().fromCache);
    QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), gets);
    QCOMPARE(m_sim.requestCount(QStringLiteral("rs_list")), lists);
}

// The user moved on: prefetches queued for the old row are dropped, and so is the old row itself.
void TestRecordLook::showDropsQueuedPrefetches()
{
    auto look = newLook();
    LookLog log(*look);
    const int lists = m_sim.requestCount(QStringLiteral("rs_list"));
    look->show(requestFor(m_online.at(1)));
    look->prefetch({requestFor(m_online.at(2)), requestFor(m_online.at(3))});
    const RecordLookRequest d = requestFor(m_online.at(4));
    look->show(d);
    QVERIFY(waitEnds(log, 1));
    QVERIFY(QTest::qWaitFor([&] { return !look->isBusy(); }, kWaitMs));
    QCOMPARE(log.events, QStringList{QStringLiteral("shown %1 fromCache=0").arg(d.recordSpec)});
    QCOMPARE(cacheFiles().size(), 1);
    // At most the first row's rs_list reached the server before it was dropped; no prefetch did.
    QVERIFY(m_sim.requestCount(QStringLiteral("rs_list")) - lists <= 2);
}

void TestRecordLook::cancelLeavesNoFile()
{
    auto look = newLook();
    LookLog log(*look);
    // The file is held back by the server, so the cancel lands while it is on the wire.
    m_sim.addFault(sim::Fault{sim::Fault::Kind::Latency, 3000, QStringLiteral("/SUM"), 1});
    const int gets = m_sim.requestCount(QStringLiteral("/SUM"));
    look->show(requestFor(m_online.at(5)));
    QTRY_VERIFY_WITH_TIMEOUT(m_sim.requestCount(QStringLiteral("/SUM")) > gets, kWaitMs);
    look->cancelAll();
    QCOMPARE(log.failures, QList<RecordLookFailure>{RecordLookFailure::Cancelled});
    QVERIFY(!look->isBusy());
    QTest::qWait(0); // let the aborted reply's deletion run
    QCOMPARE(cacheFiles(), QStringList{});
    m_sim.clearFaults();
}

void TestRecordLook::cacheStaysUnderItsLimit()
{
    auto look = newLook();
    LookLog log(*look);
    look->show(requestFor(m_online.at(0)));
    QVERIFY(waitEnds(log, 1));
    const qint64 one = QFileInfo(log.shown.first().filePath).size();
    QVERIFY(one > 500000); // a 1024² Rice magnetogram
    look->setCacheLimit(qint64(one * 2.5));
    for (int i = 1; i <= 3; ++i) {
        look->show(requestFor(m_online.at(i)));
        QVERIFY(waitEnds(log, 1 + i));
        QVERIFY2(look->cacheBytes() <= look->cacheLimit(), qPrintable(QString::number(look->cacheBytes())));
    }
    QCOMPARE(log.shown.size(), 4);
    QVERIFY(QFileInfo::exists(log.shown.last().filePath)); // the one on screen
    QVERIFY(!QFileInfo::exists(log.shown.first().filePath)); // the oldest went first
    // A limit below the file on screen keeps that one file.
    look->setCacheLimit(1);
    QCOMPARE(cacheFiles(), QStringList{QFileInfo(log.shown.last().filePath).fileName()});
}

void TestRecordLook::lyingServerGivesWords_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("where");
    QTest::addColumn<int>("failure");
    QTest::addColumn<QString>("words");
    QTest::newRow("file cut short") << int(sim::Fault::Kind::DropAfterBytes) << 100000 << QStringLiteral("/SUM")
                                    << int(RecordLookFailure::Network) << QStringLiteral("closed the connection");
    QTest::newRow("file 500") << int(sim::Fault::Kind::Http500) << 0 << QStringLiteral("/SUM")
                              << int(RecordLookFailure::Server) << QStringLiteral("HTTP 500");
    QTest::newRow("rs_list not JSON") << int(sim::Fault::Kind::MalformedJson) << 0 << QStringLiteral("rs_list")
                                      << int(RecordLookFailure::Server) << QString();
}

void TestRecordLook::lyingServerGivesWords()
{
    QFETCH(int, kind);
    QFETCH(int, value);
    QFETCH(QString, where);
    QFETCH(int, failure);
    QFETCH(QString, words);
    auto look = newLook();
    LookLog log(*look);
    sim::Fault f{sim::Fault::Kind(kind), value, where, -1};
    m_sim.addFault(f);
    jsoc::RetryPolicy noRetry;
    noRetry.maxRetries = 0;
    const jsoc::RetryPolicy before = m_client->retryPolicy();
    m_client->setRetryPolicy(noRetry);
    look->show(requestFor(m_online.at(0)));
    const bool ended = waitEnds(log, 1);
    m_sim.clearFaults();
    m_client->setRetryPolicy(before);
    QVERIFY(ended);
    QCOMPARE(log.shown.size(), 0);
    QCOMPARE(int(log.failures.first()), failure);
    QVERIFY2(!log.words.first().isEmpty() && log.words.first().contains(words), qPrintable(log.words.first()));
    QVERIFY(QTest::qWaitFor([&] { return !look->isBusy(); }, kWaitMs));
    QCOMPARE(cacheFiles(), QStringList{}); // no half file, under any name
}

void TestRecordLook::scriptedServerThatLies_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("file"); // whole HTTP answer for the file
    QTest::addColumn<int>("failure");
    QTest::addColumn<QString>("words");
    const QByteArray html = "<html><body>Maintenance</body></html>\n";
    QTest::newRow("an HTML page for the file") << QByteArray("/SUM1/D1/S00000/data.fits")
        << "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + QByteArray::number(html.size()) + "\r\n\r\n" + html
        << int(RecordLookFailure::Server) << QStringLiteral("is not usable");
    QTest::newRow("fewer bytes than announced") << QByteArray("/SUM1/D1/S00000/data.fits")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5760\r\n\r\nSIMPLE  =")
        << int(RecordLookFailure::Network) << QStringLiteral("closed the connection");
    QTest::newRow("a path out of storage") << QByteArray("/SUM1/../../etc/passwd.fits") << QByteArray()
        << int(RecordLookFailure::Server) << QStringLiteral("not a path in its storage");
    QTest::newRow("BadSegLink") << QByteArray("BadSegLink") << QByteArray()
        << int(RecordLookFailure::ExportNeeded) << QStringLiteral("Export needed");
}

// Answers the simulator never gives, from a server scripted byte for byte.
void TestRecordLook::scriptedServerThatLies()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, file);
    QFETCH(int, failure);
    QFETCH(QString, words);
    testsupport::ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const testsupport::ScriptedHttpServer::Request &rq, testsupport::ScriptedHttpServer::Reply &reply) {
        if (rq.target.startsWith("/cgi-bin/ajax/jsoc_info")) {
            const QByteArray body = R"({"keywords":[{"name":"T_REC","values":["2010.10.15_19:12:00_TAI"]}],"segments":[{"name":"data","values":[")"
                                    + QByteArray(path).replace("/", "\\/") + R"("],"dims":["1024x1024"]}],"links":[],"count":1,"runtime":0.01,"status":0})";
            reply.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        } else {
            reply.send(file);
        }
        reply.close();
    });
    jsoc::JsocClient client(server.url());
    jsoc::RetryPolicy noRetry;
    noRetry.maxRetries = 0;
    client.setRetryPolicy(noRetry);
    QTemporaryDir cache;
    RecordLook look(&client, cache.path(), qint64(1) << 30);
    LookLog log(look);
    look.show(requestFor(QStringLiteral("2010.10.15_19:12:00_TAI")));
    QVERIFY(waitEnds(log, 1));
    QCOMPARE(log.shown.size(), 0);
    QCOMPARE(int(log.failures.first()), failure);
    QVERIFY2(log.words.first().contains(words), qPrintable(log.words.first()));
    QVERIFY(QTest::qWaitFor([&] { return !look.isBusy(); }, kWaitMs));
    QCOMPARE(QDir(cache.path()).entryList(QDir::Files), QStringList{});
}

void TestRecordLook::recordHeaderCards()
{
    using fits::RecordHeader;
    QCOMPARE(RecordHeader::fitsName(QStringLiteral("DATE__OBS")), QByteArray("DATE-OBS"));
    QCOMPARE(RecordHeader::fitsName(QStringLiteral("crpix1")), QByteArray("CRPIX1"));
    QVERIFY(RecordHeader::fitsName(QStringLiteral("HISTORY_LONG")).isEmpty());
    QCOMPARE(RecordHeader::cards(QStringLiteral("QUALITY"), QStringLiteral("0x80000000")),
             QByteArray("QUALITY =          -2147483648").leftJustified(80, ' '));
    QCOMPARE(RecordHeader::cards(QStringLiteral("CAMERA"), QStringLiteral("2")), QByteArray("CAMERA  =                    2").leftJustified(80, ' '));
    QCOMPARE(RecordHeader::cards(QStringLiteral("CDELT1"), QStringLiteral("1.985632")), QByteArray("CDELT1  =             1.985632").leftJustified(80, ' '));
    QCOMPARE(RecordHeader::cards(QStringLiteral("DSUN_OBS"), QStringLiteral("1.49e11")), QByteArray("DSUN_OBS=              1.49E11").leftJustified(80, ' '));
    QCOMPARE(RecordHeader::cards(QStringLiteral("T_OBS"), QStringLiteral("2010.10.15_19:12:00_TAI")),
             QByteArray("T_OBS   = '2010.10.15_19:12:00_TAI'").leftJustified(80, ' '));
    QCOMPARE(RecordHeader::cards(QStringLiteral("ORIGIN"), QStringLiteral("it's")), QByteArray("ORIGIN  = 'it''s   '").leftJustified(80, ' '));
    QVERIFY(RecordHeader::cards(QStringLiteral("DATAMEAN"), QStringLiteral("MISSING")).isEmpty());
    QVERIFY(RecordHeader::cards(QStringLiteral("DATAMEAN"), QStringLiteral("nan")).isEmpty());
    const QString longText = QString(150, QLatin1Char('x'));
    const QByteArray c = RecordHeader::cards(QStringLiteral("CODEVER"), longText);
    QCOMPARE(c.size(), 240);
    QVERIFY(c.mid(80).startsWith("CONTINUE  '"));
    QVERIFY(RecordHeader::isStructural("BZERO") && RecordHeader::isStructural("ZNAXIS2") && RecordHeader::isStructural("NAXIS1"));
    QVERIFY(!RecordHeader::isStructural("CRPIX1"));
}

// The file's own cards win; a structural keyword in the row is never copied; the data stay.
void TestRecordLook::recordHeaderKeepsTheFilesOwnCards()
{
    const QJsonObject o = rsList(QStringLiteral("%1[%2]").arg(kSeries, m_online.first()), QStringLiteral("T_REC"), QStringLiteral("data"));
    const QByteArray bytes = get(o[QStringLiteral("segments")].toArray().at(0)[QStringLiteral("values")].toArray().at(0).toString());
    QTemporaryDir dir;
    const QString bare = dir.filePath(QStringLiteral("bare.fits")), built = dir.filePath(QStringLiteral("built.fits"));
    QFile f(bare);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    f.close();
    const QList<fits::RecordKeyword> row{{"BZERO", "5"}, {"NAXIS1", "7"}, {"CRPIX1", "512.5"}, {"TELESCOP", "SOHO"}, {"DATAMIN", "MISSING"}};
    const fits::RecordHeaderBuild b = fits::RecordHeader::build(bare, built, row);
    QVERIFY2(b.ok(), qPrintable(b.problem));
    QCOMPARE(b.outcome, fits::RecordHeaderBuild::Outcome::Built);
    QCOMPARE(b.added, (QStringList{"CRPIX1", "TELESCOP"}));
    // The added cards follow the file's own (no blank fill before them), after the COMMENT.
    const QStringList keys = keywordsIn(built, 1);
    const qsizetype comment = keys.indexOf(QStringLiteral("COMMENT"));
    QVERIFY(comment > 0 && !keys.mid(0, comment).contains(QString()));
    QCOMPARE(keys.mid(keys.lastIndexOf(QStringLiteral("COMMENT")) + 1), (QStringList{"CRPIX1", "TELESCOP"}));
    QVERIFY(!keys.contains(QStringLiteral("CHECKSUM")) && keys.contains(QStringLiteral("DATASUM")));
    QVERIFY(fits::FitsFileCheck::verify(built).isSound());
    const fits::FitsLoadResult a = fits::FitsLoader::load(bare), c = fits::FitsLoader::load(built);
    QVERIFY(a.ok() && c.ok());
    QCOMPARE(c.image.width, a.image.width);
    QCOMPARE(c.image.cardNumber(QStringLiteral("BZERO")), a.image.cardNumber(QStringLiteral("BZERO")));
    QCOMPARE(c.image.cardNumber(QStringLiteral("CRPIX1")), 512.5);
    QVERIFY(std::equal(a.image.pixels.begin(), a.image.pixels.end(), c.image.pixels.begin(), c.image.pixels.end(),
                       [](float x, float y) { return (std::isnan(x) && std::isnan(y)) || x == y; }));
    // Built again from the built file: nothing to add, a plain copy.
    const fits::RecordHeaderBuild again = fits::RecordHeader::build(built, dir.filePath(QStringLiteral("again.fits")), row);
    QCOMPARE(again.outcome, fits::RecordHeaderBuild::Outcome::NothingToAdd);
    // Not FITS: words, and nothing written.
    QFile junk(dir.filePath(QStringLiteral("junk.fits")));
    QVERIFY(junk.open(QIODevice::WriteOnly) && junk.write("hello") == 5);
    junk.close();
    const fits::RecordHeaderBuild bad = fits::RecordHeader::build(junk.fileName(), dir.filePath(QStringLiteral("out.fits")), row);
    QCOMPARE(bad.outcome, fits::RecordHeaderBuild::Outcome::NotReadable);
    QVERIFY(!bad.problem.isEmpty());
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out.fits"))));
}

// A FITS file with no image (only an empty primary HDU): nothing is written, and words say why.
void TestRecordLook::recordHeaderFindsNoImage()
{
    QByteArray header;
    for (const char *c : {"SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0", "END"})
        header += QByteArray(c).leftJustified(80, ' ');
    header = header.leftJustified(2880, ' ');
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("empty.fits")));
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(header) == header.size());
    f.close();
    const fits::RecordHeaderBuild b = fits::RecordHeader::build(f.fileName(), dir.filePath(QStringLiteral("out.fits")), {{"CRPIX1", "1"}});
    QCOMPARE(b.outcome, fits::RecordHeaderBuild::Outcome::NoImage);
    QVERIFY2(b.problem.contains(QLatin1String("no image")), qPrintable(b.problem));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out.fits"))));
}

QTEST_GUILESS_MAIN(TestRecordLook)
#include "tst_recordlook.moc"
