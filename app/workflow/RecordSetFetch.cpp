#include "app/workflow/RecordSetFetch.h"
#include "app/workflow/WorkflowLog.h"

#include "model/drms/RecordSetSpec.h"
#include "model/drms/RecordWindowPlan.h"
#include "network/RecordTableLoader.h"

#include <QRegularExpression>

#include <utility>

namespace app {

namespace {

// The series a record set names; falls back to the text before the first filter so that a set
// only the server can judge still gets its structure looked up (the server then says what is wrong).
QString seriesOf(const QString &recordSet)
{
    if (const auto spec = drms::parseRecordSet(recordSet); spec && !spec->subsets.isEmpty())
        return spec->subsets.first().series;
    const qsizetype cut = recordSet.indexOf(QRegularExpression(QStringLiteral("[\\[{,]")));
    return recordSet.left(cut < 0 ? recordSet.size() : cut).trimmed();
}

} // namespace

RecordSetFetch::RecordSetFetch(jsoc::JsocClient *client, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_loader(new jsoc::RecordTableLoader(client, this))
{
    // The loader only ever runs this fetch's current generation; a stale one is dropped anyway.
    connect(m_loader, &jsoc::RecordTableLoader::pageLoaded, this,
            [this](quint64 generation, int index, jsoc::RecordTable page) {
                if (generation == m_generation && m_step == Step::Load)
                    emit pageLoaded(generation, index, std::move(page));
            });
    connect(m_loader, &jsoc::RecordTableLoader::progress, this,
            [this](quint64 generation, int done, int total, qint64 rows) {
                if (generation == m_generation && m_step == Step::Load)
                    emit progress(generation, done, total, rows);
            });
    connect(m_loader, &jsoc::RecordTableLoader::finished, this, [this](quint64 generation) {
        if (generation != m_generation || m_step != Step::Load)
            return;
        m_step = Step::Idle;
        emit finished(generation);
    });
    connect(m_loader, &jsoc::RecordTableLoader::failed, this, [this](quint64 generation, const jsoc::JsocError &error) {
        if (generation != m_generation || m_step != Step::Load)
            return;
        m_step = Step::Idle;
        emit failed(generation, error);
    });
    if (client) {
        // The client's jobs die with it and never finish: a fetch waiting on one fails instead of
        // hanging (the loader does the same for pages).
        connect(client, &QObject::destroyed, this, [this] {
            if (m_step == Step::Structure || m_step == Step::Count)
                fail(jsoc::JsocError::make(jsoc::JsocError::Kind::Network,
                                           QStringLiteral("The connection to JSOC was closed while records were loading")));
        });
    }
}

RecordSetFetch::~RecordSetFetch()
{
    abortJob();
}

quint64 RecordSetFetch::supersede()
{
    abortJob();
    m_loader->cancel();
    m_step = Step::Idle;
    m_pages = 0;
    return ++m_generation;
}

void RecordSetFetch::abortJob()
{
    if (!m_job)
        return;
    // Disconnected first, so its Cancelled finish reaches nobody; deleted later because this may
    // run inside a slot connected to one of our own signals.
    disconnect(m_job, nullptr, this, nullptr);
    m_job->cancel();
    m_job->deleteLater();
    m_job.clear();
}

quint64 RecordSetFetch::start(const RecordSetRequest &request)
{
    const quint64 generation = supersede();
    m_request = request;
    m_countOnly = false;
    m_keys = request.keys;
    // The structure gives the default keys (the prime keys) and the slotted key to split on.
    const bool needStructure = request.keys.isEmpty() || request.limit == 0;
    if (!request.structure && needStructure) {
        fetchStructure();
        return generation;
    }
    if (m_keys.isEmpty() && request.structure)
        m_keys = request.structure->primeKeys;
    countOrLoad();
    return generation;
}

quint64 RecordSetFetch::count(const QString &recordSet)
{
    const quint64 generation = supersede();
    m_request = RecordSetRequest();
    m_request.recordSet = recordSet;
    m_countOnly = true;
    m_keys.clear();
    countOrLoad();
    return generation;
}

void RecordSetFetch::cancel()
{
    if (!isRunning())
        return;
    const quint64 generation = m_generation;
    supersede();
    emit cancelled(generation);
}

void RecordSetFetch::fail(const jsoc::JsocError &error)
{
    m_job.clear();
    m_step = Step::Idle;
    emit failed(m_generation, error);
}

void RecordSetFetch::fetchStructure()
{
    m_step = Step::Structure;
    if (!m_client)
        return fail(jsoc::JsocError::make(jsoc::JsocError::Kind::Network, QStringLiteral("No JSOC client to fetch records with")));
    m_job = m_client->seriesStructure(seriesOf(m_request.recordSet));
    connect(m_job, &jsoc::JsocJob::finished, this, &RecordSetFetch::onStructureFinished);
}

void RecordSetFetch::onStructureFinished()
{
    auto *job = static_cast<jsoc::SeriesStructureJob *>(m_job.data()); // connected to that job only
    m_job.clear();
    if (!job)
        return;
    job->deleteLater();
    const jsoc::JsocError &e = job->error();
    if (e.isError()) {
        // Without keys there is nothing to ask for. Otherwise JSOC's own complaint about the
        // record set is left to rs_list to report; an unreachable server is reported now rather
        // than tried all over again.
        if (m_request.keys.isEmpty() || !e.isJsocAnswer())
            return fail(e);
    } else {
        m_request.structure = job->result();
        if (m_keys.isEmpty())
            m_keys = m_request.structure->primeKeys;
    }
    countOrLoad();
}

void RecordSetFetch::countOrLoad()
{
    const RecordSetRequest &r = m_request;
    // A count is worth a round trip when it is shown, asked about, or splits the set.
    const bool wanted = m_countOnly || r.countRequired || (r.largeFetchThreshold > 0 && !r.confirmed)
        || (r.limit == 0 && r.structure);
    if (!wanted)
        return load(-1);
    m_step = Step::Count;
    if (!m_client)
        return fail(jsoc::JsocError::make(jsoc::JsocError::Kind::Network, QStringLiteral("No JSOC client to count records with")));
    m_job = m_client->recordCount(r.recordSet);
    connect(m_job, &jsoc::JsocJob::finished, this, &RecordSetFetch::onCountFinished);
}

void RecordSetFetch::onCountFinished()
{
    auto *job = static_cast<jsoc::RecordCountJob *>(m_job.data()); // connected to that job only
    m_job.clear();
    if (!job)
        return;
    job->deleteLater();
    if (job->error().isError()) {
        if (job->error().kind == jsoc::JsocError::Kind::Cancelled) { // by someone else: the fetch is over
            m_step = Step::Idle;
            emit cancelled(m_generation);
            return;
        }
        if (!m_countOnly && !m_request.countRequired)
            return load(-1); // the count was only a hint: one request, which reports any error itself
        jsoc::JsocError error = job->error();
        error.message = QStringLiteral("JSOC could not count %1: %2").arg(m_request.recordSet, error.message);
        return fail(error);
    }
    const quint64 generation = m_generation;
    const qint64 total = job->result();
    if (m_countOnly)
        m_step = Step::Idle;
    emit counted(generation, m_request.recordSet, total);
    if (m_countOnly || generation != m_generation) // done, or a slot started something else
        return;
    const qint64 wanted = m_request.limit != 0 ? qMin(total, qAbs(m_request.limit)) : total;
    if (m_request.largeFetchThreshold > 0 && !m_request.confirmed && wanted > m_request.largeFetchThreshold) {
        m_step = Step::Idle;
        emit confirmationNeeded(generation, total);
        return;
    }
    load(total);
}

// `count` < 0: not known.
void RecordSetFetch::load(qint64 count)
{
    const RecordSetRequest &r = m_request;
    jsoc::RecordListQuery query;
    query.keys = m_keys;
    query.segments = r.segments;
    query.recInfo = r.online;
    query.limit = r.limit;
    // No window can hold more than the whole count: that bounds each reply's size, so a server
    // that never stops sending is cut off in words instead of filling memory. Records added
    // since the count still fit (the cap leaves room per cell).
    query.expectedRecords = qMax<qint64>(count, 0);

    jsoc::RecordWindowPlan plan;
    qint64 expected = qMax<qint64>(count, 0);
    if (r.limit != 0) {
        plan.recordSets = QStringList{r.recordSet}; // n= applies to one request only
        if (count >= 0)
            expected = qMin(count, qAbs(r.limit));
    } else if (r.structure && count >= 0) {
        plan = jsoc::planRecordWindows(r.recordSet, *r.structure, count, r.rowsPerPage);
    } else {
        plan.recordSets = QStringList{r.recordSet};
    }
    const quint64 generation = m_generation;
    m_step = Step::Load;
    m_pages = int(plan.recordSets.size());
    qCDebug(lcWorkflow).noquote() << QStringLiteral("fetch %1: %2 record(s) expected, %3 page(s)%4")
                                         .arg(r.recordSet, QString::number(expected), QString::number(m_pages),
                                              plan.split ? QStringLiteral(" split on the slotted time key")
                                                         : QString());
    emit loadStarted(generation, m_pages, expected);
    if (generation != m_generation || m_step != Step::Load) // a slot cancelled or restarted
        return;
    m_loader->start(generation, plan, query);
}

} // namespace app
