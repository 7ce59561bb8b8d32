#include "app/gui/RecordSetController.h"

#include "app/gui/NoaaRegionLookup.h"
#include "app/workflow/RecordSetFetch.h"
#include "model/table/KeywordTableModel.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace app {

RecordSetController::RecordSetController(jsoc::JsocClient *client, const jsoc::SeriesStructure &structure,
                                         QObject *parent)
    : QObject(parent),
      m_structure(structure),
      m_client(client)
{
    m_model = new jsoc::KeywordTableModel(this);
    m_fetch = new RecordSetFetch(client, this);
    const jsoc::Preferences preferences = jsoc::Preferences::load(QSettings());
    m_look = new RecordLook(client, defaultLookCacheDirectory(client->siteRoot()), preferences.lookCacheLimitBytes(),
                            this);
    m_window = new ui::RecordSetWindow(m_model);
    m_window->setStructure(structure, client->siteRoot());
    new NoaaRegionLookup(client, m_window->builder()); // NOAA AR field -> HARP found (owned by the builder)
    connect(m_window, &QObject::destroyed, this, [this] {
        cancel();
        m_look->cancelAll();
        deleteLater();
    });

    connect(m_window, &ui::RecordSetWindow::countRequested, this, &RecordSetController::count);
    connect(m_window, &ui::RecordSetWindow::fetchRequested, this, &RecordSetController::fetch);
    connect(m_window, &ui::RecordSetWindow::cancelRequested, this, &RecordSetController::cancel);
    connect(m_window, &ui::RecordSetWindow::lookRequested, this, &RecordSetController::look);
    connect(m_window, &ui::RecordSetWindow::lookCancelled, this, [this] {
        m_lookWanted = {};
        m_look->cancelAll();
    });
    connectFetch();
    connectLook();
    m_window->setLookPlace(preferences.lookPlace);
}

RecordSetController::~RecordSetController()
{
    if (m_window) { // usually gone already (closed by the user)
        disconnect(m_window, nullptr, this, nullptr);
        delete m_window;
    }
}

void RecordSetController::connectFetch()
{
    // The fetch emits nothing for a superseded generation, so every signal here is the current one.
    connect(m_fetch, &RecordSetFetch::counted, this, [this](quint64, const QString &recordSet, qint64 total) {
        if (m_window)
            m_window->showCount(recordSet, total);
        emit countShown(total);
    });
    connect(m_fetch, &RecordSetFetch::confirmationNeeded, this, [this](quint64, qint64 total) {
        if (m_window)
            m_window->askLargeFetch(m_pending, total);
        emit loadEnded();
    });
    connect(m_fetch, &RecordSetFetch::loadStarted, this, [this](quint64, int pages, qint64 expected) {
        m_expected = expected;
        m_model->beginQuery(m_structure);
        if (m_window)
            m_window->showLoading(0, pages, 0, m_expected);
    });
    connect(m_fetch, &RecordSetFetch::pageLoaded, this, [this](quint64, int index, jsoc::RecordTable page) {
        m_model->addPage(m_model->generation(), index, std::move(page));
    });
    connect(m_fetch, &RecordSetFetch::progress, this, [this](quint64, int done, int total, qint64 rows) {
        if (m_window)
            m_window->showLoading(done, total, rows, m_expected);
    });
    connect(m_fetch, &RecordSetFetch::finished, this, [this](quint64) {
        endModelQuery();
        if (m_window)
            m_window->showLoaded(m_model->recordCount(), m_expected);
        emit loadEnded();
    });
    connect(m_fetch, &RecordSetFetch::failed, this, [this](quint64, const jsoc::JsocError &error) {
        endModelQuery();
        if (m_window)
            m_window->showError(error.message); // already in words, naming JSOC where it spoke
        emit loadEnded();
    });
    connect(m_fetch, &RecordSetFetch::cancelled, this, [this](quint64) {
        endModelQuery();
        if (m_window)
            m_window->showCancelled();
        emit loadEnded();
    });
}

QString RecordSetController::defaultLookCacheDirectory(const QUrl &server)
{
    // Per server: two servers' files of one record are not the same file.
    const QString host = server.host().isEmpty() ? QStringLiteral("local") : server.host();
    const QString name = server.port() > 0 ? QStringLiteral("%1_%2").arg(host).arg(server.port()) : host;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("record-images/") + name);
}

void RecordSetController::setLookCacheDirectory(const QString &directory)
{
    if (directory == m_look->cacheDir())
        return;
    const qint64 limit = m_look->cacheLimit();
    m_look->cancelAll();
    m_look->deleteLater();
    m_look = new RecordLook(m_client, directory, limit, this);
    connectLook();
}

void RecordSetController::applyPreferences(const jsoc::Preferences &preferences)
{
    m_look->setCacheLimit(preferences.lookCacheLimitBytes());
    if (m_window)
        m_window->setLookPlace(preferences.lookPlace);
}

void RecordSetController::connectLook()
{
    connect(m_look, &RecordLook::started, this, [this](const RecordLookRequest &r) {
        if (m_window && isWanted(r))
            m_window->showLookFetching(r.recordSpec);
    });
    connect(m_look, &RecordLook::shown, this, [this](const RecordLookResult &result) {
        if (!m_window || !isWanted(result.request))
            return;
        m_window->showLookFile(result.request.recordSpec, result.filePath, result.headerNote);
        emit lookAnswered(result.request.recordSpec);
    });
    connect(m_look, &RecordLook::failed, this,
            [this](const RecordLookRequest &r, RecordLookFailure kind, const QString &words) {
                // A cancelled fetch was replaced by a newer wish, or nothing is wanted any more.
                if (!m_window || kind == RecordLookFailure::Cancelled || !isWanted(r))
                    return;
                m_window->showLookWords(r.recordSpec, words);
                emit lookAnswered(r.recordSpec);
            });
}

bool RecordSetController::isWanted(const RecordLookRequest &request) const
{
    return request.recordSpec == m_lookWanted.recordSpec && request.segment == m_lookWanted.segment;
}

void RecordSetController::look(const ui::RecordLookWish &wish)
{
    RecordLookRequest request;
    request.series = m_structure.name;
    request.recordSpec = wish.recordSpec;
    request.segment = wish.segment;
    m_lookWanted = request;
    m_look->show(request);
    QList<RecordLookRequest> ahead;
    for (const QString &spec : wish.ahead) {
        RecordLookRequest next = request;
        next.recordSpec = spec;
        ahead.append(next);
    }
    if (!ahead.isEmpty())
        m_look->prefetch(ahead);
}

void RecordSetController::endModelQuery()
{
    if (m_model->isLoading())
        m_model->finishQuery(m_model->generation());
}

void RecordSetController::count(const QString &recordSet)
{
    m_fetch->count(recordSet);
    if (m_window)
        m_window->showCounting();
}

void RecordSetController::fetch(const ui::FetchRequest &request)
{
    // Always counted first: the count is shown, sizes the pages and decides whether to ask.
    m_pending = request;
    RecordSetRequest r;
    r.recordSet = request.recordSet;
    r.keys = request.keys;
    r.segments = request.segments;
    r.limit = request.limit;
    r.online = request.online;
    r.structure = m_structure;
    r.rowsPerPage = m_rowsPerPage;
    r.largeFetchThreshold = m_window ? m_window->largeQueryThreshold() : 0;
    r.confirmed = request.confirmed;
    r.countRequired = true;
    m_fetch->start(r);
    if (m_window)
        m_window->showCounting();
}

void RecordSetController::cancel()
{
    m_fetch->cancel();
}

} // namespace app
