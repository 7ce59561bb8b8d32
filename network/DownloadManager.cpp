#include "network/DownloadManager.h"

#include "model/ExportQueue.h"
#include "model/SafeFileName.h"

#include <QNetworkAccessManager>

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
    loadFromQueue();
}

void DownloadManager::loadFromQueue()
{
    if (!m_queue)
        return;
    for (DownloadItem item : m_queue->downloads(m_onlyExport)) {
        if (m_entries.contains(item.id))
            continue;
        if (item.state == DownloadItem::State::Running) {
            item.state = DownloadItem::State::Waiting; // a session killed mid-transfer: resume
            m_queue->updateDownload(item);
        }
        enqueue(item);
    }
}

DownloadManager::Entry *DownloadManager::entry(qint64 id)
{
    auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : it->get();
}

void DownloadManager::enqueue(const DownloadItem &item)
{
    if (item.id == 0 || m_entries.contains(item.id))
        return;
    auto e = std::make_shared<Entry>();
    e->item = item;
    m_entries.insert(item.id, e);
    m_order.append(item.id);
    QString error;
    if (item.isFinished()) {
        emit itemFinished(e->item); // e.g. reloaded from the queue: listeners learn its outcome
    } else if (pathInsideFolder(item.folder, item.fileName, &error).isEmpty()) {
        setState(*e, DownloadItem::State::Failed, error);
        emit itemFinished(e->item);
    }
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
    QHash<QString, int> running;
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
        ++running[hostKey(it.value()->url())];
    for (qint64 id : std::as_const(m_order)) {
        Entry *e = entry(id);
        if (!e || e->item.state != DownloadItem::State::Waiting || m_jobs.contains(id))
            continue;
        const QString host = hostKey(e->item.url);
        if (running.value(host) >= m_perHost)
            continue;
        ++running[host];
        startJob(*e);
    }
    m_scheduling = false;
    if (isIdle())
        emit idle();
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
    auto *job = new DownloadJob(m_manager, e.item.url, path, this);
    job->setOptions(m_jobOptions);
    job->setValidator(e.item.validator);
    job->setExpectedSize(e.item.size);
    const qint64 id = e.item.id;
    m_jobs.insert(id, job);
    m_maxRunningSeen = std::max(m_maxRunningSeen, int(m_jobs.size()));
    e.rate.reset();
    connect(job, &DownloadJob::progress, this, [this, id](qint64 received, qint64 total) {
        if (Entry *en = entry(id)) {
            en->item.received = received;
            en->rate.add(received);
            if (total >= 0 && en->item.size != total) {
                en->item.size = total;
                publish(*en);
            }
            m_progressDirty = true;
        }
    });
    connect(job, &DownloadJob::validatorChanged, this, [this, id](const QByteArray &validator) {
        if (Entry *en = entry(id)) {
            en->item.validator = validator;
            publish(*en); // persisted before more bytes land, so If-Range works after a kill
        }
    });
    connect(job, &DownloadJob::retrying, this, [this, id](int attempt, int delayMs, const QString &reason) {
        emit itemRetrying(id, attempt, delayMs, reason);
    });
    connect(job, &DownloadJob::finished, this, [this, id] { onJobFinished(id); });
    setState(e, DownloadItem::State::Running);
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
    job->start();
}

void DownloadManager::onJobFinished(qint64 id)
{
    DownloadJob *job = m_jobs.take(id);
    if (!job)
        return;
    job->deleteLater();
    Entry *e = entry(id);
    if (!e)
        return;
    const DownloadError &error = job->error();
    e->item.received = job->bytesReceived();
    e->item.validator = job->validator();
    if (job->bytesTotal() >= 0)
        e->item.size = job->bytesTotal();
    m_progressDirty = true;
    if (!error.isError()) {
        setState(*e, DownloadItem::State::Done);
        emit itemFinished(e->item);
    } else if (error.kind == DownloadError::Kind::Cancelled) {
        // pause() or cancel() already chose the state.
        if (e->item.state == DownloadItem::State::Running)
            setState(*e, DownloadItem::State::Paused, error.message);
    } else if (error.kind == DownloadError::Kind::LocalFile) {
        setState(*e, DownloadItem::State::Paused, error.message); // resumable once the user fixes it
        emit itemFinished(e->item);
    } else {
        setState(*e, DownloadItem::State::Failed, error.message);
        emit itemFinished(e->item);
    }
    schedule();
}

void DownloadManager::setState(Entry &e, DownloadItem::State state, const QString &error)
{
    e.item.state = state;
    e.item.error = error;
    publish(e);
}

void DownloadManager::publish(const Entry &e)
{
    if (m_queue)
        m_queue->updateDownload(e.item);
    emit itemChanged(e.item);
}

void DownloadManager::pause(qint64 id)
{
    Entry *e = entry(id);
    if (!e || e->item.isFinished() || e->item.state == DownloadItem::State::Paused)
        return;
    setState(*e, DownloadItem::State::Paused, QStringLiteral("Paused by the user."));
    if (DownloadJob *job = m_jobs.value(id))
        job->cancel();
}

void DownloadManager::resume(qint64 id)
{
    Entry *e = entry(id);
    if (!e || (e->item.state != DownloadItem::State::Paused && e->item.state != DownloadItem::State::Failed))
        return;
    setState(*e, DownloadItem::State::Waiting);
    schedule();
}

void DownloadManager::cancel(qint64 id)
{
    Entry *e = entry(id);
    if (!e || e->item.state == DownloadItem::State::Done || e->item.state == DownloadItem::State::Cancelled)
        return;
    setState(*e, DownloadItem::State::Cancelled, QStringLiteral("Cancelled by the user."));
    if (DownloadJob *job = m_jobs.take(id)) {
        job->disconnect(this);
        delete job; // aborts the reply and closes the .part
    }
    QString error;
    const QString path = pathInsideFolder(e->item.folder, e->item.fileName, &error);
    if (!path.isEmpty())
        QFile::remove(path + QLatin1String(".part"));
    e->item.received = 0;
    emit itemFinished(e->item);
    schedule();
}

void DownloadManager::pauseAll()
{
    for (qint64 id : std::as_const(m_order))
        pause(id);
}

void DownloadManager::resumeAll()
{
    for (qint64 id : std::as_const(m_order)) {
        Entry *e = entry(id);
        if (e && e->item.state == DownloadItem::State::Paused)
            setState(*e, DownloadItem::State::Waiting);
    }
    schedule();
}

QList<DownloadItem> DownloadManager::items() const
{
    QList<DownloadItem> result;
    for (qint64 id : m_order)
        result.append(m_entries.value(id)->item);
    return result;
}

DownloadItem DownloadManager::item(qint64 id) const
{
    const auto e = m_entries.value(id);
    return e ? e->item : DownloadItem{};
}

bool DownloadManager::isIdle() const
{
    if (!m_jobs.isEmpty())
        return false;
    for (const auto &e : m_entries)
        if (e->item.state == DownloadItem::State::Waiting)
            return false;
    return true;
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
    p.total = 0;
    bool unknown = false;
    for (const auto &e : m_entries) {
        if (e->item.state == DownloadItem::State::Cancelled)
            continue;
        ++p.files;
        if (e->item.state == DownloadItem::State::Done)
            ++p.filesDone;
        p.received += e->item.received;
        if (e->item.size < 0)
            unknown = true;
        else
            p.total += e->item.size;
        if (m_jobs.contains(e->item.id))
            p.bytesPerSecond += e->rate.bytesPerSecond();
    }
    if (unknown)
        p.total = -1;
    if (p.total >= 0 && p.bytesPerSecond > 0)
        p.etaSeconds = qint64((p.total - p.received) / p.bytesPerSecond + 0.999);
    return p;
}

} // namespace jsoc
