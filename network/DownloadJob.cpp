#include "network/DownloadJob.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace jsoc {
namespace {

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

} // namespace

DownloadJob::DownloadJob(QNetworkAccessManager *manager, const QUrl &url, const QString &targetPath, QObject *parent)
    : QObject(parent), m_manager(manager), m_url(url), m_targetPath(targetPath)
{
    m_part.setFileName(partPath());
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &DownloadJob::attempt);
}

DownloadJob::~DownloadJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

DownloadError DownloadJob::localError(const QString &what) const
{
    return DownloadError::make(DownloadError::Kind::LocalFile,
                               QStringLiteral("%1. The download is paused: free some disk space or choose a "
                                              "writable download folder, then resume.").arg(what));
}

void DownloadJob::start()
{
    m_retriesLeft = m_options.maxRetries;
    const QFileInfo target(m_targetPath);
    if (target.exists() && target.isFile() && (m_expectedSize < 0 || target.size() == m_expectedSize)) {
        // Only verified files are ever renamed to the final name, so it is complete.
        m_skipped = true;
        m_received = m_total = target.size();
        finish({});
        return;
    }
    const QString folder = target.absolutePath();
    if (!QDir().mkpath(folder) || !QFileInfo(folder).isDir()) {
        finish(localError(QStringLiteral("Cannot create the download folder %1").arg(folder)));
        return;
    }
    // Unbuffered: every body chunk goes to the file in one write(2), no extra copy into QFile's buffer.
    if (!m_part.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        finish(localError(QStringLiteral("Cannot write %1 (%2)").arg(partPath(), m_part.errorString())));
        return;
    }
    if (m_expectedSize >= 0 && m_part.size() > m_expectedSize && !truncatePart())
        return;
    m_received = m_part.size();
    if (m_received == 0)
        m_validator.clear(); // nothing to resume: a fresh validator comes with the reply
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
    if (!m_part.seek(m_attemptStart)) {
        finish(localError(QStringLiteral("Cannot write %1 (%2)").arg(partPath(), m_part.errorString())));
        return;
    }
    QNetworkRequest request(m_url);
    request.setRawHeader("User-Agent", "jsoc-browser/0.1");
    // Offsets must be file bytes, not bytes of a compressed transfer encoding.
    request.setRawHeader("Accept-Encoding", "identity");
    if (m_attemptStart > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_attemptStart) + '-');
        if (!m_validator.isEmpty())
            request.setRawHeader("If-Range", m_validator);
    }
    request.setTransferTimeout(m_options.transferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_headersHandled = false;
    m_restart = false;
    m_pendingError = {};
    ++m_attempts;
    m_reply = m_manager->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &DownloadJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &DownloadJob::onReplyFinished);
}

// Decides what the body means. False when the reply was aborted (restart or error).
bool DownloadJob::handleHeaders()
{
    m_headersHandled = true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return true; // error bodies are drained and ignored; onReplyFinished decides
    QByteArray validator = m_reply->rawHeader("ETag");
    if (validator.isEmpty() || validator.startsWith("W/")) // weak ETags are not allowed in If-Range
        validator = m_reply->rawHeader("Last-Modified");
    if (status == 206) {
        const ContentRange range = parseContentRange(m_reply->rawHeader("Content-Range"));
        if (!range.valid || range.first != m_attemptStart) {
            m_restart = true;
            m_reply->abort();
            return false;
        }
        m_total = range.total;
    } else {
        // 200: the server sent the whole file (range ignored, or the file changed since).
        if (m_attemptStart > 0 && !truncatePart())
            return false;
        m_attemptStart = 0;
        m_received = 0;
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        m_total = length.isValid() ? length.toLongLong() : -1;
    }
    if (validator != m_validator) {
        m_validator = validator;
        emit validatorChanged(m_validator);
    }
    emit progress(m_received, m_total);
    return true;
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
    // Read into one reused buffer: readAll() allocated a fresh array per chunk, and its page
    // faults and copies cost more CPU than the socket itself (perf, loopback at 150+ MB/s).
    if (m_chunk.isEmpty())
        m_chunk.resize(kChunkBytes);
    qint64 total = 0;
    for (;;) {
        const qint64 n = m_reply->read(m_chunk.data(), m_chunk.size());
        if (n <= 0)
            break;
        const qint64 written = m_part.write(m_chunk.constData(), n);
        if (written != n) {
            m_pendingError = localError(QStringLiteral("Cannot write %1 (%2)").arg(partPath(), m_part.errorString()));
            m_reply->abort();
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

void DownloadJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
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
        finish(m_pendingError);
        return;
    }
    if (m_restart) {
        restartFromZero(QStringLiteral("the server answered a different byte range"));
        return;
    }
    const bool madeProgress = m_part.size() > m_attemptStart;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError netError = reply->error();
    if (status == 416) {
        const ContentRange range = parseContentRange(reply->rawHeader("Content-Range"));
        if (range.valid && range.total >= 0 && range.total == m_part.size()) {
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
            retryLater(reason, madeProgress);
        } else {
            finish(DownloadError::make(DownloadError::Kind::Http,
                                       QStringLiteral("%1 for %2").arg(reason, m_url.toString()), status));
        }
        return;
    }
    if (netError != QNetworkReply::NoError) {
        // Qt 6.4 reports a transfer timeout as OperationCanceledError; our own cancel returned above.
        const bool timeout = netError == QNetworkReply::OperationCanceledError || netError == QNetworkReply::TimeoutError;
        const QString reason = timeout ? QStringLiteral("no data for %1 s").arg(m_options.transferTimeoutMs / 1000.0)
                                       : reply->errorString();
        m_error.kind = timeout ? DownloadError::Kind::Timeout : DownloadError::Kind::Network;
        retryLater(reason, madeProgress);
        return;
    }
    if (status != 200 && status != 206) {
        finish(DownloadError::make(DownloadError::Kind::Http,
                                   QStringLiteral("Unexpected HTTP status %1 for %2").arg(status).arg(m_url.toString()),
                                   status));
        return;
    }
    const qint64 size = m_part.size();
    if (m_total >= 0 && size < m_total) {
        retryLater(QStringLiteral("the connection ended after %1 of %2 bytes").arg(size).arg(m_total), madeProgress);
        return;
    }
    if (m_total >= 0 && size > m_total) {
        restartFromZero(QStringLiteral("the partial file is longer than the server's file"));
        return;
    }
    complete();
}

void DownloadJob::retryLater(const QString &reason, bool madeProgress)
{
    if (madeProgress)
        m_retriesLeft = m_options.maxRetries;
    if (m_retriesLeft <= 0) {
        const DownloadError::Kind kind = m_error.kind == DownloadError::Kind::Timeout ? DownloadError::Kind::Timeout
                                                                                       : DownloadError::Kind::Network;
        finish(DownloadError::make(kind, QStringLiteral("Download of %1 failed after %2 attempts: %3. The partial file "
                                                        "is kept; retry to resume.")
                                             .arg(m_url.toString()).arg(m_attempts).arg(reason)));
        return;
    }
    const int done = m_options.maxRetries - m_retriesLeft;
    --m_retriesLeft;
    const int delay = int(std::min<double>(m_options.maxRetryDelayMs,
                                           m_options.initialRetryDelayMs * std::pow(m_options.retryFactor, done)));
    emit retrying(m_attempts + 1, delay, reason);
    m_retryTimer.start(delay);
}

void DownloadJob::restartFromZero(const QString &reason)
{
    if (!truncatePart())
        return;
    m_validator.clear();
    retryLater(reason, false);
}

bool DownloadJob::truncatePart()
{
    if (!m_part.resize(0) || !m_part.seek(0)) {
        finish(localError(QStringLiteral("Cannot truncate %1 (%2)").arg(partPath(), m_part.errorString())));
        return false;
    }
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
                                       .arg(m_url.toString()).arg(size).arg(m_expectedSize)));
        return;
    }
    m_part.close();
    QFile::remove(m_targetPath); // only reached when an existing file had the wrong size
    if (!QFile::rename(partPath(), m_targetPath)) {
        finish(localError(QStringLiteral("Cannot rename %1 to %2").arg(partPath(), m_targetPath)));
        return;
    }
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
    m_retryTimer.stop();
    finish(DownloadError::make(DownloadError::Kind::Cancelled, QStringLiteral("Paused by the user.")));
}

void DownloadJob::finish(const DownloadError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_retryTimer.stop();
    if (m_part.isOpen())
        m_part.close();
    QMetaObject::invokeMethod(this, &DownloadJob::finished, Qt::QueuedConnection);
}

} // namespace jsoc
