#pragma once

#include "model/exports/PartFileIdentity.h"
#include "network/DownloadError.h"
#include "network/DownloadVerification.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QLockFile;
class QNetworkAccessManager;
class QNetworkReply;

namespace jsoc {

// Downloads one URL to `targetPath`, resumably (STYLE practice 6), and reports Done only for
// verified bytes (network/DownloadVerification.h: announced size, and FITS structure/checksums).
// - One process at a time owns a target: an advisory lock `<target>.part.lock` (QLockFile: pid,
//   host and program inside; the lock of a dead process on this host is taken over). A second
//   job for a locked target waits (waitingForLock() says who holds it), re-checking every
//   lockPollMs, and fails with Kind::Busy after lockWaitMs. Once it holds the lock, a target
//   the other process completed meanwhile verifies and is kept (wasSkipped()).
// - An existing target is kept without a request only if it verifies against a known expected
//   size (our own record of an earlier download). Otherwise it is left in place until a new file
//   has been fetched to the .part and verified, then replaced by an atomic rename over it (no
//   remove-then-rename window, never an old file preferred to verified new bytes).
// - Bytes stream to `<target>.part` on readyRead. Its identity (URL, owner, validator, size) is
//   stored beside it in `<target>.part.json` (model/exports/PartFileIdentity.h), written before the first
//   body byte (files below Options::minResumableBytes get none and restart after a kill). A .part resumes only when that identity names the same URL and owner and has a
//   validator: `Range: bytes=N-` + `If-Range`; 206 with a matching Content-Range start (and the
//   same validator) appends, 200 truncates and starts over, 416 compares the size. No identity,
//   another identity or no validator: the .part is truncated first. `Accept-Encoding: identity`.
// - A body longer than announced (Content-Length, Content-Range total or the expected size) is
//   cut off at once and discarded (Kind::SizeMismatch); a short body is an incomplete transfer.
//   A body with no announced size at all is cut off at setMaxBytes() the same way.
// - Dropped connections, stalls, too-slow transfers and HTTP 5xx/408/429 are retried with
//   exponential back-off and jitter. The retry budget is refilled only by bytes gained beyond the
//   furthest offset ever held for this file (a server that cuts every transfer at the same byte
//   cannot keep it alive), and maxAttempts bounds the whole job.
// - Minimum progress: an attempt that moves fewer than minBytesPerWindow bytes in slowWindowMs is
//   abandoned (and refills nothing); fileDeadlineMs optionally bounds the whole file.
// - Write failures stop with Kind::LocalFile in words ("the disk is full"), keeping the .part.
// The target path must already be validated (see model/exports/SafeFileName.h).
//
// Emits finished() exactly once, asynchronously. cancel() keeps the .part, and so does deleting a
// running job (which aborts it): DownloadManager's pause and cancel both resume from it later.
// removePartFiles() is there for an owner that wants the bytes gone.
class DownloadJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadJob)

public:
    struct Options {
        int transferTimeoutMs = 30000; // no byte at all for this long: the attempt stalled
        int maxRetries = 5;            // attempts in a row without new bytes, after the first
        int maxAttempts = 200;         // all attempts of this job, whatever progress they made
        int initialRetryDelayMs = 500;
        int maxRetryDelayMs = 30000;
        double retryFactor = 2.0;
        double retryJitter = 0.2;      // each delay is scaled by 1 ± this, at random
        // 64 KiB per minute (~1 KiB/s) is far below any real link, even a congested one to Stanford
        // from across the world, yet a server that drips a few bytes a second to keep the
        // connection open fails here instead of holding the file for days. 0 = no minimum speed.
        qint64 minBytesPerWindow = 64 * 1024;
        int slowWindowMs = 60000;
        qint64 fileDeadlineMs = 0;     // the whole file, all attempts; 0 = none
        int lockPollMs = 500;
        qint64 lockWaitMs = 3600000;   // how long to wait for another process's lock
        // Smaller files get no identity file: a .part of one left by a killed run is fetched
        // again from the start (within one job a cut transfer still resumes with Range).
        qint64 minResumableBytes = 256 * 1024;
    };

    DownloadJob(QNetworkAccessManager *manager, const QUrl &url, const QString &targetPath,
                QObject *parent = nullptr);
    ~DownloadJob() override;

    void setOptions(const Options &options) { m_options = options; }
    // Who the bytes belong to (e.g. "export 12 download 345"): a .part of another owner is not resumed.
    void setOwner(const QString &owner) { m_owner = owner; }
    // Expected total size in bytes, -1 when unknown.
    void setExpectedSize(qint64 size) { m_expectedSize = size; }
    // The most bytes a body of unknown length (no Content-Length, no expected size) may bring
    // before it is stopped and discarded; `what` says where the limit comes from, e.g. "this
    // export's 12 MB". Defaults to kFallbackMaxBytes.
    void setMaxBytes(qint64 bytes, const QString &what)
    {
        m_maxBytes = bytes;
        m_maxBytesWhat = what;
    }
    // When nothing bounds a file: larger than any single JSOC data file (a full-disk 4k×4k AIA or
    // HMI image uncompressed as 64-bit floats is 128 MiB, a tar of a big export some GiB), small
    // enough that a server streaming without end stops long before most disks are full.
    static constexpr qint64 kFallbackMaxBytes = qint64(64) << 30;
    // A file of an export JSOC announced as `exportSizeMb` MB (<= 0 unknown) cannot be larger than
    // the export: twice that (JSOC rounds and may count MB as 10^6 or 2^20 bytes), at least 16 MiB.
    static qint64 maxBytesForExport(qint64 exportSizeMb);

    void start();
    // Stops the transfer and keeps the .part; finished() follows with Kind::Cancelled.
    void cancel();

    QUrl url() const { return m_url; }
    QString targetPath() const { return m_targetPath; }
    QString partPath() const { return partPathFor(m_targetPath); }
    static QString partPathFor(const QString &target) { return target + QLatin1String(".part"); }
    static QString lockPathFor(const QString &target) { return target + QLatin1String(".part.lock"); }
    static QString identityPathFor(const QString &target) { return PartFileIdentity::pathFor(partPathFor(target)); }
    // Deletes the .part and its identity (a real cancel). Only call while no job runs for `target`.
    static void removePartFiles(const QString &target);

    QByteArray validator() const { return m_validator; }
    qint64 bytesReceived() const { return m_received; } // file bytes on disk so far
    qint64 bytesTotal() const { return m_total; }        // -1 while unknown
    qint64 bytesTransferred() const { return m_transferred; } // body bytes fetched by this job
    int attempts() const { return m_attempts; }
    bool isFinished() const { return m_finished; }
    bool wasSkipped() const { return m_skipped; } // the final file already existed and verified
    // While waiting for the lock: who holds it, "jsoc-cli (pid 123 on host)" or "another program".
    QString lockHolder() const { return m_lockHolder; }
    const DownloadError &error() const { return m_error; }

signals:
    void progress(qint64 received, qint64 total);
    void validatorChanged(const QByteArray &validator);
    void retrying(int attempt, int delayMs, const QString &reason);
    // Another process holds the target's lock; `message` says who (program, pid, host).
    void waitingForLock(const QString &message);
    void finished();

private:
    // What the target was before we waited for its lock: a file another lock holder renamed into
    // place meanwhile differs (inode, size or time).
    struct TargetStamp {
        bool exists = false;
        quint64 inode = 0;
        qint64 size = 0;
        qint64 mtimeNs = 0;
        static TargetStamp of(const QString &path);
        bool operator==(const TargetStamp &) const = default;
    };

    void tryLock();
    void begin();
    void openPart();
    void attempt();
    bool handleHeaders();
    void onReadyRead();
    void onReplyFinished();
    void onSlowCheck();
    void onDeadline();
    void retryLater(const QString &reason, bool gainedBytes);
    void restartFromZero(const QString &reason);
    bool truncatePart();
    bool writeIdentity();
    void complete();
    void finishComplete(const DownloadVerification &check, qint64 size);
    // Runs DownloadVerification::check on the thread pool (it may read a whole large file) and
    // calls `next` back on this job's thread, unless the job finished or died meanwhile.
    void verifyThen(const QString &path, qint64 size, bool allowUnknownSize,
                    std::function<void(const DownloadVerification &)> next);
    void finish(const DownloadError &error);
    void abortWith(const DownloadError &error);
    DownloadError localError(const QString &what) const;
    QString giveUpReason(const QString &lastReason) const;

    QPointer<QNetworkAccessManager> m_manager;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    std::unique_ptr<QLockFile> m_lock;
    static constexpr qsizetype kChunkBytes = qsizetype(256) << 10;
    QByteArray m_chunk; // reused read buffer (kChunkBytes), allocated on the first body bytes
    QTimer m_retryTimer;
    QTimer m_lockTimer;
    QTimer m_slowTimer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_lockWait;
    QUrl m_url;
    QString m_targetPath;
    QString m_owner;
    QString m_lockMessage;
    QString m_lockHolder;
    QByteArray m_validator;
    Options m_options;
    DownloadError m_error;
    DownloadError m_pendingError; // decided while the reply was still running
    QString m_slowReason;         // set when the running attempt was abandoned as too slow
    qint64 m_expectedSize = -1;
    qint64 m_maxBytes = kFallbackMaxBytes;
    QString m_maxBytesWhat;
    TargetStamp m_stampBeforeWait;
    qint64 m_total = -1;
    qint64 m_received = 0;
    qint64 m_transferred = 0;
    qint64 m_attemptStart = 0;  // .part size when the current attempt began
    qint64 m_highWater = 0;     // the most bytes of this file the .part ever held
    qint64 m_windowStart = 0;   // m_transferred when the current slow-check window began
    qint64 m_lastCut = -1;      // where the last incomplete attempt ended
    int m_sameCutCount = 0;     // incomplete attempts in a row that ended at m_lastCut
    int m_attempts = 0;
    int m_retriesLeft = 0;
    int m_verifyFailures = 0;
    bool m_rangeIgnored = false; // answered 200 to a Range request whose validator still matched
    bool m_headersHandled = false;
    bool m_restart = false;
    bool m_discard = false;      // the body overran: throw the .part away
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_skipped = false;
    bool m_identityOnDisk = false; // the .part.json is ours to remove when the file completes
};

} // namespace jsoc
