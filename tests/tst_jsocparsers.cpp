// Parsers for every real JSOC body in shared/jsoc-samples plus hand-made quirk bodies (§9).
#include "model/exports/ExportTypes.h"
#include "network/replies/JsocParsers.h"
#include "network/replies/JsonReader.h"

#include <QFile>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtTest>

using namespace jsoc;
using Kind = JsocError::Kind;

namespace {
QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", name);
    return f.readAll();
}

SeriesStructure structureOf(const char *name)
{
    SeriesStructure s;
    const JsocError e = parse::seriesStructure(sample(name), s);
    if (e.isError())
        qWarning() << e.message;
    return s;
}

RecordTable tableOf(const QByteArray &body, JsocError *error = nullptr)
{
    RecordTable t;
    const JsocError e = parse::recordList(body, t);
    if (error)
        *error = e;
    return t;
}

// Both rs_list parsers must agree column by column.
bool sameTables(const RecordTable &a, const RecordTable &b)
{
    if (a.count != b.count || a.keywords.size() != b.keywords.size() || a.segments.size() != b.segments.size()
        || a.links.size() != b.links.size() || a.hasRecInfo != b.hasRecInfo || !(a.recInfoNames == b.recInfoNames)
        || a.recInfoOnline != b.recInfoOnline)
        return false;
    for (size_t i = 0; i < a.keywords.size(); ++i)
        if (a.keywords[i].name != b.keywords[i].name || !(a.keywords[i].values == b.keywords[i].values))
            return false;
    for (size_t i = 0; i < a.segments.size(); ++i) {
        const SegmentColumn &x = a.segments[i];
        const SegmentColumn &y = b.segments[i];
        if (x.name != y.name || !(x.values == y.values) || !(x.dims == y.dims) || !(x.cparms == y.cparms)
            || !(x.bzeros == y.bzeros) || !(x.bscales == y.bscales))
            return false;
    }
    for (size_t i = 0; i < a.links.size(); ++i)
        if (a.links[i].name != b.links[i].name || !(a.links[i].values == b.links[i].values))
            return false;
    return true;
}
} // namespace

class TestJsocParsers final : public QObject
{
    Q_OBJECT

private slots:
    // --- series_struct -----------------------------------------------------------------
    void seriesStructHmiM45s()
    {
        const SeriesStructure s = structureOf("seriesstruct_hmi.m_45s.json");
        QCOMPARE(s.note, QStringLiteral("magnetograms with a cadence of 45 seconds."));
        QCOMPARE(s.retention, 10000);
        QCOMPARE(s.stagingRetention, 3);
        QCOMPARE(s.unitSize, 32);
        QCOMPARE(s.archive, true);
        QCOMPARE(s.tapeGroup, 6);
        QCOMPARE(s.primeKeys, QStringList({"T_REC", "CAMERA"}));
        QCOMPARE(s.dbIndex, QStringList({"T_REC", "CAMERA"}));
        QCOMPARE(s.keywords.size(), 90);
        QCOMPARE(s.keywords.first().name, QStringLiteral("cparms_sg000"));
        QCOMPARE(s.keywords.last().name, QStringLiteral("T_REC_index"));
        const KeywordInfo *telescop = s.keyword(QStringLiteral("TELESCOP"));
        QVERIFY(telescop);
        QCOMPARE(telescop->defval, QStringLiteral("SDO/HMI")); // `\/` unescaped
        QCOMPARE(telescop->recscope, QStringLiteral("constant"));
        QCOMPARE(s.keyword(QStringLiteral("CAMERA"))->defval, QStringLiteral("-2147483648"));
        QVERIFY(s.keyword(QStringLiteral("CAMERA"))->isInteger());

        QCOMPARE(s.primeKeysInfo.size(), 2);
        const PrimeKeyInfo &trec = s.primeKeysInfo[0];
        QCOMPARE(trec.name, QStringLiteral("T_REC"));
        QVERIFY(trec.slotted);
        QCOMPARE(trec.step, QStringLiteral("45.0"));
        QCOMPARE(trec.type, QStringLiteral("time"));
        QCOMPARE(trec.recscope, QStringLiteral("ts_eq"));
        QCOMPARE(trec.units, QStringLiteral("TAI"));
        QCOMPARE(trec.epoch, QStringLiteral("1993.01.01_00:00:00_TAI"));
        QCOMPARE(trec.stepValue, QStringLiteral("45.0"));
        QCOMPARE(trec.stepUnits, QStringLiteral("seconds"));
        QCOMPARE(trec.stepSeconds().value_or(-1), 45.0);
        const PrimeKeyInfo &camera = s.primeKeysInfo[1];
        QVERIFY(!camera.slotted);
        QCOMPARE(camera.type, QStringLiteral("int"));
        QVERIFY(camera.epoch.isEmpty());
        QVERIFY(!camera.stepSeconds().has_value());

        QCOMPARE(s.segments.size(), 1);
        QCOMPARE(s.segments[0].name, QStringLiteral("magnetogram"));
        QCOMPARE(s.segments[0].units, QStringLiteral("Gauss"));
        QCOMPARE(s.segments[0].protocol, QStringLiteral("fits"));
        QCOMPARE(s.segments[0].dims, QStringLiteral("4096x4096"));
        QVERIFY(s.links.isEmpty());
        QCOMPARE(s.interval.firstRecord, QStringLiteral("hmi.M_45s[2010.03.29_08:00:00_TAI][2]"));
        QCOMPARE(s.interval.firstRecnum.value_or(-1), 3760477);
        QCOMPARE(s.interval.lastRecord, QStringLiteral("hmi.M_45s[2020.04.05_23:53:15_TAI][2]"));
        QCOMPARE(s.interval.lastRecnum.value_or(-1), 9224191);
        QCOMPARE(s.interval.maxRecnum, 9225387);
        QVERIFY(!s.interval.isEmpty());
        QCOMPARE(defaultFilenameFormat(QStringLiteral("hmi.M_45s"), s),
                 QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"));
    }

    void seriesStructAia()
    {
        const SeriesStructure s = structureOf("seriesstruct_aia.lev1_euv_12s.json");
        QCOMPARE(s.note, QStringLiteral("AIA Level 1, 12 second cadence"));
        QCOMPARE(s.archive, false);
        QCOMPARE(s.unitSize, 1);
        QCOMPARE(s.keywords.size(), 177);
        QCOMPARE(s.keyword(QStringLiteral("T_OBS"))->linkinfo, QStringLiteral("lev1->T_OBS"));
        QCOMPARE(s.keyword(QStringLiteral("EXPTIME"))->defval, QStringLiteral("nan"));
        QCOMPARE(s.keyword(QStringLiteral("QUALITY"))->defval, QStringLiteral("0x80000000"));
        QCOMPARE(s.keyword(QStringLiteral("T_REC"))->units, QStringLiteral("ISO"));
        const PrimeKeyInfo *trec = s.primeKey(QStringLiteral("T_REC"));
        QVERIFY(trec);
        QCOMPARE(trec->step, QStringLiteral("12.000000"));
        QCOMPARE(trec->epoch, QStringLiteral("1993.01.01_00:00:04_TAI"));
        QCOMPARE(trec->stepUnits, QStringLiteral("second"));
        QCOMPARE(trec->stepSeconds().value_or(-1), 12.0);
        QCOMPARE(trec->units, QStringLiteral("ISO"));
        // Linked segments: units/dims are JSON null → empty.
        QCOMPARE(s.segments.size(), 2);
        QCOMPARE(s.segments[0].name, QStringLiteral("image"));
        QVERIFY(s.segments[0].units.isEmpty());
        QVERIFY(s.segments[0].dims.isEmpty());
        QCOMPARE(s.segments[0].protocol, QStringLiteral("link via lev1"));
        QCOMPARE(s.segments[1].name, QStringLiteral("spikes"));
        QCOMPARE(s.links.size(), 1);
        QCOMPARE(s.links[0].name, QStringLiteral("lev1"));
        QCOMPARE(s.links[0].target, QStringLiteral("aia.lev1"));
        QCOMPARE(s.links[0].kind, QStringLiteral("DYNAMIC"));
        QCOMPARE(s.interval.firstRecord, QStringLiteral("aia.lev1_euv_12s[2010-05-13T00:00:02Z][94]"));
        QCOMPARE(s.interval.lastRecnum.value_or(-1), 208861454);
        QCOMPARE(defaultFilenameFormat(QStringLiteral("aia.lev1_euv_12s"), s),
                 QStringLiteral("aia.lev1_euv_12s.{T_REC:A}.{WAVELNTH}.{segment}"));
    }

    void seriesStructSharp()
    {
        const SeriesStructure s = structureOf("seriesstruct_hmi.sharp_720s.json");
        QCOMPARE(s.primeKeys, QStringList({"HARPNUM", "T_REC"}));
        QCOMPARE(s.keywords.size(), 339);
        QCOMPARE(s.segments.size(), 31);
        QCOMPARE(s.segments[1].name, QStringLiteral("bitmap"));
        QCOMPARE(s.segments[1].type, QStringLiteral("char"));
        QCOMPARE(s.segments[1].dims, QStringLiteral("VARxVAR"));
        QCOMPARE(s.links.size(), 2);
        QCOMPARE(s.links[1].name, QStringLiteral("MHARP"));
        QCOMPARE(s.links[1].target, QStringLiteral("hmi.Mharp_720s"));
        QVERIFY(!s.primeKeysInfo[0].slotted);
        QCOMPARE(s.primeKeysInfo[1].stepSeconds().value_or(-1), 720.0);
        QCOMPARE(s.interval.lastRecord, QStringLiteral("hmi.sharp_720s[7408][2020.02.07_23:36:00_TAI]"));
        QCOMPARE(defaultFilenameFormat(QStringLiteral("hmi.sharp_720s"), s),
                 QStringLiteral("hmi.sharp_720s.{HARPNUM}.{T_REC:A}.{segment}"));

        const SeriesStructure cea = structureOf("seriesstruct_hmi.sharp_cea_720s.json");
        QCOMPARE(cea.keywords.size(), 211);
        QCOMPARE(cea.segments.size(), 11);
        QCOMPARE(cea.segments[4].name, QStringLiteral("Bp"));
        QCOMPARE(cea.keyword(QStringLiteral("cparms_sg001"))->defval, QString());
        QCOMPARE(cea.interval.firstRecnum.value_or(-1), 6300254);

        const SeriesStructure v = structureOf("seriesstruct_hmi.v_45s.json");
        QCOMPARE(v.note, QStringLiteral("Dopplergrams with a cadence of 45 seconds"));
        QCOMPARE(v.keywords.size(), 91);
        QCOMPARE(v.segments[0].name, QStringLiteral("Dopplergram"));
        QCOMPARE(v.interval.firstRecord, QStringLiteral("hmi.V_45s[2010.03.29_08:00:00_TAI][2]"));
    }

    void seriesStructQuirks()
    {
        // No prime keys / dbindex ([null]), empty series ("NA" Interval), latin-1 byte in a note.
        const QByteArray body = "{\n\t\"note\": \"Caf\xe9 series\",\n\t\"retention\": \"5\",\n\t\"primekeys\": [null],\n"
                                "\t\"primekeysinfo\": [null],\n\t\"dbindex\": [null],\n\t\"keywords\": [],\n"
                                "\t\"segments\": [],\n\t\"links\": [],\n\t\"Interval\": {\n\t\t\"FirstRecord\": \"NA\",\n"
                                "\t\t\"FirstRecnum\": \"NA\",\n\t\t\"LastRecord\": \"NA\",\n\t\t\"LastRecnum\": \"NA\",\n"
                                "\t\t\"MaxRecnum\": 0\n\t},\n\t\"runtime\": 0.010,\n\t\"status\": 0\n}\n";
        SeriesStructure s;
        QVERIFY(!parse::seriesStructure(body, s).isError());
        QCOMPARE(s.note, QStringLiteral("Caf\u00e9 series"));
        QCOMPARE(s.retention, 5); // number as string
        QVERIFY(s.primeKeys.isEmpty());
        QVERIFY(s.primeKeysInfo.isEmpty());
        QVERIFY(s.dbIndex.isEmpty());
        QVERIFY(s.interval.isEmpty());
        QVERIFY(s.interval.firstRecord.isEmpty());
        QCOMPARE(s.interval.maxRecnum, 0);
        QCOMPARE(defaultFilenameFormat(QStringLiteral("su_me.Test"), s), QStringLiteral("su_me.test.{recnum:%lld}.{segment}"));

        // Not a series structure at all: an error in words, never an empty series.
        for (const char *notAStructure : {"{\"status\":0,\"keywords\":\"x\"}", "{\"status\":0,\"keywords\":[]}",
                                          "{\"status\":0,\"keywords\":[],\"segments\":{},\"links\":[],\"Interval\":{}}",
                                          "{\"status\":0,\"keywords\":[],\"segments\":[],\"links\":[],\"Interval\":[]}"}) {
            SeriesStructure none;
            const JsocError e = parse::seriesStructure(notAStructure, none);
            QVERIFY2(e.kind == Kind::BadResponse, notAStructure);
            QVERIFY2(e.message.contains(QStringLiteral("series_struct")), qPrintable(e.message));
        }

        SeriesStructure bad;
        const JsocError e = parse::seriesStructure("{\"status\":1,\"error\":\"series not found\"}\n", bad);
        QCOMPARE(e.kind, Kind::Jsoc);
        QCOMPARE(e.jsocStatus, 1);
        QCOMPARE(e.message, QStringLiteral("JSOC: series not found"));
    }

    // --- rs_list -------------------------------------------------------------------------
    void rsListSamples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<int>("keywords");
        QTest::addColumn<QString>("firstKey");
        QTest::addColumn<QString>("firstValue");
        QTest::addColumn<QString>("lastValue");
        QTest::newRow("hmi 1rec") << "rslist_hmi.M_45s_1rec.json" << qint64(1) << 5 << "T_REC"
                                  << "2012.01.01_01:01:30_TAI" << "2012.01.01_01:01:30_TAI";
        QTest::newRow("hmi 2rec") << "rslist_hmi.M_45s_2rec.json" << qint64(2) << 5 << "T_REC"
                                  << "2012.01.01_00:00:45_TAI" << "2012.01.01_00:01:30_TAI";
        QTest::newRow("hmi @90s") << "rslist_hmi.M_45s_sample90s.json" << qint64(2) << 5 << "T_REC"
                                  << "2012.01.01_00:00:45_TAI" << "2012.01.01_00:02:15_TAI";
        QTest::newRow("aia 193") << "rslist_aia.lev1_euv_12s_193.json" << qint64(151) << 5 << "T_REC"
                                 << "2010-07-30T13:30:02Z" << "2010-07-30T14:00:02Z";
        QTest::newRow("aia 335") << "rslist_aia.lev1_euv_12s_335.json" << qint64(151) << 5 << "T_REC"
                                 << "2010-07-30T13:30:02Z" << "2010-07-30T14:00:02Z";
        QTest::newRow("aia all R1") << "rslist_aia.lev1_euv_12s_304_allkeys_R1.json" << qint64(11) << 176 << "T_REC"
                                    << "2014-01-01T00:00:01Z" << "2014-01-01T00:02:01Z";
        QTest::newRow("sharp cea") << "rslist_hmi.sharp_cea_720s_3604.json" << qint64(1223) << 5 << "T_REC"
                                   << "2014.01.08_03:12:00_TAI" << "2014.01.18_13:24:00_TAI";
        QTest::newRow("mharp nrt") << "rslist_hmi.mharp_720s_nrt_latest.json" << qint64(1) << 3 << "HARPNUM"
                                   << "6314" << "6314";
    }

    void rsListSamples()
    {
        QFETCH(QString, file);
        QFETCH(qint64, count);
        QFETCH(int, keywords);
        QFETCH(QString, firstKey);
        QFETCH(QString, firstValue);
        QFETCH(QString, lastValue);
        const QByteArray body = sample(file.toLatin1().constData());
        JsocError e;
        const RecordTable t = tableOf(body, &e);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(t.count, count);
        QCOMPARE(t.rowCount(), qsizetype(count));
        QCOMPARE(int(t.keywords.size()), keywords);
        QCOMPARE(t.keywords[0].name, firstKey);
        QCOMPARE(t.keywords[0].values.value(0), firstValue);
        QCOMPARE(t.keywords[0].values.value(t.rowCount() - 1), lastValue);
        QVERIFY(t.segments.empty());
        QVERIFY(t.links.empty());
        RecordTable viaQt;
        QVERIFY(!parse::recordListViaQJson(body, viaQt).isError());
        QVERIFY(sameTables(t, viaQt));
    }

    void rsListSampleDetails()
    {
        const RecordTable hmi = tableOf(sample("rslist_hmi.M_45s_2rec.json"));
        QCOMPARE(hmi.keywordValue(QStringLiteral("TELESCOP"), 0), QStringLiteral("SDO/HMI"));
        QCOMPARE(hmi.keywordValue(QStringLiteral("INSTRUME"), 1), QStringLiteral("HMI_FRONT2"));
        QCOMPARE(hmi.keywordValue(QStringLiteral("WAVELNTH"), 0), QStringLiteral("6173.0"));
        QCOMPARE(hmi.keywordValue(QStringLiteral("CAR_ROT"), 1), QStringLiteral("2118"));
        QCOMPARE(hmi.keywords[1].values.raw(0), QByteArrayView("SDO/HMI"));
        QVERIFY(hmi.keywordValue(QStringLiteral("NOPE"), 0).isEmpty());

        const RecordTable aia = tableOf(sample("rslist_aia.lev1_euv_12s_335.json"));
        QCOMPARE(aia.keywordValue(QStringLiteral("INSTRUME"), 0), QStringLiteral("AIA_1"));
        QCOMPARE(aia.keywordValue(QStringLiteral("TELESCOP"), 150), QStringLiteral("SDO/AIA"));

        const RecordTable all = tableOf(sample("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
        QVERIFY(all.hasRecInfo);
        QCOMPARE(all.recInfoNames.size(), 11);
        QCOMPARE(all.recInfoNames.value(0), QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:01Z][304]"));
        QCOMPARE(all.recInfoNames.value(10), QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:02:01Z][304]"));
        QCOMPARE(int(all.recInfoOnline.size()), 11);
        QCOMPARE(int(all.recInfoOnline[0]), 0);
        QCOMPARE(all.keywordValue(QStringLiteral("T_OBS"), 0), QStringLiteral("2014-01-01T00:00:08.57Z"));
        QCOMPARE(all.keywordValue(QStringLiteral("EXPTIME"), 0), QStringLiteral("2.902051"));
        QCOMPARE(all.keywordValue(QStringLiteral("QUALITY"), 0), QStringLiteral("0x00000000"));
        const int osc = all.keywordIndex(QStringLiteral("OSCNMEAN"));
        QVERIFY(osc >= 0);
        QVERIFY(all.keywords[size_t(osc)].values.isMissing(0));
        QVERIFY(!all.keywords[0].values.isMissing(0));

        const RecordTable mharp = tableOf(sample("rslist_hmi.mharp_720s_nrt_latest.json"));
        QCOMPARE(mharp.keywordValue(QStringLiteral("NOAA_ARS"), 0), QStringLiteral("12818,12820,12821"));
        QCOMPARE(mharp.keywordValue(QStringLiteral("T_REC"), 0), QStringLiteral("2021.05.01_05:24:00_TAI"));
    }

    void rsListZeroRecords()
    {
        JsocError e;
        const RecordTable t = tableOf("{\"count\":0,\"runtime\":0.012,\"status\":0}\n", &e);
        QVERIFY(!e.isError());
        QCOMPARE(t.count, 0);
        QCOMPARE(t.rowCount(), 0);
        QVERIFY(t.keywords.empty());
        QVERIFY(!t.hasRecInfo);
    }

    void rsListSegmentsLinksAndQuirks()
    {
        // Short cparms/bzeros/bscales (quirk 7), InvalidSegName, Invalid KeyLink, Invalid_Link,
        // *recnum* numbers, a latin-1 byte, \u escapes, status as a string.
        const QByteArray body =
            "{\"keywords\":[{\"name\":\"*recnum*\",\"values\":[3760477,9224191,12]},"
            "{\"name\":\"OBSERVER\",\"values\":[\"Jos\xe9\",\"caf\\u00e9 \\\"q\\\" \\\\ \\/\",\"\\ud83d\\ude00\"]},"
            "{\"name\":\"BOGUS\",\"values\":[\"Invalid KeyLink\",\"Invalid KeyLink\",\"Invalid KeyLink\"]}],"
            "\"segments\":[{\"name\":\"magnetogram\",\"values\":[\"\\/SUM41\\/D280342572\\/S00010\\/magnetogram.fits\","
            "\"NoDataDirectory\",\"\\/SUM1\\/D2\\/S00000\\/magnetogram.fits\"],\"dims\":[\"4096x4096\",\"4096x4096\",\"4096x4096\"],"
            "\"cparms\":[\"compress Rice\"],\"bzeros\":[\"0\"],\"bscales\":[\"0.1\",\"0.1\"]},"
            "{\"name\":\"nosuch\",\"values\":[\"InvalidSegName\",\"InvalidSegName\",\"InvalidSegName\"],\"dims\":[\"NA\",\"NA\",\"NA\"],"
            "\"cparms\":[],\"bzeros\":[],\"bscales\":[]}],"
            "\"links\":[{\"name\":\"MHARP\",\"values\":[\"hmi.Mharp_720s[377][2011.02.15_00:00:00_TAI]\",\"Invalid_Link\",\"Invalid_Link\"]}],"
            "\"count\":3,\"runtime\":0.054,\"status\":\"0\"}\n";
        JsocError e;
        const RecordTable t = tableOf(body, &e);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(t.count, 3);
        QCOMPARE(t.rowCount(), 3);
        QCOMPARE(t.keywords[0].values.value(0), QStringLiteral("3760477"));
        QCOMPARE(t.keywords[0].values.value(2), QStringLiteral("12"));
        QCOMPARE(t.keywords[1].values.value(0), QStringLiteral("Jos\u00e9"));
        QCOMPARE(t.keywords[1].values.raw(0), QByteArrayView("Jos\xc3\xa9")); // stored as UTF-8
        QCOMPARE(t.keywords[1].values.value(1), QStringLiteral("caf\u00e9 \"q\" \\ /"));
        QCOMPARE(t.keywords[1].values.value(2), QString::fromUtf8("\xf0\x9f\x98\x80"));
        QCOMPARE(t.keywords[2].values.value(1), QStringLiteral("Invalid KeyLink"));
        QCOMPARE(t.segments.size(), size_t(2));
        const SegmentColumn &mag = t.segments[0];
        QCOMPARE(mag.values.value(0), QStringLiteral("/SUM41/D280342572/S00010/magnetogram.fits"));
        QCOMPARE(mag.values.value(1), QStringLiteral("NoDataDirectory"));
        QCOMPARE(mag.dims.size(), 3);
        QCOMPARE(mag.cparms.size(), 1);
        QCOMPARE(mag.bzeros.size(), 1);
        QCOMPARE(mag.bscales.size(), 2);
        QCOMPARE(mag.cparms.value(0), QStringLiteral("compress Rice"));
        QVERIFY(mag.cparms.value(2).isEmpty()); // beyond the short array: empty, no crash
        QCOMPARE(t.segments[1].values.value(0), QStringLiteral("InvalidSegName"));
        QCOMPARE(t.segments[1].dims.value(2), QStringLiteral("NA"));
        QVERIFY(t.segments[1].cparms.isEmpty());
        QCOMPARE(t.links[0].name, QStringLiteral("MHARP"));
        QCOMPARE(t.links[0].values.value(1), QStringLiteral("Invalid_Link"));
        QCOMPARE(t.segmentIndex(QStringLiteral("nosuch")), 1);
        QCOMPARE(t.linkIndex(QStringLiteral("MHARP")), 0);

        RecordTable viaQt;
        QVERIFY(!parse::recordListViaQJson(body, viaQt).isError());
        QVERIFY(sameTables(t, viaQt));
    }

    void rsListErrors()
    {
        JsocError e;
        tableOf("{\"status\":1,\"error\":\"invalid record-set specification `hmi.M_45s[`\"}\n", &e);
        QCOMPARE(e.kind, Kind::Jsoc);
        QCOMPARE(e.message, QStringLiteral("JSOC: invalid record-set specification `hmi.M_45s[`"));

        tableOf("{\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"2012.01.01_00:00:45_TAI\",\"2012", &e);
        QCOMPARE(e.kind, Kind::BadResponse);
        QVERIFY2(e.message.contains(QLatin1String("invalid JSON")), qPrintable(e.message));

        tableOf("<html><head><title>500 Internal Server Error</title></head><body>oops</body></html>", &e);
        QCOMPARE(e.kind, Kind::BadResponse);
        QVERIFY2(e.message.contains(QLatin1String("HTML")) && e.message.contains(QLatin1String("500 Internal Server Error")),
                 qPrintable(e.message));

        tableOf("{\"count\":0,\"status\":0} trailing", &e);
        QCOMPARE(e.kind, Kind::BadResponse);

        tableOf("", &e);
        QCOMPARE(e.kind, Kind::BadResponse);

        tableOf("{\"runtime\":0.1}", &e); // neither count nor status
        QCOMPARE(e.kind, Kind::BadResponse);

        tableOf("{\"count\":\"many\",\"status\":0}", &e);
        QCOMPARE(e.kind, Kind::BadResponse);
    }

    // --- rs_summary, show_series, showextseries, checkAddress ----------------------------
    void rsSummary()
    {
        qint64 n = -1;
        QVERIFY(!parse::recordCount("{\n\t\"count\": 4,\n\t\"runtime\": 0.012,\n\t\"status\": 0\n}\n", n).isError());
        QCOMPARE(n, 4);
        QVERIFY(!parse::recordCount("{\"count\":\"17\",\"status\":\"0\"}", n).isError());
        QCOMPARE(n, 17);
        const JsocError e = parse::recordCount("{\"status\":1,\"error\":\" jsoc_info: series not found.\"}\n", n);
        QCOMPARE(e.kind, Kind::Jsoc);
        QCOMPARE(e.message, QStringLiteral("JSOC: jsoc_info: series not found."));
        QCOMPARE(parse::recordCount("{\"status\":0}", n).kind, Kind::BadResponse);
    }

    void seriesCatalogue()
    {
        SeriesList list;
        QVERIFY(!parse::seriesListExt(sample("series_catalog_aia_hmi_mdi.json"), list).isError());
        QCOMPARE(list.size(), 260);
        QCOMPARE(list.first().name, QStringLiteral("aia.flatfield"));
        QCOMPARE(list.first().description, QStringLiteral("AIA flatfield"));
        QCOMPARE(list[2].name, QStringLiteral("aia.lev1_euv_12s"));
        QCOMPARE(list[2].description, QStringLiteral("AIA Level 1, 12 second cadence"));
        QCOMPARE(list.last().name, QStringLiteral("mdi.vw_v_sht_secs_72d"));
        QVERIFY(list.first().primeKeys.isEmpty());
    }

    void showExtSeriesShapes()
    {
        SeriesList list;
        QVERIFY(!parse::seriesListExt("{\"errMsg\": \"\", \"seriesList\": [\"aia.lev1\", \"hmi.M_45s\"]}\n", list).isError());
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[1].name, QStringLiteral("hmi.M_45s"));
        QVERIFY(list[1].description.isEmpty());

        const JsocError e = parse::seriesListExt(
            "{\"errMsg\": \"Unable to parse arguments. Bad dbhost.\", \"seriesList\": []}\n", list);
        QCOMPARE(e.kind, Kind::Jsoc);
        QCOMPARE(e.message, QStringLiteral("JSOC: Unable to parse arguments. Bad dbhost."));

        // Key order is not stable; an empty list without errMsg is a valid empty answer.
        QVERIFY(!parse::seriesListExt("{\"seriesList\": [], \"errMsg\": \"\"}", list).isError());
        QVERIFY(list.isEmpty());
        QCOMPARE(parse::seriesListExt("{\"foo\": 1}", list).kind, Kind::BadResponse);
    }

    void showSeries()
    {
        SeriesList list;
        const QByteArray ok = "{\"status\":0,\n \"names\":[\n  {\"name\":\"hmi.M_45s\",\"primekeys\":\"T_REC, CAMERA\","
                              "\"note\":\"magnetograms with a cadence of 45 seconds.\"},\n"
                              "  {\"name\":\"hmi.V_45s\",\"primekeys\":\"T_REC, CAMERA\",\"note\":\"Dopplergrams \\/ 45 s\"}],\n\"n\":2}\n";
        QVERIFY(!parse::seriesListShow(ok, list).isError());
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].primeKeys, QStringList({"T_REC", "CAMERA"}));
        QCOMPARE(list[1].description, QStringLiteral("Dopplergrams / 45 s"));

        QVERIFY(!parse::seriesListShow("{\"status\":0,\n \"names\":[\n],\n\"n\":0}\n", list).isError());
        QVERIFY(list.isEmpty());

        // Invalid JSON with an unquoted message (quirk 15).
        JsocError e = parse::seriesListShow("{\"status\":1,\"errmsg\":Series filter format error}\n", list);
        QCOMPARE(e.kind, Kind::Jsoc);
        QCOMPARE(e.message, QStringLiteral("JSOC: Series filter format error"));
        e = parse::seriesListShow("{\"status\":1,\"errmsg\":Cant find DRMS}\n", list);
        QCOMPARE(e.message, QStringLiteral("JSOC: Cant find DRMS"));
        e = parse::seriesListShow("{\"status\":1,\"errmsg\":\"quoted failure\"}\n", list);
        QCOMPARE(e.message, QStringLiteral("JSOC: quoted failure"));
        QCOMPARE(parse::seriesListShow("garbage", list).kind, Kind::BadResponse);
    }

    void checkAddressSamples()
    {
        AddressCheck a;
        QVERIFY(!parse::addressCheck(sample("checkaddress_registered.json"), a).isError());
        QVERIFY(a.registered());
        QCOMPARE(a.message, QStringLiteral("Email address is valid and registered."));
        QCOMPARE(a.userId, -1);
        AddressCheck b;
        QVERIFY(!parse::addressCheck(sample("checkaddress_registered_keyorder2.json"), b).isError());
        QCOMPARE(b.status, 2);
        AddressCheck c;
        QVERIFY(!parse::addressCheck(sample("checkaddress_missing_address.json"), c).isError());
        QCOMPARE(c.status, -2);
        QVERIFY(!c.registered());
        QCOMPARE(c.message, QStringLiteral("Missing required argument 'address'."));
        AddressCheck d;
        QVERIFY(!parse::addressCheck("{\"status\": \"2\", \"msg\": \"ok\", \"user_id\": 123}", d).isError());
        QVERIFY(d.registered());
        QCOMPARE(d.userId, 123);
    }

    // --- manage-request.sh (pending request check/cancel) --------------------------------
    void pendingRequestAnswers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("answer");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("requestId");
        QTest::addColumn<QString>("started"); // ISO UTC, "" = invalid
        using A = PendingRequestCheck::Answer;
        QTest::newRow("none, status as string") << QByteArray("{\"status\": \"1\", \"msg\": \"No pending export request for a@b.org.\"}\n")
                                                << int(A::NoPending) << 1 << QString() << QString();
        QTest::newRow("pending, simulator wording")
            << QByteArray("{\"status\": \"2\", \"msg\": \"Request JSOC_20261204_001 is pending, started 2026-12-04 10:12:03 UTC.\"}\n")
            << int(A::Pending) << 2 << QStringLiteral("JSOC_20261204_001") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("pending, number, msg first, DRMS time")
            << QByteArray("{\"msg\":\"JSOC_20261204_1234_X_IN pending since 2026.12.04_23:59:59_UT\",\"status\":2}")
            << int(A::Pending) << 2 << QStringLiteral("JSOC_20261204_1234_X_IN") << QStringLiteral("2026-12-04T23:59:59Z");
        QTest::newRow("cancelled") << QByteArray("{\"status\": \"3\", \"msg\": \"Request JSOC_20261204_002_IN (started 2026-12-04 10:12:03 UTC) has been cancelled.\"}")
                                   << int(A::Cancelled) << 3 << QStringLiteral("JSOC_20261204_002_IN") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("newer 101") << QByteArray("{\"status\": 101, \"msg\": \"\"}") << int(A::NoPending) << 101 << QString() << QString();
        QTest::newRow("newer 102, ISO Z")
            << QByteArray("{\"status\": \"102\", \"msg\": \"JSOC_20261204_007 started 2026-12-04T01:02:03Z\"}")
            << int(A::Pending) << 102 << QStringLiteral("JSOC_20261204_007") << QStringLiteral("2026-12-04T01:02:03Z");
        QTest::newRow("newer 103, no msg") << QByteArray("{\"status\": \"103\"}") << int(A::Cancelled) << 103 << QString() << QString();
        QTest::newRow("pending without id or time") << QByteArray("{\"status\": \"2\", \"msg\": \"You have a pending request.\"}")
                                                    << int(A::Pending) << 2 << QString() << QString();
        QTest::newRow("bad argument") << QByteArray("{\"status\": \"-2\", \"msg\": \"Missing required argument 'address'.\"}\n")
                                      << int(A::Unknown) << -2 << QString() << QString();
        QTest::newRow("undocumented 4, msg null") << QByteArray("{\"status\": 4, \"msg\": null}") << int(A::Unknown) << 4 << QString() << QString();
        QTest::newRow("TAI start is not taken for UTC")
            << QByteArray("{\"status\": 2, \"msg\": \"JSOC_20261204_001 started 2026.12.04_10:12:03_TAI\"}")
            << int(A::Pending) << 2 << QStringLiteral("JSOC_20261204_001") << QString();
        QTest::newRow("impossible date") << QByteArray("{\"status\": 2, \"msg\": \"JSOC_20261204_001 started 2026-02-30 10:12:03 UTC\"}")
                                         << int(A::Pending) << 2 << QStringLiteral("JSOC_20261204_001") << QString();
        QTest::newRow("id too short") << QByteArray("{\"status\": 2, \"msg\": \"JSOC_2026120_001\"}") << int(A::Pending) << 2 << QString()
                                      << QString();
    }

    void pendingRequestAnswers()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, answer);
        QFETCH(int, status);
        QFETCH(QString, requestId);
        QFETCH(QString, started);
        PendingRequestCheck p;
        const JsocError e = parse::pendingRequest(body, p);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(int(p.answer), answer);
        QCOMPARE(p.status, status);
        QCOMPARE(p.requestId, requestId);
        QCOMPARE(p.started.isValid() ? p.started.toString(Qt::ISODate) : QString(), started);
        QCOMPARE(p.isPending(), answer == int(PendingRequestCheck::Answer::Pending));
        if (p.started.isValid()) {
            QCOMPARE(p.started.timeSpec(), Qt::UTC);
            QCOMPARE(p.blocksUntil(), p.started.addSecs(3600));
        } else {
            QVERIFY(!p.blocksUntil().isValid());
        }
    }

    void pendingRequestStartFormats_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("utc"); // "" = invalid
        QTest::newRow("space UTC") << QStringLiteral("started 2026-12-04 10:12:03 UTC.") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("no zone") << QStringLiteral("since 2026-12-04 10:12:03, still") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("DRMS _UTC") << QStringLiteral("2026.12.04_10:12:03_UTC") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("DRMS no zone") << QStringLiteral("2026.12.04_10:12:03") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("fraction Z") << QStringLiteral("2026-12-04T10:12:03.750Z") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("GMT") << QStringLiteral("2026-12-04 10:12:03 GMT") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("offset") << QStringLiteral("2026-12-04 02:12:03 -08:00") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("offset no colon, next day") << QStringLiteral("2026-12-04 23:12:03 +0100") << QStringLiteral("2026-12-04T22:12:03Z");
        QTest::newRow("lower-case word after") << QStringLiteral("2026-12-04 10:12:03 by you") << QStringLiteral("2026-12-04T10:12:03Z");
        QTest::newRow("PST") << QStringLiteral("2026-12-04 02:12:03 PST") << QString();
        QTest::newRow("TAI") << QStringLiteral("2026.12.04_10:12:03_TAI") << QString();
        QTest::newRow("UTC glued to letters") << QStringLiteral("2026-12-04 10:12:03 UTCX") << QString();
        QTest::newRow("mixed separators") << QStringLiteral("2026-12.04 10:12:03") << QString();
        QTest::newRow("hour 24") << QStringLiteral("2026-12-04 24:00:00") << QString();
        QTest::newRow("leap second") << QStringLiteral("2016-12-31 23:59:60 UTC") << QString();
        QTest::newRow("month 13") << QStringLiteral("2026-13-04 10:12:03") << QString();
        QTest::newRow("offset out of range") << QStringLiteral("2026-12-04 10:12:03 +15:00") << QString();
        QTest::newRow("date only") << QStringLiteral("2026-12-04") << QString();
        QTest::newRow("request id is not a date") << QStringLiteral("JSOC_20261204_101213") << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void pendingRequestStartFormats()
    {
        QFETCH(QString, text);
        QFETCH(QString, utc);
        const QDateTime t = parse::pendingRequestStart(text);
        QCOMPARE(t.isValid() ? t.toString(Qt::ISODate) : QString(), utc);
    }

    void pendingRequestJunk_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not JSON") << QByteArray("status=2");
        QTest::newRow("Apache 404") << QByteArray("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title></head></html>");
        QTest::newRow("array") << QByteArray("[{\"status\": \"2\"}]");
        QTest::newRow("no status") << QByteArray("{\"msg\": \"Request JSOC_20261204_001 is pending\"}");
        QTest::newRow("status null") << QByteArray("{\"status\": null, \"msg\": \"x\"}");
        QTest::newRow("status word") << QByteArray("{\"status\": \"pending\"}");
        QTest::newRow("status bool") << QByteArray("{\"status\": true}");
        QTest::newRow("status fraction") << QByteArray("{\"status\": 2.5}");
        QTest::newRow("status huge") << QByteArray("{\"status\": \"4294967298\"}");
        QTest::newRow("status object") << QByteArray("{\"status\": {\"code\": 2}}");
        QTest::newRow("cut") << QByteArray("{\"status\": \"2\", \"msg\": \"Request JSOC_2026");
    }

    void pendingRequestJunk()
    {
        QFETCH(QByteArray, body);
        PendingRequestCheck p;
        const JsocError e = parse::pendingRequest(body, p);
        QCOMPARE(e.kind, Kind::BadResponse);
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(int(p.answer), int(PendingRequestCheck::Answer::Unknown)); // `out` untouched
        QCOMPARE(p.status, -1);
    }

    // Randomized hostile bytes: cut, flipped and spliced versions of real-looking answers. Never a
    // crash; an accepted body always has a status it read and a message that contains what it found.
    void pendingRequestRandomJunk()
    {
        const QList<QByteArray> seeds = {
            "{\"status\": \"2\", \"msg\": \"Request JSOC_20261204_001 is pending, started 2026-12-04 10:12:03 UTC.\"}\n",
            "{\"status\": 103, \"msg\": \"Request JSOC_20261204_002_X_IN (started 2026.12.04_10:12:03_UT) has been cancelled.\"}",
            "{\"msg\": \"No pending export request for a@b.org.\", \"status\": \"1\"}"};
        const QByteArray alphabet = "{}[]\":,0123456789-._ TZUJSOC\\u\xe9\xff\n";
        QRandomGenerator rng(20261204);
        int accepted = 0;
        for (int i = 0; i < 20000; ++i) {
            QByteArray body = seeds[rng.bounded(seeds.size())];
            const int edits = rng.bounded(1, 6);
            for (int k = 0; k < edits && !body.isEmpty(); ++k) {
                const int at = rng.bounded(body.size());
                switch (rng.bounded(4)) {
                case 0: body[at] = alphabet[rng.bounded(alphabet.size())]; break;
                case 1: body.truncate(at); break;
                case 2: body.insert(at, alphabet.mid(rng.bounded(alphabet.size()), rng.bounded(1, 8))); break;
                default: body.insert(at, body.mid(rng.bounded(body.size()), rng.bounded(1, 40))); break;
                }
            }
            PendingRequestCheck p;
            const JsocError e = parse::pendingRequest(body, p);
            if (e.isError()) {
                QVERIFY2(!e.message.isEmpty(), body.constData());
                continue;
            }
            ++accepted;
            QVERIFY2(p.status >= -32768 && p.status <= 32767, body.constData());
            QVERIFY2(p.requestId.isEmpty() || p.message.contains(p.requestId), body.constData());
            QVERIFY2(!p.started.isValid() || p.started.timeSpec() == Qt::UTC, body.constData());
        }
        QVERIFY(accepted > 100); // the mutations also leave readable answers, so both paths ran
    }

    // --- exports -------------------------------------------------------------------------
    void exportPendingSamples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("requestId");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<int>("wait");
        QTest::addColumn<qint64>("rcount");
        QTest::addColumn<qint64>("size");
        QTest::newRow("hmi1") << "exprequest_pending_hmi_1rec.json" << "JSOC_20200410_003" << "fits" << 0 << qint64(1) << qint64(15);
        QTest::newRow("hmi2") << "exprequest_pending_hmi_2rec.json" << "JSOC_20200410_002" << "fits" << 0 << qint64(2) << qint64(30);
        QTest::newRow("aia193") << "exprequest_pending_aia193.json" << "JSOC_20200410_166" << "fits" << 0 << qint64(151) << qint64(1746);
        QTest::newRow("aia335") << "exprequest_pending_aia335.json" << "JSOC_20200410_212" << "fits" << 0 << qint64(151) << qint64(1162);
        QTest::newRow("2014") << "exprequest_pending_2014.json" << "JSOC_20140325_334" << "FITS,compress Rice" << 10 << qint64(4241) << qint64(64080);
    }

    void exportPendingSamples()
    {
        QFETCH(QString, file);
        QFETCH(QString, requestId);
        QFETCH(QString, protocol);
        QFETCH(int, wait);
        QFETCH(qint64, rcount);
        QFETCH(qint64, size);
        ExportStatus s;
        const JsocError e = parse::exportStatus(sample(file.toLatin1().constData()), s);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(s.status, 2);
        QVERIFY(s.isPending());
        QVERIFY(!s.isDone());
        QCOMPARE(s.requestId, requestId);
        QCOMPARE(s.method, QStringLiteral("url"));
        QCOMPARE(s.protocol, protocol);
        QCOMPARE(s.wait, wait);
        QCOMPARE(s.rcount, rcount);
        QCOMPARE(s.sizeMb, size);
        QVERIFY(s.files.isEmpty());
    }

    void exportTooLarge()
    {
        ExportStatus s;
        const JsocError e = parse::exportStatus(sample("exprequest_too_large_status3_2014.json"), s);
        QCOMPARE(e.kind, Kind::Jsoc);
        QCOMPARE(e.jsocStatus, 3);
        QCOMPARE(e.message, QStringLiteral("JSOC: Request exceeds max byte limit of 100000MB (export status 3)"));
        QCOMPARE(s.status, 3);
        QVERIFY(s.isFailed());
        QCOMPARE(s.requestId, QStringLiteral("VOID"));
        QCOMPARE(s.count, 12850);
        QCOMPARE(s.sizeMb, 194300);
    }

    void exportQuickComplete()
    {
        ExportStatus s;
        QVERIFY(!parse::exportStatus(sample("exprequest_urlquick_asis_complete.json"), s).isError());
        QVERIFY(s.isDone());
        QVERIFY(s.isQuick());
        QCOMPARE(s.method, QStringLiteral("url_quick"));
        QCOMPARE(s.protocol, QStringLiteral("as-is"));
        QVERIFY(s.dir.isEmpty());
        QCOMPARE(s.files.size(), 1);
        QCOMPARE(s.files[0].record, QStringLiteral("hmi.M_45s[2012.01.01_01:01:30_TAI][2]{magnetogram}"));
        QCOMPARE(s.files[0].filename, QStringLiteral("/SUM41/D280342572/S00010/magnetogram.fits"));
        const QList<ExportDownload> urls = exportDownloads(s, QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QCOMPARE(urls.size(), 1);
        QCOMPARE(urls[0].url, QUrl(QStringLiteral("http://127.0.0.1:8080/SUM41/D280342572/S00010/magnetogram.fits")));
        QCOMPARE(urls[0].filename, QStringLiteral("magnetogram.fits"));
    }

    void exportIndexJson()
    {
        ExportStatus s;
        QVERIFY(!parse::exportStatus(sample("expstatus_complete_fits_1file.json"), s).isError());
        QCOMPARE(s.status, 0); // "0" as a string (quirk 1)
        QVERIFY(s.isDone());
        QVERIFY(!s.isQuick());
        QCOMPARE(s.version, QStringLiteral("0.5"));
        QCOMPARE(s.requestId, QStringLiteral("JSOC_20200410_003"));
        QCOMPARE(s.count, 1);
        QCOMPARE(s.sizeMb, 15);
        QCOMPARE(s.exptime, QStringLiteral("2020.04.10_00:14:11_UT"));
        QCOMPARE(s.dir, QStringLiteral("/SUM66/D1278070722/S00000"));
        QCOMPARE(s.keywordsFile, QStringLiteral("**IN FITS FILES**"));
        QCOMPARE(s.files.size(), 1);
        QCOMPARE(s.files[0].filename, QStringLiteral("hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits"));
        const QList<ExportDownload> urls = exportDownloads(s, QUrl(QStringLiteral("http://jsoc.stanford.edu")));
        QCOMPARE(urls.size(), 1);
        QCOMPARE(urls[0].url.toString(),
                 QStringLiteral("http://jsoc.stanford.edu/SUM66/D1278070722/S00000/hmi.m_45s.20120101_010130_TAI.2.magnetogram.fits"));

        ExportStatus aia;
        QVERIFY(!parse::exportStatus(sample("expstatus_complete_aia193_302files.json"), aia).isError());
        QCOMPARE(aia.count, 302);
        QCOMPARE(aia.sizeMb, 1746);
        QCOMPARE(aia.files.size(), 302);
        QCOMPARE(aia.files[0].record, QStringLiteral("aia.lev1_euv_12s[2010-07-30T13:30:02Z][193]"));
        QCOMPARE(aia.files[0].filename, QStringLiteral("aia.lev1_euv_12s.2010-07-30T133009Z.193.image_lev1.fits"));
        QCOMPARE(aia.files[1].filename, QStringLiteral("aia.lev1_euv_12s.2010-07-30T133009Z.193.spikes.fits"));
        QCOMPARE(aia.files.last().filename, QStringLiteral("aia.lev1_euv_12s.2010-07-30T140009Z.193.spikes.fits"));
        QCOMPARE(exportDownloads(aia, QUrl(QStringLiteral("http://h"))).size(), 302);

        ExportStatus aia335;
        QVERIFY(!parse::exportStatus(sample("expstatus_complete_aia335_302files.json"), aia335).isError());
        QCOMPARE(aia335.dir, QStringLiteral("/SUM66/D1278296123/S00000"));
        QCOMPARE(aia335.exptime, QStringLiteral("2020.04.10_13:24:10_UT"));
        QCOMPARE(aia335.files[0].filename, QStringLiteral("aia.lev1_euv_12s.2010-07-30T133005Z.335.image_lev1.fits"));
    }

    void exportDownloadRules()
    {
        ExportStatus s;
        s.status = 0;
        s.requestId = QStringLiteral("JSOC_20200410_004");
        s.dir = QStringLiteral("/SUM1/D2/S00000");
        s.files = {{QStringLiteral("a[1]"), QStringLiteral("a.fits")},
                   {QStringLiteral("a[2]"), QStringLiteral("NoDataFile")},
                   {QStringLiteral("a[3]"), QStringLiteral("c.fits")}};
        QList<ExportDownload> urls = exportDownloads(s, QUrl(QStringLiteral("http://127.0.0.1:9/jsoc/")));
        QCOMPARE(urls.size(), 2); // NoDataFile skipped
        QCOMPARE(urls[0].url.toString(), QStringLiteral("http://127.0.0.1:9/jsoc/SUM1/D2/S00000/a.fits"));
        QCOMPARE(urls[1].record, QStringLiteral("a[3]"));
        s.tarfile = QStringLiteral("/SUM1/D2/S00000/JSOC_20200410_004.tar");
        urls = exportDownloads(s, QUrl(QStringLiteral("http://127.0.0.1:9")));
        QCOMPARE(urls.size(), 1);
        QCOMPARE(urls[0].url.toString(), QStringLiteral("http://127.0.0.1:9/SUM1/D2/S00000/JSOC_20200410_004.tar"));
        QCOMPARE(urls[0].filename, QStringLiteral("JSOC_20200410_004.tar"));
    }

    void exportStatusShapes()
    {
        ExportStatus s;
        // Pending exp_status (compact), status 1 and 6 are pending, not failures.
        QVERIFY(!parse::exportStatus("{\"status\":1,\"requestid\":\"JSOC_20200410_003\",\"method\":\"url\",\"protocol\":\"fits\","
                                     "\"wait\":-3,\"rcount\":0,\"size\":15}\n", s).isError());
        QVERIFY(s.isPending());
        QCOMPARE(s.wait, -3);
        QVERIFY(!parse::exportStatus("{\"status\":6,\"error\":\"Cant locate export request: jsoc.export[JSOC_1]\"}", s).isError());
        QVERIFY(s.isPending());

        const struct {
            const char *body;
            int status;
            const char *message;
        } failures[] = {
            {"{\"status\":4,\"error\":\"Bad RequestID 'x' provided.\"}\n", 4, "JSOC: Bad RequestID 'x' provided. (export status 4)"},
            {"{\"status\":4,\"error\":\"Bad record-set query 'hmi.M_45s['.\\n\"}\n", 4, "JSOC: Bad record-set query 'hmi.M_45s['. (export status 4)"},
            {"{\"status\":5,\"requestid\":\"JSOC_1\",\"method\":\"url\",\"protocol\":\"fits\",\"wait\":999999,\"rcount\":0,\"size\":1,"
             "\"error\":\"Request was completed but is now deleted, 7 day limit exceeded\",\"contact\":\"jsoc_help@jsoc.stanford.edu\"}",
             5, "JSOC: Request was completed but is now deleted, 7 day limit exceeded (export status 5)"},
            {"{\"status\":7,\"error\":\"User a@b.org has 2 pending export requests (JSOC_1,JSOC_2); please wait\"}", 7,
             "JSOC: User a@b.org has 2 pending export requests (JSOC_1,JSOC_2); please wait (export status 7)"},
            {"{\"status\":12,\"requestid\":\"JSOC_1\"}", 12, "JSOC: the request was queued in test mode (export status 12)"},
            {"{\"status\":25,\"error\":\"One or more data files are offline; please send a request for help\"}", 25,
             "JSOC: One or more data files are offline; please send a request for help (export status 25)"},
            // JSOC's words only in `msg`: they still reach the user.
            {"{\"status\":4,\"msg\":\"Protocol 'gif' is not supported\"}", 4,
             "JSOC: Protocol 'gif' is not supported (export status 4)"},
        };
        for (const auto &f : failures) {
            ExportStatus out;
            const JsocError e = parse::exportStatus(f.body, out);
            QCOMPARE(e.kind, Kind::Jsoc);
            QCOMPARE(e.jsocStatus, f.status);
            QCOMPARE(e.message, QString::fromUtf8(f.message));
            QCOMPARE(out.status, f.status);
        }
        ExportStatus c;
        QCOMPARE(parse::exportStatus("{\"status\":5,\"contact\":\"x\",\"error\":\"gone\"}", c).kind, Kind::Jsoc);
        QCOMPARE(c.contact, QStringLiteral("x"));
        QCOMPARE(parse::exportStatus("{\"requestid\":\"x\"}", c).kind, Kind::BadResponse);
        QCOMPARE(parse::exportStatus("<html><body>Service Unavailable</body></html>", c).kind, Kind::BadResponse);
    }

    void exportRequestHelpers()
    {
        ExportRequestOptions o;
        o.notify = QStringLiteral("jsoc@cadair.com");
        QCOMPARE(effectiveMethod(o), QStringLiteral("url_quick"));
        QCOMPARE(effectiveRequester(o), QStringLiteral("jsoc"));
        QCOMPARE(processValue(o), QStringLiteral("0"));
        o.protocol = QStringLiteral("fits");
        QCOMPARE(effectiveMethod(o), QStringLiteral("url"));
        o.limit = 5;
        o.processing = QStringLiteral("im_patch,t_ref=2025-01-01T04:33:30.000,t=0");
        QCOMPARE(processValue(o), QStringLiteral("5|im_patch,t_ref=2025-01-01T04:33:30.000,t=0"));
        o.requester = QStringLiteral("me");
        QCOMPARE(effectiveRequester(o), QStringLiteral("me"));
    }

    // --- HTTP errors ---------------------------------------------------------------------
    void httpErrors()
    {
        const QByteArray apache = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
                                  "<title>500 Internal Server Error</title>\n</head><body>\n<h1>Internal Server Error</h1>\n"
                                  "<p>The server encountered an internal error or misconfiguration.</p></body></html>\n";
        JsocError e = parse::httpError(500, "Internal Server Error", apache);
        QCOMPARE(e.kind, Kind::HttpStatus);
        QCOMPARE(e.httpStatus, 500);
        QCOMPARE(e.message, QStringLiteral("JSOC answered HTTP 500 (Internal Server Error): 500 Internal Server Error"));
        e = parse::httpError(503, "", "busy");
        QCOMPARE(e.message, QStringLiteral("JSOC answered HTTP 503: busy"));
        e = parse::httpError(404, "Not Found", "");
        QCOMPARE(e.message, QStringLiteral("JSOC answered HTTP 404 (Not Found)"));
    }

    // --- JSON reader ---------------------------------------------------------------------
    void jsonReaderStrictness_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << QByteArray("{\"a\":[1,-2.5e3,\"x\",true,false,null,{}],\"b\":{}}") << true;
        QTest::newRow("ws") << QByteArray(" \n\t{ \"a\" : [ ] } \n") << true;
        QTest::newRow("trailing comma array") << QByteArray("{\"a\":[1,]}") << false;
        QTest::newRow("trailing comma object") << QByteArray("{\"a\":1,}") << false;
        QTest::newRow("leading zero") << QByteArray("{\"a\":01}") << false;
        QTest::newRow("bare dot") << QByteArray("{\"a\":1.}") << false;
        QTest::newRow("unquoted") << QByteArray("{\"a\":Series filter format error}") << false;
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << false;
        QTest::newRow("bad escape") << QByteArray("{\"a\":\"\\x\"}") << false;
        QTest::newRow("raw newline in string") << QByteArray("{\"a\":\"x\ny\"}") << false;
        QTest::newRow("unterminated") << QByteArray("{\"a\":\"abc") << false;
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << false;
        QTest::newRow("missing comma") << QByteArray("{\"a\":1 \"b\":2}") << false;
        QTest::newRow("trailing text") << QByteArray("{} x") << false;
        QTest::newRow("too deep") << QByteArray(200, '[') << false;
        QTest::newRow("NaN literal") << QByteArray("{\"a\":NaN}") << false;
        QTest::newRow("truncated true") << QByteArray("{\"a\":tru}") << false;
        QTest::newRow("bad unicode") << QByteArray("{\"a\":\"\\u12G4\"}") << false;
    }

    void jsonReaderStrictness()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        JsonReader r(json);
        const bool ok = r.skipValue() && r.atEnd();
        QCOMPARE(ok, valid);
        if (valid) {
            QVERIFY(!r.hasError());
        } else if (QByteArray(QTest::currentDataTag()) != "trailing text") {
            QVERIFY(r.hasError()); // trailing text is reported by atEnd() alone
            QVERIFY2(r.errorString().contains(QLatin1String("at byte")), qPrintable(r.errorString()));
        }
    }

    void jsonReaderValues()
    {
        JsonReader r(QByteArray("{\"k\\u00e9y\":\"caf\xe9\",\"n\":-12.5e-1,\"s\":\"a\\/b\"}"));
        QVERIFY(r.enterObject());
        QByteArrayView key;
        QVERIFY(r.nextMember(key));
        QCOMPARE(QString::fromUtf8(key), QStringLiteral("k\u00e9y"));
        QByteArrayView v;
        QVERIFY(r.readString(v));
        QCOMPARE(QString::fromUtf8(v), QStringLiteral("caf\u00e9"));
        QVERIFY(r.nextMember(key));
        QCOMPARE(key, QByteArrayView("n"));
        QVERIFY(r.readNumber(v));
        QCOMPARE(v, QByteArrayView("-12.5e-1"));
        QVERIFY(r.nextMember(key));
        JsonReader::Type type;
        QVERIFY(r.readScalar(v, &type));
        QCOMPARE(type, JsonReader::Type::String);
        QCOMPARE(v, QByteArrayView("a/b"));
        QVERIFY(!r.nextMember(key));
        QVERIFY(!r.hasError());
        QVERIFY(r.atEnd());
    }

    // The string scan takes 16, then 8, then 1 byte per step: a special byte (quote, backslash,
    // control, non-ASCII) must be found at every offset of every step, and DEL is not special.
    void jsonReaderFindsSpecialBytesAtEveryOffset()
    {
        struct Special {
            QByteArray json;    // as written inside the JSON string
            QByteArray decoded; // UTF-8 the reader must give
        };
        const Special specials[] = {{"\\\"", "\""}, {"\\\\", "\\"}, {"\\n", "\n"}, {"\\u00e9", "\xc3\xa9"},
                                    {"\xe9", "\xc3\xa9"}, {"\x7f", "\x7f"}, {"\\/", "/"}};
        for (int length = 1; length <= 40; ++length) {
            for (int at = 0; at < length; ++at) {
                for (const Special &special : specials) {
                    const QByteArray before(at, 'a'), after(length - at - 1, 'b');
                    const QByteArray json = "[\"" + before + special.json + after + "\",\"" + after + "\"]";
                    JsonReader r(json);
                    std::vector<QByteArray> cells;
                    QVERIFY(r.readScalarArray([&cells](QByteArrayView v) { cells.push_back(v.toByteArray()); }));
                    QVERIFY(r.atEnd());
                    QCOMPARE(cells.size(), size_t(2));
                    QCOMPARE(cells[0], before + special.decoded + after);
                    QCOMPARE(cells[1], after);
                }
                // A raw control byte is invalid JSON wherever it is.
                const QByteArray bad = "[\"" + QByteArray(at, 'a') + '\x01' + QByteArray(length - at - 1, 'b') + "\"]";
                JsonReader r(bad);
                QVERIFY(!r.readScalarArray([](QByteArrayView) {}));
                QVERIFY(r.hasError());
            }
        }
    }

    // --- RecordTable paging --------------------------------------------------------------
    void recordTablePages()
    {
        RecordTable all;
        QVERIFY(all.appendPage(tableOf(sample("rslist_hmi.M_45s_2rec.json"))));
        QVERIFY(all.appendPage(tableOf(sample("rslist_hmi.M_45s_1rec.json"))));
        QVERIFY(all.appendPage(tableOf("{\"count\":0,\"runtime\":0.012,\"status\":0}")));
        QCOMPARE(all.count, 3);
        QCOMPARE(all.rowCount(), 3);
        QCOMPARE(all.keywordValue(QStringLiteral("T_REC"), 0), QStringLiteral("2012.01.01_00:00:45_TAI"));
        QCOMPARE(all.keywordValue(QStringLiteral("T_REC"), 2), QStringLiteral("2012.01.01_01:01:30_TAI"));
        QCOMPARE(all.keywords[1].values.raw(2), QByteArrayView("SDO/HMI"));
        // Different columns are refused and leave the table alone.
        QVERIFY(!all.appendPage(tableOf(sample("rslist_hmi.mharp_720s_nrt_latest.json"))));
        QCOMPARE(all.rowCount(), 3);
        QCOMPARE(all.count, 3);
    }

    // --- issue 11: numbers checked for what they mean, rs_list shapes, many columns ----------
    // Statuses and counts used to go through a double into an int: 2^32 and 1e19 became 0
    // ("complete"), 1.5 became 1, -5 stayed -5.
    void outOfRangeNumbersAreErrors_data()
    {
        QTest::addColumn<QString>("parser");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        const QString status32 = QStringLiteral("JSOC's reply has status 4294967296, which is not a valid status");
        QTest::newRow("rs_summary status 2^32") << "rs_summary" << QByteArray("{\"count\":4,\"status\":4294967296}") << status32;
        QTest::newRow("rs_summary status 1e19") << "rs_summary" << QByteArray("{\"count\":4,\"status\":1e19}")
                                                << "JSOC's reply has status 10000000000000000000, which is not a valid status";
        QTest::newRow("rs_summary count 1.5") << "rs_summary" << QByteArray("{\"count\":1.5,\"status\":0}")
                                              << "JSOC's reply has count 1.5, which is not a whole number";
        QTest::newRow("rs_summary count -5") << "rs_summary" << QByteArray("{\"count\":\"-5\",\"status\":0}")
                                             << "JSOC's reply has count -5, which is not a valid count";
        QTest::newRow("rs_summary count 2^63-1") << "rs_summary" << QByteArray("{\"count\":9223372036854775807,\"status\":0}")
                                                 << "JSOC's reply has count 9223372036854775807, which is not a valid count";
        QTest::newRow("exp_status 2^32") << "export" << QByteArray("{\"status\":4294967296,\"requestid\":\"JSOC_1\"}") << status32;
        QTest::newRow("exp_status \"2^32\"") << "export" << QByteArray("{\"status\":\"4294967296\",\"requestid\":\"JSOC_1\"}") << status32;
        QTest::newRow("exp_status size -1") << "export" << QByteArray("{\"status\":0,\"size\":-1}")
                                            << "JSOC's reply has size -1, which is not a valid size";
        QTest::newRow("exp_status wait 1e10") << "export" << QByteArray("{\"status\":2,\"wait\":1e10}")
                                              << "JSOC's reply has wait 10000000000, which is not a valid number for this field";
        QTest::newRow("rs_list status 2^32") << "rs_list" << QByteArray("{\"count\":0,\"status\":4294967296}") << status32;
        QTest::newRow("rs_list count 1.5") << "rs_list" << QByteArray("{\"count\":1.5,\"status\":0}")
                                           << "JSOC's reply has count 1.5, which is not a whole number";
        QTest::newRow("rs_list count 1e400") << "rs_list" << QByteArray("{\"count\":\"1e400\",\"status\":0}")
                                             << "JSOC's reply has count 1e400, which is not a valid count";
        QTest::newRow("series_struct status 2^32") << "series_struct" << QByteArray("{\"status\":4294967296,\"keywords\":[]}") << status32;
        QTest::newRow("series_struct MaxRecnum -2") << "series_struct" << QByteArray("{\"status\":0,\"keywords\":[],\"segments\":[],\"links\":[],\"Interval\":{\"MaxRecnum\":-2}}")
                                                    << "JSOC's reply has MaxRecnum -2, which is not a valid record number";
        QTest::newRow("checkAddress 2^32") << "address" << QByteArray("{\"status\":4294967296,\"msg\":\"ok\"}") << status32;
        QTest::newRow("show_series 2^32") << "show_series" << QByteArray("{\"status\":4294967296,\"names\":[]}") << status32;
    }

    void outOfRangeNumbersAreErrors()
    {
        QFETCH(QString, parser);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        JsocError e;
        if (parser == u"rs_summary") {
            qint64 n = 0;
            e = parse::recordCount(body, n);
        } else if (parser == u"export") {
            ExportStatus s;
            e = parse::exportStatus(body, s);
        } else if (parser == u"rs_list") {
            RecordTable t, q;
            e = parse::recordList(body, t);
            const JsocError viaQt = parse::recordListViaQJson(body, q);
            QCOMPARE(viaQt.kind, e.kind);
            QCOMPARE(viaQt.message, e.message);
        } else if (parser == u"series_struct") {
            SeriesStructure s;
            e = parse::seriesStructure(body, s);
        } else if (parser == u"address") {
            AddressCheck a;
            e = parse::addressCheck(body, a);
        } else {
            SeriesList l;
            e = parse::seriesListShow(body, l);
        }
        QCOMPARE(e.kind, Kind::BadResponse);
        QCOMPARE(e.message, message);
    }

    void inRangeNumbersStillRead()
    {
        qint64 n = -1;
        QVERIFY(!parse::recordCount("{\"count\":\"9007199254740991\",\"status\":\"0\"}", n).isError());
        QCOMPARE(n, 9007199254740991LL);
        QVERIFY(!parse::recordCount("{\"count\":2.0,\"status\":0}", n).isError());
        QCOMPARE(n, 2);
        ExportStatus s;
        QVERIFY(!parse::exportStatus("{\"status\":2,\"wait\":-3,\"size\":\"15\",\"rcount\":\"7\"}", s).isError());
        QCOMPARE(s.wait, -3);
        QCOMPARE(s.sizeMb, 15);
        QCOMPARE(s.rcount, 7);
    }

    // Short columns used to be padded with invented empty cells; a reply without any column
    // list printed as an empty table with exit 0.
    void rsListShapeErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("keyword lengths") << QByteArray(
            "{\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"a\",\"b\",\"c\",\"d\",\"e\"]},{\"name\":\"QUALITY\",\"values\":[\"0\",\"0\",\"0\"]}],"
            "\"segments\":[],\"links\":[],\"count\":5,\"status\":0}")
                                         << "JSOC's rs_list reply is inconsistent: keyword T_REC has 5 values but keyword QUALITY has 3";
        QTest::newRow("recinfo vs keywords") << QByteArray(
            "{\"recinfo\":[{\"name\":\"r1\",\"online\":0}],\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"a\",\"b\"]}],\"count\":2,\"status\":0}")
                                             << "JSOC's rs_list reply is inconsistent: keyword T_REC has 2 values but recinfo has 1";
        QTest::newRow("segment vs keyword") << QByteArray(
            "{\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"a\",\"b\"]}],\"segments\":[{\"name\":\"image\",\"values\":[\"\\/SUM1\\/x.fits\"]}],"
            "\"count\":2,\"status\":0}")
                                            << "JSOC's rs_list reply is inconsistent: keyword T_REC has 2 values but segment image has 1";
        QTest::newRow("dims longer than values") << QByteArray(
            "{\"segments\":[{\"name\":\"image\",\"values\":[\"a\"],\"dims\":[\"1x1\",\"2x2\"]}],\"count\":1,\"status\":0}")
                                                 << "JSOC's rs_list reply is inconsistent: segment image has 1 values but 2 dims";
        QTest::newRow("count vs rows") << QByteArray("{\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"a\",\"b\"]}],\"count\":5,\"status\":0}")
                                       << "JSOC's rs_list reply is inconsistent: it counts 5 records but keyword T_REC has 2 values";
        QTest::newRow("count without columns") << QByteArray("{\"count\":3,\"runtime\":0.01,\"status\":0}")
                                               << "JSOC's rs_list reply is inconsistent: it counts 3 records but lists no keywords, segments or links";
        QTest::newRow("empty column lists") << QByteArray("{\"keywords\":[],\"segments\":[],\"links\":[],\"count\":3,\"status\":0}")
                                            << "JSOC's rs_list reply is inconsistent: it counts 3 records but its column lists are empty";
        QTest::newRow("status only") << QByteArray("{\"status\":0}") << "JSOC sent an unusable reply (rs_list without `count`): {\"status\":0}";
        QTest::newRow("online 2") << QByteArray("{\"recinfo\":[{\"name\":\"r1\",\"online\":2}],\"count\":1,\"status\":0}")
                                  << "JSOC's reply has recinfo online 2, which is not 0 or 1";
        QTest::newRow("numeric name") << QByteArray("{\"keywords\":[{\"name\":5,\"values\":[\"a\"]}],\"count\":1,\"status\":0}") << QString();
    }

    void rsListShapeErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        RecordTable t, q;
        const JsocError e = parse::recordList(body, t);
        const JsocError viaQt = parse::recordListViaQJson(body, q);
        QCOMPARE(e.kind, Kind::BadResponse);
        QCOMPARE(viaQt.kind, Kind::BadResponse);
        if (!message.isEmpty()) { // both parsers say the same about the shape
            QCOMPARE(e.message, message);
            QCOMPARE(viaQt.message, message);
        }
        QCOMPARE(t.rowCount(), 0); // nothing half-filled handed out
    }

    // A member given twice: the last one counts in both parsers (as QJsonDocument has it).
    void rsListDuplicateMembers()
    {
        const QByteArray body = "{\"keywords\":[{\"name\":\"A\",\"values\":[\"1\"]}],"
                                "\"keywords\":[{\"name\":\"B\",\"values\":[\"x\",\"y\"],\"values\":[\"2\"]}],\"count\":1,\"status\":0}";
        RecordTable t, q;
        QVERIFY(!parse::recordList(body, t).isError());
        QVERIFY(!parse::recordListViaQJson(body, q).isError());
        QVERIFY(sameTables(t, q));
        QCOMPARE(t.keywords.size(), size_t(1));
        QCOMPARE(t.keywordValue(QStringLiteral("B"), 0), QStringLiteral("2"));
    }

    // **ALL** over 100,000 keywords: every step linear (the CLI's output was quadratic: 21.7 s).
    void rsListManyColumnsParseFast()
    {
        QByteArray body = "{\"keywords\":[";
        constexpr int kColumns = 100000;
        for (int i = 0; i < kColumns; ++i)
            body += (i ? ",{\"name\":\"K" : "{\"name\":\"K") + QByteArray::number(i) + "\",\"values\":[\"v" + QByteArray::number(i) + "\",\"w\"]}";
        body += "],\"segments\":[],\"links\":[],\"count\":2,\"status\":0}";
        QElapsedTimer timer;
        timer.start();
        RecordTable t;
        const JsocError e = parse::recordList(body, t);
        const qint64 ms = timer.elapsed();
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QVERIFY2(ms < 3000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
        QCOMPARE(t.keywords.size(), size_t(kColumns));
        QCOMPARE(t.rowCount(), 2);
        QCOMPARE(t.keywords[99999].name, QStringLiteral("K99999"));
        QCOMPARE(t.keywords[99999].values.value(0), QStringLiteral("v99999"));
        QCOMPARE(t.keywords[12345].values.value(1), QStringLiteral("w"));
    }

    void stringColumnBasics()
    {
        StringColumn c;
        c.append(QByteArrayView("MISSING"));
        c.append(QByteArrayView(""));
        c.append(QByteArrayView("x"));
        QCOMPARE(c.size(), 3);
        QVERIFY(c.isMissing(0));
        QVERIFY(!c.isMissing(1));
        QCOMPARE(c.value(1), QString());
        QCOMPARE(c.value(2), QStringLiteral("x"));
        QCOMPARE(c.value(3), QString()); // out of range → empty, no crash
        QCOMPARE(c.value(-1), QString());
        QCOMPARE(c.byteSize(), 8);
    }
};

QTEST_GUILESS_MAIN(TestJsocParsers)
#include "tst_jsocparsers.moc"
