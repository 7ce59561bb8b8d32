#pragma once

#include "model/records/KeywordValueKind.h"
#include "model/records/RecordTable.h"

#include <Qt>
#include <atomic>
#include <memory>
#include <vector>

namespace jsoc {

// What a worker thread needs to sort the rows of a KeywordTableModel by one column. Nothing is
// copied: `table` is a lease on the model's storage, which the model leaves unchanged (new pages
// wait) until every lease is released, so making the input on the GUI thread costs O(1).
struct TableSortInput {
    std::shared_ptr<const RecordTable> table;     // keeps the cells alive and unchanged
    const StringColumn *text = nullptr;           // the column in *table, or null for `flags`
    const std::vector<quint8> *flags = nullptr;   // recinfo online flags for the "Online" column
    ValueKind kind = ValueKind::Text;
    Qt::SortOrder order = Qt::AscendingOrder;
    qsizetype rows = 0;                           // rows to sort (the model's count when asked)
};

// Row permutation: view row → source row and its inverse, both `rows` long.
struct TableSortResult {
    std::vector<int> viewToSource;
    std::vector<int> sourceToView;
    bool cancelled = false;
};

// Stable sort of the rows by the real value of the column's text (numbers numerically, hex by
// value, times by instant, text by UTF-8 bytes = code point order). MISSING and unparseable cells
// go last in both orders, in source order; equal values keep source order. Checks `cancel` between
// phases and every 64k rows, returning early with `cancelled` set. Pure function, any thread.
TableSortResult sortTableRows(const TableSortInput &input, const std::atomic_bool *cancel = nullptr);

} // namespace jsoc
