// The persistent export queue (SQLite) and ExportPoller against the simulator's export desk over
// a loopback socket: every status code path, the one-pending-per-e-mail rule, back-off through
// HTTP 503, restart recovery without duplicates, expiry and hostile file names.
#include "app/workflow/ExportSession.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportQueueModel.h"
#include "model/exports/ExportStatusText.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "support/ScriptedHttpServer.h"
#include "support/TinyDisk.h"

#include <QAbstractItemModelTester>
#include <QHttpServer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace jsoc;
using State = ExportQueueEntry::State;

namespace {

// A one-route JSOC stand-in for the codes the simulator never produces (12, 25) and for
// hostile index.json file names: every jsoc_fetch call gets `body`.
class CannedJsoc final
{
public:
    explicit CannedJsoc(const QByteArray &body)
    {
        m_server.route(QStringLiteral("/cgi-bin/ajax/jsoc_fetch"), [this](const QHttpServerRequest &) {
            ++hits;
            return QHttpServerResponse(QByteArrayLiteral("application/json"), m_body);
        });
        m_body = body;
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    int hits = 0;

private:
    QHttpServer m_server;
    QByteArray m_body;
    quint16 m_port = 0;
};

// A JSOC stand-in that answers exp_request and exp_status with different bodies, written byte
// for byte (ScriptedHttpServer), and counts what it was asked.
class ScriptedJsoc final
{
public:
    ScriptedJsoc(const QByteArray &requestBody, const QByteArray &statusBody)
    {
        m_server.setHandler([=, this](const testsupport::ScriptedHttpServer::Request &rq,
                                      testsupport::ScriptedHttpServer::Reply &r) {
            const bool isStatus = rq.target.contains("op=exp_status");
            (isStatus ? statusHits : requestHits)++;
            const QByteArray body = isStatus ? statusBody : requestBody;
            r.sendHead(200, {{"Content-Type", "application/json"},
                             {"Content-Length", QByteArray::number(body.size())},
                             {"Connection", "close"}});
            r.send(body);
            r.close();
        });
        m_server.listen();
    }
    QUrl url() const { return m_server.url(); }
    int requestHits = 0;
    int statusHits = 0;

private:
    testsupport::ScriptedHttpServer m_server;
};

using testsupport::TinyDisk;

QByteArray completeBody(const QByteArray &dataAndCount)
{
    return "{\"status\":0,\"requestid\":\"JSOC_20260101_010\",\"method\":\"url\",\"protocol\":\"fits\","
           "\"dir\":\"/SUM1/D2/S00000\"," + dataAndCount + "}\n";
}

} // namespace

class TestExportQueue final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void statusTextsCoverEveryCode();
    void persistsAcrossReopen();
    void quickExportStatus0();
    void queuedExportWithStatus6Then2Then1Then0();
    void tooLargeStatus3();
    void badRecordSetStatus4();
    void expiredStatus5AndReexport();
    void onePendingPerEmail();
    void foreignPendingStatus7WaitsInQueue();
    void foreignPendingSeenBeforeSending();
    void abandonedPendingStopsBlockingAfterAnHour();
    void sameRequestIdMergedIntoOneRow();
    void testModeStatus12AndOffline25_data();
    void testModeStatus12AndOffline25();
    void http503DuringPollingRetried();
    void restartWhilePendingResumesSameRequest();
    void restartWhileSubmittingDoesNotDuplicate();
    void localExpiryWarningAndExpiry();
    void hostileFileNamesRefused();
    void cancelDropsLocally();
    void modelFollowsQueue();
    // issue 11
    void statusTextsFitTheirContext();
    void status7AfterPollIsAFailure();
    void unknownStatusNamedWithJsocWords();
    void garbledAnswerIsNotUnreachable();
    void completeWithoutUsableFilesFails_data();
    void completeWithoutUsableFilesFails();
    void completeWithFewerFilesSaysSo();
    void damagedSchemaRefused_data();
    void damagedSchemaRefused();
    void olderSchemaMigrated();
    void newerSchemaRefusedUnchanged();
    void corruptFileRefusedUnchanged();
    void readOnlyFileRefused();
    void fullDiskStopsPollerInWords();
    void fullDiskBeforeSubmitSendsNothing();
    void coalescedDownloadWrites();

private:
    ExportRequestOptions options(const QString &ds, const QString &email = QStringLiteral("user@example.com")) const;
    std::unique_ptr<ExportQueue> openQueue();
    std::unique_ptr<ExportPoller> newPoller(JsocClient *client, ExportQueue *queue);
    bool waitFinished(ExportQueue &queue, qint64 id, int timeoutMs = 20000);
    static QList<int> statuses(const QList<ExportHistoryEntry> &history);

    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<JsocClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestExportQueue::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    QVERIFY(m_sim->registerAddress(QStringLiteral("user@example.com")));
    QVERIFY(m_sim->registerAddress(QStringLiteral("someone.else@example.com")));
    auto &o = m_sim->exportDesk()->options();
    o.queuedMs = 150;
    o.processingMs = 150;
    m_client = std::make_unique<JsocClient>(m_sim->url());
    m_client->setRetryPolicy({1, 10, 2.0});
}

void TestExportQueue::cleanup()
{
    m_client.reset();
    m_sim.reset();
}

ExportRequestOptions TestExportQueue::options(const QString &ds, const QString &email) const
{
    ExportRequestOptions o;
    o.recordSet = ds;
    o.notify = email;
    o.method = QStringLiteral("url");
    o.protocol = QStringLiteral("fits");
    return o;
}

std::unique_ptr<ExportQueue> TestExportQueue::openQueue()
{
    auto q = std::make_unique<ExportQueue>();
    QString error;
    if (!q->open(m_dir->filePath(QStringLiteral("data/exports.sqlite")), &error))
        qWarning() << error;
    return q;
}

std::unique_ptr<ExportPoller> TestExportQueue::newPoller(JsocClient *client, ExportQueue *queue)
{
    auto p = std::make_unique<ExportPoller>(client, queue);
    ExportPoller::Options o;
    o.pollInitialMs = 30;
    o.pollMaxMs = 120;
    o.busyRetryMs = 100;
    o.maxFailures = 20;
    p->setOptions(o);
    return p;
}

bool TestExportQueue::waitFinished(ExportQueue &queue, qint64 id, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const auto e = queue.entry(id);
        if (e && e->isTerminal())
            return true;
        QSignalSpy changed(&queue, &ExportQueue::entryChanged);
        changed.wait(200);
    }
    return false;
}

QList<int> TestExportQueue::statuses(const QList<ExportHistoryEntry> &history)
{
    QList<int> s;
    for (const auto &h : history)
        if (h.jsocStatus >= 0 && (s.isEmpty() || s.last() != h.jsocStatus))
            s.append(h.jsocStatus);
    return s;
}

void TestExportQueue::statusTextsCoverEveryCode()
{
    QSet<QString> meanings;
    for (int code : {0, 1, 2, 3, 4, 5, 6, 7, 12, 25}) {
        const ExportStatusText t = exportStatusText(code);
        QVERIFY(!t.meaning.isEmpty());
        QVERIFY(!t.advice.isEmpty());
        QVERIFY(!t.meaning.contains(QLatin1String("Unknown")));
        meanings.insert(t.meaning);
    }
    QCOMPARE(meanings.size(), 10);
    QVERIFY(exportStatusText(99).meaning.contains(QLatin1String("99")));
    QVERIFY(exportStatusLine(7, ExportStatusContext::AfterSubmit).contains(QLatin1String("one pending export per e-mail")));
}

void TestExportQueue::persistsAcrossReopen()
{
    qint64 id = 0;
    {
        auto q = openQueue();
        QVERIFY(q->isOpen());
        QSignalSpy added(q.get(), &ExportQueue::entryAdded);
        id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/3m]")), QStringLiteral("/data/x"));
        QVERIFY(id > 0);
        QCOMPARE(added.size(), 1);
        ExportQueueEntry e = *q->entry(id);
        e.state = State::Done;
        e.requestId = QStringLiteral("JSOC_20260101_001");
        e.jsocStatus = 0;
        e.completed = QDateTime::currentDateTimeUtc();
        DownloadItem d;
        d.url = QUrl(QStringLiteral("http://127.0.0.1/SUM1/a.fits"));
        d.fileName = QStringLiteral("a.fits");
        d.folder = QStringLiteral("/data/x");
        d.validator = "\"abc\"";
        QList<DownloadItem> items{d, d};
        items[1].fileName = QStringLiteral("b.fits");
        QVERIFY(q->complete(e, items, QStringLiteral("done")));
        QVERIFY(items[0].id > 0 && items[1].id > items[0].id);
        items[1].received = 42;
        items[1].state = DownloadItem::State::Paused;
        QVERIFY(q->updateDownload(items[1]));
    }
    auto q = openQueue();
    const auto e = q->entry(id);
    QVERIFY(e.has_value());
    QCOMPARE(e->state, State::Done);
    QCOMPARE(e->requestId, QStringLiteral("JSOC_20260101_001"));
    QCOMPARE(e->options.recordSet, QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/3m]"));
    QCOMPARE(e->options.protocol, QStringLiteral("fits"));
    QCOMPARE(e->folder, QStringLiteral("/data/x"));
    QVERIFY(e->expiresAt() > QDateTime::currentDateTimeUtc().addDays(6));
    const auto downloads = q->downloads(id);
    QCOMPARE(downloads.size(), 2);
    QCOMPARE(downloads[0].validator, QByteArray("\"abc\""));
    QCOMPARE(downloads[1].state, DownloadItem::State::Paused);
    QCOMPARE(downloads[1].received, 42);
    QCOMPARE(q->history(id).size(), 2);
    QVERIFY(q->remove(id));
    QVERIFY(!q->entry(id).has_value());
    QVERIFY(q->downloads(id).isEmpty());
}

void TestExportQueue::quickExportStatus0()
{
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    ExportRequestOptions o = options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]"));
    o.method = QStringLiteral("url_quick");
    o.protocol = QStringLiteral("as-is");
    QSignalSpy finished(p.get(), &ExportPoller::entryFinished);
    const qint64 id = q->add(o, m_dir->filePath(QStringLiteral("out")));
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Done);
    QCOMPARE(e.jsocStatus, 0);
    QVERIFY(e.requestId.isEmpty());
    const auto downloads = q->downloads(id);
    QVERIFY(!downloads.isEmpty());
    QCOMPARE(e.fileCount, downloads.size());
    for (const DownloadItem &d : downloads) {
        QCOMPARE(d.state, DownloadItem::State::Waiting);
        QVERIFY(d.url.path().startsWith(QLatin1String("/SUM")));
        QVERIFY(!d.fileName.contains(QLatin1Char('/')));
    }
    QCOMPARE(finished.size(), 1);
}

void TestExportQueue::queuedExportWithStatus6Then2Then1Then0()
{
    m_sim->exportDesk()->options().status6First = true;
    m_sim->exportDesk()->options().queuedMs = 1000; // long enough to see every status even on a busy machine
    m_sim->exportDesk()->options().processingMs = 1000;
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/3m]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Done);
    QVERIFY(e.requestId.startsWith(QLatin1String("JSOC_")));
    QCOMPARE(statuses(q->history(id)), (QList<int>{2, 6, 2, 1, 0}));
    QCOMPARE(q->downloads(id).size(), 4); // 4 records x 1 segment
    QVERIFY(m_sim->requestCount(QStringLiteral("op=exp_status")) >= 4);
}

void TestExportQueue::tooLargeStatus3()
{
    m_sim->exportDesk()->options().maxSizeMb = 0;
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1h]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Failed);
    QCOMPARE(e.jsocStatus, 3);
    QVERIFY2(e.message.contains(QLatin1String("too large")) && e.message.contains(QLatin1String("max byte limit")),
             qPrintable(e.message));
    QVERIFY(e.requestId.isEmpty()); // VOID is not kept as an id
}

void TestExportQueue::badRecordSetStatus4()
{
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 bad = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1h")), m_dir->path());
    const qint64 unknown = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1m]"),
                                          QStringLiteral("unknown@example.com")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, bad));
    QVERIFY(waitFinished(*q, unknown));
    for (qint64 id : {bad, unknown}) {
        const auto e = *q->entry(id);
        QCOMPARE(e.state, State::Failed);
        QCOMPARE(e.jsocStatus, 4);
        QVERIFY2(e.message.contains(QLatin1String("JSOC said")), qPrintable(e.message));
    }
}

void TestExportQueue::expiredStatus5AndReexport()
{
    auto &o = m_sim->exportDesk()->options();
    o.queuedMs = 0;
    o.processingMs = 0;
    o.expireMs = 0; // deleted as soon as it is done
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    auto e = *q->entry(id);
    QCOMPARE(e.state, State::Expired);
    QCOMPARE(e.jsocStatus, 5);
    QVERIFY2(e.message.contains(QLatin1String("Export again")), qPrintable(e.message));
    // Re-export makes a new request (JSOC does not deduplicate against a deleted export).
    const qint64 again = p->reexport(id);
    QVERIFY(again > id);
    QVERIFY(waitFinished(*q, again));
    QCOMPARE(q->entry(again)->options.recordSet, e.options.recordSet);
    QCOMPARE(q->entry(again)->folder, e.folder);
    QVERIFY(q->entry(again)->requestId.startsWith(QLatin1String("JSOC_")));
    QVERIFY(q->entry(again)->requestId != e.requestId);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);
}

void TestExportQueue::onePendingPerEmail()
{
    m_sim->exportDesk()->options().queuedMs = 1500;
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 a = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    const qint64 b = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_01:00:00_TAI/2m]")), m_dir->path());
    const qint64 other = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_02:00:00_TAI/2m]"),
                                        QStringLiteral("someone.else@example.com")), m_dir->path());
    p->start();
    // The first request of each address goes out at once; the second waits locally.
    QTRY_COMPARE(q->entry(a)->state, State::Pending);
    QTRY_COMPARE(q->entry(other)->state, State::Pending);
    QCOMPARE(q->entry(b)->state, State::Queued);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);
    QVERIFY(waitFinished(*q, a));
    QVERIFY(waitFinished(*q, b));
    QVERIFY(waitFinished(*q, other));
    for (qint64 id : {a, b, other}) {
        QCOMPARE(q->entry(id)->state, State::Done);
        QVERIFY(!statuses(q->history(id)).contains(7)); // JSOC never had to refuse one
    }
    // b was sent only after a finished.
    QDateTime aDone, bSent;
    for (const auto &h : q->history(a))
        if (h.state == State::Done)
            aDone = h.at;
    for (const auto &h : q->history(b))
        if (h.state == State::Submitting && !bSent.isValid())
            bSent = h.at;
    QVERIFY(aDone.isValid() && bSent.isValid());
    QVERIFY(bSent >= aDone);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 3);
}

void TestExportQueue::foreignPendingStatus7WaitsInQueue()
{
    m_sim->exportDesk()->options().queuedMs = 1500;
    // Another program of the same user has a request pending at JSOC.
    ExportJob *foreign = m_client->requestExport(options(QStringLiteral("hmi.M_45s[2012.01.01_05:00:00_TAI/2m]")));
    QSignalSpy sent(foreign, &JsocJob::finished);
    QVERIFY(sent.wait());
    QCOMPARE(foreign->result().status, 2);
    const QString foreignId = foreign->result().requestId;
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    // The server without manage-request.sh (or not asked): JSOC's status 7 puts it back in our queue.
    auto o = p->options();
    o.askJsocFirst = false;
    p->setOptions(o);
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QTRY_VERIFY(statuses(q->history(id)).contains(7));
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Done);
    bool sawQueued7 = false;
    for (const auto &h : q->history(id)) {
        QVERIFY(h.state != State::Failed);
        if (h.jsocStatus == 7 && h.state == State::Queued && h.note.contains(QLatin1String("waits in our queue")))
            sawQueued7 = true;
    }
    QVERIFY(sawQueued7);
    QVERIFY(!foreignId.isEmpty());
}

void TestExportQueue::foreignPendingSeenBeforeSending()
{
    m_sim->exportDesk()->options().queuedMs = 1500;
    ExportJob *foreign = m_client->requestExport(options(QStringLiteral("hmi.M_45s[2012.01.01_05:00:00_TAI/2m]")));
    QSignalSpy sent(foreign, &JsocJob::finished);
    QVERIFY(sent.wait());
    QCOMPARE(foreign->result().status, 2);
    const QString foreignId = foreign->result().requestId;
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    // JSOC is asked first (manage-request.sh check): the row names the foreign request and JSOC's
    // words, and nothing is sent into JSOC's one-request-per-address limit.
    QTRY_VERIFY_WITH_TIMEOUT(q->entry(id)->message.contains(foreignId), 5000);
    const auto waiting = *q->entry(id);
    QCOMPARE(waiting.state, State::Queued);
    QVERIFY2(waiting.message.contains(QLatin1String("JSOC said:")), qPrintable(waiting.message));
    QVERIFY2(waiting.message.contains(QLatin1String("when JSOC stops counting it")), qPrintable(waiting.message));
    QVERIFY2(waiting.jsocError.contains(foreignId), qPrintable(waiting.jsocError));
    QVERIFY(waitFinished(*q, id));
    QCOMPARE(q->entry(id)->state, State::Done);
    QVERIFY(!statuses(q->history(id)).contains(7)); // never refused: it went out when the other ended
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_request")), 2); // the foreign one and ours, once
}

void TestExportQueue::abandonedPendingStopsBlockingAfterAnHour()
{
    // A request an earlier run left Pending (its process killed, JSOC never finishing it): ours
    // waits behind it, says so, and goes out once JSOC stops counting it (60 minutes).
    auto q = openQueue();
    const qint64 old = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_05:00:00_TAI/2m]")), m_dir->path());
    auto stale = *q->entry(old);
    stale.state = State::Pending;
    stale.requestId = QStringLiteral("JSOC_20260101_900");
    stale.submitted = QDateTime::currentDateTimeUtc().addSecs(-59 * 60 - 58);
    QVERIFY(q->update(stale));
    auto p = newPoller(m_client.get(), q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QTRY_VERIFY(q->entry(id)->message.contains(QStringLiteral("Waiting behind export #%1 (JSOC_20260101_900)").arg(old)));
    QCOMPARE(q->entry(id)->state, State::Queued);
    // Two seconds later JSOC no longer counts it: ours is sent although the old row is still Pending.
    QTRY_VERIFY_WITH_TIMEOUT(q->entry(id)->state != State::Queued, 10000);
    QVERIFY(waitFinished(*q, id));
    QCOMPARE(q->entry(id)->state, State::Done);
}

void TestExportQueue::sameRequestIdMergedIntoOneRow()
{
    // JSOC answers an identical request within 24 h with the same id (quirk 12): one row follows it.
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const ExportRequestOptions o = options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]"));
    const qint64 first = q->add(o, m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, first));
    QCOMPARE(q->entry(first)->state, State::Done);
    const QString requestId = q->entry(first)->requestId;
    QSignalSpy merged(p.get(), &ExportPoller::merged);
    const qint64 second = q->add(o, m_dir->filePath(QStringLiteral("again")));
    QVERIFY(merged.wait(10000));
    QCOMPARE(merged.first().at(0).toLongLong(), second);
    QCOMPARE(merged.first().at(1).toLongLong(), first);
    QVERIFY(!q->entry(second));
    QCOMPARE(q->entries().size(), 1);
    QCOMPARE(q->entry(first)->requestId, requestId);
    QVERIFY(q->history(first).last().note.contains(QStringLiteral("merged export #%1").arg(second)));
}

void TestExportQueue::testModeStatus12AndOffline25_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("words");
    QTest::newRow("12") << QByteArray("{\"status\":12,\"requestid\":\"JSOC_20260101_007\",\"method\":\"url\",\"protocol\":\"fits\",\"wait\":0}\n")
                        << 12 << "test mode";
    QTest::newRow("25") << QByteArray("{\"status\":25,\"requestid\":\"JSOC_20260101_008\",\"error\":\"One or more data files are offline; please send a request for help to jsoc@sun.stanford.edu\"}\n")
                        << 25 << "operator help";
}

void TestExportQueue::testModeStatus12AndOffline25()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, words);
    CannedJsoc server(body);
    JsocClient client(server.url());
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Failed);
    QCOMPARE(e.jsocStatus, status);
    QVERIFY2(e.message.contains(words), qPrintable(e.message));
    QCOMPARE(server.hits, 1);
}

void TestExportQueue::http503DuringPollingRetried()
{
    m_sim->addFault({sim::Fault::Kind::Http503, 0, QStringLiteral("op=exp_status"), 4});
    m_sim->addFault({sim::Fault::Kind::Stall, 0, QStringLiteral("op=exp_status"), 1});
    m_client->setTransferTimeout(300);
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    QCOMPARE(q->entry(id)->state, State::Done);
    bool sawRetryNote = false;
    for (const auto &h : q->history(id))
        sawRetryNote |= h.note.contains(QLatin1String("trying again in"))
            && (h.note.contains(QLatin1String("answered with an error (JSOC answered HTTP 503"))
                || h.note.contains(QLatin1String("could not be reached")));
    QVERIFY(sawRetryNote);
}

void TestExportQueue::restartWhilePendingResumesSameRequest()
{
    m_sim->exportDesk()->options().queuedMs = 1500;
    qint64 id = 0;
    QString requestId;
    {
        auto q = openQueue();
        auto p = newPoller(m_client.get(), q.get());
        id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
        p->start();
        QTRY_COMPARE(q->entry(id)->state, State::Pending);
        requestId = q->entry(id)->requestId;
    } // poller and database gone, like a killed process
    QVERIFY(!requestId.isEmpty());
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    p->start();
    QVERIFY(waitFinished(*q, id));
    QCOMPARE(q->entry(id)->state, State::Done);
    QCOMPARE(q->entry(id)->requestId, requestId);
    QCOMPARE(q->entries().size(), 1);
    QCOMPARE(m_sim->exportDesk()->requestIds(), QStringList{requestId});
}

void TestExportQueue::restartWhileSubmittingDoesNotDuplicate()
{
    const ExportRequestOptions o = options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]"));
    qint64 id = 0;
    QString sentId;
    {
        auto q = openQueue();
        id = q->add(o, m_dir->path());
        ExportQueueEntry e = *q->entry(id);
        e.state = State::Submitting;
        QVERIFY(q->update(e));
        // The request reached JSOC, then the process died before storing the answer.
        ExportJob *job = m_client->requestExport(o);
        QSignalSpy done(job, &JsocJob::finished);
        QVERIFY(done.wait());
        sentId = job->result().requestId;
    }
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    p->start();
    QVERIFY(waitFinished(*q, id));
    QCOMPARE(q->entry(id)->state, State::Done);
    QCOMPARE(q->entry(id)->requestId, sentId);
    QCOMPARE(m_sim->exportDesk()->requestIds(), QStringList{sentId});
}

void TestExportQueue::localExpiryWarningAndExpiry()
{
    auto q = openQueue();
    const qint64 soon = q->add(options(QStringLiteral("a[1]")), m_dir->path());
    const qint64 old = q->add(options(QStringLiteral("b[1]")), m_dir->path());
    const qint64 fresh = q->add(options(QStringLiteral("c[1]")), m_dir->path());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto [id, age] : {std::pair{soon, qint64(6 * 86400 + 12 * 3600)}, std::pair{old, qint64(8 * 86400)},
                           std::pair{fresh, qint64(3600)}}) {
        ExportQueueEntry e = *q->entry(id);
        e.state = State::Done;
        e.completed = now.addSecs(-age);
        QVERIFY(q->update(e));
    }
    auto p = newPoller(m_client.get(), q.get());
    QSignalSpy warned(p.get(), &ExportPoller::expiringSoon);
    p->start();
    QCOMPARE(warned.size(), 1);
    QCOMPARE(warned.first().at(0).toLongLong(), soon);
    QCOMPARE(q->entry(old)->state, State::Expired);
    QCOMPARE(q->entry(soon)->state, State::Done);
    QCOMPARE(q->entry(fresh)->state, State::Done);
}

void TestExportQueue::hostileFileNamesRefused()
{
    CannedJsoc server("{\"status\":0,\"requestid\":\"JSOC_20260101_009\",\"method\":\"url\",\"protocol\":\"fits\",\"dir\":\"/SUM1/D2/S00000\","
                      "\"data\":[{\"record\":\"r1\",\"filename\":\"../../../root/.bashrc\"},{\"record\":\"r2\",\"filename\":\"ok.fits\"},"
                      "{\"record\":\"r3\",\"filename\":\"bad\\u0007.fits\"},{\"record\":\"r4\",\"filename\":\"/etc/passwd\"},"
                      "{\"record\":\"r5\",\"filename\":\"ok.fits\"},{\"record\":\"r6\",\"filename\":\"NoDataFile\"}]}\n");
    JsocClient client(server.url());
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    QCOMPARE(q->entry(id)->state, State::Done);
    const auto d = q->downloads(id);
    QCOMPARE(d.size(), 5);
    QCOMPARE(d[1].state, DownloadItem::State::Waiting);
    QCOMPARE(d[1].fileName, QStringLiteral("ok.fits"));
    for (int i : {0, 2, 3, 4}) {
        QCOMPARE(d[i].state, DownloadItem::State::Failed);
        QVERIFY2(d[i].error.startsWith(QLatin1String("Refused")), qPrintable(d[i].error));
    }
}

void TestExportQueue::cancelDropsLocally()
{
    m_sim->exportDesk()->options().queuedMs = 100000; // stays pending
    auto q = openQueue();
    auto p = newPoller(m_client.get(), q.get());
    const qint64 a = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    const qint64 b = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_01:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QTRY_COMPARE(q->entry(a)->state, State::Pending);
    QCOMPARE(q->entry(b)->state, State::Queued);
    p->cancel(b); // a queued request is simply dropped
    QCOMPARE(q->entry(b)->state, State::Cancelled);
    p->cancel(a);
    QCOMPARE(q->entry(a)->state, State::Cancelled);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1);
}

void TestExportQueue::modelFollowsQueue()
{
    auto q = openQueue();
    const qint64 first = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    ExportQueueModel model(q.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto p = newPoller(m_client.get(), q.get());
    const qint64 second = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_01:00:00_TAI/2m]")), m_dir->path());
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    p->start();
    QVERIFY(waitFinished(*q, first));
    QVERIFY(waitFinished(*q, second));
    QVERIFY(!changed.isEmpty());
    const QModelIndex state = model.index(model.rowOf(first), ExportQueueModel::StateColumn);
    QCOMPARE(state.data().toString(), exportStatusText(0).meaning);
    QCOMPARE(state.data(ExportQueueModel::StateRole).toInt(), int(State::Done));
    QCOMPARE(state.data(ExportQueueModel::IdRole).toLongLong(), first);
    QVERIFY(model.index(0, ExportQueueModel::ExpiresColumn).data(ExportQueueModel::ExpiresRole).toDateTime().isValid());
    QVERIFY(model.index(0, ExportQueueModel::RequestIdColumn).data().toString().startsWith(QLatin1String("JSOC_")));
    QVERIFY(q->remove(first));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entryAt(0).id, second);
}

void TestExportQueue::statusTextsFitTheirContext()
{
    // A 7 to exp_request means "wait in our queue"; a 7 from exp_status is a refusal.
    const QString submitted = exportStatusLine(7, ExportStatusContext::AfterSubmit);
    const QString polled = exportStatusLine(7, ExportStatusContext::AfterPoll);
    QVERIFY2(submitted.contains(QLatin1String("waits in our queue")), qPrintable(submitted));
    QVERIFY2(!polled.contains(QLatin1String("waits in our queue")) && !polled.contains(QLatin1String("Nothing to do")),
             qPrintable(polled));
    QVERIFY2(polled.contains(QLatin1String("refused")), qPrintable(polled));
    // Neutral advice: the GUI's buttons and the CLI's commands are added by them.
    for (int code : {0, 1, 2, 3, 4, 5, 6, 7, 12, 25, 42})
        for (auto context : {ExportStatusContext::AfterSubmit, ExportStatusContext::AfterPoll}) {
            const QString line = exportStatusLine(code, context);
            QVERIFY2(!line.contains(QLatin1String("Use ")), qPrintable(line));
        }
    const QString unknown = exportStatusLine(42, ExportStatusContext::AfterPoll, QStringLiteral("frobnicated"));
    QVERIFY2(unknown.contains(QLatin1String("JSOC answered status 42, which this program does not know")), qPrintable(unknown));
    QVERIFY2(unknown.contains(QLatin1String("JSOC said: \"frobnicated\"")), qPrintable(unknown));
    QVERIFY(!isKnownExportStatus(42) && isKnownExportStatus(25));
}

void TestExportQueue::status7AfterPollIsAFailure()
{
    ScriptedJsoc server("{\"status\":2,\"requestid\":\"JSOC_20260101_011\",\"method\":\"url\",\"protocol\":\"fits\",\"wait\":0}\n",
                        "{\"status\":7,\"requestid\":\"JSOC_20260101_011\",\"error\":\"Too many pending requests\"}\n");
    JsocClient client(server.url());
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    auto noCheck = p->options();
    noCheck.askJsocFirst = false; // a scripted server answers every question with its script
    p->setOptions(noCheck);
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Failed);
    QCOMPARE(e.jsocStatus, 7);
    QVERIFY2(!e.message.contains(QLatin1String("waits in our queue")) && !e.message.contains(QLatin1String("Nothing to do")),
             qPrintable(e.message));
    QVERIFY2(e.message.contains(QLatin1String("JSOC said: \"Too many pending requests\"")), qPrintable(e.message));
    QCOMPARE(server.requestHits, 1);
}

void TestExportQueue::unknownStatusNamedWithJsocWords()
{
    ScriptedJsoc server("{\"status\":42,\"requestid\":\"JSOC_20260101_012\",\"error\":\"frobnicated\"}\n", "{}\n");
    JsocClient client(server.url());
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    auto noCheck = p->options();
    noCheck.askJsocFirst = false; // a scripted server answers every question with its script
    p->setOptions(noCheck);
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Failed);
    QCOMPARE(e.jsocStatus, 42);
    QVERIFY2(e.message.contains(QLatin1String("status 42, which this program does not know")), qPrintable(e.message));
    QVERIFY2(e.message.contains(QLatin1String("frobnicated")), qPrintable(e.message));
}

void TestExportQueue::garbledAnswerIsNotUnreachable()
{
    ScriptedJsoc server("{\"status\":2,\"requestid\":\"JSOC_20260101_013\",\"method\":\"url\",\"protocol\":\"fits\",\"wait\":0}\n",
                        "{\"status\": \"garbled-beyond-repair\n");
    JsocClient client(server.url());
    client.setRetryPolicy({1, 10, 2.0});
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    auto o = p->options();
    o.maxFailures = 2;
    p->setOptions(o);
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    auto noCheck = p->options();
    noCheck.askJsocFirst = false; // a scripted server answers every question with its script
    p->setOptions(noCheck);
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Failed);
    QVERIFY2(!e.message.contains(QLatin1String("could not be reached")), qPrintable(e.message));
    QVERIFY2(e.message.contains(QLatin1String("JSOC answered, but its answer could not be read")), qPrintable(e.message));
    QVERIFY2(e.message.contains(QLatin1String("garbled")), qPrintable(e.message)); // an excerpt of what it sent
    QVERIFY2(e.message.contains(QLatin1String("JSOC_20260101_013")), qPrintable(e.message));
    QVERIFY2(!e.message.contains(QLatin1String("Use Retry")), qPrintable(e.message));
    QCOMPARE(p->lastFailure(id).kind, JsocError::Kind::BadResponse);
    QVERIFY(statuses(q->history(id)).contains(2));
}

void TestExportQueue::completeWithoutUsableFilesFails_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("words");
    QTest::newRow("3 x NoDataFile")
        << completeBody("\"count\":\"3\",\"data\":[{\"record\":\"r1\",\"filename\":\"NoDataFile\"},"
                        "{\"record\":\"r2\",\"filename\":\"NoDataFile\"},{\"record\":\"r3\",\"filename\":\"NoDataFile\"}]")
        << "JSOC announced 3 files but listed 0 usable ones (3 × NoDataFile: offline or no data)";
    QTest::newRow("count 3, no data") << completeBody("\"count\":\"3\",\"data\":[]")
                                      << "JSOC announced 3 files but listed 0 usable ones (3 not listed at all)";
    QTest::newRow("no count, no data") << completeBody("\"data\":[]")
                                       << "JSOC reported the export complete but listed no files";
}

void TestExportQueue::completeWithoutUsableFilesFails()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, words);
    CannedJsoc server(body);
    JsocClient client(server.url());
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    QSignalSpy finished(p.get(), &ExportPoller::entryFinished);
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Failed); // never "Done" with nothing to fetch
    QCOMPARE(e.jsocStatus, 0);
    QVERIFY2(e.message.contains(words), qPrintable(e.message));
    QVERIFY(q->downloads(id).isEmpty());
    QCOMPARE(finished.size(), 1);
}

void TestExportQueue::completeWithFewerFilesSaysSo()
{
    CannedJsoc server(completeBody("\"count\":\"3\",\"data\":[{\"record\":\"r1\",\"filename\":\"a.fits\"},"
                                   "{\"record\":\"r2\",\"filename\":\"NoDataFile\"},{\"record\":\"r3\",\"filename\":\"c.fits\"}]"));
    JsocClient client(server.url());
    auto q = openQueue();
    auto p = newPoller(&client, q.get());
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    p->start();
    QVERIFY(waitFinished(*q, id));
    const auto e = *q->entry(id);
    QCOMPARE(e.state, State::Done);
    QCOMPARE(e.fileCount, 2);
    QCOMPARE(e.announcedFiles, 3);
    QVERIFY(e.isShort());
    QVERIFY2(e.message.contains(QStringLiteral("JSOC announced 3 files but listed 2 usable ones (1 × NoDataFile")),
             qPrintable(e.message));
    QCOMPARE(q->downloads(id).size(), 2);
    // Kept across a reopen (the CLI decides its exit status from it on a later run).
    q.reset();
    auto again = openQueue();
    QVERIFY(again->entry(id)->isShort());
}

void TestExportQueue::damagedSchemaRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("words");
    QTest::newRow("downloads table dropped") << "DROP TABLE downloads" << "the table \"downloads\" is missing";
    QTest::newRow("state column dropped") << "ALTER TABLE exports DROP COLUMN state"
                                          << "the column \"state\" of table \"exports\" is missing";
}

void TestExportQueue::damagedSchemaRefused()
{
    QFETCH(QString, damage);
    QFETCH(QString, words);
    const QString path = m_dir->filePath(QStringLiteral("data/exports.sqlite"));
    qint64 id = 0;
    {
        auto q = openQueue();
        id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
        QVERIFY(id > 0);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY2(query.exec(damage), qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("damage"));
    ExportQueue q;
    QString error;
    QVERIFY(!q.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("is damaged")) && error.contains(words) && error.contains(path), qPrintable(error));
    QVERIFY(!q.isOpen());
    QVERIFY(q.downloads(id).isEmpty() && !q.entry(id));
    QVERIFY(q.add(options(QStringLiteral("y[1]")), m_dir->path()) == 0); // refused, in words
    QVERIFY(!q.lastError().isEmpty());
    // Left as it was: the lost table is not quietly recreated empty.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("look"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        if (damage.startsWith(QLatin1String("DROP")))
            QVERIFY(!db.tables().contains(QStringLiteral("downloads")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("look"));
}

namespace {
// Runs SQL on a queue file behind the queue's back (building an old file, damaging one, reading the version).
bool runSql(const QString &path, const QStringList &statements, QVariant *lastValue = nullptr)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &sql : statements) {
            ok = ok && query.exec(sql);
            if (!ok)
                qWarning() << sql << query.lastError().text();
        }
        if (ok && lastValue && query.next())
            *lastValue = query.value(0);
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

void TestExportQueue::olderSchemaMigrated()
{
    // A file exactly as the first version wrote it: no schema number, no announced_files, no
    // stage_only/jsoc_error/submitted; one export in progress with a download row.
    const QString path = m_dir->filePath(QStringLiteral("data/exports.sqlite"));
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QVERIFY(runSql(path, {
        QStringLiteral("CREATE TABLE exports (id INTEGER PRIMARY KEY AUTOINCREMENT, record_set TEXT NOT NULL, "
                       "notify TEXT NOT NULL, method TEXT, protocol TEXT, filename_format TEXT, processing TEXT, "
                       "record_limit INTEGER, requester TEXT, folder TEXT, request_id TEXT, jsoc_status INTEGER, "
                       "state TEXT, message TEXT, created INTEGER, updated INTEGER, completed INTEGER, size_mb INTEGER, "
                       "file_count INTEGER)"),
        QStringLiteral("CREATE TABLE export_history (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER NOT NULL "
                       "REFERENCES exports(id) ON DELETE CASCADE, at INTEGER, state TEXT, jsoc_status INTEGER, note TEXT)"),
        QStringLiteral("CREATE TABLE downloads (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER REFERENCES "
                       "exports(id) ON DELETE CASCADE, record TEXT, url TEXT NOT NULL, file_name TEXT NOT NULL, folder "
                       "TEXT NOT NULL, size INTEGER, received INTEGER, validator BLOB, state TEXT, error TEXT)"),
        QStringLiteral("INSERT INTO exports (record_set, notify, method, protocol, folder, request_id, jsoc_status, "
                       "state, message, created, updated, completed, size_mb, file_count) VALUES ('hmi.M_45s[2012.01.01/2m]', "
                       "'user@example.com', 'url', 'fits', '/tmp/x', 'JSOC_20260101_001', 0, 'done', 'Export complete', "
                       "1767225600000, 1767225600000, 1767225600000, 15, 1)"),
        QStringLiteral("INSERT INTO downloads (export_id, record, url, file_name, folder, size, received, state, error) "
                       "VALUES (1, 'r', 'http://127.0.0.1:1/a.fits', 'a.fits', '/tmp/x', 100, 40, 'paused', '')"),
    }));
    // The GUI kept "stage only" beside it, in an ini file: carried into the database.
    {
        QSettings modes(m_dir->filePath(QStringLiteral("data/export-modes.ini")), QSettings::IniFormat);
        modes.setValue(QStringLiteral("stageOnly/1"), true);
    }
    app::ExportSession session(m_client.get());
    QVERIFY2(session.open(m_dir->filePath(QStringLiteral("data"))), qPrintable(session.openError()));
    ExportQueue *q = session.queue();
    QCOMPARE(q->migratedFrom(), 1);
    const auto e = q->entry(1);
    QVERIFY(e);
    QCOMPARE(e->options.recordSet, QStringLiteral("hmi.M_45s[2012.01.01/2m]"));
    QCOMPARE(e->requestId, QStringLiteral("JSOC_20260101_001"));
    QCOMPARE(e->state, State::Done);
    QCOMPARE(e->announcedFiles, 0);
    QVERIFY(e->stageOnly);
    QVERIFY(e->jsocError.isEmpty());
    QCOMPARE(q->downloads(1).size(), 1);
    QCOMPARE(q->downloads(1).first().received, 40);
    // Written back with the new columns, and numbered.
    auto changed = *e;
    changed.jsocError = QStringLiteral("said something");
    QVERIFY(q->update(changed));
    QCOMPARE(q->entry(1)->jsocError, QStringLiteral("said something"));
    QVariant version;
    QVERIFY(runSql(path, {QStringLiteral("PRAGMA user_version")}, &version));
    QCOMPARE(version.toInt(), ExportQueue::kSchemaVersion);
}

void TestExportQueue::newerSchemaRefusedUnchanged()
{
    const QString path = m_dir->filePath(QStringLiteral("data/exports.sqlite"));
    {
        auto q = openQueue();
        QVERIFY(q->add(options(QStringLiteral("x[1]")), m_dir->path()) > 0);
    }
    QVERIFY(runSql(path, {QStringLiteral("PRAGMA user_version=%1").arg(ExportQueue::kSchemaVersion + 1)}));
    const QByteArray before = fileBytes(path);
    ExportQueue q;
    QString error;
    QVERIFY(!q.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("written by a newer JSOC Browser")) && error.contains(path)
                 && error.contains(QStringLiteral("version %1").arg(ExportQueue::kSchemaVersion + 1))
                 && error.contains(QLatin1String("left unchanged")),
             qPrintable(error));
    QVERIFY(q.add(options(QStringLiteral("y[1]")), m_dir->path()) == 0);
    QCOMPARE(fileBytes(path), before);
}

void TestExportQueue::corruptFileRefusedUnchanged()
{
    const QString path = m_dir->filePath(QStringLiteral("data/exports.sqlite"));
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QByteArray junk(8192, '\0');
    for (int i = 0; i < junk.size(); ++i)
        junk[i] = char((i * 131 + 7) % 251);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(junk);
    }
    ExportQueue q;
    QString error;
    QVERIFY(!q.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("Cannot read the export queue")) && error.contains(QLatin1String("not a database"))
                 && error.contains(QLatin1String("left unchanged")),
             qPrintable(error));
    QCOMPARE(fileBytes(path), junk);
    // The session says the same, in words, and the GUI/CLI show them.
    app::ExportSession session(m_client.get());
    QVERIFY(!session.open(m_dir->filePath(QStringLiteral("data"))));
    QVERIFY2(session.openError().contains(QLatin1String("not a database")), qPrintable(session.openError()));
}

void TestExportQueue::readOnlyFileRefused()
{
    if (::geteuid() == 0)
        QSKIP("root writes read-only files");
    const QString path = m_dir->filePath(QStringLiteral("data/exports.sqlite"));
    {
        auto q = openQueue();
        QVERIFY(q->add(options(QStringLiteral("x[1]")), m_dir->path()) > 0);
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadUser);
    const QByteArray before = fileBytes(path);
    ExportQueue q;
    QString error;
    QVERIFY(!q.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("cannot be written")) && error.contains(QLatin1String("read-only")), qPrintable(error));
    QCOMPARE(fileBytes(path), before);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestExportQueue::fullDiskStopsPollerInWords()
{
    TinyDisk disk(m_dir->filePath(QStringLiteral("tiny")));
    if (!disk.isMounted())
        QSKIP("needs root to mount a small tmpfs");
    m_sim->exportDesk()->options().queuedMs = 600;
    m_sim->exportDesk()->options().processingMs = 600;
    const QString path = m_dir->filePath(QStringLiteral("tiny/exports.sqlite"));
    auto q = std::make_unique<ExportQueue>();
    QVERIFY(q->open(path));
    auto p = newPoller(m_client.get(), q.get());
    QSignalSpy failed(p.get(), &ExportPoller::storageFailed);
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    p->start();
    QTRY_COMPARE_WITH_TIMEOUT(q->entry(id)->state, State::Pending, 10000);
    const QString requestId = q->entry(id)->requestId;
    QVERIFY(!requestId.isEmpty());
    QVERIFY(disk.fill());
    // The next change JSOC reports (status 1, then 0) cannot be stored: the poller says so and stops.
    QVERIFY(failed.wait(15000));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toLongLong(), id);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("Cannot write the export queue %1: database or disk is full").arg(path)),
             qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Nothing was lost")) && message.contains(requestId), qPrintable(message));
    QVERIFY(!p->isRunning());
    // Stopped for good: no more questions to JSOC, and the stored state is the last good one.
    const int polls = m_sim->requestCount(QStringLiteral("op=exp_status"));
    QTest::qWait(300); // checks that nothing happens; not a synchronisation
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_status")), polls);
    QCOMPARE(q->entry(id)->state, State::Pending);
    QCOMPARE(q->entry(id)->requestId, requestId);
    QVERIFY(q->downloads(id).isEmpty());
    p.reset();
    q.reset();
}

void TestExportQueue::fullDiskBeforeSubmitSendsNothing()
{
    TinyDisk disk(m_dir->filePath(QStringLiteral("tiny")));
    if (!disk.isMounted())
        QSKIP("needs root to mount a small tmpfs");
    const QString path = m_dir->filePath(QStringLiteral("tiny/exports.sqlite"));
    auto q = std::make_unique<ExportQueue>();
    QVERIFY(q->open(path));
    const qint64 id = q->add(options(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]")), m_dir->path());
    QVERIFY(id > 0);
    QVERIFY(disk.fill());
    auto p = newPoller(m_client.get(), q.get());
    QSignalSpy failed(p.get(), &ExportPoller::storageFailed);
    p->start();
    QTRY_COMPARE(failed.size(), 1); // before anything was sent (JSOC was only asked about pending requests)
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QLatin1String("Cannot write the export queue")) && message.contains(QLatin1String("not sent to JSOC")),
             qPrintable(message));
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_request")), 0);
    QCOMPARE(q->entry(id)->state, State::Queued);
    // Adding fails in words too.
    QCOMPARE(q->add(options(QStringLiteral("x[1]")), m_dir->path()), 0);
    QVERIFY2(q->lastError().contains(QLatin1String("database or disk is full")), qPrintable(q->lastError()));
    p.reset();
    q.reset();
}

// updateDownloadSoon: shown at once, written together shortly after, and a failure of that later
// write is reported (the rows are kept for the next attempt), never lost silently.
void TestExportQueue::coalescedDownloadWrites()
{
    auto q = openQueue();
    const qint64 id = q->add(options(QStringLiteral("x[1]")), m_dir->path());
    QList<DownloadItem> items;
    for (int i = 0; i < 3; ++i) {
        DownloadItem d;
        d.url = QUrl(QStringLiteral("http://127.0.0.1:1/f%1").arg(i));
        d.fileName = QStringLiteral("f%1").arg(i);
        d.folder = m_dir->path();
        items.append(d);
    }
    auto e = q->entry(id);
    e->state = State::Done;
    QVERIFY(q->complete(*e, items, QStringLiteral("done")));
    auto other = openQueue(); // another connection: what a second process or the next run reads
    QSignalSpy changed(q.get(), &ExportQueue::downloadChanged);
    for (DownloadItem d : items) {
        d.state = DownloadItem::State::Done;
        d.size = d.received = 100;
        q->updateDownloadSoon(d);
    }
    QVERIFY(q->hasUnsavedDownloads());
    QCOMPARE(q->downloads(id).at(2).state, DownloadItem::State::Done);      // shown at once
    QCOMPARE(other->downloads(id).at(2).state, DownloadItem::State::Waiting); // not yet written
    QTRY_COMPARE_WITH_TIMEOUT(other->downloads(id).at(2).state, DownloadItem::State::Done, 2000);
    QCOMPARE(other->downloads(id).at(0).received, 100);
    QVERIFY(!q->hasUnsavedDownloads());
    QCOMPARE(changed.size(), 3); // all three in one write

    // Another program breaks the file: the deferred write fails in words, by signal.
    {
        QSqlDatabase vandal = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("vandal-q"));
        vandal.setDatabaseName(q->path());
        QVERIFY(vandal.open());
        QVERIFY(QSqlQuery(vandal).exec(QStringLiteral("DROP TABLE downloads")));
        vandal.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("vandal-q"));
    QSignalSpy failed(q.get(), &ExportQueue::downloadsWriteFailed);
    DownloadItem d = items[0];
    d.state = DownloadItem::State::Failed;
    q->updateDownloadSoon(d);
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("Cannot write the export queue")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(q->hasUnsavedDownloads()); // kept, not dropped
    QVERIFY(!q->flushDownloads());
    // Every other write says so too instead of writing past the lost rows.
    QVERIFY(!q->update(*e, QStringLiteral("later")));
}

QTEST_GUILESS_MAIN(TestExportQueue)
#include "tst_exportqueue.moc"
