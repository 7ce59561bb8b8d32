#pragma once

#include <QString>
#include <array>
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
// Returns false when stopped. A template, so a big listing pays no indirect call per record.
template <class Visit>
bool forEachCoord(const SeriesDef &def, const std::vector<KeySel> &sels, bool reverse, Visit &&visit);
// The coordinate range of `key` for records whose earlier coordinates are `c`.
std::pair<qint64, qint64> limitsOf(const SeriesDef &def, int key, const Coord &c);

// Gaps: slots of a time key that hold no record (RecordTruth says which, e.g. AIA in SDO's
// umbra). Record numbers keep their places; counting and listing skip the gap slots.
inline bool hasGapsOn(const SeriesDef &def, int key) { return def.isAia && def.waveKey >= 0 && key == def.timeKey; }
// The points of `r` that are not gap slots, as runs of the same stride.
std::vector<Run> presentRuns(const SeriesDef &def, int key, const Run &r);

qint64 ordinalOf(const SeriesDef &def, const Coord &c);
std::optional<Coord> coordOf(const SeriesDef &def, qint64 ordinal);
inline qint64 recnumOf(const SeriesDef &def, const Coord &c) { return def.firstRecnum + ordinalOf(def, c); }

// How JSOC prints a prime-key value in record specs ("2012.01.01_00:00:45_TAI", "2014-01-01T00:00:01Z", "193").
QString keyText(const SeriesDef &def, int key, qint64 coord);
QString spec(const SeriesDef &def, const Coord &c); // "hmi.M_45s[2012.01.01_00:00:45_TAI][2]"

std::optional<Coord> firstRecord(const SeriesDef &def);
std::optional<Coord> lastRecord(const SeriesDef &def);

namespace detail {
template <class Visit>
bool forEachLevel(const SeriesDef &def, const std::vector<KeySel> &sels, bool reverse, Visit &visit, Coord &c, int i, int n)
{
    if (i == n)
        return visit(static_cast<const Coord &>(c));
    const auto [a, b] = limitsOf(def, i, c);
    const auto &runs = sels[size_t(i)].runs;
    const qint64 count = qint64(runs.size());
    for (qint64 j = 0; j < count; ++j) {
        const Run &raw = runs[size_t(reverse ? count - 1 - j : j)];
        const auto clipped = clip(raw, a, b);
        if (!clipped)
            continue;
        if (hasGapsOn(def, i)) {
            std::vector<Run> present = presentRuns(def, i, *clipped);
            const qint64 np = qint64(present.size());
            for (qint64 k = 0; k < np; ++k) {
                const Run &r = present[size_t(reverse ? np - 1 - k : k)];
                const qint64 points = runCount(r);
                for (qint64 s = 0; s < points; ++s) {
                    c[size_t(i)] = reverse ? r.hi - s * r.stride : r.lo + s * r.stride;
                    if (!forEachLevel(def, sels, reverse, visit, c, i + 1, n))
                        return false;
                }
            }
            continue;
        }
        const auto &r = clipped;
        if (!reverse) {
            for (qint64 v = r->lo; v <= r->hi; v += r->stride) {
                c[size_t(i)] = v;
                if (!forEachLevel(def, sels, reverse, visit, c, i + 1, n))
                    return false;
            }
        } else {
            for (qint64 v = r->hi; v >= r->lo; v -= r->stride) {
                c[size_t(i)] = v;
                if (!forEachLevel(def, sels, reverse, visit, c, i + 1, n))
                    return false;
            }
        }
    }
    return true;
}
} // namespace detail

template <class Visit>
bool forEachCoord(const SeriesDef &def, const std::vector<KeySel> &sels, bool reverse, Visit &&visit)
{
    const int n = int(def.pkeys.size());
    if (n == 0 || n > kMaxPrimeKeys || int(sels.size()) != n)
        return true;
    Coord c{};
    return detail::forEachLevel(def, sels, reverse, visit, c, 0, n);
}

} // namespace recordspace
} // namespace sim
