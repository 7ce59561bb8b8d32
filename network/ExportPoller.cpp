#include "network/ExportPoller.h"

#include "model/exports/ExportCompleteness.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"
#include "model/exports/PendingRequestCheck.h"
#include "model/exports/SafeFileName.h"
#include "network/JsocClient.h"

#include <QTimeZone>

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

// How often a request waiting behind another looks at the shared queue again (one SQLite read).
constexpr qint64 kSharedQueueLookMs = 2000;

QString addressKey(const ExportQueueEntry &e)
{
    return e.options.notify.trimmed().toLower();
}

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

// When JSOC stops counting an active request against its address (EXPORT_PENDING_REQUESTS_TIME_OUT).
QDateTime stopsCounting(const ExportQueueEntry &e)
{
    const QDateTime since = e.submitted.isValid() ? e.submitted : e.created;
    return since.isValid() ? since.addSecs(qint64(PendingRequestCheck::kForgetAfterMinutes) * 60) : QDateTime();
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

void ExportPoller::wake()
{
    if (!m_running)
        return;
    for (auto &t : m_tracks)
        t->notBeforeMs = 0;
    m_pumpTimer.start(0);
}

void ExportPoller::pump()
{
    if (!m_running)
        return;
    const QList<ExportQueueEntry> all = m_queue->entries();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 nextWake = -1;
    const auto wakeAt = [&nextWake](qint64 t) { nextWake = nextWake < 0 ? t : std::min(nextWake, t); };
    QHash<QString, qint64> claimed; // address → the request this pass sends or holds: later ones keep their order
    for (const ExportQueueEntry &e : all) {
        if (e.state != ExportQueueEntry::State::Queued)
            continue;
        if (m_options.onlyExport > 0 && e.id != m_options.onlyExport)
            continue; // another program's queued request: not ours to send, and JSOC does not count it
        const QString who = addressKey(e);
        if (const qint64 ahead = claimed.value(who)) {
            const QString text = QStringLiteral("Waiting behind export #%1, queued before it: JSOC takes one request per "
                                                "e-mail address at a time.")
                                     .arg(ahead);
            if (e.message != text) {
                ExportQueueEntry waiting = e;
                waiting.message = text;
                if (!store(waiting))
                    return;
            }
            continue;
        }
        claimed.insert(who, e.id);
        QDateTime until;
        if (const qint64 blocker = localBlocker(e, all, &until)) {
            const auto b = std::find_if(all.cbegin(), all.cend(), [blocker](const ExportQueueEntry &x) { return x.id == blocker; });
            const QString name = b->requestId.isEmpty() ? QStringLiteral("export #%1").arg(blocker)
                                                        : QStringLiteral("export #%1 (%2)").arg(blocker).arg(b->requestId);
            QString text = QStringLiteral("Waiting behind %1: JSOC takes one request per e-mail address at a time, so "
                                          "this one is sent when that one ends")
                               .arg(name);
            if (until.isValid())
                text += QStringLiteral(" or at %1, when JSOC stops counting it").arg(utcText(until));
            text += QLatin1Char('.');
            if (e.message != text) {
                ExportQueueEntry waiting = e;
                waiting.message = text;
                if (!store(waiting))
                    return;
            }
            // The queue is shared: another process (jsoc-cli exports --cancel, the GUI) may end the
            // blocker at any moment, so look again soon, not only when JSOC stops counting it.
            wakeAt(until.isValid() ? std::min(until.toMSecsSinceEpoch() + 1000, now + kSharedQueueLookMs)
                                   : now + kSharedQueueLookMs);
            continue;
        }
        const qint64 notBefore = m_tracks.contains(e.id) ? m_tracks.value(e.id)->notBeforeMs : 0;
        if (notBefore > now) {
            wakeAt(notBefore);
            continue;
        }
        if (m_options.askJsocFirst)
            askJsocThenSubmit(e);
        else
            submit(e);
        if (!m_running) // the queue could not be written: nothing more is sent
            return;
    }
    if (nextWake >= 0)
        m_pumpTimer.start(int(std::clamp<qint64>(nextWake - now, 0, 24 * 3600 * 1000)));
}

qint64 ExportPoller::localBlocker(const ExportQueueEntry &e, const QList<ExportQueueEntry> &all, QDateTime *until) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const ExportQueueEntry &other : all) {
        if (other.id == e.id || addressKey(other) != addressKey(e) || !other.isActive())
            continue;
        if (other.state == ExportQueueEntry::State::Submitting) {
            *until = QDateTime();
            return other.id;
        }
        const QDateTime stops = stopsCounting(other);
        if (!stops.isValid() || stops > now) {
            *until = stops;
            return other.id;
        }
    }
    return 0;
}

void ExportPoller::askJsocThenSubmit(const ExportQueueEntry &e)
{
    const QString who = addressKey(e);
    if (m_pendingChecks.value(who))
        return; // already asking; its answer pumps again
    PendingRequestJob *job = m_client->checkPendingRequest(e.options.notify.trimmed());
    m_pendingChecks.insert(who, job);
    const qint64 id = e.id;
    connect(job, &JsocJob::finished, this, [this, job, id, who] {
        job->deleteLater();
        m_pendingChecks.remove(who);
        if (!m_running)
            return;
        const auto current = m_queue->entry(id);
        if (!current || current->state != ExportQueueEntry::State::Queued) {
            m_pumpTimer.start(0);
            return;
        }
        const PendingRequestCheck &check = job->result();
        const QDateTime until = check.blocksUntil();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!job->error().isError() && check.isPending() && (!until.isValid() || until > now)) {
            // JSOC holds a request of this address that this queue does not follow (another
            // program or machine): sending now would only earn a status 7.
            qint64 wake = now.toMSecsSinceEpoch() + m_options.busyRetryMs;
            if (until.isValid())
                wake = std::min(wake, until.toMSecsSinceEpoch() + 1000);
            track(id).notBeforeMs = wake;
            ExportQueueEntry waiting = *current;
            waiting.jsocError = check.message.trimmed();
            waiting.message = QStringLiteral("JSOC has %1 pending for this e-mail address%2 and takes one at a time: this "
                                             "request is sent when that one ends%3. %4 It can be cancelled at JSOC.")
                                  .arg(check.requestId.isEmpty() ? QStringLiteral("another request")
                                                                 : QStringLiteral("request %1").arg(check.requestId),
                                       check.started.isValid() ? QStringLiteral(" since %1").arg(utcText(check.started))
                                                               : QString(),
                                       until.isValid() ? QStringLiteral(", or at %1 when JSOC stops counting it").arg(utcText(until))
                                                       : QString(),
                                       jsocSaid(check.message));
            if (waiting.message != current->message && !store(waiting))
                return;
            m_pumpTimer.start(0);
            return;
        }
        // Nothing pending, or JSOC could not say (a server without manage-request.sh): send; a
        // status 7 answer still puts it back in the queue.
        submit(*current);
    });
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
    if (!r.requestId.isEmpty() && r.requestId != QLatin1String("VOID") && entry.requestId != r.requestId) {
        entry.requestId = r.requestId;
        if (!entry.submitted.isValid())
            entry.submitted = QDateTime::currentDateTimeUtc();
        if (mergeDuplicate(entry))
            return;
    }
    if (r.sizeMb > 0)
        entry.sizeMb = r.sizeMb;
    entry.jsocError = r.error.trimmed(); // JSOC's last words, kept verbatim for the row and the CLI
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

bool ExportPoller::mergeDuplicate(ExportQueueEntry &entry)
{
    for (ExportQueueEntry other : m_queue->entries()) {
        if (other.id == entry.id || other.requestId != entry.requestId || other.state == ExportQueueEntry::State::Cancelled)
            continue;
        // One request at JSOC, one row here: the older row keeps following it.
        const qint64 from = entry.id;
        if (auto t = m_tracks.take(from); t && t->job) {
            t->job->disconnect(this);
            t->job->deleteLater();
        }
        if (!m_queue->remove(from)) {
            storageFailure(entry);
            return true;
        }
        if (!other.isActive() && other.state != ExportQueueEntry::State::Done) {
            other.state = ExportQueueEntry::State::Pending;
            other.jsocStatus = -1;
            other.completed = QDateTime();
        }
        other.message = QStringLiteral("JSOC answered a new, identical request (export #%1) with this same request id, "
                                       "so it was merged into this one.")
                            .arg(from);
        if (!m_queue->update(other, QStringLiteral("merged export #%1 (same request id)").arg(from))) {
            storageFailure(other);
            return true;
        }
        emit merged(from, other.id);
        if (other.state == ExportQueueEntry::State::Pending)
            schedule(other.id, 0, false);
        m_pumpTimer.start(0);
        return true;
    }
    return false;
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
    // JSOC's 7 days run from when it finished (its exptime), which for a request followed by
    // its id can be days before we first asked.
    const QDateTime finished = exportTimeUtc(status.exptime);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    entry.completed = finished.isValid() && finished < now ? finished : now;
    if (entry.stageOnly) { // staged: the rows wait, paused, until someone asks for the files
        const QString until = QStringLiteral("Staged at JSOC until %1; downloads when asked.").arg(utcText(entry.expiresAt()));
        for (DownloadItem &d : items)
            if (d.state == DownloadItem::State::Waiting) {
                d.state = DownloadItem::State::Paused;
                d.error = until;
            }
    }
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
