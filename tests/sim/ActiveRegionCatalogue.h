#pragma once

#include "SceneParameters.h"

#include <cstdint>
#include <vector>

// The active regions on the whole simulated Sun at a moment. Each one emerges on a day drawn
// from the cycle's activity (Poisson, seeded by the day and the cycle, so any moment can be
// asked for without history), at a butterfly-diagram latitude, as a bipole with Joy's-law tilt
// and Hale's polarity; it grows for a few days, its spots decay linearly (Gnevyshev-Waldmeier),
// its plage disperses over another lifetime, and it drifts in Carrington longitude at the
// differential rotation rate of magnetic features at its latitude.
namespace sim {

struct ActiveRegion {
    uint64_t seed = 0;
    int cycle = 0;              // cycle number (24, 25 ...)
    double emergenceTai = 0;    // DRMS seconds
    double lifetimeDays = 0;    // life of the spots
    double ageDays = 0;
    double latDeg = 0;          // Carrington latitude of the bipole centre
    double lonDeg = 0;          // Carrington longitude of the bipole centre at the asked time
    double tiltDeg = 0;         // leading polarity toward the equator by this much (Joy's law)
    double separationDeg = 0;   // between the two polarities
    int leadingSign = 1;        // sign of the leading (westward) polarity's radial field (Hale)
    double spotAreaMsh = 0;     // total spot area now (both polarities), millionths of a hemisphere
    double spotFieldG = 0;      // peak umbral field
    double plageFieldG = 0;     // plage field now
    double plageRadiusDeg = 0;  // Gaussian radius of each polarity's plage
    double activity = 0;        // 0..1: the region's coronal brightness relative to its prime
};

class ActiveRegionCatalogue
{
public:
    static std::vector<ActiveRegion> at(double drmsTai, const SceneParameters &p);

    // The region's Carrington longitude drift rate [deg/day] (magnetic-feature rotation minus
    // Carrington's rate).
    static double driftDegPerDay(double latDeg, const SceneParameters &p);
};

} // namespace sim
