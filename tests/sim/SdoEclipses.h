#pragma once

#include <vector>

// When SDO is in the Earth's shadow. SDO's inclined geosynchronous orbit takes it through the
// shadow once a day in two seasons a year, around the equinoxes; each passage lasts up to about
// 72 minutes. Computed, not tabulated, from the simulator's one ephemeris (SolarEphemeris: Earth
// from the Sun and SDO from the Earth), with a conical shadow of a spherical Earth:
//   umbra radius at SDO = R_earth - d (R_sun - R_earth) / D_sun,
//   penumbra radius     = R_earth + d (R_sun + R_earth) / D_sun,
// d being SDO's distance behind the Earth along the Sun line. Times are DRMS TAI seconds.
namespace sim {

struct ShadowPassage {
    double penumbraStart = 0, umbraStart = 0, umbraEnd = 0, penumbraEnd = 0;
};

class SdoEclipses final
{
public:
    // Passages that overlap [from, to), in time order. Computed per calendar year on first use
    // and kept (about 45 passages a year; the first call for a year costs a few ms).
    static std::vector<ShadowPassage> between(double from, double to);
    // The passage containing t (in its penumbra or umbra), if any.
    static const ShadowPassage *at(double t);
    // The first passage overlapping [from, to), if any (no allocation: called per record).
    static const ShadowPassage *firstOverlapping(double from, double to);
};

} // namespace sim
