#include "model/exports/ExportStatusText.h"

namespace jsoc {

bool isKnownExportStatus(int status)
{
    return (status >= 0 && status <= 7) || status == 12 || status == 25;
}

ExportStatusText exportStatusText(int status, ExportStatusContext context)
{
    const bool submit = context == ExportStatusContext::AfterSubmit;
    switch (status) {
    case 0:
        return {QStringLiteral("Export complete"), QStringLiteral("The files are ready to download for 7 days.")};
    case 1:
        return {QStringLiteral("Being processed at JSOC"),
                QStringLiteral("Nothing to do: JSOC is preparing the files, and it is asked again on a schedule.")};
    case 2:
        return {QStringLiteral("Queued at JSOC"),
                QStringLiteral("Nothing to do: JSOC will start it soon, and it is asked again on a schedule.")};
    case 3:
        return {QStringLiteral("Request too large"),
                QStringLiteral("Ask for fewer records or segments (split the time range), then export again.")};
    case 4:
        if (submit)
            return {QStringLiteral("Request refused by JSOC"),
                    QStringLiteral("Read JSOC's message: fix the record set or e-mail address, then export again.")};
        return {QStringLiteral("Export failed at JSOC"),
                QStringLiteral("Read JSOC's message: fix the record set, then export again.")};
    case 5:
        return {QStringLiteral("Export expired (JSOC deleted its files after 7 days)"),
                QStringLiteral("Export again to have JSOC prepare the files anew.")};
    case 6:
        return {QStringLiteral("Not yet known to JSOC"),
                QStringLiteral("Nothing to do: a new request takes a moment to register; it is asked again a few times.")};
    case 7:
        if (submit)
            return {QStringLiteral("Another export from this e-mail is still pending"),
                    QStringLiteral("Nothing to do: JSOC allows one pending export per e-mail, so this one waits in our "
                                   "queue and is sent when the other finishes.")};
        return {QStringLiteral("Refused by JSOC's limit on pending requests"),
                QStringLiteral("JSOC refused this request because too many exports from this e-mail address or "
                               "computer were pending. Let them finish (JSOC forgets a stuck one after an hour), then "
                               "export again.")};
    case 12:
        return {QStringLiteral("Queued in test mode"),
                QStringLiteral("JSOC accepted it only as a test and will not deliver files; export again normally.")};
    case 25:
        return {QStringLiteral("Data are offline and need operator help"),
                QStringLiteral("Write to jsoc@sun.stanford.edu naming the request id; once they put the data online, "
                               "export again.")};
    default:
        return {QStringLiteral("JSOC answered status %1, which this program does not know").arg(status),
                QStringLiteral("Nothing was downloaded. Try again later; if it persists, write to "
                               "jsoc_help@jsoc.stanford.edu quoting JSOC's answer.")};
    }
}

QString exportStatusLine(int status, ExportStatusContext context, const QString &jsocError)
{
    const ExportStatusText t = exportStatusText(status, context);
    QString line = t.meaning;
    if (isKnownExportStatus(status))
        line += QStringLiteral(" (status %1)").arg(status);
    line += QStringLiteral(". ");
    if (const QString said = jsocSaid(jsocError); !said.isEmpty())
        line += said + QLatin1Char(' ');
    return line + t.advice;
}

QString jsocSaid(const QString &jsocError)
{
    const QString said = jsocError.trimmed();
    return said.isEmpty() ? QString() : QStringLiteral("JSOC said: \"%1\".").arg(said);
}

} // namespace jsoc
