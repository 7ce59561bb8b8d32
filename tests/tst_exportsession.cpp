// app::ExportSession, the one owner of export state, against the simulator's export desk over
// loopback with a real queue database and real files: cancel at JSOC (only our own pending
// request), resubmit after expiry without exp_repeat, follow by id (merged, refused in JSOC's
// words), stage-only and every step surviving a restart without sending anything twice, two
// sessions on one data folder, and a queue on a read-only mount refused at open. Jobs
// (submitGroup): all members or none, a refused member named, a full disk leaving no part of a
// job, and a re-exported member keeping its place in its job.
#include "app/workflow/ExportSession.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportQueueModel.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/FileServerTar.h"
#include "sim/JsocSimulator.h"
#include "support/TinyDisk.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <unistd.h>

using namespace jsoc;
using State = ExportQueueEntry::State;
using DState = DownloadItem::State;

namespace {
const QString kRecordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]{magnetogram}");
const QString kOtherSet = QStringLiteral("hmi.M_45s[2012.01.02_00:00:00_TAI/2m]{magnetogram}");
const QString kEmail = QStringLiteral("user@example.com");

QByteArray sha1Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData(&f);
    return h.result();
}
} // namespace

class TestExportSession final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cancelOfJsocsPendingRequestAsksJsoc();
    void cancelOfFinishedRequestStaysHere();
    void cancelNeverCancelsAnotherProgramsRequest();
    void resubmitAfterExpirySendsNewRequest();
    void followTwiceMergesIntoOneRow();
    void followOfUnknownIdRefusedInJsocsWords();
    void stageOnlySurvivesRestart();
    void restartAtEachStepSendsOnce_data();
    void restartAtEachStepSendsOnce();
    void secondSessionWaitsBehindFirst();
    void readOnlyQueueRefusedAtOpen();
    // jobs of several exports
    void jobWithOneRefusedMemberQueuesNothing();
    void jobOnFullDiskLeavesNoPartQueued();
    void jobFailingAtItsSecondMemberLeavesNoPart();
    void reexportedMemberStaysInItsJob();
    // url-tar
    void urlTarUnpackedAndVerified();
    void urlTarUnpackRedoneAfterKill();
    void hostileTarRefusedInWords();

private:
    qint64 downloadTar(std::unique_ptr<app::ExportSession> &s, QString *tarPath);
    void verifyUnpacked(const QString &requestId, const QString &folder);
    std::unique_ptr<app::ExportSession> newSession(bool start = true, qint64 onlyExport = 0);
    ExportRequestOptions options(const QString &recordSet = kRecordSet, const QString &email = kEmail) const;
    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }
    QString folder() const { return m_dir->filePath(QStringLiteral("downloads")); }
    bool allDownloadsDone(app::ExportSession &s, qint64 exportId) const;
    void verifyFilesMatchServer(app::ExportSession &s, qint64 exportId);
    QString exportRequest(const QString &recordSet, const QString &email); // as another program would

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<JsocClient> m_client;
};

void TestExportSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestExportSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(folder()));
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    QVERIFY(m_sim->registerAddress(kEmail));
    auto &o = m_sim->exportDesk()->options();
    o.queuedMs = 150;
    o.processingMs = 150;
    m_client = std::make_unique<JsocClient>(m_sim->url());
    m_client->setRetryPolicy({1, 10, 2.0});
}

void TestExportSession::cleanup()
{
    m_client.reset();
    m_sim.reset();
    m_dir.reset();
}

std::unique_ptr<app::ExportSession> TestExportSession::newSession(bool start, qint64 onlyExport)
{
    auto s = std::make_unique<app::ExportSession>(m_client.get());
    if (!s->open(dataDir())) {
        qWarning() << s->openError();
        return s;
    }
    app::ExportSession::Options o;
    o.poll.pollInitialMs = 30;
    o.poll.pollMaxMs = 120;
    o.poll.busyRetryMs = 100;
    o.poll.maxFailures = 20;
    s->setOptions(o);
    if (start)
        s->start(onlyExport);
    return s;
}

ExportRequestOptions TestExportSession::options(const QString &recordSet, const QString &email) const
{
    ExportRequestOptions o;
    o.recordSet = recordSet;
    o.notify = email;
    o.method = QStringLiteral("url");
    o.protocol = QStringLiteral("fits");
    return o;
}

bool TestExportSession::allDownloadsDone(app::ExportSession &s, qint64 exportId) const
{
    const QList<DownloadItem> items = s.downloadsOf(exportId);
    return !items.isEmpty()
        && std::all_of(items.begin(), items.end(), [](const DownloadItem &d) { return d.state == DState::Done; });
}

void TestExportSession::verifyFilesMatchServer(app::ExportSession &s, qint64 exportId)
{
    const QList<DownloadItem> items = s.downloadsOf(exportId);
    QVERIFY(!items.isEmpty());
    for (const DownloadItem &d : items) {
        QCOMPARE(d.state, DState::Done);
        QVERIFY2(QFileInfo::exists(d.targetPath()), qPrintable(d.targetPath()));
        QVERIFY(!QFileInfo::exists(d.partPath()));
        const QString served = m_sim->exportDesk()->diskPath(d.url.path());
        QVERIFY(!served.isEmpty());
        QCOMPARE(sha1Of(d.targetPath()), sha1Of(served));
    }
}

QString TestExportSession::exportRequest(const QString &recordSet, const QString &email)
{
    ExportRequestOptions o = options(recordSet, email);
    ExportJob *job = m_client->requestExport(o);
    QSignalSpy done(job, &JsocJob::finished);
    if (!done.wait(10000))
        return {};
    job->deleteLater();
    return job->result().requestId;
}

void TestExportSession::cancelOfJsocsPendingRequestAsksJsoc()
{
    m_sim->exportDesk()->options().stuck = true;
    auto s = newSession();
    const qint64 first = s->submit(options(), folder(), false);
    const qint64 second = s->submit(options(kOtherSet), folder(), false);
    QVERIFY(first > 0 && second > 0);
    QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(first)->state, State::Pending, 10000);
    const QString requestId = s->queue()->entry(first)->requestId;
    QCOMPARE(s->queue()->entry(second)->state, State::Queued); // waits behind it: one per address

    m_sim->exportDesk()->options().stuck = false; // the second one must be able to finish
    QSignalSpy cancelled(s.get(), &app::ExportSession::cancelledAtJsoc);
    QCOMPARE(s->cancel(first), app::ExportSession::CancelOutcome::AskingJsoc);
    QVERIFY(cancelled.wait(10000));
    QCOMPARE(cancelled.at(0).at(0).toLongLong(), first);
    QVERIFY2(cancelled.at(0).at(1).toBool(), qPrintable(cancelled.at(0).at(2).toString()));
    QVERIFY(cancelled.at(0).at(2).toString().contains(requestId));
    QVERIFY(m_sim->requestCount(QStringLiteral("operation=check")) >= 1);
    QVERIFY(m_sim->requestCount(QStringLiteral("operation=cancel")) >= 1);
    QCOMPARE(s->queue()->entry(first)->state, State::Cancelled);

    // The queued one of the same address goes out now and completes with its files.
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*s, second), 20000);
    QCOMPARE(s->queue()->entry(second)->state, State::Done);
    verifyFilesMatchServer(*s, second);
    // JSOC no longer holds the cancelled one: a third request of the address is not refused (7).
    s->stop();
    QVERIFY(!exportRequest(QStringLiteral("hmi.M_45s[2012.01.03_00:00:00_TAI/2m]{magnetogram}"), kEmail).isEmpty());
}

void TestExportSession::cancelOfFinishedRequestStaysHere()
{
    auto s = newSession();
    const qint64 id = s->submit(options(), folder(), true);
    QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(id)->state, State::Done, 10000);
    const int checksBefore = m_sim->requestCount(QStringLiteral("manage-request"));
    QCOMPARE(s->cancel(id), app::ExportSession::CancelOutcome::CancelledHere);
    QTest::qWait(0); // let any queued job start: none may
    QCOMPARE(m_sim->requestCount(QStringLiteral("manage-request")), checksBefore);
}

void TestExportSession::cancelNeverCancelsAnotherProgramsRequest()
{
    m_sim->exportDesk()->options().stuck = true;
    const QString foreignId = exportRequest(kOtherSet, kEmail);
    QVERIFY(foreignId.startsWith(QLatin1String("JSOC_")));
    auto s = newSession();
    const qint64 id = s->submit(options(), folder(), false);
    QVERIFY(id > 0);
    QTRY_VERIFY_WITH_TIMEOUT(s->queue()->entry(id)->message.contains(foreignId), 10000);
    // Give our row a request id as if it had been sent, so that cancel() considers asking JSOC.
    ExportQueueEntry e = *s->queue()->entry(id);
    s->stop();
    e.requestId = QStringLiteral("JSOC_20260101_777");
    e.state = State::Pending;
    QVERIFY(s->queue()->update(e, QStringLiteral("test: pretend sent")));
    QSignalSpy cancelled(s.get(), &app::ExportSession::cancelledAtJsoc);
    QCOMPARE(s->cancel(id), app::ExportSession::CancelOutcome::AskingJsoc);
    QVERIFY(cancelled.wait(10000));
    QVERIFY(cancelled.at(0).at(1).toBool());
    QVERIFY(cancelled.at(0).at(2).toString().contains(QLatin1String("no longer holds")));
    QCOMPARE(m_sim->requestCount(QStringLiteral("operation=cancel")), 0);
    // The foreign request is still the address's pending one.
    QSignalSpy checked(s.get(), &app::ExportSession::pendingChecked);
    s->checkPending(kEmail);
    QVERIFY(checked.wait(10000));
    const auto check = checked.at(0).at(1).value<PendingRequestCheck>();
    QVERIFY(check.isPending());
    QCOMPARE(check.requestId, foreignId);
}

void TestExportSession::resubmitAfterExpirySendsNewRequest()
{
    // JSOC deletes the files as soon as they are made: the poller sees status 5 (a week at JSOC).
    m_sim->exportDesk()->options().expireMs = 0;
    auto s = newSession();
    const qint64 id = s->submit(options(), folder(), true);
    QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(id)->state, State::Expired, 10000);
    QCOMPARE(s->queue()->entry(id)->jsocStatus, 5);
    const QString oldId = s->queue()->entry(id)->requestId;
    const int requestsBefore = m_sim->requestCount(QStringLiteral("op=exp_request"));
    const qint64 again = s->resubmit(id);
    QVERIFY2(again > 0, qPrintable(s->lastError()));
    QVERIFY(again != id);
    QCOMPARE(s->queue()->entry(again)->options.recordSet, kRecordSet);
    QCOMPARE(s->queue()->entry(again)->folder, s->queue()->entry(id)->folder);
    QCOMPARE(s->queue()->entry(again)->stageOnly, true);
    // The desk still deletes at once, so the new request ends expired too: what matters is that
    // it went out as a new exp_request and got a new id.
    QTRY_VERIFY_WITH_TIMEOUT(s->queue()->entry(again)->isTerminal(), 10000);
    QVERIFY(!s->queue()->entry(again)->requestId.isEmpty());
    QVERIFY(s->queue()->entry(again)->requestId != oldId);
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_request")), requestsBefore + 1);
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_repeat")), 0);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);

    QCOMPARE(s->resubmit(987654), 0);
    QVERIFY(s->lastError().contains(QLatin1String("not in the queue")));
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);
}

void TestExportSession::followTwiceMergesIntoOneRow()
{
    const QString requestId = exportRequest(kRecordSet, kEmail);
    QVERIFY(!requestId.isEmpty());
    auto s = newSession();
    QSignalSpy followed(s.get(), &app::ExportSession::followed);
    s->follow(requestId, folder(), true);
    QVERIFY(followed.wait(10000));
    s->follow(QStringLiteral("  ") + requestId + QStringLiteral(" "), folder(), true);
    QTRY_COMPARE(followed.size(), 2);
    QCOMPARE(followed.at(0).at(0).toLongLong(), followed.at(1).at(0).toLongLong());
    QCOMPARE(followed.at(1).at(1).toString(), requestId);
    QCOMPARE(s->queue()->entries().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entries().at(0).state, State::Done, 10000);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1);
}

void TestExportSession::followOfUnknownIdRefusedInJsocsWords()
{
    auto s = newSession();
    QSignalSpy refused(s.get(), &app::ExportSession::followRefused);
    s->follow(QStringLiteral("JSOC_20990101_999"), folder(), false);
    QVERIFY(refused.wait(10000));
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("JSOC_20990101_999"));
    QVERIFY2(refused.at(0).at(1).toString().contains(QLatin1String("JSOC cannot give")),
             qPrintable(refused.at(0).at(1).toString()));
    QVERIFY(s->lastFollowError().kind != JsocError::Kind::Network);
    QVERIFY(s->queue()->entries().isEmpty());

    // A server that is not there: a transport error, typed.
    JsocClient gone(QUrl(QStringLiteral("http://127.0.0.1:1")));
    gone.setRetryPolicy({1, 10, 2.0});
    app::ExportSession t(&gone);
    QVERIFY(t.open(m_dir->filePath(QStringLiteral("other"))));
    QSignalSpy refused2(&t, &app::ExportSession::followRefused);
    t.follow(QStringLiteral("JSOC_20260101_001"), folder(), false);
    QVERIFY(refused2.wait(10000));
    QVERIFY(refused2.at(0).at(1).toString().startsWith(QLatin1String("Could not ask JSOC")));
    QVERIFY(t.lastFollowError().isError());
    QVERIFY(t.lastFollowError().kind != JsocError::Kind::Jsoc);
}

void TestExportSession::stageOnlySurvivesRestart()
{
    qint64 id = 0;
    {
        auto s = newSession();
        id = s->submit(options(), folder(), true);
        QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(id)->state, State::Done, 10000);
        QTRY_VERIFY(!s->downloadsOf(id).isEmpty());
        // Destroyed without stop(), as a kill would leave it.
    }
    auto s = newSession();
    QCOMPARE(s->queue()->entry(id)->stageOnly, true);
    QTest::qWait(300); // a few poll periods: nothing may start downloading
    QVERIFY(!s->downloadsOf(id).isEmpty());
    for (const DownloadItem &d : s->downloadsOf(id)) {
        QCOMPARE(d.state, DState::Paused);
        QVERIFY(!QFileInfo::exists(d.targetPath()));
    }
    QVERIFY(s->download(id));
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*s, id), 20000);
    verifyFilesMatchServer(*s, id);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1);
}

void TestExportSession::restartAtEachStepSendsOnce_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("queued") << int(State::Queued);
    QTest::newRow("submitting") << int(State::Submitting);
    QTest::newRow("pending") << int(State::Pending);
    QTest::newRow("downloading") << int(State::Done);
}

void TestExportSession::restartAtEachStepSendsOnce()
{
    QFETCH(int, step);
    qint64 id = 0;
    {
        auto s = newSession(false);
        id = s->submit(options(), folder(), false);
        QVERIFY(id > 0);
        if (step == int(State::Submitting)) {
            // As a kill right after exp_request left, before its answer was stored.
            ExportQueueEntry e = *s->queue()->entry(id);
            e.state = State::Submitting;
            QVERIFY(s->queue()->update(e, QStringLiteral("test: killed while sending")));
            QVERIFY(!exportRequest(kRecordSet, kEmail).isEmpty());
        } else if (step == int(State::Pending)) {
            m_sim->exportDesk()->options().queuedMs = 3000;
            s->start();
            QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(id)->state, State::Pending, 10000);
        } else if (step == int(State::Done)) {
            s->start();
            QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(id)->state, State::Done, 10000);
            // Half the files: stop at the first one done.
            const auto oneDone = [&s, id] {
                const QList<DownloadItem> items = s->downloadsOf(id);
                return std::any_of(items.begin(), items.end(), [](const DownloadItem &d) { return d.state == DState::Done; });
            };
            QTRY_VERIFY_WITH_TIMEOUT(oneDone(), 10000);
        }
    }
    m_sim->exportDesk()->options().queuedMs = 150;
    auto s = newSession();
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*s, id), 20000);
    QCOMPARE(s->queue()->entries().size(), 1);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1);
    verifyFilesMatchServer(*s, id);
    // Every file was fetched once: as many GETs of export files as there are files (a resumed
    // .part is a range request of the rest, still one per file left unfinished).
    const int files = s->downloadsOf(id).size();
    QVERIFY(m_sim->requestCount(QStringLiteral("/SUM")) <= 2 * files);
}

void TestExportSession::secondSessionWaitsBehindFirst()
{
    m_sim->exportDesk()->options().stuck = true;
    auto first = newSession();
    const qint64 a = first->submit(options(), folder(), true);
    QTRY_COMPARE_WITH_TIMEOUT(first->queue()->entry(a)->state, State::Pending, 10000);
    const QString requestId = first->queue()->entry(a)->requestId;

    auto second = newSession(false);
    const qint64 b = second->submit(options(kOtherSet), folder(), true);
    second->start(b);
    QTRY_VERIFY_WITH_TIMEOUT(second->queue()->entry(b)->message.contains(requestId), 10000);
    QCOMPARE(second->queue()->entry(b)->state, State::Queued);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1); // never sent into status 7
    for (const ExportHistoryEntry &h : second->queue()->history(b))
        QVERIFY(h.jsocStatus != 7);
}

void TestExportSession::readOnlyQueueRefusedAtOpen()
{
    if (::getuid() != 0)
        QSKIP("needs root to mount a read-only file system");
    testsupport::TinyDisk disk(m_dir->filePath(QStringLiteral("ro")), "size=1m");
    if (!disk.isMounted())
        QSKIP("could not mount a tmpfs");
    const QString dir = disk.path() + QStringLiteral("/data");
    {
        app::ExportSession s(m_client.get());
        QVERIFY2(s.open(dir), qPrintable(s.openError()));
        QVERIFY(s.submit(options(), folder(), true) > 0);
    }
    const QByteArray before = sha1Of(dir + QStringLiteral("/exports.sqlite"));
    QVERIFY(!before.isEmpty());
    QVERIFY(::mount("tmpfs", QFile::encodeName(disk.path()).constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr)
            == 0);
    app::ExportSession s(m_client.get());
    QVERIFY(!s.open(dir));
    QVERIFY2(s.openError().contains(QLatin1String("cannot be written")) || s.openError().contains(QLatin1String("read-only")),
             qPrintable(s.openError()));
    QCOMPARE(s.submit(options(), folder(), true), 0);
    QVERIFY(!s.lastError().isEmpty());
    QCOMPARE(sha1Of(dir + QStringLiteral("/exports.sqlite")), before);
}

void TestExportSession::jobWithOneRefusedMemberQueuesNothing()
{
    auto s = newSession();
    // The middle member asks JSOC to process a SHARP series, which JSOC's export page refuses.
    ExportRequestOptions sharp = options(QStringLiteral("hmi.sharp_720s[377][2011.02.15_00:00:00_TAI]"));
    sharp.processing = processingText({defaultProcessingStep(QStringLiteral("rebin"))});
    const QList<ExportRequestOptions> members{options(kRecordSet), sharp, options(kOtherSet)};
    QSignalSpy added(s.get(), &app::ExportSession::exportAdded);
    QSignalSpy said(s.get(), &app::ExportSession::message);
    const int requestsBefore = m_sim->requestCount(QStringLiteral("op=exp_request"));

    QVERIFY(s->submitGroup(members, folder(), QStringLiteral("Same field: HMI M, SHARP, HMI M")).isEmpty());
    QVERIFY(s->queue()->entries().isEmpty());
    QVERIFY(added.isEmpty());
    const QString words = s->lastError();
    QVERIFY2(words.contains(QLatin1String("Export 2 of 3 (hmi.sharp_720s[377][2011.02.15_00:00:00_TAI])")),
             qPrintable(words));
    QVERIFY2(words.contains(QLatin1String("SHARP")), qPrintable(words)); // the series rule, in its own words
    QVERIFY2(!words.contains(kRecordSet) && !words.contains(kOtherSet), qPrintable(words)); // only the refused one
    QVERIFY2(words.contains(QLatin1String("No export of the job")), qPrintable(words));
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.first().at(0).toString(), words);
    QCOMPARE(said.first().at(1).toBool(), true);

    // Every refused member is named at once, so the job is fixed in one go.
    ExportRequestOptions noAddress = options(kOtherSet, QStringLiteral("not an address"));
    QVERIFY(s->submitGroup({sharp, options(kRecordSet), noAddress}, folder(), QStringLiteral("Two wrong")).isEmpty());
    QVERIFY2(s->lastError().contains(QLatin1String("Export 1 of 3")) && s->lastError().contains(QLatin1String("Export 3 of 3"))
                 && !s->lastError().contains(QLatin1String("Export 2 of 3")),
             qPrintable(s->lastError()));
    QVERIFY(s->queue()->entries().isEmpty());

    // Fixed: the whole job is queued as one group and goes to JSOC one member at a time.
    const QList<qint64> ids = s->submitGroup({options(kRecordSet), options(kOtherSet)}, folder(), QStringLiteral("Fixed"));
    QVERIFY2(ids.size() == 2, qPrintable(s->lastError()));
    QCOMPARE(added.size(), 2);
    const qint64 job = s->queue()->entry(ids[0])->groupId;
    QVERIFY(job > 0);
    int mostActive = 0;
    const auto everyDone = [&] {
        int active = 0;
        bool done = true;
        for (qint64 id : ids) {
            const auto e = s->queue()->entry(id);
            active += e->isActive() ? 1 : 0;
            done = done && e->state == State::Done && e->groupId == job;
        }
        mostActive = std::max(mostActive, active);
        return done;
    };
    QTRY_VERIFY_WITH_TIMEOUT(everyDone(), 20000);
    QCOMPARE(mostActive, 1);
    for (qint64 id : ids) {
        QCOMPARE(s->queue()->entry(id)->groupTitle, QStringLiteral("Fixed"));
        QCOMPARE(s->queue()->entry(id)->folder, QDir::cleanPath(folder()));
    }
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_request")) - requestsBefore, 2);
}

void TestExportSession::jobOnFullDiskLeavesNoPartQueued()
{
    testsupport::TinyDisk disk(m_dir->filePath(QStringLiteral("tiny")), "size=1m");
    if (!disk.isMounted())
        QSKIP("could not mount a tmpfs");
    app::ExportSession s(m_client.get());
    QVERIFY2(s.open(disk.path() + QStringLiteral("/data")), qPrintable(s.openError()));
    QSignalSpy added(&s, &app::ExportSession::exportAdded);
    QVERIFY(disk.fill());
    const QList<ExportRequestOptions> members{options(kRecordSet), options(kOtherSet), options(kRecordSet)};

    QVERIFY(s.submitGroup(members, folder(), QStringLiteral("Full disk")).isEmpty());
    QVERIFY2(s.lastError().contains(QLatin1String("Cannot write the export queue"))
                 && s.lastError().contains(QLatin1String("No export of the job \"Full disk\" was queued")),
             qPrintable(s.lastError()));
    QVERIFY(added.isEmpty());
    QVERIFY(s.queue()->entries().isEmpty());

    // With room again the same job goes in whole: the failed attempt left nothing behind.
    QVERIFY(QFile::remove(disk.path() + QStringLiteral("/filler")));
    const QList<qint64> ids = s.submitGroup(members, folder(), QStringLiteral("Full disk"));
    QVERIFY2(ids.size() == 3, qPrintable(s.lastError()));
    QCOMPARE(s.queue()->entries().size(), 3);
    QCOMPARE(added.size(), 3);
}

void TestExportSession::jobFailingAtItsSecondMemberLeavesNoPart()
{
    auto s = newSession(false);
    QVERIFY(s->isOpen());
    // The write fails in the middle of the job: SQLite refuses the second member's row (a trigger
    // put into the file by another connection), after the first one was written in the transaction.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("jobtrigger"));
        db.setDatabaseName(s->databasePath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("CREATE TRIGGER refuse_second_member BEFORE INSERT ON exports WHEN "
                                       "NEW.record_set = '%1' BEGIN SELECT RAISE(ABORT, 'row refused by the test'); END")
                            .arg(kOtherSet)),
                 qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("jobtrigger"));
    QSignalSpy added(s.get(), &app::ExportSession::exportAdded);
    QVERIFY(s->submitGroup({options(kRecordSet), options(kOtherSet)}, folder(), QStringLiteral("Half")).isEmpty());
    QVERIFY2(s->lastError().contains(QLatin1String("row refused by the test"))
                 && s->lastError().contains(QLatin1String("No export of the job \"Half\" was queued")),
             qPrintable(s->lastError()));
    QVERIFY(added.isEmpty());
    QVERIFY(s->queue()->entries().isEmpty()); // the first member was rolled back with the second
    // The first member alone is fine: the queue was not left broken.
    QCOMPARE(s->submitGroup({options(kRecordSet)}, folder(), QStringLiteral("Whole")).size(), 1);
    QCOMPARE(s->queue()->entries().size(), 1);
}

void TestExportSession::reexportedMemberStaysInItsJob()
{
    // JSOC refuses both members as too large (status 3, "Request exceeds max byte limit").
    m_sim->exportDesk()->options().maxSizeMb = 0;
    auto s = newSession();
    ExportQueueModel model(s->queue());
    const QString title = QStringLiteral("Same field: HMI M 45s, HMI M 45s");
    const QList<qint64> ids = s->submitGroup({options(kRecordSet), options(kOtherSet)}, folder(), title);
    QVERIFY2(ids.size() == 2, qPrintable(s->lastError()));
    const qint64 job = s->queue()->entry(ids[0])->groupId;
    for (qint64 id : ids)
        QTRY_COMPARE_WITH_TIMEOUT(s->queue()->entry(id)->state, State::Failed, 10000);
    const auto jobCell = [&model](qint64 id) {
        return model.index(model.rowOf(id), ExportQueueModel::JobColumn).data().toString();
    };
    QCOMPARE(jobCell(ids[0]), title + QStringLiteral(" (0 of 2 done)"));

    // JSOC takes them now; each member is re-exported and takes its old row's place.
    m_sim->exportDesk()->options().maxSizeMb = 100000;
    QList<qint64> again;
    for (qint64 id : ids) {
        const qint64 next = s->resubmit(id);
        QVERIFY2(next > 0, qPrintable(s->lastError()));
        again.append(next);
        QCOMPARE(s->queue()->entry(next)->groupId, job);
        QCOMPARE(s->queue()->entry(next)->groupTitle, title);
        QCOMPARE(s->queue()->entry(next)->options.recordSet, s->queue()->entry(id)->options.recordSet);
        // The old row leaves the job, and its history says which export took its place.
        QCOMPARE(s->queue()->entry(id)->groupId, 0);
        QCOMPARE(s->queue()->entry(id)->state, State::Failed);
        QVERIFY(jobCell(id).isEmpty());
        const QString note = s->queue()->history(id).last().note;
        QVERIFY2(note.contains(QStringLiteral("#%1").arg(next)) && note.contains(title), qPrintable(note));
        QCOMPARE(jobCell(next), title + QStringLiteral(" (0 of 2 done)"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(jobCell(again[0]), title + QStringLiteral(" (2 of 2 done)"), 20000);
    QCOMPARE(jobCell(again[1]), title + QStringLiteral(" (2 of 2 done)"));
    for (qint64 id : again)
        QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*s, id), 20000);
    QCOMPARE(s->queue()->entries().size(), 4); // the refused rows stay, outside the job
}

// Submits a url-tar export and waits until its tar is downloaded (the unpack starts right after).
qint64 TestExportSession::downloadTar(std::unique_ptr<app::ExportSession> &s, QString *tarPath)
{
    ExportRequestOptions o = options();
    o.method = QStringLiteral("url-tar");
    const qint64 id = s->submit(o, folder(), false);
    if (id == 0)
        return 0;
    QSignalSpy said(s.get(), &app::ExportSession::message);
    if (!QTest::qWaitFor([&] {
            return std::any_of(said.begin(), said.end(),
                               [](const QList<QVariant> &m) { return m.at(0).toString().startsWith(QLatin1String("Unpacking")); });
        }, 20000))
        return 0;
    const QList<DownloadItem> rows = s->queue()->downloads(id);
    if (rows.size() != 1 || !rows.first().fileName.endsWith(QLatin1String(".tar")))
        return 0;
    *tarPath = rows.first().targetPath();
    return id;
}

// Every file JSOC listed is in the folder with the simulator's exact bytes, and nothing else
// but them (the packing list is read, not written).
void TestExportSession::verifyUnpacked(const QString &requestId, const QString &where)
{
    ExportJob *job = m_client->exportStatus(requestId);
    QSignalSpy done(job, &JsocJob::finished);
    QVERIFY(done.wait(10000));
    job->deleteLater();
    const ExportStatus status = job->result();
    QVERIFY(!status.files.isEmpty());
    for (const ExportFile &f : status.files) {
        const QString served = m_sim->exportDesk()->diskPath(status.dir + QLatin1Char('/') + f.filename);
        QVERIFY2(!served.isEmpty(), qPrintable(f.filename));
        QCOMPARE(sha1Of(where + QLatin1Char('/') + f.filename), sha1Of(served));
    }
    const QStringList inFolder = QDir(where).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(inFolder.size(), status.files.size());
}

void TestExportSession::urlTarUnpackedAndVerified()
{
    auto s = newSession();
    QSignalSpy unpacked(s.get(), &app::ExportSession::unpacked);
    QString tar;
    const qint64 id = downloadTar(s, &tar);
    QVERIFY(id > 0);
    QVERIFY(s->isUnpacking(id) || !unpacked.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(unpacked.size(), 1, 20000);
    QVERIFY(!s->isUnpacking(id));
    QCOMPARE(unpacked.at(0).at(0).toLongLong(), id);
    QVERIFY2(unpacked.at(0).at(1).toBool(), qPrintable(unpacked.at(0).at(2).toString()));
    QVERIFY(unpacked.at(0).at(2).toString().contains(QLatin1String("tar was deleted")));
    QVERIFY(!QFileInfo::exists(tar));
    QCOMPARE(s->queue()->entry(id)->state, State::Done);
    QVERIFY(s->queue()->entry(id)->message.contains(QLatin1String("Unpacked")));
    verifyUnpacked(s->queue()->entry(id)->requestId, folder());
    // A restart does not unpack it again (the tar is gone).
    s.reset();
    s = newSession();
    QSignalSpy again(s.get(), &app::ExportSession::unpacked);
    QVERIFY(!again.wait(300));
    QCOMPARE(m_sim->requestCount(QStringLiteral(".tar")), 1); // nor fetch the tar again
    QVERIFY(!QFileInfo::exists(tar));
    QCOMPARE(s->queue()->entry(id)->state, State::Done);
}

void TestExportSession::urlTarUnpackRedoneAfterKill()
{
    auto s = newSession();
    QString tar;
    const qint64 id = downloadTar(s, &tar);
    QVERIFY(id > 0);
    s.reset(); // as a kill: the unpack is cut short (or its end never recorded); the tar stays
    QVERIFY(QFileInfo::exists(tar));
    QCOMPARE(m_sim->requestCount(QStringLiteral(".tar")), 1);

    s = newSession();
    QSignalSpy unpacked(s.get(), &app::ExportSession::unpacked);
    QVERIFY(unpacked.wait(20000));
    QVERIFY2(unpacked.at(0).at(1).toBool(), qPrintable(unpacked.at(0).at(2).toString()));
    QVERIFY(!QFileInfo::exists(tar));
    verifyUnpacked(s->queue()->entry(id)->requestId, folder());
    QCOMPARE(m_sim->requestCount(QStringLiteral(".tar")), 1); // not downloaded again
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1);
}

void TestExportSession::hostileTarRefusedInWords()
{
    auto s = newSession();
    QString tar;
    const qint64 id = downloadTar(s, &tar);
    QVERIFY(id > 0);
    s.reset();
    // The tar on disk is swapped for one that climbs out of the folder, padded with zero blocks
    // to the size that was verified (the end of a tar is zeros anyway).
    const qint64 size = QFileInfo(tar).size();
    const QString evilSource = m_dir->filePath(QStringLiteral("evil.txt"));
    {
        QFile f(evilSource);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not yours\n");
    }
    QString error;
    QVERIFY(QFile::remove(tar));
    QVERIFY2(sim::FileServerTar::write(tar, {{QStringLiteral("../evil.txt"), evilSource},
                                             {QStringLiteral("/tmp/jsoc-evil.txt"), evilSource}},
                                       0, &error),
             qPrintable(error));
    {
        QFile f(tar);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() <= size);
        f.seek(f.size());
        f.write(QByteArray(int(size - f.size()), '\0'));
    }
    const QStringList before = QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    const QStringList inFolderBefore = QDir(folder()).entryList(QDir::Files | QDir::Hidden);
    s = newSession();
    QSignalSpy unpacked(s.get(), &app::ExportSession::unpacked);
    QVERIFY(unpacked.wait(20000));
    QVERIFY(!unpacked.at(0).at(1).toBool());
    const QString text = unpacked.at(0).at(2).toString();
    QVERIFY2(text.contains(QLatin1String("evil")), qPrintable(text));
    QCOMPARE(s->queue()->entry(id)->state, State::Failed);
    QCOMPARE(s->queue()->entry(id)->message, text);
    QVERIFY(QFileInfo::exists(tar)); // kept: not a whole unpack
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
    QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/jsoc-evil.txt")));
    QCOMPARE(QDir(folder()).entryList(QDir::Files | QDir::Hidden), inFolderBefore); // no temporaries left
}

QTEST_GUILESS_MAIN(TestExportSession)
#include "tst_exportsession.moc"
