#pragma once

#include <QString>
#include <array>
#include <functional>
#include <optional>
#include <vector>

#include "sim/SeriesDef.h"

// Records of a series exist only as coordinates on its prime keys (slot index for slotted time
// keys, value index otherwise); everything about a record is computed from these. This file holds
// the arithmetic: per-key selections, counting without enumerating, ordered enumeration, and
// the mapping between coordinates and record numbers.
namespace sim {

constexpr int kMaxPrimeKeys = 4;
using Coord = std::array<qint64, kMaxPrimeKeys>;

struct Run {
    qint64 lo = 0;
    qint64 hi = -1; // inclusive
    qint64 stride = 1;
};

// Selection on one prime key: sorted, non-overlapping runs inside the key's domain.
struct KeySel {
    std::vector<Run> runs;
};

namespace recordspace {

KeySel fullSelection(const SeriesDef &def, int key);
std::optional<Run> clip(const Run &r, qint64 a, qint64 b);
qint64 runCount(const Run &r);
bool contains(const KeySel &sel, qint64 v);
// Normalises any list of runs (sorted, merged, deduplicated); materialises when strides differ.
// Returns false when that would need more than `maxPoints` points.
bool normalise(std::vector<Run> &runs, qint64 maxPoints = 20'000'000);

qint64 count(const SeriesDef &def, const std::vector<KeySel> &sels);
// Visits selected coordinates in prime-key order (or reverse); stop by returning false.
// Returns false when stopped.
bool forEach(const SeriesDef &def, const std::vector<KeySel> &sels, bool reverse,
             const std::function<bool(const Coord &)> &visit);

qint64 ordinalOf(const SeriesDef &def, const Coord &c);
std::optional<Coord> coordOf(const SeriesDef &def, qint64 ordinal);
inline qint64 recnumOf(const SeriesDef &def, const Coord &c) { return def.firstRecnum + ordinalOf(def, c); }

// How JSOC prints a prime-key value in record specs ("2012.01.01_00:00:45_TAI", "2014-01-01T00:00:01Z", "193").
QString keyText(const SeriesDef &def, int key, qint64 coord);
QString spec(const SeriesDef &def, const Coord &c); // "hmi.M_45s[2012.01.01_00:00:45_TAI][2]"

std::optional<Coord> firstRecord(const SeriesDef &def);
std::optional<Coord> lastRecord(const SeriesDef &def);

} // namespace recordspace
} // namespace sim
