#include "ActiveRegionCatalogue.h"

#include "SceneNoise.h"
#include "SceneSolarCycle.h"

#include <algorithm>
#include <cmath>

namespace sim {

namespace {

constexpr double kDay = 86400.0;

// A small deterministic random stream for one (day, cycle) cell.
struct Draws {
    uint64_t state;
    double uniform() { return noise::unit(noise::hash64(state++)); }
    double gaussian()
    {
        const double u1 = std::max(1e-12, uniform()), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    int poisson(double mean)
    {
        const double limit = std::exp(-mean);
        double prod = uniform();
        int n = 0;
        while (prod > limit && n < 50) {
            prod *= uniform();
            ++n;
        }
        return n;
    }
};

double smooth01(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

} // namespace

double ActiveRegionCatalogue::driftDegPerDay(double latDeg, const SceneParameters &p)
{
    return p.magneticRotation.sidereal(std::sin(latDeg * M_PI / 180.0)) - p.carringtonSiderealDegPerDay;
}

std::vector<ActiveRegion> ActiveRegionCatalogue::at(double tai, const SceneParameters &p)
{
    const ActiveRegionRules &r = p.regions;
    const SceneSolarCycle cycle(p);
    const double nowDays = tai / kDay;
    const double longestLife = r.maxLifetimeDays * (1.0 + r.decayedPlageLifetimes);
    std::vector<ActiveRegion> out;
    for (long day = long(std::floor(nowDays - longestLife)); day <= long(std::floor(nowDays)); ++day) {
        const double year = SceneSolarCycle::yearOfTai(day * kDay);
        for (int ci = 0; ci < p.cycleCount; ++ci) {
            const double sunspots = cycle.sunspotNumber(ci, year);
            if (sunspots <= 0)
                continue;
            Draws d{noise::hash64(uint64_t(day) * 0x100000001b3ULL ^ uint64_t(p.cycles[ci].number) << 56)};
            const int count = d.poisson(r.emergencePerDayPerSunspotNumber * sunspots);
            for (int k = 0; k < count; ++k) {
                ActiveRegion a;
                a.seed = d.state * 0x2545f4914f6cdd1dULL;
                a.cycle = p.cycles[ci].number;
                a.emergenceTai = (day + d.uniform()) * kDay;
                a.lifetimeDays = std::min(r.maxLifetimeDays,
                                          r.lifetimeMedianDays * std::exp(r.lifetimeSigmaLn * d.gaussian()));
                const double north = d.uniform() < 0.5 ? 1.0 : -1.0;
                const double absLat = std::clamp(cycle.emergenceLatitude(ci, year)
                                                     + p.cycleLatitudeScatterDeg * d.gaussian(), 2.0, 50.0);
                const double lon0 = 360.0 * d.uniform();
                const double tiltScatter = r.tiltScatterDeg * d.gaussian();
                const double fieldDraw = d.uniform();
                a.ageDays = (tai - a.emergenceTai) / kDay;
                if (a.ageDays < 0 || a.ageDays > a.lifetimeDays * (1.0 + r.decayedPlageLifetimes))
                    continue;
                a.latDeg = north * absLat;
                a.lonDeg = std::fmod(lon0 + driftDegPerDay(a.latDeg, p) * a.ageDays, 360.0);
                if (a.lonDeg < 0)
                    a.lonDeg += 360.0;
                a.tiltDeg = r.joyTiltPerLatitude * absLat + tiltScatter;
                a.leadingSign = int(north) * p.cycles[ci].leadingPolarityNorth;

                const double peakArea = r.spotAreaMshPerLifetimeDay * a.lifetimeDays;
                a.separationDeg = r.separationBaseDeg + r.separationPerSqrtMsh * std::sqrt(peakArea);
                // Flux emerges over a few days; the spots then shrink linearly to nothing by the
                // end of the lifetime while the plage spreads and fades for a further lifetime.
                const double rise = std::min(r.riseDaysMax, r.riseFractionOfLife * a.lifetimeDays);
                const double grown = smooth01(a.ageDays / rise);
                const double spotLeft = a.ageDays < rise ? grown
                    : std::max(0.0, 1.0 - (a.ageDays - rise) / (a.lifetimeDays - rise));
                const double afterLife = std::max(0.0, a.ageDays - a.lifetimeDays) / (r.decayedPlageLifetimes * a.lifetimeDays);
                a.spotAreaMsh = peakArea * (spotLeft > r.spotsLastUntilFluxFraction ? spotLeft : 0.0);
                const double fieldScale = std::min(1.0, std::sqrt(peakArea / r.spotFieldAreaForMaxMsh));
                a.spotFieldG = r.spotFieldMinG + (r.spotFieldMaxG - r.spotFieldMinG) * (0.7 * fieldScale + 0.3 * fieldDraw);
                const double spread = 1.0 + a.ageDays / a.lifetimeDays;
                a.plageRadiusDeg = r.plageRadiusPerSeparation * a.separationDeg * spread * 0.5;
                const double plageFlux = grown * (1.0 - 0.5 * std::min(1.0, a.ageDays / a.lifetimeDays)) * (1.0 - afterLife);
                a.plageFieldG = r.plageFieldG * plageFlux / (spread * spread); // flux kept as it spreads
                a.activity = grown * std::pow(std::max(0.0, 1.0 - 0.7 * std::min(1.0, a.ageDays / a.lifetimeDays) - 0.3 * afterLife), 1.5)
                    * std::min(1.0, std::sqrt(peakArea / 300.0));
                out.push_back(a);
            }
        }
    }
    return out;
}

} // namespace sim
