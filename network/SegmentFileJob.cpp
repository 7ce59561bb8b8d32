#include "network/SegmentFileJob.h"

#include "network/NetworkLog.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace jsoc {
namespace {

using Kind = JsocError::Kind;

QString hostOf(const QUrl &url)
{
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}

JsocError transferError(QNetworkReply *reply, const QUrl &url, int timeoutMs)
{
    const QString host = hostOf(url);
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError: // what Qt reports when the transfer timeout fires
    case QNetworkReply::TimeoutError:
        return JsocError::make(Kind::Timeout, QStringLiteral("JSOC sent nothing for %1 s while sending %2 (%3)")
                                                  .arg(QString::number(timeoutMs / 1000.0, 'g', 3), url.path(), host));
    case QNetworkReply::ConnectionRefusedError:
        return JsocError::make(Kind::Network, QStringLiteral("Could not connect to JSOC at %1 (connection refused)").arg(host));
    case QNetworkReply::RemoteHostClosedError:
        return JsocError::make(Kind::Network, QStringLiteral("JSOC at %1 closed the connection before sending all of %2")
                                                  .arg(host, url.path()));
    case QNetworkReply::HostNotFoundError:
        return JsocError::make(Kind::Network, QStringLiteral("JSOC server %1 not found (check the server address and your network)").arg(host));
    default:
        break;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400)
        return JsocError::make(Kind::HttpStatus, QStringLiteral("JSOC answered HTTP %1 for %2").arg(status).arg(url.path()), status);
    return JsocError::make(Kind::Network, QStringLiteral("Network error fetching %1 from %2: %3").arg(url.path(), host, reply->errorString()));
}

} // namespace

SegmentFileJob::SegmentFileJob(QNetworkAccessManager *manager, const QUrl &url, const QString &filePath, qint64 maxBytes,
                               int transferTimeoutMs, QObject *parent)
    : QObject(parent), m_manager(manager), m_url(url), m_file(filePath), m_maxBytes(maxBytes), m_timeoutMs(transferTimeoutMs)
{
}

SegmentFileJob::~SegmentFileJob()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
    if (!m_finished || m_error.isError()) {
        m_file.close();
        m_file.remove();
    }
}

void SegmentFileJob::start()
{
    if (!m_manager) {
        finish(JsocError::make(Kind::Network, QStringLiteral("No network connection object to fetch %1 with").arg(m_url.path())));
        return;
    }
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        finish(JsocError::make(Kind::Network, QStringLiteral("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString())));
        return;
    }
    QNetworkRequest request(m_url);
    request.setRawHeader("Accept-Encoding", "identity");
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    m_reply = m_manager->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &SegmentFileJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &SegmentFileJob::onFinished);
    qCDebug(lcNetwork).noquote() << "GET" << urlForLog(m_url);
}

void SegmentFileJob::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
    finish(JsocError::make(Kind::Cancelled, QStringLiteral("Fetching %1 was cancelled").arg(m_url.path())));
}

void SegmentFileJob::onReadyRead()
{
    if (m_finished || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error page: read in onFinished() for its status, never into the file
    const QByteArray chunk = m_reply->readAll();
    if (m_bytes + chunk.size() > m_maxBytes) {
        const JsocError e = JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent more than %1 MB for %2: not a segment file this program expects")
                                                                  .arg(m_maxBytes / 1000000).arg(m_url.path()));
        QNetworkReply *reply = m_reply;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
        finish(e);
        return;
    }
    if (m_file.write(chunk) != chunk.size()) {
        QNetworkReply *reply = m_reply;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
        finish(JsocError::make(Kind::Network, QStringLiteral("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString())));
        return;
    }
    m_bytes += chunk.size();
}

void SegmentFileJob::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_finished)
        return;
    onReadyRead();
    if (m_finished)
        return;
    reply->deleteLater();
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status >= 400) {
        finish(transferError(reply, m_url, m_timeoutMs));
        return;
    }
    if (status != 200) {
        finish(JsocError::make(Kind::BadResponse, QStringLiteral("JSOC answered HTTP %1 for %2, not the file").arg(status).arg(m_url.path()), status));
        return;
    }
    bool known = false;
    const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
    if (known && length != m_bytes) {
        finish(JsocError::make(Kind::BadResponse, QStringLiteral("JSOC sent %1 of the %2 bytes it announced for %3")
                                                      .arg(m_bytes).arg(length).arg(m_url.path())));
        return;
    }
    if (!m_file.flush()) {
        finish(JsocError::make(Kind::Network, QStringLiteral("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString())));
        return;
    }
    m_file.close();
    finish(JsocError{});
}

void SegmentFileJob::finish(const JsocError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    if (error.isError()) {
        m_file.close();
        m_file.remove();
    }
    // Always from the event loop, so a caller connecting after start() still hears it.
    QTimer::singleShot(0, this, &SegmentFileJob::finished);
}

} // namespace jsoc
