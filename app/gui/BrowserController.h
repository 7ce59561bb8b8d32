#pragma once

#include <memory>

#include <QDateTime>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include "model/common/Preferences.h"
#include "model/catalogue/SeriesCatalogueCache.h"
#include "network/JsocClient.h"

namespace jsoc {
class FavouriteSeriesModel;
class RecentSeriesModel;
class SeriesTreeModel;
}

namespace ui {
class FitsPreviewWindow;
class MainWindow;
}

namespace app {
class ExportController;
class RecordSetController;
}

// Wires the browser window to JSOC: the only place where network/ meets the models.
//
// Start-up: the cached catalogue is read on a worker thread and shown at once, then the list is
// refreshed from JSOC in the background; series that the refresh adds are marked new. When JSOC
// cannot be reached the window says so (banner with the cache's age and a Retry button) and the
// cached catalogue and cached series structures keep working. Selecting a series shows its cached
// structure immediately, if any, and fetches the current one.
//
// The controller keeps what its decisions need (the series on screen and its structure, whether
// it failed to load, the preferences) and pushes it to the window; the window only signals what
// the user asks for. Nothing is read back from a widget.
namespace app {

struct BrowserOptions {
    QString cacheDirectory;        // empty: SeriesCatalogueCache::defaultDirectory(server)
    QString exportDirectory;       // export queue database; empty: ExportController::defaultDataDir(server)
    jsoc::RetryPolicy retry;       // for the JSOC client
    int transferTimeoutMs = 30000; // inactivity timeout per request
    int offlineRetryMs = 30000;    // while JSOC cannot be reached, ask again this often
};

class BrowserController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserController)

public:
    using Options = BrowserOptions;

    explicit BrowserController(const QUrl &server, const Options &options = Options(), QObject *parent = nullptr);
    ~BrowserController() override;

    ui::MainWindow *window() const { return m_window.get(); }
    jsoc::SeriesTreeModel *treeModel() const { return m_tree; }
    jsoc::FavouriteSeriesModel *favourites() const { return m_favourites; }
    jsoc::RecentSeriesModel *recent() const { return m_recent; }
    QUrl server() const { return m_server; }
    QString cacheDirectory() const { return m_cache.directory(); }
    bool isOffline() const { return m_offline; }

    // Shows the cached catalogue, then refreshes it from JSOC.
    void start();
    void refresh();
    void openSeries(const QString &series);
    // Opens a record-set window for the series on screen (its structure must be shown).
    RecordSetController *openRecordSet(const QString &series);
    QList<RecordSetController *> recordSets() const;
    // Opens `text` (a series name or a whole record set, as pasted from a notebook:
    // `hmi.M_720s[2014.01.01_TAI/1d][3]{magnetogram}`) in a record-set window: its series opens in
    // the browser first, the window as soon as the series' structure is on screen. False, with the
    // reason in the status bar, when the text is no record set.
    bool openRecordSetText(const QString &text);
    ExportController *exports() const { return m_exports.get(); }
    // The export dialog for `recordSet` (a series name or a whole record set).
    void openExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent);
    void showExports();

    // File ▸ Quit, Ctrl+Q or closing the browser window: asks first while downloads or exports
    // are running (they resume at the next start), then quit().
    void requestQuit();
    // Closes every window of the application and emits quitting(); main() then leaves its loop.
    // Used unasked for SIGTERM. Running downloads and exports stay in the queue.
    void quit();
    // "2 downloads and 1 export are still running." or empty when nothing is; `items` gets the number.
    QString unfinishedWorkText(int *items = nullptr) const;

signals:
    // Every window is closed: the application should end now.
    void quitting();
    // For tests and the benchmark: each stage of start-up, and every structure shown.
    void cachedCatalogueShown(int seriesCount);
    void catalogueRefreshed(int seriesCount, int newCount);
    void catalogueRefreshFailed(const QString &message);
    void structureShown(const QString &series, bool fromCache);
    // A record-set window opened (by openRecordSet or openRecordSetText).
    void recordSetOpened(app::RecordSetController *controller);

private:
    void connectWindow();
    void onCachedListLoaded();
    void onListFinished();
    void onStructureFinished();
    void showOfflineBanner(const jsoc::JsocError &error);
    // The right-hand side: each records what is on screen here, then tells the view.
    void showNoSeries();
    void showLoading(const QString &series);
    void showStructure(const jsoc::SeriesStructure &structure, const QString &sourceNote = {});
    void showStructureError(const QString &series, const QString &message);
    void updateCatalogueStatus();
    void toggleFavourite(const QString &series);
    void applyPreferences(const jsoc::Preferences &preferences);
    void clearCache();
    void useServer(const QUrl &server, const QString &cacheDirectory);
    void persistBookmarks() const;
    void closeRecordSets();
    void openPendingRecordSet();
    // A client for `server` with the retry policy and timeout of the options (start and server change).
    std::unique_ptr<jsoc::JsocClient> makeClient(const QUrl &server) const;
    void createExports(const QUrl &server);
    void openDownloadedFile(const QString &path);
    void wireFitsWindow(ui::FitsPreviewWindow *window); // its "Export this field of view…"

    QUrl m_server;
    Options m_options;
    jsoc::SeriesCatalogueCache m_cache;
    std::unique_ptr<jsoc::JsocClient> m_client;
    std::unique_ptr<ExportController> m_exports;
    jsoc::SeriesTreeModel *m_tree = nullptr;
    jsoc::FavouriteSeriesModel *m_favourites = nullptr;
    jsoc::RecentSeriesModel *m_recent = nullptr;
    std::unique_ptr<ui::MainWindow> m_window;

    QList<QPointer<RecordSetController>> m_recordSets;
    QFutureWatcher<jsoc::SeriesCatalogueCache::ListSnapshot> m_cachedList;
    QPointer<jsoc::SeriesListJob> m_listJob;
    QPointer<jsoc::SeriesStructureJob> m_structureJob;
    QDateTime m_listFetchedAt;     // when the catalogue shown was fetched from JSOC
    QDateTime m_shownCacheTime;    // fetch time of the cached structure on screen, if any
    QString m_structureSeries;     // series the structure job is for
    QString m_pendingRecordSet;    // openRecordSetText(): opened once its series' structure is shown
    // What the detail view shows, kept here so that no decision reads it back from the widget.
    QString m_shownSeries;                  // empty: no series selected
    jsoc::SeriesStructure m_shownStructure; // empty name unless a structure is on screen
    bool m_shownFailed = false;             // the structure could not be loaded (page with Retry)
    bool m_shownStale = false;              // an offline copy is shown because JSOC could not be asked
    QTimer *m_offlineRetry = nullptr;       // asks JSOC again while offline, so the banner clears by itself
    jsoc::Preferences m_preferences;        // as last loaded or accepted in the dialog
    bool m_listFromCache = false;
    bool m_offline = false;
    bool m_refreshing = false;
};

} // namespace app
