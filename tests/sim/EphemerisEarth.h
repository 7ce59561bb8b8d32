#pragma once

#include "sim/EphemerisVector.h"

// The Earth's heliocentric position and velocity from the VSOP87A series in
// tests/sim/data/ephemeris_vsop87a_earth.txt (Bretagnon & Francou 1988; Earth itself, the Moon's
// pull included), turned to the J2000 equator (FK5, within 0.02" of ICRS, which sunpy's HCRS
// uses). About 0.04" and 1e-7 of the distance from ERFA's epv00, sunpy's Earth, in 2010–2030.
namespace sim::ephemeris {

struct EarthState {
    Vec3 position; // [m] from the Sun's centre
    Vec3 velocity; // [m/s]
};

// jdTdb: Julian date in TDB (TT is within 2 ms of it, which moves the Earth 60 m).
EarthState earthAt(double jdTdb);

} // namespace sim::ephemeris
