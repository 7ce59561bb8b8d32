#pragma once

#include <QDateTime>

// The solar ephemeris of the simulator: where the Sun is seen from Earth and from SDO at a given
// time, and the observer keywords JSOC writes from it (DSUN_OBS, RSUN_OBS, CRLT_OBS, CRLN_OBS,
// CAR_ROT, HGLN_OBS, OBS_VR). One pure function, so every place that writes these keywords
// (rs_list rows, FITS headers) gives the same number for the same time.
//
// Method (written here from the published formulae, no ephemeris files):
//  - the Sun's geocentric position: Meeus, "Astronomical Algorithms" (2nd ed.), ch. 25, the
//    low-precision solar coordinates (about 0.01° in longitude, 1e-5 AU in distance);
//  - the Moon's largest terms (Meeus ch. 47) for Earth's swing about the Earth–Moon barycentre
//    (±4,700 km, ±12 m/s);
//  - precession of date → J2000 (IAU 1976 angles, Meeus ch. 21);
//  - the solar rotation axis and Carrington longitude: Carrington's elements (inclination 7.25°,
//    sidereal period 25.38 d; in the IAU form: pole RA 286.13°, Dec 63.87°, W = 84.176° +
//    14.1844°/d, antedated by the light travel time, as sunpy and the Astronomical Almanac);
//  - SDO: a circular, inclined (28.5°) geosynchronous orbit whose figure-eight ground track is
//    centred on 102°W, added to Earth's position (it moves DSUN_OBS by up to ±42,000 km and
//    OBS_VR by up to ±3 km/s over a day);
//  - time: DRMS seconds are TAI; TT = TAI + 32.184 s; Earth rotation uses UTC (from the
//    leap-second table in model/drms/DrmsTime) in place of UT1 (under a second, 0.004°).
namespace sim {

struct Ephemeris {
    double jdTt = 0.0;            // Julian date, TT
    // Earth, as sunpy.coordinates.sun reports it.
    double earthDistance = 0.0;   // [m] Earth–Sun centre distance
    double earthB0 = 0.0;         // [deg] heliographic latitude of Earth (B0)
    double earthL0 = 0.0;         // [deg] Carrington longitude of Earth (L0), 0…360
    double earthRotation = 0.0;   // Carrington rotation number with fraction (sunpy's carrington_rotation_number)
    // SDO, as JSOC writes the observer keywords.
    double dsunObs = 0.0;         // [m] DSUN_OBS
    double rsunObs = 0.0;         // [arcsec] RSUN_OBS = asin(RSUN_REF / DSUN_OBS), RSUN_REF = 696,000 km as JSOC
    double crltObs = 0.0;         // [deg] CRLT_OBS (= HGLT_OBS, B0 seen from SDO)
    double crlnObs = 0.0;         // [deg] CRLN_OBS as JSOC writes it, 0…360 (= crlnIau + kJsocCarringtonOffset)
    double crlnIau = 0.0;         // [deg] SDO's Carrington longitude in the IAU/sunpy convention, 0…360
    double hglnObs = 0.0;         // [deg] HGLN_OBS, Stonyhurst longitude of SDO (a few 0.01°)
    int carRot = 0;               // CAR_ROT: the rotation CRLN_OBS lies in
    double obsVr = 0.0;           // [m/s] OBS_VR, SDO's velocity away from the Sun centre
    double sdoGeocentric[3] = {}; // [m] SDO from Earth's centre, equator and equinox of date
};

class SolarEphemeris
{
public:
    // JSOC's reference solar radius (RSUN_REF), which its RSUN_OBS is computed from.
    // (sunpy's sunpy.sun.constants.radius is the IAU 2015 nominal 695,700 km.)
    static constexpr double kRsunRef = 696000000.0;
    static constexpr double kAu = 149597870691.0; // DSUN_REF as JSOC writes it
    // JSOC's CRLN_OBS (AIA and HMI alike) runs ahead of the IAU/sunpy apparent Carrington
    // longitude by this much: 0.0772°–0.0785° in the real records of 2011-02-15, 2014-01-01 and
    // 2014-03-01 under ../shared (sunpy issues #3038/#3057 note the arcminute-level difference).
    // It is close to the Sun's rotation during the light travel time (0.082°) but its cause is
    // not documented, so it is applied as the measured constant.
    static constexpr double kJsocCarringtonOffset = 0.078; // [deg]

    // drmsTai: DRMS seconds (TAI, since 1977.01.01_00:00:00_TAI).
    static Ephemeris at(double drmsTai);
    static Ephemeris at(const QDateTime &utc);

    // DRMS TAI seconds of a UTC date-time (leap seconds applied).
    static double drmsTaiOf(const QDateTime &utc);
};

} // namespace sim
