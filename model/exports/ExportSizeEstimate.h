#pragma once

#include <QString>

// How big an export will be before it is sent, and whether JSOC will take it. The record count
// and the bytes of the whole record set "as stored" come from JSOC (the count query and the
// series' segment sizes); a record limit exports only the first records, so the bytes scale with
// them. The export dialog shows the result; the rules live here.
namespace jsoc {

// JSOC refuses an export above 100 GB (status 3, "Request exceeds max byte limit"), in powers
// of 1000 like every size it states.
inline constexpr qint64 kJsocExportByteLimit = 100LL * 1000 * 1000 * 1000;
// Above this many records JSOC may refuse or take very long, even when the bytes are few.
inline constexpr qint64 kManyExportRecords = 100000;

struct ExportSizeEstimate {
    qint64 records = 0;      // records that will be exported (the first `limit` of them)
    qint64 totalRecords = 0; // records in the record set
    qint64 bytes = -1;       // about this many bytes as stored; -1 unknown

    bool isLimited() const { return records < totalRecords; }
    bool exceedsJsocLimit() const { return bytes > kJsocExportByteLimit; }
    bool hasManyRecords() const { return records > kManyExportRecords; }
    // The one warning to show, most serious first; empty when JSOC should take the request.
    QString warning() const;
};

// `recordCount` records in the set holding `bytesForAll` bytes (-1 unknown); `limit` > 0 exports
// only the first `limit` records.
ExportSizeEstimate estimateExportSize(qint64 recordCount, qint64 bytesForAll, qint64 limit);

} // namespace jsoc
