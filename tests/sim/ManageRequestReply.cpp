#include "sim/ManageRequestReply.h"

#include "sim/PyJson.h"

namespace sim::managerequest {
namespace {

QString timeText(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

} // namespace

QByteArray reply(Status status, const QString &msg)
{
    return "{\"status\": " + pyjson::string(QString::number(int(status))) + ", \"msg\": " + pyjson::string(msg) + "}\n";
}

QString noneMessage(const QString &address)
{
    return QStringLiteral("No pending export request for %1.").arg(address);
}

QString pendingMessage(const QString &requestId, const QDateTime &startedUtc)
{
    return QStringLiteral("Request %1 is pending, started %2.").arg(requestId, timeText(startedUtc));
}

QString cancelledMessage(const QString &requestId, const QDateTime &startedUtc)
{
    return QStringLiteral("Request %1 (started %2) has been cancelled.").arg(requestId, timeText(startedUtc));
}

QString missingArgument(const QString &name)
{
    return QStringLiteral("Missing required argument '%1'.").arg(name);
}

QString badOperation(const QString &operation)
{
    return QStringLiteral("Invalid operation '%1': must be 'check' or 'cancel'.").arg(operation);
}

QString badAddress(const QString &address)
{
    return QStringLiteral("'%1' is not a valid email address.").arg(address);
}

} // namespace sim::managerequest
