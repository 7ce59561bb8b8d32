#pragma once

#include "model/common/JsocError.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QtConcurrentRun>

#include <utility>

class QNetworkAccessManager;
class QNetworkReply;

namespace jsoc {

// How failed idempotent reads are retried: network errors and HTTP 5xx only (never 4xx, TLS,
// timeouts or cancellation), after initialDelayMs, then ×factor each time.
struct RetryPolicy {
    int maxRetries = 3;
    int initialDelayMs = 500;
    double factor = 2.0;
};

// What one request may cost: the most bytes its reply can legitimately take (a bigger reply is
// abandoned as it arrives, never buffered) and the total time it may take, retries included.
struct ReplyLimits {
    qint64 maxBytes = -1;   // < 0: no cap
    QString capReason;      // completes "JSOC's reply exceeded 12 MB, <capReason>", e.g. "far more than 5 records can take"
    int deadlineMs = 0;     // <= 0: no deadline
    QString deadlineHint;   // appended to the deadline message, e.g. "Use --deadline to wait longer."
};

// One JSOC request in flight. Created by JsocClient; emits finished() exactly once, always
// asynchronously (never from inside the JsocClient call that created it).
//
// Ownership: the job is parented to the JsocClient so nothing leaks, but the CALLER owns it:
// call deleteLater() after finished() (or delete it to abort). Deleting a running job aborts
// its reply without emitting finished(). Jobs die with their client.
class JsocJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsocJob)

public:
    ~JsocJob() override;

    bool isFinished() const { return m_finished; }
    // None on success; valid once finished() was emitted.
    const JsocError &error() const { return m_error; }
    // URL of the latest attempt (after a fallback, the fallback's URL).
    QUrl url() const { return m_url; }
    // Number of HTTP attempts made so far (1 + retries).
    int attempts() const { return m_attempts; }

    // Aborts the request; finished() follows with Kind::Cancelled. No-op once finished.
    void cancel();

signals:
    void finished();
    // The whole body is here and the network part is done; parsing it may still take a while
    // (finished() follows). Lets a caller put the next request on the wire meanwhile.
    void bodyReceived();
    // Emitted before each retry: attempt number about to be made and the delay before it.
    void retrying(int attempt, int delayMs, const QString &reason);

protected:
    explicit JsocJob(QObject *parent);

    // Called with the body of an HTTP 2xx reply. Implementations parse it and call finish().
    virtual void handleBody(const QByteArray &body) = 0;
    // Called for a final HTTP error status (after retries). Return true to take over (e.g. to
    // send a fallback request with sendRequest()); false finishes the job with `error`.
    virtual bool handleHttpFailure(const JsocError &error);

    void finish(const JsocError &error);
    // Starts (or restarts, for a fallback) the request sequence for `url`.
    void sendRequest(const QUrl &url);
    bool isCancelled() const { return m_cancelled; }

private:
    friend class JsocClient;
    void configure(QNetworkAccessManager *manager, int transferTimeoutMs, bool idempotent, const RetryPolicy &retry,
                   const ReplyLimits &limits);
    void attempt();
    // Drops the reply on the wire and ends the job with `error` (no retry).
    void abandonReply(const JsocError &error);
    void onDeadline();
    // False (and the job ended) once the reply is bigger than the cap allows.
    bool withinSizeCap(qint64 incomingBytes);
    void onReplyFinished();
    void onReplyReadyRead();
    void emitFinishedLater();
    QString retryReason(const JsocError &error) const;

    QPointer<QNetworkAccessManager> m_manager;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_clock; // since the current attempt was sent: the "ms" of its log line
    ReplyLimits m_limits;
    QUrl m_url;
    JsocError m_error;
    RetryPolicy m_retry;
    int m_transferTimeoutMs = 60000;
    int m_attempts = 0;
    int m_retriesDone = 0;
    bool m_idempotent = true;
    bool m_finished = false;
    bool m_cancelled = false;
    QString m_context; // series or record set, appended to JSOC errors that do not name it
    // Body of the current attempt, taken from the reply as it arrives: the copy overlaps the
    // download instead of one big readAll() at the end, and Qt's chunk buffers are freed early.
    QByteArray m_body;
};

// A job whose result is one value parsed synchronously from the body.
template <typename T>
class JsocValueJob : public JsocJob
{
public:
    using Parser = JsocError (*)(const QByteArray &body, T &out);

    // The parsed value once finished() without error. After an error it holds what the parser
    // could fill (ExportJob: status, requestId and error text of a failed export), else defaults.
    const T &result() const { return m_result; }

protected:
    JsocValueJob(QObject *parent, Parser parser) : JsocJob(parent), m_parser(parser) { }

    void handleBody(const QByteArray &body) override { parseOffThread(body, m_parser); }

    // Parses on the thread pool, never on the caller's (GUI) thread: a series list is 45,000
    // entries. The worker owns copies of the body and the seed value and returns a value, so
    // nothing is shared across threads; a job cancelled or deleted meanwhile drops the result.
    void parseOffThread(const QByteArray &body, Parser parser)
    {
        using Parsed = std::pair<JsocError, T>;
        auto *watcher = new QFutureWatcher<Parsed>(this);
        QObject::connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            if (isFinished())
                return;
            Parsed parsed = watcher->future().takeResult();
            m_result = std::move(parsed.second);
            finish(parsed.first);
        });
        // Seeded with what the client preset (e.g. the series name).
        watcher->setFuture(QtConcurrent::run([body, parser, value = m_result]() mutable {
            const JsocError error = parser(body, value);
            return Parsed(error, std::move(value));
        }));
    }

    Parser m_parser;
    T m_result{};

private:
    friend class JsocClient;
};

} // namespace jsoc
