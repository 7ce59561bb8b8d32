#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

// The bodies of /cgi-bin/ajax/manage-request.sh (protocol §10.2), the export page's check and
// cancel of the pending request of a notify address. JSOC's script is Python: json.dumps layout
// ("key": value, ", " separators), and `status` is a STRING ("1", "2", "3"), unlike jsoc_fetch.
//
// The wording is the simulator's own (no live body has been recorded); it is kept parseable: the
// request id as JSOC_YYYYMMDD_NNN and the start as "YYYY-MM-DD HH:MM:SS UTC".
//   1  "No pending export request for <address>."
//   2  "Request <id> is pending, started <time> UTC."
//   3  "Request <id> (started <time> UTC) has been cancelled."
// Bad arguments answer like checkAddress.py does for a bad argument: status "-2" with the words.
namespace sim::managerequest {

enum Status { NoPending = 1, Pending = 2, Cancelled = 3, BadArgument = -2 };

QByteArray reply(Status status, const QString &msg);

QString noneMessage(const QString &address);
QString pendingMessage(const QString &requestId, const QDateTime &startedUtc);
QString cancelledMessage(const QString &requestId, const QDateTime &startedUtc);
QString missingArgument(const QString &name);
QString badOperation(const QString &operation);
QString badAddress(const QString &address);

} // namespace sim::managerequest
