#include "sim/HarpNoaaNumbers.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>

#include "sim/SeriesFile.h"
#include "sim/SimHash.h"

namespace sim {

namespace {

struct Pair {
    qint64 harp = 0;
    QList<qint64> numbers; // ascending
};

struct Point {
    double h, n;
};

// NOAA's counter just after HARP h was first seen: a pair's HARP takes its first number
// (counter first - 0.5 before it, first + 0.5 at it); between pairs the counter runs linearly,
// beyond them at the rate of the nearest two. Pairs out of step with the ones before them (a
// region numbered late) do not bend it.
struct Family {
    QList<Pair> pairs;     // by HARP number
    QSet<qint64> listed;   // every number a pair names: no other HARP gets it
    QList<Point> counter;  // increasing in h and n
    double rateBefore = 0.25, rateAfter = 0.25; // one pair alone: a HARP in four carries a number

    void buildCounter()
    {
        for (const Pair &p : std::as_const(pairs)) {
            const double first = double(p.numbers.first());
            const Point before{double(p.harp) - 1.0, first - 0.5}, at{double(p.harp), first + 0.5};
            if (counter.isEmpty() || (before.h > counter.last().h && before.n > counter.last().n))
                counter << before << at;
        }
        if (counter.size() >= 4) {
            auto rate = [&](int a, int b) { return (counter[b].n - counter[a].n) / (counter[b].h - counter[a].h); };
            rateBefore = rate(1, 2);
            rateAfter = rate(int(counter.size()) - 3, int(counter.size()) - 2);
        }
    }

    double at(double h) const
    {
        if (h <= counter.first().h)
            return counter.first().n + (h - counter.first().h) * rateBefore;
        if (h >= counter.last().h)
            return counter.last().n + (h - counter.last().h) * rateAfter;
        const auto next = std::lower_bound(counter.begin(), counter.end(), h, [](const Point &p, double v) { return p.h < v; });
        const Point &b = *next, &a = *(next - 1);
        return a.n + (h - a.h) / (b.h - a.h) * (b.n - a.n);
    }
};

struct Table {
    QHash<QString, Family> families;
    double sharedRegionFraction = 0; // a region joins its predecessor's HARP this often
};

const Table &table()
{
    static const Table loaded = [] {
        Table t;
        QHash<QString, Family> &out = t.families;
        QFile f(seriesfile::directory() + QStringLiteral("/hmi_harp_noaa.tsv"));
        if (!f.open(QIODevice::ReadOnly)) {
            qWarning("jsoc-sim: cannot open %s", qPrintable(f.fileName()));
            return t;
        }
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            const QList<QByteArray> cols = line.split('\t');
            if (line.isEmpty() || line.startsWith('#') || cols.size() < 3)
                continue;
            if (cols[0] == "param") {
                if (cols[1] == "sharedRegionFraction")
                    t.sharedRegionFraction = cols[2].toDouble();
                continue;
            }
            Pair p;
            p.harp = cols[1].toLongLong();
            for (const QByteArray &n : cols[2].split(','))
                p.numbers.append(n.trimmed().toLongLong());
            std::sort(p.numbers.begin(), p.numbers.end());
            Family &fam = out[QString::fromLatin1(cols[0])];
            fam.pairs.append(p);
            for (qint64 n : std::as_const(p.numbers))
                fam.listed.insert(n);
        }
        for (Family &fam : out) {
            std::sort(fam.pairs.begin(), fam.pairs.end(), [](const Pair &a, const Pair &b) { return a.harp < b.harp; });
            fam.buildCounter();
        }
        return t;
    }();
    return loaded;
}

const QHash<QString, Family> &families()
{
    return table().families;
}

// Region n was tracked in the same HARP as region n - 1 (a fixed draw per number and family).
bool sharesPredecessorsHarp(const Family &fam, qint64 n)
{
    if (fam.listed.contains(n) || fam.listed.contains(n - 1))
        return false;
    return unitDouble(mix(quint64(n) * 0x9E3779B97F4A7C15ULL ^ quint64(fam.pairs.first().harp))) < table().sharedRegionFraction;
}

const Family *familyOf(const SeriesDef &def)
{
    const QString lower = def.name.toLower();
    if (!lower.startsWith(QLatin1String("hmi.")) || !(lower.contains(QLatin1String("harp"))))
        return nullptr;
    const auto it = families().constFind(lower.endsWith(QLatin1String("_nrt")) ? QStringLiteral("nrt") : QStringLiteral("definitive"));
    return it == families().constEnd() || it->pairs.isEmpty() ? nullptr : &*it;
}

} // namespace

bool HarpNoaaNumbers::known(const SeriesDef &def)
{
    return familyOf(def) != nullptr;
}

QList<qint64> HarpNoaaNumbers::numbers(const SeriesDef &def, qint64 harp)
{
    const Family *fam = familyOf(def);
    if (!fam || harp <= 0)
        return {};
    for (const Pair &p : fam->pairs)
        if (p.harp == harp)
            return p.numbers;
    const qint64 from = qint64(std::floor(fam->at(double(harp) - 1.0)));
    const qint64 to = qint64(std::floor(fam->at(double(harp))));
    // Its own numbers, except those that went with their predecessor's HARP, plus the ones after
    // them that came with it (at most three regions to a HARP).
    constexpr int kMostRegions = 3;
    QList<qint64> out;
    for (qint64 n = from + 1; n <= to; ++n) {
        if (fam->listed.contains(n) || sharesPredecessorsHarp(*fam, n) || out.contains(n))
            continue;
        out.append(n);
        for (qint64 next = n + 1; next - n < kMostRegions && sharesPredecessorsHarp(*fam, next); ++next)
            out.append(next);
    }
    return out;
}

} // namespace sim
