#pragma once

#include "sim/EphemerisVector.h"

// SDO's position from the Earth's centre: a circular geosynchronous orbit at the mean longitude
// it is kept at (102° W), in a plane that turns as physics makes it turn. The elements at one
// epoch are in tests/sim/data/ephemeris_sdo_orbit.txt (with their source); from there the orbit
// normal is carried to any time by the secular (orbit-averaged) torques of the Earth's
// oblateness (J2), the Moon (on its own precessing orbit) and the Sun, which turn an inclined
// geosynchronous plane about the Laplace plane (7.3° from the equator) in about 53 years: SDO's
// inclination went from 27.9° in 2014 to 30.1° in 2020 and its node from 163° to 124°.
namespace sim::ephemeris {

struct SdoState {
    Vec3 position; // [m] from the Earth's centre, J2000 equator
    Vec3 velocity; // [m/s]
};

// jdTt: Julian date (TT), for the plane; jdUt: the same moment in UT (UTC is used for UT1; the
// under-a-second difference moves SDO by at most 3 km along its orbit).
SdoState sdoAt(double jdTt, double jdUt);

} // namespace sim::ephemeris
