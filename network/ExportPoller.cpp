#include "network/ExportPoller.h"

#include "model/exports/ExportCompleteness.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"
#include "model/exports/SafeFileName.h"
#include "network/JsocClient.h"

#include <QSet>

#include <algorithm>

namespace jsoc {
namespace {

// What went wrong in words that fit: an answer that could not be read is not "unreachable".
QString transportProblem(const JsocError &e)
{
    switch (e.kind) {
    case JsocError::Kind::BadResponse:
        return QStringLiteral("JSOC answered, but its answer could not be read (%1)").arg(e.message);
    case JsocError::Kind::HttpStatus:
        return QStringLiteral("JSOC's web server answered with an error (%1)").arg(e.message);
    default:
        return QStringLiteral("JSOC could not be reached (%1)").arg(e.message);
    }
}

} // namespace

struct ExportPoller::Track {
    QTimer timer;
    QPointer<ExportJob> job;
    int delayMs = 0;
    int failures = 0;
    int status6 = 0;
    qint64 notBeforeMs = 0; // Queued after a status 7: not before this time
    bool submitNext = false;
};

ExportPoller::ExportPoller(JsocClient *client, ExportQueue *queue, QObject *parent)
    : QObject(parent), m_client(client), m_queue(queue)
{
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &ExportPoller::pump);
    m_expiryTimer.setInterval(60 * 60 * 1000);
    connect(&m_expiryTimer, &QTimer::timeout, this, &ExportPoller::checkExpiry);
    connect(queue, &ExportQueue::entryAdded, this, [this] {
        if (m_running)
            m_pumpTimer.start(0);
    });
}

ExportPoller::~ExportPoller()
{
    stop();
}

ExportPoller::Track &ExportPoller::track(qint64 id)
{
    auto &t = m_tracks[id];
    if (!t) {
        t = std::make_shared<Track>();
        t->timer.setSingleShot(true);
        connect(&t->timer, &QTimer::timeout, this, [this, id] {
            Track &tr = track(id);
            if (!m_running)
                return;
            if (tr.submitNext) {
                if (const auto e = m_queue->entry(id); e && e->state == ExportQueueEntry::State::Submitting)
                    submit(*e);
            } else {
                poll(id);
            }
        });
    }
    return *t;
}

void ExportPoller::start()
{
    if (m_running || !m_queue || !m_client)
        return;
    m_running = true;
    m_expiryTimer.start();
    for (const ExportQueueEntry &e : m_queue->entries()) {
        if (e.state == ExportQueueEntry::State::Submitting)
            schedule(e.id, 0, true);
        else if (e.state == ExportQueueEntry::State::Pending)
            schedule(e.id, 0, false);
    }
    checkExpiry();
    pump();
}

void ExportPoller::stop()
{
    m_running = false;
    m_pumpTimer.stop();
    m_expiryTimer.stop();
    for (auto &t : m_tracks) {
        t->timer.stop();
        if (t->job) {
            t->job->disconnect(this);
            t->job->deleteLater();
        }
    }
    m_tracks.clear();
}

void ExportPoller::pump()
{
    if (!m_running)
        return;
    const QList<ExportQueueEntry> all = m_queue->entries();
    QSet<QString> busy;
    for (const ExportQueueEntry &e : all)
        if (e.isActive())
            busy.insert(e.options.notify.trimmed().toLower());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 nextWake = -1;
    for (const ExportQueueEntry &e : all) {
        if (e.state != ExportQueueEntry::State::Queued)
            continue;
        const QString who = e.options.notify.trimmed().toLower();
        if (busy.contains(who))
            continue;
        const qint64 notBefore = m_tracks.contains(e.id) ? m_tracks.value(e.id)->notBeforeMs : 0;
        if (notBefore > now) {
            nextWake = nextWake < 0 ? notBefore : std::min(nextWake, notBefore);
            busy.insert(who); // keep the order: later requests of this address wait behind it
            continue;
        }
        busy.insert(who);
        submit(e);
        if (!m_running) // the queue could not be written: nothing more is sent
            return;
    }
    if (nextWake >= 0)
        m_pumpTimer.start(int(std::max<qint64>(0, nextWake - now)));
}

bool ExportPoller::store(const ExportQueueEntry &entry)
{
    if (m_queue->update(entry))
        return true;
    storageFailure(entry);
    return false;
}

void ExportPoller::storageFailure(const ExportQueueEntry &entry)
{
    // Going on would poll and re-poll without ever recording the answer (an endless, silent
    // wait): stop everything and say so, naming the request so the user can follow it.
    const QString text = m_queue->writeFailureText(entry);
    stop();
    emit storageFailed(entry.id, text);
}

bool ExportPoller::setState(ExportQueueEntry &entry, ExportQueueEntry::State state, int jsocStatus, const QString &message)
{
    entry.state = state;
    if (jsocStatus >= 0)
        entry.jsocStatus = jsocStatus;
    entry.message = message;
    if (!store(entry))
        return false;
    if (entry.isTerminal()) {
        if (auto t = m_tracks.take(entry.id); t && t->job) {
            t->job->disconnect(this);
            t->job->deleteLater();
        }
        emit entryFinished(entry.id, state);
        m_pumpTimer.start(0); // the address may have a queued request waiting
    }
    return true;
}

void ExportPoller::submit(ExportQueueEntry entry)
{
    Track &t = track(entry.id);
    if (t.job)
        return;
    // Stored before sending: a kill now leaves Submitting, and the resubmission after a restart
    // gets the same request id back from JSOC (protocol quirk 12), so nothing is lost or doubled.
    if (entry.state != ExportQueueEntry::State::Submitting) {
        const ExportQueueEntry before = entry;
        entry.state = ExportQueueEntry::State::Submitting;
        entry.message = QStringLiteral("Sending the request to JSOC.");
        if (!m_queue->update(entry)) { // not stored, so not sent: nothing would remember it
            storageFailure(before);
            return;
        }
    }
    t.job = m_client->requestExport(entry.options);
    const qint64 id = entry.id;
    connect(t.job, &JsocJob::finished, this, [this, id] { handleResult(id, true); });
}

void ExportPoller::poll(qint64 id)
{
    const auto e = m_queue->entry(id);
    if (!m_running || !e || e->state != ExportQueueEntry::State::Pending)
        return;
    Track &t = track(id);
    if (t.job)
        return;
    t.job = m_client->exportStatus(e->requestId);
    connect(t.job, &JsocJob::finished, this, [this, id] { handleResult(id, false); });
}

void ExportPoller::schedule(qint64 id, int delayMs, bool submitAgain)
{
    Track &t = track(id);
    t.submitNext = submitAgain;
    t.timer.start(std::max(0, delayMs));
}

bool ExportPoller::transportFailure(ExportQueueEntry &entry, const JsocError &error, bool submitAgain)
{
    Track &t = track(entry.id);
    ++t.failures;
    const QString problem = transportProblem(error);
    if (t.failures > m_options.maxFailures) {
        m_lastFailure.insert(entry.id, error);
        entry.jsocStatus = -1; // failed here, not at JSOC: retry() follows the request id again
        setState(entry, ExportQueueEntry::State::Failed, -1,
                 QStringLiteral("%1, %2 times in a row. Nothing was downloaded%3.")
                     .arg(problem)
                     .arg(t.failures)
                     .arg(entry.requestId.isEmpty()
                              ? QString()
                              : QStringLiteral("; request %1 can still be followed later").arg(entry.requestId)));
        return false;
    }
    t.delayMs = t.delayMs <= 0 ? m_options.pollInitialMs
                               : std::min(m_options.pollMaxMs, int(t.delayMs * m_options.pollFactor));
    entry.message = QStringLiteral("%1; trying again in %2 s.").arg(problem).arg(t.delayMs / 1000.0);
    if (!store(entry))
        return false;
    schedule(entry.id, t.delayMs, submitAgain);
    return true;
}

void ExportPoller::handleResult(qint64 id, bool fromSubmit)
{
    Track &t = track(id);
    ExportJob *job = t.job;
    t.job = nullptr;
    if (!job)
        return;
    job->deleteLater();
    auto current = m_queue->entry(id);
    if (!m_running || !current || current->isTerminal())
        return;
    ExportQueueEntry entry = *current;
    const JsocError &error = job->error();
    const ExportStatus &r = job->result();
    const int status = r.status >= 0 ? r.status : error.kind == JsocError::Kind::Jsoc ? error.jsocStatus : -1;
    if (error.isError() && error.kind != JsocError::Kind::Jsoc) {
        transportFailure(entry, error, fromSubmit);
        return;
    }
    if (status < 0) { // parsed, but without a status: as unreadable as a garbled body
        transportFailure(entry,
                         JsocError::make(JsocError::Kind::BadResponse, QStringLiteral("the answer has no export status")),
                         fromSubmit);
        return;
    }
    t.failures = 0;
    m_lastFailure.remove(id);
    const ExportStatusContext context = fromSubmit ? ExportStatusContext::AfterSubmit : ExportStatusContext::AfterPoll;
    // JSOC's own words (its `error` field) always travel with a failure.
    const QString said = jsocSaid(r.error);
    if (!r.requestId.isEmpty() && r.requestId != QLatin1String("VOID"))
        entry.requestId = r.requestId;
    if (r.sizeMb > 0)
        entry.sizeMb = r.sizeMb;
    switch (status) {
    case 0:
        complete(entry, r);
        return;
    case 1:
    case 2:
    case 6: {
        if (status == 6 && ++t.status6 > m_options.status6Retries) {
            setState(entry, ExportQueueEntry::State::Failed, status,
                     QStringLiteral("JSOC still does not know request %1 after %2 tries.%3 Ask again later, or export again.")
                         .arg(entry.requestId)
                         .arg(t.status6)
                         .arg(said.isEmpty() ? QString() : QLatin1Char(' ') + said));
            return;
        }
        if (entry.requestId.isEmpty()) { // a pending answer without an id cannot be polled
            setState(entry, ExportQueueEntry::State::Failed, status,
                     QStringLiteral("JSOC accepted the request (status %1) but gave no request id to follow it.%2")
                         .arg(status)
                         .arg(said.isEmpty() ? QString() : QLatin1Char(' ') + said));
            return;
        }
        const bool changed = entry.state != ExportQueueEntry::State::Pending || entry.jsocStatus != status;
        t.delayMs = fromSubmit || t.delayMs <= 0 ? m_options.pollInitialMs
                                                 : std::min(m_options.pollMaxMs, int(t.delayMs * m_options.pollFactor));
        if (changed && !setState(entry, ExportQueueEntry::State::Pending, status, exportStatusLine(status, context)))
            return;
        schedule(id, t.delayMs, false);
        return;
    }
    case 5:
        setState(entry, ExportQueueEntry::State::Expired, status, exportStatusLine(status, context, r.error));
        return;
    case 7:
        if (fromSubmit) {
            // Another request of this address is pending at JSOC (from another program or machine).
            t.notBeforeMs = QDateTime::currentMSecsSinceEpoch() + m_options.busyRetryMs;
            if (!setState(entry, ExportQueueEntry::State::Queued, status,
                          exportStatusLine(status, context, r.error)
                              + QStringLiteral(" Next try in %1 s.").arg(m_options.busyRetryMs / 1000)))
                return;
            m_pumpTimer.start(0);
            return;
        }
        [[fallthrough]];
    default:
        setState(entry, ExportQueueEntry::State::Failed, status, exportStatusLine(status, context, r.error));
        return;
    }
}

void ExportPoller::complete(ExportQueueEntry entry, const ExportStatus &status)
{
    const QList<ExportDownload> urls = exportDownloads(status, m_client->siteRoot());
    QList<DownloadItem> items;
    QSet<QString> names;
    for (const ExportDownload &u : urls) {
        DownloadItem d;
        d.record = u.record;
        d.url = u.url;
        d.folder = entry.folder;
        // Absolute /SUM… paths are normal for quick exports and tar files; relative names must be bare.
        const bool absoluteOk = status.dir.isEmpty() || !status.tarfile.isEmpty();
        QString serverName = u.serverName;
        if (status.dir.isEmpty() && status.tarfile.isEmpty()) { // quick export: every file is "<segment>.fits"
            const QString local = quickExportFileName(u.record, u.serverName);
            if (!local.isEmpty() && !u.serverName.split(QLatin1Char('/')).contains(QStringLiteral("..")))
                serverName = local;
        }
        const SafeFileName safe = checkServerFileName(serverName, absoluteOk);
        d.fileName = safe.isValid() ? safe.name : serverName;
        if (!safe.isValid()) {
            d.state = DownloadItem::State::Failed;
            d.error = safe.error;
        } else if (names.contains(safe.name)) {
            d.state = DownloadItem::State::Failed;
            d.error = QStringLiteral("Refused the server file name \"%1\": another file of this export has the same name.")
                          .arg(safe.name);
        }
        names.insert(safe.name);
        items.append(d);
    }
    const ExportCompleteness completeness = exportCompleteness(status);
    entry.jsocStatus = 0;
    entry.completed = QDateTime::currentDateTimeUtc();
    entry.fileCount = items.size();
    entry.announcedFiles = std::max<qint64>(completeness.announced, items.size());
    if (items.isEmpty()) {
        // "Complete" with nothing to fetch is not success: say what JSOC sent instead.
        setState(entry, ExportQueueEntry::State::Failed, 0,
                 QStringLiteral("%1. Nothing was downloaded.%2")
                     .arg(completeness.hasNothing() ? completeness.text()
                                                    : QStringLiteral("JSOC listed no file that can be downloaded"),
                          status.error.trimmed().isEmpty() ? QString() : QLatin1Char(' ') + jsocSaid(status.error)));
        return;
    }
    entry.state = ExportQueueEntry::State::Done;
    entry.message = completeness.isShort()
        ? QStringLiteral("%1. The %2 usable file%3 are ready to download for 7 days.")
              .arg(completeness.text())
              .arg(items.size())
              .arg(items.size() == 1 ? QString() : QStringLiteral("s"))
        : exportStatusLine(0, ExportStatusContext::AfterPoll);
    if (!m_queue->complete(entry, items, QStringLiteral("complete: %1 files").arg(items.size()))) {
        storageFailure(entry);
        return;
    }
    m_tracks.remove(entry.id);
    emit entryFinished(entry.id, entry.state);
    m_pumpTimer.start(0);
}

void ExportPoller::checkExpiry()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (ExportQueueEntry e : m_queue->entries()) {
        if (e.state != ExportQueueEntry::State::Done || !e.completed.isValid())
            continue;
        const QDateTime expires = e.expiresAt();
        if (expires <= now) {
            if (!setState(e, ExportQueueEntry::State::Expired, -1,
                          QStringLiteral("JSOC deleted the files 7 days after the export finished. Export again to have "
                                         "JSOC prepare them anew.")))
                return;
        } else if (now.secsTo(expires) <= m_options.expiryWarningSecs && !m_warned.value(e.id)) {
            m_warned.insert(e.id, true);
            emit expiringSoon(e.id, expires);
        }
    }
}

void ExportPoller::cancel(qint64 id)
{
    auto e = m_queue->entry(id);
    if (!e || e->isTerminal())
        return;
    ExportQueueEntry entry = *e;
    setState(entry, ExportQueueEntry::State::Cancelled, -1,
             QStringLiteral("Cancelled here. JSOC may still prepare the files; they expire after 7 days."));
}

void ExportPoller::retry(qint64 id)
{
    auto e = m_queue->entry(id);
    if (!e || (e->state != ExportQueueEntry::State::Failed && e->state != ExportQueueEntry::State::Expired))
        return;
    ExportQueueEntry entry = *e;
    m_tracks.remove(id);
    if (!entry.requestId.isEmpty() && entry.state == ExportQueueEntry::State::Failed && entry.jsocStatus < 0) {
        if (setState(entry, ExportQueueEntry::State::Pending, -1, QStringLiteral("Checking JSOC again.")))
            schedule(id, 0, false);
    } else {
        entry.requestId.clear();
        if (setState(entry, ExportQueueEntry::State::Queued, -1, QStringLiteral("Waiting to be sent again.")))
            m_pumpTimer.start(0);
    }
}

qint64 ExportPoller::reexport(qint64 id)
{
    const auto e = m_queue->entry(id);
    return e ? m_queue->add(e->options, e->folder) : 0;
}

} // namespace jsoc
