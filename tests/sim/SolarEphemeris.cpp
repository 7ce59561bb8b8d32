#include "SolarEphemeris.h"

#include "model/drms/DrmsTime.h"

#include <cmath>

namespace sim {
namespace {

constexpr double kDeg = M_PI / 180.0;
constexpr double kJdOfDrmsEpoch = 2443144.5; // 1977.01.01_00:00:00 (TAI)
constexpr double kTtMinusTai = 32.184;
constexpr double kAuMetres = 149597870700.0; // IAU 2012, for the ephemeris in AU

// SDO's orbit (geosynchronous, inclined): radius, inclination, ground-track centre, and the
// right ascension of the ascending node (RAAN). The node is fitted to the SDO positions in
// real AIA/HMI headers of 2011–2014 (HAE*_OBS minus Earth); it drifts slowly in reality.
constexpr double kSdoRadius = 42164.2e3;   // [m]
constexpr double kSdoInclination = 28.5;   // [deg]
constexpr double kSdoLongitude = -102.0;   // [deg] east
constexpr double kSdoNode = 175.0;         // [deg] RAAN

double wrap360(double deg)
{
    const double r = std::fmod(deg, 360.0);
    return r < 0 ? r + 360.0 : r;
}

double wrap180(double deg)
{
    const double r = wrap360(deg);
    return r > 180.0 ? r - 360.0 : r;
}

struct Vec {
    double x = 0, y = 0, z = 0;
    Vec operator+(const Vec &o) const { return {x + o.x, y + o.y, z + o.z}; }
    Vec operator-() const { return {-x, -y, -z}; }
    double dot(const Vec &o) const { return x * o.x + y * o.y + z * o.z; }
    double norm() const { return std::sqrt(dot(*this)); }
};

// The Sun seen from Earth's centre (Meeus ch. 25, low precision): geometric (true) longitude on
// the ecliptic and mean equinox of date, and distance. No aberration: sunpy's B0/L0 and
// heliographic frames use the geometric Earth position.
struct SunFromEarth {
    double trueLongitude = 0; // [deg]
    double distance = 0;      // [m]
};

SunFromEarth sunFromEarth(double jdTt)
{
    const double t = (jdTt - 2451545.0) / 36525.0;
    const double meanLongitude = 280.46646 + t * (36000.76983 + t * 0.0003032);
    const double meanAnomaly = 357.52911 + t * (35999.05029 - t * 0.0001537);
    const double e = 0.016708634 - t * (0.000042037 + t * 0.0000001267);
    const double m = meanAnomaly * kDeg;
    const double centre = (1.914602 - t * (0.004817 + t * 0.000014)) * std::sin(m)
        + (0.019993 - t * 0.000101) * std::sin(2 * m) + 0.000289 * std::sin(3 * m);
    const double trueAnomaly = (meanAnomaly + centre) * kDeg;
    SunFromEarth s;
    s.trueLongitude = wrap360(meanLongitude + centre);
    s.distance = kAuMetres * 1.000001018 * (1 - e * e) / (1 + e * std::cos(trueAnomaly));
    return s;
}

double meanObliquity(double jdTt)
{
    const double t = (jdTt - 2451545.0) / 36525.0;
    return 23.439291111 - t * (0.0130041667 + t * (1.639e-7 - t * 5.036e-7));
}

// Rotations of the coordinate axes (angle in degrees) about z and y.
Vec axesAboutZ(const Vec &v, double deg)
{
    const double c = std::cos(deg * kDeg), s = std::sin(deg * kDeg);
    return {c * v.x + s * v.y, -s * v.x + c * v.y, v.z};
}

Vec axesAboutY(const Vec &v, double deg)
{
    const double c = std::cos(deg * kDeg), s = std::sin(deg * kDeg);
    return {c * v.x - s * v.z, v.y, s * v.x + c * v.z};
}

// Mean equator and equinox of date → J2000 (≈ ICRS; the 0.02″ frame bias is ignored), with
// the IAU 1976 precession angles ζ, z, θ (Meeus eq. 21.3), applied in reverse.
Vec dateToJ2000(const Vec &v, double jdTt)
{
    const double t = (jdTt - 2451545.0) / 36525.0;
    const double zeta = t * (2306.2181 + t * (0.30188 + t * 0.017998)) / 3600.0;
    const double z = t * (2306.2181 + t * (1.09468 + t * 0.018203)) / 3600.0;
    const double theta = t * (2004.3109 - t * (0.42665 + t * 0.041833)) / 3600.0;
    return axesAboutZ(axesAboutY(axesAboutZ(v, z), -theta), zeta);
}

// Ecliptic of date → mean equator of date.
Vec eclipticToEquatorial(const Vec &v, double obliquityDeg)
{
    const double c = std::cos(obliquityDeg * kDeg), s = std::sin(obliquityDeg * kDeg);
    return {v.x, c * v.y - s * v.z, s * v.y + c * v.z};
}

// The Moon from Earth's centre, ecliptic of date [m]: the largest terms of Meeus ch. 47
// (about 0.1° and 300 km), enough for the Earth's 4,700 km monthly swing about the
// Earth–Moon barycentre, which the solar formula above describes.
Vec moonFromEarth(double jdTt)
{
    const double t = (jdTt - 2451545.0) / 36525.0;
    const double meanLongitude = 218.3164477 + 481267.88123421 * t;
    const double d = (297.8501921 + 445267.1114034 * t) * kDeg; // elongation
    const double m = (357.5291092 + 35999.0502909 * t) * kDeg;  // Sun's anomaly
    const double mm = (134.9633964 + 477198.8675055 * t) * kDeg; // Moon's anomaly
    const double f = (93.2720950 + 483202.0175233 * t) * kDeg;  // argument of latitude
    const double lon = (meanLongitude + 6.288774 * std::sin(mm) + 1.274027 * std::sin(2 * d - mm)
                        + 0.658314 * std::sin(2 * d) + 0.213618 * std::sin(2 * mm) - 0.185116 * std::sin(m)
                        - 0.114332 * std::sin(2 * f)) * kDeg;
    const double lat = (5.128122 * std::sin(f) + 0.280602 * std::sin(mm + f) + 0.277693 * std::sin(mm - f)
                        + 0.173237 * std::sin(2 * d - f)) * kDeg;
    const double dist = 1000.0 * (385000.56 - 20905.355 * std::cos(mm) - 3699.111 * std::cos(2 * d - mm)
                                  - 2955.968 * std::cos(2 * d) - 569.925 * std::cos(2 * mm));
    return {dist * std::cos(lat) * std::cos(lon), dist * std::cos(lat) * std::sin(lon), dist * std::sin(lat)};
}

// Earth's heliocentric position, mean equator and equinox of date [m].
Vec earthFromSun(double jdTt)
{
    constexpr double earthMoonMassRatio = 81.300568;
    const SunFromEarth s = sunFromEarth(jdTt);
    const double l = s.trueLongitude * kDeg;
    const Vec barycentre{-s.distance * std::cos(l), -s.distance * std::sin(l), 0.0};
    const Vec moon = moonFromEarth(jdTt);
    const double k = -1.0 / (1.0 + earthMoonMassRatio);
    const Vec earth{barycentre.x + k * moon.x, barycentre.y + k * moon.y, barycentre.z + k * moon.z};
    return eclipticToEquatorial(earth, meanObliquity(jdTt));
}

// Greenwich mean sidereal time [deg] (Meeus eq. 12.4), jdUt ≈ UT1.
double greenwichSiderealTime(double jdUt)
{
    const double d = jdUt - 2451545.0;
    const double t = d / 36525.0;
    return wrap360(280.46061837 + 360.98564736629 * d + t * t * (0.000387933 - t / 38710000.0));
}

// SDO from Earth's centre, mean equator and equinox of date [m].
Vec sdoFromEarth(double jdUt)
{
    // Geosynchronous: the argument of latitude turns with the Earth so that the mean
    // sub-satellite longitude (node + u − GMST) stays at kSdoLongitude.
    const double u = (kSdoLongitude + greenwichSiderealTime(jdUt) - kSdoNode) * kDeg;
    const double node = kSdoNode * kDeg, inc = kSdoInclination * kDeg;
    const double cu = std::cos(u), su = std::sin(u), cn = std::cos(node), sn = std::sin(node);
    return {kSdoRadius * (cn * cu - sn * su * std::cos(inc)),
            kSdoRadius * (sn * cu + cn * su * std::cos(inc)),
            kSdoRadius * su * std::sin(inc)};
}

// An observer's heliographic latitude and Carrington longitude from its heliocentric position
// (J2000 equator), with the IAU rotational elements of the Sun (Archinal et al. 2011): north
// pole at RA 286.13°, Dec 63.87°; prime meridian W = 84.176° + 14.1844°/day·d from the node of
// the solar equator on the J2000 equator, d in days from J2000.0 (TT). W is antedated by the
// light travel time from the nearest point of the Sun (surface, 695,700 km) to the observer,
// so that L0 is the Carrington longitude of the disc centre the observer sees; this is the
// 25.38-day sidereal Carrington rotation, in the form sunpy and the Astronomical Almanac use.
struct Heliographic {
    double latitude = 0;   // [deg]
    double carrington = 0; // [deg] 0…360
    double solarEquatorLongitude = 0; // [deg] from the node, not rotating (Stonyhurst differences)
};

Heliographic heliographic(const Vec &observer, double jdTt)
{
    constexpr double poleRa = 286.13 * kDeg, poleDec = 63.87 * kDeg;
    constexpr double lightSpeed = 299792458.0, solarSurface = 695700e3;
    const Vec pole{std::cos(poleDec) * std::cos(poleRa), std::cos(poleDec) * std::sin(poleRa), std::sin(poleDec)};
    const Vec node{std::cos(poleRa + M_PI / 2), std::sin(poleRa + M_PI / 2), 0.0}; // on both equators
    const Vec east{pole.y * node.z - pole.z * node.y, pole.z * node.x - pole.x * node.z, pole.x * node.y - pole.y * node.x};
    const double r = observer.norm();
    const double d = jdTt - 2451545.0 - (r - solarSurface) / lightSpeed / 86400.0;
    const double meridian = 84.176 + 14.1844 * d;
    Heliographic h;
    h.latitude = std::asin(observer.dot(pole) / r) / kDeg;
    h.solarEquatorLongitude = std::atan2(observer.dot(east), observer.dot(node)) / kDeg;
    h.carrington = wrap360(h.solarEquatorLongitude - meridian);
    return h;
}

// The Carrington rotation number (with fraction) whose longitude is `carrington` near jd:
// rotations are counted from JD 2398167.4 (1853 Nov 9, Meeus p. 191) at the mean synodic
// period of 27.2753 d; the fraction is 1 − L0/360 (a rotation begins when L0 passes 360°).
double rotationNumber(double jdTt, double carrington)
{
    const double estimate = (jdTt - 2398167.4) / 27.2753 + 1.0;
    const double fraction = 1.0 - carrington / 360.0;
    return std::round(estimate - fraction) + fraction;
}

struct Positions {
    Vec earth; // heliocentric, J2000 equator [m]
    Vec sdo;   // heliocentric, J2000 equator [m]
    Vec sdoGeocentricOfDate; // [m]
};

Positions positions(double drmsTai)
{
    const double jdTt = kJdOfDrmsEpoch + (drmsTai + kTtMinusTai) / 86400.0;
    const double jdUt = kJdOfDrmsEpoch + (drmsTai - drms::taiMinusUtc(drmsTai)) / 86400.0;
    Positions p;
    p.sdoGeocentricOfDate = sdoFromEarth(jdUt);
    const Vec earthOfDate = earthFromSun(jdTt);
    p.earth = dateToJ2000(earthOfDate, jdTt);
    p.sdo = dateToJ2000(earthOfDate + p.sdoGeocentricOfDate, jdTt);
    return p;
}

} // namespace

double SolarEphemeris::drmsTaiOf(const QDateTime &utc)
{
    const double utcSeconds = double(utc.toMSecsSinceEpoch()) / 1000.0
        - double(QDateTime(QDate(1977, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch());
    // TAI−UTC is looked up at a TAI time; at the UTC value it is off by at most one leap
    // second right at an insertion, so look up twice.
    const double first = utcSeconds + drms::taiMinusUtc(utcSeconds);
    return utcSeconds + drms::taiMinusUtc(first);
}

Ephemeris SolarEphemeris::at(const QDateTime &utc)
{
    return at(drmsTaiOf(utc));
}

Ephemeris SolarEphemeris::at(double drmsTai)
{
    Ephemeris e;
    e.jdTt = kJdOfDrmsEpoch + (drmsTai + kTtMinusTai) / 86400.0;
    const Positions p = positions(drmsTai);

    e.earthDistance = p.earth.norm();
    const Heliographic earth = heliographic(p.earth, e.jdTt);
    e.earthB0 = earth.latitude;
    e.earthL0 = earth.carrington;
    e.earthRotation = rotationNumber(e.jdTt, e.earthL0);

    e.sdoGeocentric[0] = p.sdoGeocentricOfDate.x;
    e.sdoGeocentric[1] = p.sdoGeocentricOfDate.y;
    e.sdoGeocentric[2] = p.sdoGeocentricOfDate.z;
    const Heliographic sdo = heliographic(p.sdo, e.jdTt);
    e.dsunObs = p.sdo.norm();
    e.rsunObs = std::asin(kRsunRef / e.dsunObs) / kDeg * 3600.0;
    e.crltObs = sdo.latitude;
    e.crlnIau = sdo.carrington;
    e.crlnObs = wrap360(sdo.carrington + kJsocCarringtonOffset);
    // Stonyhurst longitude is measured from the Earth's meridian at the same moment (no
    // light-time difference, as in sunpy's HeliographicStonyhurst).
    e.hglnObs = wrap180(sdo.solarEquatorLongitude - earth.solarEquatorLongitude);
    e.carRot = int(std::floor(rotationNumber(e.jdTt, e.crlnObs)));
    // Radial velocity: the change of SDO's distance over ±5 s (Earth's orbit and SDO's).
    constexpr double dt = 5.0;
    e.obsVr = (positions(drmsTai + dt).sdo.norm() - positions(drmsTai - dt).sdo.norm()) / (2 * dt);
    return e;
}

} // namespace sim
