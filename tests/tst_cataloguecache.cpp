#include <QDataStream>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "model/common/DisplayFormat.h"
#include "model/common/Preferences.h"
#include "model/catalogue/SeriesCatalogueCache.h"

using jsoc::SeriesCatalogueCache;

namespace {

jsoc::SeriesStructure sampleStructure(const QString &name)
{
    jsoc::SeriesStructure s;
    s.name = name;
    s.note = QStringLiteral("magnetograms with a cadence of 45 seconds.");
    s.retention = 10000;
    s.unitSize = 32;
    s.archive = true;
    s.primeKeys = {QStringLiteral("T_REC"), QStringLiteral("CAMERA")};
    jsoc::PrimeKeyInfo trec;
    trec.name = QStringLiteral("T_REC");
    trec.slotted = true;
    trec.step = QStringLiteral("45.0");
    trec.epoch = QStringLiteral("1993.01.01_00:00:00_TAI");
    s.primeKeysInfo = {trec};
    s.keywords = {{QStringLiteral("T_REC"), QStringLiteral("time"), QStringLiteral("ts_eq"), QStringLiteral("-4712.01.01_11:59:28_TAI"),
                   QStringLiteral("TAI"), QStringLiteral("Slot time"), QString()}};
    s.segments = {{QStringLiteral("magnetogram"), QStringLiteral("int"), QStringLiteral("Gauss"), QStringLiteral("fits"),
                   QStringLiteral("4096x4096"), QStringLiteral("magnetogram")}};
    s.links = {{QStringLiteral("MHARP"), QStringLiteral("hmi.Mharp_720s"), QStringLiteral("DYNAMIC"), QString()}};
    s.interval.firstRecord = QStringLiteral("hmi.M_45s[2010.03.29_08:00:00_TAI][2]");
    s.interval.firstRecnum = 3760477;
    s.interval.lastRecnum = 9224191;
    s.interval.maxRecnum = 9225387;
    return s;
}

} // namespace

class TestCatalogueCache final : public QObject
{
    Q_OBJECT

private slots:
    void emptyCacheSaysSo()
    {
        QTemporaryDir dir;
        SeriesCatalogueCache cache(dir.filePath(QStringLiteral("c")));
        const auto snapshot = cache.loadList();
        QVERIFY(!snapshot.isValid());
        QCOMPARE(snapshot.state, SeriesCatalogueCache::ListState::NotCached);
        QCOMPARE(snapshot.error, QStringLiteral("nothing cached yet"));
        QVERIFY(!cache.loadStructure(QStringLiteral("hmi.M_45s")).has_value());
        QCOMPARE(cache.sizeOnDisk(), 0);
    }

    void listRoundTrips()
    {
        QTemporaryDir dir;
        SeriesCatalogueCache cache(dir.filePath(QStringLiteral("c")));
        const jsoc::SeriesList list{{QStringLiteral("aia.lev1"), QStringLiteral("AIA Level 1"), {}},
                                    {QStringLiteral("hmi.M_45s"), QStringLiteral("Gauß & ünïcode"), {QStringLiteral("T_REC")}}};
        const QDateTime when = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
        QString error;
        QVERIFY2(cache.saveList(list, when, &error), qPrintable(error));
        const auto back = cache.loadList();
        QVERIFY2(back.isValid(), qPrintable(back.error));
        QCOMPARE(back.state, SeriesCatalogueCache::ListState::Loaded);
        QVERIFY(back.error.isEmpty());
        QCOMPARE(back.fetchedAt, when);
        QCOMPARE(back.series.size(), 2);
        QCOMPARE(back.series[1].description, QStringLiteral("Gauß & ünïcode"));
        QCOMPARE(back.series[1].primeKeys, QStringList{QStringLiteral("T_REC")});
        QVERIFY(cache.sizeOnDisk() > 0);
    }

    void damagedOrForeignFilesReadAsNoCache()
    {
        QTemporaryDir dir;
        SeriesCatalogueCache cache(dir.path());
        QVERIFY(cache.saveList({{QStringLiteral("aia.lev1"), QString(), {}}}, QDateTime::currentDateTimeUtc()));
        const QString path = dir.filePath(QStringLiteral("series-list.bin"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const QByteArray all = f.readAll();
        f.resize(all.size() / 2); // truncated by a crash
        f.close();
        auto snapshot = cache.loadList();
        QVERIFY(!snapshot.isValid());
        QCOMPARE(snapshot.state, SeriesCatalogueCache::ListState::Unusable);
        QVERIFY(snapshot.error.contains(QStringLiteral("damaged")));

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"seriesList\": []}");
        f.close();
        snapshot = cache.loadList();
        QVERIFY(!snapshot.isValid());
        QCOMPARE(snapshot.state, SeriesCatalogueCache::ListState::Unusable);
        QVERIFY(snapshot.error.contains(QStringLiteral("not a catalogue cache file")));

        // Another format version: a file is there, so it is not "nothing cached yet".
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QDataStream out(&f);
        out.setVersion(QDataStream::Qt_6_4);
        out << SeriesCatalogueCache::kMagic << qint32(SeriesCatalogueCache::kFormatVersion + 1);
        f.close();
        snapshot = cache.loadList();
        QCOMPARE(snapshot.state, SeriesCatalogueCache::ListState::Unusable);
        QVERIFY2(snapshot.error.contains(QStringLiteral("another version")), qPrintable(snapshot.error));

        // Cleared: back to the first-start state.
        QVERIFY(cache.clear());
        QCOMPARE(cache.loadList().state, SeriesCatalogueCache::ListState::NotCached);
    }

    void structureRoundTripsAndNamesStayInsideTheFolder()
    {
        QTemporaryDir dir;
        SeriesCatalogueCache cache(dir.filePath(QStringLiteral("c")));
        const QDateTime when = QDateTime::currentDateTimeUtc().addSecs(-7200);
        QVERIFY(cache.saveStructure(sampleStructure(QStringLiteral("hmi.M_45s")), when));
        const auto back = cache.loadStructure(QStringLiteral("HMI.m_45s"));
        QVERIFY(back.has_value());
        QCOMPARE(back->fetchedAt.toSecsSinceEpoch(), when.toSecsSinceEpoch());
        const jsoc::SeriesStructure &s = back->structure;
        QCOMPARE(s.name, QStringLiteral("hmi.M_45s"));
        QCOMPARE(s.unitSize, 32);
        QVERIFY(s.archive);
        QCOMPARE(s.primeKeysInfo.size(), 1);
        QCOMPARE(s.primeKeysInfo[0].epoch, QStringLiteral("1993.01.01_00:00:00_TAI"));
        QCOMPARE(s.keywords[0].defval, QStringLiteral("-4712.01.01_11:59:28_TAI"));
        QCOMPARE(s.segments[0].dims, QStringLiteral("4096x4096"));
        QCOMPARE(s.links[0].target, QStringLiteral("hmi.Mharp_720s"));
        QCOMPARE(s.interval.firstRecnum, std::optional<qint64>(3760477));
        QVERIFY(!s.interval.lastRecord.size());
        QCOMPARE(s.interval.maxRecnum, qint64(9225387));

        // A hostile name is flattened into one file inside the cache folder.
        QVERIFY(cache.saveStructure(sampleStructure(QStringLiteral("../../etc/x")), when));
        QVERIFY(cache.loadStructure(QStringLiteral("../../etc/x")).has_value());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("etc"))));
    }

    void trimRemovesOldestStructuresAndClearRemovesAll()
    {
        QTemporaryDir dir;
        SeriesCatalogueCache cache(dir.filePath(QStringLiteral("c")));
        QVERIFY(cache.saveList({{QStringLiteral("aia.lev1"), QString(), {}}}, QDateTime::currentDateTimeUtc()));
        for (int i = 0; i < 5; ++i)
            QVERIFY(cache.saveStructure(sampleStructure(QStringLiteral("hmi.s%1").arg(i)), QDateTime::currentDateTimeUtc()));
        const qint64 full = cache.sizeOnDisk();
        cache.trimTo(full - 1);
        QVERIFY(cache.sizeOnDisk() < full);
        QVERIFY(cache.loadList().isValid()); // the list is never trimmed
        cache.trimTo(0);
        QVERIFY(cache.loadList().isValid());
        QVERIFY(!cache.loadStructure(QStringLiteral("hmi.s4")).has_value());

        QVERIFY(cache.clear());
        QCOMPARE(cache.sizeOnDisk(), 0);
        QVERIFY(!cache.loadList().isValid());
    }

    void defaultDirectoryIsPerHost()
    {
        const QString a = SeriesCatalogueCache::defaultDirectory(QUrl(QStringLiteral("http://127.0.0.1:4000")));
        const QString b = SeriesCatalogueCache::defaultDirectory(QUrl(QStringLiteral("http://127.0.0.1:5000")));
        const QString c = SeriesCatalogueCache::defaultDirectory(QUrl(QStringLiteral("http://JSOC.stanford.edu")));
        QCOMPARE(a, b);
        QVERIFY(a.endsWith(QStringLiteral("/catalogue/127.0.0.1")));
        QVERIFY(c.endsWith(QStringLiteral("/catalogue/jsoc.stanford.edu")));
    }

    void formatting()
    {
        QCOMPARE(jsoc::format::count(45118), QStringLiteral("45,118"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(jsoc::format::age(now.addSecs(-30), now), QStringLiteral("just now"));
        QCOMPARE(jsoc::format::age(now.addSecs(-60), now), QStringLiteral("1 minute ago"));
        QCOMPARE(jsoc::format::age(now.addSecs(-3 * 3600), now), QStringLiteral("3 hours ago"));
        QCOMPARE(jsoc::format::age(now.addDays(-2), now), QStringLiteral("2 days ago"));
        QCOMPARE(jsoc::format::age(QDateTime(), now), QStringLiteral("never"));
        // Sizes: tst_displayformat.
    }

    void preferencesRoundTripAndClamp()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("p.ini")), QSettings::IniFormat);
        jsoc::Preferences p = jsoc::Preferences::load(settings);
        QCOMPARE(p.connectionsPerHost, 1); // JSOC asks for one connection per host
        QVERIFY(p.downloadFolder.endsWith(QStringLiteral("/JSOC")));
        p.serverUrl = QStringLiteral("http://127.0.0.1:9");
        p.notifyEmail = QStringLiteral("me@example.org");
        p.connectionsPerHost = 6;
        p.cacheLimitMegabytes = 50;
        p.save(settings);
        QCOMPARE(jsoc::Preferences::load(settings), p);
        QCOMPARE(settings.value(QStringLiteral("server/url")).toString(), QStringLiteral("http://127.0.0.1:9"));
        settings.setValue(QLatin1String(jsoc::Preferences::kConnectionsPerHostKey), 999);
        settings.setValue(QLatin1String(jsoc::Preferences::kCacheLimitKey), -5);
        const jsoc::Preferences clamped = jsoc::Preferences::load(settings);
        QCOMPARE(clamped.connectionsPerHost, jsoc::Preferences::kMaxConnections);
        QCOMPARE(clamped.cacheLimitMegabytes, jsoc::Preferences::kMinCacheMegabytes);
    }
};

QTEST_GUILESS_MAIN(TestCatalogueCache)
#include "tst_cataloguecache.moc"
