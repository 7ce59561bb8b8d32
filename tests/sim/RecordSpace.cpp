#include "sim/RecordSpace.h"

#include <algorithm>

#include "sim/RecordTruth.h"

namespace sim::recordspace {

namespace {

qint64 ceilDiv(qint64 a, qint64 b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

std::pair<qint64, qint64> domainOf(const SeriesDef &def, int key)
{
    const PrimeKeyDef &k = def.pkeys[key];
    if (k.slotted)
        return {k.firstSlot, k.lastSlot};
    return {0, qint64(k.values.size()) - 1};
}

qint64 selCount(const SeriesDef &def, int key, const KeySel &sel, qint64 a, qint64 b)
{
    qint64 n = 0;
    for (const Run &r : sel.runs) {
        if (auto c = clip(r, a, b)) {
            if (!hasGapsOn(def, key)) {
                n += runCount(*c);
                continue;
            }
            for (const Run &p : presentRuns(def, key, *c))
                n += runCount(p);
        }
    }
    return n;
}

} // namespace

std::pair<qint64, qint64> limitsOf(const SeriesDef &def, int key, const Coord &c)
{
    if (def.windowOuterKey >= 0 && key == def.windowOuterKey + 1) {
        const qint64 h = c[size_t(def.windowOuterKey)];
        if (h < 0 || h >= qint64(def.windows.size()))
            return {0, -1};
        return def.windows[size_t(h)];
    }
    return domainOf(def, key);
}

KeySel fullSelection(const SeriesDef &def, int key)
{
    const auto [a, b] = domainOf(def, key);
    KeySel s;
    if (b >= a)
        s.runs.push_back({a, b, 1});
    return s;
}

std::optional<Run> clip(const Run &r, qint64 a, qint64 b)
{
    const qint64 stride = std::max<qint64>(1, r.stride);
    qint64 lo = r.lo;
    if (a > lo)
        lo = r.lo + ceilDiv(a - r.lo, stride) * stride;
    qint64 hi = std::min(r.hi, b);
    if (hi < lo)
        return std::nullopt;
    hi = lo + ((hi - lo) / stride) * stride;
    return Run{lo, hi, stride};
}

qint64 runCount(const Run &r)
{
    return r.hi < r.lo ? 0 : (r.hi - r.lo) / std::max<qint64>(1, r.stride) + 1;
}

bool contains(const KeySel &sel, qint64 v)
{
    for (const Run &r : sel.runs) {
        if (v >= r.lo && v <= r.hi && (v - r.lo) % std::max<qint64>(1, r.stride) == 0)
            return true;
    }
    return false;
}

bool normalise(std::vector<Run> &runs, qint64 maxPoints)
{
    std::erase_if(runs, [](const Run &r) { return r.hi < r.lo; });
    for (Run &r : runs)
        if (r.lo == r.hi)
            r.stride = 1;
    if (runs.size() <= 1)
        return true;
    const bool unitStrides = std::all_of(runs.begin(), runs.end(), [](const Run &r) { return r.stride == 1; });
    if (!unitStrides) {
        qint64 total = 0;
        for (const Run &r : runs)
            total += runCount(r);
        if (total > maxPoints)
            return false;
        std::vector<qint64> pts;
        pts.reserve(size_t(total));
        for (const Run &r : runs)
            for (qint64 v = r.lo; v <= r.hi; v += r.stride)
                pts.push_back(v);
        std::sort(pts.begin(), pts.end());
        pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
        runs.clear();
        for (qint64 v : pts) {
            if (!runs.empty() && runs.back().hi + 1 == v)
                runs.back().hi = v;
            else
                runs.push_back({v, v, 1});
        }
        return true;
    }
    std::sort(runs.begin(), runs.end(), [](const Run &a, const Run &b) { return a.lo < b.lo; });
    std::vector<Run> merged;
    for (const Run &r : runs) {
        if (!merged.empty() && r.lo <= merged.back().hi + 1)
            merged.back().hi = std::max(merged.back().hi, r.hi);
        else
            merged.push_back(r);
    }
    runs = std::move(merged);
    return true;
}

qint64 count(const SeriesDef &def, const std::vector<KeySel> &sels)
{
    const int n = int(def.pkeys.size());
    if (n == 0 || int(sels.size()) != n)
        return 0;
    qint64 total = 1;
    for (int i = 0; i < n; ++i) {
        if (def.windowOuterKey >= 0 && (i == def.windowOuterKey || i == def.windowOuterKey + 1))
            continue;
        const auto [a, b] = domainOf(def, i);
        total *= selCount(def, i, sels[size_t(i)], a, b);
    }
    if (def.windowOuterKey >= 0 && def.windowOuterKey + 1 < n) {
        const int o = def.windowOuterKey;
        const auto [a, b] = domainOf(def, o);
        qint64 sum = 0;
        for (const Run &r : sels[size_t(o)].runs) {
            const auto c = clip(r, a, b);
            if (!c)
                continue;
            for (qint64 h = c->lo; h <= c->hi; h += c->stride) {
                const auto &w = def.windows[size_t(h)];
                sum += selCount(def, o + 1, sels[size_t(o + 1)], w.first, w.second);
            }
        }
        total *= sum;
    }
    return total;
}

std::vector<Run> presentRuns(const SeriesDef &def, int key, const Run &r)
{
    std::vector<Run> out;
    if (key != def.timeKey) {
        out.push_back(r);
        return out;
    }
    qint64 from = r.lo;
    for (const auto &[g0, g1] : RecordTruth::gapSlots(def, r.lo, r.hi)) {
        if (auto before = clip(r, from, g0 - 1))
            out.push_back(*before);
        from = g1 + 1;
    }
    if (auto rest = clip(r, from, r.hi))
        out.push_back(*rest);
    return out;
}

qint64 ordinalOf(const SeriesDef &def, const Coord &c)
{
    const int n = int(def.pkeys.size());
    if (def.windowOuterKey == 0 && n == 2) {
        const qint64 h = c[0];
        if (h < 0 || h >= qint64(def.windows.size()))
            return -1;
        return def.windowPrefix[size_t(h)] + (c[1] - def.windows[size_t(h)].first);
    }
    qint64 ord = 0;
    for (int i = 0; i < n; ++i) {
        const auto [a, b] = domainOf(def, i);
        ord = ord * std::max<qint64>(1, b - a + 1) + (c[size_t(i)] - a);
    }
    return ord;
}

std::optional<Coord> coordOf(const SeriesDef &def, qint64 ordinal)
{
    const int n = int(def.pkeys.size());
    if (ordinal < 0 || ordinal >= def.totalRecords() || n == 0 || n > kMaxPrimeKeys)
        return std::nullopt;
    Coord c{};
    if (def.windowOuterKey == 0 && n == 2) {
        const auto it = std::upper_bound(def.windowPrefix.begin(), def.windowPrefix.end(), ordinal);
        const qint64 h = qint64(it - def.windowPrefix.begin()) - 1;
        c[0] = h;
        c[1] = def.windows[size_t(h)].first + (ordinal - def.windowPrefix[size_t(h)]);
        return c;
    }
    for (int i = n - 1; i >= 0; --i) {
        const auto [a, b] = domainOf(def, i);
        const qint64 size = std::max<qint64>(1, b - a + 1);
        c[size_t(i)] = a + ordinal % size;
        ordinal /= size;
    }
    if (def.timeKey >= 0 && hasGapsOn(def, def.timeKey) && RecordTruth::isGapSlot(def, c[size_t(def.timeKey)]))
        return std::nullopt; // a record number whose slot is a gap names no record
    return c;
}

QString keyText(const SeriesDef &def, int key, qint64 coord)
{
    const PrimeKeyDef &k = def.pkeys[key];
    if (k.slotted)
        return drms::formatTime(k.axis.timeOf(coord), k.style, 0);
    if (coord < 0 || coord >= qint64(k.values.size()))
        return QString();
    return QString::number(k.values[size_t(coord)]);
}

QString spec(const SeriesDef &def, const Coord &c)
{
    QString s = def.name;
    for (int i = 0; i < def.pkeys.size(); ++i)
        s += '[' + keyText(def, i, c[size_t(i)]) + ']';
    return s;
}

namespace {
std::optional<Coord> endRecord(const SeriesDef &def, bool last)
{
    std::vector<KeySel> sels;
    for (int i = 0; i < def.pkeys.size(); ++i)
        sels.push_back(fullSelection(def, i));
    std::optional<Coord> found;
    forEachCoord(def, sels, last, [&](const Coord &c) {
        found = c;
        return false;
    });
    return found;
}
} // namespace

std::optional<Coord> firstRecord(const SeriesDef &def) { return endRecord(def, false); }
std::optional<Coord> lastRecord(const SeriesDef &def) { return endRecord(def, true); }

} // namespace sim::recordspace
