#include "model/exports/ExportSizeEstimate.h"

#include "model/common/DisplayFormat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jsoc {
namespace {

// A double size as bytes, held below qint64's end (absurd ratios must still read as "too big").
qint64 clampedBytes(double bytes)
{
    constexpr double top = double(std::numeric_limits<qint64>::max() / 2);
    if (!(bytes >= 0))
        return 0;
    return bytes >= top ? qint64(top) : qint64(std::llround(bytes));
}

} // namespace

ExportSizeEstimate estimateExportSize(qint64 recordCount, qint64 bytesForAll, qint64 limit)
{
    ExportSizeEstimate e;
    e.totalRecords = std::max<qint64>(0, recordCount);
    e.records = limit > 0 ? std::min(limit, e.totalRecords) : e.totalRecords;
    if (bytesForAll >= 0) // records of one series are alike: the bytes follow the share exported
        e.bytes = e.totalRecords > 0 ? qint64(double(bytesForAll) * double(e.records) / double(e.totalRecords)) : 0;
    e.storedBytes = e.bytes;
    return e;
}

ExportSizeEstimate estimateExportSize(qint64 recordCount, qint64 bytesForAll, qint64 limit,
                                      const ProcessingSizeRatio &processing)
{
    ExportSizeEstimate e = estimateExportSize(recordCount, bytesForAll, limit);
    if (processing.steps <= 0)
        return e;
    e.processed = true;
    if (!processing.known || !std::isfinite(processing.ratio) || processing.ratio < 0) {
        e.bytes = -1;
        e.unknownWhy = processing.unknownWhy.isEmpty() ? QStringLiteral("the processing's size ratio is not known")
                                                       : processing.unknownWhy;
    } else if (e.storedBytes >= 0) {
        e.bytes = clampedBytes(double(e.storedBytes) * processing.ratio);
    }
    return e;
}

QString ExportSizeEstimate::sizeText() const
{
    const QString stored = storedBytes >= 0 ? format::bytes(storedBytes) : QString();
    if (!processed)
        return bytes >= 0 ? QStringLiteral(", about %1 as stored").arg(format::bytes(bytes)) : QStringLiteral(", size unknown");
    if (!unknownWhy.isEmpty())
        return stored.isEmpty() ? QStringLiteral(", size unknown after processing (%1)").arg(unknownWhy)
                                : QStringLiteral(", size unknown after processing (%1; %2 as stored)").arg(unknownWhy, stored);
    if (bytes < 0)
        return QStringLiteral(", size unknown");
    return QStringLiteral(", about %1 after processing (%2 as stored)").arg(format::bytes(bytes), stored);
}

QString ExportSizeEstimate::warning() const
{
    if (exceedsJsocLimit())
        return processed ? QStringLiteral("JSOC refuses exports above 100 GB (status 3), and this one is above it even after "
                                          "processing: set a record limit or narrow the record set.")
                         : QStringLiteral("JSOC refuses exports above 100 GB (status 3): set a record limit or narrow the record set.");
    if (processed && bytes < 0 && storedBytes > kJsocExportByteLimit)
        return QStringLiteral("As stored this is above 100 GB and the size after processing is unknown: JSOC refuses it "
                              "(status 3) unless the processing makes it small enough. Set a record limit to be sure.");
    if (hasManyRecords())
        return QStringLiteral("JSOC may refuse this many records in one request; consider a record limit.");
    return {};
}

} // namespace jsoc
