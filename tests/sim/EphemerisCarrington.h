#pragma once

#include "sim/EphemerisVector.h"

// Where an observer (heliocentric position, J2000 equator) is on the Sun, in the two conventions
// the simulator needs.
namespace sim::ephemeris {

// sunpy's (sunpy.coordinates.sun.B0/L0, HeliographicStonyhurst/Carrington): the IAU rotational
// elements of the Sun (Archinal et al. 2011): pole at RA 286.13°, Dec 63.87° (ICRS); prime
// meridian W = 84.176° + 14.1844°/day from the node of the solar equator on the ICRS equator,
// d in days from J2000.0 TT, antedated by the light time from the nearest point of the Sun
// (its surface, 695,700 km) to the observer.
struct IauHeliographic {
    double latitude = 0;              // [deg] (B0 for the Earth; HGLT_OBS)
    double carrington = 0;            // [deg] 0…360 (L0 for the Earth)
    double solarEquatorLongitude = 0; // [deg] from the node, not rotating (Stonyhurst differences)
};
IauHeliographic iauHeliographic(const Vec3 &observer, double jdTt);

// JSOC's CRLT_OBS / CRLN_OBS / CAR_ROT (AIA and HMI records; libastro's HeliographicLocation and
// iorbit): Carrington's own elements on the J2000 ecliptic — the solar equator inclined 7.25° with
// its ascending node at 75.76° (fixed), the prime meridian turning 14.1844°/day from Carrington's
// epoch 1854.01.01_12:00_TAI less 0.125°, antedated by the light time from the Sun's centre.
// With the observer positions JSOC writes (HAE*_OBS) this gives every CRLT_OBS and CRLN_OBS in the
// real records of 2011, 2014 and 2020 under ../shared to 1e-5°. It differs from the IAU
// convention by 0.0819° in longitude (the prime meridian's epoch and bias, and light time to the
// centre, not the surface) and by up to 0.0019° in latitude: Carrington's pole is at RA 286.1258°,
// Dec 63.8702°, 0.0019° from the IAU's (286.13°, 63.87° are its rounded values).
struct JsocHeliographic {
    double latitude = 0;   // [deg] CRLT_OBS
    double carrington = 0; // [deg] CRLN_OBS, 0…360
    int rotation = 0;      // CAR_ROT
};
JsocHeliographic jsocHeliographic(const Vec3 &observer, double drmsTai);

// An observer's velocity across the line of sight to the Sun, as JSOC writes OBS_VW / OBS_VN: the
// parts towards solar west (the direction of the solar rotation on the disk, which the Earth's orbit
// also follows: about +30 km/s) and solar north (the IAU pole projected on the sky), in m/s.
struct SkyVelocity {
    double west = 0;
    double north = 0;
};
SkyVelocity skyVelocity(const Vec3 &observer, const Vec3 &velocity);

} // namespace sim::ephemeris
