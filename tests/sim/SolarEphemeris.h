#pragma once

#include <QDateTime>

// The solar ephemeris of the simulator: where the Sun is seen from Earth and from SDO at a given
// time, and the observer keywords JSOC writes from it (DSUN_OBS, RSUN_OBS, CRLT_OBS, CRLN_OBS,
// CAR_ROT, HGLN_OBS, OBS_VR). One pure function, so every place that writes these keywords
// (rs_list rows, FITS headers) gives the same number for the same time.
//
// Method (formulae written here; the tables are data files in tests/sim/data/, with sources):
//  - the Earth: the VSOP87A series (EphemerisEarth), 0.04" from sunpy's Earth (ERFA epv00);
//  - SDO: an inclined geosynchronous orbit over 102° W whose plane turns under J2, the Moon and
//    the Sun from elements at one epoch (EphemerisSdoOrbit), added to the Earth's position;
//  - the Earth values as sunpy.coordinates.sun gives them: IAU rotational elements of the Sun;
//  - CRLT_OBS/CRLN_OBS/CAR_ROT in JSOC's own convention, Carrington's elements (EphemerisCarrington),
//    which is 0.0819° off the IAU one in longitude — a convention, not an error to correct;
//  - time: DRMS seconds are TAI; TT = TAI + 32.184 s (TDB within 2 ms); Earth rotation uses UTC
//    (from the leap-second table in model/drms/DrmsTime) in place of UT1 (under a second).
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
    double crltObs = 0.0;         // [deg] CRLT_OBS, B0 seen from SDO in JSOC's (Carrington's) convention
    double crlnObs = 0.0;         // [deg] CRLN_OBS in JSOC's convention, 0…360
    double crltIau = 0.0;         // [deg] SDO's heliographic latitude in the IAU/sunpy convention (HGLT_OBS)
    double crlnIau = 0.0;         // [deg] SDO's Carrington longitude in the IAU/sunpy convention, 0…360
    double hglnObs = 0.0;         // [deg] HGLN_OBS, Stonyhurst longitude of SDO (a few 0.01°)
    int carRot = 0;               // CAR_ROT: the rotation CRLN_OBS lies in
    double obsVr = 0.0;           // [m/s] OBS_VR, SDO's velocity away from the Sun centre
    double obsVw = 0.0;           // [m/s] OBS_VW, towards solar west on the sky (~ +30 km/s, the Earth's orbit)
    double obsVn = 0.0;           // [m/s] OBS_VN, towards solar north on the sky
    double sdoGeocentric[3] = {}; // [m] SDO from Earth's centre, equator and equinox of date
    double sdoJ2000[3] = {};      // [m] the same, J2000 equator
};

class SolarEphemeris
{
public:
    // JSOC's reference solar radius (RSUN_REF), which its RSUN_OBS is computed from.
    // (sunpy's sunpy.sun.constants.radius is the IAU 2015 nominal 695,700 km.)
    static constexpr double kRsunRef = 696000000.0;
    static constexpr double kAu = 149597870691.0; // DSUN_REF as JSOC writes it

    // drmsTai: DRMS seconds (TAI, since 1977.01.01_00:00:00_TAI).
    static Ephemeris at(double drmsTai);
    static Ephemeris at(const QDateTime &utc);

    // DRMS TAI seconds of a UTC date-time (leap seconds applied).
    static double drmsTaiOf(const QDateTime &utc);
};

} // namespace sim
