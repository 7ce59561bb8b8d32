// RecordSetFetch (the record-set fetch the window and jsoc-cli query share) against the JSOC
// simulator over loopback, and against a scripted server for answers the simulator never gives:
// pages put together are the one big request; the structure is fetched when the keys or the
// split need it; a limit is one request; a huge set asks first; a count that fails fails the
// fetch in words or, when only a hint, falls back to one request; a page failing mid-way; cancel
// during the count and during the load; a second start supersedes the first (nothing stale is
// delivered); more rows than counted are kept, more than the limit are refused.
#include "app/workflow/RecordSetFetch.h"
#include "network/JsocClient.h"
#include "network/RecordListJob.h"
#include "sim/JsocSimulator.h"
#include "support/ScriptedHttpServer.h"

#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include <functional>
#include <map>
#include <memory>

using app::RecordSetFetch;
using app::RecordSetRequest;

namespace {

const QString kSeries = QStringLiteral("hmi.M_45s");
const QString kHour = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1h]");     // 80 records
const QString kNextHour = QStringLiteral("hmi.M_45s[2012.01.01_01:00:00_TAI/1h]"); // 80 others
constexpr int kTimeoutMs = 20000;

template <typename Job>
bool waitFinished(Job *job)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &jsoc::JsocJob::finished);
    return spy.wait(kTimeoutMs);
}

QStringList columnTexts(const jsoc::RecordTable &table, const QString &name)
{
    QStringList out;
    const int i = table.keywordIndex(name);
    if (i < 0)
        return out;
    const jsoc::StringColumn &c = table.keywords[size_t(i)].values;
    for (qsizetype r = 0; r < c.size(); ++r)
        out.append(c.value(r));
    return out;
}

// Everything a fetch emitted, in order, one line per signal ("counted 1 80", "page 1 0 20", ...),
// and the pages by generation and index.
struct FetchLog {
    QStringList events;
    std::map<quint64, std::map<int, jsoc::RecordTable>> pages;
    jsoc::JsocError error;
    std::function<void(quint64, int)> onPage; // lets a test act inside the page slot

    QStringList of(quint64 generation) const
    {
        QStringList out;
        for (const QString &e : events)
            if (e.section(QLatin1Char(' '), 1, 1) == QString::number(generation))
                out.append(e);
        return out;
    }
    QStringList kinds(quint64 generation) const
    {
        QStringList out;
        for (const QString &e : of(generation))
            out.append(e.section(QLatin1Char(' '), 0, 0));
        return out;
    }
    jsoc::RecordTable joined(quint64 generation) const
    {
        jsoc::RecordTable all;
        const auto it = pages.find(generation);
        if (it != pages.end())
            for (const auto &[index, page] : it->second)
                all.appendPage(page);
        return all;
    }
};

void record(RecordSetFetch &fetch, FetchLog &log)
{
    QObject::connect(&fetch, &RecordSetFetch::counted, &fetch, [&log](quint64 g, const QString &, qint64 n) {
        log.events.append(QStringLiteral("counted %1 %2").arg(g).arg(n));
    });
    QObject::connect(&fetch, &RecordSetFetch::confirmationNeeded, &fetch, [&log](quint64 g, qint64 n) {
        log.events.append(QStringLiteral("question %1 %2").arg(g).arg(n));
    });
    QObject::connect(&fetch, &RecordSetFetch::loadStarted, &fetch, [&log](quint64 g, int pages, qint64 expected) {
        log.events.append(QStringLiteral("loading %1 %2 %3").arg(g).arg(pages).arg(expected));
    });
    QObject::connect(&fetch, &RecordSetFetch::pageLoaded, &fetch,
                     [&log](quint64 g, int index, const jsoc::RecordTable &page) {
                         log.events.append(QStringLiteral("page %1 %2 %3").arg(g).arg(index).arg(page.rowCount()));
                         QVERIFY2(log.pages[g].count(index) == 0, "a page was delivered twice");
                         log.pages[g][index] = page;
                         if (log.onPage)
                             log.onPage(g, index);
                     });
    QObject::connect(&fetch, &RecordSetFetch::progress, &fetch, [&log](quint64 g, int done, int total, qint64 rows) {
        log.events.append(QStringLiteral("progress %1 %2/%3 %4").arg(g).arg(done).arg(total).arg(rows));
    });
    QObject::connect(&fetch, &RecordSetFetch::finished, &fetch,
                     [&log](quint64 g) { log.events.append(QStringLiteral("finished %1").arg(g)); });
    QObject::connect(&fetch, &RecordSetFetch::failed, &fetch, [&log](quint64 g, const jsoc::JsocError &e) {
        log.events.append(QStringLiteral("failed %1").arg(g));
        log.error = e;
    });
    QObject::connect(&fetch, &RecordSetFetch::cancelled, &fetch,
                     [&log](quint64 g) { log.events.append(QStringLiteral("cancelled %1").arg(g)); });
}

// Waits until the fetch is no longer running (it ends in finished, failed, a question or a count).
bool waitIdle(const RecordSetFetch &fetch)
{
    return QTest::qWaitFor([&fetch] { return !fetch.isRunning(); }, kTimeoutMs);
}

QByteArray jsonReply(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

class TestRecordSetFetch final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<jsoc::JsocClient> m_client;

    jsoc::SeriesStructure structure()
    {
        std::unique_ptr<jsoc::SeriesStructureJob> job(m_client->seriesStructure(kSeries));
        if (!waitFinished(job.get()) || job->error().isError())
            qFatal("series_struct failed: %s", qPrintable(job->error().message));
        return job->result();
    }

    QStringList direct(const QString &recordSet, const QString &key = QStringLiteral("*recnum*"))
    {
        jsoc::RecordListQuery q;
        q.recordSet = recordSet;
        q.keys = {key};
        std::unique_ptr<jsoc::RecordListJob> job(m_client->recordList(q));
        if (!waitFinished(job.get()) || job->error().isError())
            return {};
        return columnTexts(job->takeResult(), key);
    }

    // The window's kind of request: keys, the structure given, the count required, small pages.
    RecordSetRequest windowRequest(const QString &recordSet)
    {
        RecordSetRequest r;
        r.recordSet = recordSet;
        r.keys = {QStringLiteral("*recnum*"), QStringLiteral("T_REC")};
        r.structure = structure();
        r.rowsPerPage = 20;
        return r;
    }

    int requests(const char *op) const { return m_sim->requestCount(QLatin1String(op)); }

private slots:
    void init()
    {
        m_sim = std::make_unique<sim::JsocSimulator>();
        QVERIFY(m_sim->listen());
        m_client = std::make_unique<jsoc::JsocClient>(m_sim->url());
        jsoc::RetryPolicy fast;
        fast.initialDelayMs = 10;
        fast.maxRetries = 0;
        m_client->setRetryPolicy(fast);
    }

    void cleanup()
    {
        m_client.reset();
        m_sim.reset();
    }

    void pagesTogetherAreTheOneRequest()
    {
        const QStringList want = direct(kHour);
        QCOMPARE(want.size(), 80);
        const RecordSetRequest request = windowRequest(kHour);
        const int structs = requests("series_struct");
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 g = fetch.start(request);
        QVERIFY(fetch.isRunning());
        QVERIFY(waitIdle(fetch));
        const QStringList kinds = log.kinds(g);
        QCOMPARE(kinds.first(), QStringLiteral("counted"));
        QCOMPARE(log.events.first(), QStringLiteral("counted %1 80").arg(g));
        QVERIFY2(log.events.at(1).startsWith(QStringLiteral("loading %1 ").arg(g)), qPrintable(log.events.join('\n')));
        QVERIFY2(fetch.pagesTotal() >= 4, qPrintable(log.events.at(1)));
        QCOMPARE(log.events.at(1), QStringLiteral("loading %1 %2 80").arg(g).arg(fetch.pagesTotal()));
        QCOMPARE(kinds.last(), QStringLiteral("finished"));
        QCOMPARE(kinds.count(QStringLiteral("page")), fetch.pagesTotal());
        QCOMPARE(log.events.size(), log.of(g).size()); // one generation only
        QCOMPARE(columnTexts(log.joined(g), QStringLiteral("*recnum*")), want); // same records, same order
        QCOMPARE(requests("series_struct"), structs); // given, not fetched again
        QCOMPARE(requests("op=rs_list"), 1 + fetch.pagesTotal());
        QCOMPARE(fetch.keys(), request.keys);
    }

    // jsoc-cli's kind of request: no keys, no structure, the count only a hint.
    void structureFetchedForDefaultKeysAndSplit()
    {
        RecordSetRequest request;
        request.recordSet = kHour;
        request.rowsPerPage = 20;
        request.countRequired = false;
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.kinds(g).last(), QStringLiteral("finished"));
        QCOMPARE(requests("series_struct"), 1);
        QCOMPARE(requests("rs_summary"), 1); // no limit and a structure: the count splits the set
        QCOMPARE(fetch.keys(), (QStringList{QStringLiteral("T_REC"), QStringLiteral("CAMERA")}));
        QVERIFY(fetch.pagesTotal() >= 4);
        QCOMPARE(columnTexts(log.joined(g), QStringLiteral("T_REC")), direct(kHour, QStringLiteral("T_REC")));
    }

    void limitIsOneRequest_data()
    {
        QTest::addColumn<bool>("countRequired");
        QTest::addColumn<qint64>("limit");
        QTest::newRow("window, first 5") << true << qint64(5);
        QTest::newRow("window, last 3") << true << qint64(-3);
        QTest::newRow("cli, first 5: no count") << false << qint64(5);
    }

    void limitIsOneRequest()
    {
        QFETCH(bool, countRequired);
        QFETCH(qint64, limit);
        RecordSetRequest request = windowRequest(kHour);
        request.limit = limit;
        request.countRequired = countRequired;
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        const qint64 n = qAbs(limit);
        QStringList want;
        if (countRequired)
            want.append(QStringLiteral("counted %1 80").arg(g));
        want << QStringLiteral("loading %1 1 %2").arg(g).arg(countRequired ? n : 0)
             << QStringLiteral("page %1 0 %2").arg(g).arg(n) << QStringLiteral("progress %1 1/1 %2").arg(g).arg(n)
             << QStringLiteral("finished %1").arg(g);
        QCOMPARE(log.events, want);
        QCOMPARE(requests("rs_summary"), countRequired ? 1 : 0);
        QCOMPARE(requests(qPrintable(QStringLiteral("&n=%1").arg(limit))), 1);
        const QStringList all = direct(kHour);
        const QStringList got = columnTexts(log.joined(g), QStringLiteral("*recnum*"));
        QCOMPARE(got, limit > 0 ? all.mid(0, n) : all.mid(all.size() - n));
    }

    void hugeSetAsksFirst()
    {
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        RecordSetRequest request = windowRequest(kHour);
        request.largeFetchThreshold = 50;
        quint64 g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(g), (QStringList{QStringLiteral("counted %1 80").arg(g), QStringLiteral("question %1 80").arg(g)}));
        QCOMPARE(requests("op=rs_list"), 0);

        // The user goes on: everything.
        request.confirmed = true;
        g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.kinds(g).last(), QStringLiteral("finished"));
        QCOMPARE(log.joined(g).rowCount(), 80);

        // A limit under the threshold is not asked about.
        request.confirmed = false;
        request.limit = 40;
        g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QVERIFY(!log.kinds(g).contains(QStringLiteral("question")));
        QCOMPARE(log.joined(g).rowCount(), 40);
    }

    void countFails()
    {
        sim::Fault fault;
        fault.kind = sim::Fault::Kind::MalformedJson;
        fault.pathContains = QStringLiteral("rs_summary");
        fault.times = -1;
        m_sim->addFault(fault);
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);

        // Required (the window): the fetch fails in words naming the set, nothing is listed.
        quint64 g = fetch.start(windowRequest(kHour));
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(g), QStringList{QStringLiteral("failed %1").arg(g)});
        QVERIFY2(log.error.message.startsWith(QStringLiteral("JSOC could not count %1: ").arg(kHour)),
                 qPrintable(log.error.message));
        QCOMPARE(log.error.kind, jsoc::JsocError::Kind::BadResponse);
        QCOMPARE(requests("op=rs_list"), 0);

        // The Count button: the same words.
        log.error = {};
        g = fetch.count(kHour);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(g), QStringList{QStringLiteral("failed %1").arg(g)});
        QVERIFY(log.error.message.startsWith(QStringLiteral("JSOC could not count ")));

        // Only a hint (jsoc-cli): the whole set in one request, no reply size known.
        RecordSetRequest hint = windowRequest(kHour);
        hint.countRequired = false;
        g = fetch.start(hint);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(g).first(), QStringLiteral("loading %1 1 0").arg(g));
        QCOMPARE(log.kinds(g).last(), QStringLiteral("finished"));
        QCOMPARE(log.joined(g).rowCount(), 80);
        QCOMPARE(requests("op=rs_list"), 1);
    }

    void countOnly()
    {
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 g = fetch.count(kHour);
        QVERIFY(fetch.isRunning());
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.events, QStringList{QStringLiteral("counted %1 80").arg(g)});
        QCOMPARE(requests("op=rs_list"), 0);
    }

    void pageFailsMidway()
    {
        sim::Fault fault;
        fault.kind = sim::Fault::Kind::MalformedJson;
        fault.pathContains = QStringLiteral("op=rs_list");
        fault.skip = 1; // the first page is fine, the second is cut
        m_sim->addFault(fault);
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 g = fetch.start(windowRequest(kHour));
        QVERIFY(waitIdle(fetch));
        const QStringList kinds = log.kinds(g);
        QCOMPARE(kinds.last(), QStringLiteral("failed"));
        QVERIFY(!kinds.contains(QStringLiteral("finished")));
        QCOMPARE(kinds.count(QStringLiteral("page")), 1);
        QVERIFY2(log.error.message.endsWith(QStringLiteral("(page 2 of %1)").arg(fetch.pagesTotal())),
                 qPrintable(log.error.message));
        QCOMPARE(log.error.kind, jsoc::JsocError::Kind::BadResponse);
        // The third page may have been asked for while the second was parsed, never a fourth.
        QVERIFY(requests("op=rs_list") <= 3);
    }

    void cancelDuringCount()
    {
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.value = 20000;
        slow.pathContains = QStringLiteral("rs_summary");
        m_sim->addFault(slow);
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 first = fetch.start(windowRequest(kHour));
        QTRY_COMPARE_WITH_TIMEOUT(requests("rs_summary"), 1, kTimeoutMs);
        fetch.cancel();
        QVERIFY(!fetch.isRunning());
        QCOMPARE(log.events, QStringList{QStringLiteral("cancelled %1").arg(first)});
        fetch.cancel(); // nothing running: says nothing
        QCOMPARE(log.events.size(), 1);

        // The next fetch runs to the end; the cancelled one never speaks again.
        const quint64 second = fetch.start(windowRequest(kHour));
        QVERIFY(second != first);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.kinds(second).last(), QStringLiteral("finished"));
        QCOMPARE(log.of(first), QStringList{QStringLiteral("cancelled %1").arg(first)});
        QCOMPARE(log.joined(second).rowCount(), 80);
    }

    void cancelDuringLoad()
    {
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.value = 20000;
        slow.pathContains = QStringLiteral("op=rs_list");
        slow.skip = 1; // the first page comes, the second hangs
        m_sim->addFault(slow);
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        const quint64 first = fetch.start(windowRequest(kHour));
        QTRY_VERIFY_WITH_TIMEOUT(log.kinds(first).contains(QStringLiteral("page")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(requests("op=rs_list"), 2, kTimeoutMs);
        fetch.cancel();
        QVERIFY(!fetch.isRunning());
        QCOMPARE(log.events.last(), QStringLiteral("cancelled %1").arg(first));
        const QStringList before = log.of(first);

        const quint64 second = fetch.start(windowRequest(kNextHour));
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.kinds(second).last(), QStringLiteral("finished"));
        QCOMPARE(log.of(first), before); // nothing of the cancelled fetch after cancelled
        QCOMPARE(columnTexts(log.joined(second), QStringLiteral("*recnum*")), direct(kNextHour));
    }

    // A new start inside a page slot of the first: no page, progress or finish of the first after it.
    void secondStartSupersedesDuringLoad()
    {
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        quint64 second = 0;
        const RecordSetRequest next = windowRequest(kNextHour);
        log.onPage = [&](quint64, int) {
            if (second == 0)
                second = fetch.start(next);
        };
        const quint64 first = fetch.start(windowRequest(kHour));
        QTRY_VERIFY_WITH_TIMEOUT(second != 0 && !fetch.isRunning(), kTimeoutMs);
        QCOMPARE(log.kinds(first), (QStringList{QStringLiteral("counted"), QStringLiteral("loading"), QStringLiteral("page")}));
        QCOMPARE(log.kinds(second).last(), QStringLiteral("finished"));
        QCOMPARE(log.events.count(QStringLiteral("finished %1").arg(second)), 1);
        QCOMPARE(columnTexts(log.joined(second), QStringLiteral("*recnum*")), direct(kNextHour));
    }

    // A new start while the first is counting, and while its page is on the wire.
    void secondStartSupersedesOnTheWire()
    {
        // The first hour answers after 200 ms, the next after 800 ms a request: had the first
        // hour's page not been dropped with its request, it would come before the last finishes.
        sim::Fault late;
        late.kind = sim::Fault::Kind::Latency;
        late.value = 200;
        late.pathContains = QStringLiteral("2012.01.01_00:00:00_TAI");
        late.times = -1;
        m_sim->addFault(late);
        sim::Fault later = late;
        later.value = 800;
        later.pathContains = QStringLiteral("2012.01.01_01:00:00_TAI");
        m_sim->addFault(later);
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        RecordSetRequest request = windowRequest(kHour);
        request.limit = 10; // one page
        const quint64 counting = fetch.start(request);
        const quint64 replaced = fetch.start(request); // at once: the first count is dropped
        QTRY_VERIFY_WITH_TIMEOUT(log.kinds(replaced).contains(QStringLiteral("loading")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(requests("op=rs_list"), 1, kTimeoutMs);
        const quint64 last = fetch.start(windowRequest(kNextHour));
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(counting), QStringList());
        QCOMPARE(log.kinds(replaced), (QStringList{QStringLiteral("counted"), QStringLiteral("loading")}));
        QCOMPARE(log.kinds(last).last(), QStringLiteral("finished"));
        for (const auto &[generation, pages] : log.pages)
            QCOMPARE(generation, last);
        QCOMPARE(columnTexts(log.joined(last), QStringLiteral("*recnum*")), direct(kNextHour));
    }

    // jsoc-cli's structure rules: needed for default keys (then any failure is fatal); with keys,
    // JSOC's own complaint is left to rs_list, an unreachable server is reported at once.
    void structureErrors()
    {
        RecordSetFetch fetch(m_client.get());
        FetchLog log;
        record(fetch, log);
        RecordSetRequest request;
        request.recordSet = QStringLiteral("hmi.nothing_here[$]");
        request.countRequired = false;
        quint64 g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(g), QStringList{QStringLiteral("failed %1").arg(g)});
        QCOMPARE(log.error.kind, jsoc::JsocError::Kind::Jsoc);
        QCOMPARE(requests("op=rs_list") + requests("rs_summary"), 0);

        request.keys = {QStringLiteral("T_REC")};
        g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.kinds(g), (QStringList{QStringLiteral("loading"), QStringLiteral("failed")}));
        QCOMPARE(requests("op=rs_list"), 1); // rs_list says what is wrong
        QCOMPARE(requests("rs_summary"), 0);  // no structure, nothing to split: no count

        testsupport::ScriptedHttpServer dead;
        QVERIFY(dead.listen());
        dead.setHandler([](const testsupport::ScriptedHttpServer::Request &, testsupport::ScriptedHttpServer::Reply &reply) {
            reply.abort();
        });
        jsoc::JsocClient client(dead.url());
        jsoc::RetryPolicy none;
        none.maxRetries = 0;
        client.setRetryPolicy(none);
        RecordSetFetch unreachable(&client);
        FetchLog deadLog;
        record(unreachable, deadLog);
        request.recordSet = kHour;
        g = unreachable.start(request);
        QVERIFY(waitIdle(unreachable));
        QCOMPARE(deadLog.of(g), QStringList{QStringLiteral("failed %1").arg(g)});
        QCOMPARE(deadLog.error.kind, jsoc::JsocError::Kind::Network);
        for (const testsupport::ScriptedHttpServer::Request &rq : dead.requests()) // Qt may resend once
            QVERIFY2(rq.target.contains("series_struct"), rq.target.constData());
    }

    // A server that counts 2 and lists 5: records added since the count are kept (the count
    // only sizes the reply cap); with n=2, 5 records are not the answer asked for.
    void serverSendsMoreRowsThanCounted()
    {
        QFile structureFile(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/seriesstruct_hmi.m_45s.json"));
        QVERIFY(structureFile.open(QIODevice::ReadOnly));
        const QByteArray structureBody = structureFile.readAll();
        testsupport::ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([&](const testsupport::ScriptedHttpServer::Request &rq, testsupport::ScriptedHttpServer::Reply &reply) {
            if (rq.target.contains("series_struct"))
                reply.send(jsonReply(structureBody));
            else if (rq.target.contains("rs_summary"))
                reply.send(jsonReply("{\"count\":2,\"runtime\":0.01,\"status\":0}"));
            else
                reply.send(jsonReply("{\"keywords\":[{\"name\":\"T_REC\",\"values\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}],"
                                     "\"segments\":[],\"links\":[],\"count\":5,\"status\":0}"));
            reply.close();
        });
        jsoc::JsocClient client(server.url());
        RecordSetFetch fetch(&client);
        FetchLog log;
        record(fetch, log);
        RecordSetRequest request;
        request.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/90s]");
        request.keys = {QStringLiteral("T_REC")};
        quint64 g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.of(g), (QStringList{QStringLiteral("counted %1 2").arg(g), QStringLiteral("loading %1 1 2").arg(g),
                                         QStringLiteral("page %1 0 5").arg(g), QStringLiteral("progress %1 1/1 5").arg(g),
                                         QStringLiteral("finished %1").arg(g)}));
        QCOMPARE(columnTexts(log.joined(g), QStringLiteral("T_REC")).join(QLatin1Char(',')), QStringLiteral("a,b,c,d,e"));

        request.limit = 2;
        g = fetch.start(request);
        QVERIFY(waitIdle(fetch));
        QCOMPARE(log.kinds(g).last(), QStringLiteral("failed"));
        QVERIFY(!log.kinds(g).contains(QStringLiteral("page")));
        QVERIFY2(log.error.message.contains(QStringLiteral("5 records although only 2")), qPrintable(log.error.message));
    }
};

QTEST_MAIN(TestRecordSetFetch)
#include "tst_recordsetfetch.moc"
