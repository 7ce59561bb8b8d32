#pragma once

#include "model/records/RecordTable.h"

#include <QByteArrayView>
#include <QString>
#include <memory>
#include <vector>

namespace jsoc {

// A read-only view of a KeywordTableModel's cells in its view order at the time it was taken, for
// work on another thread (CSV export). Nothing is copied: `table` is a lease on the model's
// storage, which the model leaves unchanged (new pages wait) until every lease is released, so
// drop the snapshot as soon as the work is done.
struct TableSnapshotColumn {
    enum class Source { Keyword, Segment, Online };
    QString name;
    Source source = Source::Keyword;
    int index = 0; // into table->keywords / segments
};

struct TableSnapshot {
    std::shared_ptr<const RecordTable> table;
    std::shared_ptr<const std::vector<int>> viewToSource; // null = arrival order
    std::vector<TableSnapshotColumn> columns;
    qsizetype rows = 0;

    int sourceRow(qsizetype viewRow) const
    {
        return viewToSource ? (*viewToSource)[size_t(viewRow)] : int(viewRow);
    }
    // Cell text as JSOC sent it ("MISSING" included); the Online column gives "Y"/"N".
    QByteArrayView cell(size_t column, int sourceRow) const
    {
        const TableSnapshotColumn &c = columns[column];
        switch (c.source) {
        case TableSnapshotColumn::Source::Keyword:
            return table->keywords[size_t(c.index)].values.raw(sourceRow);
        case TableSnapshotColumn::Source::Segment:
            return table->segments[size_t(c.index)].values.raw(sourceRow);
        case TableSnapshotColumn::Source::Online:
            break;
        }
        if (size_t(sourceRow) >= table->recInfoOnline.size())
            return {};
        return table->recInfoOnline[size_t(sourceRow)] ? QByteArrayView("Y") : QByteArrayView("N");
    }
};

} // namespace jsoc
