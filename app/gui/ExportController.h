#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/drms/SeriesStructure.h"
#include "network/JsocClient.h"
#include "ui/ExportDialog.h"
#include "ui/FieldOfViewExport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>

class QWidget;

namespace jsoc {
class DownloadManager;
class DownloadQueueModel;
class ExportPoller;
class ExportQueue;
class ExportQueueModel;
struct DownloadItem;
}

namespace ui {
class ExportsWindow;
class SameFieldDialog;
}

// Exports and downloads for the GUI: a thin adapter between the export dialog / exports window
// and the export session (app/workflow/ExportSession), which owns the queue, the poller and the
// downloads and is the only writer of export state. What stays here is the GUI's own part:
// - the dialog's count / size-estimate / address-check / pending-request questions to JsocClient;
// - the window's models (fed from the session's queue and download manager) and its buttons;
// - the GUI's advice added to the session's neutral messages ("Use Retry …").
//
// The JsocClient must outlive this object; when the app switches servers, make a new
// ExportController with the new client and that server's data folder (defaultDataDir()).
namespace app {

class ExportSession;

class ExportController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportController)

public:
    ExportController(jsoc::JsocClient *client, const QString &dataDir, QObject *parent = nullptr);
    ~ExportController() override;

    // <AppDataLocation>/exports/<host>_<port>: one queue per server, the same as jsoc-cli's.
    static QString defaultDataDir(const QUrl &server);

    // Opens a (non-modal) export dialog for `recordSet`; a second call replaces the first dialog.
    void openExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent);
    // "Export this field of view…": the export dialog for the record set the file came from (the
    // export that downloaded it, when the queue knows the file; else the request's own guess, for
    // the user to check) with the box's im_patch step filled in.
    // With request.sameFieldInOtherSeries: the "Same field in other series…" dialog instead
    // (openSameFieldDialog).
    void openFieldOfViewExport(const ui::FieldOfViewExport &request, QWidget *parent);
    // The dialog for a job of the box over several series; its "Queue N exports" is queueJob().
    void openSameFieldDialog(const ui::FieldOfViewExport &request, QWidget *parent);
    // Queues `requests` as one job (one transaction) downloading into `folder`; their ids, or an
    // empty list with the reason said (message signal and the exports window). The poller then
    // sends them one after another: JSOC takes one pending request per address.
    QList<qint64> queueJob(const QList<jsoc::ExportRequestOptions> &requests, const QString &folder, const QString &title);
    // The record set of the export that downloaded `path` into its folder; "" when none did.
    QString recordSetOfFile(const QString &path) const;
    // The exports/downloads window (created on first use; the caller shows it).
    ui::ExportsWindow *exportsWindow();
    // Resumes polling and downloads found in the queue; call once after construction.
    void start();

    // What the dialog and the window's buttons do (public for tests and menu actions).
    qint64 submit(const jsoc::ExportRequestOptions &options, const QString &folder, bool fetchNow);
    void addRequestId(const QString &requestId, bool fetchNow);
    void downloadExport(qint64 exportId);
    void cancelExport(qint64 exportId);
    void retryExport(qint64 exportId);
    qint64 reexport(qint64 exportId);
    void removeExport(qint64 exportId);

    bool isOpen() const;       // false when the queue database could not be opened
    QString openError() const { return m_openError; }
    bool isStageOnly(qint64 exportId) const;
    ui::ExportDialog *dialog() const { return m_dialog; }
    ui::SameFieldDialog *sameFieldDialog() const;
    ExportSession *session() const { return m_session.get(); }
    jsoc::ExportQueue *queue() const;
    jsoc::ExportPoller *poller() const;
    jsoc::DownloadManager *downloads() const;
    jsoc::ExportQueueModel *exportModel() const { return m_exportModel.get(); }
    jsoc::DownloadQueueModel *downloadModel() const { return m_downloadModel.get(); }

signals:
    void exportSubmitted(qint64 exportId);
    void jobQueued(const QList<qint64> &exportIds);
    void requestIdAdded(qint64 exportId);
    void requestIdRefused(const QString &message);
    void message(const QString &text, bool error);
    // A finished download was double-clicked in the exports window.
    void fileActivated(const QString &path);

private:
    void countRecords(const QString &recordSet);
    void checkAddress(const QString &email);
    void fetchStructure(const QString &series);
    void syncDownloadModel();
    void onDownloadChanged(const jsoc::DownloadItem &item);
    void onProgress();
    void onExportFinished(qint64 exportId);
    void say(const QString &text, bool error);

    QPointer<jsoc::JsocClient> m_client;
    QString m_openError;
    std::unique_ptr<ExportSession> m_session;
    std::unique_ptr<jsoc::ExportQueueModel> m_exportModel;
    std::unique_ptr<jsoc::DownloadQueueModel> m_downloadModel;
    std::unique_ptr<ui::ExportsWindow> m_window;
    QPointer<ui::ExportDialog> m_dialog;
    QPointer<ui::SameFieldDialog> m_sameFieldDialog;
    QPointer<jsoc::JsocJob> m_countJob;
    QPointer<jsoc::JsocJob> m_sizeJob;
    QPointer<jsoc::JsocJob> m_addressJob;
    bool m_started = false;
};

} // namespace app
