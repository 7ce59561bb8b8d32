#include "model/records/TableSort.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace jsoc {

namespace {

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// Sorts (key, row) pairs that were collected in row order, so std::stable_sort keeps source order
// among equal keys in both directions.
template <typename Key>
void sortKeyed(std::vector<std::pair<Key, int>> &keyed, Qt::SortOrder order)
{
    if (order == Qt::AscendingOrder)
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    else
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) { return b.first < a.first; });
}

template <typename Key, typename KeyOf>
bool collect(const TableSortInput &input, const std::atomic_bool *cancel, KeyOf keyOf,
             std::vector<std::pair<Key, int>> &keyed, std::vector<int> &missing)
{
    keyed.reserve(size_t(input.rows));
    for (int row = 0; row < int(input.rows); ++row) {
        if ((row & 0xFFFF) == 0 && cancelled(cancel))
            return false;
        if (const std::optional<Key> key = keyOf(row))
            keyed.emplace_back(*key, row);
        else
            missing.push_back(row);
    }
    return true;
}

template <typename Key>
TableSortResult finish(std::vector<std::pair<Key, int>> &keyed, const std::vector<int> &missing,
                       const TableSortInput &input, const std::atomic_bool *cancel)
{
    TableSortResult result;
    if (cancelled(cancel)) {
        result.cancelled = true;
        return result;
    }
    sortKeyed(keyed, input.order);
    if (cancelled(cancel)) {
        result.cancelled = true;
        return result;
    }
    const size_t rows = size_t(input.rows);
    result.viewToSource.reserve(rows);
    for (const auto &k : keyed)
        result.viewToSource.push_back(k.second);
    result.viewToSource.insert(result.viewToSource.end(), missing.begin(), missing.end());
    result.sourceToView.resize(rows);
    for (size_t view = 0; view < rows; ++view)
        result.sourceToView[size_t(result.viewToSource[view])] = int(view);
    return result;
}

template <typename Key, typename KeyOf>
TableSortResult sortBy(const TableSortInput &input, const std::atomic_bool *cancel, KeyOf keyOf)
{
    std::vector<std::pair<Key, int>> keyed;
    std::vector<int> missing;
    if (!collect<Key>(input, cancel, keyOf, keyed, missing)) {
        TableSortResult result;
        result.cancelled = true;
        return result;
    }
    return finish(keyed, missing, input, cancel);
}

std::string_view bytes(QByteArrayView v)
{
    return std::string_view(v.data(), size_t(v.size()));
}

} // namespace

TableSortResult sortTableRows(const TableSortInput &input, const std::atomic_bool *cancel)
{
    if (!input.text) {
        static const std::vector<quint8> none;
        const std::vector<quint8> &flags = input.flags ? *input.flags : none;
        return sortBy<qint64>(input, cancel, [&](int row) -> std::optional<qint64> {
            if (size_t(row) >= flags.size())
                return std::nullopt;
            return qint64(flags[size_t(row)]);
        });
    }
    const StringColumn &column = *input.text;
    switch (input.kind) {
    case ValueKind::Integer:
        // Exact 64-bit keys: *sunum* and longlong keywords can exceed a double's 53 bits.
        return sortBy<qint64>(input, cancel, [&](int row) { return parseIntegerValue(column.raw(row)); });
    case ValueKind::Real:
        return sortBy<double>(input, cancel, [&](int row) { return parseRealValue(column.raw(row)); });
    case ValueKind::Time:
        return sortBy<double>(input, cancel, [&](int row) { return parseTimeValue(column.raw(row)); });
    case ValueKind::Text:
        break;
    }
    // Views into the shared buffer: no per-row allocation, and comparisons skip raw()'s offset lookups.
    return sortBy<std::string_view>(input, cancel, [&](int row) -> std::optional<std::string_view> {
        if (row >= column.size() || column.isMissing(row))
            return std::nullopt;
        return bytes(column.raw(row));
    });
}

} // namespace jsoc
