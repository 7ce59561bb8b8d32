#pragma once

#include <QMainWindow>
#include <QPointer>

#include "model/common/Preferences.h"
#include "ui/InlineBanner.h"
#include "ui/SeriesHistory.h"

class QAction;
class QLabel;
class QSplitter;

namespace jsoc {
class FavouriteSeriesModel;
class RecentSeriesModel;
class SeriesTreeModel;
}

// The browser window: series search and tree on the left, the selected series' detail on the
// right, a banner for connection problems and a status bar with the search count and the
// catalogue's freshness. Knows nothing of the network: app/gui/BrowserController drives it through
// the public slots and listens to the signals.
//
// Geometry, toolbar/dock state and the splitter position are restored from QSettings
// ("window/…") and saved on close.
namespace ui {

class FitsPreviewWindow;
class PreferencesDialog;
class SeriesBrowserPanel;
class SeriesDetailView;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(jsoc::SeriesTreeModel *tree, jsoc::FavouriteSeriesModel *favourites,
               jsoc::RecentSeriesModel *recent, QWidget *parent = nullptr);
    ~MainWindow() override;

    SeriesBrowserPanel *browser() const { return m_browser; }
    SeriesDetailView *detail() const { return m_detail; }
    InlineBanner *banner() const { return m_banner; }
    QSplitter *splitter() const { return m_splitter; }
    QString catalogueStatus() const;
    QString searchSummary() const;

    void setPreferences(const jsoc::Preferences &preferences) { m_preferences = preferences; }
    jsoc::Preferences preferences() const { return m_preferences; }
    // The server in use now, shown in Preferences (it may not be the saved one: --server, JSOC_SERVER).
    void setServerInUse(const QString &server) { m_serverInUse = server; }
    // Forwarded to the open Preferences dialog, if any.
    void setCacheUsage(qint64 bytes);

    void showBanner(InlineBanner::Kind kind, const QString &text, const QString &actionText = {});
    void clearBanner();
    // Right-hand permanent status text: "45,118 series · refreshed just now", "offline …".
    void setCatalogueStatus(const QString &text);
    void showStatusMessage(const QString &text, int timeoutMs = 8000);
    // The detail pane now shows `series` (selected, a link, Recent, Back…): the tree highlights it
    // (or nothing, when the search hides it) and Back/Forward remember it.
    void showingSeries(const QString &series);

    // Quit was asked (File ▸ Quit, Ctrl+Q, or closing this window) while work is still running:
    // asks `question` in a window-modal box; "Quit" emits quitConfirmed().
    void askToQuit(const QString &question);
    // Closes this window for good (the application is quitting): no quitRequested() this time.
    void closeForQuit();

    // File ▸ Open record set… (Ctrl+Shift+O): asks for the record set, offering the clipboard's
    // when it holds one.
    void openRecordSetDialog();
    void openPreferences();
    // Opens a FITS file in a preview window of its own (File ▸ Open FITS file…, or a drop).
    FitsPreviewWindow *openFitsFile(const QString &path);
    void openAbout();

signals:
    void seriesSelected(const QString &series);
    void refreshRequested();
    void bannerActionTriggered();
    void favouriteToggleRequested(const QString &series);
    void structureRetryRequested(const QString &series);
    void preferencesChanged(const jsoc::Preferences &preferences);
    void clearCacheRequested();
    // The Preferences dialog opened: answer with setCacheUsage().
    void cacheUsageRequested();
    // Series ▸ Query records… or the detail view's button.
    void recordSetRequested(const QString &series);
    void exportsWindowRequested();
    // A FITS preview window was opened (so its cutout export can be wired by the controller).
    void fitsWindowOpened(ui::FitsPreviewWindow *window);
    // A whole record set to open in a record-set window: Enter on one in the search box, or
    // File ▸ Open record set….
    void recordSetOpenRequested(const QString &recordSet);
    // Exports ▸ Export a record set… (`recordSet` is the series on screen, or empty).
    void exportRequested(const QString &recordSet);
    // File ▸ Quit, Ctrl+Q or closing this window: the whole application should end (nothing
    // could bring this window back once it is closed).
    void quitRequested();
    void quitConfirmed();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void restoreWindowState();
    void updateNavigation();
    void saveWindowState() const;

    SeriesBrowserPanel *m_browser = nullptr;
    SeriesDetailView *m_detail = nullptr;
    InlineBanner *m_banner = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_searchSummary = nullptr;
    QLabel *m_catalogueStatus = nullptr;
    QAction *m_favouriteAction = nullptr;
    QPointer<PreferencesDialog> m_preferencesDialog;
    jsoc::Preferences m_preferences;
    QString m_serverInUse;
    bool m_closingForQuit = false;
    SeriesHistory m_history;
    QAction *m_backAction = nullptr;
    QAction *m_forwardAction = nullptr;
};

} // namespace ui
