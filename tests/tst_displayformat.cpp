// The one way sizes, speeds and durations are written (model/common/DisplayFormat.h): powers of
// 1000 with SI labels like JSOC's own sizes, rounding that never shows "1000.0 kB", and the same
// text whatever the user's locale.
#include "model/common/DisplayFormat.h"

#include <QLocale>
#include <QTest>

#include <limits>

class TestDisplayFormat final : public QObject
{
    Q_OBJECT

private slots:
    void bytes_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<QString>("text");
        QTest::newRow("nothing") << qint64(0) << QStringLiteral("0 bytes");
        QTest::newRow("one") << qint64(1) << QStringLiteral("1 byte");
        QTest::newRow("largest in bytes") << qint64(999) << QStringLiteral("999 bytes");
        QTest::newRow("one kilobyte") << qint64(1000) << QStringLiteral("1.0 kB");
        QTest::newRow("a kibibyte is not a kilobyte") << qint64(1024) << QStringLiteral("1.0 kB");
        QTest::newRow("rounds down inside kB") << qint64(999949) << QStringLiteral("999.9 kB");
        QTest::newRow("rounds up into MB") << qint64(999950) << QStringLiteral("1.0 MB");
        QTest::newRow("999,999 is 1.0 MB, not 1000.0 kB") << qint64(999999) << QStringLiteral("1.0 MB");
        QTest::newRow("JSOC's 50 MB") << qint64(50) * 1000 * 1000 << QStringLiteral("50.0 MB");
        QTest::newRow("a mebibyte") << qint64(1024) * 1024 << QStringLiteral("1.0 MB");
        QTest::newRow("three mebibytes") << qint64(3) * 1024 * 1024 << QStringLiteral("3.1 MB");
        QTest::newRow("JSOC's limit") << qint64(100) * 1000 * 1000 * 1000 << QStringLiteral("100.0 GB");
        QTest::newRow("just under a TB") << qint64(999999999999) << QStringLiteral("1.0 TB");
        QTest::newRow("one PB") << qint64(1000) * 1000 * 1000 * 1000 * 1000 << QStringLiteral("1.0 PB");
        QTest::newRow("above a PB") << qint64(2500) * 1000 * 1000 * 1000 * 1000 << QStringLiteral("2.5 PB");
        QTest::newRow("just under an EB") << qint64(999999999999999999) << QStringLiteral("1.0 EB");
        QTest::newRow("largest size") << std::numeric_limits<qint64>::max() << QStringLiteral("9.2 EB");
        QTest::newRow("unknown") << qint64(-1) << QStringLiteral("?");
        QTest::newRow("negative") << std::numeric_limits<qint64>::min() << QStringLiteral("?");
    }

    void bytes()
    {
        QFETCH(qint64, n);
        QFETCH(QString, text);
        QCOMPARE(jsoc::format::bytes(n), text);
    }

    void rate_data()
    {
        QTest::addColumn<double>("bytesPerSecond");
        QTest::addColumn<QString>("text");
        QTest::newRow("stalled") << 0.0 << QStringLiteral("0 bytes/s");
        QTest::newRow("under half a byte") << 0.4 << QStringLiteral("0 bytes/s");
        QTest::newRow("slow") << 250.0 << QStringLiteral("250 bytes/s");
        QTest::newRow("fast") << 2.4e6 << QStringLiteral("2.4 MB/s");
        QTest::newRow("rounds into the next unit") << 999999.6 << QStringLiteral("1.0 MB/s");
        QTest::newRow("beyond any disk") << 1e30 << QStringLiteral("9.0 EB/s");
        QTest::newRow("unknown") << -1.0 << QStringLiteral("?");
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("?");
    }

    void rate()
    {
        QFETCH(double, bytesPerSecond);
        QFETCH(QString, text);
        QCOMPARE(jsoc::format::rate(bytesPerSecond), text);
    }

    void duration_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("now") << qint64(0) << QStringLiteral("0 s");
        QTest::newRow("seconds") << qint64(45) << QStringLiteral("45 s");
        QTest::newRow("last second below a minute") << qint64(59) << QStringLiteral("59 s");
        QTest::newRow("one minute") << qint64(60) << QStringLiteral("1 min 00 s");
        QTest::newRow("minutes") << qint64(200) << QStringLiteral("3 min 20 s");
        QTest::newRow("padded seconds") << qint64(185) << QStringLiteral("3 min 05 s");
        QTest::newRow("last second below an hour") << qint64(3599) << QStringLiteral("59 min 59 s");
        QTest::newRow("one hour") << qint64(3600) << QStringLiteral("1 h 00 min");
        QTest::newRow("seconds dropped from an hour") << qint64(3725) << QStringLiteral("1 h 02 min");
        QTest::newRow("hours") << qint64(7500) << QStringLiteral("2 h 05 min");
        QTest::newRow("beyond a day stays in hours") << qint64(90000) << QStringLiteral("25 h 00 min");
        QTest::newRow("unknown") << qint64(-1) << QString();
    }

    void duration()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(jsoc::format::duration(seconds), text);
    }

    // A German desktop writes 1,5 for one and a half; the sizes keep the point (the CLI's lines
    // are read by scripts, and the GUI shows the same text).
    void sameTextInAnyLocale()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const QString size = jsoc::format::bytes(1500000);
        const QString speed = jsoc::format::rate(2.5e9);
        QLocale::setDefault(before);
        QCOMPARE(size, QStringLiteral("1.5 MB"));
        QCOMPARE(speed, QStringLiteral("2.5 GB/s"));
    }
};

QTEST_GUILESS_MAIN(TestDisplayFormat)
#include "tst_displayformat.moc"
