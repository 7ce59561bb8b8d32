// The builder's checks before JSOC sees a query: values against the key's type and the series'
// first/last record, and typed times made canonical, on the real series_struct bodies of
// hmi.M_45s (T_REC in TAI, CAMERA an int) and aia.lev1_euv_12s (T_REC in ISO/UTC).
#include "model/drms/KeyConditionCheck.h"
#include "network/replies/JsocParsers.h"

#include <QFile>
#include <QtTest>

using namespace jsoc;

namespace {

SeriesStructure sample(const QString &name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    SeriesStructure s;
    if (parse::seriesStructure(f.readAll(), s).isError())
        qFatal("bad sample %s", qPrintable(name));
    return s;
}

KeyCondition timeCondition(const QString &start, KeyCondition::TimeSpan span = KeyCondition::TimeSpan::Single,
                           const QString &other = {})
{
    KeyCondition c;
    c.key = QStringLiteral("T_REC");
    c.kind = KeyCondition::Kind::Time;
    c.start = start;
    c.span = span;
    if (span == KeyCondition::TimeSpan::End)
        c.end = other;
    else if (span == KeyCondition::TimeSpan::Duration)
        c.duration = other;
    return c;
}

KeyCondition listCondition(const QString &key, const QString &list)
{
    KeyCondition c;
    c.key = key;
    c.kind = KeyCondition::Kind::List;
    c.list = list;
    return c;
}

} // namespace

Q_DECLARE_METATYPE(jsoc::KeyCondition)

class TestKeyConditionCheck : public QObject
{
    Q_OBJECT

    SeriesStructure m_hmi;
    SeriesStructure m_aia;

private slots:
    void initTestCase()
    {
        m_hmi = sample(QStringLiteral("seriesstruct_hmi.m_45s.json"));
        m_aia = sample(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"));
        m_hmi.name = QStringLiteral("hmi.M_45s");
        m_aia.name = QStringLiteral("aia.lev1_euv_12s");
        QVERIFY(m_hmi.primeKey(QStringLiteral("T_REC")) && m_hmi.primeKey(QStringLiteral("CAMERA")));
    }

    void canonicalTimesInTheKeysZone_data()
    {
        QTest::addColumn<bool>("aia");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("notebook-form-tai") << false << QStringLiteral("2014-01-01 00:00") << QStringLiteral("2014.01.01_00:00:00_TAI");
        QTest::newRow("iso-T-tai") << false << QStringLiteral("2014-01-01T12:30:15") << QStringLiteral("2014.01.01_12:30:15_TAI");
        QTest::newRow("date-only") << false << QStringLiteral("2014.01.01") << QStringLiteral("2014.01.01_00:00:00_TAI");
        QTest::newRow("own-zone-kept") << false << QStringLiteral("2014.01.01_00:00:00_UTC") << QStringLiteral("2014.01.01_00:00:35_TAI");
        QTest::newRow("fraction") << false << QStringLiteral("2014-01-01T00:00:00.5") << QStringLiteral("2014.01.01_00:00:00.500_TAI");
        QTest::newRow("iso-key-is-utc") << true << QStringLiteral("2014-01-01 00:00") << QStringLiteral("2014.01.01_00:00:00_UTC");
        QTest::newRow("iso-key-tai-typed") << true << QStringLiteral("2014.01.01_00:00:35_TAI") << QStringLiteral("2014.01.01_00:00:00_UTC");
    }

    void canonicalTimesInTheKeysZone()
    {
        QFETCH(bool, aia);
        QFETCH(QString, typed);
        QFETCH(QString, canonical);
        const PrimeKeyInfo *key = (aia ? m_aia : m_hmi).primeKey(QStringLiteral("T_REC"));
        QString error;
        const std::optional<QString> text = canonicalKeyTime(typed, *key, &error);
        QVERIFY2(text, qPrintable(error));
        QCOMPARE(*text, canonical);
    }

    // From record-set text the instant is JSOC's (zone-less = UTC), only written with its zone.
    void explicitTimesKeepJsocsReading()
    {
        const PrimeKeyInfo *hmi = m_hmi.primeKey(QStringLiteral("T_REC"));
        QCOMPARE(explicitKeyTime(u"2014.01.01_00:00:00", *hmi), QStringLiteral("2014.01.01_00:00:35_TAI"));
        QCOMPARE(explicitKeyTime(u"2014.01.01_00:00:45_TAI", *hmi), QStringLiteral("2014.01.01_00:00:45_TAI"));
        QCOMPARE(explicitKeyTime(u"2014-01-01T00:00:00Z", *m_aia.primeKey(QStringLiteral("T_REC"))),
                 QStringLiteral("2014.01.01_00:00:00_UTC"));
        QVERIFY(!explicitKeyTime(u"2014.13.01", *hmi));
    }

    void problemsInWords_data()
    {
        QTest::addColumn<KeyCondition>("condition");
        QTest::addColumn<QString>("words");
        QTest::newRow("month-13") << timeCondition(QStringLiteral("2014.13.45_25:61:00_TAI")) << QStringLiteral("month 13");
        QTest::newRow("reversed") << timeCondition(QStringLiteral("2014.01.02_TAI"), KeyCondition::TimeSpan::End, QStringLiteral("2014.01.01_TAI"))
                                  << QStringLiteral("before it starts");
        QTest::newRow("bad-end") << timeCondition(QStringLiteral("2014.01.02_TAI"), KeyCondition::TimeSpan::End, QStringLiteral("tomorrow"))
                                 << QStringLiteral("T_REC (end)");
        QTest::newRow("bad-duration") << timeCondition(QStringLiteral("2014.01.02_TAI"), KeyCondition::TimeSpan::Duration, QStringLiteral("1x"))
                                      << QStringLiteral("not a duration");
        QTest::newRow("time-in-camera") << listCondition(QStringLiteral("CAMERA"), QStringLiteral("2014.01.01_TAI"))
                                        << QStringLiteral("CAMERA takes numbers");
        QTest::newRow("fraction-in-camera") << listCondition(QStringLiteral("CAMERA"), QStringLiteral("2.5"))
                                            << QStringLiteral("whole numbers");
        QTest::newRow("camera-range-backwards") << listCondition(QStringLiteral("CAMERA"), QStringLiteral("3-1"))
                                                << QStringLiteral("runs backwards");
        QTest::newRow("time-list-bad") << listCondition(QStringLiteral("T_REC"), QStringLiteral("2014.01.01_TAI,2014.02.31_99:00"))
                                       << QStringLiteral("T_REC:");
    }

    void problemsInWords()
    {
        QFETCH(KeyCondition, condition);
        QFETCH(QString, words);
        const PrimeKeyInfo *key = m_hmi.primeKey(condition.key);
        const KeyConditionCheck check = checkKeyCondition(condition, *key, seriesTimeSpan(m_hmi, QStringLiteral("T_REC")));
        QCOMPARE(check.level, KeyConditionCheck::Level::Problem);
        QVERIFY2(check.message.contains(words), qPrintable(check.message));
    }

    void outsideTheSeriesSaysWhereItIs()
    {
        const SeriesTimeSpan span = seriesTimeSpan(m_hmi, QStringLiteral("T_REC"));
        QVERIFY(span.first && span.last);
        const PrimeKeyInfo *key = m_hmi.primeKey(QStringLiteral("T_REC"));
        KeyConditionCheck check = checkKeyCondition(timeCondition(QStringLiteral("1066.10.14"), KeyCondition::TimeSpan::Duration, QStringLiteral("1d")), *key, span);
        QCOMPARE(check.level, KeyConditionCheck::Level::Note);
        QVERIFY2(check.message.contains(QStringLiteral("2010.03.29_08:00:00_TAI")), qPrintable(check.message));
        check = checkKeyCondition(timeCondition(QStringLiteral("2030.01.01")), *key, span);
        QCOMPARE(check.level, KeyConditionCheck::Level::Note);
        QVERIFY2(check.message.contains(QStringLiteral("2020.04.05_23:53:15_TAI")), qPrintable(check.message));
        // A range reaching into the series is fine.
        check = checkKeyCondition(timeCondition(QStringLiteral("2009.01.01"), KeyCondition::TimeSpan::End, QStringLiteral("2010.04.01")), *key, span);
        QCOMPARE(check.level, KeyConditionCheck::Level::Ok);
        QVERIFY(check.message.isEmpty());
        // The AIA span is read from ISO record names, and said in UTC like its key.
        const SeriesTimeSpan aiaSpan = seriesTimeSpan(m_aia, QStringLiteral("T_REC"));
        QVERIFY(aiaSpan.first);
        check = checkKeyCondition(timeCondition(QStringLiteral("2009.12.31")), *m_aia.primeKey(QStringLiteral("T_REC")), aiaSpan);
        QVERIFY2(check.message.contains(QStringLiteral("2010.05.13_00:00:02_UTC")), qPrintable(check.message));
    }

    void goodConditionsPass_data()
    {
        QTest::addColumn<KeyCondition>("condition");
        QTest::newRow("any") << KeyCondition{};
        QTest::newRow("day") << timeCondition(QStringLiteral("2014.01.01_TAI"), KeyCondition::TimeSpan::Duration, QStringLiteral("1d"));
        QTest::newRow("slots") << timeCondition(QStringLiteral("2014.01.01_TAI"), KeyCondition::TimeSpan::Duration, QStringLiteral("5u"));
        QTest::newRow("camera-list") << listCondition(QStringLiteral("CAMERA"), QStringLiteral("1,2"));
        QTest::newRow("camera-range") << listCondition(QStringLiteral("CAMERA"), QStringLiteral("1-2"));
        QTest::newRow("first-last-index") << listCondition(QStringLiteral("T_REC"), QStringLiteral("^,$,#5"));
        QTest::newRow("wavelength-float") << listCondition(QStringLiteral("WAVELNTH"), QStringLiteral("6173.3"));
    }

    void goodConditionsPass()
    {
        QFETCH(KeyCondition, condition);
        const QString keyName = condition.key.isEmpty() ? QStringLiteral("T_REC") : condition.key;
        const PrimeKeyInfo *key = m_hmi.primeKey(keyName);
        PrimeKeyInfo asKey;
        if (!key) { // WAVELNTH (a float) is a keyword of hmi.M_45s, not a prime key: checked as one
            const KeywordInfo *kw = m_hmi.keyword(keyName);
            QVERIFY(kw);
            asKey.name = kw->name;
            asKey.type = kw->type;
            key = &asKey;
        }
        const KeyConditionCheck check = checkKeyCondition(condition, *key, seriesTimeSpan(m_hmi, QStringLiteral("T_REC")));
        QVERIFY2(check.level == KeyConditionCheck::Level::Ok, qPrintable(check.message));
    }
};

QTEST_GUILESS_MAIN(TestKeyConditionCheck)
#include "tst_keyconditioncheck.moc"
