#include "network/DownloadManager.h"

#include "model/common/DisplayFormat.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/SafeFileName.h"
#include "network/DownloadVerification.h"
#include "network/NetworkLog.h"

#include "model/fitsfile/VisibleText.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QtConcurrentRun>

#include <algorithm>

namespace jsoc {

DownloadManager::DownloadManager(QObject *parent) : QObject(parent), m_manager(new QNetworkAccessManager(this))
{
    m_manager->setAutoDeleteReplies(false);
    // Progress reaches views and the CLI at most 4 times a second.
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        // A stalled transfer sends no progress: sample it anyway so its speed falls to zero.
        for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
            if (Entry *e = entry(it.key())) {
                e->rate.add(e->item.received);
                m_progressDirty = true;
            }
        if (m_progressDirty) {
            m_progressDirty = false;
            emit progressChanged();
        }
        if (m_jobs.isEmpty())
            m_progressTimer.stop();
    });
}

DownloadManager::~DownloadManager()
{
    if (m_queue && !m_storageFailed)
        m_queue->flushDownloads(); // the last states; a failure here has nobody left to hear it
    for (DownloadJob *job : std::as_const(m_jobs)) {
        job->disconnect(this);
        delete job;
    }
}

void DownloadManager::setConnectionsPerHost(int n)
{
    m_perHost = std::clamp(n, 1, 8);
    schedule();
}

void DownloadManager::attachQueue(ExportQueue *queue, qint64 onlyExport)
{
    m_queue = queue;
    m_onlyExport = onlyExport;
    connect(queue, &ExportQueue::downloadsAdded, this, &DownloadManager::loadFromQueue);
    // A coalesced write that failed later: the same as a write that failed at once.
    connect(queue, &ExportQueue::downloadsWriteFailed, this, &DownloadManager::storageFailure);
    loadFromQueue();
}

void DownloadManager::followOnlyExport(qint64 exportId)
{
    m_onlyExport = exportId;
    loadFromQueue();
}

void DownloadManager::loadFromQueue()
{
    if (!m_queue)
        return;
    QList<DownloadItem> done;
    for (DownloadItem item : m_queue->downloads(m_onlyExport)) {
        if (m_entries.contains(item.id))
            continue;
        if (item.state == DownloadItem::State::Running) {
            item.state = DownloadItem::State::Waiting; // a session killed mid-transfer: resume
            m_queue->updateDownloadSoon(item);
        }
        const bool checkFirst = item.state == DownloadItem::State::Done;
        add(item, checkFirst);
        if (checkFirst)
            done.append(item);
    }
    if (!done.isEmpty())
        checkLoadedDone(done);
    schedule();
}

// Rows stored as Done are checked on disk before they count (issue 11: a file deleted or damaged
// since is downloaded again). FitsFileCheck reads the whole file: a worker thread keeps a window
// responsive while thousands of files are checked; their items wait meanwhile, so the manager is
// not idle and nothing reports them finished early.
void DownloadManager::checkLoadedDone(const QList<DownloadItem> &items)
{
    auto *watcher = new QFutureWatcher<QList<std::pair<qint64, QString>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        onDoneChecked(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([items] {
        QList<std::pair<qint64, QString>> problems; // (id, problem), empty problem = verified
        problems.reserve(items.size());
        for (const DownloadItem &item : items)
            problems.append({item.id, DownloadVerification::checkDone(item).problem});
        return problems;
    }));
}

void DownloadManager::onDoneChecked(const QList<std::pair<qint64, QString>> &problems)
{
    for (const auto &[id, problem] : problems) {
        Entry *e = entry(id);
        if (!e || !e->checking)
            continue;
        e->checking = false;
        if (e->item.state != DownloadItem::State::Waiting)
            continue; // paused or cancelled while it was checked: that choice stands
        if (problem.isEmpty()) {
            // Still Done in the queue: nothing to write.
            count(e->item, -1);
            e->item.state = DownloadItem::State::Done;
            e->item.error.clear();
            count(e->item, +1);
            publish(*e, false);
            emit itemFinished(e->item);
        } else {
            qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: recorded as done, but %2; queued again")
                                                .arg(QString::number(e->item.id), fits::visibleText(problem));
            count(e->item, -1);
            e->item.received = 0;
            count(e->item, +1);
            setState(*e, DownloadItem::State::Waiting,
                     QStringLiteral("%1 was recorded as downloaded, but %2; downloading it again.")
                         .arg(e->item.fileName, problem == QLatin1String("the file is missing")
                                                    ? QStringLiteral("it is no longer in %1").arg(e->item.folder)
                                                    : problem));
        }
    }
    m_progressDirty = true;
    schedule();
}

DownloadManager::Entry *DownloadManager::entry(qint64 id)
{
    auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : it->get();
}

void DownloadManager::count(const DownloadItem &item, int sign)
{
    if (item.state == DownloadItem::State::Waiting)
        m_waitingCount += sign;
    if (item.state == DownloadItem::State::Cancelled)
        return;
    m_files += sign;
    if (item.state == DownloadItem::State::Done)
        m_filesDone += sign;
    m_sumReceived += sign * item.received;
    if (item.size < 0)
        m_unknownSizes += sign;
    else
        m_sumSize += sign * item.size;
}

void DownloadManager::add(const DownloadItem &item, bool checkFirst)
{
    if (item.id == 0 || m_entries.contains(item.id))
        return;
    auto e = std::make_shared<Entry>();
    e->item = item;
    QString error;
    const bool nameOk = !pathInsideFolder(item.folder, item.fileName, &error).isEmpty();
    if (checkFirst && nameOk) { // Waiting in memory only (the row stays Done) until checkLoadedDone() decides
        e->item.state = DownloadItem::State::Waiting;
        e->checking = true;
        m_entries.insert(item.id, e);
        m_order.append(item.id);
        e->host = hostKey(item.url);
        count(e->item, +1);
        return;
    }
    e->host = hostKey(item.url);
    m_entries.insert(item.id, e);
    m_order.append(item.id);
    count(e->item, +1);
    if (checkFirst) { // a Done row with a name that is not allowed: no file of it is trusted
        setState(*e, DownloadItem::State::Failed, error);
        emit itemFinished(e->item);
    } else if (item.isFinished()) {
        emit itemFinished(e->item); // e.g. reloaded from the queue: listeners learn its outcome
    } else if (!nameOk) {
        qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: refused: %2").arg(QString::number(item.id), fits::visibleText(error));
        setState(*e, DownloadItem::State::Failed, error);
        emit itemFinished(e->item);
    } else if (item.state == DownloadItem::State::Waiting) {
        m_hosts[e->host].waiting.push_back(item.id);
        e->queued = true;
    }
}

void DownloadManager::enqueue(const DownloadItem &item)
{
    add(item);
    schedule();
}

void DownloadManager::enqueue(const QList<DownloadItem> &items)
{
    for (const DownloadItem &item : items)
        add(item);
    schedule();
}

QString DownloadManager::hostKey(const QUrl &url)
{
    return url.scheme() + QLatin1String("://") + url.host().toLower() + QLatin1Char(':') + QString::number(url.port(-1));
}

void DownloadManager::schedule()
{
    if (m_scheduling)
        return;
    m_scheduling = true;
    // (Idle is announced only after the last states are written: see the end.)
    if (!m_storageFailed) {
        // Few hosts (usually one); within a host, each waiting id is popped once.
        for (auto it = m_hosts.begin(); it != m_hosts.end(); ++it) {
            Host &host = it.value();
            while (host.running < m_perHost && !host.waiting.empty() && !m_storageFailed) {
                const qint64 id = host.waiting.front();
                host.waiting.pop_front();
                Entry *e = entry(id);
                if (!e)
                    continue;
                e->queued = false;
                if (e->item.state != DownloadItem::State::Waiting || m_jobs.contains(id))
                    continue;
                startJob(*e);
            }
        }
    }
    // Idle: whoever acts on it (the CLI exits) must find every state written, or hear why not.
    if (isIdle())
        persistNow();
    m_scheduling = false;
    if (isIdle())
        emit idle();
}

bool DownloadManager::persistNow()
{
    if (!m_queue || m_storageFailed)
        return !m_storageFailed;
    if (m_queue->flushDownloads())
        return true;
    storageFailure(m_queue->lastError());
    return false;
}

void DownloadManager::startJob(Entry &e)
{
    QString error;
    const QString path = pathInsideFolder(e.item.folder, e.item.fileName, &error);
    if (path.isEmpty()) {
        setState(e, DownloadItem::State::Failed, error);
        emit itemFinished(e.item);
        return;
    }
    qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: starting %2 (%3 of at most %4 running for %5)")
                                        .arg(QString::number(e.item.id), path, QString::number(m_hosts[e.host].running + 1),
                                             QString::number(m_perHost), e.host);
    auto *job = new DownloadJob(m_manager, e.item.url, path, this);
    job->setOptions(m_jobOptions);
    // A .part left by another export (or another row) under the same name is not resumed.
    job->setOwner(e.item.exportId > 0 ? QStringLiteral("export %1 download %2").arg(e.item.exportId).arg(e.item.id)
                                      : QStringLiteral("download %1").arg(e.item.id));
    job->setExpectedSize(e.item.size);
    if (e.item.exportSizeMb > 0)
        job->setMaxBytes(DownloadJob::maxBytesForExport(e.item.exportSizeMb),
                         QStringLiteral("what this export's %1 MB can hold").arg(e.item.exportSizeMb));
    const qint64 id = e.item.id;
    m_jobs.insert(id, job);
    ++m_hosts[e.host].running;
    m_maxRunningSeen = std::max(m_maxRunningSeen, int(m_jobs.size()));
    e.rate.reset();
    connect(job, &DownloadJob::progress, this, [this, id](qint64 received, qint64 total) {
        Entry *en = entry(id);
        if (!en)
            return;
        count(en->item, -1);
        en->item.received = received;
        const bool sizeChanged = total >= 0 && en->item.size != total;
        if (sizeChanged)
            en->item.size = total;
        count(en->item, +1);
        en->rate.add(received);
        if (sizeChanged)
            publish(*en, false); // saved with the next state change
        m_progressDirty = true;
    });
    connect(job, &DownloadJob::validatorChanged, this, [this, id](const QByteArray &validator) {
        Entry *en = entry(id);
        if (en && en->item.validator != validator) {
            en->item.validator = validator;
            publish(*en, false); // the .part's identity file holds it for a resume after a kill
        }
    });
    connect(job, &DownloadJob::retrying, this, [this, id](int attempt, int delayMs, const QString &reason) {
        emit itemRetrying(id, attempt, delayMs, reason);
    });
    connect(job, &DownloadJob::waitingForLock, this, [this, id, job](const QString &message) {
        if (Entry *en = entry(id)) {
            en->item.error = message;
            publish(*en, false);
        }
        emit itemWaiting(id, job->lockHolder()); // waiting is not a retry: nothing failed
    });
    connect(job, &DownloadJob::finished, this, [this, id] { onJobFinished(id); });
    setState(e, DownloadItem::State::Running);
    if (m_storageFailed || e.item.state != DownloadItem::State::Running)
        return; // the state could not be saved: storageFailure() paused it (the job ends as Cancelled)
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
    job->start();
}

DownloadJob *DownloadManager::takeJob(qint64 id)
{
    DownloadJob *job = m_jobs.take(id);
    if (job) {
        if (Entry *e = entry(id))
            --m_hosts[e->host].running;
    }
    return job;
}

void DownloadManager::onJobFinished(qint64 id)
{
    DownloadJob *job = takeJob(id);
    if (!job)
        return;
    job->deleteLater();
    Entry *e = entry(id);
    if (!e)
        return;
    const DownloadError &error = job->error();
    count(e->item, -1);
    e->item.received = job->bytesReceived();
    e->item.validator = job->validator();
    if (job->bytesTotal() >= 0)
        e->item.size = job->bytesTotal();
    count(e->item, +1);
    e->rate.reset(); // speed is shown for running items only
    m_progressDirty = true;
    if (!error.isError()) {
        setState(*e, DownloadItem::State::Done);
        emit itemFinished(e->item);
    } else if (error.kind == DownloadError::Kind::Cancelled) {
        // pause(), cancel() or a storage failure already chose the state.
        if (e->item.state == DownloadItem::State::Running)
            setState(*e, DownloadItem::State::Paused, error.message);
    } else if (error.kind == DownloadError::Kind::LocalFile) {
        setState(*e, DownloadItem::State::Paused, error.message); // resumable once the user fixes it
        emit itemFinished(e->item);
    } else {
        e->item.transferFailed = error.kind == DownloadError::Kind::Network || error.kind == DownloadError::Kind::Timeout
            || error.kind == DownloadError::Kind::Http;
        setState(*e, DownloadItem::State::Failed, error.message);
        emit itemFinished(e->item);
    }
    // Resumed while this job was still winding down: schedule() may have popped its id and skipped
    // it (a job still ran for it), so it goes back in line here.
    if (e->item.state == DownloadItem::State::Waiting && !e->queued) {
        m_hosts[e->host].waiting.push_back(id);
        e->queued = true;
    }
    schedule();
}

void DownloadManager::setState(Entry &e, DownloadItem::State state, const QString &error)
{
    count(e.item, -1);
    e.item.state = state;
    e.item.error = error;
    e.checking = false; // any decision (pause, cancel, storage failure) ends a pending check of a Done row
    count(e.item, +1);
    if (state == DownloadItem::State::Waiting && !e.queued) {
        m_hosts[e.host].waiting.push_back(e.item.id);
        e.queued = true;
    }
    // Running is not saved: a restart turns Running rows back into Waiting anyway, and on a real
    // disk each saved change is an fsynced SQLite transaction (bench_download_bookkeeping --queue disk).
    publish(e, !m_stopping && state != DownloadItem::State::Running);
}

void DownloadManager::publish(const Entry &e, bool persist)
{
    emit itemChanged(e.item);
    if (persist && m_queue)
        m_queue->updateDownloadSoon(e.item); // a failure comes back through downloadsWriteFailed
}

void DownloadManager::storageFailure(const QString &what)
{
    if (m_storageFailed)
        return;
    m_storageFailed = true;
    qCWarning(lcNetwork).noquote() << QStringLiteral("the download queue could not be saved (%1); all downloads paused")
                                          .arg(fits::visibleText(what));
    const QString message = QStringLiteral("The download queue could not be saved (%1); downloads are paused. "
                                           "Free some disk space or fix the queue database, then resume.")
                                .arg(what.isEmpty() ? QStringLiteral("unknown database error") : what);
    // Nothing more is written to the queue until a resume: its rows keep their last saved state,
    // which a later run resumes from (Running rows become Waiting).
    m_stopping = true;
    for (qint64 id : std::as_const(m_order)) {
        Entry *e = entry(id);
        if (!e || (e->item.state != DownloadItem::State::Waiting && e->item.state != DownloadItem::State::Running))
            continue;
        setState(*e, DownloadItem::State::Paused, message);
        if (DownloadJob *job = m_jobs.value(id))
            job->cancel();
    }
    m_stopping = false;
    emit storageFailed(message);
    if (!m_scheduling && isIdle())
        emit idle();
}

void DownloadManager::pause(qint64 id)
{
    pauseOne(id);
    persistNow(); // a user's choice is written at once
}

void DownloadManager::pauseOne(qint64 id)
{
    Entry *e = entry(id);
    if (!e || e->item.isFinished() || e->item.state == DownloadItem::State::Paused)
        return;
    qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: paused by the user").arg(id);
    setState(*e, DownloadItem::State::Paused, QStringLiteral("Paused by the user."));
    if (DownloadJob *job = m_jobs.value(id))
        job->cancel();
}

void DownloadManager::resume(qint64 id)
{
    Entry *e = entry(id);
    if (!e
        || (e->item.state != DownloadItem::State::Paused && e->item.state != DownloadItem::State::Failed
            && e->item.state != DownloadItem::State::Cancelled))
        return;
    qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: resumed by the user").arg(id);
    m_storageFailed = false; // try the queue again
    setState(*e, DownloadItem::State::Waiting);
    if (persistNow())
        schedule();
}

// The .part and its identity file stay: a cancel by mistake of a 4 GB file costs nothing, and
// resume()/retry() continue from them under the same identity rules as after a pause (the same
// URL, owner and validator, else the job starts over). The final name only ever receives verified
// bytes (DownloadJob::complete), so a kept .part can never be taken for the file.
void DownloadManager::cancel(qint64 id)
{
    Entry *e = entry(id);
    if (!e || e->item.state == DownloadItem::State::Done || e->item.state == DownloadItem::State::Cancelled)
        return;
    qCDebug(lcNetwork).noquote() << QStringLiteral("download %1: cancelled by the user").arg(id);
    if (DownloadJob *job = takeJob(id)) {
        count(e->item, -1);
        e->item.received = job->bytesReceived(); // what the kept .part holds
        e->item.validator = job->validator();
        count(e->item, +1);
        job->disconnect(this);
        delete job; // aborts the reply, closes the .part, releases the lock
    }
    e->rate.reset();
    setState(*e, DownloadItem::State::Cancelled,
             e->item.received > 0
                 ? QStringLiteral("Cancelled by the user; the %1 already downloaded are kept in %2.part, so Resume "
                                  "continues from there.")
                       .arg(format::bytes(e->item.received), e->item.fileName)
                 : QStringLiteral("Cancelled by the user."));
    m_progressDirty = true;
    emit itemFinished(e->item);
    if (persistNow())
        schedule();
}

void DownloadManager::pauseAll()
{
    for (qint64 id : std::as_const(m_order))
        pauseOne(id);
    persistNow();
}

void DownloadManager::resumeAll()
{
    m_storageFailed = false;
    for (qint64 id : std::as_const(m_order)) {
        Entry *e = entry(id);
        if (e && e->item.state == DownloadItem::State::Paused)
            setState(*e, DownloadItem::State::Waiting);
    }
    if (persistNow())
        schedule();
}

QList<DownloadItem> DownloadManager::items() const
{
    QList<DownloadItem> result;
    result.reserve(m_order.size());
    for (qint64 id : m_order)
        result.append(m_entries.value(id)->item);
    return result;
}

DownloadItem DownloadManager::item(qint64 id) const
{
    const auto e = m_entries.value(id);
    return e ? e->item : DownloadItem{};
}

DownloadManager::Progress DownloadManager::itemProgress(qint64 id) const
{
    Progress p;
    const auto e = m_entries.value(id);
    if (!e)
        return p;
    p.files = 1;
    p.filesDone = e->item.state == DownloadItem::State::Done ? 1 : 0;
    p.received = e->item.received;
    p.total = e->item.size;
    if (m_jobs.contains(id)) {
        p.bytesPerSecond = e->rate.bytesPerSecond();
        p.etaSeconds = p.total >= 0 ? e->rate.etaSeconds(p.total - p.received) : -1;
    }
    return p;
}

DownloadManager::Progress DownloadManager::totalProgress() const
{
    Progress p;
    p.files = m_files;
    p.filesDone = m_filesDone;
    p.received = m_sumReceived;
    p.total = m_unknownSizes > 0 ? -1 : m_sumSize;
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it) // only the running ones
        if (const auto e = m_entries.value(it.key()))
            p.bytesPerSecond += e->rate.bytesPerSecond();
    if (p.total >= 0)
        p.etaSeconds = DownloadRate::etaSeconds(p.total - p.received, p.bytesPerSecond);
    return p;
}

} // namespace jsoc
