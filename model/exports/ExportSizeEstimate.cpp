#include "model/exports/ExportSizeEstimate.h"

#include <algorithm>

namespace jsoc {

ExportSizeEstimate estimateExportSize(qint64 recordCount, qint64 bytesForAll, qint64 limit)
{
    ExportSizeEstimate e;
    e.totalRecords = std::max<qint64>(0, recordCount);
    e.records = limit > 0 ? std::min(limit, e.totalRecords) : e.totalRecords;
    if (bytesForAll >= 0) // records of one series are alike: the bytes follow the share exported
        e.bytes = e.totalRecords > 0 ? qint64(double(bytesForAll) * double(e.records) / double(e.totalRecords)) : 0;
    return e;
}

QString ExportSizeEstimate::warning() const
{
    if (exceedsJsocLimit())
        return QStringLiteral("JSOC refuses exports above 100 GB (status 3): set a record limit or narrow the record set.");
    if (hasManyRecords())
        return QStringLiteral("JSOC may refuse this many records in one request; consider a record limit.");
    return {};
}

} // namespace jsoc
