#include "SceneSolarCycle.h"

#include <algorithm>
#include <cmath>

namespace sim {

namespace {

// Hathaway et al.'s cycle profile x^3 / (exp(x^2/b^2) - c) peaks where 3(e^u - c) = 2u e^u,
// u = x^2/b^2; solved once so that b follows from the rise time in the data file.
double peakU(double c)
{
    double lo = 0.01, hi = 1.5;
    for (int i = 0; i < 60; ++i) {
        const double u = 0.5 * (lo + hi);
        (3.0 * (std::exp(u) - c) - 2.0 * u * std::exp(u) > 0 ? lo : hi) = u;
    }
    return 0.5 * (lo + hi);
}

double profile(double x, double b, double c)
{
    return x <= 0 ? 0.0 : x * x * x / (std::exp(x * x / (b * b)) - c);
}

} // namespace

double SceneSolarCycle::yearOfTai(double drmsTai)
{
    return 1977.0 + drmsTai / (365.2425 * 86400.0);
}

double SceneSolarCycle::sunspotNumber(int i, double year) const
{
    const SolarCycleParams &cyc = m_p.cycles[i];
    const double months = (year - cyc.startYear) * 12.0;
    if (months <= 0 || months > m_p.cycleActiveYears * 12.0)
        return 0.0;
    const double u = peakU(m_p.cycleShapeC);
    const double b = cyc.riseYears * 12.0 / std::sqrt(u);
    const double peak = profile(b * std::sqrt(u), b, m_p.cycleShapeC);
    return cyc.peakSunspotNumber * profile(months, b, m_p.cycleShapeC) / peak;
}

double SceneSolarCycle::totalSunspotNumber(double year) const
{
    double s = 0;
    for (int i = 0; i < m_p.cycleCount; ++i)
        s += sunspotNumber(i, year);
    return s;
}

double SceneSolarCycle::emergenceLatitude(int i, double year) const
{
    const double months = std::max(0.0, (year - m_p.cycles[i].startYear) * 12.0);
    return m_p.cycleStartLatitudeDeg * std::exp(-months / m_p.cycleLatitudeDecayMonths);
}

double SceneSolarCycle::northPolarFraction(double year) const
{
    // The polar field a cycle starts with is its northern leading polarity; the cycle's
    // trailing flux cancels it by the maximum and then builds the opposite field over about
    // two years.
    for (int i = m_p.cycleCount - 1; i >= 0; --i) {
        const SolarCycleParams &c = m_p.cycles[i];
        if (year < c.startYear)
            continue;
        const double maximum = c.startYear + c.riseYears;
        if (year >= maximum)
            return -c.leadingPolarityNorth * std::min(1.0, (year - maximum) / 2.0);
        const double rise = (year - c.startYear) / c.riseYears;
        return c.leadingPolarityNorth * (1.0 - rise * rise);
    }
    return 0.0;
}

double SceneSolarCycle::polarHoleLatitude(double year) const
{
    const double strength = std::abs(northPolarFraction(year));
    return 90.0 - (90.0 - m_p.corona.polarHoleLatitudeAtMinimumDeg) * strength;
}

} // namespace sim
