#include "sim/EphemerisCarrington.h"

namespace sim::ephemeris {
namespace {

constexpr double kLightSpeed = 299792458.0; // [m/s]
constexpr double kDay = 86400.0;

} // namespace

IauHeliographic iauHeliographic(const Vec3 &observer, double jdTt)
{
    constexpr double poleRa = 286.13, poleDec = 63.87;
    constexpr double w0 = 84.176, rate = 14.1844; // [deg], [deg/day]
    constexpr double solarSurface = 695700e3;     // [m] IAU 2015 nominal radius, as sunpy
    const Vec3 pole = direction(poleRa, poleDec);
    const Vec3 node = direction(poleRa + 90.0, 0.0); // on both equators
    const Vec3 east = pole.cross(node);
    const double r = observer.norm();
    const double d = jdTt - 2451545.0 - (r - solarSurface) / kLightSpeed / kDay;
    IauHeliographic h;
    h.latitude = std::asin(observer.dot(pole) / r) / kDeg;
    h.solarEquatorLongitude = std::atan2(observer.dot(east), observer.dot(node)) / kDeg;
    h.carrington = wrap360(h.solarEquatorLongitude - (w0 + rate * d));
    return h;
}

JsocHeliographic jsocHeliographic(const Vec3 &observer, double drmsTai)
{
    constexpr double obliquityJ2000 = 84381.406 / 3600.0; // [deg]
    constexpr double node = 75.76, inclination = 7.25;     // [deg] on the J2000 ecliptic
    constexpr double rate = 14.1844;                       // [deg/day]
    constexpr double epoch = -3881476800.0;                // 1854.01.01_12:00_TAI (DRMS seconds)
    constexpr double meridianAtEpoch = -0.125;             // [deg]
    constexpr double synodicPeriod = 27.275311 * kDay;     // JSOC's, for counting rotations
    // Ecliptic J2000, then axes with x at the solar equator's ascending node, z at its pole.
    const Vec3 solar = axesAboutX(axesAboutZ(axesAboutX(observer, obliquityJ2000), node), inclination);
    const double r = observer.norm();
    const double t = drmsTai - r / kLightSpeed - epoch;
    JsocHeliographic h;
    h.latitude = std::asin(solar.z / r) / kDeg;
    h.carrington = wrap360(std::atan2(solar.y, solar.x) / kDeg - (rate * t / kDay + meridianAtEpoch));
    // A rotation starts when the longitude passes 360°: the count whose start lies nearest the
    // estimate from the mean synodic period (two rotations were done before the epoch).
    const double estimate = 3.0 + t / synodicPeriod;
    h.rotation = int(std::lround(estimate - (1.0 - h.carrington / 360.0)));
    return h;
}

SkyVelocity skyVelocity(const Vec3 &observer, const Vec3 &velocity)
{
    const Vec3 fromSun = observer * (1.0 / observer.norm());
    const Vec3 pole = direction(286.13, 63.87);
    Vec3 north = pole - fromSun * pole.dot(fromSun);
    north = north * (1.0 / north.norm());
    // Looking at the Sun (along -fromSun) with north up, west is to the right: (-fromSun) x north.
    const Vec3 west = north.cross(fromSun);
    return SkyVelocity{velocity.dot(west), velocity.dot(north)};
}

} // namespace sim::ephemeris
