#include "sim/RecordQuery.h"

#include <algorithm>
#include <cmath>

#include "model/drms/RecordSetSpec.h"
#include "sim/KeywordSynth.h"
#include "sim/SeriesFactory.h"

namespace sim {

namespace {

constexpr qint64 kMaxScan = 50'000'000;     // records an SQL filter may scan
constexpr qint64 kMaxListed = 10'000'000;   // records rs_list may list without n=

QString badSpec(const QString &ds)
{
    return QStringLiteral("invalid record-set specification `%1`").arg(ds);
}

std::optional<qint64> parseInt(const QString &s)
{
    bool ok = false;
    const QString t = s.trimmed();
    const qint64 v = t.toLongLong(&ok);
    if (ok)
        return v;
    const double d = t.toDouble(&ok);
    if (ok && std::isfinite(d) && d == std::floor(d))
        return qint64(d);
    return std::nullopt;
}

// Slot range of a slotted key over the records that exist (window-aware for HARP series).
std::pair<qint64, qint64> slotExtent(const SeriesDef &def, int key)
{
    const PrimeKeyDef &k = def.pkeys[key];
    if (def.windowOuterKey >= 0 && key == def.windowOuterKey + 1 && !def.windows.empty()) {
        qint64 lo = k.lastSlot, hi = k.firstSlot;
        for (const auto &w : def.windows) {
            if (w.second < w.first)
                continue;
            lo = std::min(lo, w.first);
            hi = std::max(hi, w.second);
        }
        return {lo, hi};
    }
    return {k.firstSlot, k.lastSlot};
}

bool slottedItem(const SeriesDef &def, int key, const drms::ValueItem &it, std::vector<Run> &out)
{
    const PrimeKeyDef &k = def.pkeys[key];
    auto slot = [&](const QString &text, bool *ok) -> qint64 {
        const auto t = drms::parseTime(text.trimmed());
        *ok = t.has_value();
        return t ? k.axis.indexOf(*t) : 0;
    };
    qint64 stride = 1;
    if (!it.step.isEmpty()) {
        const auto secs = drms::parseDuration(it.step, k.axis.step);
        if (!secs || *secs <= 0)
            return false;
        stride = std::max<qint64>(1, std::llround(*secs / k.axis.step));
    }
    bool ok1 = true, ok2 = true;
    const auto [first, last] = slotExtent(def, key);
    using K = drms::ValueItem::Kind;
    switch (it.kind) {
    case K::Value: {
        const qint64 s = slot(it.first, &ok1);
        out.push_back({s, s, 1});
        return ok1;
    }
    case K::Range: {
        const qint64 a = slot(it.first, &ok1), b = slot(it.second, &ok2);
        out.push_back({a, b, stride});
        return ok1 && ok2;
    }
    case K::Duration: {
        const auto t = drms::parseTime(it.first.trimmed());
        const auto d = drms::parseDuration(it.second, k.axis.step);
        if (!t || !d)
            return false;
        const qint64 a = k.axis.indexOf(*t);
        const qint64 endExcl = k.axis.indexOf(*t + *d);
        out.push_back({a, endExcl - 1, stride});
        return true;
    }
    case K::First: out.push_back({first, first, 1}); return true;
    case K::Last: out.push_back({last, last, 1}); return true;
    case K::Index:
    case K::IndexRange:
    case K::IndexDuration: {
        auto idx = [&](const QString &s, bool *ok) -> qint64 {
            *ok = true;
            if (s == QLatin1String("^")) return first;
            if (s == QLatin1String("$")) return last;
            const auto v = parseInt(s);
            *ok = v.has_value();
            return v.value_or(0);
        };
        const qint64 a = idx(it.first, &ok1);
        if (it.kind == K::Index) {
            out.push_back({a, a, 1});
        } else if (it.kind == K::IndexRange) {
            out.push_back({a, idx(it.second, &ok2), stride});
        } else {
            const auto n = parseInt(it.second);
            ok2 = n.has_value();
            out.push_back({a, a + n.value_or(0) - 1, stride});
        }
        return ok1 && ok2;
    }
    }
    return false;
}

bool enumItem(const SeriesDef &def, int key, const drms::ValueItem &it, std::vector<Run> &out)
{
    const std::vector<qint64> &vals = def.pkeys[key].values;
    const qint64 n = qint64(vals.size());
    // A key the simulator does not enumerate (aia.lev1's FSN, aia.response's WAVE_STR) holds no
    // records: any item selects none, as JSOC answers for a series without records.
    if (n == 0)
        return true;
    auto lower = [&](qint64 v) { return qint64(std::lower_bound(vals.begin(), vals.end(), v) - vals.begin()); };
    auto upper = [&](qint64 v) { return qint64(std::upper_bound(vals.begin(), vals.end(), v) - vals.begin()); };
    std::optional<qint64> step;
    if (!it.step.isEmpty()) {
        step = parseInt(it.step);
        if (!step || *step <= 0)
            return false;
    }
    auto addValueRange = [&](qint64 a, qint64 b) {
        const qint64 ia = lower(a), ib = upper(b) - 1;
        if (!step) {
            out.push_back({ia, ib, 1});
            return;
        }
        for (qint64 i = ia; i <= ib; ++i)
            if ((vals[size_t(i)] - a) % *step == 0)
                out.push_back({i, i, 1});
    };
    using K = drms::ValueItem::Kind;
    switch (it.kind) {
    case K::Value: {
        const auto v = parseInt(it.first);
        if (!v) {
            bool ok = false;
            it.first.trimmed().toDouble(&ok);
            return ok; // a non-integral number matches nothing
        }
        addValueRange(*v, *v);
        return true;
    }
    case K::Range: {
        const auto a = parseInt(it.first), b = parseInt(it.second);
        if (!a || !b)
            return false;
        addValueRange(*a, *b);
        return true;
    }
    case K::Duration: {
        const auto a = parseInt(it.first), d = parseInt(it.second);
        if (!a || !d)
            return false;
        addValueRange(*a, *a + *d - 1);
        return true;
    }
    case K::First: out.push_back({0, 0, 1}); return n > 0;
    case K::Last: out.push_back({n - 1, n - 1, 1}); return n > 0;
    case K::Index:
    case K::IndexRange:
    case K::IndexDuration: {
        auto idx = [&](const QString &s) -> std::optional<qint64> {
            if (s == QLatin1String("^")) return 0;
            if (s == QLatin1String("$")) return n - 1;
            return parseInt(s);
        };
        const auto a = idx(it.first);
        if (!a)
            return false;
        if (it.kind == K::Index) {
            out.push_back({*a, *a, 1});
        } else if (it.kind == K::IndexRange) {
            const auto b = idx(it.second);
            if (!b)
                return false;
            out.push_back({*a, *b, step.value_or(1)});
        } else {
            const auto c = parseInt(it.second);
            if (!c)
                return false;
            out.push_back({*a, *a + *c - 1, step.value_or(1)});
        }
        return true;
    }
    }
    return false;
}

bool recnumItem(const SeriesDef &def, const drms::ValueItem &it, std::vector<Run> &out)
{
    const qint64 first = def.firstRecnum, last = def.firstRecnum + def.totalRecords() - 1;
    auto num = [&](const QString &s) -> std::optional<qint64> {
        QString t = s.trimmed();
        if (t.startsWith('#'))
            t = t.mid(1);
        if (t == QLatin1String("^")) return first;
        if (t == QLatin1String("$")) return last;
        return parseInt(t);
    };
    const qint64 stride = it.step.isEmpty() ? 1 : parseInt(it.step).value_or(0);
    if (stride <= 0)
        return false;
    using K = drms::ValueItem::Kind;
    const auto a = num(it.first);
    switch (it.kind) {
    case K::First: out.push_back({first, first, 1}); return true;
    case K::Last: out.push_back({last, last, 1}); return true;
    case K::Value:
    case K::Index:
        if (!a) return false;
        out.push_back({*a, *a, 1});
        return true;
    case K::Range:
    case K::IndexRange: {
        const auto b = num(it.second);
        if (!a || !b) return false;
        out.push_back({*a, *b, stride});
        return true;
    }
    case K::Duration:
    case K::IndexDuration: {
        const auto c = parseInt(it.second);
        if (!a || !c) return false;
        out.push_back({*a, *a + *c - 1, stride});
        return true;
    }
    }
    return false;
}

// A `[? ?]` clause that reads only what is the same in all records of one HARP (NOAA_ARS ~ "11158")
// is answered once per HARP: the HARPs that match become the selection on HARPNUM and the
// clause is dropped. Same records as scanning them one by one, without the 13 million reads.
void answerPerWindow(SubsetPlan &plan)
{
    const SeriesDef &def = *plan.series;
    const int outer = def.windowOuterKey;
    if (outer < 0 || def.timeKey < 0 || plan.byRecnum)
        return;
    std::vector<SqlFilter> kept;
    for (SqlFilter &f : plan.filters) {
        const QList<int> cols = f.columns();
        const bool perWindow = !cols.isEmpty() && std::all_of(cols.begin(), cols.end(), [&](int kw) {
            return KeywordSynth::sameAcrossWindow(def, kw);
        });
        if (!perWindow) {
            kept.push_back(std::move(f));
            continue;
        }
        KeySel matched;
        for (const Run &r : plan.sels[size_t(outer)].runs) {
            for (qint64 v = r.lo; v <= r.hi; v += std::max<qint64>(1, r.stride)) {
                const auto &w = def.windows[size_t(v)];
                if (w.second < w.first)
                    continue; // a HARP without records
                Coord c{};
                c[size_t(outer)] = v;
                c[size_t(def.timeKey)] = w.first;
                if (!f.matches(def, c, recordspace::ordinalOf(def, c)))
                    continue;
                if (!matched.runs.empty() && matched.runs.back().hi + 1 == v)
                    matched.runs.back().hi = v;
                else
                    matched.runs.push_back({v, v, 1});
            }
        }
        plan.sels[size_t(outer)] = std::move(matched);
    }
    plan.filters = std::move(kept);
}

} // namespace

std::optional<std::vector<SubsetPlan>> RecordQuery::resolve(const SeriesFactory &factory, const QString &ds,
                                                            Error *error, QString *message)
{
    auto fail = [&](Error e, const QString &msg) -> std::optional<std::vector<SubsetPlan>> {
        if (error)
            *error = e;
        if (message)
            *message = msg;
        return std::nullopt;
    };
    drms::RecordSetParseError perr;
    const auto spec = drms::parseRecordSet(ds, &perr);
    if (!spec || spec->subsets.isEmpty())
        return fail(Error::BadSpec, badSpec(ds));
    std::vector<SubsetPlan> plans;
    for (const drms::Subset &sub : spec->subsets) {
        SubsetPlan plan;
        plan.series = factory.series(sub.series);
        if (!plan.series)
            return fail(Error::UnknownSeries, QStringLiteral("series not found"));
        const SeriesDef &def = *plan.series;
        const int nkeys = int(def.pkeys.size());
        if (nkeys > kMaxPrimeKeys)
            return fail(Error::BadSpec, badSpec(ds));
        for (int i = 0; i < nkeys; ++i)
            plan.sels.push_back(recordspace::fullSelection(def, i));
        int pos = 0;
        for (const drms::Filter &f : sub.filters) {
            using FK = drms::Filter::Kind;
            if (f.kind == FK::Empty) {
                if (pos++ >= nkeys)
                    return fail(Error::BadSpec, badSpec(ds));
                continue;
            }
            if (f.kind == FK::Query || f.kind == FK::AllVersionsQuery) {
                QString err;
                auto q = SqlFilter::parse(f.sql, def, &err);
                if (!q)
                    return fail(Error::BadQuery, err);
                plan.filters.push_back(std::move(*q));
                continue;
            }
            if (f.kind == FK::Recnums) {
                plan.byRecnum = true;
                for (const drms::ValueItem &it : f.items)
                    if (!recnumItem(def, it, plan.recnumRuns))
                        return fail(Error::BadSpec, badSpec(ds));
                if (!recordspace::normalise(plan.recnumRuns))
                    return fail(Error::TooMany, badSpec(ds));
                continue;
            }
            int key = -1;
            if (!f.keyName.isEmpty()) {
                for (int i = 0; i < nkeys; ++i)
                    if (def.pkeys[i].name.compare(f.keyName, Qt::CaseInsensitive) == 0)
                        key = i;
            } else {
                key = pos++;
            }
            if (key < 0 || key >= nkeys)
                return fail(Error::BadSpec, badSpec(ds));
            std::vector<Run> runs;
            for (const drms::ValueItem &it : f.items) {
                const bool ok = def.pkeys[key].slotted ? slottedItem(def, key, it, runs) : enumItem(def, key, it, runs);
                if (!ok)
                    return fail(Error::BadSpec, badSpec(ds));
            }
            if (!recordspace::normalise(runs))
                return fail(Error::TooMany, badSpec(ds));
            KeySel sel;
            const KeySel full = recordspace::fullSelection(def, key);
            const qint64 a = full.runs.empty() ? 0 : full.runs.front().lo;
            const qint64 b = full.runs.empty() ? -1 : full.runs.front().hi;
            for (const Run &r : runs)
                if (auto c = recordspace::clip(r, a, b))
                    sel.runs.push_back(*c);
            plan.sels[size_t(key)] = std::move(sel);
        }
        answerPerWindow(plan);
        plan.hasSegmentList = sub.hasSegmentList;
        plan.segments = sub.segments;
        plans.push_back(std::move(plan));
    }
    if (error)
        *error = Error::None;
    return plans;
}

std::optional<qint64> RecordQuery::count(const std::vector<SubsetPlan> &plans, QString *message)
{
    qint64 total = 0;
    for (const SubsetPlan &p : plans) {
        if (!p.byRecnum && p.filters.empty()) {
            total += recordspace::count(*p.series, p.sels);
            continue;
        }
        qint64 n = 0;
        if (!forEach({p}, false, [&](const SelectedRecord &) { ++n; return true; }, message))
            return std::nullopt;
        total += n;
    }
    return total;
}

bool RecordQuery::forEach(const std::vector<SubsetPlan> &plans, bool reverse,
                          const std::function<bool(const SelectedRecord &)> &visit, QString *message)
{
    const qint64 np = qint64(plans.size());
    for (qint64 pi = 0; pi < np; ++pi) {
        const SubsetPlan &p = plans[size_t(reverse ? np - 1 - pi : pi)];
        const SeriesDef &def = *p.series;
        qint64 scanned = 0;
        bool tooMany = false;
        auto accept = [&](const Coord &c, qint64 ordinal) -> int { // 1 go on, 0 stop, -1 too many
            if (!p.filters.empty() && ++scanned > kMaxScan) {
                tooMany = true;
                return -1;
            }
            for (const SqlFilter &f : p.filters)
                if (!f.matches(def, c, ordinal))
                    return 1;
            SelectedRecord r;
            r.series = &def;
            r.coord = c;
            r.ordinal = ordinal;
            return visit(r) ? 1 : 0;
        };
        bool stopped = false;
        if (p.byRecnum) {
            const qint64 nr = qint64(p.recnumRuns.size());
            for (qint64 ri = 0; ri < nr && !stopped; ++ri) {
                const Run &r = p.recnumRuns[size_t(reverse ? nr - 1 - ri : ri)];
                const qint64 lo = std::max(r.lo, def.firstRecnum);
                const auto clipped = recordspace::clip(r, lo, def.firstRecnum + def.totalRecords() - 1);
                if (!clipped)
                    continue;
                const qint64 cnt = recordspace::runCount(*clipped);
                if (cnt > kMaxScan) {
                    tooMany = true;
                    break;
                }
                for (qint64 k = 0; k < cnt; ++k) {
                    const qint64 recnum = reverse ? clipped->hi - k * clipped->stride : clipped->lo + k * clipped->stride;
                    const auto c = recordspace::coordOf(def, recnum - def.firstRecnum);
                    if (!c)
                        continue;
                    bool inside = true;
                    for (int key = 0; key < def.pkeys.size() && inside; ++key)
                        inside = recordspace::contains(p.sels[size_t(key)], (*c)[size_t(key)]);
                    if (!inside)
                        continue;
                    const int res = accept(*c, recnum - def.firstRecnum);
                    if (res <= 0) {
                        stopped = true;
                        break;
                    }
                }
            }
        } else {
            stopped = !recordspace::forEachCoord(def, p.sels, reverse, [&](const Coord &c) {
                return accept(c, recordspace::ordinalOf(def, c)) > 0;
            });
        }
        if (tooMany) {
            if (message)
                *message = QStringLiteral("problem with database query: the record set is too large to scan (more than %1 records)").arg(kMaxScan);
            return false;
        }
        if (stopped)
            return true;
    }
    return true;
}

std::optional<std::vector<SelectedRecord>> RecordQuery::select(const std::vector<SubsetPlan> &plans, qint64 limit,
                                                               QString *message)
{
    auto tooMany = [&] {
        if (message)
            *message = QStringLiteral("too many records in the record set (more than %1); use n= to limit").arg(kMaxListed);
        return std::nullopt;
    };
    std::vector<SelectedRecord> out;
    const qint64 want = limit == 0 ? kMaxListed + 1 : std::abs(limit);
    if (std::all_of(plans.begin(), plans.end(), [](const SubsetPlan &p) { return !p.byRecnum && p.filters.empty(); })) {
        // The count is known without listing (no SQL filter, no record-number list): refuse a
        // huge set at once, and size the vector up front.
        qint64 total = 0;
        for (const SubsetPlan &p : plans)
            total += recordspace::count(*p.series, p.sels);
        if (limit == 0 && total > kMaxListed)
            return tooMany();
        out.reserve(size_t(std::clamp<qint64>(total, 0, want)));
    }
    const bool ok = forEach(plans, limit < 0, [&](const SelectedRecord &r) {
        out.push_back(r);
        return qint64(out.size()) < want;
    }, message);
    if (!ok)
        return std::nullopt;
    if (limit == 0 && qint64(out.size()) > kMaxListed)
        return tooMany();
    if (limit < 0)
        std::reverse(out.begin(), out.end());
    return out;
}

} // namespace sim
