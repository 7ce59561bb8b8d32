#pragma once

#include "model/DownloadQueueItem.h"
#include "model/ExportQueueEntry.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace jsoc {

class ExportQueue;
class JsocClient;
class JsocJob;

// Drives the persistent export queue against JSOC (protocol §3.8-3.13):
// - one pending export per notify e-mail: further requests stay Queued locally and are sent when
//   the pending one finishes; a status 7 (another client of the same address) puts the request
//   back in the queue with an explanation and tries again later, never as a failure;
// - polls exp_status on its own timer with back-off (initial → ×factor → max), never sleeping on
//   JSOC's `wait`; status 6 is retried `status6Retries` times; unreachable JSOC is retried with
//   back-off `maxFailures` times;
// - on status 0 stores the export's files as downloads (names checked by SafeFileName; refused
//   names become failed downloads with the reason), atomically with the Done state;
// - status 5 or 7 days after completion → Expired (re-export offered); `expiringSoon` warns
//   `expiryWarningSecs` before.
// Restart-safe: start() resumes Submitting (resubmission is deduplicated by JSOC, quirk 12) and
// Pending entries found in the queue.
class ExportPoller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportPoller)

public:
    struct Options {
        int pollInitialMs = 5000;
        int pollMaxMs = 60000;
        double pollFactor = 1.5;
        int status6Retries = 5;
        int maxFailures = 8;              // consecutive unreachable/garbled answers before Failed
        int busyRetryMs = 60000;          // after a status 7, wait this long before sending again
        qint64 expiryWarningSecs = 86400; // warn a day before JSOC deletes the files
    };

    ExportPoller(JsocClient *client, ExportQueue *queue, QObject *parent = nullptr);
    ~ExportPoller() override;

    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }

    void start();
    void stop();

    // Local actions (JSOC has no way to cancel a request; cancelling forgets it here).
    void cancel(qint64 id);
    // Failed/Expired: polls again (when JSOC gave an id) or resubmits.
    void retry(qint64 id);
    // A new queued copy of an export (after expiry); returns its id, 0 on failure.
    qint64 reexport(qint64 id);

signals:
    void entryFinished(qint64 id, jsoc::ExportQueueEntry::State state);
    void expiringSoon(qint64 id, const QDateTime &expiresAt);

private:
    struct Track;
    Track &track(qint64 id);
    void pump();
    void submit(ExportQueueEntry entry);
    void poll(qint64 id);
    void onSubmitted(qint64 id);
    void onPolled(qint64 id);
    void schedule(qint64 id, int delayMs, bool submitAgain);
    void handleResult(qint64 id, bool fromSubmit);
    bool transportFailure(ExportQueueEntry &entry, const QString &message, bool submitAgain);
    void setState(ExportQueueEntry &entry, ExportQueueEntry::State state, int jsocStatus, const QString &message);
    void complete(ExportQueueEntry entry, const ExportStatus &status);
    void checkExpiry();

    QPointer<JsocClient> m_client;
    QPointer<ExportQueue> m_queue;
    Options m_options;
    QHash<qint64, std::shared_ptr<Track>> m_tracks;
    QTimer m_pumpTimer;
    QTimer m_expiryTimer;
    bool m_running = false;
    QHash<qint64, bool> m_warned;
};

} // namespace jsoc
