#pragma once

#include "model/exports/DownloadQueueItem.h"
#include "model/exports/ExportQueueEntry.h"
#include "model/common/JsocError.h"

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
// - a completed export that lists fewer usable files than JSOC announced (NoDataFile rows, ...)
//   says so in its message; one with no usable file at all is Failed, never "done with 0 files";
// - an answer that cannot be read is not "unreachable": the message says JSOC answered, with an
//   excerpt of what it sent.
// Restart-safe: start() resumes Submitting (resubmission is deduplicated by JSOC, quirk 12) and
// Pending entries found in the queue.
// Every queue write is checked: when one fails (read-only file, disk full) the poller stops at
// once and emits storageFailed with the words to show (naming the request id, so nothing is lost).
// Messages stored in the queue are neutral: the GUI and the CLI add their own advice.
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
        // > 0: only this Queued export is sent (jsoc-cli runs one export); every active one is
        // still followed, since an earlier run's pending request holds up the same address.
        qint64 onlyExport = 0;
        // Ask JSOC (manage-request.sh check) before sending whether the address has a request
        // pending that this queue does not know (another program, another machine).
        bool askJsocFirst = true;
    };

    ExportPoller(JsocClient *client, ExportQueue *queue, QObject *parent = nullptr);
    ~ExportPoller() override;

    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }

    void start();
    void stop();
    // Something outside changed what JSOC holds (a pending request cancelled there): queued
    // requests are looked at again now instead of at their next planned try.
    void wake();

    // Local actions (JSOC has no way to cancel a request; cancelling forgets it here).
    void cancel(qint64 id);
    // Failed/Expired: polls again (when JSOC gave an id) or resubmits.
    void retry(qint64 id);
    // A new queued copy of an export (after expiry); returns its id, 0 on failure.
    qint64 reexport(qint64 id);

    // The last transport failure (unreachable, HTTP error, unreadable answer) of an entry that
    // failed because of it; Kind::None otherwise. For the CLI's exit code.
    JsocError lastFailure(qint64 id) const { return m_lastFailure.value(id); }
    bool isRunning() const { return m_running; }

signals:
    void entryFinished(qint64 id, jsoc::ExportQueueEntry::State state);
    // A queue write failed; the poller has stopped. `message` says what failed and what became of
    // the request (its id), e.g. "Cannot write the export queue …: database or disk is full.
    // Nothing was lost: request JSOC_… is still pending at JSOC; fix the file and run again."
    void storageFailed(qint64 id, const QString &message);
    void expiringSoon(qint64 id, const QDateTime &expiresAt);
    // JSOC answered export `from`'s submission with the request id export `into` already follows
    // (JSOC repeats an identical request's id within 24 h): `from` was removed, `into` goes on.
    void merged(qint64 from, qint64 into);

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
    bool transportFailure(ExportQueueEntry &entry, const JsocError &error, bool submitAgain);
    // Stores the entry; false (and the poller stopped, storageFailed emitted) when the write failed.
    bool store(const ExportQueueEntry &entry);
    bool setState(ExportQueueEntry &entry, ExportQueueEntry::State state, int jsocStatus, const QString &message);
    void storageFailure(const ExportQueueEntry &entry);
    void complete(ExportQueueEntry entry, const ExportStatus &status);
    void checkExpiry();
    // Why `e` may not be sent yet, from this queue alone: an earlier request of the same address
    // that JSOC still counts (Submitting, or Pending for less than 60 min), or one queued before it.
    // Returns the blocking entry's id (0 none) and sets `until` when JSOC stops counting it.
    qint64 localBlocker(const ExportQueueEntry &e, const QList<ExportQueueEntry> &all, QDateTime *until) const;
    void askJsocThenSubmit(const ExportQueueEntry &e);
    bool mergeDuplicate(ExportQueueEntry &entry);

    QPointer<JsocClient> m_client;
    QPointer<ExportQueue> m_queue;
    Options m_options;
    QHash<qint64, std::shared_ptr<Track>> m_tracks;
    QTimer m_pumpTimer;
    QTimer m_expiryTimer;
    bool m_running = false;
    QHash<qint64, bool> m_warned;
    QHash<qint64, JsocError> m_lastFailure;
    QHash<QString, QPointer<JsocJob>> m_pendingChecks; // by address: one question to JSOC at a time
};

} // namespace jsoc
