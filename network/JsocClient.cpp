#include "network/JsocClient.h"

#include "network/replies/JsocParsers.h"

#include "model/drms/JsocUrls.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

#include <algorithm>
#include <cstdlib>

namespace jsoc {

namespace {
// Query strings are built by hand so every byte is under our control: values are fully
// percent-encoded (space → %20, '+' → %2B), which JSOC's CGIs and show_series's raw
// "everything after the first '='" parsing both decode correctly.
class QueryBuilder
{
public:
    QueryBuilder &add(const char *name, const QString &value)
    {
        return addEncoded(QByteArray(name), QUrl::toPercentEncoding(value));
    }
    QueryBuilder &addEncoded(const QByteArray &encodedName, const QByteArray &encodedValue)
    {
        if (!m_query.isEmpty())
            m_query += '&';
        m_query += encodedName + '=' + encodedValue;
        return *this;
    }
    QUrl apply(QUrl url) const
    {
        url.setQuery(QString::fromLatin1(m_query), QUrl::StrictMode);
        return url;
    }

private:
    QByteArray m_query;
};

constexpr qint64 kMiB = 1024 * 1024;

// Reply size budget of an rs_list: records × columns × a generous per-cell bound (long
// HISTORY/COMMENT keywords are a few KB), plus a floor for small queries. **ALL** counts as
// many columns as the widest series plausibly has (aia.lev1_euv_12s expands to 176).
constexpr qint64 kCellBytesMax = 16 * 1024;
constexpr qint64 kAllColumns = 1000;
constexpr qint64 kRecordListFloor = 16 * kMiB;
constexpr qint64 kRecordListUnknown = qint64(4) * 1024 * kMiB; // no limit and no expected count

const char *kindName(RequestKind kind)
{
    switch (kind) {
    case RequestKind::SeriesList: return "a series list";
    case RequestKind::SeriesStructure: return "a series description";
    case RequestKind::RecordCount: return "a record count";
    case RequestKind::RecordList: return "a record list";
    case RequestKind::ExportRequest: return "an export request's answer";
    case RequestKind::ExportStatus: return "an export status";
    case RequestKind::AddressCheck: return "an address check";
    case RequestKind::PendingRequest: return "a pending-request answer";
    }
    return "this request";
}

} // namespace

JsocClient::JsocClient(const QUrl &siteRoot, QObject *parent)
    : QObject(parent), m_manager(new QNetworkAccessManager(this)), m_siteRoot(siteRoot)
{
    // Honour http_proxy/https_proxy/no_proxy (process-wide Qt setting).
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    m_manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    // Deadlines: minutes for the big lists, a minute for small answers. Caps: generous for what
    // each reply holds (the full series catalogue is ~5 MB; a completed export's index lists
    // every file, ~150 bytes each, so it gets more room than the other small replies).
    const std::pair<RequestKind, std::pair<int, qint64>> defaults[] = {
        {RequestKind::SeriesList, {180000, 64 * kMiB}},
        {RequestKind::SeriesStructure, {60000, 16 * kMiB}},
        {RequestKind::RecordCount, {60000, kMiB}},
        {RequestKind::RecordList, {600000, -1}}, // per query, see recordListCap()
        {RequestKind::ExportRequest, {120000, 64 * kMiB}}, // a quick export answers with its file list
        {RequestKind::ExportStatus, {60000, 64 * kMiB}},
        {RequestKind::AddressCheck, {60000, kMiB}},
        {RequestKind::PendingRequest, {60000, kMiB}},
    };
    for (const auto &[kind, limits] : defaults) {
        m_deadlineMs[int(kind)] = limits.first;
        m_capBytes[int(kind)] = limits.second;
    }
}

qint64 JsocClient::recordListCap(const RecordListQuery &query)
{
    qint64 records = query.limit != 0 ? (query.limit < 0 ? -query.limit : query.limit) : query.expectedRecords;
    if (records <= 0)
        return kRecordListUnknown;
    qint64 columns = query.recInfo ? 1 : 0;
    for (const QStringList *list : {&query.keys, &query.segments, &query.links})
        for (const QString &name : *list)
            columns += name.trimmed().startsWith(QLatin1String("**ALL")) ? kAllColumns : (list == &query.segments ? 5 : 1);
    if (columns == 0)
        columns = kAllColumns; // key=**ALL** is sent
    records = std::min(records, kRecordListUnknown); // no overflow below
    const qint64 budget = records * columns <= kRecordListUnknown / kCellBytesMax ? records * columns * kCellBytesMax
                                                                                  : kRecordListUnknown;
    return std::clamp(budget + kRecordListFloor, kRecordListFloor, kRecordListUnknown);
}

JsocClient::~JsocClient()
{
    // Jobs are children: delete them before the manager so they abort their replies first.
    const auto jobs = findChildren<JsocJob *>(QString(), Qt::FindDirectChildrenOnly);
    for (JsocJob *job : jobs)
        delete job;
}

QUrl JsocClient::cgiUrl(const QString &cgi) const
{
    return jsocCgiUrl(m_siteRoot, cgi);
}

void JsocClient::launch(JsocJob *job, const QUrl &url, bool idempotent, RequestKind kind, qint64 capBytes,
                        const QString &capReason)
{
    ReplyLimits limits;
    limits.maxBytes = capBytes == -2 ? m_capBytes[int(kind)] : capBytes;
    limits.capReason = capReason.isEmpty() ? QStringLiteral("far more than %1 can take").arg(QLatin1String(kindName(kind)))
                                           : capReason;
    limits.deadlineMs = m_deadlineMs[int(kind)];
    limits.deadlineHint = m_deadlineHint;
    job->configure(m_manager, m_transferTimeoutMs, idempotent, m_retry, limits);
    job->sendRequest(url);
}

SeriesListJob *JsocClient::seriesList(const QString &regex)
{
    QueryBuilder ext;
    ext.add("dbhost", QStringLiteral("hmidb2"));
    if (!regex.isEmpty())
        ext.add("filter", regex);
    ext.add("info", QStringLiteral("1"));
    QUrl fallback = cgiUrl(QStringLiteral("show_series"));
    if (!regex.isEmpty()) {
        // show_series takes everything after the first '=' as the regex and decodes only %XX:
        // so exactly one parameter, fully percent-encoded.
        fallback = QueryBuilder().add("filter", regex).apply(fallback);
    }
    auto *job = new SeriesListJob(this, fallback);
    launch(job, ext.apply(cgiUrl(QStringLiteral("showextseries"))), true, RequestKind::SeriesList);
    return job;
}

SeriesStructureJob *JsocClient::seriesStructure(const QString &series)
{
    auto *job = new SeriesStructureJob(this, &parse::seriesStructure);
    job->m_result.name = series.trimmed();
    job->m_context = series.trimmed();
    QueryBuilder q;
    q.add("op", QStringLiteral("series_struct")).add("ds", series.trimmed().toLower());
    launch(job, q.apply(cgiUrl(QStringLiteral("jsoc_info"))), true, RequestKind::SeriesStructure);
    return job;
}

RecordCountJob *JsocClient::recordCount(const QString &recordSet)
{
    auto *job = new RecordCountJob(this, &parse::recordCount);
    job->m_context = recordSet.trimmed();
    QueryBuilder q;
    q.add("op", QStringLiteral("rs_summary")).add("ds", recordSet.trimmed());
    launch(job, q.apply(cgiUrl(QStringLiteral("jsoc_info"))), true, RequestKind::RecordCount);
    return job;
}

RecordListJob *JsocClient::recordList(const RecordListQuery &query)
{
    auto *job = new RecordListJob(this, query.limit);
    job->m_context = query.recordSet.trimmed();
    const qint64 records = query.limit != 0 ? std::abs(query.limit) : query.expectedRecords;
    const QString capReason = records > 0
        ? QStringLiteral("far more than %1 record%2 can take").arg(records).arg(records == 1 ? "" : "s")
        : QStringLiteral("far more than a record list can take");
    launch(job, rsListUrl(m_siteRoot, query), true, RequestKind::RecordList, recordListCap(query), capReason);
    return job;
}

AddressCheckJob *JsocClient::checkAddress(const QString &email)
{
    auto *job = new AddressCheckJob(this, &parse::addressCheck);
    QueryBuilder q;
    // drms quotes the address twice (quote_plus, then urlencode): "a%2540b.org" on the wire.
    q.addEncoded("address", QUrl::toPercentEncoding(QString::fromLatin1(QUrl::toPercentEncoding(email.trimmed()))));
    q.add("checkonly", QStringLiteral("1"));
    launch(job, q.apply(cgiUrl(QStringLiteral("checkAddress.sh"))), true, RequestKind::AddressCheck);
    return job;
}

ExportJob *JsocClient::requestExport(const ExportRequestOptions &options)
{
    auto *job = new ExportJob(this, &parse::exportStatus);
    QueryBuilder q;
    // drms 0.6.x's exact parameter set and order (protocol §3.8).
    q.add("op", QStringLiteral("exp_request"))
        .add("format", QStringLiteral("json"))
        .add("ds", options.recordSet.trimmed())
        .add("notify", options.notify.trimmed())
        .add("method", effectiveMethod(options))
        .add("protocol", options.protocol);
    if (!options.filenameFormat.isEmpty())
        q.add("filenamefmt", options.filenameFormat);
    // The parameter NAME is literally "process=n" (wire: process%3Dn=<limit>[|steps]).
    q.addEncoded(QUrl::toPercentEncoding(QStringLiteral("process=n")), QUrl::toPercentEncoding(processValue(options)));
    q.add("requestor", effectiveRequester(options));
    launch(job, q.apply(cgiUrl(QStringLiteral("jsoc_fetch"))), false, RequestKind::ExportRequest);
    return job;
}

ExportJob *JsocClient::exportStatus(const QString &requestId)
{
    auto *job = new ExportJob(this, &parse::exportStatus);
    QueryBuilder q;
    q.add("op", QStringLiteral("exp_status")).add("requestid", requestId.trimmed());
    launch(job, q.apply(cgiUrl(QStringLiteral("jsoc_fetch"))), true, RequestKind::ExportStatus);
    return job;
}

PendingRequestJob *JsocClient::checkPendingRequest(const QString &address)
{
    return manageRequest(address, QStringLiteral("check"), true);
}

PendingRequestJob *JsocClient::cancelPendingRequest(const QString &address)
{
    return manageRequest(address, QStringLiteral("cancel"), false);
}

PendingRequestJob *JsocClient::manageRequest(const QString &address, const QString &operation, bool idempotent)
{
    auto *job = new PendingRequestJob(this, &parse::pendingRequest);
    QueryBuilder q;
    // Encoded once, as the export page's script sends it (not drms's double encoding).
    q.add("address", address.trimmed()).add("operation", operation);
    launch(job, q.apply(cgiUrl(QStringLiteral("manage-request.sh"))), idempotent, RequestKind::PendingRequest);
    return job;
}

} // namespace jsoc
