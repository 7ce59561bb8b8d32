#include "sim/HarpNoaaNumbers.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>

#include "sim/SeriesFile.h"

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

const QHash<QString, Family> &families()
{
    static const QHash<QString, Family> table = [] {
        QHash<QString, Family> out;
        QFile f(seriesfile::directory() + QStringLiteral("/hmi_harp_noaa.tsv"));
        if (!f.open(QIODevice::ReadOnly)) {
            qWarning("jsoc-sim: cannot open %s", qPrintable(f.fileName()));
            return out;
        }
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            const QList<QByteArray> cols = line.split('\t');
            if (line.isEmpty() || line.startsWith('#') || cols.size() < 3)
                continue;
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
        return out;
    }();
    return table;
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
    QList<qint64> out;
    for (qint64 n = from + 1; n <= to; ++n)
        if (!fam->listed.contains(n))
            out.append(n);
    return out;
}

} // namespace sim
