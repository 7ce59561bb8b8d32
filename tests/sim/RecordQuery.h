#pragma once

#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "sim/RecordSpace.h"
#include "sim/SeriesDef.h"
#include "sim/SqlFilter.h"

// A record-set string resolved against the series structures: per subset, the selection on each
// prime key, record-number ranges, the SQL filter and the `{segment}` list. Counting and listing
// then never look at the text again.
namespace sim {

class SeriesFactory;

struct SubsetPlan {
    std::shared_ptr<const SeriesDef> series;
    std::vector<KeySel> sels;           // one per prime key
    bool byRecnum = false;
    std::vector<Run> recnumRuns;        // record numbers, when byRecnum
    std::vector<SqlFilter> filters;     // all must match
    bool hasSegmentList = false;
    QStringList segments;               // `{a,b}` as given
};

struct SelectedRecord {
    const SeriesDef *series = nullptr;
    Coord coord{};
    qint64 ordinal = 0;
    qint64 recnum() const { return series->firstRecnum + ordinal; }
};

class RecordQuery final
{
public:
    enum class Error { None, BadSpec, UnknownSeries, BadQuery, TooMany };

    // Parses and resolves `ds`. On failure sets `error` to the kind and `message` to the text
    // JSOC would print (for BadSpec: "invalid record-set specification `<ds>`" style).
    static std::optional<std::vector<SubsetPlan>> resolve(const SeriesFactory &factory, const QString &ds,
                                                          Error *error, QString *message);

    // Records selected, without listing them when there is no SQL filter.
    static std::optional<qint64> count(const std::vector<SubsetPlan> &plans, QString *message);
    // Visits the records in order (prime-key order per subset, subsets in order), or backwards.
    // Stops when `visit` returns false. False + message when the set is too large to scan.
    static bool forEach(const std::vector<SubsetPlan> &plans, bool reverse,
                        const std::function<bool(const SelectedRecord &)> &visit, QString *message);
    // First n (limit > 0), last |n| (limit < 0, returned in forward order) or all (0).
    static std::optional<std::vector<SelectedRecord>> select(const std::vector<SubsetPlan> &plans, qint64 limit,
                                                             QString *message);
};

} // namespace sim
