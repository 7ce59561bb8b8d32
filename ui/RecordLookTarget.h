#pragma once

#include <QString>
#include <QStringList>

namespace jsoc {
struct SeriesStructure;
struct SegmentInfo;
class RecordTable;
}

// What the record-set window looks at for a row: which segment (the record set's {seg} if it names
// some, else the series' segments with the first image segment chosen) and the one-record spec of
// the row (`series[v1][v2]`, the prime-key values exactly as JSOC printed them).
namespace ui {

struct LookSegments {
    QStringList names;  // offered in the pane's segment box
    QString current;    // the one shown first
};

// True for a segment that can hold an image: FITS (or linked, which JSOC resolves to the target's
// FITS segment) with at least two dimensions, or dimensions not known yet (VAR, linked).
bool isImageSegment(const jsoc::SegmentInfo &segment);

// `recordSet` is the text the table was fetched with (its {seg} list, if any, wins).
LookSegments lookSegments(const jsoc::SeriesStructure &structure, const QString &recordSet);

// `series[v1][v2]` for row `sourceRow` of `table`; empty with `why` filled when a prime key is not
// in the table or has no value (MISSING), since such a row names no single record.
QString recordSpecForRow(const jsoc::SeriesStructure &structure, const jsoc::RecordTable &table, int sourceRow,
                         QString *why = nullptr);

} // namespace ui
