#include "network/DownloadJob.h"

#include "network/NetworkLog.h"

#include "model/fitsfile/VisibleText.h"

#include <QDir>
#include <QFutureWatcher>
#include <QtConcurrentRun>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSysInfo>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

namespace jsoc {
namespace {

// At most this much of a body waits in memory between the socket and the .part file.
constexpr qint64 kReadAheadBytes = 8 * 1024 * 1024;

struct ContentRange {
    bool valid = false;
    qint64 first = -1, last = -1, total = -1; // total -1 for "*"
};

// "bytes 100-199/200" or "bytes */200".
ContentRange parseContentRange(const QByteArray &value)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$)"));
    const auto m = re.match(QString::fromLatin1(value));
    ContentRange r;
    if (!m.hasMatch())
        return r;
    r.valid = true;
    if (!m.captured(1).isEmpty()) {
        r.first = m.captured(1).toLongLong();
        r.last = m.captured(2).toLongLong();
    }
    if (m.captured(3) != QLatin1String("*"))
        r.total = m.captured(3).toLongLong();
    return r;
}

// The strong validator of a reply: ETag unless weak (not allowed in If-Range), else Last-Modified.
QByteArray validatorOf(const QNetworkReply *reply)
{
    QByteArray validator = reply->rawHeader("ETag");
    if (validator.isEmpty() || validator.startsWith("W/"))
        validator = reply->rawHeader("Last-Modified");
    return validator;
}

// write(2) until everything is written; 0 on success, else the errno (0 never: a short write
// with no errno is retried, and the retry reports why the disk refused).
int writeAll(int fd, const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == 0 ? EIO : errno;
        }
        if (n == 0)
            return ENOSPC;
        data += n;
        size -= n;
    }
    return 0;
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'g', 4);
}

// The kind of a failure in a log line.
QString kindName(DownloadError::Kind kind)
{
    switch (kind) {
    case DownloadError::Kind::None: return QStringLiteral("none");
    case DownloadError::Kind::Network: return QStringLiteral("network");
    case DownloadError::Kind::Timeout: return QStringLiteral("timeout");
    case DownloadError::Kind::Http: return QStringLiteral("http");
    case DownloadError::Kind::SizeMismatch: return QStringLiteral("size-mismatch");
    case DownloadError::Kind::NotVerified: return QStringLiteral("not-verified");
    case DownloadError::Kind::Busy: return QStringLiteral("busy");
    case DownloadError::Kind::LocalFile: return QStringLiteral("local-file");
    case DownloadError::Kind::UnsafeName: return QStringLiteral("unsafe-name");
    case DownloadError::Kind::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

// How a finished download is logged.
void logOutcome(const QString &target, const DownloadError &error, int attempts, qint64 received, bool skipped)
{
    if (!error.isError()) {
        qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: done (%2 bytes, %3 attempt(s)%4)")
                                            .arg(target, QString::number(received), QString::number(attempts),
                                                 skipped ? QStringLiteral(", kept from disk") : QString());
        return;
    }
    const QString line = QStringLiteral("download %1 failed (%2) after %3 attempt(s): %4")
                             .arg(target, kindName(error.kind), QString::number(attempts), fits::visibleText(error.message));
    // A pause is the user's choice; everything else leaves a file missing.
    if (error.kind == DownloadError::Kind::Cancelled)
        qCDebug(lcNetwork).noquote() << line;
    else
        qCWarning(lcNetwork).noquote() << line;
}

} // namespace

DownloadJob::DownloadJob(QNetworkAccessManager *manager, const QUrl &url, const QString &targetPath, QObject *parent)
    : QObject(parent), m_manager(manager), m_url(url), m_targetPath(targetPath)
{
    m_part.setFileName(partPath());
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &DownloadJob::attempt);
    m_lockTimer.setSingleShot(true);
    connect(&m_lockTimer, &QTimer::timeout, this, &DownloadJob::tryLock);
    connect(&m_slowTimer, &QTimer::timeout, this, &DownloadJob::onSlowCheck);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &DownloadJob::onDeadline);
}

DownloadJob::~DownloadJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    // m_lock's destructor releases the lock.
}

qint64 DownloadJob::maxBytesForExport(qint64 exportSizeMb)
{
    if (exportSizeMb <= 0 || exportSizeMb > (kFallbackMaxBytes >> 21))
        return kFallbackMaxBytes;
    return std::max<qint64>(2 * (exportSizeMb << 20), qint64(16) << 20);
}

DownloadJob::TargetStamp DownloadJob::TargetStamp::of(const QString &path)
{
    TargetStamp t;
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return t;
    t.exists = true;
    t.inode = st.st_ino;
    t.size = st.st_size;
    t.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return t;
}

void DownloadJob::removePartFiles(const QString &target)
{
    QFile::remove(partPathFor(target));
    QFile::remove(identityPathFor(target));
}

DownloadError DownloadJob::localError(const QString &what) const
{
    return DownloadError::make(DownloadError::Kind::LocalFile,
                               QStringLiteral("%1. The download is paused: free some disk space or choose a "
                                              "writable download folder, then resume.").arg(what));
}

void DownloadJob::start()
{
    if (m_finished || m_cancelled)
        return; // cancelled before it started: finished() is already on its way
    m_retriesLeft = m_options.maxRetries;
    const QString folder = QFileInfo(m_targetPath).absolutePath();
    // One stat when the folder exists (the usual case: every file of an export goes into one folder).
    if (!QFileInfo(folder).isDir() && (!QDir().mkpath(folder) || !QFileInfo(folder).isDir())) {
        finish(localError(QStringLiteral("Cannot create the download folder %1").arg(folder)));
        return;
    }
    m_lock = std::make_unique<QLockFile>(lockPathFor(m_targetPath));
    // Never stale by age: a long download keeps its lock for hours. A dead owner on this host is
    // still detected (pid) and its lock taken over.
    m_lock->setStaleLockTime(0);
    m_lockWait.start();
    m_stampBeforeWait = TargetStamp::of(m_targetPath);
    tryLock();
}

void DownloadJob::tryLock()
{
    if (m_finished || m_cancelled)
        return;
    if (m_lock->tryLock(0)) {
        begin();
        return;
    }
    if (m_lock->error() != QLockFile::LockFailedError) {
        const int err = errno;
        finish(localError(QStringLiteral("Cannot create the lock file %1 (%2)")
                              .arg(lockPathFor(m_targetPath),
                                   m_lock->error() == QLockFile::PermissionError ? fileErrorWords(EACCES)
                                                                                 : fileErrorWords(err))));
        return;
    }
    qint64 pid = 0;
    QString host, app;
    QString who = QStringLiteral("another program");
    if (m_lock->getLockInfo(&pid, &host, &app)) {
        // The lock names the application (jsoc-cli and the GUI share one); the process itself
        // says which program it is, when it runs here.
        if (host == QSysInfo::machineHostName()) {
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            if (comm.open(QIODevice::ReadOnly)) {
                const QString program = QString::fromUtf8(comm.readAll()).trimmed();
                if (!program.isEmpty())
                    app = program;
            }
        }
        who = QStringLiteral("%1 (pid %2 on %3)")
                  .arg(app.isEmpty() ? QStringLiteral("another program") : app)
                  .arg(pid)
                  .arg(host.isEmpty() ? QStringLiteral("this computer") : host);
    }
    const QString name = QFileInfo(m_targetPath).fileName();
    if (m_lockWait.elapsed() >= m_options.lockWaitMs) {
        finish(DownloadError::make(DownloadError::Kind::Busy,
                                   QStringLiteral("%1 has been downloading %2 into the same folder for more than %3 s; "
                                                  "run again when it has finished (its lock is %4).")
                                       .arg(who, name, seconds(m_options.lockWaitMs), lockPathFor(m_targetPath))));
        return;
    }
    const QString message = QStringLiteral("%1 is downloading %2 into the same folder; waiting for it to finish")
                                .arg(who, name);
    if (message != m_lockMessage) {
        qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: waiting for its lock, held by %2").arg(m_targetPath, who);
        m_lockMessage = message;
        m_lockHolder = who;
        emit waitingForLock(message);
    }
    m_lockTimer.start(std::max(1, m_options.lockPollMs));
}

// Holding the lock: no other process writes the .part or renames over the target until we finish.
void DownloadJob::begin()
{
    const QFileInfo target(m_targetPath);
    if (target.exists() && target.isFile()) {
        // An existing file is kept only when it verifies against a size from our own record (the
        // queue row of an earlier download of this URL), or when another holder of this lock put it
        // there while we waited (our programs rename only verified bytes into place). A file of
        // unknown size that merely parses as FITS proves nothing about its data bytes.
        const bool placedWhileWaiting = !m_lockMessage.isEmpty() && TargetStamp::of(m_targetPath) != m_stampBeforeWait;
        if (m_expectedSize >= 0 || placedWhileWaiting) {
            verifyThen(m_targetPath, m_expectedSize, placedWhileWaiting, [this](const DownloadVerification &check) {
                qCDebug(lcNetwork).noquote()
                    << (check.verified ? QStringLiteral("download %1: already here and verified; kept").arg(m_targetPath)
                                       : QStringLiteral("download %1: already here but %2; fetching it again")
                                             .arg(m_targetPath, fits::visibleText(check.problem)));
                if (!check.verified) {
                    openPart(); // not trusted, not deleted either: replaced only by a file that verifies
                    return;
                }
                m_skipped = true;
                m_received = m_total = QFileInfo(m_targetPath).size();
                finish({});
            });
            return;
        }
        // Not trusted, not deleted either: it is replaced only by a file that verifies (complete()).
    }
    openPart();
}

void DownloadJob::openPart()
{
    // Unbuffered: every body chunk goes to the file in one write(2), no extra copy into QFile's buffer.
    if (!m_part.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        finish(localError(QStringLiteral("Cannot write %1 (%2)").arg(partPath(), m_part.errorString())));
        return;
    }
    if (m_part.size() > 0) {
        const auto stored = PartFileIdentity::read(identityPathFor(m_targetPath));
        PartFileIdentity wanted;
        wanted.url = m_url.toString();
        wanted.owner = m_owner;
        wanted.totalSize = m_expectedSize;
        const bool ours = stored && stored->sameFileAs(wanted) && !stored->validator.isEmpty()
            && (stored->totalSize < 0 || m_part.size() <= stored->totalSize)
            && (m_expectedSize < 0 || m_part.size() <= m_expectedSize);
        if (ours) {
            m_validator = stored->validator;
            m_total = stored->totalSize;
            m_identityOnDisk = true;
        } else if (!truncatePart()) {
            return;
        }
    }
    if (m_part.size() == 0) {
        m_validator.clear(); // nothing to resume: a fresh validator comes with the reply
        QFile::remove(identityPathFor(m_targetPath));
    }
    m_received = m_part.size();
    m_highWater = m_received;
    if (m_options.fileDeadlineMs > 0)
        m_deadlineTimer.start(int(std::min<qint64>(m_options.fileDeadlineMs, INT_MAX)));
    attempt();
}

void DownloadJob::attempt()
{
    if (m_finished || m_cancelled)
        return;
    if (!m_manager) {
        finish(DownloadError::make(DownloadError::Kind::Network, QStringLiteral("The network manager is gone.")));
        return;
    }
    m_attemptStart = m_part.size();
    m_received = m_attemptStart;
    if (m_attemptStart > 0 && m_validator.isEmpty() && !truncatePart())
        return; // never a Range without If-Range: the server's file may have changed
    m_attemptStart = m_part.size();
    if (!m_part.seek(m_attemptStart)) {
        finish(localError(QStringLiteral("Cannot write %1 (%2)").arg(partPath(), m_part.errorString())));
        return;
    }
    QNetworkRequest request(m_url);
    request.setRawHeader("User-Agent", JSOC_USER_AGENT);
    // Offsets must be file bytes, not bytes of a compressed transfer encoding.
    request.setRawHeader("Accept-Encoding", "identity");
    if (m_attemptStart > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_attemptStart) + '-');
        request.setRawHeader("If-Range", m_validator);
    }
    request.setTransferTimeout(m_options.transferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_headersHandled = false;
    m_restart = false;
    m_discard = false;
    m_pendingError = {};
    m_slowReason.clear();
    ++m_attempts;
    qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: GET %2 %3 (attempt %4)")
                                        .arg(m_targetPath, urlForLog(m_url),
                                             m_attemptStart > 0 ? QStringLiteral("resuming at byte %1").arg(m_attemptStart)
                                                                : QStringLiteral("from the start"),
                                             QString::number(m_attempts));
    m_reply = m_manager->get(request);
    // Qt's HTTP thread otherwise reads ahead without bound: with a busy GUI thread or a slow disk,
    // a fast server could fill memory (and sail past a byte cap) before onReadyRead sees a byte.
    m_reply->setReadBufferSize(kReadAheadBytes);
    connect(m_reply, &QNetworkReply::readyRead, this, &DownloadJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &DownloadJob::onReplyFinished);
    m_windowStart = m_transferred;
    if (m_options.minBytesPerWindow > 0 && m_options.slowWindowMs > 0)
        m_slowTimer.start(m_options.slowWindowMs);
}

void DownloadJob::abortWith(const DownloadError &error)
{
    m_pendingError = error;
    if (m_reply)
        m_reply->abort();
}

// Decides what the body means. False when the reply was aborted (restart or error).
bool DownloadJob::handleHeaders()
{
    m_headersHandled = true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return true; // error bodies are drained and ignored; onReplyFinished decides
    const QByteArray validator = validatorOf(m_reply);
    if (status == 206) {
        const ContentRange range = parseContentRange(m_reply->rawHeader("Content-Range"));
        // Same start, same whole size, same version of the file: only then do the bytes continue ours.
        const bool continues = range.valid && range.first == m_attemptStart && m_attemptStart > 0
            && (m_total < 0 || range.total < 0 || range.total == m_total)
            && (validator.isEmpty() || validator == m_validator);
        if (!continues) {
            qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: HTTP 206 '%2' does not continue the %3 bytes held")
                                                .arg(m_targetPath, QString::fromLatin1(m_reply->rawHeader("Content-Range")),
                                                     QString::number(m_attemptStart));
            m_restart = true;
            m_reply->abort();
            return false;
        }
        m_total = range.total;
    } else {
        // 200: the whole file (the range was ignored, or the file changed since).
        if (m_attemptStart > 0) {
            qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: HTTP 200 to a resume at byte %2; starting over")
                                                .arg(m_targetPath, QString::number(m_attemptStart));
            if (!validator.isEmpty() && validator == m_validator)
                m_rangeIgnored = true; // same file, yet no 206
            if (!truncatePart())
                return false;
        }
        m_attemptStart = 0;
        m_received = 0;
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        m_total = length.isValid() ? length.toLongLong() : -1;
        m_validator = validator;
        // Who these bytes belong to, on disk before the first of them. A small file is not worth
        // resuming after a restart: without an identity its .part is simply fetched again (begin()).
        const qint64 size = m_total >= 0 ? m_total : m_expectedSize;
        const bool small = size >= 0 && size < m_options.minResumableBytes;
        if (!small && !writeIdentity())
            return false;
    }
    if (m_expectedSize >= 0 && m_total >= 0 && m_total != m_expectedSize) {
        m_discard = true;
        abortWith(DownloadError::make(DownloadError::Kind::SizeMismatch,
                                      QStringLiteral("The server announces %1 bytes for %2 but %3 were expected; "
                                                     "nothing was kept.")
                                          .arg(QString::number(m_total), m_url.toString(), QString::number(m_expectedSize))));
        return false;
    }
    emit validatorChanged(m_validator);
    emit progress(m_received, m_total);
    return true;
}

bool DownloadJob::writeIdentity()
{
    PartFileIdentity identity;
    identity.url = m_url.toString();
    identity.owner = m_owner;
    identity.validator = m_validator;
    identity.totalSize = m_total;
    QString error;
    if (identity.write(identityPathFor(m_targetPath), &error)) {
        m_identityOnDisk = true;
        return true;
    }
    abortWith(localError(QStringLiteral("Cannot write %1 (%2)").arg(identityPathFor(m_targetPath), error)));
    return false;
}

void DownloadJob::onReadyRead()
{
    if (!m_reply)
        return;
    if (!m_headersHandled && !handleHeaders())
        return;
    if (!m_reply || !m_reply->isOpen())
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if ((status != 200 && status != 206) || m_pendingError.isError()) {
        m_reply->skip(m_reply->bytesAvailable()); // error bodies are drained and ignored
        return;
    }
    // The most bytes this file may have: what the server announced, else what we expect, else
    // what the export can hold (a body without end must not fill the disk).
    const qint64 announced = m_total >= 0 ? m_total : m_expectedSize;
    const qint64 limit = announced >= 0 ? announced : m_maxBytes;
    // Read into one reused buffer: readAll() allocated a fresh array per chunk, and its page
    // faults and copies cost more CPU than the socket itself (perf, loopback at 150+ MB/s).
    if (m_chunk.isEmpty())
        m_chunk.resize(kChunkBytes);
    qint64 total = 0;
    for (;;) {
        const qint64 n = m_reply->read(m_chunk.data(), m_chunk.size());
        if (n <= 0)
            break;
        if (limit >= 0 && m_received + total + n > limit) {
            m_discard = true;
            const QString what = announced >= 0 ? QStringLiteral("the %1 bytes it announced").arg(limit)
                : m_maxBytesWhat.isEmpty()      ? QStringLiteral("%1 bytes, the most a file of unknown size may have").arg(limit)
                                                : QStringLiteral("%1 (%2 bytes)").arg(m_maxBytesWhat).arg(limit);
            abortWith(DownloadError::make(DownloadError::Kind::SizeMismatch,
                                          QStringLiteral("The server sent more than %1 for %2; "
                                                         "the transfer was stopped and nothing was kept.")
                                              .arg(what, m_url.toString())));
            return;
        }
        if (const int err = writeAll(m_part.handle(), m_chunk.constData(), n)) {
            abortWith(localError(QStringLiteral("Cannot write %1: %2").arg(partPath(), fileErrorWords(err))));
            return;
        }
        total += n;
    }
    if (total == 0)
        return;
    m_received += total;
    m_transferred += total;
    emit progress(m_received, m_total);
}

void DownloadJob::onSlowCheck()
{
    if (!m_reply) {
        m_slowTimer.stop();
        return;
    }
    const qint64 moved = m_transferred - m_windowStart;
    m_windowStart = m_transferred;
    if (moved >= m_options.minBytesPerWindow)
        return;
    m_slowTimer.stop();
    m_slowReason = QStringLiteral("only %1 bytes arrived in %2 s (the minimum is %3)")
                       .arg(moved).arg(seconds(m_options.slowWindowMs)).arg(m_options.minBytesPerWindow);
    m_reply->abort();
}

void DownloadJob::onDeadline()
{
    if (m_finished)
        return;
    const DownloadError error = DownloadError::make(
        DownloadError::Kind::Timeout,
        QStringLiteral("Download of %1 did not finish within %2 s (the per-file deadline); %3 of %4 bytes are kept "
                       "in the partial file.")
            .arg(m_url.toString(), seconds(m_options.fileDeadlineMs))
            .arg(m_part.isOpen() ? m_part.size() : m_received)
            .arg(m_total));
    if (m_reply)
        abortWith(error);
    else
        finish(error);
}

void DownloadJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_slowTimer.stop();
    if (m_finished) { // failed locally while the reply was still running
        m_reply = nullptr;
        reply->disconnect(this);
        reply->deleteLater();
        return;
    }
    if (!m_headersHandled && reply->error() == QNetworkReply::NoError)
        onReadyRead();
    else if (m_headersHandled && !m_pendingError.isError() && !m_restart)
        onReadyRead(); // anything left in the buffer
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();

    if (m_cancelled) {
        finish(DownloadError::make(DownloadError::Kind::Cancelled, QStringLiteral("Paused by the user.")));
        return;
    }
    if (m_pendingError.isError()) {
        if (m_discard) {
            truncatePart();
            QFile::remove(identityPathFor(m_targetPath));
        }
        finish(m_pendingError);
        return;
    }
    if (m_restart) {
        restartFromZero(QStringLiteral("the server answered a different byte range or version of the file"));
        return;
    }
    const qint64 size = m_part.size();
    // Only bytes beyond the furthest point ever reached count as progress: a server that cuts
    // every transfer at the same byte (and ignores Range) must not keep the retries going.
    const bool gained = size > m_highWater && m_slowReason.isEmpty();
    m_highWater = std::max(m_highWater, size);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError netError = reply->error();
    auto noteCut = [this, size] {
        m_sameCutCount = size == m_lastCut ? m_sameCutCount + 1 : 1;
        m_lastCut = size;
    };
    if (!m_slowReason.isEmpty()) {
        m_error.kind = DownloadError::Kind::Timeout;
        retryLater(m_slowReason, false);
        return;
    }
    if (status == 416) {
        const ContentRange range = parseContentRange(reply->rawHeader("Content-Range"));
        if (range.valid && range.total >= 0 && range.total == size && (m_expectedSize < 0 || size == m_expectedSize)) {
            m_total = range.total; // the .part already holds the whole file
            complete();
        } else {
            restartFromZero(QStringLiteral("the partial file does not match the server's file"));
        }
        return;
    }
    if (status >= 400) {
        const QString reason = QStringLiteral("HTTP %1 %2").arg(status).arg(
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        if (status >= 500 || status == 408 || status == 429) {
            retryLater(reason, gained);
        } else {
            finish(DownloadError::make(DownloadError::Kind::Http,
                                       QStringLiteral("%1 for %2").arg(reason, m_url.toString()), status));
        }
        return;
    }
    if (netError != QNetworkReply::NoError) {
        // Qt 6.4 reports a transfer timeout as OperationCanceledError; our own cancel returned above.
        const bool timeout = netError == QNetworkReply::OperationCanceledError || netError == QNetworkReply::TimeoutError;
        QString reason = timeout ? QStringLiteral("no data for %1 s").arg(seconds(m_options.transferTimeoutMs))
                                 : reply->errorString();
        if (m_total >= 0 && size < m_total)
            reason += QStringLiteral(" after %1 of %2 bytes").arg(size).arg(m_total);
        m_error.kind = timeout ? DownloadError::Kind::Timeout : DownloadError::Kind::Network;
        noteCut();
        retryLater(reason, gained);
        return;
    }
    if (status != 200 && status != 206) {
        finish(DownloadError::make(DownloadError::Kind::Http,
                                   QStringLiteral("Unexpected HTTP status %1 for %2").arg(status).arg(m_url.toString()),
                                   status));
        return;
    }
    if (m_total >= 0 && size < m_total) {
        noteCut();
        retryLater(QStringLiteral("the connection ended after %1 of %2 bytes").arg(size).arg(m_total), gained);
        return;
    }
    if (m_total >= 0 && size > m_total) {
        restartFromZero(QStringLiteral("the partial file is longer than the server's file"));
        return;
    }
    complete();
}

QString DownloadJob::giveUpReason(const QString &lastReason) const
{
    if (!m_slowReason.isEmpty())
        return QStringLiteral("the transfer was too slow: %1").arg(lastReason);
    if (m_sameCutCount >= 2 && m_rangeIgnored)
        return QStringLiteral("the server cut the transfer at byte %1 %2 times and ignores resume requests (Range)")
            .arg(m_lastCut).arg(m_sameCutCount);
    if (m_sameCutCount >= 2)
        return QStringLiteral("the server cut the transfer at byte %1 %2 times in a row (last: %3)")
            .arg(m_lastCut).arg(m_sameCutCount).arg(lastReason);
    return lastReason;
}

void DownloadJob::retryLater(const QString &reason, bool gainedBytes)
{
    if (gainedBytes)
        m_retriesLeft = m_options.maxRetries;
    if (m_retriesLeft <= 0 || m_attempts >= m_options.maxAttempts) {
        const DownloadError::Kind kind = m_error.kind == DownloadError::Kind::Timeout ? DownloadError::Kind::Timeout
                                                                                       : DownloadError::Kind::Network;
        finish(DownloadError::make(kind, QStringLiteral("Download of %1 failed after %2 attempts: %3. The partial file "
                                                        "is kept; retry to resume.")
                                             .arg(m_url.toString(), QString::number(m_attempts), giveUpReason(reason))));
        return;
    }
    const int done = m_options.maxRetries - m_retriesLeft;
    --m_retriesLeft;
    double delay = std::min<double>(m_options.maxRetryDelayMs,
                                    m_options.initialRetryDelayMs * std::pow(m_options.retryFactor, done));
    // Jitter: many clients cut off together do not come back in lock-step.
    if (m_options.retryJitter > 0)
        delay *= 1.0 + m_options.retryJitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    const int delayMs = std::max(0, int(delay));
    qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: attempt %2 in %3 ms: %4")
                                        .arg(m_targetPath, QString::number(m_attempts + 1), QString::number(delayMs),
                                             fits::visibleText(reason));
    emit retrying(m_attempts + 1, delayMs, reason);
    m_retryTimer.start(delayMs);
}

void DownloadJob::restartFromZero(const QString &reason)
{
    if (!truncatePart())
        return;
    retryLater(reason, false);
}

bool DownloadJob::truncatePart()
{
    if (!m_part.resize(0) || !m_part.seek(0)) {
        finish(localError(QStringLiteral("Cannot truncate %1 (%2)").arg(partPath(), m_part.errorString())));
        return false;
    }
    // Whatever identity the old bytes had is void now; the next 200 writes a new one.
    QFile::remove(identityPathFor(m_targetPath));
    m_identityOnDisk = false;
    m_validator.clear();
    m_received = 0;
    return true;
}

void DownloadJob::complete()
{
    const qint64 size = m_part.size();
    if (m_expectedSize >= 0 && size != m_expectedSize) {
        truncatePart();
        finish(DownloadError::make(DownloadError::Kind::SizeMismatch,
                                   QStringLiteral("%1 has %2 bytes but %3 were expected; the file was discarded.")
                                       .arg(m_url.toString(), QString::number(size), QString::number(m_expectedSize))));
        return;
    }
    // A body that ended cleanly without any announced size is accepted only if its own
    // structure proves it whole (FITS) or it is not a FITS file at all.
    verifyThen(partPath(), m_total >= 0 ? m_total : m_expectedSize, true,
               [this, size](const DownloadVerification &check) { finishComplete(check, size); });
}

void DownloadJob::verifyThen(const QString &path, qint64 size, bool allowUnknownSize,
                             std::function<void(const DownloadVerification &)> next)
{
    const QString name = QFileInfo(m_targetPath).fileName();
    auto *watcher = new QFutureWatcher<DownloadVerification>(this); // dies with the job: `next` is then never called
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, next = std::move(next)] {
        watcher->deleteLater();
        if (!m_finished)
            next(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, name, size, allowUnknownSize] {
        return DownloadVerification::check(path, name, size, allowUnknownSize);
    }));
}

void DownloadJob::finishComplete(const DownloadVerification &check, qint64 size)
{
    qCDebug(lcNetwork).noquote() << (check.verified ? QStringLiteral("download %1: %2 bytes verified")
                                                          .arg(m_targetPath, QString::number(size))
                                                    : QStringLiteral("download %1: %2 bytes arrived but %3")
                                                          .arg(m_targetPath, QString::number(size),
                                                               fits::visibleText(check.problem)));
    if (!check.verified) {
        if (!truncatePart())
            return;
        if (++m_verifyFailures < 2) {
            retryLater(QStringLiteral("the file arrived whole but %1").arg(check.problem), false);
            return;
        }
        finish(DownloadError::make(DownloadError::Kind::NotVerified,
                                   QStringLiteral("%1 arrived twice but %2; it was discarded.")
                                       .arg(m_url.toString(), check.problem)));
        return;
    }
    m_part.close();
    // We hold the target's lock and our bytes just verified: they replace whatever is there. An old
    // file of the same size (or a FITS file that parses) may still hold other bytes, so it is never
    // preferred. rename(2) is atomic: never a moment without a file.
    std::error_code ec;
    std::filesystem::rename(QFile::encodeName(partPath()).toStdString(),
                            QFile::encodeName(m_targetPath).toStdString(), ec);
    if (ec) {
        finish(localError(QStringLiteral("Cannot rename %1 to %2: %3")
                              .arg(partPath(), m_targetPath, fileErrorWords(ec.value()))));
        return;
    }
    if (m_identityOnDisk)
        QFile::remove(identityPathFor(m_targetPath));
    m_identityOnDisk = false;
    m_received = m_total = size;
    emit progress(m_received, m_total);
    finish({});
}

void DownloadJob::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    if (m_reply) {
        m_reply->abort(); // onReplyFinished() reports the cancel
        return;
    }
    finish(DownloadError::make(DownloadError::Kind::Cancelled, QStringLiteral("Paused by the user.")));
}

void DownloadJob::finish(const DownloadError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    logOutcome(m_targetPath, m_error, m_attempts, m_received, m_skipped);
    m_retryTimer.stop();
    m_lockTimer.stop();
    m_slowTimer.stop();
    m_deadlineTimer.stop();
    if (m_part.isOpen())
        m_part.close();
    if (m_lock)
        m_lock->unlock(); // after the rename: the next owner sees the finished target
    QMetaObject::invokeMethod(this, &DownloadJob::finished, Qt::QueuedConnection);
}


} // namespace jsoc
