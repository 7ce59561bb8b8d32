#pragma once

#include "model/exports/DownloadQueueItem.h"
#include "network/DownloadJob.h"
#include "network/DownloadRate.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <memory>

class QNetworkAccessManager;

namespace jsoc {

class ExportQueue;

// Runs download items (model/exports/DownloadQueueItem.h) with a per-host connection cap (default 1, as
// JSOC expects — protocol quirk 22; at most 8), pause/resume/cancel/retry, and per-file and
// total progress with speed and ETA (progress signals throttled to 4 Hz).
//
// Items are validated before anything is written: a file name refused by SafeFileName fails
// the item with a message. Attached to an ExportQueue (attachQueue), every state change but
// Running is persisted there (coalesced: ExportQueue::updateDownloadSoon, flushed at once after
// a user's pause/resume/cancel and whenever the manager becomes idle) and new downloads appearing
// in the queue are picked up; progress, size and validator are persisted with the next state
// change only: the .part and its identity file on disk are the truth on restart (network/DownloadJob.h).
// A row loaded as Done is not believed: its file is checked (DownloadVerification::checkDone, in a
// worker thread) and, missing or not verifying, downloaded again.
//
// Cost: every event (enqueue, start, progress, finish) is O(1) amortised: a FIFO of waiting ids
// per host, running counts per host, and running sums for totalProgress() and isIdle().
class DownloadManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadManager)

public:
    struct Progress {
        qint64 received = 0;
        qint64 total = -1;       // -1 while any size is unknown
        double bytesPerSecond = 0;
        qint64 etaSeconds = -1;  // -1 unknown
        int filesDone = 0;
        int files = 0;
    };

    explicit DownloadManager(QObject *parent = nullptr);
    ~DownloadManager() override;

    QNetworkAccessManager *networkAccessManager() const { return m_manager; }
    void setConnectionsPerHost(int n); // clamped to 1..8
    int connectionsPerHost() const { return m_perHost; }
    void setJobOptions(const DownloadJob::Options &options) { m_jobOptions = options; }

    // Persists every state change in `queue` and loads its downloads (Running ones from a killed
    // session become Waiting again). New downloads added to the queue start too. `onlyExport` > 0
    // limits this to the downloads of that export (the CLI runs one export at a time).
    void attachQueue(ExportQueue *queue, qint64 onlyExport = 0);
    // The CLI's export became another row (JSOC answered with a request id that row follows):
    // its downloads are the ones to run now.
    void followOnlyExport(qint64 exportId);

    // Adds an item (id must be unique and non-zero; stored items use their row id).
    void enqueue(const DownloadItem &item);
    // Adds many items and schedules once.
    void enqueue(const QList<DownloadItem> &items);
    void pause(qint64 id);
    // Paused, Failed or Cancelled → Waiting; continues from the kept .part when its identity matches.
    void resume(qint64 id);
    void retry(qint64 id) { resume(id); }
    // Stops it and sets it aside (Cancelled: not counted in totalProgress()). The .part and its
    // identity are kept so that resume()/retry() continue where it stopped; the final name never
    // holds anything but verified bytes.
    void cancel(qint64 id);
    void pauseAll();
    void resumeAll();

    QList<DownloadItem> items() const;
    DownloadItem item(qint64 id) const;
    int runningCount() const { return int(m_jobs.size()); }
    int maxRunningSeen() const { return m_maxRunningSeen; } // for tests of the host cap
    // Nothing running or waiting (items whose file is being checked count as waiting).
    bool isIdle() const { return m_jobs.isEmpty() && m_waitingCount == 0; }
    Progress totalProgress() const;
    Progress itemProgress(qint64 id) const;
    // True after a write to the attached ExportQueue failed (see storageFailed); resume clears it.
    bool hasStorageFailed() const { return m_storageFailed; }

signals:
    void itemChanged(const jsoc::DownloadItem &item); // state, size, validator or error changed
    void itemFinished(const jsoc::DownloadItem &item); // Done, Failed or Cancelled
    void progressChanged(); // throttled; read totalProgress()/itemProgress()
    // Retried after `delayMs` (a transfer failed; waiting for another process is itemWaiting).
    void itemRetrying(qint64 id, int attempt, int delayMs, const QString &reason);
    // Another process holds the file's lock (it is downloading the same file into the same
    // folder); `holder` names it: "jsoc-cli (pid 123 on host)". Once per item and holder; the
    // item starts by itself when the lock is released.
    void itemWaiting(qint64 id, const QString &holder);
    void idle();
    // A state change could not be saved in the ExportQueue (disk full, database gone or locked):
    // everything running or waiting is paused (not persisted: the queue cannot take it) and no
    // new download starts until resume()/resumeAll(). `message` says what failed, in words.
    // Emitted once per failure episode.
    void storageFailed(const QString &message);

private:
    struct Entry {
        DownloadItem item;
        DownloadRate rate;
        QString host;        // hostKey(item.url), computed once
        bool queued = false; // its id is in its host's waiting FIFO
        bool checking = false; // loaded as Done; Waiting until its file on disk is checked
    };
    struct Host {
        std::deque<qint64> waiting; // FIFO; ids whose state changed since are skipped when popped
        int running = 0;
    };
    Entry *entry(qint64 id);
    void add(const DownloadItem &item, bool checkFirst = false);
    void checkLoadedDone(const QList<DownloadItem> &items);
    void onDoneChecked(const QList<std::pair<qint64, QString>> &problems);
    bool persistNow(); // writes coalesced rows; false after a storage failure
    void schedule();
    void startJob(Entry &e);
    void onJobFinished(qint64 id);
    void pauseOne(qint64 id);
    DownloadJob *takeJob(qint64 id);
    void setState(Entry &e, DownloadItem::State state, const QString &error = QString());
    void publish(const Entry &e, bool persist = true);
    void storageFailure(const QString &what);
    void loadFromQueue();
    // Running sums: an item's contribution is removed before it changes and added back after.
    void count(const DownloadItem &item, int sign);
    static QString hostKey(const QUrl &url);

    QNetworkAccessManager *m_manager = nullptr;
    QPointer<ExportQueue> m_queue;
    QList<qint64> m_order;
    QHash<qint64, std::shared_ptr<Entry>> m_entries;
    QHash<qint64, DownloadJob *> m_jobs;
    QHash<QString, Host> m_hosts;
    DownloadJob::Options m_jobOptions;
    QTimer m_progressTimer;
    // Running sums over the entries (Cancelled ones excluded from files/bytes).
    qint64 m_sumReceived = 0;
    qint64 m_sumSize = 0;
    int m_unknownSizes = 0;
    int m_files = 0;
    int m_filesDone = 0;
    int m_waitingCount = 0;
    int m_perHost = 1;
    int m_maxRunningSeen = 0;
    qint64 m_onlyExport = 0;
    bool m_progressDirty = false;
    bool m_scheduling = false;
    bool m_storageFailed = false;
    bool m_stopping = false; // pausing everything after a storage failure
};

} // namespace jsoc
