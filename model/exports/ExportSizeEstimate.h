#pragma once

#include "model/exports/ProcessingSizeRatio.h"

#include <QString>

// How big an export will be before it is sent, and whether JSOC will take it. The record count
// and the bytes of the whole record set "as stored" come from JSOC (the count query and the
// series' segment sizes); a record limit exports only the first records, so the bytes scale with
// them; processing steps scale them again by their size ratio (ProcessingSizeRatio.h), and when
// that ratio cannot be known the size after processing is unknown, never made up. The export
// dialog shows the result; the rules live here.
namespace jsoc {

// JSOC refuses an export above 100 GB (status 3, "Request exceeds max byte limit"), in powers
// of 1000 like every size it states.
inline constexpr qint64 kJsocExportByteLimit = 100LL * 1000 * 1000 * 1000;
// Above this many records JSOC may refuse or take very long, even when the bytes are few.
inline constexpr qint64 kManyExportRecords = 100000;

struct ExportSizeEstimate {
    qint64 records = 0;      // records that will be exported (the first `limit` of them)
    qint64 totalRecords = 0; // records in the record set
    qint64 bytes = -1;       // about this many bytes JSOC will send (after processing); -1 unknown
    qint64 storedBytes = -1; // the same records as stored, before processing; -1 unknown
    bool processed = false;  // processing steps apply (bytes = storedBytes x their ratio)
    QString unknownWhy;      // processed with an unknown ratio: which step needs what

    bool isLimited() const { return records < totalRecords; }
    bool exceedsJsocLimit() const { return bytes > kJsocExportByteLimit; }
    bool hasManyRecords() const { return records > kManyExportRecords; }
    // ", about 1.2 GB as stored", ", about 310 MB after processing (1.2 GB as stored)",
    // ", size unknown after processing (…why…; 1.2 GB as stored)" or ", size unknown".
    QString sizeText() const;
    // The one warning to show, most serious first; empty when JSOC should take the request.
    QString warning() const;
};

// `recordCount` records in the set holding `bytesForAll` bytes (-1 unknown); `limit` > 0 exports
// only the first `limit` records.
ExportSizeEstimate estimateExportSize(qint64 recordCount, qint64 bytesForAll, qint64 limit);
// The same, processed by steps whose size ratio is `processing` (see processingSizeRatio); with
// no steps (processing.steps == 0) exactly the estimate above.
ExportSizeEstimate estimateExportSize(qint64 recordCount, qint64 bytesForAll, qint64 limit,
                                      const ProcessingSizeRatio &processing);

} // namespace jsoc
