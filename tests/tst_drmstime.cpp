// DRMS time parsing/formatting, leap seconds, durations and slot rounding.
// Expected numbers are worked out by hand in the comments (days × 86400 + TAI−UTC), never by
// calling the functions under test.
#include "model/drms/DrmsTime.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace drms;

namespace {

// Days from 1977-01-01 to 1 January of these years (365 per year + leap days), × 86400.
// 1993: 16 y, leap 80,84,88,92            → 5844 d  → 504921600
// 2012: 35 y, leap 80..2008 (8)           → 12783 d → 1104451200
// 2013: 36 y, leap 80..2012 (9)           → 13149 d → 1136073600
// 2014: 37 y, 9 leap days                 → 13514 d → 1167609600
// 2017: 40 y, leap 80..2016 (10)          → 14610 d → 1262304000
// 2015-07-01: 2015-01-01 (13879 d) + 181  → 14060 d → 1214784000
// 1972-01-01: −(5 y: 1972..1976, 2 leap)  → −1827 d → −157852800
// 1972-07-01: −1827 + 182                 → −1645 d → −142128000
constexpr double k1993Tai = 504921600.0;
constexpr double k2012Tai = 1104451200.0;
constexpr double k2013Tai = 1136073600.0;
constexpr double k2014Tai = 1167609600.0;
constexpr double k2017Tai = 1262304000.0;
constexpr double k2015JulTai = 1214784000.0;
constexpr double k1972Tai = -157852800.0;
constexpr double k1972JulTai = -142128000.0;

double parsed(const char *text)
{
    QString error;
    const std::optional<double> t = parseTime(QString::fromUtf8(text), &error);
    if (!t) {
        qWarning("parseTime(%s) failed: %s", text, qPrintable(error));
        return std::numeric_limits<double>::quiet_NaN();
    }
    return *t;
}

} // namespace

class TestDrmsTime final : public QObject
{
    Q_OBJECT

private slots:
    void parsesZones_data();
    void parsesZones();
    void rejectsBadTimes_data();
    void rejectsBadTimes();
    void leapSecondBoundaries();
    void taiMinusUtcTable();
    void formatsStyles();
    void formatsPrecisionAndRounding();
    void roundTrips_data();
    void roundTrips();
    void missingTime();
    void calendarEdges();
    void durations_data();
    void durations();
    void slotRounding();
    void timeMacros();
    void garbageDoesNotCrash();
};

void TestDrmsTime::parsesZones_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("expected");

    // 2014 has TAI−UTC = 35 s.
    QTest::newRow("TAI") << "2014.01.01_00:00:00_TAI" << k2014Tai;
    QTest::newRow("UTC") << "2014.01.01_00:00:00_UTC" << k2014Tai + 35;
    QTest::newRow("no zone is UTC") << "2014.01.01_00:00:00" << k2014Tai + 35;
    QTest::newRow("UT") << "2014.01.01_00:00:00_UT" << k2014Tai + 35;
    QTest::newRow("Z separate") << "2014.01.01_00:00:00_Z" << k2014Tai + 35;
    QTest::newRow("Z glued") << "2014.01.01_00:00:00Z" << k2014Tai + 35;
    QTest::newRow("ISO zone") << "2014.01.01_00:00:00_ISO" << k2014Tai + 35;
    QTest::newRow("lower-case tai") << "2014.01.01_00:00:00_tai" << k2014Tai;
    QTest::newRow("TAI-equal in 2014") << "2014.01.01_00:00:35_TAI" << k2014Tai + 35;
    // TT = TAI + 32.184 s.
    QTest::newRow("TT") << "2014.01.01_00:00:32.184_TT" << k2014Tai;
    QTest::newRow("TDT") << "2014.01.01_00:00:32.184_TDT" << k2014Tai;
    // Numeric offsets are local − UTC.
    QTest::newRow("+0100") << "2014.01.01_01:00:00+0100" << k2014Tai + 35;
    QTest::newRow("_+01:00") << "2014.01.01_01:00:00_+01:00" << k2014Tai + 35;
    QTest::newRow("-07:00") << "2013.12.31_17:00:00-07:00" << k2014Tai + 35;
    QTest::newRow("-0730") << "2013.12.31_16:30:00-0730" << k2014Tai + 35;
    QTest::newRow("PST") << "2013.12.31_16:00:00_PST" << k2014Tai + 35;
    QTest::newRow("military A=+1") << "2014.01.01_01:00:00A" << k2014Tai + 35;
    // Truncated fields.
    QTest::newRow("date only") << "2014.01.01" << k2014Tai + 35;
    QTest::newRow("short fields") << "2014.1.1_00:00" << k2014Tai + 35;
    QTest::newRow("hour only") << "2014.01.01_00" << k2014Tai + 35;
    QTest::newRow("year.month") << "2014.01" << k2014Tai + 35;
    QTest::newRow("date zone") << "2014.01.01_TAI" << k2014Tai;
    QTest::newRow("hh:mm TAI") << "2014.01.01_00:00_TAI" << k2014Tai;
    QTest::newRow("fraction") << "2014.01.01_00:00:00.25_TAI" << k2014Tai + 0.25;
    QTest::newRow("spaces trimmed") << "  2014.01.01_00:00:00_TAI\t" << k2014Tai;
    // HMI epoch and a T_REC slot (1 h 1 min 10 s = 3670 s).
    QTest::newRow("HMI epoch") << "1993.01.01_00:00:00_TAI" << k1993Tai;
    QTest::newRow("T_REC 01:01:10") << "2012.01.01_01:01:10_TAI" << k2012Tai + 3670;
    // ISO input.
    QTest::newRow("ISO Z fraction") << "2014-01-01T00:00:00.5Z" << k2014Tai + 35.5;
    QTest::newRow("ISO no zone") << "2014-01-01T00:00:00" << k2014Tai + 35;
    QTest::newRow("ISO date") << "2014-01-01" << k2014Tai + 35;
    // 2025: TAI−UTC 37; 2025-01-01 = 2017-01-01 + 8 y with 2 leap days (2020, 2024) = 2922 d.
    QTest::newRow("ISO AIA") << "2025-01-01T04:33:30.000"
                             << k2017Tai + 2922 * 86400.0 + 4 * 3600 + 33 * 60 + 30 + 37;
    // Julian dates: JD 2443144.5 = 1977.01.01_00:00; 2456293.5 − 2443144.5 = 13149 d = 2013.01.01.
    QTest::newRow("JD") << "JD_2456293.5" << k2013Tai + 35;
    QTest::newRow("JD TAI") << "JD_2456293.5_TAI" << k2013Tai;
    QTest::newRow("JD glued") << "JD2456293.5" << k2013Tai + 35;
    QTest::newRow("MJD") << "MJD_56293" << k2013Tai + 35;
    QTest::newRow("MJD half") << "MJD_56293.5_TAI" << k2013Tai + 43200;
    // Before 1977 and before 1972 (10 s assumed).
    QTest::newRow("1972 UTC") << "1972.01.01_00:00:00_UTC" << k1972Tai + 10;
    QTest::newRow("1971 UTC (10 s)") << "1971.12.31_23:59:59_UTC" << k1972Tai - 1 + 10;
    QTest::newRow("DRMS epoch") << "1977.01.01_00:00:00_TAI" << 0.0;
    QTest::newRow("DRMS epoch UTC") << "1977.01.01_00:00:00_UTC" << 16.0;
}

void TestDrmsTime::parsesZones()
{
    QFETCH(QString, text);
    QFETCH(double, expected);
    QString error;
    const std::optional<double> t = parseTime(text, &error);
    QVERIFY2(t.has_value(), qPrintable(error));
    QVERIFY2(std::abs(*t - expected) < 1e-6,
             qPrintable(QStringLiteral("%1 gave %2, expected %3").arg(text).arg(*t, 0, 'f', 6).arg(expected, 0, 'f', 6)));
}

void TestDrmsTime::rejectsBadTimes_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("blank") << "   ";
    QTest::newRow("word") << "yesterday";
    QTest::newRow("year only") << "2014";
    QTest::newRow("month 13") << "2014.13.01";
    QTest::newRow("month 0") << "2014.00.01";
    QTest::newRow("day 32") << "2014.01.32";
    QTest::newRow("hour 24") << "2014.01.01_24:00";
    QTest::newRow("minute 60") << "2014.01.01_00:60";
    QTest::newRow("second 60 not at 23:59") << "2014.01.01_00:00:60_UTC";
    QTest::newRow("second 61") << "2016.12.31_23:59:61_UTC";
    QTest::newRow("unknown zone") << "2014.01.01_00:00:00_XYZ";
    QTest::newRow("trailing junk") << "2014.01.01_00:00:00_TAI junk";
    QTest::newRow("trailing underscore") << "2014.01.01_";
    QTest::newRow("ISO without day") << "2014-01";
    QTest::newRow("bad offset") << "2014.01.01_00:00+x";
    QTest::newRow("offset 25h") << "2014.01.01_00:00+2500";
    QTest::newRow("JD no number") << "JD_";
    QTest::newRow("range is not a time") << "2014.01.01_TAI-2014.01.02_TAI";
    QTest::newRow("J is not a zone") << "2014.01.01_00:00:00J";
}

void TestDrmsTime::rejectsBadTimes()
{
    QFETCH(QString, text);
    QString error;
    const std::optional<double> t = parseTime(text, &error);
    QVERIFY2(!t.has_value(), qPrintable(text));
    QVERIFY(!error.isEmpty());
}

void TestDrmsTime::leapSecondBoundaries()
{
    // 2016-12-31 had a leap second: 23:59:59 (36 s) → 23:59:60 (36 s) → 00:00:00 (37 s).
    QCOMPARE(parsed("2016.12.31_23:59:59_UTC"), k2017Tai - 1 + 36);
    QCOMPARE(parsed("2016.12.31_23:59:60_UTC"), k2017Tai + 36);
    QCOMPARE(parsed("2016.12.31_23:59:60.5_UTC"), k2017Tai + 36.5);
    QCOMPARE(parsed("2017.01.01_00:00:00_UTC"), k2017Tai + 37);
    QCOMPARE(formatTime(k2017Tai + 35, TimeStyle::Utc), QStringLiteral("2016.12.31_23:59:59_UTC"));
    QCOMPARE(formatTime(k2017Tai + 36, TimeStyle::Utc), QStringLiteral("2016.12.31_23:59:60_UTC"));
    QCOMPARE(formatTime(k2017Tai + 36.5, TimeStyle::Utc, 1), QStringLiteral("2016.12.31_23:59:60.5_UTC"));
    QCOMPARE(formatTime(k2017Tai + 36, TimeStyle::Iso), QStringLiteral("2016-12-31T23:59:60Z"));
    QCOMPARE(formatTime(k2017Tai + 37, TimeStyle::Utc), QStringLiteral("2017.01.01_00:00:00_UTC"));
    QCOMPARE(formatTime(k2017Tai + 37, TimeStyle::Tai), QStringLiteral("2017.01.01_00:00:37_TAI"));
    // Rounding 23:59:60.96 to one decimal carries into the next UTC day.
    QCOMPARE(formatTime(k2017Tai + 36.96, TimeStyle::Utc, 1), QStringLiteral("2017.01.01_00:00:00.0_UTC"));

    // 2015-06-30: 35 → 36 s.
    QCOMPARE(parsed("2015.06.30_23:59:59_UTC"), k2015JulTai - 1 + 35);
    QCOMPARE(parsed("2015.06.30_23:59:60_UTC"), k2015JulTai + 35);
    QCOMPARE(parsed("2015.07.01_00:00:00_UTC"), k2015JulTai + 36);
    QCOMPARE(formatTime(k2015JulTai + 35, TimeStyle::Utc), QStringLiteral("2015.06.30_23:59:60_UTC"));

    // 1972-06-30, the first leap second: 10 → 11 s.
    QCOMPARE(parsed("1972.06.30_23:59:60_UTC"), k1972JulTai + 10);
    QCOMPARE(parsed("1972.07.01_00:00:00_UTC"), k1972JulTai + 11);
    QCOMPARE(formatTime(k1972JulTai + 10, TimeStyle::Utc), QStringLiteral("1972.06.30_23:59:60_UTC"));

    // A 23:59:60 on a day without a leap second is the next day's 00:00:00.
    QCOMPARE(parsed("2013.12.31_23:59:60_UTC"), k2014Tai + 35);
    // Offsets apply on the leap day too: 2016-12-31 15:59:60 −08:00 is the leap second.
    QCOMPARE(parsed("2016.12.31_15:59:60-08:00"), k2017Tai + 36);
}

void TestDrmsTime::taiMinusUtcTable()
{
    QCOMPARE(taiMinusUtc(k2014Tai), 35.0);
    QCOMPARE(taiMinusUtc(k2017Tai + 37), 37.0);
    QCOMPARE(taiMinusUtc(k2017Tai + 36), 36.0); // the leap second keeps the old offset
    QCOMPARE(taiMinusUtc(k2017Tai + 35), 36.0);
    // UTC 1977-01-01 begins at TAI 16 s; TAI 0 is still 1976 (15 s), TAI 15 is the leap second.
    QCOMPARE(taiMinusUtc(0.0), 15.0);
    QCOMPARE(taiMinusUtc(15.0), 15.0);
    QCOMPARE(taiMinusUtc(16.0), 16.0);
    QCOMPARE(formatTime(15.0, TimeStyle::Utc), QStringLiteral("1976.12.31_23:59:60_UTC"));
    QCOMPARE(taiMinusUtc(k1972Tai - 1e6), 10.0);
    // 1961-01-01 = 1972-01-01 − 11 y (1961…1971) with 2 leap days (1964, 1968) → −4017 d.
    QCOMPARE(taiMinusUtc(k1972Tai - 4017 * 86400.0), 10.0);
    QCOMPARE(taiMinusUtc(k1972Tai - 4017 * 86400.0 - 1), 0.0);
    QCOMPARE(parsed("1960.12.31_23:59:59_UTC"), k1972Tai - 4017 * 86400.0 - 1);
    QCOMPARE(parsed("1961.01.01_00:00:00_UTC"), k1972Tai - 4017 * 86400.0 + 10);
    QCOMPARE(taiMinusUtc(k1993Tai), 27.0); // 1992-07-01 → 27, 1993-07-01 → 28
    // 2009-01-01 → 34: 2009-01-01 is 2012-01-01 minus 1095 d (3 × 365, no leap day between).
    QCOMPARE(taiMinusUtc(k2012Tai - 1095 * 86400.0 + 34), 34.0);
    QCOMPARE(taiMinusUtc(k2012Tai - 1095 * 86400.0 + 32), 33.0);
}

void TestDrmsTime::formatsStyles()
{
    QCOMPARE(formatTime(k2012Tai + 45), QStringLiteral("2012.01.01_00:00:45_TAI"));
    QCOMPARE(formatTime(k2012Tai + 45 + 34, TimeStyle::Utc), QStringLiteral("2012.01.01_00:00:45_UTC"));
    // AIA ISO times: 2014-01-01T00:00:01Z is TAI 2014.01.01_00:00:36.
    QCOMPARE(formatTime(k2014Tai + 36, TimeStyle::Iso), QStringLiteral("2014-01-01T00:00:01Z"));
    QCOMPARE(formatTime(k2014Tai + 35 + 8.57, TimeStyle::Iso, 2), QStringLiteral("2014-01-01T00:00:08.57Z"));
    QCOMPARE(formatTime(k1993Tai), QStringLiteral("1993.01.01_00:00:00_TAI"));
    QCOMPARE(formatTime(0.0), QStringLiteral("1977.01.01_00:00:00_TAI"));
    QCOMPARE(formatTime(-1.0), QStringLiteral("1976.12.31_23:59:59_TAI"));
}

void TestDrmsTime::formatsPrecisionAndRounding()
{
    QCOMPARE(formatTime(k2014Tai + 59.9996, TimeStyle::Tai, 3), QStringLiteral("2014.01.01_00:01:00.000_TAI"));
    QCOMPARE(formatTime(k2014Tai + 0.4, TimeStyle::Tai, 0), QStringLiteral("2014.01.01_00:00:00_TAI"));
    QCOMPARE(formatTime(k2014Tai + 0.5, TimeStyle::Tai, 0), QStringLiteral("2014.01.01_00:00:01_TAI"));
    QCOMPARE(formatTime(k2014Tai - 0.25, TimeStyle::Tai, 2), QStringLiteral("2013.12.31_23:59:59.75_TAI"));
    QCOMPARE(formatTime(k2014Tai + 0.123456, TimeStyle::Tai, 6), QStringLiteral("2014.01.01_00:00:00.123456_TAI"));
    // Negative precision drops fields (truncating).
    QCOMPARE(formatTime(k2014Tai + 59.9, TimeStyle::Tai, -1), QStringLiteral("2014.01.01_00:00_TAI"));
    QCOMPARE(formatTime(k2014Tai + 3599, TimeStyle::Tai, -2), QStringLiteral("2014.01.01_00_TAI"));
    QCOMPARE(formatTime(k2014Tai + 3599, TimeStyle::Tai, -3), QStringLiteral("2014.01.01_TAI"));
}

void TestDrmsTime::roundTrips_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("style");
    QTest::addColumn<int>("precision");
    QTest::newRow("TAI") << "2012.01.01_00:00:45_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("TAI ms") << "2012.01.01_00:00:45.125_TAI" << int(TimeStyle::Tai) << 3;
    QTest::newRow("UTC") << "2012.01.01_00:00:45_UTC" << int(TimeStyle::Utc) << 0;
    QTest::newRow("UTC leap") << "2016.12.31_23:59:60_UTC" << int(TimeStyle::Utc) << 0;
    QTest::newRow("ISO") << "2014-01-01T00:00:01Z" << int(TimeStyle::Iso) << 0;
    QTest::newRow("ISO 2") << "2014-01-01T00:00:08.57Z" << int(TimeStyle::Iso) << 2;
    QTest::newRow("leap day") << "2024-02-29T12:34:56Z" << int(TimeStyle::Iso) << 0;
    QTest::newRow("1900") << "1900.02.28_23:59:59_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("2100") << "2100.03.01_00:00:00_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("negative year") << "-0100.06.15_12:00:00_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("year 0") << "0000.02.29_00:00:00_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("reform") << "1582.10.15_00:00:00_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("before reform") << "1582.10.04_00:00:00_TAI" << int(TimeStyle::Tai) << 0;
    QTest::newRow("missing") << "-4712.01.01_11:59:28_TAI" << int(TimeStyle::Tai) << 0;
}

void TestDrmsTime::roundTrips()
{
    QFETCH(QString, text);
    QFETCH(int, style);
    QFETCH(int, precision);
    const std::optional<double> t = parseTime(text);
    QVERIFY(t.has_value());
    QCOMPARE(formatTime(*t, TimeStyle(style), precision), text);
}

void TestDrmsTime::missingTime()
{
    QCOMPARE(formatTime(kMissingTime), QStringLiteral("-4712.01.01_11:59:28_TAI"));
    // Both as in the real AIA series_struct defaults (precision 2 and 0).
    QCOMPARE(formatTime(kMissingTime, TimeStyle::Iso, 2), QStringLiteral("-4712.01.01_11:59:27.82Z"));
    QCOMPARE(formatTime(kMissingTime, TimeStyle::Iso, 0), QStringLiteral("-4712.01.01_11:59:28Z"));
    QCOMPARE(formatTime(std::numeric_limits<double>::quiet_NaN()), QStringLiteral("-4712.01.01_11:59:28_TAI"));
    QCOMPARE(formatTime(1e300), QStringLiteral("-4712.01.01_11:59:28_TAI"));
    QVERIFY(isMissingTime(kMissingTime));
    QVERIFY(isMissingTime(std::numeric_limits<double>::infinity()));
    QVERIFY(!isMissingTime(0.0));
    QVERIFY(!isMissingTime(kMissingTime + 1.0));
    // The texts real series_struct replies use for missing defaults parse back as missing
    // (TAI−UTC is 0 before 1961, so UTC/Z and TAI read the same there).
    for (const char *text : {"-4712.01.01_11:59:28_TAI", "-4712.01.01_11:59:27.82Z", "-4712.01.01_11:59:28Z",
                             "-4712.01.01_11:59:27.816_UTC"})
        QVERIFY2(isMissingTime(parsed(text)), text);
    QCOMPARE(formatTime(kMissingTime, TimeStyle::Utc), QStringLiteral("-4712.01.01_11:59:28_UTC"));
    // JD 0 = Julian calendar -4712.01.01 12:00; TT − 32.184 s; JD of 1977.01.01 is 2443144.5,
    // so the missing time is −2443144.5 × 86400 − 32.184 = −211087684832.184 s.
    const std::optional<double> t = parseTime(u"-4712.01.01_11:59:27.816_TAI");
    QVERIFY(t.has_value());
    QVERIFY(std::abs(*t - kMissingTime) < 1e-4);
    QVERIFY(std::abs(parsed("JD_0_TT") - kMissingTime) < 1e-3);
}

void TestDrmsTime::calendarEdges()
{
    const auto day = [](const char *a, const char *b) { return (parsed(b) - parsed(a)) / 86400.0; };
    QCOMPARE(day("2000.02.28_TAI", "2000.03.01_TAI"), 2.0); // Gregorian 400-year leap
    QCOMPARE(day("1900.02.28_TAI", "1900.03.01_TAI"), 1.0); // century, not leap
    QCOMPARE(day("2100.02.28_TAI", "2100.03.01_TAI"), 1.0);
    QCOMPARE(day("1582.10.04_TAI", "1582.10.15_TAI"), 1.0); // Julian → Gregorian switch
    QCOMPARE(day("1500.02.28_TAI", "1500.03.01_TAI"), 2.0); // Julian: every 4th year leap
    QCOMPARE(day("0000.02.28_TAI", "0000.03.01_TAI"), 2.0);
    QCOMPARE(day("-0001.02.28_TAI", "-0001.03.01_TAI"), 1.0);
    QCOMPARE(day("-0004.02.28_TAI", "-0004.03.01_TAI"), 2.0);
    QCOMPARE(day("-0001.12.31_TAI", "0000.01.01_TAI"), 1.0);
    QCOMPARE(day("2013.12.31_TAI", "2014.01.01_TAI"), 1.0);
    // Julian year −4712 .. −4711 has 366 days (−4712 is divisible by 4).
    QCOMPARE(day("-4712.01.01_TAI", "-4711.01.01_TAI"), 366.0);
    QCOMPARE(formatTime(parsed("-4712.03.01_TAI") - 86400), QStringLiteral("-4712.02.29_00:00:00_TAI"));
}

void TestDrmsTime::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("step");
    QTest::addColumn<double>("expected"); // NaN = must be rejected
    const double bad = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("45s") << "45s" << 0.0 << 45.0;
    QTest::newRow("90.0s") << "90.0s" << 0.0 << 90.0;
    QTest::newRow("1.5m") << "1.5m" << 0.0 << 90.0;
    QTest::newRow("2h") << "2h" << 0.0 << 7200.0;
    QTest::newRow("1d") << "1d" << 0.0 << 86400.0;
    QTest::newRow("3000d") << "3000d" << 0.0 << 259200000.0;
    QTest::newRow("12") << "12" << 0.0 << 12.0;
    QTest::newRow(".5h") << ".5h" << 0.0 << 1800.0;
    QTest::newRow("10u") << "10u" << 45.0 << 450.0;
    QTest::newRow("spaces") << " 6h " << 0.0 << 21600.0;
    QTest::newRow("u without step") << "10u" << 0.0 << bad;
    QTest::newRow("empty") << "" << 0.0 << bad;
    QTest::newRow("unit only") << "s" << 0.0 << bad;
    QTest::newRow("bad unit") << "1x" << 0.0 << bad;
    QTest::newRow("two units") << "1hs" << 0.0 << bad;
    QTest::newRow("two dots") << "1.2.3s" << 0.0 << bad;
    QTest::newRow("negative") << "-1d" << 0.0 << bad;
    QTest::newRow("space inside") << "1 d" << 0.0 << bad;
    QTest::newRow("garbage") << "abc" << 0.0 << bad;
}

void TestDrmsTime::durations()
{
    QFETCH(QString, text);
    QFETCH(double, step);
    QFETCH(double, expected);
    const std::optional<double> d = parseDuration(text, step);
    if (std::isnan(expected)) {
        QVERIFY2(!d.has_value(), qPrintable(text));
    } else {
        QVERIFY2(d.has_value(), qPrintable(text));
        QCOMPARE(*d, expected);
    }
}

void TestDrmsTime::slotRounding()
{
    const SlotAxis axis{k1993Tai, 45.0};
    // 2012.01.01_00:00:00_TAI − epoch = 599529600 s = 13322880 slots exactly.
    QCOMPARE(axis.indexOf(k2012Tai), Q_INT64_C(13322880));
    QCOMPARE(axis.indexOf(k2012Tai + 45), Q_INT64_C(13322881)); // T_REC 00:00:45 is a slot
    // Real sample: [01:01:10_TAI-01:01:12_TAI] → both ends round to the 01:01:30 slot.
    // 3670 s = 81.56 slots → 82; 3672 s = 81.6 → 82; slot 82 = 3690 s = 01:01:30.
    QCOMPARE(axis.indexOf(k2012Tai + 3670), Q_INT64_C(13322880) + 82);
    QCOMPARE(axis.indexOf(k2012Tai + 3672), Q_INT64_C(13322880) + 82);
    QCOMPARE(axis.timeOf(Q_INT64_C(13322880) + 82), k2012Tai + 3690);
    QCOMPARE(formatTime(axis.timeOf(axis.indexOf(k2012Tai + 3670))), QStringLiteral("2012.01.01_01:01:30_TAI"));
    // ts_slot rounds down: 81.56 → 81 (01:00:45).
    QCOMPARE(axis.indexOf(k2012Tai + 3670, true), Q_INT64_C(13322880) + 81);
    // [00:00:34-00:02:04@90s]: 34/45 = 0.76 → 1, 124/45 = 2.76 → 3.
    QCOMPARE(axis.indexOf(k2012Tai + 34), Q_INT64_C(13322881));
    QCOMPARE(axis.indexOf(k2012Tai + 124), Q_INT64_C(13322883));
    // Exact halves go to the later slot, on both sides of the epoch.
    QCOMPARE(axis.indexOf(k1993Tai + 22.5), Q_INT64_C(1));
    QCOMPARE(axis.indexOf(k1993Tai - 22.5), Q_INT64_C(0));
    QCOMPARE(axis.indexOf(k1993Tai - 67.5), Q_INT64_C(-1));
    QCOMPARE(axis.indexOf(k1993Tai - 1), Q_INT64_C(0));
    QCOMPARE(axis.indexOf(k1993Tai - 1, true), Q_INT64_C(-1));
    // A hair below a slot boundary (float noise) still counts as the slot for ts_slot.
    QCOMPARE(axis.indexOf(k1993Tai + 45 * 1000 - 1e-7, true), Q_INT64_C(1000));
    // 12 s AIA-like axis with 720 s steps.
    const SlotAxis hour{k1993Tai, 720.0};
    QCOMPARE(hour.indexOf(k1993Tai + 359.0), Q_INT64_C(0));
    QCOMPARE(hour.indexOf(k1993Tai + 360.0), Q_INT64_C(1));
    // Invalid axis or time.
    const qint64 invalid = std::numeric_limits<qint64>::min();
    QCOMPARE((SlotAxis{0.0, 0.0}.indexOf(5.0)), invalid);
    QCOMPARE(axis.indexOf(std::numeric_limits<double>::quiet_NaN()), invalid);
    QCOMPARE(axis.indexOf(kMissingTime), invalid);
    QCOMPARE(axis.indexOf(1e300), invalid);
}

void TestDrmsTime::timeMacros()
{
    std::optional<QString> sql = substituteTimeMacros(u"T_REC>$(2014.01.01_TAI) AND T_OBS<=$( 2014.01.01_00:00:00.5_TAI ) AND Q=0");
    QVERIFY(sql.has_value());
    QCOMPARE(*sql, QStringLiteral("T_REC>1167609600 AND T_OBS<=1167609600.5 AND Q=0"));
    // Zone-less is UTC (+35 s); times before the epoch are negative.
    QCOMPARE(*substituteTimeMacros(u"$(2014.01.01)"), QStringLiteral("1167609635"));
    QCOMPARE(*substituteTimeMacros(u"x=$(1976.12.31_23:59:59_TAI)"), QStringLiteral("x=-1"));
    QCOMPARE(*substituteTimeMacros(u"no macros"), QStringLiteral("no macros"));
    QString error;
    QVERIFY(!substituteTimeMacros(u"T>$(2014.01.01", &error).has_value());
    QVERIFY(error.contains(QStringLiteral("not closed")));
    QVERIFY(!substituteTimeMacros(u"T>$(yesterday)", &error).has_value());
    QVERIFY(error.contains(QStringLiteral("yesterday")));
}

void TestDrmsTime::garbageDoesNotCrash()
{
    QRandomGenerator rng(20261123);
    const QString alphabet = QStringLiteral("0123456789._:-+TZJDMUTCAISO ZzT@/#$^[]{}?!,\u00e9\u2212");
    int parsedCount = 0;
    for (int i = 0; i < 20000; ++i) {
        const int len = int(rng.bounded(30));
        QString s;
        for (int k = 0; k < len; ++k)
            s += alphabet[int(rng.bounded(alphabet.size()))];
        QString error;
        const std::optional<double> t = parseTime(s, &error);
        if (t) {
            ++parsedCount;
            QVERIFY(!formatTime(*t).isEmpty());
        } else {
            QVERIFY2(!error.isEmpty(), qPrintable(s));
        }
        (void)parseDuration(s, 45.0);
    }
    // Mutations of a valid time: every prefix and every single-character change.
    const QString valid = QStringLiteral("2014.01.01_00:00:00.123_TAI");
    for (int cut = 0; cut <= valid.size(); ++cut)
        (void)parseTime(QStringView(valid).left(cut));
    for (int pos = 0; pos < valid.size(); ++pos) {
        for (QChar c : alphabet) {
            QString m = valid;
            m[pos] = c;
            (void)parseTime(m);
        }
    }
    QVERIFY(parsedCount < 20000);
    // Huge digit runs do not overflow.
    QVERIFY(!parseTime(QString(200, u'9')).has_value());
    (void)parseTime(QStringLiteral("JD_") + QString(50, u'9'));
    (void)formatTime(-1e14);
    (void)formatTime(1e14, TimeStyle::Utc, 9);
}

QTEST_GUILESS_MAIN(TestDrmsTime)
#include "tst_drmstime.moc"
