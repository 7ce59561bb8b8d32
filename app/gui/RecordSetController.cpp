#include "app/gui/RecordSetController.h"

#include "model/table/KeywordTableModel.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/RecordTableLoader.h"

namespace app {

RecordSetController::RecordSetController(jsoc::JsocClient *client, const jsoc::SeriesStructure &structure,
                                         QObject *parent)
    : QObject(parent),
      m_client(client),
      m_structure(structure)
{
    m_model = new jsoc::KeywordTableModel(this);
    m_loader = new jsoc::RecordTableLoader(client, this);
    m_window = new ui::RecordSetWindow(m_model);
    m_window->setStructure(structure, client->siteRoot());
    connect(m_window, &QObject::destroyed, this, [this] {
        cancel();
        deleteLater();
    });

    connect(m_window, &ui::RecordSetWindow::countRequested, this, &RecordSetController::count);
    connect(m_window, &ui::RecordSetWindow::fetchRequested, this, &RecordSetController::fetch);
    connect(m_window, &ui::RecordSetWindow::cancelRequested, this, &RecordSetController::cancel);

    connect(m_loader, &jsoc::RecordTableLoader::pageLoaded, this,
            [this](quint64 generation, int index, jsoc::RecordTable page) {
                m_model->addPage(generation, index, std::move(page));
            });
    connect(m_loader, &jsoc::RecordTableLoader::progress, this,
            [this](quint64 generation, int done, int total, qint64 rows) {
                if (generation == m_model->generation() && m_window)
                    m_window->showLoading(done, total, rows, m_expected);
            });
    connect(m_loader, &jsoc::RecordTableLoader::finished, this, [this](quint64 generation) {
        if (generation != m_model->generation())
            return;
        m_model->finishQuery(generation);
        if (m_window)
            m_window->showLoaded(m_model->recordCount(), m_expected);
        emit loadEnded();
    });
    connect(m_loader, &jsoc::RecordTableLoader::failed, this,
            [this](quint64 generation, const jsoc::JsocError &error) {
                if (generation != m_model->generation())
                    return;
                m_model->finishQuery(generation);
                if (m_window)
                    m_window->showError(error.message); // already in words, naming JSOC where it spoke
                emit loadEnded();
            });
}

RecordSetController::~RecordSetController()
{
    if (m_countJob)
        m_countJob->deleteLater();
    if (m_window) { // usually gone already (closed by the user)
        disconnect(m_window, nullptr, this, nullptr);
        delete m_window;
    }
}

void RecordSetController::count(const QString &recordSet)
{
    if (m_countJob) {
        disconnect(m_countJob, nullptr, this, nullptr); // its Cancelled must not be read as the new count
        m_countJob->cancel();
        m_countJob->deleteLater();
    }
    m_countSet = recordSet;
    m_countJob = m_client->recordCount(recordSet);
    connect(m_countJob, &jsoc::JsocJob::finished, this, &RecordSetController::onCountFinished);
    if (m_window)
        m_window->showCounting();
}

void RecordSetController::onCountFinished()
{
    jsoc::RecordCountJob *job = m_countJob;
    m_countJob.clear();
    if (!job)
        return;
    job->deleteLater();
    const bool fetchAfter = std::exchange(m_fetchAfterCount, false);
    if (job->error().isError()) {
        if (job->error().kind == jsoc::JsocError::Kind::Cancelled)
            return;
        if (m_window)
            m_window->showError(QStringLiteral("JSOC could not count %1: %2").arg(m_countSet, job->error().message));
        emit loadEnded();
        return;
    }
    const qint64 total = job->result();
    if (m_window)
        m_window->showCount(m_countSet, total);
    emit countShown(total);
    if (!fetchAfter)
        return;
    const qint64 wanted = m_pending.limit != 0 ? qMin(total, qAbs(m_pending.limit)) : total;
    if (!m_pending.confirmed && wanted > m_window->largeQueryThreshold()) {
        m_window->askLargeFetch(m_pending, total);
        emit loadEnded();
        return;
    }
    startLoad(m_pending, total);
}

void RecordSetController::fetch(const ui::FetchRequest &request)
{
    // Always count first: the count sizes the pages and decides whether to warn.
    m_pending = request;
    count(request.recordSet);
    m_fetchAfterCount = true;
}

void RecordSetController::startLoad(const ui::FetchRequest &request, qint64 count)
{
    jsoc::RecordListQuery query;
    query.recordSet = request.recordSet;
    query.keys = request.keys;
    query.segments = request.segments;
    query.recInfo = request.online;
    query.limit = request.limit;
    // No window can hold more than the whole count: that bounds each reply's size, so a server
    // that never stops sending is cut off in words instead of filling memory.
    query.expectedRecords = count;

    jsoc::RecordWindowPlan plan;
    if (request.limit != 0) {
        plan.recordSets = QStringList{request.recordSet}; // n= applies to one request only
        m_expected = qMin(count, qAbs(request.limit));
    } else {
        plan = jsoc::planRecordWindows(request.recordSet, m_structure, count, m_rowsPerPage);
        m_expected = count;
    }
    const quint64 generation = m_model->beginQuery(m_structure);
    if (m_window)
        m_window->showLoading(0, int(plan.recordSets.size()), 0, m_expected);
    m_loader->start(generation, plan, query);
}

void RecordSetController::cancel()
{
    const bool wasBusy = m_countJob || m_loader->isRunning();
    m_fetchAfterCount = false;
    if (m_countJob) {
        disconnect(m_countJob, nullptr, this, nullptr);
        m_countJob->cancel();
        m_countJob->deleteLater();
        m_countJob.clear();
    }
    if (m_loader->isRunning()) {
        m_loader->cancel();
        m_model->finishQuery(m_model->generation());
    }
    if (wasBusy && m_window)
        m_window->showCancelled();
    if (wasBusy)
        emit loadEnded();
}

} // namespace app
