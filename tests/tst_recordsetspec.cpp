// Record-set grammar (protocol notes §4.1): structure of every form, canonical round trips,
// error messages with positions, and robustness against garbage.
#include "model/drms/RecordSetSpec.h"

#include "model/drms/DrmsTime.h"

#include <QRandomGenerator>
#include <QTest>

using namespace drms;
using Kind = ValueItem::Kind;

namespace {

ValueItem item(Kind kind, const QString &first = {}, const QString &second = {}, const QString &step = {})
{
    ValueItem v;
    v.kind = kind;
    v.first = first;
    v.second = second;
    v.step = step;
    return v;
}

Filter values(QList<ValueItem> items, const QString &key = {})
{
    Filter f;
    f.kind = Filter::Kind::Values;
    f.items = std::move(items);
    f.keyName = key;
    return f;
}

Filter empty() { return Filter{}; }

Filter sql(const QString &text, bool allVersions = false)
{
    Filter f;
    f.kind = allVersions ? Filter::Kind::AllVersionsQuery : Filter::Kind::Query;
    f.sql = text;
    return f;
}

Subset subset(const QString &series, QList<Filter> filters = {}, std::optional<QStringList> segs = std::nullopt)
{
    Subset s;
    s.series = series;
    s.filters = std::move(filters);
    if (segs) {
        s.hasSegmentList = true;
        s.segments = *segs;
    }
    return s;
}

QString describe(const RecordSetSpec &spec) { return toString(spec); }

// Every record set quoted in the protocol notes (§3, §4.1, §6, §9) and the samples' SOURCES.md.
const char *const kProtocolExamples[] = {
    "hmi.M_45s",
    "hmi.sharp_720s[377][2011.02.15_TAI]",
    "hmi.Mharp_720s[377][2011.02.15_00:00:00_TAI]",
    "hmi.m_45s[$]",
    "hmi.m_45s[^]",
    "hmi.M_45s[:#123]",
    "hmi.M_45s[:#100-#200]",
    "hmi.M_45s[:#^]",
    "hmi.M_45s[:#$]",
    "hmi.M_45s[#13322962]",
    "hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]",
    "hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:02:04_TAI@90.0s]",
    "hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]",
    "hmi.M_45s[3000d]",
    "hmi.M_45s[? QUALITY=0 ?]",
    "hmi.M_45s[? QUALITY<2 AND EXPTIME>2 ?]",
    "iris.lev1[? INSTRUME='FUV' ?]",
    "hmi.M_45s[2012.01.01_01:01:30_TAI][2][? drms.image_exists(quality) ?]",
    "hmi.M_45s[2012.01.01_01:01:30_TAI][2]{magnetogram}",
    "hmi.M_45s[2012.01.01_01:01:30_TAI][2]",
    "hmi.M_45s[2010.03.29_08:00:00_TAI][2]",
    "hmi.M_45s[2020.04.05_23:53:15_TAI][2]",
    "hmi.sharp_720s[377]{magnetogram,bitmap}",
    "hmi.sharp_720s[377]{**ALL**}",
    "aia.lev1_euv_12s[2014.01.01_TAI/1h][171,193]",
    "aia.lev1_euv_12s[2014-01-01T00:00:01Z][304]",
    "aia.lev1_euv_12s[2010.07.30_13:30:34_TAI-2010.07.30_14:00:34_TAI][193]",
    "aia.lev1_euv_12s[2014.01.01_00:00:35_TAI-2014.01.01_00:02:35_TAI][304]",
    "aia.lev1_euv_12s[2010-07-30T13:30:34Z-2010-07-30T14:00:34Z][193]",
    "hmi.m_720s[2014.01.01_00:00:00_TAI/1d@1h]",
    "hmi.M_720s[2011.04.14_00:30:00_TAI/6h@2h]",
    "hmi.v_45s[2013.07.03_08:42_TAI/3m]",
    "hmi.sharp_720s[4864][2014.11.30_00:00_TAI]{continuum, magnetogram}",
    "aia.lev1_euv_12s[2025-01-01T04:33:30.000/1m@12s][171]{image}",
    "hmi.v_sht_2drls[2024.09.19_00:00:00_TAI]{split,rot,err}",
    "hmi.synoptic_mr_720s[2150]",
    "hmi.mharp_720s_nrt[][$]",
    "hmi.v_45s[2014.01.01_00:00:35_TAI-2014.01.01_01:00:35_TAI]",
    "hmi.m_45s[2013.12.09_03:00:00_TAI-2013.12.11_08:00:00_TAI]",
    "hmi.sharp_cea_720s[3604]{Bp,magnetogram}",
    "hmi.sharp_720s[][2020.01.01_00:00:35_TAI-2020.01.01_01:00:35_TAI@300.0s]{continuum,magnetogram}",
    "aia.lev1_euv_12s[2020.01.01_00:00:35_TAI-2020.01.01_01:00:35_TAI][604]",
    "aia.lev1_euv_12s[2020.01.01_00:00:35_TAI-2020.01.01_01:00:35_TAI][604][? QUALITY=0 ?]",
    "aia.lev1_euv_12s[2020.01.01_00:00:35_TAI][604][? QUALITY='0' AND EXPTIME>'2' ?]",
    "aia.lev1_euv_12s[2020.01.01_00:00:35_TAI][? T_OBS>$(2014.01.01_TAI) AND WAVELNTH=\"171\" ?]",
    "hmi.M_45s[! QUALITY=0 !]",
    "hmi.M_45s[T_REC=2014.01.01_TAI/1d@1h][CAMERA=2]",
    "hmi.M_45s[#100-#200@2]",
    "hmi.M_45s[#100/10]",
    "hmi.m_45s[$],hmi.m_720s[^]",
    "su_foo.bar[-5--2]",
    "su_foo.bar[-5,1e-5-2e-3]",
    "hmi.M_45s[3000d-3100d]",
    "aia.lev1[JD_2456293.5-JD_2456294.5]",
};

} // namespace

class TestRecordSetSpec final : public QObject
{
    Q_OBJECT

private slots:
    void structure_data();
    void structure();
    void roundTripsProtocolExamples();
    void canonicalText_data();
    void canonicalText();
    void errors_data();
    void errors();
    void realSampleSlots();
    void garbageDoesNotCrash();
};

void TestRecordSetSpec::structure_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<Subset>>("expected");

    QTest::newRow("series only") << "hmi.M_45s" << QList<Subset>{subset("hmi.M_45s")};
    QTest::newRow("last") << "hmi.m_45s[$]" << QList<Subset>{subset("hmi.m_45s", {values({item(Kind::Last)})})};
    QTest::newRow("empty then last") << "hmi.mharp_720s_nrt[][$]"
                                     << QList<Subset>{subset("hmi.mharp_720s_nrt", {empty(), values({item(Kind::Last)})})};
    QTest::newRow("blank filter") << "hmi.mharp_720s_nrt[ ][^]"
                                  << QList<Subset>{subset("hmi.mharp_720s_nrt", {empty(), values({item(Kind::First)})})};
    QTest::newRow("TAI range")
        << "hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]"
        << QList<Subset>{subset("hmi.M_45s", {values({item(Kind::Range, "2012.01.01_01:01:10_TAI", "2012.01.01_01:01:12_TAI")})})};
    QTest::newRow("range with step")
        << "hmi.M_45s[2014.01.01_00:00:34_TAI-2014.01.01_00:02:04_TAI@90.0s]"
        << QList<Subset>{subset("hmi.M_45s", {values({item(Kind::Range, "2014.01.01_00:00:34_TAI", "2014.01.01_00:02:04_TAI", "90.0s")})})};
    QTest::newRow("ISO range")
        << "aia.lev1_euv_12s[2010-07-30T13:30:34Z-2010-07-30T14:00:34Z]"
        << QList<Subset>{subset("aia.lev1_euv_12s", {values({item(Kind::Range, "2010-07-30T13:30:34Z", "2010-07-30T14:00:34Z")})})};
    QTest::newRow("ISO range no zone")
        << "aia.lev1_euv_12s[2010-07-30T13:30:34-2010-07-30T14:00:34]"
        << QList<Subset>{subset("aia.lev1_euv_12s", {values({item(Kind::Range, "2010-07-30T13:30:34", "2010-07-30T14:00:34")})})};
    QTest::newRow("ISO value is not a range")
        << "aia.lev1_euv_12s[2014-01-01T00:00:00]"
        << QList<Subset>{subset("aia.lev1_euv_12s", {values({item(Kind::Value, "2014-01-01T00:00:00")})})};
    QTest::newRow("zone-less range backs off the -2014 'zone'")
        << "x.y[2014.01.01-2014.01.02]"
        << QList<Subset>{subset("x.y", {values({item(Kind::Range, "2014.01.01", "2014.01.02")})})};
    QTest::newRow("negative numbers")
        << "x.y[-5--2,-7,3-4]"
        << QList<Subset>{subset("x.y", {values({item(Kind::Range, "-5", "-2"), item(Kind::Value, "-7"), item(Kind::Range, "3", "4")})})};
    QTest::newRow("exponents") << "x.y[1e-5-2e-3]"
                               << QList<Subset>{subset("x.y", {values({item(Kind::Range, "1e-5", "2e-3")})})};
    QTest::newRow("string with dash stays a value")
        << "x.y[AIA-171]" << QList<Subset>{subset("x.y", {values({item(Kind::Value, "AIA-171")})})};
    QTest::newRow("duration")
        << "aia.lev1_euv_12s[2014.01.01_TAI/1h][171,193]"
        << QList<Subset>{subset("aia.lev1_euv_12s", {values({item(Kind::Duration, "2014.01.01_TAI", "1h")}),
                                                     values({item(Kind::Value, "171"), item(Kind::Value, "193")})})};
    QTest::newRow("duration with step")
        << "hmi.m_720s[2014.01.01_00:00:00_TAI/1d@1h]"
        << QList<Subset>{subset("hmi.m_720s", {values({item(Kind::Duration, "2014.01.01_00:00:00_TAI", "1d", "1h")})})};
    QTest::newRow("ISO duration step")
        << "aia.lev1_euv_12s[2025-01-01T04:33:30.000/1m@12s][171]{image}"
        << QList<Subset>{subset("aia.lev1_euv_12s",
                                {values({item(Kind::Duration, "2025-01-01T04:33:30.000", "1m", "12s")}),
                                 values({item(Kind::Value, "171")})},
                                QStringList{"image"})};
    QTest::newRow("value list with everything")
        << "x.y[a,b-c,2014.01.01_TAI/1d@1h,^,$]"
        << QList<Subset>{subset("x.y", {values({item(Kind::Value, "a"), item(Kind::Value, "b-c"),
                                                 item(Kind::Duration, "2014.01.01_TAI", "1d", "1h"),
                                                 item(Kind::First), item(Kind::Last)})})};
    QTest::newRow("slot duration") << "hmi.M_45s[3000d]"
                                   << QList<Subset>{subset("hmi.M_45s", {values({item(Kind::Value, "3000d")})})};
    QTest::newRow("key by name")
        << "hmi.M_45s[ CAMERA = 2 ][T_REC=2014.01.01_TAI/1d@1h]"
        << QList<Subset>{subset("hmi.M_45s", {values({item(Kind::Value, "2")}, "CAMERA"),
                                              values({item(Kind::Duration, "2014.01.01_TAI", "1d", "1h")}, "T_REC")})};
    Filter recnums;
    recnums.kind = Filter::Kind::Recnums;
    recnums.items = {item(Kind::Index, "1"), item(Kind::IndexRange, "5", "9"), item(Kind::Index, "^"),
                     item(Kind::Index, "$"), item(Kind::IndexRange, "10", "20", "2")};
    QTest::newRow("recnums") << "x.y[:#1,#5-#9, #^ ,#$,#10-#20@2]" << QList<Subset>{subset("x.y", {recnums})};
    QTest::newRow("index forms")
        << "x.y[#12][#3/4@2][#-5-#-1]"
        << QList<Subset>{subset("x.y", {values({item(Kind::Index, "12")}), values({item(Kind::IndexDuration, "3", "4", "2")}),
                                        values({item(Kind::IndexRange, "-5", "-1")})})};
    QTest::newRow("sql with brackets and quotes")
        << "x.y[? a='x]y' AND b=\"?]\" AND T_REC>$(2014.01.01_TAI) AND c[1]=2 ?]"
        << QList<Subset>{subset("x.y", {sql("a='x]y' AND b=\"?]\" AND T_REC>$(2014.01.01_TAI) AND c[1]=2")})};
    QTest::newRow("sql unclosed quote ends at first ?]")
        << "x.y[? a='x ?][$]" << QList<Subset>{subset("x.y", {sql("a='x"), values({item(Kind::Last)})})};
    QTest::newRow("all versions sql") << "x.y[!QUALITY=0!]" << QList<Subset>{subset("x.y", {sql("QUALITY=0", true)})};
    QTest::newRow("segments with spaces")
        << "hmi.sharp_720s[4864][2014.11.30_00:00_TAI]{continuum, magnetogram}"
        << QList<Subset>{subset("hmi.sharp_720s", {values({item(Kind::Value, "4864")}), values({item(Kind::Value, "2014.11.30_00:00_TAI")})},
                                QStringList{"continuum", "magnetogram"})};
    QTest::newRow("empty segment list") << "x.y{}" << QList<Subset>{subset("x.y", {}, QStringList{})};
    QTest::newRow("all segments") << "x.y{**ALL**}" << QList<Subset>{subset("x.y", {}, QStringList{"**ALL**"})};
    QTest::newRow("several subsets, commas inside brackets do not split")
        << " hmi.m_45s[1,2]{a,b} , aia.lev1[$] "
        << QList<Subset>{subset("hmi.m_45s", {values({item(Kind::Value, "1"), item(Kind::Value, "2")})}, QStringList{"a", "b"}),
                         subset("aia.lev1", {values({item(Kind::Last)})})};
    QTest::newRow("spaces between parts")
        << "hmi.m_45s [ $ ] { image }" << QList<Subset>{subset("hmi.m_45s", {values({item(Kind::Last)})}, QStringList{"image"})};
    QTest::newRow("spaced range")
        << "x.y[2014.01.01 - 2014.01.02]" << QList<Subset>{subset("x.y", {values({item(Kind::Range, "2014.01.01", "2014.01.02")})})};
}

void TestRecordSetSpec::structure()
{
    QFETCH(QString, text);
    QFETCH(QList<Subset>, expected);
    RecordSetParseError error;
    const std::optional<RecordSetSpec> spec = parseRecordSet(text, &error);
    QVERIFY2(spec.has_value(), qPrintable(QStringLiteral("%1 at %2").arg(error.message).arg(error.position)));
    RecordSetSpec want;
    want.subsets = expected;
    QVERIFY2(*spec == want, qPrintable(QStringLiteral("got %1, want %2").arg(describe(*spec), describe(want))));
    // Structure survives the canonical text.
    const std::optional<RecordSetSpec> again = parseRecordSet(toString(*spec));
    QVERIFY(again.has_value());
    QVERIFY(*again == *spec);
}

void TestRecordSetSpec::roundTripsProtocolExamples()
{
    for (const char *example : kProtocolExamples) {
        const QString text = QString::fromUtf8(example);
        RecordSetParseError error;
        const std::optional<RecordSetSpec> spec = parseRecordSet(text, &error);
        QVERIFY2(spec.has_value(), qPrintable(QStringLiteral("%1: %2 at %3").arg(text, error.message).arg(error.position)));
        const QString canonical = toString(*spec);
        const std::optional<RecordSetSpec> again = parseRecordSet(canonical, &error);
        QVERIFY2(again.has_value(), qPrintable(canonical));
        QVERIFY2(*again == *spec, qPrintable(text));
        QCOMPARE(toString(*again), canonical);
        // Forms already canonical (no optional spaces) come back byte for byte.
        if (!text.contains(u' ') || text.contains(u'?') || text.contains(u'!'))
            QCOMPARE(canonical, text);
    }
}

void TestRecordSetSpec::canonicalText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("spaces removed") << " hmi.m_45s [ $ ] { a , b } , x.y [ 1 , 2 ] "
                                    << "hmi.m_45s[$]{a,b},x.y[1,2]";
    QTest::newRow("sql trimmed") << "x.y[?QUALITY=0   ?]" << "x.y[? QUALITY=0 ?]";
    QTest::newRow("key spaces") << "x.y[ T_REC = 2014.01.01_TAI ]" << "x.y[T_REC=2014.01.01_TAI]";
    QTest::newRow("recnum spaces") << "x.y[: #1 , #2 - #3 ]" << "x.y[:#1,#2-#3]";
    QTest::newRow("step spaces") << "x.y[2014.01.01_TAI / 1d @ 1h]" << "x.y[2014.01.01_TAI/1d@1h]";
}

void TestRecordSetSpec::canonicalText()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    RecordSetParseError error;
    const std::optional<RecordSetSpec> spec = parseRecordSet(text, &error);
    QVERIFY2(spec.has_value(), qPrintable(error.message));
    QCOMPARE(toString(*spec), canonical);
}

void TestRecordSetSpec::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("fragment"); // must appear in the message

    QTest::newRow("empty") << "" << 0 << "empty";
    QTest::newRow("blank") << "   " << 0 << "empty";
    //                        0123456789012
    QTest::newRow("unclosed") << "hmi.M_45s[2014" << 14 << "expected ']' to close the filter opened at 9";
    QTest::newRow("unclosed second") << "hmi.m_45s[$][12" << 15 << "opened at 12";
    QTest::newRow("unclosed sql") << "hmi.M_45s[? QUALITY=0 ]" << 23 << "'?]'";
    QTest::newRow("unclosed all-versions sql") << "x.y[! a !" << 9 << "'!]'";
    QTest::newRow("stray ]") << "hmi.M_45s]" << 9 << "no matching '['";
    QTest::newRow("stray }") << "hmi.M_45s[$]}" << 12 << "no matching '{'";
    QTest::newRow("nested [") << "x.y[a[b]]" << 5 << "inside the filter opened at 3";
    QTest::newRow("unclosed segments") << "x.y{a,b" << 7 << "expected '}'";
    QTest::newRow("filter after segments") << "x.y{a}[1]" << 6 << "before the segment list";
    QTest::newRow("two segment lists") << "x.y{a}{b}" << 6 << "only one";
    QTest::newRow("bad series start") << "1abc" << 0 << "series name";
    QTest::newRow("bad series char") << "hmi.m-45s" << 5 << "unexpected '-'";
    QTest::newRow("file subset") << "@/tmp/list" << 0 << "'@file'";
    QTest::newRow("trailing comma") << "hmi.m_45s," << 10 << "after ','";
    QTest::newRow("double comma") << "a.b,,c.d" << 4 << "series name";
    QTest::newRow("trailing junk") << "hmi.m_45s[$] junk" << 13 << "unexpected 'j'";
    QTest::newRow("empty item") << "x.y[a,,b]" << 6 << "empty item";
    QTest::newRow("empty key value") << "x.y[T_REC=]" << 10 << "after 'T_REC='";
    QTest::newRow("bad duration") << "x.y[2014.01.01_TAI/1x]" << 19 << "not a valid duration";
    QTest::newRow("missing duration start") << "x.y[/1d]" << 4 << "before '/'";
    QTest::newRow("bad step") << "x.y[1-5@fast]" << 8 << "not a valid step";
    QTest::newRow("empty step") << "x.y[1-5@]" << 7 << "after '@'";
    QTest::newRow("nothing before @") << "x.y[@1h]" << 4 << "before '@'";
    QTest::newRow("recnum without #") << "x.y[:12]" << 5 << "'#n'";
    QTest::newRow("empty recnum list") << "x.y[:]" << 5 << "record number";
    QTest::newRow("bad index") << "x.y[#abc]" << 4 << "not a valid index";
    QTest::newRow("index step not integer") << "x.y[#1-#5@1h]" << 10 << "whole number";
    QTest::newRow("segment with space") << "x.y{a b}" << 4 << "contains a space";
    QTest::newRow("empty segment name") << "x.y{a,,b}" << 6 << "segment name";
}

void TestRecordSetSpec::errors()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, fragment);
    RecordSetParseError error;
    error.position = -1;
    const std::optional<RecordSetSpec> spec = parseRecordSet(text, &error);
    QVERIFY2(!spec.has_value(), qPrintable(text));
    QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
    QCOMPARE(error.position, position);
}

// The two slotted-range samples of protocol notes §4.1, resolved with the HMI T_REC axis
// (epoch 1993.01.01_00:00:00_TAI, step 45 s).
void TestRecordSetSpec::realSampleSlots()
{
    const SlotAxis axis{*parseTime(u"1993.01.01_00:00:00_TAI"), 45.0};
    const auto slotsOf = [&](const QString &text) {
        QStringList out;
        const std::optional<RecordSetSpec> spec = parseRecordSet(text);
        if (!spec || spec->subsets.size() != 1 || spec->subsets[0].filters.size() != 1)
            return out;
        const ValueItem range = spec->subsets[0].filters[0].items.value(0);
        if (range.kind != Kind::Range)
            return out;
        const qint64 from = axis.indexOf(*parseTime(range.first));
        const qint64 to = axis.indexOf(*parseTime(range.second));
        const qint64 every = range.step.isEmpty() ? 1 : qint64(*parseDuration(range.step, axis.step) / axis.step);
        for (qint64 i = from; i <= to; i += every)
            out << formatTime(axis.timeOf(i));
        return out;
    };
    QCOMPARE(slotsOf("hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]"),
             QStringList{"2012.01.01_01:01:30_TAI"});
    QCOMPARE(slotsOf("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:02:04_TAI@90.0s]"),
             (QStringList{"2012.01.01_00:00:45_TAI", "2012.01.01_00:02:15_TAI"}));
    QCOMPARE(slotsOf("hmi.M_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:01:19_TAI]"),
             (QStringList{"2012.01.01_00:00:45_TAI", "2012.01.01_00:01:30_TAI"}));
}

void TestRecordSetSpec::garbageDoesNotCrash()
{
    QRandomGenerator rng(424242);
    const QString alphabet = QStringLiteral("hmi.M_45s[]{}?!:#^$@/-,=' \"0123456789TAIZ\u00e9");
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        const int len = int(rng.bounded(40));
        QString s;
        for (int k = 0; k < len; ++k)
            s += alphabet[int(rng.bounded(alphabet.size()))];
        RecordSetParseError error;
        const std::optional<RecordSetSpec> spec = parseRecordSet(s, &error);
        if (spec) {
            ++accepted;
            // Whatever was accepted must round-trip.
            const std::optional<RecordSetSpec> again = parseRecordSet(toString(*spec));
            QVERIFY2(again.has_value() && *again == *spec, qPrintable(s));
        } else {
            QVERIFY2(!error.message.isEmpty(), qPrintable(s));
            QVERIFY2(error.position >= 0 && error.position <= s.size(), qPrintable(s));
        }
    }
    // Mutations of a full example: every prefix and every single-character replacement.
    const QString valid = QStringLiteral(
        "hmi.sharp_720s[4864][2014.11.30_00:00_TAI-2014.12.01_TAI@12m][? Q=\"a\" ?]{continuum, magnetogram},a.b[:#1-#3]");
    for (int cut = 0; cut <= valid.size(); ++cut) {
        RecordSetParseError error;
        const auto spec = parseRecordSet(QStringView(valid).left(cut), &error);
        if (!spec)
            QVERIFY(error.position >= 0 && error.position <= cut);
    }
    for (int pos = 0; pos < valid.size(); ++pos) {
        for (QChar c : alphabet) {
            QString m = valid;
            m[pos] = c;
            RecordSetParseError error;
            const auto spec = parseRecordSet(m, &error);
            if (spec) {
                const auto again = parseRecordSet(toString(*spec));
                QVERIFY2(again.has_value() && *again == *spec, qPrintable(m));
            }
        }
    }
    QVERIFY(accepted > 0);
    QVERIFY(accepted < 20000);
}

QTEST_GUILESS_MAIN(TestRecordSetSpec)
#include "tst_recordsetspec.moc"
