#pragma once

#include "model/DownloadQueueItem.h"
#include "network/DownloadJob.h"
#include "network/DownloadRate.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace jsoc {

class ExportQueue;

// Runs download items (model/DownloadQueueItem.h) with a per-host connection cap (default 1, as
// JSOC expects — protocol quirk 22; at most 8), pause/resume/cancel/retry, and per-file and
// total progress with speed and ETA (progress signals throttled to 4 Hz).
//
// Items are validated before anything is written: a file name refused by SafeFileName fails
// the item with a message. Attached to an ExportQueue (attachQueue), every state change is
// persisted there and new downloads appearing in the queue are picked up; progress itself is not
// persisted: the .part on disk is the truth on restart.
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

    // Adds an item (id must be unique and non-zero; stored items use their row id).
    void enqueue(const DownloadItem &item);
    void pause(qint64 id);
    void resume(qint64 id);  // Paused or Failed → Waiting
    void retry(qint64 id) { resume(id); }
    void cancel(qint64 id);  // stops and deletes the .part
    void pauseAll();
    void resumeAll();

    QList<DownloadItem> items() const;
    DownloadItem item(qint64 id) const;
    int runningCount() const { return int(m_jobs.size()); }
    int maxRunningSeen() const { return m_maxRunningSeen; } // for tests of the host cap
    bool isIdle() const; // nothing running or waiting
    Progress totalProgress() const;
    Progress itemProgress(qint64 id) const;

signals:
    void itemChanged(const jsoc::DownloadItem &item); // state, size, validator or error changed
    void itemFinished(const jsoc::DownloadItem &item); // Done, Failed or Cancelled
    void progressChanged(); // throttled; read totalProgress()/itemProgress()
    void itemRetrying(qint64 id, int attempt, int delayMs, const QString &reason);
    void idle();

private:
    struct Entry {
        DownloadItem item;
        DownloadRate rate;
    };
    Entry *entry(qint64 id);
    void schedule();
    void startJob(Entry &e);
    void onJobFinished(qint64 id);
    void setState(Entry &e, DownloadItem::State state, const QString &error = QString());
    void publish(const Entry &e);
    void loadFromQueue();
    static QString hostKey(const QUrl &url);

    QNetworkAccessManager *m_manager = nullptr;
    ExportQueue *m_queue = nullptr;
    QList<qint64> m_order;
    QHash<qint64, std::shared_ptr<Entry>> m_entries;
    QHash<qint64, DownloadJob *> m_jobs;
    DownloadJob::Options m_jobOptions;
    QTimer m_progressTimer;
    int m_perHost = 1;
    int m_maxRunningSeen = 0;
    qint64 m_onlyExport = 0;
    bool m_progressDirty = false;
    bool m_scheduling = false;
};

} // namespace jsoc
