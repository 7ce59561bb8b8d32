#pragma once

#include "network/DownloadError.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace jsoc {

// Downloads one URL to `targetPath`, resumably (STYLE practice 6):
// - bytes stream to `targetPath.part` on readyRead (never the whole body in memory);
// - an existing .part is resumed with `Range: bytes=N-` + `If-Range: <validator>`; 206 with a
//   matching Content-Range start appends, 200 (range ignored or file changed) truncates and starts
//   over, 416 compares the .part with the size in `Content-Range: bytes */size`: equal = done,
//   else start over; `Accept-Encoding: identity` keeps offsets in file bytes;
// - dropped connections, stalls (transfer timeout) and HTTP 5xx/408/429 are retried with
//   exponential back-off; the retry budget is refilled whenever an attempt made progress;
// - the .part is checked against the server's total (and the caller's expected size) and only
//   then renamed to `targetPath`; a final file that already exists with the expected size (or any
//   size when none is expected: we only ever rename verified files) is skipped without a request;
// - write failures (disk full, unwritable folder) stop with Kind::LocalFile, keeping the .part.
// The target path must already be validated (see model/SafeFileName.h).
//
// Emits finished() exactly once, asynchronously. cancel() keeps the .part (that is "pause");
// the owner deletes the .part for a real cancel. Deleting a running job aborts it silently.
class DownloadJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadJob)

public:
    struct Options {
        int transferTimeoutMs = 30000;
        int maxRetries = 5;
        int initialRetryDelayMs = 500;
        int maxRetryDelayMs = 30000;
        double retryFactor = 2.0;
    };

    DownloadJob(QNetworkAccessManager *manager, const QUrl &url, const QString &targetPath,
                QObject *parent = nullptr);
    ~DownloadJob() override;

    void setOptions(const Options &options) { m_options = options; }
    // ETag or Last-Modified saved with the .part (sent as If-Range when resuming).
    void setValidator(const QByteArray &validator) { m_validator = validator; }
    // Expected total size in bytes, -1 when unknown.
    void setExpectedSize(qint64 size) { m_expectedSize = size; }

    void start();
    // Stops the transfer and keeps the .part; finished() follows with Kind::Cancelled.
    void cancel();

    QUrl url() const { return m_url; }
    QString targetPath() const { return m_targetPath; }
    QString partPath() const { return m_targetPath + QLatin1String(".part"); }
    QByteArray validator() const { return m_validator; }
    qint64 bytesReceived() const { return m_received; } // file bytes on disk so far
    qint64 bytesTotal() const { return m_total; }        // -1 while unknown
    qint64 bytesTransferred() const { return m_transferred; } // body bytes fetched by this job
    int attempts() const { return m_attempts; }
    bool isFinished() const { return m_finished; }
    bool wasSkipped() const { return m_skipped; } // the final file already existed
    const DownloadError &error() const { return m_error; }

signals:
    void progress(qint64 received, qint64 total);
    void validatorChanged(const QByteArray &validator);
    void retrying(int attempt, int delayMs, const QString &reason);
    void finished();

private:
    void attempt();
    bool handleHeaders();
    void onReadyRead();
    void onReplyFinished();
    void retryLater(const QString &reason, bool madeProgress);
    void restartFromZero(const QString &reason);
    bool truncatePart();
    void complete();
    void finish(const DownloadError &error);
    DownloadError localError(const QString &what) const;

    QPointer<QNetworkAccessManager> m_manager;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    static constexpr qsizetype kChunkBytes = qsizetype(256) << 10;
    QByteArray m_chunk; // reused read buffer (kChunkBytes), allocated on the first body bytes
    QTimer m_retryTimer;
    QUrl m_url;
    QString m_targetPath;
    QByteArray m_validator;
    Options m_options;
    DownloadError m_error;
    DownloadError m_pendingError; // decided while the reply was still running
    qint64 m_expectedSize = -1;
    qint64 m_total = -1;
    qint64 m_received = 0;
    qint64 m_transferred = 0;
    qint64 m_attemptStart = 0; // .part size when the current attempt began
    int m_attempts = 0;
    int m_retriesLeft = 0;
    bool m_headersHandled = false;
    bool m_restart = false;
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_skipped = false;
};

} // namespace jsoc
