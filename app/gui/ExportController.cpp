#include "app/gui/ExportController.h"

#include "model/exports/DownloadFolderCheck.h"
#include "model/exports/DownloadQueueModel.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportQueueModel.h"
#include "model/exports/ExportStatusText.h"
#include "model/common/Preferences.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"
#include "ui/ExportDialog.h"
#include "ui/ExportsWindow.h"

#include <QDir>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>

namespace app {

using State = jsoc::ExportQueueEntry::State;
using DState = jsoc::DownloadItem::State;

namespace {
// Records whose `*size*` is averaged for the size estimate: enough to smooth, cheap to list.
constexpr qint64 kSizeSample = 10;

QString entryName(const jsoc::ExportQueueEntry &e)
{
    if (!e.requestId.isEmpty())
        return e.requestId;
    return e.options.recordSet;
}
} // namespace

ExportController::ExportController(jsoc::JsocClient *client, const QString &dataDir, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_dataDir(dataDir),
      m_modes(std::make_unique<QSettings>(QDir(dataDir).filePath(QStringLiteral("export-modes.ini")), QSettings::IniFormat)),
      m_queue(std::make_unique<jsoc::ExportQueue>()),
      m_downloads(std::make_unique<jsoc::DownloadManager>()),
      m_downloadModel(std::make_unique<jsoc::DownloadQueueModel>())
{
    if (!m_queue->open(QDir(dataDir).filePath(QStringLiteral("exports.sqlite")), &m_openError))
        m_openError = tr("The export queue cannot be used: %1").arg(m_openError);
    m_poller = std::make_unique<jsoc::ExportPoller>(client, m_queue.get());
    m_exportModel = std::make_unique<jsoc::ExportQueueModel>(m_queue.get());

    // Connected before DownloadManager::attachQueue() (in start()), so a staged export's files
    // are marked paused before the manager sees them.
    connect(m_queue.get(), &jsoc::ExportQueue::downloadsAdded, this, &ExportController::onDownloadsAdded);
    connect(m_downloads.get(), &jsoc::DownloadManager::itemChanged, this, &ExportController::onDownloadChanged);
    connect(m_downloads.get(), &jsoc::DownloadManager::itemFinished, this, &ExportController::onDownloadChanged);
    connect(m_downloads.get(), &jsoc::DownloadManager::progressChanged, this, &ExportController::onProgress);
    connect(m_poller.get(), &jsoc::ExportPoller::entryFinished, this, &ExportController::onExportFinished);
    // The poller stopped because the queue cannot be written: say so where the user looks.
    connect(m_poller.get(), &jsoc::ExportPoller::storageFailed, this,
            [this](qint64, const QString &text) { say(text, true); });
    connect(m_downloads.get(), &jsoc::DownloadManager::storageFailed, this, [this](const QString &text) { say(text, true); });
    connect(m_poller.get(), &jsoc::ExportPoller::expiringSoon, this, [this](qint64 id, const QDateTime &expires) {
        const auto e = m_queue->entry(id);
        if (e)
            say(tr("JSOC deletes the files of %1 on %2. Download them before then.")
                    .arg(entryName(*e), QLocale().toString(expires.toLocalTime(), QLocale::ShortFormat)),
                false);
    });
    m_downloads->setConnectionsPerHost(ui::ExportsWindow::savedConnectionsPerHost());
}

ExportController::~ExportController()
{
    if (m_dialog && !m_dialog->parent())
        delete m_dialog;
    m_window.reset();
    m_poller->stop();
}

QString ExportController::defaultDataDir(const QUrl &server)
{
    QString host = server.host().isEmpty() ? QStringLiteral("default") : server.host().toLower();
    if (server.port() > 0)
        host += QLatin1Char('_') + QString::number(server.port());
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/exports/") + host;
}

bool ExportController::isOpen() const
{
    return m_queue->isOpen();
}

void ExportController::start()
{
    if (m_started || !m_queue->isOpen()) {
        if (!m_queue->isOpen())
            say(m_openError, true);
        return;
    }
    m_started = true;
    m_downloads->attachQueue(m_queue.get());
    // After the manager's own handler, so new staged files (paused, no signal) reach the view.
    connect(m_queue.get(), &jsoc::ExportQueue::downloadsAdded, this, &ExportController::syncDownloadModel);
    syncDownloadModel();
    m_poller->start();
}

// ---- dialog -------------------------------------------------------------------------------

void ExportController::openExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent)
{
    if (m_dialog)
        m_dialog->close();
    auto *dialog = new ui::ExportDialog(recordSet, structure, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &ui::ExportDialog::countRequested, this, &ExportController::countRecords);
    connect(dialog, &ui::ExportDialog::addressCheckRequested, this, &ExportController::checkAddress);
    connect(dialog, &ui::ExportDialog::submitted, this,
            [this](const jsoc::ExportRequestOptions &options, const QString &folder, bool fetchNow) {
                if (submit(options, folder, fetchNow) > 0) {
                    ui::ExportsWindow *w = exportsWindow();
                    w->show();
                    w->raise();
                }
            });
    dialog->show();
    dialog->requestInfo();
}

void ExportController::countRecords(const QString &recordSet)
{
    if (m_countJob)
        m_countJob->deleteLater();
    if (m_sizeJob)
        m_sizeJob->deleteLater();
    if (!m_client)
        return;
    jsoc::RecordCountJob *job = m_client->recordCount(recordSet);
    m_countJob = job;
    connect(job, &jsoc::JsocJob::finished, this, [this, job, recordSet] {
        job->deleteLater();
        if (!m_dialog || m_countJob != job)
            return;
        if (job->error().isError()) {
            m_dialog->setError(tr("Could not count the records: %1").arg(job->error().message));
            return;
        }
        const qint64 count = job->result();
        if (count <= 0 || !m_client) {
            m_dialog->setCount(count, 0);
            return;
        }
        // JSOC gives sizes per record (`*size*`, the storage unit): average a few, scale up.
        jsoc::RecordListQuery query;
        query.recordSet = recordSet;
        query.keys = {QStringLiteral("*size*")};
        query.limit = kSizeSample;
        jsoc::RecordListJob *sizes = m_client->recordList(query);
        m_sizeJob = sizes;
        connect(sizes, &jsoc::JsocJob::finished, this, [this, sizes, count] {
            sizes->deleteLater();
            if (!m_dialog || m_sizeJob != sizes)
                return;
            qint64 estimate = -1;
            if (!sizes->error().isError()) {
                const jsoc::RecordTable table = sizes->takeResult();
                double sum = 0;
                int n = 0;
                for (qsizetype row = 0; row < table.rowCount(); ++row) {
                    bool ok = false;
                    const double v = table.keywordValue(QStringLiteral("*size*"), row).toDouble(&ok);
                    if (ok && v >= 0) {
                        sum += v;
                        ++n;
                    }
                }
                if (n > 0)
                    estimate = qint64(sum / n * double(count));
            }
            m_dialog->setCount(count, estimate);
        });
    });
}

void ExportController::checkAddress(const QString &email)
{
    if (m_addressJob)
        m_addressJob->deleteLater();
    if (!m_client)
        return;
    jsoc::AddressCheckJob *job = m_client->checkAddress(email);
    m_addressJob = job;
    connect(job, &jsoc::JsocJob::finished, this, [this, job] {
        job->deleteLater();
        if (!m_dialog || m_addressJob != job)
            return;
        if (job->error().isError())
            m_dialog->setError(tr("Could not check the e-mail address: %1").arg(job->error().message));
        else
            m_dialog->setAddressCheck(job->result());
    });
}

// ---- requests -----------------------------------------------------------------------------

qint64 ExportController::submit(const jsoc::ExportRequestOptions &options, const QString &folder, bool fetchNow)
{
    if (!m_queue->isOpen()) {
        say(m_openError, true);
        return 0;
    }
    // Checked before anything is queued: JSOC should not stage files that cannot be saved.
    if (const jsoc::DownloadFolderCheck check = jsoc::checkDownloadFolder(folder); !check.isOk()) {
        say(tr("%1 Choose another folder.").arg(check.error), true);
        return 0;
    }
    const qint64 id = m_queue->add(options, QDir(folder).absolutePath());
    if (id == 0) {
        say(m_queue->lastError(), true);
        return 0;
    }
    setStageOnly(id, !fetchNow);
    // Tell why it waits when an earlier request of the same address is still open.
    const QString who = options.notify.trimmed().toLower();
    for (const jsoc::ExportQueueEntry &e : m_queue->entries()) {
        if (e.id == id || e.options.notify.trimmed().toLower() != who || (!e.isActive() && e.state != State::Queued))
            continue;
        if (auto mine = m_queue->entry(id)) {
            mine->message = tr("Waiting in our queue: JSOC allows one pending export per e-mail, so this is sent "
                               "when %1 finishes.")
                                .arg(entryName(e));
            if (!m_queue->update(*mine))
                say(m_queue->writeFailureText(*mine), true);
        }
        break;
    }
    emit exportSubmitted(id);
    return id;
}

void ExportController::addRequestId(const QString &requestId, bool fetchNow)
{
    const QString id = requestId.trimmed();
    for (const jsoc::ExportQueueEntry &e : m_queue->entries())
        if (e.requestId == id && e.state != State::Cancelled) {
            const QString text = tr("%1 is already in the list.").arg(id);
            say(text, false);
            emit requestIdRefused(text);
            return;
        }
    if (!m_client || !m_queue->isOpen())
        return;
    jsoc::ExportJob *job = m_client->exportStatus(id);
    connect(job, &jsoc::JsocJob::finished, this, [this, job, id, fetchNow] {
        job->deleteLater();
        const jsoc::JsocError &error = job->error();
        const jsoc::ExportStatus &status = job->result();
        QString refusal;
        if (error.isError() && error.kind != jsoc::JsocError::Kind::Jsoc)
            refusal = tr("Could not ask JSOC about %1: %2").arg(id, error.message);
        else if (!status.isDone() && !status.isPending())
            refusal = tr("JSOC cannot give %1: %2")
                          .arg(id, jsoc::exportStatusLine(status.status, jsoc::ExportStatusContext::AfterPoll, status.error));
        if (!refusal.isEmpty()) {
            say(refusal, true);
            emit requestIdRefused(refusal);
            return;
        }
        jsoc::ExportRequestOptions options;
        options.recordSet = QStringLiteral(""); // unknown (NOT NULL in the queue): no re-export
        options.notify = QStringLiteral("");
        options.method = status.method.isEmpty() ? QStringLiteral("url") : status.method;
        options.protocol = status.protocol.isEmpty() ? QStringLiteral("as-is") : status.protocol;
        const QString folder = jsoc::Preferences::load(QSettings()).downloadFolder;
        QDir().mkpath(folder);
        const qint64 entryId = m_queue->add(options, folder);
        if (entryId == 0) {
            say(m_queue->lastError(), true);
            return;
        }
        setStageOnly(entryId, !fetchNow);
        if (!status.exptime.isEmpty())
            m_exptimes.insert(entryId, status.exptime);
        auto entry = m_queue->entry(entryId);
        entry->requestId = id;
        // Failed with no JSOC status is the state from which the poller's retry() asks JSOC about
        // a known request id, so the entry is then followed exactly like our own requests.
        entry->state = State::Failed;
        entry->jsocStatus = -1;
        entry->message = tr("Added by request id; asking JSOC.");
        if (!m_queue->update(*entry, QStringLiteral("added by request id"))) {
            say(m_queue->writeFailureText(*entry), true);
            return;
        }
        m_poller->retry(entryId);
        emit requestIdAdded(entryId);
    });
}

void ExportController::downloadExport(qint64 exportId)
{
    setStageOnly(exportId, false);
    const auto e = m_queue->entry(exportId);
    if (e && e->state != State::Done) {
        say(tr("%1 is not ready at JSOC yet; its files download as soon as it is.").arg(entryName(*e)), false);
        return;
    }
    forDownloadsOf(exportId, [this](const jsoc::DownloadItem &d) {
        if (d.state == DState::Paused || d.state == DState::Failed)
            m_downloads->resume(d.id);
    });
}

void ExportController::cancelExport(qint64 exportId)
{
    m_poller->cancel(exportId);
    forDownloadsOf(exportId, [this](const jsoc::DownloadItem &d) {
        if (!d.isFinished())
            m_downloads->cancel(d.id);
    });
}

void ExportController::retryExport(qint64 exportId)
{
    m_poller->retry(exportId);
}

qint64 ExportController::reexport(qint64 exportId)
{
    const auto e = m_queue->entry(exportId);
    if (!e || e->options.recordSet.isEmpty()) {
        say(tr("This export was added by its request id, so its record set is not known here; export the "
               "records again from the browser."),
            true);
        return 0;
    }
    const qint64 id = m_poller->reexport(exportId);
    if (id > 0) {
        setStageOnly(id, isStageOnly(exportId));
        emit exportSubmitted(id);
    } else {
        say(tr("%1. Nothing was sent to JSOC.").arg(m_queue->lastError()), true);
    }
    return id;
}

void ExportController::removeExport(qint64 exportId)
{
    cancelExport(exportId);
    m_removedExports.insert(exportId);
    forDownloadsOf(exportId, [this](const jsoc::DownloadItem &d) { m_downloadModel->remove(d.id); });
    if (!m_queue->remove(exportId))
        say(m_queue->lastError(), true);
    m_modes->remove(QStringLiteral("stageOnly/%1").arg(exportId));
    m_exptimes.remove(exportId);
    onProgress();
}

template <typename Fn>
void ExportController::forDownloadsOf(qint64 exportId, Fn fn)
{
    for (const jsoc::DownloadItem &d : m_downloads->items())
        if (d.exportId == exportId)
            fn(d);
}

// ---- queue and downloads -------------------------------------------------------------------

bool ExportController::isStageOnly(qint64 exportId) const
{
    return m_modes->value(QStringLiteral("stageOnly/%1").arg(exportId), false).toBool();
}

void ExportController::setStageOnly(qint64 exportId, bool stageOnly)
{
    if (stageOnly)
        m_modes->setValue(QStringLiteral("stageOnly/%1").arg(exportId), true);
    else
        m_modes->remove(QStringLiteral("stageOnly/%1").arg(exportId));
    m_modes->sync();
}

void ExportController::onDownloadsAdded(qint64 exportId)
{
    if (!isStageOnly(exportId))
        return;
    const auto e = m_queue->entry(exportId);
    const QString until = e && e->expiresAt().isValid()
                              ? QLocale().toString(e->expiresAt().toLocalTime(), QLocale::ShortFormat)
                              : tr("7 days after staging");
    for (jsoc::DownloadItem d : m_queue->downloads(exportId)) {
        if (d.state != DState::Waiting)
            continue;
        d.state = DState::Paused;
        d.error = tr("Staged at JSOC until %1: press Download to fetch it.").arg(until);
        m_queue->updateDownloadSoon(d);
    }
    // One transaction for all rows, written before anything else reads them.
    if (!m_queue->flushDownloads())
        say(m_queue->writeFailureText(e ? *e : jsoc::ExportQueueEntry{}), true);
}

void ExportController::syncDownloadModel()
{
    for (const jsoc::DownloadItem &d : m_downloads->items())
        if (!m_removedExports.contains(d.exportId) && m_downloadModel->rowOf(d.id) < 0)
            m_downloadModel->upsert(d);
    onProgress();
}

void ExportController::onDownloadChanged(const jsoc::DownloadItem &item)
{
    if (!m_removedExports.contains(item.exportId))
        m_downloadModel->upsert(item);
}

void ExportController::onProgress()
{
    for (int row = 0; row < m_downloadModel->rowCount(); ++row) {
        const QModelIndex index = m_downloadModel->index(row, 0);
        if (DState(index.data(jsoc::DownloadQueueModel::StateRole).toInt()) != DState::Running)
            continue;
        const qint64 id = index.data(jsoc::DownloadQueueModel::IdRole).toLongLong();
        const auto p = m_downloads->itemProgress(id);
        m_downloadModel->setProgress(id, p.received, p.total, p.bytesPerSecond, p.etaSeconds);
    }
    if (m_window) {
        const auto t = m_downloads->totalProgress();
        m_window->setTotalProgress(t.received, t.total, t.bytesPerSecond, t.etaSeconds, t.filesDone, t.files);
    }
}

void ExportController::onExportFinished(qint64 exportId)
{
    auto e = m_queue->entry(exportId);
    if (!e)
        return;
    // An export staged elsewhere finished at JSOC's exptime, not when we first saw it: the
    // 7-day retention counts from then.
    if (e->state == State::Done && m_exptimes.contains(exportId)) {
        const QDateTime at = jsoc::exportTimeUtc(m_exptimes.take(exportId));
        if (at.isValid() && at < e->completed) {
            e->completed = at;
            if (!m_queue->update(*e, QStringLiteral("completion time from JSOC's exptime")))
                say(m_queue->writeFailureText(*e), true);
        }
    }
    // The queue keeps neutral words; the buttons to press are this window's own advice.
    if (e->state == State::Failed && e->jsocStatus < 0)
        say(tr("%1: %2 Use Retry to ask JSOC again.").arg(entryName(*e), e->message), true);
    else if (e->state == State::Failed)
        say(tr("%1: %2").arg(entryName(*e), e->message), true);
    else if (e->state == State::Expired)
        say(tr("%1: %2 Use Re-export to have JSOC prepare the files anew.").arg(entryName(*e), e->message), true);
    else if (e->state == State::Done && e->isShort())
        say(tr("%1: %2").arg(entryName(*e), e->message), true);
    onProgress();
}

void ExportController::say(const QString &text, bool error)
{
    emit message(text, error);
    if (m_window)
        m_window->showMessage(text, error);
}

ui::ExportsWindow *ExportController::exportsWindow()
{
    if (m_window)
        return m_window.get();
    m_window = std::make_unique<ui::ExportsWindow>(m_exportModel.get(), m_downloadModel.get());
    ui::ExportsWindow *w = m_window.get();
    connect(w, &ui::ExportsWindow::downloadExportRequested, this, &ExportController::downloadExport);
    connect(w, &ui::ExportsWindow::cancelExportRequested, this, &ExportController::cancelExport);
    connect(w, &ui::ExportsWindow::retryExportRequested, this, &ExportController::retryExport);
    connect(w, &ui::ExportsWindow::reexportRequested, this, &ExportController::reexport);
    connect(w, &ui::ExportsWindow::removeExportRequested, this, &ExportController::removeExport);
    connect(w, &ui::ExportsWindow::requestIdEntered, this, &ExportController::addRequestId);
    connect(w, &ui::ExportsWindow::fileActivated, this, &ExportController::fileActivated);
    connect(w, &ui::ExportsWindow::pauseRequested, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            m_downloads->pause(id);
    });
    connect(w, &ui::ExportsWindow::resumeRequested, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            m_downloads->resume(id);
    });
    connect(w, &ui::ExportsWindow::retryRequested, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            m_downloads->retry(id);
    });
    connect(w, &ui::ExportsWindow::cancelDownloadsRequested, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            m_downloads->cancel(id);
    });
    connect(w, &ui::ExportsWindow::pauseAllRequested, m_downloads.get(), &jsoc::DownloadManager::pauseAll);
    connect(w, &ui::ExportsWindow::resumeAllRequested, m_downloads.get(), &jsoc::DownloadManager::resumeAll);
    connect(w, &ui::ExportsWindow::connectionsPerHostChanged, m_downloads.get(), &jsoc::DownloadManager::setConnectionsPerHost);
    if (!m_queue->isOpen())
        w->showMessage(m_openError, true);
    onProgress();
    return w;
}

} // namespace app
