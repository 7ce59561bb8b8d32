// planRecordWindows as pure logic: exact window texts for the record-set forms of protocol §4.1
// (ranges, durations, cadences, zones, index forms, other filters kept), the cases that must not
// be split, and — for every split — that the windows select exactly the original's slots, in order,
// once each (slots resolved the DRMS way: nearest slot, `a/d` half-open, `@s` from the start).
// The same property against the simulator's records is in tst_recordtableloader.
#include "model/drms/DrmsTime.h"
#include "model/drms/RecordSetSpec.h"
#include "model/drms/RecordWindowPlan.h"

#include <QTest>
#include <cmath>

using namespace jsoc;

namespace {

PrimeKeyInfo timeKey(const QString &name, const QString &step, const QString &epoch)
{
    PrimeKeyInfo k;
    k.name = name;
    k.slotted = true;
    k.step = step;
    k.type = QStringLiteral("time");
    k.recscope = QStringLiteral("ts_eq");
    k.epoch = epoch;
    k.stepValue = step;
    k.stepUnits = QStringLiteral("seconds");
    return k;
}

PrimeKeyInfo intKey(const QString &name)
{
    PrimeKeyInfo k;
    k.name = name;
    k.type = QStringLiteral("int");
    k.recscope = QStringLiteral("variable");
    return k;
}

SeriesStructure series(const QString &name, QList<PrimeKeyInfo> keys)
{
    SeriesStructure s;
    s.name = name;
    for (const PrimeKeyInfo &k : keys)
        s.primeKeys.append(k.name);
    s.primeKeysInfo = std::move(keys);
    return s;
}

const QString kEpoch = QStringLiteral("1993.01.01_00:00:00_TAI");
SeriesStructure hmiV45() { return series("hmi.V_45s", {timeKey("T_REC", "45.0", kEpoch), intKey("CAMERA")}); }
SeriesStructure hmiM720() { return series("hmi.M_720s", {timeKey("T_REC", "720.0", kEpoch), intKey("CAMERA")}); }
SeriesStructure aia12() { return series("aia.lev1_euv_12s", {timeKey("T_REC", "12.000000", "1993.01.01_00:00:04_TAI"), intKey("WAVELNTH")}); }
SeriesStructure sharp() { return series("hmi.sharp_720s", {intKey("HARPNUM"), timeKey("T_REC", "720.0", kEpoch)}); }
SeriesStructure synoptic() { return series("hmi.synoptic_mr_720s", {intKey("CAR_ROT")}); }
// Fractional epoch and step: window starts need decimals.
SeriesStructure odd() { return series("test.odd", {timeKey("T_OBS", "1.5", "1993.01.01_00:00:00.25_TAI")}); }

// Slots selected by the split key's one filter item, the way DRMS (and the simulator) resolve it.
std::vector<qint64> selectedSlots(const QString &recordSet, const SeriesStructure &s)
{
    const auto spec = drms::parseRecordSet(recordSet);
    if (!spec || spec->subsets.size() != 1)
        return {};
    int keyIndex = -1;
    for (int i = 0; i < s.primeKeysInfo.size(); ++i)
        if (s.primeKeysInfo[i].slotted)
            keyIndex = i;
    const PrimeKeyInfo &key = s.primeKeysInfo[keyIndex];
    const drms::SlotAxis axis{*drms::parseTime(key.epoch), *key.stepSeconds()};
    // The filter bound to the slotted key: by name, else by position.
    const drms::Filter *filter = nullptr;
    int pos = 0;
    for (const drms::Filter &f : spec->subsets.first().filters) {
        if (f.kind == drms::Filter::Kind::Query)
            continue;
        if (!f.keyName.isEmpty() ? f.keyName == key.name : pos++ == keyIndex)
            filter = &f;
    }
    if (!filter || filter->items.size() != 1)
        return {};
    const drms::ValueItem &it = filter->items.first();
    qint64 first = 0, last = -1;
    using K = drms::ValueItem::Kind;
    if (it.kind == K::Range) {
        first = axis.indexOf(*drms::parseTime(it.first));
        last = axis.indexOf(*drms::parseTime(it.second));
    } else if (it.kind == K::Duration) {
        const double t = *drms::parseTime(it.first);
        first = axis.indexOf(t);
        last = axis.indexOf(t + *drms::parseDuration(it.second, axis.step)) - 1;
    } else if (it.kind == K::IndexRange) {
        first = it.first.toLongLong();
        last = it.second.toLongLong();
    } else if (it.kind == K::IndexDuration) {
        first = it.first.toLongLong();
        last = first + it.second.toLongLong() - 1;
    }
    const qint64 stride = it.step.isEmpty() ? 1 : std::llround(*drms::parseDuration(it.step, axis.step) / axis.step);
    std::vector<qint64> out;
    for (qint64 v = first; v <= last; v += stride)
        out.push_back(v);
    return out;
}

// Everything but the first positional filter (the split key of the AIA record sets used here).
QString withoutFirstFilter(const QString &recordSet)
{
    auto spec = drms::parseRecordSet(recordSet);
    if (!spec)
        return {};
    spec->subsets.first().filters.first().items.clear();
    return drms::toString(*spec);
}

} // namespace

Q_DECLARE_METATYPE(jsoc::SeriesStructure)

class TestRecordWindowPlan : public QObject
{
    Q_OBJECT

private slots:
    void exactWindows_data();
    void exactWindows();
    void unionEqualsOriginal_data();
    void unionEqualsOriginal();
    void notSplit_data();
    void notSplit();
    void windowsAreCanonicalAndParse();
    void defaultPageSizeAndManyRows();
};

void TestRecordWindowPlan::exactWindows_data()
{
    QTest::addColumn<SeriesStructure>("structure");
    QTest::addColumn<QString>("recordSet");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<int>("rowsPerPage");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("duration, no step") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d]" << qint64(1920) << 500
        << QStringList{"hmi.v_45s[2014.01.01_00:00:00_TAI/22500s]", "hmi.v_45s[2014.01.01_06:15:00_TAI/22500s]",
                       "hmi.v_45s[2014.01.01_12:30:00_TAI/22500s]", "hmi.v_45s[2014.01.01_18:45:00_TAI/18900s]"};
    // Zone-less is UTC (TAI = UTC + 35 s in 2014): 00:00:35 TAI rounds to the 00:00:45 slot,
    // 01:00:35 TAI to 01:00:45 (inclusive end): 81 slots.
    const QStringList utcWindows{"hmi.v_45s[2014.01.01_00:00:45_TAI/1350s]", "hmi.v_45s[2014.01.01_00:23:15_TAI/1350s]",
                                 "hmi.v_45s[2014.01.01_00:45:45_TAI/945s]"};
    QTest::newRow("range, zone-less = UTC") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:00-2014.01.01_01:00:00]"
                                            << qint64(81) << 30 << utcWindows;
    QTest::newRow("range, _UTC") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:00_UTC-2014.01.01_01:00:00_UTC]"
                                 << qint64(81) << 30 << utcWindows;
    QTest::newRow("range, ISO Z") << hmiV45() << "hmi.v_45s[2014-01-01T00:00:00Z-2014-01-01T01:00:00Z]"
                                  << qint64(81) << 30 << utcWindows;
    QTest::newRow("range, _TAI") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:35_TAI-2014.01.01_01:00:35_TAI]"
                                 << qint64(81) << 30 << utcWindows;
    // AIA: epoch at 00:00:04, slots every 12 s; 00:00:35 TAI rounds to 00:00:40; 2 wavelengths per slot.
    QTest::newRow("ISO duration, list and segments kept") << aia12() << "aia.lev1_euv_12s[2014-01-01T00:00:00Z/1h][171,193]{image}"
        << qint64(600) << 200
        << QStringList{"aia.lev1_euv_12s[2014.01.01_00:00:40_TAI/1200s][171,193]{image}",
                       "aia.lev1_euv_12s[2014.01.01_00:20:40_TAI/1200s][171,193]{image}",
                       "aia.lev1_euv_12s[2014.01.01_00:40:40_TAI/1200s][171,193]{image}"};
    // Cadence: every 5th 720 s slot; windows start on the cadence grid and keep the step.
    QTest::newRow("duration with cadence") << hmiM720() << "hmi.m_720s[2014.01.01_00:00:00_TAI/1d@1h]" << qint64(24) << 10
        << QStringList{"hmi.m_720s[2014.01.01_00:00:00_TAI/36000s@1h]", "hmi.m_720s[2014.01.01_10:00:00_TAI/36000s@1h]",
                       "hmi.m_720s[2014.01.01_20:00:00_TAI/14400s@1h]"};
    QTest::newRow("range with cadence") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:35_TAI-2014.01.01_01:00:35_TAI@90.0s]"
        << qint64(41) << 10
        << QStringList{"hmi.v_45s[2014.01.01_00:00:45_TAI/900s@90.0s]", "hmi.v_45s[2014.01.01_00:15:45_TAI/900s@90.0s]",
                       "hmi.v_45s[2014.01.01_00:30:45_TAI/900s@90.0s]", "hmi.v_45s[2014.01.01_00:45:45_TAI/900s@90.0s]",
                       "hmi.v_45s[2014.01.01_01:00:45_TAI/45s@90.0s]"};
    QTest::newRow("earlier key single value") << sharp() << "hmi.sharp_720s[377][2014.01.01_TAI/30d]{magnetogram}"
        << qint64(3600) << 1000
        << QStringList{"hmi.sharp_720s[377][2014.01.01_00:00:00_TAI/720000s]{magnetogram}",
                       "hmi.sharp_720s[377][2014.01.09_08:00:00_TAI/720000s]{magnetogram}",
                       "hmi.sharp_720s[377][2014.01.17_16:00:00_TAI/720000s]{magnetogram}",
                       "hmi.sharp_720s[377][2014.01.26_00:00:00_TAI/432000s]{magnetogram}"};
    QTest::newRow("named keys") << sharp() << "hmi.sharp_720s[HARPNUM=377][T_REC=2014.01.01_TAI/2d]"
        << qint64(240) << 120
        << QStringList{"hmi.sharp_720s[HARPNUM=377][T_REC=2014.01.01_00:00:00_TAI/86400s]",
                       "hmi.sharp_720s[HARPNUM=377][T_REC=2014.01.02_00:00:00_TAI/86400s]"};
    QTest::newRow("later key and where kept") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/2h][2][? QUALITY=0 ?]"
        << qint64(160) << 80
        << QStringList{"hmi.v_45s[2014.01.01_00:00:00_TAI/3600s][2][? QUALITY=0 ?]",
                       "hmi.v_45s[2014.01.01_01:00:00_TAI/3600s][2][? QUALITY=0 ?]"};
    // A sparse where clause: 40 rows over 160 slots → 4 slots per row → 80 slots per 20-row page.
    QTest::newRow("rows per slot from the count") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/2h][? QUALITY<0 ?]"
        << qint64(40) << 20
        << QStringList{"hmi.v_45s[2014.01.01_00:00:00_TAI/3600s][? QUALITY<0 ?]",
                       "hmi.v_45s[2014.01.01_01:00:00_TAI/3600s][? QUALITY<0 ?]"};
    QTest::newRow("index range") << hmiV45() << "hmi.v_45s[#100-#1099]" << qint64(1000) << 400
        << QStringList{"hmi.v_45s[#100-#499]", "hmi.v_45s[#500-#899]", "hmi.v_45s[#900-#1099]"};
    QTest::newRow("index duration") << hmiV45() << "hmi.v_45s[#100/1000]" << qint64(1000) << 400
        << QStringList{"hmi.v_45s[#100-#499]", "hmi.v_45s[#500-#899]", "hmi.v_45s[#900-#1099]"};
    QTest::newRow("fractional epoch and step") << odd() << "test.odd[2014.01.01_00:00:00_TAI/6s]" << qint64(4) << 2
        << QStringList{"test.odd[2014.01.01_00:00:00.250_TAI/3s]", "test.odd[2014.01.01_00:00:03.250_TAI/3s]"};
    QTest::newRow("duration in slots") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/100u]" << qint64(100) << 50
        << QStringList{"hmi.v_45s[2014.01.01_00:00:00_TAI/2250s]", "hmi.v_45s[2014.01.01_00:37:30_TAI/2250s]"};
}

void TestRecordWindowPlan::exactWindows()
{
    QFETCH(SeriesStructure, structure);
    QFETCH(QString, recordSet);
    QFETCH(qint64, total);
    QFETCH(int, rowsPerPage);
    QFETCH(QStringList, expected);

    const RecordWindowPlan plan = planRecordWindows(recordSet, structure, total, rowsPerPage);
    QVERIFY2(plan.split, qPrintable(plan.reason));
    QCOMPARE(plan.reason, QString());
    QCOMPARE(plan.splitKey, structure.primeKeysInfo.last().slotted ? structure.primeKeysInfo.last().name
                                                                   : structure.primeKeysInfo.first().name);
    QCOMPARE(plan.recordSets, expected);
}

void TestRecordWindowPlan::unionEqualsOriginal_data()
{
    QTest::addColumn<SeriesStructure>("structure");
    QTest::addColumn<QString>("recordSet");
    QTest::addColumn<int>("rowsPerPage");

    QTest::newRow("odd page size") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:10-2014.01.03_17:13:02]" << 997;
    QTest::newRow("cadence 3 slots, odd page") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:22_TAI/3d@135s]" << 101;
    QTest::newRow("cadence 1h over 30d") << hmiM720() << "hmi.m_720s[2014.01.01_TAI/30d@1h]" << 7;
    QTest::newRow("cadence = step") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d@45s]" << 100;
    QTest::newRow("aia midnight UTC") << aia12() << "aia.lev1_euv_12s[2014.01.01/1d]" << 333;
    QTest::newRow("aia range Z cadence") << aia12() << "aia.lev1_euv_12s[2010-07-30T13:30:34Z-2010-08-02T14:00:34Z@1m]" << 50;
    QTest::newRow("one slot per page") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1h]" << 1;
    QTest::newRow("fractional") << odd() << "test.odd[2014.01.01_00:00:01_TAI-2014.01.01_01:00:00_TAI@3s]" << 17;
    QTest::newRow("across a leap second") << hmiV45() << "hmi.v_45s[2016.12.31_23:00:00_UTC/2h]" << 13;
}

void TestRecordWindowPlan::unionEqualsOriginal()
{
    QFETCH(SeriesStructure, structure);
    QFETCH(QString, recordSet);
    QFETCH(int, rowsPerPage);

    const std::vector<qint64> original = selectedSlots(recordSet, structure);
    QVERIFY(original.size() > 2);
    // One row per slot as the estimate.
    const RecordWindowPlan plan = planRecordWindows(recordSet, structure, qint64(original.size()), rowsPerPage);
    QVERIFY2(plan.split, qPrintable(plan.reason));
    std::vector<qint64> joined;
    for (const QString &w : plan.recordSets) {
        const std::vector<qint64> part = selectedSlots(w, structure);
        QVERIFY2(!part.empty(), qPrintable(w));
        QVERIFY2(qint64(part.size()) <= std::max(1, rowsPerPage), qPrintable(w));
        joined.insert(joined.end(), part.begin(), part.end());
    }
    QCOMPARE(joined, original); // same slots, same order, no duplicates
    const qint64 pages = (qint64(original.size()) + std::max(1, rowsPerPage) - 1) / std::max(1, rowsPerPage);
    QCOMPARE(qint64(plan.recordSets.size()), pages);
}

void TestRecordWindowPlan::notSplit_data()
{
    QTest::addColumn<SeriesStructure>("structure");
    QTest::addColumn<QString>("recordSet");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("reasonContains");

    QTest::newRow("fits in a page") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d]" << qint64(1000) << "fit in one page";
    QTest::newRow("parse error") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d" << qint64(1920) << "does not parse";
    QTest::newRow("two subsets") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d],hmi.v_45s[2014.02.01_TAI/1d]"
                                 << qint64(3840) << "2 subsets";
    QTest::newRow("record numbers") << hmiV45() << "hmi.v_45s[:#1-#100000]" << qint64(100000) << "record number";
    QTest::newRow("single value") << hmiV45() << "hmi.v_45s[2014.01.01_TAI]" << qint64(5000) << "one range";
    QTest::newRow("last record") << hmiV45() << "hmi.v_45s[$]" << qint64(5000) << "one range";
    QTest::newRow("two ranges") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d,2014.02.01_TAI/1d]" << qint64(3840)
                                << "one range";
    QTest::newRow("no filter on time") << hmiV45() << "hmi.v_45s" << qint64(5000) << "one range";
    QTest::newRow("unslotted key") << synoptic() << "hmi.synoptic_mr_720s[2100-2200]" << qint64(5000) << "one range";
    QTest::newRow("earlier key empty") << sharp() << "hmi.sharp_720s[][2014.01.01_TAI/30d]" << qint64(36000) << "HARPNUM";
    QTest::newRow("earlier key list") << sharp() << "hmi.sharp_720s[377,378][2014.01.01_TAI/30d]" << qint64(7200) << "HARPNUM";
    QTest::newRow("earlier key range") << sharp() << "hmi.sharp_720s[377-380][2014.01.01_TAI/30d]" << qint64(7200) << "HARPNUM";
    QTest::newRow("earlier key unbound") << sharp() << "hmi.sharp_720s[T_REC=2014.01.01_TAI/30d]" << qint64(36000) << "HARPNUM";
    QTest::newRow("cadence not whole slots") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d@1m]" << qint64(1440) << "whole number";
    QTest::newRow("index cadence") << hmiV45() << "hmi.v_45s[#100-#1099@2]" << qint64(5000) << "indices";
    QTest::newRow("empty range") << hmiV45() << "hmi.v_45s[2014.01.02_TAI-2014.01.01_TAI]" << qint64(5000) << "no slot";
    QTest::newRow("one slot") << hmiV45() << "hmi.v_45s[2014.01.01_00:00:00_TAI/45s]" << qint64(5000) << "one window";
    QTest::newRow("other series") << hmiV45() << "hmi.m_45s[2014.01.01_TAI/1d]" << qint64(5000) << "structure is for";
    QTest::newRow("key bound twice") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d][T_REC=2014.01.01_TAI/1d]" << qint64(5000)
                                     << "twice";
    QTest::newRow("too many filters") << hmiV45() << "hmi.v_45s[2014.01.01_TAI/1d][2][3]" << qint64(5000) << "does not bind";
    QTest::newRow("empty") << hmiV45() << "" << qint64(5000) << "does not parse";
    QTest::newRow("garbage") << hmiV45() << "]]{{@@" << qint64(5000) << "does not parse";
}

void TestRecordWindowPlan::notSplit()
{
    QFETCH(SeriesStructure, structure);
    QFETCH(QString, recordSet);
    QFETCH(qint64, total);
    QFETCH(QString, reasonContains);

    const RecordWindowPlan plan = planRecordWindows(recordSet, structure, total, 1000);
    QVERIFY(!plan.split);
    QCOMPARE(plan.recordSets, QStringList{recordSet}); // the text as given, untouched
    QVERIFY(plan.splitKey.isEmpty());
    QVERIFY2(plan.reason.contains(reasonContains), qPrintable(plan.reason));
}

void TestRecordWindowPlan::windowsAreCanonicalAndParse()
{
    const QString rs = QStringLiteral("aia.lev1_euv_12s[ 2014.01.01_00:00:00_TAI - 2014.01.02_00:00:00_TAI @ 1m ][ 171 , 193 ]"
                                      "[? WAVELNTH>100 ?]{ image , spikes }");
    const RecordWindowPlan plan = planRecordWindows(rs, aia12(), 2 * 1441, 500);
    QVERIFY2(plan.split, qPrintable(plan.reason));
    QCOMPARE(plan.recordSets.size(), 6);
    for (const QString &w : plan.recordSets) {
        const auto spec = drms::parseRecordSet(w);
        QVERIFY2(spec, qPrintable(w));
        QCOMPARE(drms::toString(*spec), w);
        QCOMPARE(withoutFirstFilter(w), withoutFirstFilter(rs));
        QVERIFY2(w.contains(u"_TAI/") && w.endsWith(u"@1m][171,193][? WAVELNTH>100 ?]{image,spikes}"), qPrintable(w));
    }
}

void TestRecordWindowPlan::defaultPageSizeAndManyRows()
{
    // 200,000 slots of 45 s with the default 50,000-row pages: four windows of 50,000 slots.
    const RecordWindowPlan plan = planRecordWindows("hmi.v_45s[2014.01.01_TAI/9000000s]", hmiV45(), 200000);
    QVERIFY(plan.split);
    QCOMPARE(plan.slotsPerWindow, qint64(50000));
    QCOMPARE(plan.recordSets.size(), 4);
    QCOMPARE(plan.recordSets.first(), QStringLiteral("hmi.v_45s[2014.01.01_00:00:00_TAI/2250000s]"));
    // A count far beyond the slots (many records per slot) still gives at least one slot per window.
    const RecordWindowPlan dense = planRecordWindows("hmi.v_45s[2014.01.01_TAI/1h]", hmiV45(), 80000000, 10);
    QVERIFY(dense.split);
    QCOMPARE(dense.slotsPerWindow, qint64(1));
    QCOMPARE(dense.recordSets.size(), 80);
    // Page size 0 or less: never split.
    const RecordWindowPlan zero = planRecordWindows("hmi.v_45s[2014.01.01_TAI/1d]", hmiV45(), 1920, 0);
    QVERIFY(!zero.split);
    QVERIFY2(zero.reason.contains(u"page size"), qPrintable(zero.reason));
}

QTEST_APPLESS_MAIN(TestRecordWindowPlan)
#include "tst_recordwindowplan.moc"
