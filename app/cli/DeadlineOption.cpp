#include "DeadlineOption.h"

#include "network/JsocClient.h"

#include <cmath>

namespace cli {

bool configureDeadlines(jsoc::JsocClient &client, const QString &text, QTextStream &err)
{
    client.setDeadlineHint(QStringLiteral("Use --deadline SECONDS to wait longer."));
    if (text.isEmpty())
        return true;
    bool ok = false;
    const double seconds = text.trimmed().toDouble(&ok);
    // Up to 24 h: longer is no deadline at all, and the milliseconds must fit an int.
    if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 86400) {
        err << "jsoc-cli: --deadline takes a number of seconds between 0 and 86400, not \"" << text << "\"" << Qt::endl;
        return false;
    }
    const int ms = std::max(1, int(std::lround(seconds * 1000)));
    for (jsoc::RequestKind kind : {jsoc::RequestKind::SeriesList, jsoc::RequestKind::SeriesStructure,
                                   jsoc::RequestKind::RecordCount, jsoc::RequestKind::RecordList,
                                   jsoc::RequestKind::ExportRequest, jsoc::RequestKind::ExportStatus,
                                   jsoc::RequestKind::AddressCheck, jsoc::RequestKind::PendingRequest})
        client.setDeadline(kind, ms);
    // "Wait longer" must mean it: a silence shorter than the deadline is not given up on either.
    if (ms > client.transferTimeout())
        client.setTransferTimeout(ms);
    return true;
}

} // namespace cli
