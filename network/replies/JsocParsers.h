#pragma once

#include "model/exports/AddressCheck.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/PendingRequestCheck.h"
#include "model/common/JsocError.h"
#include "model/records/RecordTable.h"
#include "model/drms/SeriesStructure.h"
#include "model/drms/SeriesSummary.h"

#include <QByteArray>

// Pure parsers for JSOC reply bodies (no network, no Qt event loop), robust to the quirks in
// protocol §9: numbers as strings, raw latin-1 bytes, `\/` escapes, invalid JSON from
// show_series, missing arrays in zero-record rs_list, short cparms arrays, index.json vs
// compact export replies. Each returns JsocError::Kind::None on success, else Jsoc (server
// reported an error, with its text) or BadResponse (body unusable).
namespace jsoc::parse {

// showextseries (info=0 or info=1). Non-empty errMsg with an empty list → Kind::Jsoc.
JsocError seriesListExt(const QByteArray &body, SeriesList &out);
// show_series (fallback). Survives the unquoted `"errmsg":Series filter format error`.
JsocError seriesListShow(const QByteArray &body, SeriesList &out);
// jsoc_info op=series_struct. Does not set out.name (the body does not carry it).
JsocError seriesStructure(const QByteArray &body, SeriesStructure &out);
// jsoc_info op=rs_summary → count.
JsocError recordCount(const QByteArray &body, qint64 &out);
// jsoc_info op=rs_list → columnar table (hand-written single-pass parser).
JsocError recordList(const QByteArray &body, RecordTable &out);
// Same result through QJsonDocument (kept for the benchmark and as a cross-check in tests).
JsocError recordListViaQJson(const QByteArray &body, RecordTable &out);
// checkAddress.sh
JsocError addressCheck(const QByteArray &body, AddressCheck &out);
// manage-request.sh check/cancel (protocol §10.2): `status` as a string or a number; 1/2/3 and
// 101/102/103 are the three answers, any other status is Answer::Unknown with JSOC's `msg` (not
// an error). requestId and started are read from `msg` when it names them (pendingRequestId,
// pendingRequestStart). Not an object, or no whole-number status → BadResponse.
JsocError pendingRequest(const QByteArray &body, PendingRequestCheck &out);
// The first JSOC_YYYYMMDD_NNN[_X][_IN] in `text`, "" when none.
QString pendingRequestId(const QString &text);
// The first "YYYY-MM-DD HH:MM:SS" or "YYYY.MM.DD_HH:MM:SS" in `text` (fraction ignored) as UTC:
// followed by UTC, UT, GMT, Z, nothing or a numeric offset (+HH:MM, -HHMM). Invalid when there is
// none, the date or time does not exist, or another zone follows (TAI, PST, ...): a wrong time
// would be worse than none (a lower-case word after the time is just text).
QDateTime pendingRequestStart(const QString &text);
// jsoc_fetch exp_request / exp_status, all shapes. Failure statuses (3,4,5,7,12,25, …) are
// returned as Kind::Jsoc errors with `out` still filled (status, error text, requestId).
// Pending statuses (1,2,6) and 0 are successes.
JsocError exportStatus(const QByteArray &body, ExportStatus &out);

// Error for a non-2xx HTTP reply: "JSOC answered HTTP 500 (Internal Server Error): <short text>".
JsocError httpError(int status, const QByteArray &reason, const QByteArray &body);

// Latin-1 body → UTF-8 (what QJsonDocument needs); ASCII bodies are returned unchanged.
QByteArray latin1ToUtf8(const QByteArray &latin1);

} // namespace jsoc::parse
