#include "app/gui/ExportController.h"

#include "app/workflow/ExportSession.h"
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
#include "ui/ProcessingStepEditor.h"
#include "ui/RecordSetTextEdit.h"
#include "ui/SameFieldDialog.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSettings>

namespace app {

using State = jsoc::ExportQueueEntry::State;
using DState = jsoc::DownloadItem::State;

namespace {
// Records whose `*size*` is averaged for the size estimate: enough to smooth, cheap to list.
constexpr qint64 kSizeSample = 10;
} // namespace

ExportController::ExportController(jsoc::JsocClient *client, const QString &dataDir, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_session(std::make_unique<ExportSession>(client)),
      m_downloadModel(std::make_unique<jsoc::DownloadQueueModel>())
{
    if (!m_session->open(dataDir))
        m_openError = tr("The export queue cannot be used: %1").arg(m_session->openError());
    m_exportModel = std::make_unique<jsoc::ExportQueueModel>(queue());

    connect(downloads(), &jsoc::DownloadManager::itemChanged, this, &ExportController::onDownloadChanged);
    connect(downloads(), &jsoc::DownloadManager::itemFinished, this, &ExportController::onDownloadChanged);
    connect(downloads(), &jsoc::DownloadManager::progressChanged, this, &ExportController::onProgress);
    connect(m_session.get(), &ExportSession::exportFinished, this, &ExportController::onExportFinished);
    connect(m_session.get(), &ExportSession::message, this, &ExportController::say);
    // The session stopped because the queue cannot be written: say so where the user looks.
    connect(m_session.get(), &ExportSession::storageFailed, this, [this](const QString &text) { say(text, true); });
    connect(m_session.get(), &ExportSession::exportAdded, this, &ExportController::exportSubmitted);
    connect(m_session.get(), &ExportSession::followed, this, [this](qint64 id, const QString &) { emit requestIdAdded(id); });
    connect(m_session.get(), &ExportSession::followRefused, this, [this](const QString &, const QString &text) {
        say(text, true);
        emit requestIdRefused(text);
    });
    connect(m_session.get(), &ExportSession::merged, this, [this](qint64 from, qint64 into) {
        for (const jsoc::DownloadItem &d : m_session->downloadsOf(from))
            m_downloadModel->remove(d.id);
        say(tr("JSOC answered export #%1 with the request id export #%2 already follows: the two rows are one.")
                .arg(from)
                .arg(into),
            false);
    });
    connect(m_session.get(), &ExportSession::cancelledAtJsoc, this,
            [this](qint64, bool ok, const QString &text) { say(text, !ok); });
    connect(m_session.get(), &ExportSession::pendingChecked, this,
            [this](const QString &, const jsoc::PendingRequestCheck &check) {
                if (m_dialog)
                    m_dialog->setPendingRequest(check);
            });
    connect(m_session.get(), &ExportSession::pendingCheckFailed, this, [this](const QString &, const QString &text) {
        say(tr("Could not ask JSOC about pending requests: %1").arg(text), true);
    });
    ExportSession::Options options;
    options.poll = m_session->poller()->options();
    options.connectionsPerHost = ui::ExportsWindow::savedConnectionsPerHost();
    m_session->setOptions(options);
}

ExportController::~ExportController()
{
    if (m_dialog && !m_dialog->parent())
        delete m_dialog;
    m_window.reset();
    m_session->stop();
}

QString ExportController::defaultDataDir(const QUrl &server)
{
    return ExportSession::dataDir(server);
}

bool ExportController::isOpen() const
{
    return m_session->isOpen();
}

jsoc::ExportQueue *ExportController::queue() const
{
    return m_session->queue();
}

jsoc::ExportPoller *ExportController::poller() const
{
    return m_session->poller();
}

jsoc::DownloadManager *ExportController::downloads() const
{
    return m_session->downloads();
}

void ExportController::start()
{
    if (m_started || !m_session->isOpen()) {
        if (!m_session->isOpen())
            say(m_openError, true);
        return;
    }
    m_started = true;
    // New rows (a completed export) reach the view when the queue adds them; staged ones are
    // stored paused by the session in the same transaction, so no order of slots matters.
    connect(queue(), &jsoc::ExportQueue::downloadsAdded, this, &ExportController::syncDownloadModel, Qt::QueuedConnection);
    m_session->start();
    syncDownloadModel();
}

// ---- dialog -------------------------------------------------------------------------------

QString ExportController::recordSetOfFile(const QString &path) const
{
    jsoc::ExportQueue *q = queue();
    if (!q || path.isEmpty())
        return {};
    const QString wanted = QFileInfo(path).canonicalFilePath();
    for (const jsoc::DownloadItem &item : q->downloads()) {
        if (item.state != jsoc::DownloadItem::State::Done || QFileInfo(item.targetPath()).canonicalFilePath() != wanted)
            continue;
        if (const std::optional<jsoc::ExportQueueEntry> entry = q->entry(item.exportId))
            return entry->options.recordSet;
    }
    return {};
}

void ExportController::openFieldOfViewExport(const ui::FieldOfViewExport &request, QWidget *parent)
{
    if (request.sameFieldInOtherSeries) {
        openSameFieldDialog(request, parent);
        return;
    }
    QString recordSet = request.recordSet;
    bool guessed = false;
    if (!request.recordSetKnown) {
        const QString known = recordSetOfFile(request.filePath);
        guessed = known.isEmpty();
        if (!guessed)
            recordSet = known;
    }
    openExportDialog(recordSet, jsoc::SeriesStructure(), parent);
    if (!m_dialog)
        return;
    // JSOC processes only what it prepares (url): a quick export sends the files as stored.
    m_dialog->setMethod(QStringLiteral("url"));
    m_dialog->setProtocol(QStringLiteral("fits"));
    m_dialog->stepEditor()->setSteps({request.imPatch});
    if (guessed) {
        // No export of ours brought the file: the record set is a guess the user must check.
        m_dialog->setWindowTitle(m_dialog->windowTitle() + tr(" — check the record set (guessed from the file)"));
        m_dialog->recordSetEdit()->setToolTip(tr("Guessed from the file's name and header, as no export of this "
                                                 "program downloaded it: check that it names the records you want."));
        m_dialog->recordSetEdit()->selectAll();
        m_dialog->recordSetEdit()->setFocus();
    }
}

void ExportController::openSameFieldDialog(const ui::FieldOfViewExport &request, QWidget *parent)
{
    if (m_sameFieldDialog)
        m_sameFieldDialog->close();
    // The frame's own series is ticked: the export that brought the file knows it best.
    QString recordSet = request.recordSetKnown ? request.recordSet : recordSetOfFile(request.filePath);
    if (recordSet.isEmpty())
        recordSet = request.recordSet;
    auto *dialog = new ui::SameFieldDialog(request.placement, request.choice, recordSet, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowFlag(Qt::Window);
    m_sameFieldDialog = dialog;
    connect(dialog, &ui::SameFieldDialog::queueRequested, this,
            [this, dialog](const QList<jsoc::ExportRequestOptions> &requests, const QString &folder, const QString &title) {
                if (queueJob(requests, folder, title).isEmpty())
                    return; // said why; the dialog stays for a fix
                dialog->close();
                ui::ExportsWindow *w = exportsWindow();
                w->show();
                w->raise();
            });
    // The address as the export dialog checks it (checkAddress.sh), answered to this dialog only.
    connect(dialog, &ui::SameFieldDialog::addressCheckRequested, this, [this, dialog](const QString &email) {
        if (!m_client)
            return;
        jsoc::AddressCheckJob *job = m_client->checkAddress(email);
        QPointer<ui::SameFieldDialog> to(dialog);
        connect(job, &jsoc::JsocJob::finished, this, [job, to, email] {
            job->deleteLater();
            if (!to)
                return;
            if (job->error().isError())
                to->setAddressCheckFailed(email, job->error().message);
            else
                to->setAddressCheck(email, job->result());
        });
    });
    dialog->show();
    dialog->checkAddress();
}

ui::SameFieldDialog *ExportController::sameFieldDialog() const
{
    return m_sameFieldDialog;
}

QList<qint64> ExportController::queueJob(const QList<jsoc::ExportRequestOptions> &requests, const QString &folder,
                                         const QString &title)
{
    if (!m_session->isOpen()) {
        say(m_openError, true);
        return {};
    }
    // The session checks every member and queues all or none; a refusal reaches say() through
    // its message signal, each queued member through exportAdded (exportSubmitted).
    const QList<qint64> ids = m_session->submitGroup(requests, folder, title);
    if (ids.isEmpty())
        return {};
    emit jobQueued(ids);
    say(tr("%1: %2 exports queued; they go to JSOC one after another.").arg(title).arg(ids.size()), false);
    return ids;
}

void ExportController::openExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent)
{
    if (m_dialog)
        m_dialog->close();
    auto *dialog = new ui::ExportDialog(recordSet, structure, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &ui::ExportDialog::countRequested, this, &ExportController::countRecords);
    connect(dialog, &ui::ExportDialog::addressCheckRequested, this, &ExportController::checkAddress);
    connect(dialog, &ui::ExportDialog::structureRequested, this, &ExportController::fetchStructure);
    // JSOC's pending-request table for the address (manage-request.sh), through the session.
    connect(dialog, &ui::ExportDialog::pendingCheckRequested, m_session.get(), &ExportSession::checkPending);
    connect(dialog, &ui::ExportDialog::cancelPendingRequested, m_session.get(), &ExportSession::cancelPending);
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
            m_dialog->setCountFailed(tr("Could not count the records: %1").arg(job->error().message));
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
            m_dialog->setAddressCheckFailed(tr("Could not check the e-mail address: %1").arg(job->error().message));
        else
            m_dialog->setAddressCheck(job->result());
    });
}

void ExportController::fetchStructure(const QString &series)
{
    if (!m_client)
        return;
    jsoc::SeriesStructureJob *job = m_client->seriesStructure(series);
    connect(job, &jsoc::JsocJob::finished, this, [this, job, series] {
        job->deleteLater();
        if (!m_dialog)
            return;
        if (job->error().isError())
            m_dialog->setStructureFailed(series, job->error().message);
        else
            m_dialog->setStructure(job->result());
    });
}

// ---- requests -----------------------------------------------------------------------------

qint64 ExportController::submit(const jsoc::ExportRequestOptions &options, const QString &folder, bool fetchNow)
{
    if (!m_session->isOpen()) {
        say(m_openError, true);
        return 0;
    }
    return m_session->submit(options, folder, !fetchNow);
}

void ExportController::addRequestId(const QString &requestId, bool fetchNow)
{
    m_session->follow(requestId, jsoc::Preferences::load(QSettings()).downloadFolder, !fetchNow);
}

void ExportController::downloadExport(qint64 exportId)
{
    m_session->download(exportId);
}

void ExportController::cancelExport(qint64 exportId)
{
    m_session->cancel(exportId);
}

void ExportController::retryExport(qint64 exportId)
{
    m_session->retry(exportId);
}

qint64 ExportController::reexport(qint64 exportId)
{
    return m_session->resubmit(exportId);
}

void ExportController::removeExport(qint64 exportId)
{
    const QList<jsoc::DownloadItem> files = m_session->downloadsOf(exportId);
    if (!m_session->remove(exportId))
        return;
    for (const jsoc::DownloadItem &d : files)
        m_downloadModel->remove(d.id);
    onProgress();
}

// ---- queue and downloads -------------------------------------------------------------------

bool ExportController::isStageOnly(qint64 exportId) const
{
    const auto e = queue()->entry(exportId);
    return e && e->stageOnly;
}

void ExportController::syncDownloadModel()
{
    for (const jsoc::DownloadItem &d : downloads()->items())
        if (!m_session->isRemoved(d.exportId) && !m_downloadModel->contains(d.id))
            m_downloadModel->upsert(d);
    onProgress();
}

void ExportController::onDownloadChanged(const jsoc::DownloadItem &item)
{
    if (!m_session->isRemoved(item.exportId))
        m_downloadModel->upsert(item);
}

void ExportController::onProgress()
{
    // Only the running rows move: at 50,000 rows a scan of all of them would cost more than the tick.
    for (const qint64 id : m_downloadModel->runningIds()) {
        const auto p = downloads()->itemProgress(id);
        m_downloadModel->setProgress(id, p.received, p.total, p.bytesPerSecond, p.etaSeconds);
    }
    if (m_window) {
        const auto t = downloads()->totalProgress();
        m_window->setTotalProgress(t.received, t.total, t.bytesPerSecond, t.etaSeconds, t.filesDone, t.files);
    }
}

void ExportController::onExportFinished(qint64 exportId)
{
    const auto e = queue()->entry(exportId);
    if (!e)
        return;
    const QString name = e->requestId.isEmpty() ? e->options.recordSet : e->requestId;
    // The session keeps neutral words; the buttons to press are this window's own advice.
    if (e->state == State::Failed && e->jsocStatus < 0)
        say(tr("%1: %2 Use Retry to ask JSOC again.").arg(name, e->message), true);
    else if (e->state == State::Failed)
        say(tr("%1: %2").arg(name, e->message), true);
    else if (e->state == State::Expired)
        say(tr("%1: %2 Use Re-export to have JSOC prepare the files anew.").arg(name, e->message), true);
    else if (e->state == State::Done && e->isShort())
        say(tr("%1: %2").arg(name, e->message), true);
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
    jsoc::DownloadManager *files = downloads();
    connect(w, &ui::ExportsWindow::pauseRequested, files, [files](const QList<qint64> &ids) {
        for (qint64 id : ids)
            files->pause(id);
    });
    connect(w, &ui::ExportsWindow::resumeRequested, files, [files](const QList<qint64> &ids) {
        for (qint64 id : ids)
            files->resume(id);
    });
    connect(w, &ui::ExportsWindow::retryRequested, files, [files](const QList<qint64> &ids) {
        for (qint64 id : ids)
            files->retry(id);
    });
    connect(w, &ui::ExportsWindow::cancelDownloadsRequested, files, [files](const QList<qint64> &ids) {
        for (qint64 id : ids)
            files->cancel(id);
    });
    connect(w, &ui::ExportsWindow::pauseAllRequested, files, &jsoc::DownloadManager::pauseAll);
    connect(w, &ui::ExportsWindow::resumeAllRequested, files, &jsoc::DownloadManager::resumeAll);
    connect(w, &ui::ExportsWindow::connectionsPerHostChanged, files, &jsoc::DownloadManager::setConnectionsPerHost);
    if (!m_session->isOpen())
        w->showMessage(m_openError, true);
    onProgress();
    return w;
}

} // namespace app
