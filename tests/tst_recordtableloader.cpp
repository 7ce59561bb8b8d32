// RecordTableLoader against the JSOC simulator over loopback: the windows of planRecordWindows
// give exactly the records of the one big request (same *recnum*, same order, no duplicates) for
// many record-set forms; the concurrency cap; cancel mid-load; a restart drops the old
// generation; HTTP 500 is retried by the client; a malformed body fails the load in words.
#include "model/drms/RecordSetSpec.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/JsocClient.h"
#include "network/RecordListJob.h"
#include "network/RecordTableLoader.h"
#include "sim/JsocSimulator.h"

#include <QSignalSpy>
#include <QtTest>
#include <map>
#include <memory>

using namespace jsoc;

namespace {

template <typename Job>
bool waitFinished(Job *job, int ms = 20000)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &JsocJob::finished);
    return spy.wait(ms);
}

QStringList columnTexts(const RecordTable &table, const QString &name)
{
    QStringList out;
    const int i = table.keywordIndex(name);
    if (i < 0)
        return out;
    const StringColumn &c = table.keywords[size_t(i)].values;
    for (qsizetype r = 0; r < c.size(); ++r)
        out.append(c.value(r));
    return out;
}

// Everything one load emitted.
struct LoadLog {
    std::map<int, RecordTable> pages;
    QList<quint64> pageGenerations;
    QList<quint64> finishedGenerations;
    QList<quint64> failedGenerations;
    JsocError error;
    int maxInFlight = 0;
    int progressCalls = 0;
    qint64 lastRows = 0;

    RecordTable joined() const
    {
        RecordTable all;
        for (const auto &[index, page] : pages)
            all.appendPage(page);
        return all;
    }
};

void record(RecordTableLoader &loader, LoadLog &log)
{
    QObject::connect(&loader, &RecordTableLoader::pageLoaded, &loader,
                     [&log, &loader](quint64 generation, int index, const RecordTable &page) {
        if (!log.pageGenerations.isEmpty() && log.pageGenerations.last() != generation)
            log.pages.clear(); // a new generation: keep only its pages
        log.pageGenerations.append(generation);
        QVERIFY2(log.pages.find(index) == log.pages.end(), "a page index was delivered twice");
        log.pages[index] = page;
        log.maxInFlight = std::max(log.maxInFlight, loader.inFlight());
    });
    QObject::connect(&loader, &RecordTableLoader::progress, &loader,
                     [&log](quint64, int, int, qint64 rows) { ++log.progressCalls; log.lastRows = rows; });
    QObject::connect(&loader, &RecordTableLoader::finished, &loader,
                     [&log](quint64 generation) { log.finishedGenerations.append(generation); });
    QObject::connect(&loader, &RecordTableLoader::failed, &loader, [&log](quint64 generation, const JsocError &error) {
        log.failedGenerations.append(generation);
        log.error = error;
    });
}

} // namespace

class TestRecordTableLoader final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<JsocClient> m_client;

    SeriesStructure structure(const QString &series)
    {
        std::unique_ptr<SeriesStructureJob> job(m_client->seriesStructure(series));
        if (!waitFinished(job.get()) || job->error().isError())
            qFatal("series_struct %s failed: %s", qPrintable(series), qPrintable(job->error().message));
        return job->result();
    }

    qint64 count(const QString &recordSet)
    {
        std::unique_ptr<RecordCountJob> job(m_client->recordCount(recordSet));
        if (!waitFinished(job.get()) || job->error().isError())
            return -1;
        return job->result();
    }

    RecordTable fetchAll(const RecordListQuery &query)
    {
        std::unique_ptr<RecordListJob> job(m_client->recordList(query));
        if (!waitFinished(job.get()) || job->error().isError())
            return {};
        return job->takeResult();
    }

    static RecordListQuery recnumQuery(const QString &recordSet = {})
    {
        RecordListQuery q;
        q.recordSet = recordSet;
        q.keys = {QStringLiteral("*recnum*"), QStringLiteral("T_REC")};
        return q;
    }

    // A 1,920-record day of hmi.v_45s split into `pages` windows.
    RecordWindowPlan dayPlan(int pages, const QString &day = QStringLiteral("2014.01.01"))
    {
        const QString rs = QStringLiteral("hmi.v_45s[%1_TAI/1d]").arg(day);
        const RecordWindowPlan plan = planRecordWindows(rs, structure(QStringLiteral("hmi.v_45s")), 1920, (1920 + pages - 1) / pages);
        if (plan.recordSets.size() != pages)
            qFatal("expected %d windows, got %d (%s)", pages, int(plan.recordSets.size()), qPrintable(plan.reason));
        return plan;
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<sim::JsocSimulator>();
        QVERIFY(m_sim->listen());
        m_client = std::make_unique<JsocClient>(m_sim->url());
        RetryPolicy fast;
        fast.initialDelayMs = 10;
        m_client->setRetryPolicy(fast);
    }

    void cleanup()
    {
        m_client.reset();
        m_sim.reset();
    }

    void windowsGiveTheSameRecords_data()
    {
        QTest::addColumn<QString>("recordSet");
        QTest::addColumn<int>("rowsPerPage");
        QTest::addColumn<int>("concurrency");

        QTest::newRow("duration") << "hmi.v_45s[2014.01.01_TAI/1d]" << 500 << 2;
        QTest::newRow("zone-less range, odd pages") << "hmi.v_45s[2014.01.01_00:00:00-2014.01.01_03:00:10]" << 37 << 3;
        QTest::newRow("_UTC range") << "hmi.v_45s[2014.01.01_00:00:00_UTC-2014.01.01_03:00:00_UTC]" << 50 << 1;
        QTest::newRow("range with cadence, later key")
            << "hmi.v_45s[2014.01.01_00:00:35_TAI-2014.01.01_02:00:35_TAI@90.0s][2]" << 10 << 2;
        QTest::newRow("duration with cadence") << "hmi.m_720s[2014.01.01_TAI/5d@1h]" << 25 << 2;
        QTest::newRow("ISO, list, where, segments")
            << "aia.lev1_euv_12s[2014-01-01T00:00:00Z/30m][171,193][? QUALITY=0 ?]{image}" << 60 << 2;
        QTest::newRow("AIA cadence 1m") << "aia.lev1_euv_12s[2014.01.01_00:00:00_TAI/2h@1m][171]" << 30 << 2;
        QTest::newRow("earlier key one value") << "hmi.sharp_720s[377][2011.02.15_TAI/2d]{magnetogram}" << 50 << 2;
        QTest::newRow("index range") << "hmi.v_45s[#14800000-#14801999]" << 600 << 2;
        QTest::newRow("across a leap second") << "hmi.v_45s[2016.12.31_23:00:00_UTC/2h]" << 40 << 2;
    }

    void windowsGiveTheSameRecords()
    {
        QFETCH(QString, recordSet);
        QFETCH(int, rowsPerPage);
        QFETCH(int, concurrency);

        const auto spec = drms::parseRecordSet(recordSet);
        QVERIFY(spec);
        const qint64 total = count(recordSet);
        QVERIFY2(total > rowsPerPage, qPrintable(QString::number(total)));
        const RecordWindowPlan plan = planRecordWindows(recordSet, structure(spec->subsets.first().series), total, rowsPerPage);
        QVERIFY2(plan.split, qPrintable(plan.reason));
        QVERIFY(plan.recordSets.size() > 1);

        const RecordTable original = fetchAll(recnumQuery(recordSet));
        QCOMPARE(qint64(original.rowCount()), total);

        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        loader.start(7, plan, recnumQuery(), concurrency);
        QVERIFY(loader.isRunning());
        QCOMPARE(loader.inFlight(), std::min<int>(concurrency, int(plan.recordSets.size())));
        QVERIFY(finished.wait(20000));
        QVERIFY(!loader.isRunning());
        QCOMPARE(log.finishedGenerations, QList<quint64>{7});
        QVERIFY(log.failedGenerations.isEmpty());
        QCOMPARE(int(log.pages.size()), int(plan.recordSets.size()));
        QVERIFY(log.maxInFlight <= concurrency);
        QCOMPARE(log.progressCalls, int(plan.recordSets.size()));
        QCOMPARE(log.lastRows, total);
        for (quint64 g : log.pageGenerations)
            QCOMPARE(g, quint64(7));

        const RecordTable joined = log.joined();
        const QStringList want = columnTexts(original, "*recnum*");
        const QStringList got = columnTexts(joined, "*recnum*");
        QCOMPARE(got.size(), want.size());
        QCOMPARE(got, want); // same records, same order, no duplicates
        QCOMPARE(columnTexts(joined, "T_REC"), columnTexts(original, "T_REC"));
        // Every page is within about the page size (an estimate from the count).
        for (const auto &[index, page] : log.pages)
            QVERIFY2(page.rowCount() <= 2 * rowsPerPage + 2, qPrintable(plan.recordSets[index]));
    }

    void oneWindowWithLimit()
    {
        const RecordWindowPlan plan = planRecordWindows("hmi.v_45s[2014.01.01_TAI/1d]", structure("hmi.v_45s"), 1920, 5000);
        QVERIFY(!plan.split);
        RecordListQuery q = recnumQuery();
        q.limit = -5;
        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        loader.start(1, plan, q);
        QVERIFY(finished.wait(10000));
        QCOMPARE(int(log.pages.size()), 1);
        QCOMPARE(log.pages[0].rowCount(), qsizetype(5));
        QCOMPARE(columnTexts(log.pages[0], "T_REC").last(), QStringLiteral("2014.01.01_23:59:15_TAI"));
    }

    void limitWithSeveralWindowsFails()
    {
        RecordListQuery q = recnumQuery();
        q.limit = 10;
        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy failed(&loader, &RecordTableLoader::failed);
        loader.start(3, dayPlan(3), q);
        QCOMPARE(failed.count(), 0); // never from inside start()
        QVERIFY(failed.wait(5000));
        QCOMPARE(log.failedGenerations, QList<quint64>{3});
        QVERIFY2(log.error.message.contains(u"limit"), qPrintable(log.error.message));
        QVERIFY(log.pages.empty());
        QCOMPARE(m_sim->requestCount("rs_list"), 0);
        QVERIFY(!loader.isRunning());
    }

    void emptyPlanFinishes()
    {
        RecordTableLoader loader(m_client.get());
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        QSignalSpy pages(&loader, &RecordTableLoader::pageLoaded);
        loader.start(5, RecordWindowPlan{}, recnumQuery());
        QCOMPARE(finished.count(), 0);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().value<quint64>(), quint64(5));
        QCOMPARE(pages.count(), 0);
    }

    void cancelMidway()
    {
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.value = 150;
        slow.pathContains = QStringLiteral("rs_list");
        slow.times = -1;
        m_sim->addFault(slow);

        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        // Cancel as the first page comes in (two replies can land in one event-loop turn, so the
        // cancel is made from the page slot itself): windows 2 and 3 are in flight then.
        int inFlightAtCancel = -1;
        connect(&loader, &RecordTableLoader::pageLoaded, this, [&](quint64 g) {
            if (g != 1 || inFlightAtCancel >= 0)
                return;
            inFlightAtCancel = loader.inFlight();
            loader.cancel();
        });
        QSignalSpy pages(&loader, &RecordTableLoader::pageLoaded);
        loader.start(1, dayPlan(6), recnumQuery(), 2);
        QVERIFY(pages.wait(10000));
        QCOMPARE(inFlightAtCancel, 2); // the third window went out as the first page came in
        QVERIFY(!loader.isRunning());
        QCOMPARE(loader.inFlight(), 0);

        // Run another load to the end: meanwhile nothing more of generation 1 may appear, and
        // windows 5 and 6 of it (16:00, 20:00) are never requested. (A window goes out as soon as
        // an earlier body is in, before that page is parsed: so window 4 may have been asked for.)
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        loader.start(2, dayPlan(1, "2014.02.01"), recnumQuery());
        QVERIFY(finished.wait(10000));
        QCOMPARE(log.pageGenerations, (QList<quint64>{1, 2}));
        QCOMPARE(log.finishedGenerations, QList<quint64>{2});
        QVERIFY(log.failedGenerations.isEmpty());
        QVERIFY(m_sim->requestCount("rs_list") <= 5);
        for (const char *hour : {"2014.01.01_16", "2014.01.01_20"})
            QCOMPARE(m_sim->requestCount(QLatin1String(hour)), 0);
        for (const char *hour : {"2014.01.01_00", "2014.01.01_04"})
            QCOMPARE(m_sim->requestCount(QLatin1String(hour)), 1); // the name check above can match
        QVERIFY(m_sim->requestCount("2014.01.01_08") <= 1); // aborted at once: it may never have left
        QCOMPARE(m_sim->requestCount("2014.02.01_TAI"), 1);
    }

    void restartDropsStaleGeneration()
    {
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.value = 100;
        slow.pathContains = QStringLiteral("rs_list");
        slow.times = -1;
        m_sim->addFault(slow);

        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        loader.start(10, dayPlan(4), recnumQuery(), 2);
        loader.start(11, dayPlan(3, "2014.03.01"), recnumQuery(), 2); // before any page of 10 came
        QCOMPARE(loader.generation(), quint64(11));
        QVERIFY(finished.wait(10000));
        QCOMPARE(log.finishedGenerations, QList<quint64>{11});
        QCOMPARE(log.pageGenerations, (QList<quint64>{11, 11, 11}));
        QCOMPARE(columnTexts(log.joined(), "T_REC").first(), QStringLiteral("2014.03.01_00:00:00_TAI"));
        QCOMPARE(log.lastRows, qint64(1920));
    }

    void restartFromInsideAPageSlot()
    {
        RecordTableLoader loader(m_client.get());
        QList<QPair<quint64, QString>> seen; // generation, signal
        const RecordWindowPlan next = dayPlan(2, "2014.04.01");
        connect(&loader, &RecordTableLoader::pageLoaded, this, [&](quint64 g, int, const RecordTable &) {
            seen.append({g, "page"});
            if (g == 20)
                loader.start(21, next, recnumQuery(), 2);
        });
        connect(&loader, &RecordTableLoader::progress, this, [&](quint64 g) { seen.append({g, "progress"}); });
        connect(&loader, &RecordTableLoader::finished, this, [&](quint64 g) { seen.append({g, "finished"}); });
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        loader.start(20, dayPlan(5), recnumQuery(), 2);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<quint64>(), quint64(21));
        // Generation 20 delivered one page and then nothing, not even its progress.
        QCOMPARE(seen.first(), (QPair<quint64, QString>{20, "page"}));
        for (qsizetype i = 1; i < seen.size(); ++i)
            QCOMPARE(seen[i].first, quint64(21));
        QCOMPARE(seen.last().second, QStringLiteral("finished"));
    }

    void http500IsRetried()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::Http500;
        f.pathContains = QStringLiteral("rs_list");
        f.times = 1;
        f.skip = 1;
        m_sim->addFault(f);
        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy finished(&loader, &RecordTableLoader::finished);
        loader.start(4, dayPlan(3), recnumQuery(), 2);
        QVERIFY(finished.wait(10000));
        QVERIFY(log.failedGenerations.isEmpty());
        QCOMPARE(m_sim->requestCount("rs_list"), 4); // 3 windows + 1 retry
        QCOMPARE(log.joined().rowCount(), qsizetype(1920));
        QCOMPARE(columnTexts(log.joined(), "*recnum*"),
                 columnTexts(fetchAll(recnumQuery("hmi.v_45s[2014.01.01_TAI/1d]")), "*recnum*"));
    }

    void malformedJsonFailsInWords()
    {
        sim::Fault f;
        f.kind = sim::Fault::Kind::MalformedJson;
        f.pathContains = QStringLiteral("rs_list");
        f.times = 1; // the second window only
        f.skip = 1;
        m_sim->addFault(f);
        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy failed(&loader, &RecordTableLoader::failed);
        loader.start(6, dayPlan(4), recnumQuery(), 1);
        QVERIFY(failed.wait(10000));
        QCOMPARE(log.failedGenerations, QList<quint64>{6});
        QVERIFY(log.finishedGenerations.isEmpty());
        QCOMPARE(log.error.kind, JsocError::Kind::BadResponse);
        QVERIFY2(log.error.message.contains(u"page 2 of 4"), qPrintable(log.error.message));
        QVERIFY2(log.error.message.size() > 30, qPrintable(log.error.message));
        QVERIFY(log.pages.count(0) == 1); // the first window was fine
        QVERIFY(log.pages.count(1) == 0); // the broken one never reaches a model
        QVERIFY(log.pages.count(3) == 0); // the third may have been parsed meanwhile, not the fourth
        QVERIFY(!loader.isRunning());
        // Failed once, not retried. Later windows may have gone out while page 2 was being
        // parsed (and were aborted then), but none twice.
        QCOMPARE(m_sim->requestCount("2014.01.01_00"), 1);
        QCOMPARE(m_sim->requestCount("2014.01.01_06"), 1);
        QVERIFY(m_sim->requestCount("2014.01.01_12") <= 1);
        QVERIFY(m_sim->requestCount("2014.01.01_18") <= 1);
        qInfo("failure message: %s", qPrintable(log.error.message));
    }

    void jsocErrorFails()
    {
        RecordWindowPlan plan;
        plan.recordSets = {QStringLiteral("hmi.nosuch_45s[2014.01.01_TAI/1d]")};
        RecordTableLoader loader(m_client.get());
        LoadLog log;
        record(loader, log);
        QSignalSpy failed(&loader, &RecordTableLoader::failed);
        loader.start(8, plan, recnumQuery());
        QVERIFY(failed.wait(10000));
        QCOMPARE(log.error.kind, JsocError::Kind::Jsoc);
        QVERIFY2(!log.error.message.isEmpty(), "no message");
    }

    void deletedWhileLoading()
    {
        auto *loader = new RecordTableLoader(m_client.get());
        loader->start(9, dayPlan(4), recnumQuery(), 2);
        QCOMPARE(loader->inFlight(), 2);
        delete loader; // aborts its requests; nothing may touch it afterwards
        // The client still works for the next caller.
        QCOMPARE(fetchAll(recnumQuery("hmi.v_45s[2014.01.01_TAI/1h]")).rowCount(), qsizetype(80));
    }

    void clientDestroyedFirst()
    {
        const RecordWindowPlan plan = dayPlan(4);
        auto client = std::make_unique<JsocClient>(m_sim->url());
        RecordTableLoader loader(client.get());
        QSignalSpy failed(&loader, &RecordTableLoader::failed);
        loader.start(12, plan, recnumQuery(), 2);
        QCOMPARE(loader.inFlight(), 2);
        client.reset(); // its jobs die with it; the loader must not touch them afterwards
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<quint64>(), quint64(12));
        QCOMPARE(failed.first().at(1).value<JsocError>().kind, JsocError::Kind::Network);
        QVERIFY(!loader.isRunning());
        failed.clear();
        loader.start(13, plan, recnumQuery(), 2); // no client any more: fails in words
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<quint64>(), quint64(13));
        QVERIFY(!failed.first().at(1).value<JsocError>().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecordTableLoader)
#include "tst_recordtableloader.moc"
