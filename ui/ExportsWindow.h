#pragma once

#include <QList>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTextBrowser;

// The exports window: the export queue (jsoc::ExportQueueModel: request, record set, status in
// words with what to do, expiry) with Download / Cancel / Retry / Re-export / Remove and "Add
// request id…" (download what was staged elsewhere), a details area below it with the selected
// export's whole story (its message and JSOC's words, selectable to copy), and the download queue
// (jsoc::DownloadQueueModel) with per-file progress bars, a total bar, pause / resume / cancel /
// retry and the connections-per-host cap (1–8, saved in QSettings). The download list has no
// sorting proxy and its buttons follow a running tally (DownloadSelectionTally), so 50,000 rows
// cost nothing per progress tick beyond repainting the visible ones.
//
// A job queued as one ("Same field in other series…") names itself in the first column, the Job
// (shown while the queue holds a job);
// a click on that cell selects every member, and Cancel / Remove act on every selected export.
//
// Knows nothing of the network: every button emits a request signal with the ids involved; the
// app (app/gui/ExportController) acts and the models update the views.
namespace ui {

class DownloadSelectionTally;
class ExportExpiryProxy;
class InlineBanner;

class ExportsWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportsWindow)

public:
    // `exports` must be a jsoc::ExportQueueModel, `downloads` a jsoc::DownloadQueueModel.
    ExportsWindow(QAbstractItemModel *exports, QAbstractItemModel *downloads, QWidget *parent = nullptr);

    // The saved cap (QSettings jsoc::Preferences::kConnectionsPerHostKey), default 1, at most 8.
    static int savedConnectionsPerHost();
    static constexpr int kMaxConnections = 8;
    int connectionsPerHost() const;
    void setConnectionsPerHost(int n);

    void setTotalProgress(qint64 received, qint64 total, double bytesPerSecond, qint64 etaSeconds, int filesDone, int files);
    void showMessage(const QString &text, bool error = false);
    QString message() const;

    // Shows the request-id bar; addRequestId() is what its buttons do (false + message when the
    // id is not a JSOC request id).
    void showAddRequestBar();
    bool addRequestId(const QString &requestId, bool fetchNow);

    // Selection helpers (also used by tests).
    void selectExport(qint64 id);
    void selectDownloads(const QList<qint64> &ids);
    QList<qint64> selectedDownloads() const;
    qint64 selectedExport() const; // 0 when none
    QList<qint64> selectedExports() const; // every selected export, oldest first (Cancel and Remove act on all)
    void selectJob(qint64 groupId);        // every member of the job, as a click on its Job cell does

    QTableView *exportView() const { return m_exportView; }
    // The selected export's whole message and JSOC's words, plain text; a hint when none is selected.
    QTextBrowser *exportDetails() const { return m_details; }
    QTableView *downloadView() const { return m_downloadView; }
    QProgressBar *totalBar() const { return m_totalBar; }
    QLabel *totalRateLabel() const { return m_totalLabel; } // "2.0 MB/s, 25 s left"
    QPushButton *button(const QString &name) const; // by objectName, for tests

signals:
    void downloadExportRequested(qint64 exportId);
    void cancelExportRequested(qint64 exportId);
    void retryExportRequested(qint64 exportId);
    void reexportRequested(qint64 exportId);
    void removeExportRequested(qint64 exportId);
    void requestIdEntered(const QString &requestId, bool fetchNow);
    void pauseRequested(const QList<qint64> &downloadIds);
    void resumeRequested(const QList<qint64> &downloadIds);
    void cancelDownloadsRequested(const QList<qint64> &downloadIds);
    void retryRequested(const QList<qint64> &downloadIds);
    void pauseAllRequested();
    void resumeAllRequested();
    void connectionsPerHostChanged(int n);
    // A finished download was double-clicked: open it (FITS preview).
    void fileActivated(const QString &path);

private:
    QWidget *buildExports();
    QWidget *buildDownloads();
    QPushButton *addButton(const QString &name, const QString &text, const QString &tip, QWidget *parent);
    void updateExportButtons();
    void updateExportDetails();
    void updateDownloadButtons();

    QAbstractItemModel *m_exports = nullptr;
    QAbstractItemModel *m_downloads = nullptr;
    ExportExpiryProxy *m_expiry = nullptr;
    InlineBanner *m_banner = nullptr;
    QTableView *m_exportView = nullptr;
    QTextBrowser *m_details = nullptr;
    QTableView *m_downloadView = nullptr;
    QWidget *m_addBar = nullptr;
    QLineEdit *m_requestIdEdit = nullptr;
    QLabel *m_addError = nullptr;
    QProgressBar *m_totalBar = nullptr;
    QLabel *m_totalLabel = nullptr;
    QSpinBox *m_connections = nullptr;
    DownloadSelectionTally *m_selectedStates = nullptr;
    QList<QPushButton *> m_buttons;
};

} // namespace ui
