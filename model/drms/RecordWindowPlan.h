#pragma once

#include "model/drms/SeriesStructure.h"

#include <QString>
#include <QStringList>

// Splitting one big rs_list query into slot-aligned windows, so rows arrive in pages that can be
// fetched side by side and shown while the rest loads.
namespace jsoc {

struct RecordWindowPlan {
    QStringList recordSets;   // one rs_list ds per page, in record order; a single entry when the query is not split
    bool split = false;       // true when windows follow a slotted time key
    QString splitKey;         // e.g. "T_REC"
    // Added to the agreed interface:
    QString reason;           // why the query was not split ("" when split), for logs and tests
    qint64 slotsPerWindow = 0; // selected slots of the split key per window (the last one may have fewer)
};

// Splits `recordSet` into slot-aligned windows of about `rowsPerPage` records (estimated from totalCount).
// Not split (single entry = recordSet) when: parse fails, more than one subset, no slotted time prime key with one
// range/duration item, an earlier prime key is not a single value, or totalCount <= rowsPerPage.
//
// Windows are written `start/Ns[@step]` with `start` an exact slot time in TAI canonical form and
// N a whole number of slots, so they tile the original slot range without gaps or overlap. With a
// cadence (`/30d@1h`) each window starts on the original's cadence grid and keeps the step text,
// so `(v − a) multiple of s` selects exactly the original's records; a cadence that is not a whole
// number of slots is not split (JSOC and index arithmetic could disagree on it). Every other
// filter (other prime keys, `[? where ?]`) and the `{segment list}` is kept in every window.
RecordWindowPlan planRecordWindows(const QString &recordSet, const SeriesStructure &structure, qint64 totalCount,
                                   int rowsPerPage = 50000);

} // namespace jsoc
