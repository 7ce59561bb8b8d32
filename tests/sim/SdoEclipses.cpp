#include "sim/SdoEclipses.h"

#include <QMutex>
#include <QMutexLocker>
#include <cmath>
#include <map>

#include "sim/SolarEphemeris.h"

namespace sim {

namespace {

constexpr double kEarthRadius = 6378137.0; // [m] equatorial (WGS 84)
constexpr double kDay = 86400.0;
constexpr double kBlock = 32 * kDay;       // passages are found and kept per 32-day block

// SDO relative to the Earth's shadow axis at t.
struct ShadowGeometry {
    double behind = 0;   // [m] along the Sun–Earth line, > 0 on the night side
    double off = 0;      // [m] distance from that line
    double umbra = 0;    // [m] umbra radius at that distance
    double penumbra = 0; // [m] penumbra radius
};

ShadowGeometry geometryAt(double t)
{
    const Ephemeris e = SolarEphemeris::at(t);
    const double d = e.earthDistance;
    const double r2 = e.sdoGeocentric[0] * e.sdoGeocentric[0] + e.sdoGeocentric[1] * e.sdoGeocentric[1]
                      + e.sdoGeocentric[2] * e.sdoGeocentric[2];
    // |Earth + SDO|² = D² + 2 Earth·SDO + |SDO|² (heliocentric): Earth·SDO / D is SDO's distance
    // beyond the Earth along the line from the Sun.
    ShadowGeometry g;
    g.behind = (e.dsunObs * e.dsunObs - d * d - r2) / (2.0 * d);
    g.off = std::sqrt(std::max(0.0, r2 - g.behind * g.behind));
    constexpr double rs = SolarEphemeris::kRsunRef;
    g.umbra = kEarthRadius - g.behind * (rs - kEarthRadius) / d;
    g.penumbra = kEarthRadius + g.behind * (rs + kEarthRadius) / d;
    return g;
}

// Vertex of the parabola through f(-h), f(0), f(h), as an offset from the middle point.
double vertexOffset(double fm, double f0, double fp, double h)
{
    const double curvature = fm - 2.0 * f0 + fp;
    if (curvature >= 0.0)
        return 0.0; // not a maximum: keep the middle point
    return std::clamp(h * (fm - fp) / (2.0 * curvature), -h, h);
}

// The time near `guess` when SDO is deepest behind the Earth.
double deepestNear(double guess)
{
    double t = guess;
    for (double h : {900.0, 60.0}) {
        const double fm = geometryAt(t - h).behind, f0 = geometryAt(t).behind, fp = geometryAt(t + h).behind;
        t += vertexOffset(fm, f0, fp, h);
    }
    return t;
}

// The time in [inside, outside] (either order) where `radius` is crossed, to 0.5 s.
template <class Radius>
double crossing(double inside, double outside, Radius radius)
{
    while (std::abs(outside - inside) > 0.5) {
        const double mid = 0.5 * (inside + outside);
        const ShadowGeometry g = geometryAt(mid);
        (g.behind > 0 && g.off < radius(g) ? inside : outside) = mid;
    }
    return 0.5 * (inside + outside);
}

std::vector<ShadowPassage> passagesOfBlock(qint64 block)
{
    const double start = double(block) * kBlock, end = start + kBlock;
    // The first deepest point: a coarse scan of the block's first day.
    double best = start, bestBehind = -1e300;
    for (double t = start; t < start + kDay; t += 1200.0) {
        const double b = geometryAt(t).behind;
        if (b > bestBehind) {
            bestBehind = b;
            best = t;
        }
    }
    std::vector<ShadowPassage> out;
    for (double guess = best; guess < end + kDay; guess += kDay) {
        const double mid = deepestNear(guess);
        guess = mid;
        if (mid < start || mid >= end)
            continue;
        const ShadowGeometry g = geometryAt(mid);
        if (g.behind <= 0 || g.off >= g.penumbra)
            continue;
        auto penumbra = [](const ShadowGeometry &s) { return s.penumbra; };
        auto umbra = [](const ShadowGeometry &s) { return s.umbra; };
        constexpr double reach = 3600.0; // a passage is never longer than two hours
        ShadowPassage p;
        p.penumbraStart = crossing(mid, mid - reach, penumbra);
        p.penumbraEnd = crossing(mid, mid + reach, penumbra);
        if (g.off < g.umbra) {
            p.umbraStart = crossing(mid, mid - reach, umbra);
            p.umbraEnd = crossing(mid, mid + reach, umbra);
        } else {
            p.umbraStart = p.umbraEnd = mid; // grazing: penumbra only
        }
        out.push_back(p);
    }
    return out;
}

const std::vector<ShadowPassage> &passagesOf(qint64 block)
{
    static QMutex mutex;
    static std::map<qint64, std::vector<ShadowPassage>> kept; // nodes never move or change
    QMutexLocker lock(&mutex);
    auto it = kept.find(block);
    if (it == kept.end())
        it = kept.emplace(block, passagesOfBlock(block)).first;
    return it->second;
}

qint64 blockOf(double t)
{
    return qint64(std::floor(t / kBlock));
}

} // namespace

std::vector<ShadowPassage> SdoEclipses::between(double from, double to)
{
    std::vector<ShadowPassage> out;
    if (!(to > from))
        return out;
    for (qint64 b = blockOf(from - kDay); b <= blockOf(to + kDay); ++b)
        for (const ShadowPassage &p : passagesOf(b))
            if (p.penumbraEnd > from && p.penumbraStart < to)
                out.push_back(p);
    return out;
}

const ShadowPassage *SdoEclipses::firstOverlapping(double from, double to)
{
    for (qint64 b = blockOf(from - kDay); b <= blockOf(to + kDay); ++b)
        for (const ShadowPassage &p : passagesOf(b))
            if (p.penumbraEnd > from && p.penumbraStart < to)
                return &p;
    return nullptr;
}

const ShadowPassage *SdoEclipses::at(double t)
{
    for (qint64 b = blockOf(t - kDay); b <= blockOf(t + kDay); ++b)
        for (const ShadowPassage &p : passagesOf(b))
            if (t >= p.penumbraStart && t < p.penumbraEnd)
                return &p;
    return nullptr;
}

} // namespace sim
