#include "model/ExportStatusText.h"

namespace jsoc {

ExportStatusText exportStatusText(int status)
{
    switch (status) {
    case 0:
        return {QStringLiteral("Export complete"), QStringLiteral("The files are ready to download for 7 days.")};
    case 1:
        return {QStringLiteral("Being processed at JSOC"), QStringLiteral("Nothing to do: we check again on our own schedule.")};
    case 2:
        return {QStringLiteral("Queued at JSOC"), QStringLiteral("Nothing to do: JSOC will start it soon and we keep checking.")};
    case 3:
        return {QStringLiteral("Request too large"),
                QStringLiteral("Ask for fewer records or segments (split the time range), then export again.")};
    case 4:
        return {QStringLiteral("Request failed or was refused"),
                QStringLiteral("Read JSOC's message: fix the record set or e-mail address, then export again.")};
    case 5:
        return {QStringLiteral("Export expired (deleted after 7 days)"),
                QStringLiteral("Use Re-export to ask JSOC to prepare the files again.")};
    case 6:
        return {QStringLiteral("Not yet known to JSOC"),
                QStringLiteral("Nothing to do: a new request takes a moment to register; we retry a few times.")};
    case 7:
        return {QStringLiteral("Another export from this e-mail is still pending"),
                QStringLiteral("Nothing to do: JSOC allows one pending export per e-mail, so this one waits in our "
                               "queue and is sent when the other finishes.")};
    case 12:
        return {QStringLiteral("Queued in test mode"),
                QStringLiteral("JSOC accepted it only as a test and will not deliver files; export again normally.")};
    case 25:
        return {QStringLiteral("Data are offline and need operator help"),
                QStringLiteral("Write to jsoc@sun.stanford.edu naming the request id; once they put the data online, "
                               "export again.")};
    default:
        return {QStringLiteral("Unknown JSOC export status %1").arg(status),
                QStringLiteral("Try again later; if it persists, contact jsoc_help@jsoc.stanford.edu.")};
    }
}

QString exportStatusLine(int status)
{
    const ExportStatusText t = exportStatusText(status);
    return t.meaning + QStringLiteral(" (status %1). ").arg(status) + t.advice;
}

} // namespace jsoc
