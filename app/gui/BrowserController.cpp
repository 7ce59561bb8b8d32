#include "app/gui/BrowserController.h"
#include "app/gui/GuiLog.h"

#include "app/gui/ExportController.h"
#include "app/gui/RecordSetController.h"
#include "network/DownloadManager.h"

#include <QApplication>
#include <QSettings>
#include <QtConcurrentRun>

#include "model/common/DisplayFormat.h"
#include "model/drms/RecordSetSpec.h"
#include "model/exports/ExportQueue.h"
#include "model/catalogue/FavouriteSeriesModel.h"
#include "model/catalogue/RecentSeriesModel.h"
#include "model/catalogue/SeriesSearch.h"
#include "model/catalogue/SeriesTreeModel.h"
#include "ui/ExportsWindow.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/MainWindow.h"
#include "ui/RecordSetWindow.h"
#include "ui/SeriesBrowserPanel.h"
#include "ui/SeriesDetailView.h"

namespace app {

namespace {

constexpr auto kFavouritesKey = "series/favourites";
constexpr auto kRecentKey = "series/recent";

// The series a record-set text names ("" when it names none).
QString pendingSeries(const QString &recordSet)
{
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(recordSet);
    return spec && !spec->subsets.isEmpty() ? spec->subsets.first().series : QString();
}

QString hostText(const QUrl &server)
{
    return server.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

} // namespace

BrowserController::BrowserController(const QUrl &server, const Options &options, QObject *parent)
    : QObject(parent),
      m_server(server),
      m_options(options),
      m_cache(options.cacheDirectory.isEmpty() ? jsoc::SeriesCatalogueCache::defaultDirectory(server)
                                               : options.cacheDirectory)
{
    m_tree = new jsoc::SeriesTreeModel(this);
    m_favourites = new jsoc::FavouriteSeriesModel(this);
    m_recent = new jsoc::RecentSeriesModel(20, this);
    const QSettings settings;
    m_favourites->setNames(settings.value(QLatin1String(kFavouritesKey)).toStringList());
    m_recent->setNames(settings.value(QLatin1String(kRecentKey)).toStringList());
    connect(m_favourites, &jsoc::FavouriteSeriesModel::namesChanged, this, &BrowserController::persistBookmarks);
    connect(m_recent, &jsoc::RecentSeriesModel::namesChanged, this, &BrowserController::persistBookmarks);

    m_client = makeClient(server);
    createExports(server);

    m_preferences = jsoc::Preferences::load(settings);
    m_window = std::make_unique<ui::MainWindow>(m_tree, m_favourites, m_recent);
    m_window->setPreferences(m_preferences);
    m_window->setServerInUse(hostText(server));
    connectWindow();
    m_offlineRetry = new QTimer(this);
    m_offlineRetry->setSingleShot(true);
    m_offlineRetry->setInterval(options.offlineRetryMs);
    connect(m_offlineRetry, &QTimer::timeout, this, [this] {
        if (m_offline)
            refresh();
    });
    connect(&m_cachedList, &QFutureWatcher<jsoc::SeriesCatalogueCache::ListSnapshot>::finished, this,
            &BrowserController::onCachedListLoaded);
}

BrowserController::~BrowserController()
{
    closeRecordSets();
    m_exports.reset(); // before the client its jobs belong to
    // Jobs belong to the client; destroying it aborts them without callbacks into us.
    m_client.reset();
    m_cachedList.waitForFinished(); // a cache read takes milliseconds; never leave it dangling
}

void BrowserController::connectWindow()
{
    ui::MainWindow *w = m_window.get();
    connect(w, &ui::MainWindow::seriesSelected, this, &BrowserController::openSeries);
    connect(w, &ui::MainWindow::structureRetryRequested, this, &BrowserController::openSeries);
    connect(w, &ui::MainWindow::refreshRequested, this, &BrowserController::refresh);
    connect(w, &ui::MainWindow::fitsWindowOpened, this, &BrowserController::wireFitsWindow);
    connect(w, &ui::MainWindow::bannerActionTriggered, this, [this] {
        refresh();
        if (!m_shownSeries.isEmpty() && m_shownFailed)
            openSeries(m_shownSeries);
    });
    connect(w, &ui::MainWindow::favouriteToggleRequested, this, &BrowserController::toggleFavourite);
    connect(w, &ui::MainWindow::preferencesChanged, this, &BrowserController::applyPreferences);
    connect(w, &ui::MainWindow::clearCacheRequested, this, &BrowserController::clearCache);
    connect(w, &ui::MainWindow::recordSetRequested, this, &BrowserController::openRecordSet);
    connect(w, &ui::MainWindow::exportsWindowRequested, this, &BrowserController::showExports);
    connect(w, &ui::MainWindow::recordSetOpenRequested, this, &BrowserController::openRecordSetText);
    connect(w, &ui::MainWindow::exportRequested, this, [this](const QString &series) {
        openExportDialog(series, m_shownStructure, m_window.get()); // empty unless a structure is shown
    });
    connect(w, &ui::MainWindow::quitRequested, this, &BrowserController::requestQuit);
    connect(w, &ui::MainWindow::quitConfirmed, this, &BrowserController::quit);
    connect(w, &ui::MainWindow::cacheUsageRequested, this,
            [this] { m_window->setCacheUsage(m_cache.sizeOnDisk()); });
}

void BrowserController::start()
{
    m_exports->start(); // resume polling and downloads left from the last run
    m_window->setCatalogueStatus(QStringLiteral("Reading the offline catalogue…"));
    const QString dir = m_cache.directory();
    m_cachedList.setFuture(QtConcurrent::run([dir] { return jsoc::SeriesCatalogueCache(dir).loadList(); }));
}

void BrowserController::onCachedListLoaded()
{
    const jsoc::SeriesCatalogueCache::ListSnapshot snapshot = m_cachedList.result();
    if (snapshot.isValid() && m_tree->seriesCount() == 0) {
        m_tree->setSeries(snapshot.series);
        m_listFetchedAt = snapshot.fetchedAt;
        m_listFromCache = true;
        emit cachedCatalogueShown(m_tree->seriesCount());
    } else if (snapshot.state == jsoc::SeriesCatalogueCache::ListState::Unusable) {
        m_window->showStatusMessage(QStringLiteral("The offline catalogue was not used: %1.").arg(snapshot.error));
    }
    refresh();
}

void BrowserController::refresh()
{
    if (m_listJob)
        return;
    m_refreshing = true;
    m_listJob = m_client->seriesList();
    connect(m_listJob, &jsoc::JsocJob::finished, this, &BrowserController::onListFinished);
    updateCatalogueStatus();
}

void BrowserController::onListFinished()
{
    jsoc::SeriesListJob *job = m_listJob;
    m_listJob.clear();
    m_refreshing = false;
    if (!job)
        return;
    job->deleteLater();

    const jsoc::JsocError error = job->error();
    if (error.isError()) {
        if (error.kind == jsoc::JsocError::Kind::Cancelled)
            return;
        m_offline = error.meansUnreachable();
        if (m_offline)
            m_offlineRetry->start();
        showOfflineBanner(error);
        updateCatalogueStatus();
        emit catalogueRefreshFailed(error.message);
        return;
    }

    const jsoc::SeriesList &list = job->result();
    QSet<QString> added;
    if (m_tree->seriesCount() > 0) { // the very first catalogue marks nothing
        for (const jsoc::SeriesSummary &s : list) {
            if (!m_tree->containsSeries(s.name))
                added.insert(s.name);
        }
    }
    m_tree->setSeries(list, added);
    m_listFetchedAt = QDateTime::currentDateTimeUtc();
    m_listFromCache = false;
    const bool wasOffline = m_offline;
    m_offline = false;
    m_offlineRetry->stop();
    m_window->clearBanner();
    if (wasOffline)
        m_window->showStatusMessage(QStringLiteral("Connected to JSOC again."));
    if (!m_shownSeries.isEmpty() && (m_shownStale || m_shownFailed) && !m_structureJob)
        openSeries(m_shownSeries); // JSOC answers again: the series on screen too
    if (!added.isEmpty())
        m_window->showStatusMessage(QStringLiteral("%1 new series since the last refresh; they are marked “new”.")
                                        .arg(jsoc::format::count(added.size())));
    updateCatalogueStatus();

    const QString dir = m_cache.directory();
    const QDateTime fetchedAt = m_listFetchedAt;
    QtConcurrent::run([dir, list, fetchedAt] {
        QString saveError;
        jsoc::SeriesCatalogueCache(dir).saveList(list, fetchedAt, &saveError);
        return saveError;
    }).then(this, [this](const QString &saveError) {
        if (!saveError.isEmpty())
            m_window->showStatusMessage(QStringLiteral("The offline catalogue could not be saved: %1").arg(saveError));
    });
    emit catalogueRefreshed(m_tree->seriesCount(), int(added.size()));
}

void BrowserController::showOfflineBanner(const jsoc::JsocError &error)
{
    const QString where = hostText(m_server);
    if (m_tree->seriesCount() > 0) {
        const QString age = m_listFetchedAt.isValid() ? jsoc::format::age(m_listFetchedAt) : QStringLiteral("earlier");
        const QString lead = m_offline ? QStringLiteral("Working offline: JSOC cannot be reached.")
                                       : QStringLiteral("The series list could not be refreshed.");
        m_window->showBanner(ui::InlineBanner::Kind::Warning,
                             QStringLiteral("%1 %2\nShowing the offline catalogue saved %3 (%4 series); "
                                            "series opened before still open from the cache.")
                                 .arg(lead, error.message, age, jsoc::format::count(m_tree->seriesCount())),
                             QStringLiteral("Retry"));
    } else {
        m_window->showBanner(ui::InlineBanner::Kind::Error,
                             QStringLiteral("Could not load the series list from %1: %2\nThere is no offline copy "
                                            "yet. Check the connection, or the server in Preferences.")
                                 .arg(where, error.message),
                             QStringLiteral("Retry"));
    }
}

void BrowserController::updateCatalogueStatus()
{
    QString text;
    const QString count = QStringLiteral("%1 series").arg(jsoc::format::count(m_tree->seriesCount()));
    if (m_tree->seriesCount() == 0)
        text = m_refreshing ? QStringLiteral("Loading the series list from %1…").arg(m_server.host())
                            : QStringLiteral("No catalogue");
    else if (m_refreshing)
        text = QStringLiteral("%1 · cached %2 · refreshing…").arg(count, jsoc::format::age(m_listFetchedAt));
    else if (m_offline)
        text = QStringLiteral("%1 · offline, cached %2").arg(count, jsoc::format::age(m_listFetchedAt));
    else if (m_listFromCache)
        text = QStringLiteral("%1 · cached %2").arg(count, jsoc::format::age(m_listFetchedAt));
    else
        text = QStringLiteral("%1 · refreshed %2").arg(count, jsoc::format::age(m_listFetchedAt));
    m_window->setCatalogueStatus(text);
}

void BrowserController::openSeries(const QString &series)
{
    if (series.isEmpty())
        return;
    delete m_structureJob; // aborts a fetch for the previous selection
    m_recent->add(series);
    m_window->showingSeries(series); // the tree highlights what the detail shows (or nothing); Back/Forward

    m_shownCacheTime = {};
    if (const auto cached = m_cache.loadStructure(series)) {
        m_shownCacheTime = cached->fetchedAt;
        showStructure(cached->structure, QStringLiteral("Offline copy saved %1; checking JSOC for changes…")
                                             .arg(jsoc::format::age(cached->fetchedAt)));
        emit structureShown(cached->structure.name, true);
    } else {
        showLoading(series);
    }

    m_structureSeries = series;
    m_structureJob = m_client->seriesStructure(series);
    connect(m_structureJob, &jsoc::JsocJob::finished, this, &BrowserController::onStructureFinished);
}

void BrowserController::onStructureFinished()
{
    jsoc::SeriesStructureJob *job = m_structureJob;
    m_structureJob.clear();
    if (!job)
        return;
    job->deleteLater();
    const jsoc::JsocError error = job->error();
    if (error.isError()) {
        if (error.kind == jsoc::JsocError::Kind::Cancelled)
            return;
        if (m_shownCacheTime.isValid()) {
            m_window->detail()->setSourceNote(
                QStringLiteral("Offline copy saved %1 (JSOC could not be asked for the current one: %2)")
                    .arg(jsoc::format::age(m_shownCacheTime), error.message));
            m_shownStale = true;
        } else {
            QString message = error.message;
            if (error.meansUnreachable())
                message += QStringLiteral("\n\nThis series has not been opened before, so there is no offline copy.");
            showStructureError(m_structureSeries, message);
        }
        if (error.meansUnreachable() && !m_offline) {
            m_offline = true;
            m_offlineRetry->start();
            showOfflineBanner(error);
            updateCatalogueStatus();
        }
        return;
    }

    jsoc::SeriesStructure structure = job->result();
    if (structure.name.isEmpty())
        structure.name = m_structureSeries;
    showStructure(structure);
    m_shownCacheTime = {};
    emit structureShown(structure.name, false);

    QString saveError;
    if (!m_cache.saveStructure(structure, QDateTime::currentDateTimeUtc(), &saveError))
        m_window->showStatusMessage(QStringLiteral("The series structure could not be cached: %1").arg(saveError));
    m_cache.trimTo(m_preferences.cacheLimitBytes());
    if (m_offline && !m_listJob)
        refresh(); // JSOC answers again: bring the catalogue up to date too
}

void BrowserController::showNoSeries()
{
    m_shownSeries.clear();
    m_shownStructure = {};
    m_shownFailed = false;
    m_window->detail()->showPlaceholder();
}

void BrowserController::showLoading(const QString &series)
{
    m_shownSeries = series;
    m_shownStructure = {};
    m_shownFailed = false;
    m_window->detail()->showLoading(series);
    m_window->detail()->setFavourite(m_favourites->contains(series));
}

void BrowserController::showStructure(const jsoc::SeriesStructure &structure, const QString &sourceNote)
{
    m_shownSeries = structure.name;
    m_shownStructure = structure;
    m_shownFailed = false;
    m_shownStale = false;
    m_window->detail()->showStructure(structure, sourceNote);
    m_window->detail()->setFavourite(m_favourites->contains(structure.name));
    if (!m_pendingRecordSet.isEmpty() && pendingSeries(m_pendingRecordSet).compare(structure.name, Qt::CaseInsensitive) == 0)
        openPendingRecordSet();
}

void BrowserController::showStructureError(const QString &series, const QString &message)
{
    m_shownSeries = series;
    m_shownStructure = {};
    m_shownFailed = true;
    m_window->detail()->showError(series, message);
    if (!m_pendingRecordSet.isEmpty()) {
        m_window->showStatusMessage(QStringLiteral("%1 was not opened: the structure of %2 could not be loaded.")
                                        .arg(std::exchange(m_pendingRecordSet, QString()), series));
    }
}

void BrowserController::toggleFavourite(const QString &series)
{
    const bool favourite = m_favourites->toggle(series);
    if (m_shownSeries.compare(series, Qt::CaseInsensitive) == 0)
        m_window->detail()->setFavourite(favourite);
    m_window->showStatusMessage(favourite ? QStringLiteral("%1 added to favourites.").arg(series)
                                          : QStringLiteral("%1 removed from favourites.").arg(series),
                                4000);
}

void BrowserController::persistBookmarks() const
{
    QSettings settings;
    settings.setValue(QLatin1String(kFavouritesKey), m_favourites->names());
    settings.setValue(QLatin1String(kRecentKey), m_recent->names());
}

void BrowserController::applyPreferences(const jsoc::Preferences &preferences)
{
    m_preferences = preferences;
    QSettings settings;
    preferences.save(settings);
    m_cache.trimTo(preferences.cacheLimitBytes());
    m_exports->downloads()->setConnectionsPerHost(preferences.connectionsPerHost);
    for (const QPointer<RecordSetController> &controller : std::as_const(m_recordSets)) {
        if (controller) // record images: their place and cache size, at once
            controller->applyPreferences(preferences);
    }
    if (preferences.serverUrl.isEmpty())
        return;
    const QUrl server = QUrl::fromUserInput(preferences.serverUrl);
    if (server.isValid() && server.adjusted(QUrl::StripTrailingSlash) != m_server.adjusted(QUrl::StripTrailingSlash))
        useServer(server, m_options.cacheDirectory.isEmpty() ? QString() : m_options.cacheDirectory);
}

RecordSetController *BrowserController::openRecordSet(const QString &series)
{
    if (m_shownStructure.name.isEmpty() || m_shownStructure.name.compare(series, Qt::CaseInsensitive) != 0) {
        m_window->showStatusMessage(QStringLiteral("The structure of %1 is not loaded yet.").arg(series));
        return nullptr;
    }
    const jsoc::SeriesStructure structure = m_shownStructure;
    auto *controller = new RecordSetController(m_client.get(), structure, this);
    m_recordSets.append(controller);
    ui::RecordSetWindow *window = controller->window();
    connect(window, &ui::RecordSetWindow::fitsFileRequested, m_window.get(), &ui::MainWindow::openFitsFile);
    // A cutout drawn on a record's image (beside the table or in its FITS window).
    connect(window, &ui::RecordSetWindow::fieldOfViewExportRequested, this,
            [this, window](const ui::FieldOfViewExport &request) {
                if (m_exports)
                    m_exports->openFieldOfViewExport(request, window);
            });
    connect(window, &ui::RecordSetWindow::exportRequested, this, [this, structure, window](const QString &recordSet) {
        openExportDialog(recordSet, structure, window);
    });
    window->show();
    emit recordSetOpened(controller);
    return controller;
}

bool BrowserController::openRecordSetText(const QString &text)
{
    const QString trimmed = text.trimmed();
    drms::RecordSetParseError error;
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(trimmed, &error);
    if (!spec || spec->subsets.size() != 1) {
        m_window->showStatusMessage(spec ? QStringLiteral("Open one series' record set at a time.")
                                         : QStringLiteral("Not a record set: %1.").arg(error.message));
        return false;
    }
    const QString series = spec->subsets.first().series;
    m_pendingRecordSet = trimmed;
    m_window->browser()->selectSeries(series); // when the catalogue shows it (names are case-insensitive)
    const bool loading = m_structureJob && m_structureSeries.compare(series, Qt::CaseInsensitive) == 0;
    if (loading)
        return true; // opens when the structure arrives
    if (m_shownStructure.name.compare(series, Qt::CaseInsensitive) == 0)
        openPendingRecordSet();
    else
        openSeries(series);
    return true;
}

void BrowserController::openPendingRecordSet()
{
    const QString text = std::exchange(m_pendingRecordSet, QString());
    if (RecordSetController *controller = openRecordSet(m_shownStructure.name)) {
        controller->window()->setRecordSetText(text);
        qCDebug(lcGui).noquote() << "record-set window opened for" << text;
    }
}

QList<RecordSetController *> BrowserController::recordSets() const
{
    QList<RecordSetController *> open;
    for (const QPointer<RecordSetController> &controller : m_recordSets) {
        if (controller)
            open.append(controller);
    }
    return open;
}

void BrowserController::openExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure,
                                         QWidget *parent)
{
    m_exports->openExportDialog(recordSet, structure, parent);
}

void BrowserController::showExports()
{
    ui::ExportsWindow *window = m_exports->exportsWindow();
    window->show();
    window->raise();
    window->activateWindow();
    qCDebug(lcGui) << "exports window shown";
}

std::unique_ptr<jsoc::JsocClient> BrowserController::makeClient(const QUrl &server) const
{
    auto client = std::make_unique<jsoc::JsocClient>(server);
    client->setRetryPolicy(m_options.retry);
    client->setTransferTimeout(m_options.transferTimeoutMs);
    return client;
}

void BrowserController::createExports(const QUrl &server)
{
    // Exports belong to a server: its own queue database, on top of the current client.
    const QString dir = m_options.exportDirectory.isEmpty() ? ExportController::defaultDataDir(server)
                                                            : m_options.exportDirectory;
    m_exports = std::make_unique<ExportController>(m_client.get(), dir);
    if (m_exports->isOpen())
        qCDebug(lcGui).noquote() << "exports of" << server.toDisplayString() << "kept in" << dir;
    else
        qCWarning(lcGui).noquote() << m_exports->openError();
    connect(m_exports.get(), &ExportController::fileActivated, this, &BrowserController::openDownloadedFile);
}

void BrowserController::wireFitsWindow(ui::FitsPreviewWindow *window)
{
    // Looked up when asked: the exports (and their queue) change with the server.
    connect(window, &ui::FitsPreviewWindow::fieldOfViewExportRequested, this,
            [this, window](const ui::FieldOfViewExport &request) {
                if (m_exports)
                    m_exports->openFieldOfViewExport(request, window);
            });
}

void BrowserController::openDownloadedFile(const QString &path)
{
    if (ui::looksLikeFitsFile(path))
        m_window->openFitsFile(path);
    else
        m_window->showStatusMessage(QStringLiteral("%1 is not a FITS file; open it from its folder.").arg(path));
}

QString BrowserController::unfinishedWorkText(int *items) const
{
    if (items)
        *items = 0;
    if (!m_exports || !m_exports->isOpen())
        return {};
    int downloads = 0;
    for (const jsoc::DownloadItem &item : m_exports->downloads()->items()) {
        if (item.state == jsoc::DownloadItem::State::Running || item.state == jsoc::DownloadItem::State::Waiting)
            ++downloads;
    }
    int exports = 0;
    for (const jsoc::ExportQueueEntry &entry : m_exports->queue()->entries()) {
        if (entry.isActive() || entry.state == jsoc::ExportQueueEntry::State::Queued)
            ++exports;
    }
    QStringList parts;
    if (downloads > 0)
        parts << (downloads == 1 ? QStringLiteral("1 download")
                                 : QStringLiteral("%1 downloads").arg(jsoc::format::count(downloads)));
    if (exports > 0)
        parts << (exports == 1 ? QStringLiteral("1 export") : QStringLiteral("%1 exports").arg(jsoc::format::count(exports)));
    if (parts.isEmpty())
        return {};
    if (items)
        *items = downloads + exports;
    const bool one = downloads + exports == 1;
    return QStringLiteral("%1 %2 still running.").arg(parts.join(QStringLiteral(" and ")), one ? QStringLiteral("is")
                                                                                            : QStringLiteral("are"));
}

void BrowserController::requestQuit()
{
    int items = 0;
    const QString running = unfinishedWorkText(&items);
    if (running.isEmpty()) {
        quit();
        return;
    }
    m_window->askToQuit(QStringLiteral("%1\n%2 when JSOC Browser starts next. Quit now?")
                            .arg(running, items == 1 ? QStringLiteral("It is kept and resumes")
                                                     : QStringLiteral("They are kept and resume")));
}

void BrowserController::quit()
{
    closeRecordSets();
    // Every other window (exports, FITS previews, dialogs), then the browser window itself.
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget != m_window.get() && widget->isVisible())
            widget->close();
    }
    m_window->closeForQuit();
    qCDebug(lcGui) << "quitting: every window closed";
    emit quitting();
}

void BrowserController::closeRecordSets()
{
    // Their loaders use the client that is about to go; close them first.
    for (const QPointer<RecordSetController> &controller : std::as_const(m_recordSets))
        delete controller.data();
    m_recordSets.clear();
}

void BrowserController::useServer(const QUrl &server, const QString &cacheDirectory)
{
    closeRecordSets();
    m_exports.reset();
    m_client = makeClient(server);
    createExports(server);
    m_server = server;
    m_window->setServerInUse(hostText(server));
    m_cache = jsoc::SeriesCatalogueCache(cacheDirectory.isEmpty() ? jsoc::SeriesCatalogueCache::defaultDirectory(server)
                                                                  : cacheDirectory);
    m_offline = false;
    m_offlineRetry->stop();
    m_window->clearBanner();
    showNoSeries();
    m_tree->setSeries({});
    m_window->showStatusMessage(QStringLiteral("Now using JSOC at %1.").arg(hostText(server)));
    start();
}

void BrowserController::clearCache()
{
    const qint64 before = m_cache.sizeOnDisk();
    QString error;
    if (!m_cache.clear(&error)) {
        m_window->showStatusMessage(error);
    } else {
        m_window->showStatusMessage(QStringLiteral("Offline cache cleared (%1 freed).").arg(jsoc::format::bytes(before)));
    }
    m_window->setCacheUsage(m_cache.sizeOnDisk());
}

} // namespace app
