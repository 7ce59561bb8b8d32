#include "network/RecordTableLoader.h"

#include <QTimer>
#include <algorithm>

namespace jsoc {

namespace {
constexpr int kParsingMax = 2; // pages parsed at once besides those on the wire (the pool has ~2 threads)
} // namespace

RecordTableLoader::RecordTableLoader(JsocClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    if (!client)
        return;
    // The client's jobs die with it and never finish: a load in progress fails instead of hanging.
    connect(client, &QObject::destroyed, this, [this] {
        m_jobs.clear();
        if (m_running)
            failLater(JsocError::make(JsocError::Kind::Network,
                                      QStringLiteral("The connection to JSOC was closed while records were loading")));
    });
}

RecordTableLoader::~RecordTableLoader()
{
    abortJobs();
}

void RecordTableLoader::start(quint64 generation, const RecordWindowPlan &plan, const RecordListQuery &query, int concurrency)
{
    abortJobs();
    ++m_run;
    m_generation = generation;
    m_windows = plan.recordSets;
    m_query = query;
    m_concurrency = std::max(1, concurrency);
    m_next = 0;
    m_done = 0;
    m_rows = 0;
    m_running = true;

    if (query.limit != 0 && m_windows.size() > 1) {
        failLater(JsocError::make(JsocError::Kind::BadResponse,
                                  QStringLiteral("A record limit (n=%1) cannot be applied to a query split into %2 windows; "
                                                 "plan the query without splitting to use a limit")
                                      .arg(query.limit).arg(m_windows.size())));
        return;
    }
    if (!m_client) {
        failLater(JsocError::make(JsocError::Kind::Network, QStringLiteral("No JSOC client to load records with")));
        return;
    }
    if (m_windows.isEmpty()) {
        // Nothing to fetch: still finish asynchronously, like every other outcome.
        const quint64 run = m_run;
        QTimer::singleShot(0, this, [this, run] {
            if (run != m_run || !m_running)
                return;
            m_running = false;
            emit finished(m_generation);
        });
        return;
    }
    launchMore();
}

void RecordTableLoader::cancel()
{
    abortJobs();
    ++m_run;
    m_running = false;
}

void RecordTableLoader::abortJobs()
{
    // Disconnected first, so the Cancelled finish of each job reaches nobody; deleted later
    // because cancel() may run inside a slot connected to one of our own signals.
    std::vector<Running> jobs;
    jobs.swap(m_jobs);
    for (const Running &r : jobs) {
        if (!r.job)
            continue;
        disconnect(r.job, nullptr, this, nullptr);
        r.job->cancel();
        r.job->deleteLater();
    }
}

void RecordTableLoader::failLater(const JsocError &error)
{
    const quint64 run = m_run;
    QTimer::singleShot(0, this, [this, run, error] {
        if (run != m_run || !m_running)
            return;
        m_running = false;
        emit failed(m_generation, error);
    });
}

int RecordTableLoader::inFlight() const
{
    return int(std::count_if(m_jobs.begin(), m_jobs.end(), [](const Running &r) { return !r.received; }));
}

void RecordTableLoader::launchMore()
{
    // The server builds the next page while this side parses the last one, instead of each
    // waiting for the other; the parse backlog is capped so bodies cannot pile up in memory.
    while (m_running && m_client && inFlight() < m_concurrency && int(m_jobs.size()) < m_concurrency + kParsingMax
           && m_next < m_windows.size()) {
        RecordListQuery q = m_query;
        q.recordSet = m_windows[m_next];
        RecordListJob *job = m_client->recordList(q);
        const int index = m_next++;
        const quint64 run = m_run;
        m_jobs.push_back({job, index});
        connect(job, &JsocJob::bodyReceived, this, [this, job, run] {
            if (run != m_run)
                return;
            for (Running &r : m_jobs)
                if (r.job == job)
                    r.received = true;
            launchMore();
        });
        connect(job, &JsocJob::finished, this, [this, job, index, run] { onJobFinished(job, index, run); });
    }
}

void RecordTableLoader::onJobFinished(RecordListJob *job, int index, quint64 run)
{
    m_jobs.erase(std::remove_if(m_jobs.begin(), m_jobs.end(), [job](const Running &r) { return r.job == job; }), m_jobs.end());
    job->deleteLater();
    if (run != m_run || !m_running)
        return;
    if (job->error().isError()) {
        JsocError error = job->error();
        if (m_windows.size() > 1)
            error.message += QStringLiteral(" (page %1 of %2)").arg(index + 1).arg(m_windows.size());
        abortJobs();
        m_running = false;
        emit failed(m_generation, error);
        return;
    }
    RecordTable page = job->takeResult();
    m_rows += page.rowCount();
    ++m_done;
    const quint64 generation = m_generation;
    launchMore(); // keep the connection busy while the page is being taken in
    emit pageLoaded(generation, index, std::move(page));
    // A slot may have cancelled or restarted us: then this run is over.
    if (run != m_run)
        return;
    emit progress(generation, m_done, int(m_windows.size()), m_rows);
    if (run != m_run)
        return;
    if (m_done == m_windows.size()) {
        m_running = false;
        emit finished(generation);
    }
}

} // namespace jsoc
