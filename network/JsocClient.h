#pragma once

#include "model/drms/JsocUrls.h"

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/PendingRequestCheck.h"
#include "model/drms/SeriesStructure.h"
#include "network/JsocJob.h"
#include "network/RecordListJob.h"
#include "network/SeriesListJob.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;

namespace jsoc {

using SeriesStructureJob = JsocValueJob<SeriesStructure>;
using RecordCountJob = JsocValueJob<qint64>;
using AddressCheckJob = JsocValueJob<AddressCheck>;
using ExportJob = JsocValueJob<ExportStatus>; // requestExport() and exportStatus()
using PendingRequestJob = JsocValueJob<PendingRequestCheck>; // checkPendingRequest() and cancelPendingRequest()

// Parameters of an rs_list query (protocol §3.6): what is sent (RsListParameters, model/drms)
// and what sizes its reply cap.
struct RecordListQuery : RsListParameters {
    // Without a limit: how many records the caller expects (e.g. from rs_summary), 0 = unknown.
    // Only sizes the reply cap; never sent.
    qint64 expectedRecords = 0;
};

// The kinds of request, each with its own total deadline and reply size cap.
enum class RequestKind { SeriesList, SeriesStructure, RecordCount, RecordList, ExportRequest, ExportStatus, AddressCheck,
                         PendingRequest };

// The JSOC "ajax" CGI client. One QNetworkAccessManager per client; every operation returns a
// job (see JsocJob for ownership: the caller deleteLater()s it after finished()).
//
// Network behaviour:
// - URLs are <siteRoot>/cgi-bin/ajax/<cgi>?…, plain GET, User-Agent "jsoc-browser/0.1".
// - Each request has a transfer (inactivity) timeout, default 60 s → Kind::Timeout, and a total
//   deadline per RequestKind (a slow drip must not hold a caller forever) → Kind::Timeout.
// - Replies are capped by what the request can legitimately return (rs_list: by the records and
//   columns asked for; small JSON replies: 1 MiB; series lists: 64 MiB); a bigger reply is
//   abandoned as its bytes arrive → Kind::BadResponse. An rs_list with more rows than the `n`
//   asked for is refused (→ BadResponse) rather than cut: a server that ignores `n` is not
//   answering the question asked, and which rows it sent first is not ours to guess.
// - Idempotent reads (everything except requestExport and cancelPendingRequest) are retried on
//   network errors and HTTP 5xx per RetryPolicy (default 3 retries after 0.5/1/2 s); those two never are.
// - Redirects: Qt's NoLessSafeRedirectPolicy (no https→http), at most 5 hops.
// - TLS errors fail the job with Kind::Tls; they are never ignored.
// - Proxy: the constructor enables QNetworkProxyFactory::setUseSystemConfiguration(true)
//   (process-wide; on Linux this honours http_proxy/https_proxy/no_proxy). Qt never proxies
//   loopback addresses, so a local simulator is reached directly.
class JsocClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsocClient)

public:
    // `siteRoot` e.g. http://jsoc.stanford.edu or http://127.0.0.1:8080 (no /cgi-bin part).
    explicit JsocClient(const QUrl &siteRoot = QUrl(QStringLiteral("http://jsoc.stanford.edu")),
                        QObject *parent = nullptr);
    ~JsocClient() override;

    QUrl siteRoot() const { return m_siteRoot; }
    // <siteRoot>/cgi-bin/ajax/<cgi>
    QUrl cgiUrl(const QString &cgi) const;

    void setTransferTimeout(int msecs) { m_transferTimeoutMs = msecs; }
    int transferTimeout() const { return m_transferTimeoutMs; }
    // Total time one request of `kind` may take, retries included (<= 0: none).
    void setDeadline(RequestKind kind, int msecs) { m_deadlineMs[int(kind)] = msecs; }
    int deadline(RequestKind kind) const { return m_deadlineMs[int(kind)]; }
    // Words added to a deadline failure, e.g. "Use --deadline to wait longer."
    void setDeadlineHint(const QString &hint) { m_deadlineHint = hint; }
    // The byte budget of one rs_list reply for `query` (the other kinds have fixed caps).
    static qint64 recordListCap(const RecordListQuery &query);
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    RetryPolicy retryPolicy() const { return m_retry; }
    QNetworkAccessManager *networkAccessManager() const { return m_manager; }

    // showextseries?dbhost=hmidb2&info=1[&filter=<regex>], falling back to show_series on 404.
    SeriesListJob *seriesList(const QString &regex = QString());
    // jsoc_info?op=series_struct&ds=<series lower-cased>. result().name = series as given.
    SeriesStructureJob *seriesStructure(const QString &series);
    // jsoc_info?op=rs_summary&ds=<recordSet> → record count.
    RecordCountJob *recordCount(const QString &recordSet);
    // jsoc_info?op=rs_list&ds=…&key=…&seg=…&link=…[&n=][&R=1]. If keys, segments and links are
    // all empty, key=**ALL** is sent.
    RecordListJob *recordList(const RecordListQuery &query);
    // checkAddress.sh?address=<email>&checkonly=1 (address double-encoded like drms).
    AddressCheckJob *checkAddress(const QString &email);
    // jsoc_fetch?op=exp_request&format=json&ds&notify&method&protocol[&filenamefmt]&process=n&requestor
    // Not retried (not idempotent). Result status 0 = quick export done, 2 = queued.
    ExportJob *requestExport(const ExportRequestOptions &options);
    // jsoc_fetch?op=exp_status&requestid=<id>
    ExportJob *exportStatus(const QString &requestId);
    // manage-request.sh?address=<email>&operation=check (protocol §10.2): the request JSOC counts as
    // pending for this notify address, if any. An answer JSOC did not document is Answer::Unknown
    // with its words, not an error.
    PendingRequestJob *checkPendingRequest(const QString &address);
    // manage-request.sh?address=<email>&operation=cancel. Not retried: if the first attempt reached
    // JSOC, a repeat would answer "nothing pending" for the request it cancelled, or cancel one
    // submitted meanwhile.
    PendingRequestJob *cancelPendingRequest(const QString &address);

private:
    void launch(JsocJob *job, const QUrl &url, bool idempotent, RequestKind kind, qint64 capBytes = -2,
                const QString &capReason = QString());

    PendingRequestJob *manageRequest(const QString &address, const QString &operation, bool idempotent);

    static constexpr int kKinds = int(RequestKind::PendingRequest) + 1;
    QNetworkAccessManager *m_manager = nullptr;
    QUrl m_siteRoot;
    RetryPolicy m_retry;
    int m_transferTimeoutMs = 60000;
    int m_deadlineMs[kKinds];
    qint64 m_capBytes[kKinds];
    QString m_deadlineHint;
};

} // namespace jsoc
