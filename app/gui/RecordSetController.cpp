#include "app/gui/RecordSetController.h"

#include "app/workflow/RecordSetFetch.h"
#include "model/table/KeywordTableModel.h"

namespace app {

RecordSetController::RecordSetController(jsoc::JsocClient *client, const jsoc::SeriesStructure &structure,
                                         QObject *parent)
    : QObject(parent),
      m_structure(structure)
{
    m_model = new jsoc::KeywordTableModel(this);
    m_fetch = new RecordSetFetch(client, this);
    m_window = new ui::RecordSetWindow(m_model);
    m_window->setStructure(structure, client->siteRoot());
    connect(m_window, &QObject::destroyed, this, [this] {
        cancel();
        deleteLater();
    });

    connect(m_window, &ui::RecordSetWindow::countRequested, this, &RecordSetController::count);
    connect(m_window, &ui::RecordSetWindow::fetchRequested, this, &RecordSetController::fetch);
    connect(m_window, &ui::RecordSetWindow::cancelRequested, this, &RecordSetController::cancel);
    connectFetch();
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
