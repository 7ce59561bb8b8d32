#include "network/JsocJob.h"

#include "model/common/DisplayFormat.h"

#include "model/common/LargeMemory.h"

#include "network/replies/JsocParsers.h"
#include "network/NetworkLog.h"

#include "model/fitsfile/VisibleText.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <algorithm>
#include <cmath>

namespace jsoc {

namespace {
// What QNAM may hold before we read it. Unbounded, its network thread reads a whole big reply
// ahead into fresh memory while we copy out; bounded, the same few buffers are reused.
constexpr qint64 kReadBufferBytes = 1024 * 1024;
constexpr qint64 kPrefaultBytesMax = 64 * 1024 * 1024;

// Content-Length of an uncompressed body, or -1 when unknown (chunked, or decoded by QNAM).
qint64 declaredBodyLength(const QNetworkReply &reply)
{
    const QByteArray encoding = reply.rawHeader("Content-Encoding").trimmed().toLower();
    if (!encoding.isEmpty() && encoding != "identity")
        return -1;
    bool ok = false;
    const qint64 length = reply.header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    return ok ? length : -1;
}

// Appends what `reply` has buffered to `body` (reserved once to the declared length, when
// that is within `cap`: a lying Content-Length must not reserve what the cap forbids).
void drainReply(QNetworkReply &reply, QByteArray &body, qint64 cap)
{
    if (!reply.isOpen())
        return;
    const int http = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (http >= 300 && http < 400)
        return; // a redirect's own body is not the answer
    const qint64 available = reply.bytesAvailable();
    if (available <= 0)
        return;
    const qsizetype old = body.size();
    if (old == 0) {
        if (const qint64 declared = declaredBodyLength(reply); declared > available && declared <= (qint64(1) << 31)
            && (cap < 0 || declared <= cap)) {
            body.reserve(qsizetype(declared));
            adviseHugePages(body.data(), body.capacity());
            // All of it is about to be written; capped, so a lying Content-Length costs nothing up front.
            prefaultForWriting(body.data(), qsizetype(std::min<qint64>(declared, kPrefaultBytesMax)));
        }
    }
    body.resize(old + qsizetype(available));
    const qint64 got = reply.read(body.data() + old, available);
    body.resize(old + qsizetype(std::max<qint64>(got, 0)));
}

using Kind = JsocError::Kind;

// What a log line calls the request: the CGI and its op, "jsoc_info rs_list", "showextseries".
QString requestName(const QUrl &url)
{
    const QString cgi = url.fileName();
    const QString op = QUrlQuery(url).queryItemValue(QStringLiteral("op"));
    return op.isEmpty() ? cgi : cgi + QLatin1Char(' ') + op;
}

// How a finished job's failure is logged.
void logOutcome(const QUrl &url, const JsocError &error, int attempts)
{
    if (!error.isError())
        return; // the reply line said it all
    const QString line = QStringLiteral("%1 failed (%2) after %3 attempt(s): %4 [%5]")
                             .arg(requestName(url), JsocError::kindName(error.kind), QString::number(attempts),
                                  fits::visibleText(error.message), urlForLog(url));
    // A cancel is the caller's choice and a JSOC error answer (unknown series, bad record set) is
    // the user's to read in the app's own words: only failures to talk to JSOC are warnings.
    if (error.kind == Kind::Cancelled || error.kind == Kind::Jsoc)
        qCDebug(lcNetwork).noquote() << line;
    else
        qCWarning(lcNetwork).noquote() << line;
}

QString secondsText(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

QString hostText(const QUrl &url)
{
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}

JsocError networkError(QNetworkReply::NetworkError code, const QString &qtText, const QUrl &url, int timeoutMs)
{
    const QString host = hostText(url);
    switch (code) {
    case QNetworkReply::OperationCanceledError: // Qt aborts the reply when the transfer timeout fires
    case QNetworkReply::TimeoutError:
        return JsocError::make(Kind::Timeout, QStringLiteral("JSOC did not answer within %1 s (%2)")
                                                  .arg(QString::number(timeoutMs / 1000.0, 'g', 3), host));
    case QNetworkReply::SslHandshakeFailedError:
        return JsocError::make(Kind::Tls, QStringLiteral("Secure connection to %1 failed: %2").arg(host, qtText));
    case QNetworkReply::ConnectionRefusedError:
        return JsocError::make(Kind::Network, QStringLiteral("Could not connect to JSOC at %1 (connection refused)").arg(host));
    case QNetworkReply::HostNotFoundError:
        return JsocError::make(Kind::Network, QStringLiteral("JSOC server %1 not found (check the server address and your network)").arg(host));
    case QNetworkReply::RemoteHostClosedError:
        return JsocError::make(Kind::Network, QStringLiteral("JSOC at %1 closed the connection before answering completely").arg(host));
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return JsocError::make(Kind::Network, QStringLiteral("Network is unavailable (%1)").arg(qtText));
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return JsocError::make(Kind::Network, QStringLiteral("Proxy problem while contacting %1: %2").arg(host, qtText));
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return JsocError::make(Kind::Network, QStringLiteral("JSOC redirect refused: %1").arg(qtText));
    default:
        return JsocError::make(Kind::Network, QStringLiteral("Network error talking to JSOC at %1: %2").arg(host, qtText));
    }
}
} // namespace

JsocJob::JsocJob(QObject *parent) : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &JsocJob::attempt);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &JsocJob::onDeadline);
}

JsocJob::~JsocJob()
{
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void JsocJob::configure(QNetworkAccessManager *manager, int transferTimeoutMs, bool idempotent, const RetryPolicy &retry,
                        const ReplyLimits &limits)
{
    m_limits = limits;
    m_manager = manager;
    m_transferTimeoutMs = transferTimeoutMs;
    m_idempotent = idempotent;
    m_retry = retry;
}

bool JsocJob::handleHttpFailure(const JsocError &)
{
    return false;
}

void JsocJob::sendRequest(const QUrl &url)
{
    m_url = url;
    m_retriesDone = 0;
    // One clock for the whole job: retries and a fallback request spend the same time budget.
    if (m_limits.deadlineMs > 0 && !m_deadlineTimer.isActive())
        m_deadlineTimer.start(m_limits.deadlineMs);
    attempt();
}

void JsocJob::attempt()
{
    if (m_finished)
        return;
    if (!m_manager) {
        finish(JsocError::make(Kind::Network, QStringLiteral("The JSOC client was destroyed before the request was sent")));
        return;
    }
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral(JSOC_USER_AGENT));
    request.setRawHeader("Accept", "application/json, text/plain, */*");
    // Explicit redirect stance: follow, but never https → http, and at most 5 hops.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setTransferTimeout(m_transferTimeoutMs);
    ++m_attempts;
    m_body = QByteArray();
    m_clock.start();
    qCDebug(lcNetwork).noquote() << QStringLiteral("%1: GET %2 (attempt %3)")
                                        .arg(requestName(m_url), urlForLog(m_url), QString::number(m_attempts));
    m_reply = m_manager->get(request);
    m_reply->setReadBufferSize(kReadBufferBytes);
    connect(m_reply, &QNetworkReply::readyRead, this, &JsocJob::onReplyReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &JsocJob::onReplyFinished);
}

void JsocJob::onReplyReadyRead()
{
    if (!m_reply || !withinSizeCap(m_reply->bytesAvailable()))
        return;
    drainReply(*m_reply, m_body, m_limits.maxBytes);
}

bool JsocJob::withinSizeCap(qint64 incomingBytes)
{
    if (m_limits.maxBytes < 0 || !m_reply)
        return true;
    const int http = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (http >= 300 && http < 400)
        return true; // a redirect's own body is never kept
    // A declared length over the cap is refused before its bytes arrive.
    const qint64 declared = declaredBodyLength(*m_reply);
    const qint64 total = std::max(m_body.size() + std::max<qint64>(incomingBytes, 0), declared);
    if (total <= m_limits.maxBytes)
        return true;
    QString message = QStringLiteral("JSOC's reply exceeded %1").arg(format::bytes(m_limits.maxBytes));
    if (!m_limits.capReason.isEmpty())
        message += QStringLiteral(", ") + m_limits.capReason;
    message += QStringLiteral("; stopped reading");
    abandonReply(JsocError::make(Kind::BadResponse, message));
    return false;
}

void JsocJob::abandonReply(const JsocError &error)
{
    m_retryTimer.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    m_body = QByteArray();
    finish(error);
}

void JsocJob::onDeadline()
{
    if (m_finished)
        return;
    qint64 received = m_body.size();
    if (m_reply)
        received += std::max<qint64>(m_reply->bytesAvailable(), 0);
    const QString seconds = secondsText(m_limits.deadlineMs);
    QString message = received > 0
        ? QStringLiteral("JSOC sent only %1 in %2 s; gave up").arg(format::bytes(received), seconds)
        : QStringLiteral("JSOC sent nothing in %1 s; gave up").arg(seconds);
    message += QLatin1Char('.');
    if (!m_limits.deadlineHint.isEmpty())
        message += QLatin1Char(' ') + m_limits.deadlineHint;
    abandonReply(JsocError::make(Kind::Timeout, message));
}

QString JsocJob::retryReason(const JsocError &error) const
{
    return error.message;
}

void JsocJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    if (m_finished)
        return;

    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray body; // empty when closed after a timeout abort
    if (reply->isOpen()) {
        if (http < 300 || http >= 400) {
            m_reply = reply; // for the cap check only
            const bool fits = withinSizeCap(reply->bytesAvailable());
            m_reply = nullptr;
            if (!fits)
                return;
        }
        drainReply(*reply, m_body, m_limits.maxBytes); // what is left
        body = std::move(m_body);
        if (reply->bytesAvailable() > 0) // e.g. a redirect status read above: keep readAll()'s answer
            body += reply->readAll();
    }
    m_body = QByteArray();
    JsocError error;
    bool permanent = false; // failures a retry cannot fix
    if (http >= 400) {
        error = parse::httpError(http, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray(), body);
    } else if (reply->error() != QNetworkReply::NoError) {
        error = networkError(reply->error(), reply->errorString(), m_url, m_transferTimeoutMs);
        switch (reply->error()) {
        case QNetworkReply::TooManyRedirectsError:
        case QNetworkReply::InsecureRedirectError:
        case QNetworkReply::ProtocolUnknownError:
        case QNetworkReply::ProtocolInvalidOperationError:
        case QNetworkReply::ProxyAuthenticationRequiredError:
            permanent = true;
            break;
        default:
            break;
        }
    } else if (http != 0 && (http < 200 || http >= 300)) {
        error = JsocError::make(Kind::HttpStatus, QStringLiteral("JSOC answered HTTP %1, which this client does not handle").arg(http), http);
    } else if (const qint64 declared = declaredBodyLength(*reply); declared >= 0 && body.size() < declared) {
        // QNAM reports a connection closed mid-body as a complete reply when the socket is
        // already unconnected as it reads (seen on Qt 6.4): a short body is a dropped
        // connection, retried like one, never parsed as a (truncated) answer.
        error = JsocError::make(Kind::Network,
                                QStringLiteral("The connection to JSOC at %1 was closed after %2 of %3 bytes")
                                    .arg(m_url.authority()).arg(body.size()).arg(declared));
    }

    qCDebug(lcNetwork).noquote() << QStringLiteral("%1: %2, %3 bytes in %4 ms from %5")
                                        .arg(requestName(m_url),
                                             http > 0 ? QStringLiteral("HTTP %1").arg(http) : QStringLiteral("no HTTP status"),
                                             QString::number(body.size()), QString::number(m_clock.elapsed()), urlForLog(m_url));
    if (!error.isError()) {
        m_deadlineTimer.stop(); // the network part is done; parsing is ours
        emit bodyReceived();
        handleBody(body);
        return;
    }

    const bool transient = (error.kind == Kind::Network && !permanent)
        || (error.kind == Kind::HttpStatus && error.httpStatus >= 500 && error.httpStatus <= 599);
    if (m_idempotent && transient && m_retriesDone < m_retry.maxRetries) {
        const int delay = int(std::lround(m_retry.initialDelayMs * std::pow(m_retry.factor, m_retriesDone)));
        ++m_retriesDone;
        qCDebug(lcNetwork).noquote() << QStringLiteral("%1: retry %2 in %3 ms after %4: %5")
                                            .arg(requestName(m_url), QString::number(m_attempts + 1), QString::number(delay),
                                                 JsocError::kindName(error.kind), fits::visibleText(error.message));
        emit retrying(m_attempts + 1, delay, retryReason(error));
        m_retryTimer.start(std::max(0, delay));
        return;
    }
    if (error.kind == Kind::HttpStatus && handleHttpFailure(error))
        return;
    finish(error);
}

void JsocJob::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    abandonReply(JsocError::make(Kind::Cancelled, QStringLiteral("Request cancelled")));
}

void JsocJob::finish(const JsocError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_deadlineTimer.stop();
    // "JSOC: series not found" → "JSOC: series not found: hmi.m_72s".
    if (m_error.kind == Kind::Jsoc && !m_context.isEmpty()
        && !m_error.message.contains(m_context, Qt::CaseInsensitive)) {
        while (m_error.message.endsWith(QLatin1Char('.')))
            m_error.message.chop(1);
        m_error.message += QStringLiteral(": ") + m_context;
    }
    m_retryTimer.stop();
    logOutcome(m_url, m_error, m_attempts);
    emitFinishedLater();
}

void JsocJob::emitFinishedLater()
{
    // Always queued: callers may connect after the call returns and may delete the job in the slot.
    QMetaObject::invokeMethod(this, [this] { emit finished(); }, Qt::QueuedConnection);
}

} // namespace jsoc
