// DownloadJob and DownloadManager against the simulator's file server over a loopback socket:
// byte-identical results (SHA-256 of the simulator's own file on disk), resume with Range/If-Range
// (206, 200 and 416 paths), drops, stalls and 5xx retried, unwritable folders, hostile names,
// pause/resume/cancel (a cancel keeps the .part: resume and retry continue from it, and a file changed
// on the server meanwhile is fetched anew) and the per-host connection cap.
#include "model/exports/ExportTypes.h"
#include "model/exports/DownloadQueueModel.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/PartFileIdentity.h"
#include "network/DownloadJob.h"
#include "network/DownloadManager.h"
#include "network/DownloadRate.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"

#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QFile>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QRegularExpression>
#include <QLockFile>
#include <QSysInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace jsoc;

class TestDownload final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void plainDownload();
    void droppedThreeTimesWithinOneFile();
    void http500And503Retried();
    void stallsRetried();
    void resumesAfterRestartWithIfRange();
    void ifRangeMismatchGives200AndRestarts();
    void completePartGives416AndFinishes();
    void oversizedPartGives416AndRestarts();
    void completeFileSkipped();
    void unwritableFolderIsLocalError();
    void writeFailurePausesWithPartKept();
    void notFoundNotRetried();
    void retriesExhausted();
    void managerHostCap_data();
    void managerHostCap();
    void managerRefusesHostileNames();
    void managerPauseResumeCancel();
    void modelShowsManagerProgress();
    void etaRoundsUpAndNeedsASpeed();
    void twoManagersOneFolder();
    void storageFailurePausesEverything();
    void doneRowsCheckedOnRestart();
    void waitingForAnotherProcessIsNotARetry();
    void coalescedRowsWrittenWhenIdle();
    void cancelKeepsPartAndResumeContinues();
    void cancelThenRetryAfterServerFileChanged();
    void pauseThenResumeAtOnceWithTwoConnections();
    void cancelledRowResumedAfterRestart();

private:
    static QByteArray sha256(const QString &path);
    DownloadJob *newJob(const QUrl &url, const QString &target);
    bool runJob(DownloadJob *job);
    QByteArray serverValidator(int i);
    static void writeIdentity(const QString &target, const QUrl &url, const QByteArray &validator);
    QString serverFile(int i) { return m_sim.exportDesk()->diskPath(m_files.at(i).url.path()); }
    qint64 fileSize(int i) { return QFileInfo(serverFile(i)).size(); }

    sim::JsocSimulator m_sim;
    QNetworkAccessManager m_nam;
    QList<ExportDownload> m_files;
    std::unique_ptr<QTemporaryDir> m_dir;
    DownloadJob::Options m_fast;
};

QByteArray TestDownload::sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

void TestDownload::initTestCase()
{
    QVERIFY(m_sim.listen());
    QVERIFY(m_sim.registerAddress(QStringLiteral("downloads@example.com")));
    QVERIFY(m_sim.exportDesk());
    m_sim.exportDesk()->options().imageSize = 512;
    // A quick export gives real file URLs on the simulator.
    JsocClient client(m_sim.url());
    ExportRequestOptions opt;
    opt.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/4m]");
    opt.notify = QStringLiteral("downloads@example.com");
    ExportJob *job = client.requestExport(opt);
    QSignalSpy done(job, &JsocJob::finished);
    QVERIFY(done.wait(20000));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->result().status, 0);
    m_files = exportDownloads(job->result(), m_sim.url());
    QVERIFY(m_files.size() >= 4);
    for (int i = 0; i < m_files.size(); ++i)
        QVERIFY(fileSize(i) > 20000);
    m_fast.initialRetryDelayMs = 10;
    m_fast.maxRetryDelayMs = 50;
    m_fast.transferTimeoutMs = 20000;
}

void TestDownload::init()
{
    m_sim.clearFaults();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

DownloadJob *TestDownload::newJob(const QUrl &url, const QString &target)
{
    auto *job = new DownloadJob(&m_nam, url, target, this);
    job->setOptions(m_fast);
    return job;
}

bool TestDownload::runJob(DownloadJob *job)
{
    QSignalSpy done(job, &DownloadJob::finished);
    job->start();
    return done.wait(30000) && done.size() == 1;
}

// The validator the simulator sends for file i (learnt from one real download).
QByteArray TestDownload::serverValidator(int i)
{
    QTemporaryDir dir;
    DownloadJob *job = newJob(m_files[i].url, dir.filePath(QStringLiteral("v.fits")));
    runJob(job);
    const QByteArray validator = job->validator();
    delete job;
    return validator;
}

// The identity a job of this URL (no owner) leaves beside its .part.
void TestDownload::writeIdentity(const QString &target, const QUrl &url, const QByteArray &validator)
{
    PartFileIdentity id;
    id.url = url.toString();
    id.validator = validator;
    QVERIFY(id.write(DownloadJob::identityPathFor(target), nullptr));
}

void TestDownload::plainDownload()
{
    const QString target = m_dir->filePath(QStringLiteral("a.fits"));
    DownloadJob *job = newJob(m_files[0].url, target);
    QSignalSpy progress(job, &DownloadJob::progress);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(sha256(target), sha256(serverFile(0)));
    QVERIFY(!QFile::exists(target + QLatin1String(".part")));
    QCOMPARE(job->attempts(), 1);
    QCOMPARE(job->bytesTotal(), fileSize(0));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), fileSize(0));
    QVERIFY(!job->validator().isEmpty());
    delete job;
}

void TestDownload::droppedThreeTimesWithinOneFile()
{
    const qint64 size = fileSize(1);
    m_sim.addFault({sim::Fault::Kind::DropAfterBytes, int(size / 5), m_files[1].url.path(), 3});
    const int before = m_sim.requestCount(m_files[1].url.path());
    const QString target = m_dir->filePath(QStringLiteral("b.fits"));
    DownloadJob *job = newJob(m_files[1].url, target);
    QSignalSpy retrying(job, &DownloadJob::retrying);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    // Three cuts reached the client (Qt may itself resend a request whose connection closed
    // before any byte of the reply, so the server can count one more request than we made).
    QVERIFY(retrying.size() >= 2);
    QVERIFY(m_sim.requestCount(m_files[1].url.path()) - before >= 4);
    QCOMPARE(job->attempts(), retrying.size() + 1);
    // Resumed with ranges: every byte crossed the wire once.
    QCOMPARE(job->bytesTransferred(), size);
    QCOMPARE(sha256(target), sha256(serverFile(1)));
    delete job;
}

void TestDownload::http500And503Retried()
{
    m_sim.addFault({sim::Fault::Kind::Http500, 0, m_files[2].url.path(), 1});
    m_sim.addFault({sim::Fault::Kind::Http503, 0, m_files[2].url.path(), 1});
    const QString target = m_dir->filePath(QStringLiteral("c.fits"));
    DownloadJob *job = newJob(m_files[2].url, target);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->attempts(), 3);
    QCOMPARE(sha256(target), sha256(serverFile(2)));
    // The error page never reached the file.
    QCOMPARE(QFileInfo(target).size(), fileSize(2));
    delete job;
}

void TestDownload::stallsRetried()
{
    m_sim.addFault({sim::Fault::Kind::Stall, 0, m_files[0].url.path(), 1});  // nothing at all
    m_sim.addFault({sim::Fault::Kind::Stall, -1, m_files[0].url.path(), 1}); // header + half
    const QString target = m_dir->filePath(QStringLiteral("d.fits"));
    DownloadJob *job = newJob(m_files[0].url, target);
    DownloadJob::Options o = m_fast;
    o.transferTimeoutMs = 400;
    job->setOptions(o);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->attempts(), 3);
    QCOMPARE(job->bytesTransferred(), fileSize(0));
    QCOMPARE(sha256(target), sha256(serverFile(0)));
    delete job;
}

void TestDownload::resumesAfterRestartWithIfRange()
{
    const qint64 size = fileSize(3);
    const int cut = int(size / 3);
    m_sim.addFault({sim::Fault::Kind::Stall, cut, m_files[3].url.path(), -1});
    const QString target = m_dir->filePath(QStringLiteral("e.fits"));
    QByteArray validator;
    {
        DownloadJob *first = newJob(m_files[3].url, target);
        first->start();
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(target + QLatin1String(".part")).size(), qint64(cut), 20000);
        validator = first->validator();
        delete first; // like a kill: the .part stays, nothing renamed
    }
    QVERIFY(!validator.isEmpty());
    QVERIFY(!QFile::exists(target));
    QVERIFY(QFile::exists(DownloadJob::identityPathFor(target)));
    m_sim.clearFaults();
    DownloadJob *second = newJob(m_files[3].url, target); // finds the validator beside the .part
    QVERIFY(runJob(second));
    QVERIFY2(!second->error().isError(), qPrintable(second->error().message));
    QCOMPARE(second->bytesTransferred(), size - cut); // 206: only the rest was fetched
    QCOMPARE(sha256(target), sha256(serverFile(3)));
    delete second;
}

void TestDownload::ifRangeMismatchGives200AndRestarts()
{
    const QString target = m_dir->filePath(QStringLiteral("f.fits"));
    QFile part(target + QLatin1String(".part"));
    QVERIFY(part.open(QIODevice::WriteOnly));
    part.write(QByteArray(5000, 'x')); // bytes of an older version of the file
    part.close();
    writeIdentity(target, m_files[0].url, "\"stale-etag\"");
    DownloadJob *job = newJob(m_files[0].url, target);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->attempts(), 1);
    QCOMPARE(job->bytesTransferred(), fileSize(0));
    QCOMPARE(sha256(target), sha256(serverFile(0)));
    delete job;
}

void TestDownload::completePartGives416AndFinishes()
{
    const QString target = m_dir->filePath(QStringLiteral("g.fits"));
    QVERIFY(QFile::copy(serverFile(1), target + QLatin1String(".part")));
    writeIdentity(target, m_files[1].url, serverValidator(1));
    DownloadJob *job = newJob(m_files[1].url, target);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->bytesTransferred(), 0);
    QCOMPARE(sha256(target), sha256(serverFile(1)));
    QVERIFY(!QFile::exists(target + QLatin1String(".part")));
    delete job;
}

void TestDownload::oversizedPartGives416AndRestarts()
{
    const QString target = m_dir->filePath(QStringLiteral("h.fits"));
    QFile src(serverFile(2));
    QVERIFY(src.open(QIODevice::ReadOnly));
    QFile part(target + QLatin1String(".part"));
    QVERIFY(part.open(QIODevice::WriteOnly));
    part.write(src.readAll() + QByteArray(100, 'z'));
    part.close();
    writeIdentity(target, m_files[2].url, serverValidator(2));
    DownloadJob *job = newJob(m_files[2].url, target);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->attempts(), 2);
    QCOMPARE(sha256(target), sha256(serverFile(2)));
    delete job;
}

void TestDownload::completeFileSkipped()
{
    const QString target = m_dir->filePath(QStringLiteral("i.fits"));
    QVERIFY(QFile::copy(serverFile(0), target));
    const int before = m_sim.requestCount(m_files[0].url.path());
    DownloadJob *job = newJob(m_files[0].url, target);
    job->setExpectedSize(fileSize(0));
    QVERIFY(runJob(job));
    QVERIFY(!job->error().isError());
    QVERIFY(job->wasSkipped());
    QCOMPARE(m_sim.requestCount(m_files[0].url.path()), before);
    delete job;
}

void TestDownload::unwritableFolderIsLocalError()
{
    // Tests run as root, so permissions do not stop writes: a "folder" below a regular file does.
    QFile blocker(m_dir->filePath(QStringLiteral("plainfile")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    for (const QString &folder : {blocker.fileName() + QLatin1String("/sub"), QStringLiteral("/proc/jsoc-browser-test")}) {
        const QString target = folder + QLatin1String("/x.fits");
        DownloadJob *job = newJob(m_files[0].url, target);
        QVERIFY(runJob(job));
        QCOMPARE(job->error().kind, DownloadError::Kind::LocalFile);
        QVERIFY2(job->error().message.contains(QLatin1String("paused")), qPrintable(job->error().message));
        QVERIFY(!QFile::exists(target));
        delete job;
    }
}

void TestDownload::writeFailurePausesWithPartKept()
{
    // A full disk, made deterministic: a file-size limit makes writes past `limit` bytes fail
    // (EFBIG) exactly like ENOSPC would, without needing a small filesystem.
    const qint64 limit = 30000;
    QVERIFY(fileSize(0) > limit);
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit small = old;
    small.rlim_cur = rlim_t(limit);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const QString target = m_dir->filePath(QStringLiteral("full.fits"));
    DownloadJob *job = newJob(m_files[0].url, target);
    const bool ran = runJob(job);
    setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY(ran);
    QCOMPARE(job->error().kind, DownloadError::Kind::LocalFile);
    QVERIFY2(job->error().message.contains(QLatin1String("paused")), qPrintable(job->error().message));
    QVERIFY(!QFile::exists(target)); // never a half file under the final name
    QVERIFY(QFileInfo(target + QLatin1String(".part")).size() <= limit);
    delete job;
    // With space again, the same download resumes from the .part and completes.
    DownloadJob *again = newJob(m_files[0].url, target);
    QVERIFY(runJob(again));
    QVERIFY2(!again->error().isError(), qPrintable(again->error().message));
    QCOMPARE(sha256(target), sha256(serverFile(0)));
    QVERIFY(again->bytesTransferred() < fileSize(0));
    delete again;
}

void TestDownload::notFoundNotRetried()
{
    QUrl url = m_files[0].url;
    url.setPath(QStringLiteral("/SUM1/D1/S00000/missing.fits"));
    const QString target = m_dir->filePath(QStringLiteral("j.fits"));
    DownloadJob *job = newJob(url, target);
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::Http);
    QCOMPARE(job->error().httpStatus, 404);
    QCOMPARE(job->attempts(), 1);
    QVERIFY(!QFile::exists(target));
    delete job;
}

void TestDownload::retriesExhausted()
{
    m_sim.addFault({sim::Fault::Kind::Http503, 0, m_files[0].url.path(), -1});
    const QString target = m_dir->filePath(QStringLiteral("k.fits"));
    DownloadJob *job = newJob(m_files[0].url, target);
    DownloadJob::Options o = m_fast;
    o.maxRetries = 2;
    job->setOptions(o);
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::Network);
    QCOMPARE(job->attempts(), 3);
    QVERIFY(!QFile::exists(target));
    delete job;
}

void TestDownload::managerHostCap_data()
{
    QTest::addColumn<int>("cap");
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
}

void TestDownload::managerHostCap()
{
    QFETCH(int, cap);
    // Latency keeps every transfer open long enough for the others to queue behind the cap.
    m_sim.addFault({sim::Fault::Kind::Latency, 150, QStringLiteral("/SUM"), -1});
    DownloadManager manager;
    manager.setConnectionsPerHost(cap);
    manager.setJobOptions(m_fast);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    for (int i = 0; i < m_files.size(); ++i) {
        DownloadItem item;
        item.id = i + 1;
        item.url = m_files[i].url;
        item.fileName = QStringLiteral("f%1.fits").arg(i); // quick exports name every file after its segment
        item.folder = m_dir->path();
        manager.enqueue(item);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), m_files.size(), 30000);
    QVERIFY(manager.isIdle());
    QCOMPARE(manager.maxRunningSeen(), std::min<int>(cap, m_files.size()));
    for (int i = 0; i < m_files.size(); ++i) {
        QCOMPARE(manager.item(i + 1).state, DownloadItem::State::Done);
        QCOMPARE(sha256(m_dir->filePath(QStringLiteral("f%1.fits").arg(i))), sha256(serverFile(i)));
    }
    const DownloadManager::Progress total = manager.totalProgress();
    QCOMPARE(total.filesDone, m_files.size());
    QCOMPARE(total.received, total.total);
}

void TestDownload::managerRefusesHostileNames()
{
    DownloadManager manager;
    const int before = m_sim.requestCount();
    const QStringList hostile{QStringLiteral("../evil.fits"), QStringLiteral("/etc/passwd"), QStringLiteral("a/../../b"),
                              QStringLiteral("bell\x07.fits"), QStringLiteral(".."), QString()};
    for (int i = 0; i < hostile.size(); ++i) {
        DownloadItem item;
        item.id = i + 1;
        item.url = m_files[0].url;
        item.fileName = hostile[i];
        item.folder = m_dir->path();
        manager.enqueue(item);
        QCOMPARE(manager.item(i + 1).state, DownloadItem::State::Failed);
        QVERIFY(!manager.item(i + 1).error.isEmpty());
    }
    QVERIFY(manager.isIdle());
    QCOMPARE(m_sim.requestCount(), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
    QVERIFY(!QFile::exists(QFileInfo(m_dir->path()).absolutePath() + QLatin1String("/evil.fits")));
}

void TestDownload::managerPauseResumeCancel()
{
    const qint64 size = fileSize(1);
    const int cut = int(size / 4);
    m_sim.addFault({sim::Fault::Kind::Stall, cut, m_files[1].url.path(), -1});
    DownloadManager manager;
    manager.setJobOptions(m_fast);
    DownloadItem item;
    item.id = 7;
    item.url = m_files[1].url;
    item.fileName = QStringLiteral("p.fits");
    item.folder = m_dir->path();
    manager.enqueue(item);
    const QString part = item.partPath();
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(part).size(), qint64(cut), 20000);
    manager.pause(7);
    QCOMPARE(manager.item(7).state, DownloadItem::State::Paused);
    QTRY_VERIFY(manager.isIdle());
    QCOMPARE(QFileInfo(part).size(), qint64(cut));
    m_sim.clearFaults();
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    manager.resume(7);
    QVERIFY(finished.wait(20000));
    QCOMPARE(manager.item(7).state, DownloadItem::State::Done);
    QCOMPARE(sha256(item.targetPath()), sha256(serverFile(1)));

    // Cancel keeps the partial file for a resume, and nothing appears under the final name.
    m_sim.addFault({sim::Fault::Kind::Stall, cut, m_files[2].url.path(), -1});
    item.id = 8;
    item.url = m_files[2].url;
    item.fileName = QStringLiteral("q.fits");
    manager.enqueue(item);
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(item.partPath()).size(), qint64(cut), 20000);
    manager.cancel(8);
    QCOMPARE(manager.item(8).state, DownloadItem::State::Cancelled);
    QCOMPARE(QFileInfo(item.partPath()).size(), qint64(cut));
    QVERIFY(!QFile::exists(item.targetPath()));
    QVERIFY(manager.isIdle());
    manager.cancel(8); // twice: nothing more happens
    QCOMPARE(manager.item(8).state, DownloadItem::State::Cancelled);
}

// What the server answered after a point in a test: one line per reply, "206 bytes=N- LENGTH".
namespace {
struct ReplyLog {
    QStringList lines;
    qint64 bodyBytes = 0; // Content-Length of every answer with a body (200 and 206)
};
void logReplies(QNetworkAccessManager *nam, ReplyLog *log, QObject *context)
{
    QObject::connect(nam, &QNetworkAccessManager::finished, context, [log](QNetworkReply *reply) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        log->lines << QStringLiteral("%1 %2 %3").arg(status).arg(QString::fromLatin1(reply->request().rawHeader("Range"))).arg(length);
        if (status == 200 || status == 206)
            log->bodyBytes += length;
    });
}
} // namespace

void TestDownload::cancelKeepsPartAndResumeContinues()
{
    // A scientist cancels a long download by mistake, then resumes it: it continues from the
    // bytes it had, fetched once, and the file that lands under its name is complete and verified.
    const int i = 1;
    const qint64 size = fileSize(i);
    const int cut = int(size / 3);
    m_sim.addFault({sim::Fault::Kind::Stall, cut, m_files[i].url.path(), -1});
    DownloadJob::Options o = m_fast;
    o.minResumableBytes = 1024; // the simulator's files are small; this one gets an identity file
    DownloadManager manager;
    manager.setJobOptions(o);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    DownloadItem item;
    item.id = 21;
    item.exportId = 3;
    item.url = m_files[i].url;
    item.fileName = QStringLiteral("long.fits");
    item.folder = m_dir->path();
    manager.enqueue(item);
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(item.partPath()).size(), qint64(cut), 20000);
    QVERIFY(QFile::exists(DownloadJob::identityPathFor(item.targetPath())));
    QCOMPARE(manager.totalProgress().files, 1);

    manager.cancel(21);
    const DownloadItem cancelled = manager.item(21);
    QCOMPARE(cancelled.state, DownloadItem::State::Cancelled);
    QCOMPARE(cancelled.received, qint64(cut));
    QVERIFY2(cancelled.error.contains(QLatin1String("Resume continues")), qPrintable(cancelled.error));
    QCOMPARE(finished.size(), 1);
    QVERIFY(manager.isIdle());
    QCOMPARE(manager.totalProgress().files, 0); // set aside: not in the totals
    QCOMPARE(QFileInfo(item.partPath()).size(), qint64(cut));
    QVERIFY(QFile::exists(DownloadJob::identityPathFor(item.targetPath())));
    QVERIFY(!QFile::exists(item.targetPath()));
    QVERIFY(!QFile::exists(DownloadJob::lockPathFor(item.targetPath()))); // released for the next run

    m_sim.clearFaults();
    ReplyLog log;
    logReplies(manager.networkAccessManager(), &log, this);
    manager.resume(21);
    QVERIFY(!manager.item(21).isFinished());
    QCOMPARE(manager.totalProgress().files, 1);
    QVERIFY(finished.wait(20000));
    QCOMPARE(manager.item(21).state, DownloadItem::State::Done);
    QCOMPARE(sha256(item.targetPath()), sha256(serverFile(i)));
    QVERIFY(!QFile::exists(item.partPath()));
    QVERIFY(!QFile::exists(DownloadJob::identityPathFor(item.targetPath())));
    // One request, for the missing bytes only.
    QCOMPARE(log.lines, QStringList{QStringLiteral("206 bytes=%1- %2").arg(cut).arg(size - cut)});
    QCOMPARE(log.bodyBytes, size - cut);
    QCOMPARE(manager.totalProgress().filesDone, 1);
}

void TestDownload::cancelThenRetryAfterServerFileChanged()
{
    // Cancelled midway; meanwhile JSOC regenerated the file (other bytes, new validator). Retry
    // must not splice the old .part onto the new file: If-Range fails, the whole new file comes.
    int i = -1, other = -1;
    for (int a = 0; a < m_files.size() && i < 0; ++a)
        for (int b = 0; b < m_files.size(); ++b)
            if (a != b && fileSize(a) == fileSize(b) && sha256(serverFile(a)) != sha256(serverFile(b))) {
                i = a;
                other = b;
                break;
            }
    QVERIFY2(i >= 0, "the simulator's export has no two files of one size");
    const QString served = serverFile(i);
    QFile original(served);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray originalBytes = original.readAll();
    const QDateTime originalTime = QFileInfo(served).lastModified();
    original.close();
    auto restore = qScopeGuard([&] {
        QFile f(served);
        if (f.open(QIODevice::WriteOnly) && f.write(originalBytes) == originalBytes.size()) {
            f.close();
            f.open(QIODevice::ReadWrite);
            f.setFileTime(originalTime, QFileDevice::FileModificationTime);
        }
    });

    const qint64 size = fileSize(i);
    const int cut = int(size / 2);
    m_sim.addFault({sim::Fault::Kind::Stall, cut, m_files[i].url.path(), -1});
    DownloadJob::Options o = m_fast;
    o.minResumableBytes = 1024;
    DownloadManager manager;
    manager.setJobOptions(o);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    DownloadItem item;
    item.id = 22;
    item.url = m_files[i].url;
    item.fileName = QStringLiteral("changed.fits");
    item.folder = m_dir->path();
    manager.enqueue(item);
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(item.partPath()).size(), qint64(cut), 20000);
    manager.cancel(22);
    QCOMPARE(manager.item(22).state, DownloadItem::State::Cancelled);
    m_sim.clearFaults();

    // The server's file changes: another record's bytes, a later modification time.
    QVERIFY(QFile::remove(served));
    QVERIFY(QFile::copy(serverFile(other), served));
    {
        QFile f(served);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(originalTime.addSecs(3600), QFileDevice::FileModificationTime));
    }
    ReplyLog log;
    logReplies(manager.networkAccessManager(), &log, this);
    manager.retry(22);
    QVERIFY(finished.wait(20000));
    const DownloadItem done = manager.item(22);
    QVERIFY2(done.state == DownloadItem::State::Done, qPrintable(done.error));
    QCOMPARE(sha256(item.targetPath()), sha256(serverFile(other)));
    QCOMPARE(log.lines.size(), 1);
    QVERIFY2(log.lines.first().startsWith(QStringLiteral("200 bytes=%1-").arg(cut)), qPrintable(log.lines.first()));
    QVERIFY(!QFile::exists(item.partPath()));
}

void TestDownload::pauseThenResumeAtOnceWithTwoConnections()
{
    // A resume before the paused job has wound down (its finish is queued): with room for a second
    // connection the scheduler meets the row while the old job still exists; the row must not be
    // lost from the line and stay Waiting for ever.
    const int i = 0;
    m_sim.addFault({sim::Fault::Kind::Stall, 4096, m_files[i].url.path(), 1});
    DownloadManager manager;
    manager.setJobOptions(m_fast);
    manager.setConnectionsPerHost(2);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    DownloadItem item;
    item.id = 23;
    item.url = m_files[i].url;
    item.fileName = QStringLiteral("quick.fits");
    item.folder = m_dir->path();
    manager.enqueue(item);
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(item.partPath()).size(), qint64(4096), 20000);
    manager.pause(23);
    manager.resume(23);
    QVERIFY(finished.wait(20000));
    QCOMPARE(manager.item(23).state, DownloadItem::State::Done);
    QCOMPARE(sha256(item.targetPath()), sha256(serverFile(i)));
    QVERIFY(manager.isIdle());
}

// The one ETA rule, used for each file and for the total: a part second counts as a second, and
// without a speed or a size there is no estimate.
void TestDownload::etaRoundsUpAndNeedsASpeed()
{
    QCOMPARE(DownloadRate::etaSeconds(1000, 500.0), qint64(2));
    QCOMPARE(DownloadRate::etaSeconds(1001, 500.0), qint64(3));
    QCOMPARE(DownloadRate::etaSeconds(1, 1e9), qint64(1));
    QCOMPARE(DownloadRate::etaSeconds(0, 500.0), qint64(0));
    QCOMPARE(DownloadRate::etaSeconds(1000, 0.0), qint64(-1));
    QCOMPARE(DownloadRate::etaSeconds(1000, -5.0), qint64(-1));
    QCOMPARE(DownloadRate::etaSeconds(-1, 500.0), qint64(-1));
    // A rate with no samples yet has no speed, so no estimate either.
    const DownloadRate fresh;
    QCOMPARE(fresh.etaSeconds(1000), qint64(-1));
}

void TestDownload::modelShowsManagerProgress()
{
    DownloadQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    DownloadManager manager;
    manager.setJobOptions(m_fast);
    // The app's wiring: state changes upsert rows, throttled progress updates running rows.
    connect(&manager, &DownloadManager::itemChanged, &model, &DownloadQueueModel::upsert);
    connect(&manager, &DownloadManager::progressChanged, &model, [&] {
        for (const qint64 id : model.runningIds()) { // a tick costs what runs, not what is listed
            const auto p = manager.itemProgress(id);
            model.setProgress(id, p.received, p.total, p.bytesPerSecond, p.etaSeconds);
        }
    });
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    for (int i = 0; i < 2; ++i) {
        DownloadItem item;
        item.id = 100 + i;
        item.url = m_files[i].url;
        item.fileName = i == 0 ? m_files[i].filename : QStringLiteral("../escape.fits");
        item.folder = m_dir->path();
        manager.enqueue(item);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
    QCOMPARE(model.rowCount(), 2);
    const int ok = model.rowOf(100);
    const int bad = model.rowOf(101);
    QCOMPARE(model.index(ok, DownloadQueueModel::ProgressColumn).data(DownloadQueueModel::ProgressRole).toInt(), 100);
    QCOMPARE(model.index(ok, DownloadQueueModel::StateColumn).data().toString(), QStringLiteral("done"));
    QCOMPARE(model.index(ok, 0).data(DownloadQueueModel::TotalBytesRole).toLongLong(), fileSize(0));
    QCOMPARE(model.index(bad, DownloadQueueModel::StateColumn).data(DownloadQueueModel::StateRole).toInt(),
             int(DownloadItem::State::Failed));
    QVERIFY(model.index(bad, DownloadQueueModel::ErrorColumn).data().toString().startsWith(QLatin1String("Refused")));
    model.remove(101);
    QCOMPARE(model.rowCount(), 1);
}

void TestDownload::twoManagersOneFolder()
{
    // Two runs of the same export into one folder (say two jsoc-cli): one owner per file at a
    // time, and neither deletes or renames over what the other has completed.
    m_sim.addFault({sim::Fault::Kind::Latency, 150, QStringLiteral("/SUM"), -1});
    DownloadJob::Options o = m_fast;
    o.lockPollMs = 20;
    DownloadManager a, b;
    QSignalSpy finishedA(&a, &DownloadManager::itemFinished);
    QSignalSpy finishedB(&b, &DownloadManager::itemFinished);
    for (DownloadManager *m : {&a, &b}) {
        m->setJobOptions(o);
        m->setConnectionsPerHost(2);
    }
    for (int i = 0; i < m_files.size(); ++i) {
        DownloadItem item;
        item.id = i + 1;
        item.url = m_files[i].url;
        item.fileName = QStringLiteral("f%1.fits").arg(i);
        item.folder = m_dir->path();
        a.enqueue(item);
        b.enqueue(item);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finishedA.size(), m_files.size(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(finishedB.size(), m_files.size(), 30000);
    QStringList expected;
    for (int i = 0; i < m_files.size(); ++i) {
        QCOMPARE(a.item(i + 1).state, DownloadItem::State::Done);
        QCOMPARE(b.item(i + 1).state, DownloadItem::State::Done);
        const QString name = QStringLiteral("f%1.fits").arg(i);
        QCOMPARE(sha256(m_dir->filePath(name)), sha256(serverFile(i)));
        expected << name;
    }
    // Nothing else left behind: no .part, no lock, no identity file.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden, QDir::Name), expected);
}

void TestDownload::storageFailurePausesEverything()
{
    const QString dbPath = m_dir->filePath(QStringLiteral("queue.sqlite"));
    ExportQueue queue;
    QString error;
    QVERIFY2(queue.open(dbPath, &error), qPrintable(error));
    ExportRequestOptions opt;
    opt.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/4m]");
    opt.notify = QStringLiteral("downloads@example.com");
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const qint64 exportId = queue.add(opt, out);
    QVERIFY(exportId > 0);
    for (int i = 0; i < m_files.size(); ++i) {
        DownloadItem d;
        d.exportId = exportId;
        d.url = m_files[i].url;
        d.fileName = QStringLiteral("s%1.fits").arg(i);
        d.folder = out;
        QVERIFY(queue.addDownload(d) > 0);
    }
    // Rows are written coalesced (ExportQueue::kFlushDelayMs): a failed write stops everything at
    // the next flush, while the next file is still in flight (each answer takes 800 ms here).
    m_sim.addFault({sim::Fault::Kind::Latency, 800, QStringLiteral("/SUM"), -1});
    DownloadManager manager;
    manager.setJobOptions(m_fast);
    QSignalSpy failed(&manager, &DownloadManager::storageFailed);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    manager.attachQueue(&queue, exportId);
    QCOMPARE(manager.runningCount(), 1);
    {
        // Another program breaks the database under us; the next state change cannot be saved.
        QSqlDatabase vandal = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("vandal"));
        vandal.setDatabaseName(dbPath);
        QVERIFY(vandal.open());
        QVERIFY(QSqlQuery(vandal).exec(QStringLiteral("DROP TABLE downloads")));
        vandal.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("vandal"));
    QVERIFY(failed.wait(20000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("could not be saved")),
             qPrintable(failed.at(0).at(0).toString()));
    QTRY_VERIFY(manager.isIdle());
    QVERIFY(manager.hasStorageFailed());
    // The running file finished (verified on disk); nothing else started or was left running.
    int paused = 0;
    for (const DownloadItem &d : manager.items()) {
        QVERIFY(d.state == DownloadItem::State::Done || d.state == DownloadItem::State::Paused);
        paused += d.state == DownloadItem::State::Paused ? 1 : 0;
    }
    QCOMPARE(paused, m_files.size() - 1);
    QCOMPARE(manager.runningCount(), 0);
    // One whole file; the one in flight keeps its .part for a resume.
    const QStringList whole = QDir(out).entryList(QDir::Files).filter(QRegularExpression(QStringLiteral("\\.fits$")));
    QCOMPARE(whole, QStringList{QStringLiteral("s0.fits")});
    QCOMPARE(sha256(QDir(out).filePath(QStringLiteral("s0.fits"))), sha256(serverFile(0)));
}

// A file recorded as Done is not believed on restart (issue 11): damaged or deleted since, it is
// fetched again; a sound one is not (the server's requests are counted per file).
void TestDownload::doneRowsCheckedOnRestart()
{
    QVERIFY(m_files.size() >= 4);
    const QString dbPath = m_dir->filePath(QStringLiteral("queue.sqlite"));
    const QString out = m_dir->filePath(QStringLiteral("out"));
    ExportQueue queue;
    QVERIFY(queue.open(dbPath));
    ExportRequestOptions opt;
    opt.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/4m]");
    opt.notify = QStringLiteral("downloads@example.com");
    const qint64 exportId = queue.add(opt, out);
    for (int i = 0; i < 4; ++i) {
        DownloadItem d;
        d.exportId = exportId;
        d.url = m_files[i].url;
        d.fileName = QStringLiteral("d%1.fits").arg(i);
        d.folder = out;
        QVERIFY(queue.addDownload(d) > 0);
    }
    {
        DownloadManager first;
        first.setJobOptions(m_fast);
        QSignalSpy idle(&first, &DownloadManager::idle);
        first.attachQueue(&queue, exportId);
        QTRY_VERIFY_WITH_TIMEOUT(first.isIdle(), 20000);
    }
    for (const DownloadItem &d : queue.downloads(exportId))
        QCOMPARE(d.state, DownloadItem::State::Done);
    // Between the runs: d0 cut short, d1 the same size but its header overwritten, d2 deleted.
    const auto path = [&](int i) { return QDir(out).filePath(QStringLiteral("d%1.fits").arg(i)); };
    QVERIFY(QFile::resize(path(0), fileSize(0) / 2));
    {
        QFile f(path(1));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.write(QByteArray(80, 'x')) == 80);
    }
    QVERIFY(QFile::remove(path(2)));
    QList<int> before;
    for (int i = 0; i < 4; ++i)
        before << m_sim.requestCount(m_files[i].url.path());

    DownloadManager second;
    second.setJobOptions(m_fast);
    QSignalSpy finished(&second, &DownloadManager::itemFinished);
    second.attachQueue(&queue, exportId);
    QVERIFY(!second.isIdle()); // the Done rows are being checked: not finished yet
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 20000);
    QTRY_VERIFY(second.isIdle());
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(second.items().at(i).state, DownloadItem::State::Done);
        QCOMPARE(sha256(path(i)), sha256(serverFile(i)));
        QCOMPARE(m_sim.requestCount(m_files[i].url.path()) - before[i], i < 3 ? 1 : 0);
    }
    for (const DownloadItem &d : queue.downloads(exportId))
        QCOMPARE(d.state, DownloadItem::State::Done);
    // Nothing per file outlives the file: no job, no check watcher left behind.
    QTRY_COMPARE(second.findChildren<DownloadJob *>().size(), 0);
    QCOMPARE(second.findChildren<QFutureWatcherBase *>().size(), 0);
}

// Another process holding a file's lock is waited for, said once with who it is, and is not a retry.
void TestDownload::waitingForAnotherProcessIsNotARetry()
{
    DownloadJob::Options o = m_fast;
    o.lockPollMs = 20;
    DownloadManager manager;
    manager.setJobOptions(o);
    DownloadItem item;
    item.id = 1;
    item.url = m_files[0].url;
    item.fileName = QStringLiteral("w.fits");
    item.folder = m_dir->path();
    auto other = std::make_unique<QLockFile>(DownloadJob::lockPathFor(item.targetPath()));
    QVERIFY(other->tryLock(0));
    QSignalSpy waiting(&manager, &DownloadManager::itemWaiting);
    QSignalSpy retrying(&manager, &DownloadManager::itemRetrying);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    manager.enqueue(item);
    QVERIFY(!waiting.isEmpty() || waiting.wait(5000)); // said at once, when the job starts
    QTest::qWait(200); // ten more polls of the lock: checks that they say nothing; not a synchronisation
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(waiting.at(0).at(0).toLongLong(), 1);
    const QString holder = waiting.at(0).at(1).toString();
    QVERIFY2(holder.contains(QStringLiteral("(pid %1 on %2)").arg(QCoreApplication::applicationPid()).arg(QSysInfo::machineHostName())),
             qPrintable(holder));
    QCOMPARE(retrying.size(), 0);
    other.reset(); // the other process finishes without a file: ours starts by itself
    QVERIFY(finished.wait(10000));
    QCOMPARE(manager.item(1).state, DownloadItem::State::Done);
    QCOMPARE(sha256(item.targetPath()), sha256(serverFile(0)));
}

// States are coalesced, but when the manager is idle every one of them is in the database.
void TestDownload::coalescedRowsWrittenWhenIdle()
{
    const QString dbPath = m_dir->filePath(QStringLiteral("queue.sqlite"));
    const QString out = m_dir->filePath(QStringLiteral("out"));
    ExportQueue queue;
    QVERIFY(queue.open(dbPath));
    ExportRequestOptions opt;
    opt.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/4m]");
    opt.notify = QStringLiteral("downloads@example.com");
    const qint64 exportId = queue.add(opt, out);
    for (int i = 0; i < m_files.size(); ++i) {
        DownloadItem d;
        d.exportId = exportId;
        d.url = m_files[i].url;
        d.fileName = QStringLiteral("c%1.fits").arg(i);
        d.folder = out;
        QVERIFY(queue.addDownload(d) > 0);
    }
    DownloadManager manager;
    manager.setJobOptions(m_fast);
    bool allWritten = false;
    connect(&manager, &DownloadManager::idle, this, [&] {
        // What another process (the next run) reads from the file at this moment.
        ExportQueue reader;
        QVERIFY(reader.open(dbPath));
        allWritten = !queue.hasUnsavedDownloads();
        for (const DownloadItem &d : reader.downloads(exportId))
            allWritten = allWritten && d.state == DownloadItem::State::Done;
    });
    manager.attachQueue(&queue, exportId);
    QTRY_VERIFY_WITH_TIMEOUT(allWritten, 20000);
}

void TestDownload::cancelledRowResumedAfterRestart()
{
    // Cancelled in one session, resumed in the next: the queue remembers the row as Cancelled
    // (set aside, not in the totals), and its kept .part continues under the same identity.
    const int i = 2;
    const qint64 size = fileSize(i);
    const int cut = int(size / 4);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    ExportQueue queue;
    QVERIFY(queue.open(m_dir->filePath(QStringLiteral("queue.sqlite"))));
    ExportRequestOptions opt;
    opt.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/4m]");
    opt.notify = QStringLiteral("downloads@example.com");
    const qint64 exportId = queue.add(opt, out);
    DownloadItem d;
    d.exportId = exportId;
    d.url = m_files[i].url;
    d.fileName = QStringLiteral("kept.fits");
    d.folder = out;
    const qint64 id = queue.addDownload(d);
    QVERIFY(id > 0);
    DownloadJob::Options o = m_fast;
    o.minResumableBytes = 1024;
    m_sim.addFault({sim::Fault::Kind::Stall, cut, m_files[i].url.path(), -1});
    {
        DownloadManager first;
        first.setJobOptions(o);
        first.attachQueue(&queue, exportId);
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(d.partPath()).size(), qint64(cut), 20000);
        first.cancel(id);
    }
    QCOMPARE(queue.downloads(exportId).value(0).state, DownloadItem::State::Cancelled);
    QCOMPARE(QFileInfo(d.partPath()).size(), qint64(cut));
    m_sim.clearFaults();

    DownloadManager second;
    second.setJobOptions(o);
    QSignalSpy finished(&second, &DownloadManager::itemFinished);
    second.attachQueue(&queue, exportId);
    QCOMPARE(second.item(id).state, DownloadItem::State::Cancelled); // not started by itself
    QVERIFY(second.isIdle());
    QCOMPARE(second.totalProgress().files, 0);
    ReplyLog log;
    logReplies(second.networkAccessManager(), &log, this);
    finished.clear();
    second.resume(id);
    QVERIFY(finished.wait(20000));
    QCOMPARE(second.item(id).state, DownloadItem::State::Done);
    QCOMPARE(sha256(d.targetPath()), sha256(serverFile(i)));
    QCOMPARE(log.lines, QStringList{QStringLiteral("206 bytes=%1- %2").arg(cut).arg(size - cut)});
    QTRY_COMPARE(queue.downloads(exportId).value(0).state, DownloadItem::State::Done);
}

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
