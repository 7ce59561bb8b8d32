#include "app/workflow/ExportSession.h"

#include "app/workflow/ExportTarStep.h"
#include "app/workflow/WorkflowLog.h"
#include "model/exports/DownloadFolderCheck.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportStatusText.h"
#include "network/DownloadManager.h"
#include "network/DownloadVerification.h"
#include "network/JsocClient.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace app {

using State = jsoc::ExportQueueEntry::State;
using DState = jsoc::DownloadItem::State;

namespace {
// How an unpacked tar's row begins (see isUnpackedTar).
constexpr auto kUnpackedTarWords = "Unpacked into ";
} // namespace

ExportSession::ExportSession(jsoc::JsocClient *client, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_queue(std::make_unique<jsoc::ExportQueue>()),
      m_downloads(std::make_unique<jsoc::DownloadManager>())
{
    m_poller = std::make_unique<jsoc::ExportPoller>(client, m_queue.get());
    connect(m_poller.get(), &jsoc::ExportPoller::entryFinished, this, &ExportSession::exportFinished);
    connect(m_poller.get(), &jsoc::ExportPoller::merged, this, &ExportSession::merged);
    connect(m_poller.get(), &jsoc::ExportPoller::storageFailed, this, [this](qint64, const QString &text) {
        m_downloads->pauseAll();
        emit storageFailed(text);
    });
    connect(m_downloads.get(), &jsoc::DownloadManager::storageFailed, this, [this](const QString &text) {
        m_poller->stop();
        emit storageFailed(text);
    });
    connect(m_downloads.get(), &jsoc::DownloadManager::itemFinished, this, [this](const jsoc::DownloadItem &d) {
        if (d.state == DState::Done && d.exportId > 0)
            unpackIfReady(d.exportId);
    });
    connect(m_poller.get(), &jsoc::ExportPoller::expiringSoon, this, [this](qint64 id, const QDateTime &expires) {
        const auto e = m_queue->entry(id);
        if (e)
            emit message(tr("JSOC deletes the files of %1 on %2 UTC. Download them before then.")
                             .arg(e->requestId.isEmpty() ? tr("export #%1").arg(id) : e->requestId,
                                  expires.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                         false);
    });
}

ExportSession::~ExportSession()
{
    stop();
    m_unpacks.clear(); // cancels and waits: an unpack cut short is redone on the next start
}

QString ExportSession::dataDir(const QUrl &server)
{
    QString host = server.host().isEmpty() ? QStringLiteral("default") : server.host().toLower();
    if (server.port() > 0)
        host += QLatin1Char('_') + QString::number(server.port());
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/exports/") + host;
}

bool ExportSession::open(const QString &dataDir)
{
    QString error;
    if (!m_queue->open(QDir(dataDir).filePath(QStringLiteral("exports.sqlite")), &error)) {
        m_openError = error;
        return false;
    }
    m_openError.clear();
    if (m_queue->migratedFrom() >= 1)
        importOldStageFlags(dataDir);
    return true;
}

// Before version 2 the GUI kept "stage only" in <dataDir>/export-modes.ini: carried into the
// database once, so a staged export does not start downloading after the upgrade.
void ExportSession::importOldStageFlags(const QString &dataDir)
{
    const QString path = QDir(dataDir).filePath(QStringLiteral("export-modes.ini"));
    if (!QFileInfo::exists(path))
        return;
    QSettings modes(path, QSettings::IniFormat);
    modes.beginGroup(QStringLiteral("stageOnly"));
    for (const QString &key : modes.childKeys()) {
        bool ok = false;
        const qint64 id = key.toLongLong(&ok);
        if (!ok || !modes.value(key).toBool())
            continue;
        if (auto e = m_queue->entry(id); e && !e->stageOnly) {
            e->stageOnly = true;
            if (!m_queue->update(*e, QStringLiteral("stage-only choice carried over from export-modes.ini")))
                emit message(m_queue->writeFailureText(*e), true);
        }
    }
}

bool ExportSession::isOpen() const
{
    return m_queue->isOpen();
}

QString ExportSession::databasePath() const
{
    return m_queue->path();
}

void ExportSession::setOptions(const Options &options)
{
    m_options = options;
    m_poller->setOptions(options.poll);
    m_downloads->setConnectionsPerHost(options.connectionsPerHost);
    if (options.download)
        m_downloads->setJobOptions(*options.download);
}

void ExportSession::start(qint64 onlyExport)
{
    if (m_started || !m_queue->isOpen())
        return;
    m_started = true;
    jsoc::ExportPoller::Options poll = m_poller->options();
    poll.onlyExport = onlyExport;
    m_poller->setOptions(poll);
    m_onlyExport = onlyExport;
    m_downloads->attachQueue(m_queue.get(), onlyExport);
    m_poller->start();
    // A tar downloaded before a kill (or before an unpack was cut short) is unpacked now.
    for (const jsoc::ExportQueueEntry &e : m_queue->entries())
        unpackIfReady(e.id);
}

void ExportSession::unpackIfReady(qint64 exportId)
{
    if (!m_started || m_unpacks.count(exportId) || (m_onlyExport > 0 && exportId != m_onlyExport))
        return;
    const auto e = m_queue->entry(exportId);
    if (!e || e->state != State::Done || !e->options.method.trimmed().toLower().endsWith(QLatin1String("-tar")))
        return;
    const QList<jsoc::DownloadItem> rows = m_queue->downloads(exportId);
    // A url-tar export's one download is its tar.
    if (rows.size() != 1 || rows.first().state != DState::Done)
        return;
    const jsoc::DownloadItem tar = rows.first();
    if (!QFileInfo::exists(tar.targetPath()))
        return; // unpacked already: the tar goes only after a whole unpack
    // Never trusted because the row says Done: the tar must still be the bytes that were checked.
    if (const jsoc::DownloadVerification v = jsoc::DownloadVerification::checkDone(tar); !v.verified) {
        jsoc::ExportQueueEntry failed = *e;
        failed.state = State::Failed;
        failed.message = tr("The tar %1 was not unpacked: %2").arg(tar.fileName, v.problem);
        if (!m_queue->update(failed, QStringLiteral("tar not unpacked")))
            emit message(m_queue->writeFailureText(failed), true);
        emit unpacked(exportId, false, failed.message);
        emit message(failed.message, true);
        return;
    }
    auto step = std::make_unique<ExportTarStep>(exportId, tar.targetPath(), e->folder);
    connect(step.get(), &ExportTarStep::progress, this, &ExportSession::unpackProgress);
    connect(step.get(), &ExportTarStep::finished, this, &ExportSession::onUnpacked);
    ExportTarStep *raw = step.get();
    m_unpacks[exportId] = std::move(step);
    emit message(tr("Unpacking %1 into %2.").arg(tar.fileName, QDir::toNativeSeparators(e->folder)), false);
    raw->start();
}

void ExportSession::onUnpacked(qint64 exportId, const jsoc::TarUnpackResult &result, bool tarDeleted)
{
    // Deleted later: this runs inside the step's own signal.
    if (auto it = m_unpacks.find(exportId); it != m_unpacks.end()) {
        it->second.release()->deleteLater();
        m_unpacks.erase(it);
    }
    if (result.cancelled)
        return; // stopped on purpose; the tar stays and the next start unpacks it
    auto e = m_queue->entry(exportId);
    if (!e)
        return; // removed meanwhile
    QString text;
    m_lastUnpackedFiles = result.ok ? result.files : QStringList();
    if (result.ok) {
        text = tr("Unpacked %1 file%2 into %3; the tar was deleted.")
                   .arg(result.files.size())
                   .arg(result.files.size() == 1 ? QString() : QStringLiteral("s"))
                   .arg(QDir::toNativeSeparators(e->folder));
    } else {
        text = tr("The tar was not fully unpacked (it is kept): %1").arg(result.problems.join(QLatin1Char(' ')));
        e->state = State::Failed;
    }
    if (tarDeleted) {
        // The tar row must not read Done any more: a Done file that is missing is downloaded
        // again at the next start. Cancelled with these words is how "unpacked, tar deleted"
        // survives a restart (the unpacked files are what the export delivered).
        for (jsoc::DownloadItem d : m_queue->downloads(exportId)) {
            d.state = DState::Cancelled;
            d.error = QLatin1String(kUnpackedTarWords) + tr("%1 and deleted.").arg(QDir::toNativeSeparators(e->folder));
            if (!m_queue->updateDownload(d))
                emit message(m_queue->writeFailureText(*e), true);
        }
    }
    e->message = text;
    if (!m_queue->update(*e, result.ok ? QStringLiteral("tar unpacked") : QStringLiteral("tar unpack failed")))
        emit message(m_queue->writeFailureText(*e), true);
    emit message(text, !result.ok);
    emit unpacked(exportId, result.ok, text);
}

bool ExportSession::isUnpackedTar(const jsoc::DownloadItem &item)
{
    return item.state == DState::Cancelled && item.error.startsWith(QLatin1String(kUnpackedTarWords));
}

bool ExportSession::requeueUnfinished(qint64 exportId)
{
    for (jsoc::DownloadItem d : m_queue->downloads(exportId)) {
        if (d.state == DState::Done || d.state == DState::Waiting || isUnpackedTar(d))
            continue;
        d.state = DState::Waiting;
        d.error.clear();
        m_queue->updateDownloadSoon(d);
    }
    if (m_queue->flushDownloads())
        return true;
    m_lastError = m_queue->lastError();
    return false;
}

void ExportSession::stop()
{
    m_poller->stop();
}

bool ExportSession::fail(const QString &text)
{
    m_lastError = text;
    emit message(text, true);
    return false;
}

qint64 ExportSession::submit(const jsoc::ExportRequestOptions &options, const QString &folder, bool stageOnly)
{
    if (!m_queue->isOpen())
        return fail(m_openError), 0;
    // The one set of checks (record set, e-mail, method, protocol, processing and the series it
    // refuses): the dialog shows the same words before it lets anyone press Send.
    if (const QStringList problems = jsoc::checkExportOptions(options); !problems.isEmpty())
        return fail(tr("%1 Nothing was sent to JSOC.").arg(problems.join(QLatin1Char(' ')))), 0;
    // Checked before anything is queued: JSOC should not stage files that cannot be saved.
    if (const jsoc::DownloadFolderCheck check = jsoc::checkDownloadFolder(folder); !check.isOk())
        return fail(tr("%1 Nothing was sent to JSOC.").arg(check.error)), 0;
    const qint64 id = m_queue->add(options, QDir::cleanPath(QFileInfo(folder).absoluteFilePath()), stageOnly);
    if (id == 0)
        return fail(tr("%1. Nothing was sent to JSOC.").arg(m_queue->lastError())), 0;
    emit exportAdded(id);
    return id;
}

QList<qint64> ExportSession::submitGroup(const QList<jsoc::ExportRequestOptions> &members, const QString &folder,
                                         const QString &title)
{
    if (!m_queue->isOpen())
        return fail(m_openError), QList<qint64>();
    if (members.isEmpty())
        return fail(tr("The job \"%1\" has no exports. Nothing was sent to JSOC.").arg(title)), QList<qint64>();
    // submit()'s checks for every member, all of them said at once: the job is fixed in one go.
    QStringList refused;
    for (qsizetype i = 0; i < members.size(); ++i)
        if (const QStringList problems = jsoc::checkExportOptions(members[i]); !problems.isEmpty())
            refused.append(tr("Export %1 of %2 (%3): %4")
                               .arg(i + 1)
                               .arg(members.size())
                               .arg(members[i].recordSet.trimmed().isEmpty() ? tr("no record set")
                                                                             : members[i].recordSet.trimmed(),
                                    problems.join(QLatin1Char(' '))));
    if (!refused.isEmpty())
        return fail(tr("%1 No export of the job \"%2\" was queued; nothing was sent to JSOC.")
                        .arg(refused.join(QLatin1Char(' ')), title)),
               QList<qint64>();
    if (const jsoc::DownloadFolderCheck check = jsoc::checkDownloadFolder(folder); !check.isOk())
        return fail(tr("%1 Nothing was sent to JSOC.").arg(check.error)), QList<qint64>();
    // One transaction: a queue that cannot be written keeps none of the job, never a part of it.
    const QList<qint64> ids = m_queue->addGroup(members, QDir::cleanPath(QFileInfo(folder).absoluteFilePath()), title);
    if (ids.isEmpty())
        return fail(tr("%1. No export of the job \"%2\" was queued; nothing was sent to JSOC.")
                        .arg(m_queue->lastError(), title)),
               QList<qint64>();
    for (qint64 id : ids)
        emit exportAdded(id);
    return ids;
}

void ExportSession::follow(const QString &requestIdText, const QString &folder, bool stageOnly)
{
    const QString requestId = requestIdText.trimmed();
    m_lastFollowError = {};
    if (!m_queue->isOpen()) {
        emit followRefused(requestId, m_openError);
        return;
    }
    // One request at JSOC, one row here: an id already followed is merged with its row.
    for (jsoc::ExportQueueEntry e : m_queue->entries()) {
        if (e.requestId != requestId)
            continue;
        bool changed = false;
        if (!stageOnly && e.stageOnly) {
            e.stageOnly = false;
            changed = true;
        }
        if (e.state == State::Cancelled) { // followed again: ask JSOC about it anew
            e.state = State::Failed;
            e.jsocStatus = -1;
            changed = true;
        }
        if (changed && !m_queue->update(e, QStringLiteral("asked for again by its request id"))) {
            emit followRefused(requestId, m_queue->writeFailureText(e));
            return;
        }
        if (e.state == State::Failed || e.state == State::Expired)
            m_poller->retry(e.id);
        else if (e.state == State::Done && !e.stageOnly)
            download(e.id);
        emit message(tr("%1 is already in the queue as export #%2; that row follows it.").arg(requestId).arg(e.id), false);
        emit followed(e.id, requestId);
        return;
    }
    if (const jsoc::DownloadFolderCheck check = jsoc::checkDownloadFolder(folder); !check.isOk()) {
        emit followRefused(requestId, check.error);
        return;
    }
    if (!m_client) {
        emit followRefused(requestId, tr("No JSOC server to ask."));
        return;
    }
    jsoc::ExportJob *job = m_client->exportStatus(requestId);
    connect(job, &jsoc::JsocJob::finished, this, [this, job, requestId, folder, stageOnly] {
        job->deleteLater();
        onFollowAnswer(requestId, folder, stageOnly, job->result(), job->error());
    });
}

void ExportSession::onFollowAnswer(const QString &requestId, const QString &folder, bool stageOnly,
                                   const jsoc::ExportStatus &status, const jsoc::JsocError &error)
{
    QString refusal;
    m_lastFollowError = error;
    if (error.isError() && error.kind != jsoc::JsocError::Kind::Jsoc)
        refusal = tr("Could not ask JSOC about %1: %2").arg(requestId, error.message);
    else if (!status.isDone() && !status.isPending())
        // The meaning and JSOC's words only: what to do next differs between "Add request id…"
        // and `jsoc-cli download`, and each caller says its own.
        refusal = tr("JSOC cannot give %1: %2 (status %3). %4")
                      .arg(requestId, jsoc::exportStatusText(status.status).meaning, QString::number(status.status),
                           jsoc::jsocSaid(status.error.isEmpty() ? error.message : status.error))
                      .trimmed();
    if (!refusal.isEmpty()) {
        emit followRefused(requestId, refusal);
        return;
    }
    jsoc::ExportRequestOptions options; // the record set is not known from a request id: no resubmit
    options.method = status.method.isEmpty() ? QStringLiteral("url") : status.method;
    options.protocol = status.protocol.isEmpty() ? QStringLiteral("as-is") : status.protocol;
    const qint64 id = m_queue->add(options, QDir::cleanPath(QFileInfo(folder).absoluteFilePath()), stageOnly);
    if (id == 0) {
        emit followRefused(requestId, m_queue->lastError());
        return;
    }
    auto entry = m_queue->entry(id);
    entry->requestId = requestId;
    // Failed with no JSOC status is the state from which the poller asks JSOC about a known
    // request id: from here on it is followed exactly like our own requests.
    entry->state = State::Failed;
    entry->jsocStatus = -1;
    entry->message = tr("Added by request id; asking JSOC.");
    if (!m_queue->update(*entry, QStringLiteral("added by request id"))) {
        emit followRefused(requestId, m_queue->writeFailureText(*entry));
        return;
    }
    m_poller->retry(id);
    emit exportAdded(id);
    emit followed(id, requestId);
}

bool ExportSession::download(qint64 exportId)
{
    auto e = m_queue->entry(exportId);
    if (!e)
        return fail(tr("Export #%1 is not in the queue.").arg(exportId));
    if (e->stageOnly) {
        e->stageOnly = false;
        if (!m_queue->update(*e, QStringLiteral("download asked for")))
            return fail(m_queue->writeFailureText(*e));
    }
    if (e->state != State::Done) {
        emit message(tr("%1 is not ready at JSOC yet; its files download as soon as it is.")
                         .arg(e->requestId.isEmpty() ? tr("Export #%1").arg(exportId) : e->requestId),
                     false);
        return true;
    }
    for (const jsoc::DownloadItem &d : downloadsOf(exportId))
        if (d.state == DState::Paused || d.state == DState::Failed || d.state == DState::Cancelled)
            m_downloads->resume(d.id);
    return true;
}

ExportSession::CancelOutcome ExportSession::cancel(qint64 exportId)
{
    const auto e = m_queue->entry(exportId);
    if (!e)
        return fail(tr("Export #%1 is not in the queue.").arg(exportId)), CancelOutcome::NotInQueue;
    const bool askJsoc = e->isActive() && !e->requestId.isEmpty() && !e->options.notify.trimmed().isEmpty();
    m_poller->cancel(exportId);
    for (const jsoc::DownloadItem &d : downloadsOf(exportId))
        if (!d.isFinished())
            m_downloads->cancel(d.id);
    if (askJsoc && m_client) {
        // manage-request.sh cancels the address's pending request, whichever it is: asked only
        // when JSOC names this one, so another program's request is never cancelled by mistake.
        const QString address = e->options.notify.trimmed();
        const QString requestId = e->requestId;
        jsoc::PendingRequestJob *check = m_client->checkPendingRequest(address);
        connect(check, &jsoc::JsocJob::finished, this, [this, check, address, requestId, exportId] {
            check->deleteLater();
            if (check->error().isError()) {
                emit cancelledAtJsoc(exportId, false,
                                     tr("JSOC could not be asked to cancel %1 (%2); it stops counting against the "
                                        "address an hour after it was sent.")
                                         .arg(requestId, check->error().message));
                return;
            }
            if (!check->result().isPending() || check->result().requestId != requestId) {
                emit cancelledAtJsoc(exportId, true,
                                     tr("JSOC no longer holds %1 as pending; nothing to cancel there.").arg(requestId));
                return;
            }
            if (!m_client) {
                emit cancelledAtJsoc(exportId, false, tr("No JSOC server to ask."));
                return;
            }
            jsoc::PendingRequestJob *cancel = m_client->cancelPendingRequest(address);
            connect(cancel, &jsoc::JsocJob::finished, this, [this, cancel, requestId, exportId] {
                cancel->deleteLater();
                const bool ok = !cancel->error().isError()
                    && cancel->result().answer == jsoc::PendingRequestCheck::Answer::Cancelled;
                const QString said = cancel->error().isError() ? cancel->error().message
                                                               : jsoc::jsocSaid(cancel->result().message);
                emit cancelledAtJsoc(exportId, ok,
                                     ok ? tr("JSOC cancelled %1. %2").arg(requestId, said)
                                        : tr("JSOC did not cancel %1. %2").arg(requestId, said));
            });
        });
        return CancelOutcome::AskingJsoc;
    }
    return CancelOutcome::CancelledHere;
}

bool ExportSession::retry(qint64 exportId)
{
    const auto e = m_queue->entry(exportId);
    if (!e)
        return fail(tr("Export #%1 is not in the queue.").arg(exportId));
    // Failed for the network: JSOC is asked about the same request id again. Refused or expired
    // at JSOC: the stored parameters go out as a new request (never exp_repeat, which JSOC disabled).
    m_poller->retry(exportId);
    return true;
}

qint64 ExportSession::resubmit(qint64 exportId)
{
    const auto e = m_queue->entry(exportId);
    if (!e)
        return fail(tr("Export #%1 is not in the queue.").arg(exportId)), 0;
    if (e->options.recordSet.isEmpty())
        return fail(tr("%1 was added by its request id, so its record set is not known here; export the records "
                       "again.")
                        .arg(e->requestId.isEmpty() ? tr("Export #%1").arg(exportId) : e->requestId)),
               0;
    // In a job, the re-export takes the member's place (ExportQueue::addInPlaceOf); alone, it is added.
    const qint64 id = m_queue->addInPlaceOf(*e);
    if (id == 0)
        return fail(tr("%1. Nothing was sent to JSOC.").arg(m_queue->lastError())), 0;
    emit exportAdded(id);
    return id;
}

bool ExportSession::remove(qint64 exportId)
{
    if (!m_queue->entry(exportId))
        return fail(tr("Export #%1 is not in the queue.").arg(exportId));
    cancel(exportId); // JSOC's answer about it may come after the row is gone: cancelledAtJsoc still says it
    if (!m_queue->remove(exportId))
        return fail(m_queue->lastError());
    m_removed.insert(exportId);
    return true;
}

void ExportSession::checkPending(const QString &address)
{
    if (m_client)
        answerPending(m_client->checkPendingRequest(address.trimmed()), address, false);
}

void ExportSession::cancelPending(const QString &address)
{
    if (m_client)
        answerPending(m_client->cancelPendingRequest(address.trimmed()), address, true);
}

void ExportSession::answerPending(jsoc::PendingRequestJob *job, const QString &address, bool cancelled)
{
    connect(job, &jsoc::JsocJob::finished, this, [this, job, address, cancelled] {
        job->deleteLater();
        if (job->error().isError())
            emit pendingCheckFailed(address, job->error().message);
        else
            emit pendingChecked(address, job->result());
        if (cancelled) // a request of ours may have been waiting behind it
            m_poller->wake();
    });
}

QList<jsoc::DownloadItem> ExportSession::downloadsOf(qint64 exportId) const
{
    QList<jsoc::DownloadItem> result;
    for (const jsoc::DownloadItem &d : m_downloads->items())
        if (d.exportId == exportId)
            result.append(d);
    return result;
}

} // namespace app
