#include "ui/MainWindow.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

#include "ui/AboutDialog.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/PreferencesDialog.h"
#include "ui/SeriesBrowserPanel.h"
#include "ui/SeriesDetailView.h"

namespace ui {

namespace {

constexpr auto kGeometryKey = "window/geometry";
constexpr auto kStateKey = "window/state";
constexpr auto kSplitterKey = "window/splitter";

QKeySequence orFallback(QKeySequence::StandardKey key, const QKeySequence &fallback)
{
    // Some platforms (e.g. KDE/GNOME for Preferences) define no binding for a standard key.
    return QKeySequence::keyBindings(key).isEmpty() ? fallback : QKeySequence(key);
}

} // namespace

MainWindow::MainWindow(jsoc::SeriesTreeModel *tree, jsoc::FavouriteSeriesModel *favourites,
                       jsoc::RecentSeriesModel *recent, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("JSOC Browser"));
    setObjectName(QStringLiteral("mainWindow"));

    m_browser = new SeriesBrowserPanel(tree, favourites, recent, this);
    m_detail = new SeriesDetailView(this);
    m_banner = new InlineBanner(this);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_searchSummary = new QLabel(this);
    m_searchSummary->setObjectName(QStringLiteral("searchSummary"));
    m_catalogueStatus = new QLabel(this);
    m_catalogueStatus->setObjectName(QStringLiteral("catalogueStatus"));
    statusBar()->addWidget(m_searchSummary, 1);
    statusBar()->addPermanentWidget(m_catalogueStatus);

    connect(m_browser, &SeriesBrowserPanel::seriesSelected, this, &MainWindow::seriesSelected);
    connect(m_browser, &SeriesBrowserPanel::summaryChanged, m_searchSummary, &QLabel::setText);
    connect(m_browser, &SeriesBrowserPanel::recordSetEntered, this, &MainWindow::recordSetOpenRequested);
    connect(m_detail, &SeriesDetailView::seriesLinkActivated, this, &MainWindow::seriesSelected);
    connect(m_detail, &SeriesDetailView::retryRequested, this, &MainWindow::structureRetryRequested);
    connect(m_detail, &SeriesDetailView::favouriteToggled, this, &MainWindow::favouriteToggleRequested);
    connect(m_detail, &SeriesDetailView::recordSetRequested, this, &MainWindow::recordSetRequested);
    connect(m_banner, &InlineBanner::actionTriggered, this, &MainWindow::bannerActionTriggered);

    setAcceptDrops(true); // FITS files dropped on the window open in a preview
    createActions();
    restoreWindowState();
    m_browser->focusSearch();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *refresh = file->addAction(QStringLiteral("&Refresh catalogue"), this, &MainWindow::refreshRequested);
    refresh->setShortcut(orFallback(QKeySequence::Refresh, QKeySequence(Qt::Key_F5)));
    refresh->setObjectName(QStringLiteral("actionRefresh"));
    QAction *openFits = file->addAction(QStringLiteral("&Open FITS file…"), this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(
            this, QStringLiteral("Open FITS file"), m_preferences.downloadFolder,
            QStringLiteral("FITS files (*.fits *.fts *.fit *.fz *.fits.gz *.fts.gz *.fits.Z *.fits.bz2 *.fits.zip);;All files (*)"));
        for (const QString &path : paths)
            openFitsFile(path);
    });
    openFits->setShortcut(QKeySequence::Open);
    openFits->setObjectName(QStringLiteral("actionOpenFits"));
    QAction *openRecordSet = file->addAction(QStringLiteral("Open &record set…"), this, &MainWindow::openRecordSetDialog);
    openRecordSet->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openRecordSet->setObjectName(QStringLiteral("actionOpenRecordSet"));
    file->addSeparator();
    QAction *prefs = file->addAction(QStringLiteral("&Preferences…"), this, &MainWindow::openPreferences);
    prefs->setShortcut(orFallback(QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    prefs->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &MainWindow::quitRequested);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(orFallback(QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction *find = edit->addAction(QStringLiteral("&Find series"), m_browser, &SeriesBrowserPanel::focusSearch);
    find->setShortcuts({QKeySequence(QKeySequence::Find), QKeySequence(Qt::CTRL | Qt::Key_L)});
    find->setObjectName(QStringLiteral("actionFind"));

    QMenu *series = menuBar()->addMenu(QStringLiteral("&Series"));
    m_favouriteAction = series->addAction(QStringLiteral("Toggle &favourite"), this, [this] {
        if (!m_detail->currentSeries().isEmpty())
            emit favouriteToggleRequested(m_detail->currentSeries());
    });
    m_favouriteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    QAction *query = series->addAction(QStringLiteral("&Query records…"), this, [this] {
        const QString shown = m_detail->seriesWithStructure();
        if (!shown.isEmpty())
            emit recordSetRequested(shown);
        else
            showStatusMessage(QStringLiteral("Select a series first; its records can be queried once its structure is shown."));
    });
    query->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    query->setObjectName(QStringLiteral("actionQueryRecords"));
    series->addSeparator();
    m_backAction = series->addAction(QStringLiteral("&Back"), this, [this] {
        if (const QString previous = m_history.goBack(); !previous.isEmpty())
            emit seriesSelected(previous);
        updateNavigation();
    });
    m_backAction->setShortcut(orFallback(QKeySequence::Back, QKeySequence(Qt::ALT | Qt::Key_Left)));
    m_backAction->setObjectName(QStringLiteral("actionBack"));
    m_forwardAction = series->addAction(QStringLiteral("&Forward"), this, [this] {
        if (const QString next = m_history.goForward(); !next.isEmpty())
            emit seriesSelected(next);
        updateNavigation();
    });
    m_forwardAction->setShortcut(orFallback(QKeySequence::Forward, QKeySequence(Qt::ALT | Qt::Key_Right)));
    m_forwardAction->setObjectName(QStringLiteral("actionForward"));
    m_backAction->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_forwardAction->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_detail->setNavigationActions(m_backAction, m_forwardAction);
    updateNavigation();

    QMenu *exports = menuBar()->addMenu(QStringLiteral("E&xports"));
    QAction *showExports = exports->addAction(QStringLiteral("&Exports and downloads"), this, &MainWindow::exportsWindowRequested);
    showExports->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    showExports->setObjectName(QStringLiteral("actionShowExports"));
    QAction *exportSet = exports->addAction(QStringLiteral("Export a &record set…"), this, [this] {
        emit exportRequested(m_detail->seriesWithStructure());
    });
    exportSet->setObjectName(QStringLiteral("actionExportRecordSet"));

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *about = help->addAction(QStringLiteral("&About JSOC Browser"), this, &MainWindow::openAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(QStringLiteral("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    const QByteArray geometry = settings.value(QLatin1String(kGeometryKey)).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        // First run: two thirds of the screen (at least 1100x720 where the screen allows).
        const QSize avail = screen() ? screen()->availableSize() : QSize(1280, 800);
        resize(std::min(avail.width(), std::max(avail.width() * 2 / 3, 1100)),
               std::min(avail.height(), std::max(avail.height() * 2 / 3, 720)));
    }
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
    const QByteArray splitter = settings.value(QLatin1String(kSplitterKey)).toByteArray();
    if (splitter.isEmpty() || !m_splitter->restoreState(splitter))
        m_splitter->setSizes({2 * width() / 5, 3 * width() / 5});
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
    settings.setValue(QLatin1String(kSplitterKey), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Closing the browser window ends the application: the controller calls closeForQuit() at once
    // or asks first (and this close is refused meanwhile).
    if (!m_closingForQuit)
        emit quitRequested();
    if (!m_closingForQuit) {
        event->ignore();
        return;
    }
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::askToQuit(const QString &question)
{
    if (auto *open = findChild<QMessageBox *>(QStringLiteral("quitQuestion"))) {
        open->raise(); // asked already
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, QStringLiteral("Quit JSOC Browser"), question,
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("quitQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *quit = box->addButton(QStringLiteral("Quit"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(quit);
    connect(box, &QMessageBox::buttonClicked, this, [this, quit](QAbstractButton *button) {
        if (button == quit)
            emit quitConfirmed();
    });
    box->open();
}

void MainWindow::closeForQuit()
{
    m_closingForQuit = true;
    close(); // does nothing when called from closeEvent(): that close goes on and is accepted
}

QString MainWindow::catalogueStatus() const
{
    return m_catalogueStatus->text();
}

QString MainWindow::searchSummary() const
{
    return m_searchSummary->text();
}

void MainWindow::setCacheUsage(qint64 bytes)
{
    if (m_preferencesDialog)
        m_preferencesDialog->setCacheUsage(bytes);
}

void MainWindow::showBanner(InlineBanner::Kind kind, const QString &text, const QString &actionText)
{
    m_banner->showMessage(kind, text, actionText);
}

void MainWindow::clearBanner()
{
    m_banner->dismiss();
}

void MainWindow::setCatalogueStatus(const QString &text)
{
    m_catalogueStatus->setText(text);
}

void MainWindow::showingSeries(const QString &series)
{
    m_browser->setCurrentSeries(series);
    m_history.visit(series);
    updateNavigation();
}

void MainWindow::updateNavigation()
{
    m_backAction->setEnabled(m_history.canGoBack());
    m_forwardAction->setEnabled(m_history.canGoForward());
    const QString shortcut = QStringLiteral(" (%1)");
    m_backAction->setToolTip(QStringLiteral("Back to the series shown before") +
                             shortcut.arg(m_backAction->shortcut().toString(QKeySequence::NativeText)));
    m_forwardAction->setToolTip(QStringLiteral("Forward again") +
                                shortcut.arg(m_forwardAction->shortcut().toString(QKeySequence::NativeText)));
}

void MainWindow::showStatusMessage(const QString &text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::openPreferences()
{
    if (m_preferencesDialog) {
        m_preferencesDialog->raise();
        m_preferencesDialog->activateWindow();
        return;
    }
    auto *dialog = new PreferencesDialog(m_preferences, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setServerInUse(m_serverInUse);
    m_preferencesDialog = dialog;
    connect(dialog, &PreferencesDialog::clearCacheRequested, this, &MainWindow::clearCacheRequested);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const jsoc::Preferences changed = dialog->preferences();
        if (changed == m_preferences)
            return;
        m_preferences = changed;
        emit preferencesChanged(changed);
    });
    // Ask the controller for the current cache size (it answers through setCacheUsage).
    emit cacheUsageRequested();
    dialog->open();
}

void MainWindow::openRecordSetDialog()
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("openRecordSetDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QStringLiteral("Open record set"));
    dialog->setLabelText(QStringLiteral("Record set, as in drms or sunpy (e.g. hmi.M_720s[2014.01.01_TAI/1d]{magnetogram}):"));
    const QString clipboard = QApplication::clipboard()->text().trimmed();
    if (clipboard.contains(QLatin1Char('[')) || clipboard.contains(QLatin1Char('{')))
        dialog->setTextValue(clipboard.section(QLatin1Char('\n'), 0, 0)); // a notebook line, pasted for you
    dialog->resize(std::max(dialog->sizeHint().width(), 640), dialog->sizeHint().height());
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        if (!text.trimmed().isEmpty())
            emit recordSetOpenRequested(text.trimmed());
    });
    dialog->open();
}

void MainWindow::openAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace ui

namespace ui {

FitsPreviewWindow *MainWindow::openFitsFile(const QString &path)
{
    auto *window = new FitsPreviewWindow(this);
    emit fitsWindowOpened(window);
    window->openFile(path);
    window->show();
    return window;
}

namespace {
QStringList droppedFitsFiles(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && looksLikeFitsFile(url.toLocalFile()))
            paths.append(url.toLocalFile());
    }
    return paths;
}
} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedFitsFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = droppedFitsFiles(event->mimeData());
    for (const QString &path : paths)
        openFitsFile(path);
    if (!paths.isEmpty())
        event->acceptProposedAction();
}

} // namespace ui
