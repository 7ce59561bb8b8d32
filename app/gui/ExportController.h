#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/drms/SeriesStructure.h"
#include "network/JsocClient.h"
#include "ui/ExportDialog.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrl>

#include <memory>

class QSettings;
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
}

// Exports and downloads for the GUI: the only place the export dialog and the exports window
// meet the network. Owns the persistent ExportQueue (<dataDir>/exports.sqlite), the ExportPoller
// and the DownloadManager, and connects:
// - the dialog's count / address-check requests to JsocClient (recordCount + rs_list `*size*` of
//   the first records for the size estimate; checkAddress);
// - a submitted request to the queue (the poller keeps one pending request per e-mail, the rest
//   wait in our queue), remembering "Fetch now" or "Stage only" per export (<dataDir>/export-modes.ini);
// - completed exports to downloads: started at once (Fetch) or kept paused as "staged" until
//   the user presses Download;
// - "Add request id" → exp_status → a queue entry followed like our own requests;
// - the window's buttons to the poller and the download manager.
// start() resumes polling and downloads after a restart (kill -9 safe: the queue is the truth).
//
// The JsocClient must outlive this object; when the app switches servers, make a new
// ExportController with the new client and that server's data folder (defaultDataDir()).
namespace app {

class ExportController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportController)

public:
    ExportController(jsoc::JsocClient *client, const QString &dataDir, QObject *parent = nullptr);
    ~ExportController() override;

    // <AppDataLocation>/exports/<host>_<port>: one queue per server.
    static QString defaultDataDir(const QUrl &server);

    // Opens a (non-modal) export dialog for `recordSet`; a second call replaces the first dialog.
    void openExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent);
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
    jsoc::ExportQueue *queue() const { return m_queue.get(); }
    jsoc::ExportPoller *poller() const { return m_poller.get(); }
    jsoc::DownloadManager *downloads() const { return m_downloads.get(); }
    jsoc::ExportQueueModel *exportModel() const { return m_exportModel.get(); }
    jsoc::DownloadQueueModel *downloadModel() const { return m_downloadModel.get(); }

signals:
    void exportSubmitted(qint64 exportId);
    void requestIdAdded(qint64 exportId);
    void requestIdRefused(const QString &message);
    void message(const QString &text, bool error);
    // A finished download was double-clicked in the exports window.
    void fileActivated(const QString &path);

private:
    void countRecords(const QString &recordSet);
    void checkAddress(const QString &email);
    void setStageOnly(qint64 exportId, bool stageOnly);
    void onDownloadsAdded(qint64 exportId);
    void syncDownloadModel();
    void onDownloadChanged(const jsoc::DownloadItem &item);
    void onProgress();
    void onExportFinished(qint64 exportId);
    void say(const QString &text, bool error);
    template <typename Fn> void forDownloadsOf(qint64 exportId, Fn fn);

    QPointer<jsoc::JsocClient> m_client;
    QString m_dataDir;
    QString m_openError;
    std::unique_ptr<QSettings> m_modes;
    std::unique_ptr<jsoc::ExportQueue> m_queue;
    std::unique_ptr<jsoc::ExportPoller> m_poller;
    std::unique_ptr<jsoc::DownloadManager> m_downloads;
    std::unique_ptr<jsoc::ExportQueueModel> m_exportModel;
    std::unique_ptr<jsoc::DownloadQueueModel> m_downloadModel;
    std::unique_ptr<ui::ExportsWindow> m_window;
    QPointer<ui::ExportDialog> m_dialog;
    QPointer<jsoc::JsocJob> m_countJob;
    QPointer<jsoc::JsocJob> m_sizeJob;
    QPointer<jsoc::JsocJob> m_addressJob;
    QSet<qint64> m_removedExports;
    QHash<qint64, QString> m_exptimes; // export id → JSOC's exptime, for exports added by id
    bool m_started = false;
};

} // namespace app
