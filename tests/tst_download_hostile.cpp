// DownloadJob against the hostile servers of issue 11, scripted byte by byte on loopback
// (tests/support/ScriptedHttpServer.h): servers that cut every transfer at the same byte and
// ignore Range, bodies shorter or longer than announced, slow drips, stale partial files of
// other exports, existing files that are not what they claim, another process holding the
// file's lock, a disk that fills up, and a cancelled download (its .part kept) resumed against a
// server that lies about the range or with its identity file turned to junk.
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportTypes.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/exports/PartFileIdentity.h"
#include "network/DownloadJob.h"
#include "network/DownloadManager.h"
#include "support/ScriptedHttpServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

#include <sys/mount.h>
#include <unistd.h>

using namespace jsoc;
using testsupport::ScriptedHttpServer;

namespace {

// The largest buffer Linux gives one TCP socket in one direction (third field of
// /proc/sys/net/ipv4/tcp_rmem or tcp_wmem); 6 MiB when it cannot be read.
qint64 largestSocketBuffer(const char *name)
{
    QFile f(QStringLiteral("/proc/sys/net/ipv4/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return qint64(6) << 20;
    const QList<QByteArray> fields = f.readAll().simplified().split(' ');
    bool ok = false;
    const qint64 bytes = fields.value(2).toLongLong(&ok);
    return ok ? bytes : qint64(6) << 20;
}

const QByteArray kEtag = "\"v1\"";
// A connection closed while a reply is being read makes Qt resend the same GET by itself, up to
// twice (QHttpNetworkConnectionChannel's reconnect attempts), depending on which of "bytes read"
// and "closed" it sees first. The server may so count up to three requests per attempt of ours;
// the job's own attempts are counted exactly.
constexpr int kQtResendBound = 3;

// An honest file server for `body`: 200 with Content-Length and ETag, or 206 for a Range whose
// If-Range (when sent) matches.
void serveHonestly(const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r, const QByteArray &body)
{
    const QByteArray range = rq.header("range");
    const QByteArray ifRange = rq.header("if-range");
    if (range.startsWith("bytes=") && (ifRange.isEmpty() || ifRange == kEtag)) {
        const qint64 from = range.mid(6, range.indexOf('-') - 6).toLongLong();
        if (from >= body.size()) {
            r.sendHead(416, {{"Content-Range", "bytes */" + QByteArray::number(body.size())}, {"Content-Length", "0"}},
                       "Range Not Satisfiable");
            r.close();
            return;
        }
        r.sendHead(206, {{"ETag", kEtag},
                         {"Content-Range", "bytes " + QByteArray::number(from) + '-' + QByteArray::number(body.size() - 1)
                              + '/' + QByteArray::number(body.size())},
                         {"Content-Length", QByteArray::number(body.size() - from)}},
                   "Partial Content");
        r.send(body.mid(from));
        return;
    }
    r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", QByteArray::number(body.size())}});
    r.send(body);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray fitsSample()
{
    return readAll(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/resampled_hmi.fits"));
}

// The sample with one data byte flipped: still a sound FITS file (no CHECKSUM/DATASUM to catch
// it), the same size, other bytes.
QByteArray flippedFitsSample()
{
    QByteArray bytes = fitsSample();
    bytes[bytes.size() - 100] = char(bytes.at(bytes.size() - 100) ^ 0xff);
    return bytes;
}

} // namespace

class TestDownloadHostile final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void cutAtSameByteIgnoringRangeGivesUp();
    void percentInUrlStaysInTheMessage();
    void shortBodyEveryTimeGivesUp();
    void newBytesStillRefillTheBudget();
    void overlongBodyStoppedAtOnce();
    void slowDripFailsInWords();
    void fileDeadline();
    void existingTextFileUnderFitsNameIsReplaced();
    void existingFileOfUnknownSizeIsFetchedAgain();
    void existingFitsOfUnknownSizeIsFetchedAgain();
    void existingSoundFitsOfRecordedSizeIsKept();
    void sameSizeOtherBytesReplacedByVerifiedDownload_data();
    void sameSizeOtherBytesReplacedByVerifiedDownload();
    void endlessBodyOfUnknownSizeStoppedAtTheExportCap();
    void managerCapsFilesByTheExportSize();
    void corruptFitsIsNotVerified();
    void stalePartWithoutIdentityStartsOver();
    void stalePartOfAnotherOwnerStartsOver();
    void ownPartResumesWithIfRange();
    void lockHeldWaitsThenFailsInWords();
    void lockReleasedWhileWaitingThenKeepsTheirFile();
    void fileOfUnknownSizePlacedWhileWaitingIsKept();
    void staleLockOfDeadProcessTakenOver();
    void fullDiskSaysSo();
    void smallFileHasNoIdentityYetResumesWithinTheJob();
    void cancelledThenResumedAgainstALyingRange();
    void cancelledPartWithJunkIdentityStartsOver();

private:
    DownloadJob *newJob(const QString &name, const QString &path = QStringLiteral("/f"));
    bool runJob(DownloadJob *job, int timeoutMs = 15000);
    QString target(const QString &name) const { return m_dir->filePath(name); }

    QNetworkAccessManager m_nam;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    DownloadJob::Options m_fast;
    QString m_mounted;
};

void TestDownloadHostile::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fast = {};
    m_fast.initialRetryDelayMs = 5;
    m_fast.maxRetryDelayMs = 20;
    m_fast.transferTimeoutMs = 5000;
    m_fast.maxRetries = 4;
    m_fast.lockPollMs = 20;
}

void TestDownloadHostile::cleanup()
{
    if (!m_mounted.isEmpty()) {
        umount2(QFile::encodeName(m_mounted).constData(), MNT_DETACH);
        m_mounted.clear();
    }
    m_server.reset();
}

DownloadJob *TestDownloadHostile::newJob(const QString &name, const QString &path)
{
    QUrl url = m_server->url();
    url.setPath(path);
    auto *job = new DownloadJob(&m_nam, url, target(name), this);
    job->setOptions(m_fast);
    return job;
}

void TestDownloadHostile::percentInUrlStaysInTheMessage()
{
    // "%2F" in a URL once became a placeholder of the message it was put in (arg().arg()).
    const QByteArray body(10, 'x');
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, body);
    });
    QUrl odd = m_server->url();
    odd.setPath(QStringLiteral("/dir%2Fodd%252.bin"), QUrl::TolerantMode); // the escapes as written
    auto *job = new DownloadJob(&m_nam, odd, target(QStringLiteral("odd.bin")), this);
    job->setOptions(m_fast);
    job->setExpectedSize(20);
    QVERIFY(runJob(job));
    QVERIFY(job->error().isError());
    const QString url = job->url().toString();
    QVERIFY2(url.contains(QLatin1String("%2F")), qPrintable(url));
    QVERIFY2(job->error().message.contains(QLatin1String("announces 10 bytes for ") + url + QLatin1String(" but 20 were expected")),
             qPrintable(job->error().message));
}

bool TestDownloadHostile::runJob(DownloadJob *job, int timeoutMs)
{
    QSignalSpy done(job, &DownloadJob::finished);
    job->start();
    return done.wait(timeoutMs) && done.size() == 1;
}

void TestDownloadHostile::cutAtSameByteIgnoringRangeGivesUp()
{
    // Ignores Range, always 200, and closes the connection after the same 400 of 1000 bytes.
    // (Closed, not reset: a reset may discard the bytes in flight, and Qt then resends the
    // request by itself, which would blur the count of our attempts.)
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", "1000"}});
        r.send(QByteArray(400, 'a'));
        r.close();
    });
    DownloadJob *job = newJob(QStringLiteral("cut.dat"));
    QVERIFY(runJob(job));
    QVERIFY(job->error().isError());
    // Re-downloaded bytes are no progress: the first attempt plus maxRetries, then words.
    QCOMPARE(job->attempts(), m_fast.maxRetries + 1);
    QVERIFY2(m_server->requestCount() <= kQtResendBound * (m_fast.maxRetries + 1),
             qPrintable(QString::number(m_server->requestCount())));
    QVERIFY2(job->error().message.contains(QLatin1String("cut the transfer at byte 400")), qPrintable(job->error().message));
    QVERIFY2(job->error().message.contains(QLatin1String("ignores resume requests")), qPrintable(job->error().message));
    QVERIFY(!QFile::exists(target(QStringLiteral("cut.dat"))));
    // Resumes were asked for (Range + If-Range), and ignored.
    bool askedToResume = false;
    for (const auto &rq : m_server->requests())
        askedToResume = askedToResume || (rq.header("range") == "bytes=400-" && rq.header("if-range") == kEtag);
    QVERIFY(askedToResume);
    delete job;
}

void TestDownloadHostile::shortBodyEveryTimeGivesUp()
{
    // Announces 1000 bytes, sends 400 and closes cleanly; no validator, so no resume is possible.
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"Content-Length", "1000"}});
        r.send(QByteArray(400, 'b'));
        r.close();
    });
    DownloadJob *job = newJob(QStringLiteral("short.dat"));
    QVERIFY(runJob(job));
    QVERIFY(job->error().isError());
    QCOMPARE(job->attempts(), m_fast.maxRetries + 1);
    QVERIFY2(m_server->requestCount() <= kQtResendBound * (m_fast.maxRetries + 1),
             qPrintable(QString::number(m_server->requestCount())));
    QVERIFY2(job->error().message.contains(QLatin1String("cut the transfer at byte 400")), qPrintable(job->error().message));
    QVERIFY(!QFile::exists(target(QStringLiteral("short.dat")))); // a short body is never verified
    // Without a validator the .part is never resumed blindly: no request carried a Range.
    for (const auto &rq : m_server->requests())
        QVERIFY(rq.header("range").isEmpty());
    delete job;
}

void TestDownloadHostile::newBytesStillRefillTheBudget()
{
    // Honours Range but cuts each transfer after 100 new bytes: slow, yet always progressing,
    // so it completes even though it needs more attempts than maxRetries.
    const QByteArray body = QByteArray(1000, 'c');
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        const QByteArray range = rq.header("range");
        const qint64 from = range.isEmpty() ? 0 : range.mid(6, range.indexOf('-') - 6).toLongLong();
        if (from > 0)
            r.sendHead(206, {{"ETag", kEtag},
                             {"Content-Range", "bytes " + QByteArray::number(from) + "-999/1000"},
                             {"Content-Length", QByteArray::number(1000 - from)}});
        else
            r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", "1000"}});
        r.send(body.mid(from, 100));
        r.close();
    });
    DownloadJob *job = newJob(QStringLiteral("steps.dat"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(job->attempts(), 10);
    QCOMPARE(readAll(target(QStringLiteral("steps.dat"))), body);
    delete job;
}

void TestDownloadHostile::overlongBodyStoppedAtOnce()
{
    // Expected 1 MB, and the body (no Content-Length: ends when the server closes) never ends.
    const qint64 expected = 1 << 20;
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"ETag", kEtag}, {"Connection", "close"}});
        r.stream(-1, 'z');
    });
    DownloadJob *job = newJob(QStringLiteral("big.dat"));
    job->setExpectedSize(expected);
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::SizeMismatch);
    QVERIFY2(job->error().message.contains(QLatin1String("more than the 1048576 bytes")), qPrintable(job->error().message));
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(!QFile::exists(target(QStringLiteral("big.dat"))));
    QVERIFY(QFileInfo(target(QStringLiteral("big.dat.part"))).size() == 0); // discarded
    // Stopped within a few buffers, not after gigabytes.
    QVERIFY2(m_server->bytesServed() < 16 * expected, qPrintable(QString::number(m_server->bytesServed())));
    delete job;
}

void TestDownloadHostile::slowDripFailsInWords()
{
    // 10 bytes every 40 ms (250 B/s) of an announced 100 kB: "ETA 400 s", forever.
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", "100000"}});
        r.drip(QByteArray(10, 'd'), 40, 100000);
    });
    DownloadJob::Options o = m_fast;
    o.maxRetries = 2;
    o.minBytesPerWindow = 1000;
    o.slowWindowMs = 300;
    DownloadJob *job = newJob(QStringLiteral("drip.dat"));
    job->setOptions(o);
    QSignalSpy retrying(job, &DownloadJob::retrying);
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::Timeout);
    QCOMPARE(job->attempts(), 3); // the drip's bytes did not refill the retry budget
    QCOMPARE(m_server->requestCount(), 3);
    QVERIFY2(job->error().message.contains(QLatin1String("the minimum is 1000")), qPrintable(job->error().message));
    QCOMPARE(retrying.size(), 2);
    QVERIFY(!QFile::exists(target(QStringLiteral("drip.dat"))));
    delete job;
}

void TestDownloadHostile::fileDeadline()
{
    // Fast enough for the minimum-progress rule, too slow for the whole-file deadline.
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", "1000000"}});
        r.drip(QByteArray(1000, 'e'), 10, 1000000);
    });
    DownloadJob::Options o = m_fast;
    o.minBytesPerWindow = 100;
    o.slowWindowMs = 200;
    o.fileDeadlineMs = 500;
    DownloadJob *job = newJob(QStringLiteral("deadline.dat"));
    job->setOptions(o);
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::Timeout);
    QVERIFY2(job->error().message.contains(QLatin1String("per-file deadline")), qPrintable(job->error().message));
    QCOMPARE(job->attempts(), 1);
    QVERIFY(!QFile::exists(target(QStringLiteral("deadline.dat"))));
    delete job;
}

void TestDownloadHostile::existingTextFileUnderFitsNameIsReplaced()
{
    // A 36-byte text file where a FITS file should be, size not known: not "done".
    const QByteArray fitsBytes = readAll(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/resampled_hmi.fits"));
    QVERIFY(fitsBytes.size() > 2880);
    m_server->setHandler([fitsBytes](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, fitsBytes);
    });
    const QString path = target(QStringLiteral("m.fits"));
    QVERIFY(writeFile(path, "this is not a FITS file, 36 bytes..\n"));
    DownloadJob *job = newJob(QStringLiteral("m.fits"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QVERIFY(!job->wasSkipped());
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(readAll(path), fitsBytes);
    QVERIFY(fits::FitsFileCheck::verify(path).isSound());
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{QStringLiteral("m.fits")});
    delete job;
}

void TestDownloadHostile::existingFileOfUnknownSizeIsFetchedAgain()
{
    const QByteArray body = "the real contents\n";
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, body);
    });
    const QString path = target(QStringLiteral("notes.txt"));
    QVERIFY(writeFile(path, "an old file that happens to share the name\n"));
    DownloadJob *job = newJob(QStringLiteral("notes.txt"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QVERIFY(!job->wasSkipped());
    QCOMPARE(readAll(path), body);
    delete job;
    // With the size known and equal, the same non-FITS file is kept without a request.
    DownloadJob *again = newJob(QStringLiteral("notes.txt"));
    again->setExpectedSize(body.size());
    QVERIFY(runJob(again));
    QVERIFY(again->wasSkipped());
    QCOMPARE(m_server->requestCount(), 1);
    delete again;
}

void TestDownloadHostile::existingFitsOfUnknownSizeIsFetchedAgain()
{
    // Issue 11: a FITS file that merely parses is not "done" when no size of our own vouches for
    // it: one flipped data byte (no CHECKSUM) must not be reported as verified without a request.
    const QByteArray good = fitsSample();
    const QByteArray wrong = flippedFitsSample();
    QVERIFY(fits::FitsFileCheck::verify(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/resampled_hmi.fits")).isSound());
    m_server->setHandler([good](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, good);
    });
    const QString path = target(QStringLiteral("file000.fits"));
    QVERIFY(writeFile(path, wrong));
    QVERIFY(fits::FitsFileCheck::verify(path).isSound()); // the structure cannot tell
    DownloadJob *job = newJob(QStringLiteral("file000.fits"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QVERIFY(!job->wasSkipped());
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(readAll(path) == good);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{QStringLiteral("file000.fits")});
    delete job;
}

void TestDownloadHostile::existingSoundFitsOfRecordedSizeIsKept()
{
    // The restart rule: our own record of the size (an earlier completed download) and a sound
    // FITS structure: kept without a request.
    const QString path = target(QStringLiteral("k.fits"));
    QVERIFY(QFile::copy(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/resampled_hmi.fits"), path));
    DownloadJob *job = newJob(QStringLiteral("k.fits"));
    job->setExpectedSize(QFileInfo(path).size());
    QVERIFY(runJob(job));
    QVERIFY(!job->error().isError());
    QVERIFY(job->wasSkipped());
    QCOMPARE(m_server->requestCount(), 0);
    delete job;
}

void TestDownloadHostile::sameSizeOtherBytesReplacedByVerifiedDownload_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("old");
    QTest::addColumn<QByteArray>("served");
    QTest::newRow("text") << QStringLiteral("a.txt") << QByteArray("OLD-wrong--bytes!\n")
                          << QByteArray("NEW-correct-bytes\n");
    QTest::newRow("fits") << QStringLiteral("b.fits") << flippedFitsSample() << fitsSample();
}

void TestDownloadHostile::sameSizeOtherBytesReplacedByVerifiedDownload()
{
    // The fetched bytes verified: they replace the old file of the same size, never the reverse.
    QFETCH(QString, name);
    QFETCH(QByteArray, old);
    QFETCH(QByteArray, served);
    QCOMPARE(old.size(), served.size());
    QVERIFY(old != served);
    m_server->setHandler([served](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, served);
    });
    const QString path = target(name);
    QVERIFY(writeFile(path, old));
    DownloadJob *job = newJob(name);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(readAll(path) == served);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{name});
    delete job;
}

void TestDownloadHostile::endlessBodyOfUnknownSizeStoppedAtTheExportCap()
{
    // No Content-Length, no expected size, a body without end: stopped at what the export can
    // hold (a 1 MB export: 16 MiB), not when the disk is full.
    QCOMPARE(DownloadJob::maxBytesForExport(1), qint64(16) << 20);
    QCOMPARE(DownloadJob::maxBytesForExport(100), qint64(200) << 20);
    QCOMPARE(DownloadJob::maxBytesForExport(-1), DownloadJob::kFallbackMaxBytes);
    QCOMPARE(DownloadJob::maxBytesForExport(0), DownloadJob::kFallbackMaxBytes);
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"ETag", kEtag}, {"Connection", "close"}});
        r.stream(-1, 'z');
    });
    const qint64 cap = DownloadJob::maxBytesForExport(1);
    DownloadJob *job = newJob(QStringLiteral("endless.dat"));
    job->setMaxBytes(cap, QStringLiteral("what this export's 1 MB can hold"));
    QVERIFY(runJob(job, 30000));
    QCOMPARE(job->error().kind, DownloadError::Kind::SizeMismatch);
    QVERIFY2(job->error().message.contains(QLatin1String("more than what this export's 1 MB can hold")),
             qPrintable(job->error().message));
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(!QFile::exists(target(QStringLiteral("endless.dat"))));
    QCOMPARE(QFileInfo(target(QStringLiteral("endless.dat.part"))).size(), 0); // discarded
    // Stopped at once: what the server could hand over beyond the cap is only what the buffers
    // between the two hold (the job's 8 MiB read-ahead, both kernel socket buffers at their
    // largest, the server's 256 KiB), not a body without end. A fixed 2 × cap failed on a loaded
    // machine, where the kernel's loopback buffers grow to several MB.
    const qint64 inFlight = (qint64(8) << 20) + largestSocketBuffer("tcp_rmem") + largestSocketBuffer("tcp_wmem") + (256 << 10);
    QVERIFY2(m_server->bytesServed() <= cap + inFlight,
             qPrintable(QStringLiteral("%1 served, cap %2, buffers %3").arg(m_server->bytesServed()).arg(cap).arg(inFlight)));
    delete job;
}

void TestDownloadHostile::managerCapsFilesByTheExportSize()
{
    // The export's size JSOC announced reaches each of its files through the queue.
    m_server->setHandler([](const ScriptedHttpServer::Request &, ScriptedHttpServer::Reply &r) {
        r.sendHead(200, {{"ETag", kEtag}, {"Connection", "close"}});
        r.stream(-1, 'z');
    });
    ExportQueue queue;
    QVERIFY(queue.open(m_dir->filePath(QStringLiteral("queue.sqlite"))));
    ExportRequestOptions opt;
    opt.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI]");
    opt.notify = QStringLiteral("downloads@example.com");
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const qint64 exportId = queue.add(opt, out);
    QVERIFY(exportId > 0);
    auto entry = queue.entry(exportId);
    QVERIFY(entry);
    entry->sizeMb = 2;
    QVERIFY(queue.update(*entry));
    DownloadItem d;
    d.exportId = exportId;
    d.url = m_server->url();
    d.url.setPath(QStringLiteral("/endless.fits"));
    d.fileName = QStringLiteral("endless.fits");
    d.folder = out;
    QVERIFY(queue.addDownload(d) > 0);
    QCOMPARE(queue.downloads(exportId).value(0).exportSizeMb, 2);
    DownloadManager manager;
    manager.setJobOptions(m_fast);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    manager.attachQueue(&queue, exportId);
    QVERIFY(finished.wait(30000));
    const DownloadItem item = finished.at(0).at(0).value<DownloadItem>();
    QCOMPARE(item.state, DownloadItem::State::Failed);
    QVERIFY2(item.error.contains(QLatin1String("more than what this export's 2 MB can hold")), qPrintable(item.error));
    // The 16 MiB cap, plus what may wait between the socket and the job (the reply's 8 MiB
    // read-ahead, the kernel's loopback buffers): bounded even when the client is slow to read.
    QVERIFY2(m_server->bytesServed() < (qint64(40) << 20), qPrintable(QString::number(m_server->bytesServed())));
    QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("endless.fits"))));
}

void TestDownloadHostile::corruptFitsIsNotVerified()
{
    // A FITS file whose last data block is missing, served with an honest Content-Length:
    // the size matches the announcement, the structure does not. Served twice: never "done".
    QByteArray bytes = readAll(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/resampled_hmi.fits"));
    bytes.chop(2880);
    m_server->setHandler([bytes](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, bytes);
    });
    const QString path = target(QStringLiteral("bad.fits"));
    QVERIFY(fits::FitsFileCheck::verify(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/resampled_hmi.fits")).isSound());
    DownloadJob *job = newJob(QStringLiteral("bad.fits"));
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::NotVerified);
    QVERIFY2(job->error().message.contains(QLatin1String("not a sound FITS file")), qPrintable(job->error().message));
    QCOMPARE(m_server->requestCount(), 2);
    QVERIFY(!QFile::exists(path));
    delete job;
}

void TestDownloadHostile::stalePartWithoutIdentityStartsOver()
{
    // 500 bytes of another export's file under the same name, no identity beside them.
    const QByteArray body = QByteArray(800, 'n');
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, body);
    });
    QVERIFY(writeFile(target(QStringLiteral("s.dat.part")), QByteArray(500, 'o')));
    DownloadJob *job = newJob(QStringLiteral("s.dat"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(readAll(target(QStringLiteral("s.dat"))), body); // not 500 'o' + 300 'n'
    QCOMPARE(m_server->requests().at(0).header("range"), QByteArray());
    QVERIFY(!QFile::exists(DownloadJob::identityPathFor(target(QStringLiteral("s.dat")))));
    delete job;
}

void TestDownloadHostile::stalePartOfAnotherOwnerStartsOver()
{
    const QByteArray body = QByteArray(800, 'n');
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, body);
    });
    const QString path = target(QStringLiteral("o.dat"));
    QVERIFY(writeFile(path + QLatin1String(".part"), QByteArray(500, 'o')));
    PartFileIdentity other;
    QUrl url = m_server->url();
    url.setPath(QStringLiteral("/f"));
    other.url = url.toString();
    other.owner = QStringLiteral("export 1 download 7");
    other.validator = kEtag; // even the same validator: the bytes belong to another export
    QVERIFY(other.write(DownloadJob::identityPathFor(path), nullptr));
    DownloadJob *job = newJob(QStringLiteral("o.dat"));
    job->setOwner(QStringLiteral("export 2 download 9"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(readAll(path), body);
    QCOMPARE(m_server->requests().at(0).header("range"), QByteArray());
    delete job;
}

void TestDownloadHostile::ownPartResumesWithIfRange()
{
    const QByteArray body = QByteArray(300, 'p') + QByteArray(500, 'q');
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, body);
    });
    const QString path = target(QStringLiteral("r.dat"));
    QVERIFY(writeFile(path + QLatin1String(".part"), body.left(300)));
    PartFileIdentity mine;
    QUrl url = m_server->url();
    url.setPath(QStringLiteral("/f"));
    mine.url = url.toString();
    mine.owner = QStringLiteral("export 2 download 9");
    mine.validator = kEtag;
    mine.totalSize = body.size();
    QVERIFY(mine.write(DownloadJob::identityPathFor(path), nullptr));
    DownloadJob *job = newJob(QStringLiteral("r.dat"));
    job->setOwner(mine.owner);
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(m_server->requests().at(0).header("range"), QByteArray("bytes=300-"));
    QCOMPARE(m_server->requests().at(0).header("if-range"), kEtag);
    QCOMPARE(job->bytesTransferred(), 500);
    QCOMPARE(readAll(path), body);
    QVERIFY(!QFile::exists(DownloadJob::identityPathFor(path)));
    delete job;
}

void TestDownloadHostile::lockHeldWaitsThenFailsInWords()
{
    m_server->setHandler([](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, "x");
    });
    const QString path = target(QStringLiteral("l.dat"));
    QLockFile other(DownloadJob::lockPathFor(path)); // "another process" (its pid is ours, and alive)
    QVERIFY(other.tryLock(0));
    DownloadJob::Options o = m_fast;
    o.lockWaitMs = 300;
    DownloadJob *job = newJob(QStringLiteral("l.dat"));
    job->setOptions(o);
    QSignalSpy waiting(job, &DownloadJob::waitingForLock);
    QVERIFY(runJob(job));
    QCOMPARE(job->error().kind, DownloadError::Kind::Busy);
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY2(job->error().message.contains(QStringLiteral("pid ") + pid), qPrintable(job->error().message));
    QCOMPARE(waiting.size(), 1);
    QVERIFY(waiting.at(0).at(0).toString().contains(QSysInfo::machineHostName()));
    QCOMPARE(m_server->requestCount(), 0);
    QVERIFY(!QFile::exists(path));
    delete job;
}

void TestDownloadHostile::lockReleasedWhileWaitingThenKeepsTheirFile()
{
    const QByteArray body = "their finished bytes\n";
    m_server->setHandler([](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, "other bytes that must not replace theirs\n");
    });
    const QString path = target(QStringLiteral("t.dat"));
    auto other = std::make_unique<QLockFile>(DownloadJob::lockPathFor(path));
    QVERIFY(other->tryLock(0));
    DownloadJob *job = newJob(QStringLiteral("t.dat"));
    job->setExpectedSize(body.size());
    QSignalSpy waiting(job, &DownloadJob::waitingForLock);
    QSignalSpy done(job, &DownloadJob::finished);
    job->start();
    QVERIFY(waiting.size() == 1 || waiting.wait(5000));
    // The other process finishes: its verified file appears, then it unlocks.
    QVERIFY(writeFile(path, body));
    other.reset();
    QVERIFY(done.wait(5000));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QVERIFY(job->wasSkipped());
    QCOMPARE(readAll(path), body);
    QCOMPARE(m_server->requestCount(), 0);
    delete job;
}

void TestDownloadHostile::fileOfUnknownSizePlacedWhileWaitingIsKept()
{
    // Two runs of a fresh export (no size known): the second waits for the first, whose verified
    // file is renamed into place while the second waits. That file is kept, not fetched again; a
    // wrong file that was there before the wait would not be (existingFitsOfUnknownSizeIsFetchedAgain).
    m_server->setHandler([](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, fitsSample());
    });
    const QString path = target(QStringLiteral("w.fits"));
    QVERIFY(writeFile(path, flippedFitsSample())); // an old file, there before the wait
    auto other = std::make_unique<QLockFile>(DownloadJob::lockPathFor(path));
    QVERIFY(other->tryLock(0));
    DownloadJob *job = newJob(QStringLiteral("w.fits"));
    QSignalSpy waiting(job, &DownloadJob::waitingForLock);
    QSignalSpy done(job, &DownloadJob::finished);
    job->start();
    QVERIFY(waiting.size() == 1 || waiting.wait(5000));
    // The other run renames its verified file over the old one, then unlocks.
    QVERIFY(writeFile(path + QLatin1String(".other"), fitsSample()));
    QVERIFY(::rename(QFile::encodeName(path + QLatin1String(".other")).constData(), QFile::encodeName(path).constData()) == 0);
    other.reset();
    QVERIFY(done.wait(5000));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QVERIFY(job->wasSkipped());
    QCOMPARE(m_server->requestCount(), 0);
    QVERIFY(readAll(path) == fitsSample());
    delete job;
}

void TestDownloadHostile::staleLockOfDeadProcessTakenOver()
{
    const QByteArray body = "fresh\n";
    m_server->setHandler([body](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, body);
    });
    // A process that has exited: its pid is free (or reused by something unrelated).
    QProcess dead;
    dead.start(QStringLiteral("/bin/true"));
    QVERIFY(dead.waitForStarted(5000));
    const qint64 pid = dead.processId();
    QVERIFY(dead.waitForFinished(5000));
    QVERIFY(pid > 0);
    // QLockFile's format: pid, program, host, one per line.
    const QString path = target(QStringLiteral("d.dat"));
    QVERIFY(writeFile(DownloadJob::lockPathFor(path),
                      QByteArray::number(pid) + "\njsoc-cli\n" + QSysInfo::machineHostName().toUtf8() + "\n"));
    DownloadJob *job = newJob(QStringLiteral("d.dat"));
    QVERIFY(runJob(job));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
    QCOMPARE(readAll(path), body);
    QVERIFY(!QFile::exists(DownloadJob::lockPathFor(path)));
    delete job;
}

void TestDownloadHostile::fullDiskSaysSo()
{
    if (getuid() != 0)
        QSKIP("needs root to mount a small tmpfs");
    const QString folder = m_dir->filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(folder));
    if (mount("tmpfs", QFile::encodeName(folder).constData(), "tmpfs", 0, "size=64k") != 0)
        QSKIP("cannot mount a tmpfs here");
    m_mounted = folder;
    m_server->setHandler([](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        serveHonestly(rq, r, QByteArray(300000, 'f'));
    });
    QUrl url = m_server->url();
    url.setPath(QStringLiteral("/f"));
    const QString path = folder + QLatin1String("/full.dat");
    DownloadJob job(&m_nam, url, path);
    job.setOptions(m_fast);
    QVERIFY(runJob(&job));
    QCOMPARE(job.error().kind, DownloadError::Kind::LocalFile);
    QVERIFY2(job.error().message.contains(QLatin1String("the disk is full")), qPrintable(job.error().message));
    QVERIFY(!job.error().message.contains(QLatin1String("Unknown error")));
    QVERIFY(!QFile::exists(path));
}

// Below minResumableBytes no identity file is written (a .part of a small file left by a killed
// run is fetched again); a cut transfer still resumes with Range within the running job.
void TestDownloadHostile::smallFileHasNoIdentityYetResumesWithinTheJob()
{
    const QByteArray body = QByteArray(400, 'a') + QByteArray(600, 'b');
    for (const qint64 minResumable : {qint64(256 * 1024), qint64(0)}) {
        const QString name = QStringLiteral("small%1.dat").arg(minResumable);
        const QString identity = DownloadJob::identityPathFor(target(name));
        QList<bool> identityAtRequest;
        m_server->setHandler([&](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
            identityAtRequest.append(QFile::exists(identity));
            if (rq.header("range").isEmpty()) { // the first answer is cut after 400 bytes
                r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", QByteArray::number(body.size())}});
                r.send(body.left(400));
                r.close();
                return;
            }
            serveHonestly(rq, r, body);
        });
        const int before = m_server->requestCount();
        DownloadJob::Options o = m_fast;
        o.minResumableBytes = minResumable;
        DownloadJob *job = newJob(name);
        job->setOptions(o);
        QVERIFY(runJob(job));
        QVERIFY2(!job->error().isError(), qPrintable(job->error().message));
        QCOMPARE(readAll(target(name)), body);
        QCOMPARE(m_server->requests().at(before + 1).header("range"), QByteArray("bytes=400-"));
        QCOMPARE(identityAtRequest, QList<bool>({false, minResumable == 0}));
        QVERIFY(!QFile::exists(identity)); // removed with the completed file
        delete job;
    }
}

namespace {

// A body large enough to get an identity file (Options::minResumableBytes is lowered to 1 KiB).
QByteArray resumableBody()
{
    QByteArray body;
    for (int i = 0; body.size() < 40000; ++i)
        body += QByteArray::number(i) + ' ';
    return body;
}

// Sends the header and the first `half` bytes of `body`, then holds the connection open (the
// download sits there until it is cancelled).
void sendHalfAndHold(ScriptedHttpServer::Reply &r, const QByteArray &body, qint64 half)
{
    r.sendHead(200, {{"ETag", kEtag}, {"Content-Length", QByteArray::number(body.size())}});
    r.send(body.left(half));
}

DownloadItem managerItem(const QUrl &base, const QString &folder)
{
    DownloadItem item;
    item.id = 31;
    item.exportId = 4;
    item.url = base;
    item.url.setPath(QStringLiteral("/big.dat"));
    item.fileName = QStringLiteral("big.dat");
    item.folder = folder;
    return item;
}

} // namespace

void TestDownloadHostile::cancelledThenResumedAgainstALyingRange()
{
    // The resume asks for the missing bytes; the server answers 206 but from byte 0 (a lie about
    // the range). Those bytes are not appended: the download starts over and ends byte-exact.
    const QByteArray body = resumableBody();
    const qint64 half = body.size() / 2;
    m_server->setHandler([body, half](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        if (rq.index == 0) {
            sendHalfAndHold(r, body, half);
        } else if (rq.index == 1) {
            r.sendHead(206, {{"ETag", kEtag},
                             {"Content-Range", "bytes 0-" + QByteArray::number(body.size() - 1) + '/' + QByteArray::number(body.size())},
                             {"Content-Length", QByteArray::number(body.size())}},
                       "Partial Content");
            r.send(body);
        } else {
            serveHonestly(rq, r, body);
        }
    });
    DownloadJob::Options o = m_fast;
    o.minResumableBytes = 1024;
    DownloadManager manager;
    manager.setJobOptions(o);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    const DownloadItem item = managerItem(m_server->url(), m_dir->path());
    manager.enqueue(item);
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(item.partPath()).size(), half, 10000);
    manager.cancel(item.id);
    QCOMPARE(manager.item(item.id).state, DownloadItem::State::Cancelled);
    QVERIFY(!QFile::exists(item.targetPath())); // half a file never bears the final name
    QCOMPARE(readAll(item.partPath()), body.left(half));

    manager.resume(item.id);
    QVERIFY(finished.wait(15000));
    const DownloadItem done = manager.item(item.id);
    QVERIFY2(done.state == DownloadItem::State::Done, qPrintable(done.error));
    QCOMPARE(readAll(item.targetPath()), body);
    const QList<ScriptedHttpServer::Request> seen = m_server->requests();
    QVERIFY(seen.size() >= 3);
    QCOMPARE(seen.at(1).header("range"), "bytes=" + QByteArray::number(half) + '-');
    QCOMPARE(seen.at(1).header("if-range"), kEtag);
    QVERIFY(!QFile::exists(item.partPath()));
}

void TestDownloadHostile::cancelledPartWithJunkIdentityStartsOver()
{
    // Between the cancel and the resume the identity file beside the .part turned to junk (a
    // crash, a disk error, someone's editor): nothing vouches for those bytes, so they are not
    // resumed; the whole file is fetched again without a Range.
    const QByteArray body = resumableBody();
    const qint64 half = body.size() / 3;
    m_server->setHandler([body, half](const ScriptedHttpServer::Request &rq, ScriptedHttpServer::Reply &r) {
        if (rq.index == 0)
            sendHalfAndHold(r, body, half);
        else
            serveHonestly(rq, r, body);
    });
    DownloadJob::Options o = m_fast;
    o.minResumableBytes = 1024;
    DownloadManager manager;
    manager.setJobOptions(o);
    QSignalSpy finished(&manager, &DownloadManager::itemFinished);
    const DownloadItem item = managerItem(m_server->url(), m_dir->path());
    manager.enqueue(item);
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(item.partPath()).size(), half, 10000);
    manager.cancel(item.id);
    const QString identity = DownloadJob::identityPathFor(item.targetPath());
    QVERIFY(QFile::exists(identity));
    QVERIFY(writeFile(identity, QByteArray("{\"url\": 12, \0\xff junk", 18)));
    manager.retry(item.id);
    QVERIFY(finished.wait(15000));
    const DownloadItem done = manager.item(item.id);
    QVERIFY2(done.state == DownloadItem::State::Done, qPrintable(done.error));
    QCOMPARE(readAll(item.targetPath()), body);
    QCOMPARE(m_server->requestCount(), 2);
    QVERIFY(m_server->requests().at(1).header("range").isEmpty());
}

QTEST_GUILESS_MAIN(TestDownloadHostile)
#include "tst_download_hostile.moc"
