#include "SolarEphemeris.h"

#include "model/drms/DrmsTime.h"
#include "sim/EphemerisCarrington.h"
#include "sim/EphemerisEarth.h"
#include "sim/EphemerisSdoOrbit.h"
#include "sim/EphemerisVector.h"

#include <cmath>

namespace sim {
namespace {

using namespace ephemeris;

constexpr double kJdOfDrmsEpoch = 2443144.5; // 1977.01.01_00:00:00 (TAI)
constexpr double kTtMinusTai = 32.184;

// J2000 equator → mean equator and equinox of date, with the IAU 1976 precession angles ζ, z, θ
// (Meeus eq. 21.3); only for sdoGeocentric, which is stated of date.
Vec3 j2000ToDate(const Vec3 &v, double jdTt)
{
    const double t = (jdTt - 2451545.0) / 36525.0;
    const double zeta = t * (2306.2181 + t * (0.30188 + t * 0.017998)) / 3600.0;
    const double z = t * (2306.2181 + t * (1.09468 + t * 0.018203)) / 3600.0;
    const double theta = t * (2004.3109 - t * (0.42665 + t * 0.041833)) / 3600.0;
    return axesAboutZ(axesAboutY(axesAboutZ(v, -zeta), theta), -z);
}

// The Carrington rotation number (with fraction) whose longitude is `carrington` near jd, as
// sunpy counts: from JD 2398167.4 (1853 Nov 9, Meeus p. 191) at the mean synodic period of
// 27.2753 d; the fraction is 1 − L0/360 (a rotation begins when L0 passes 360°).
double rotationNumber(double jdTt, double carrington)
{
    const double estimate = (jdTt - 2398167.4) / 27.2753 + 1.0;
    const double fraction = 1.0 - carrington / 360.0;
    return std::round(estimate - fraction) + fraction;
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
    const double jdUt = kJdOfDrmsEpoch + (drmsTai - drms::taiMinusUtc(drmsTai)) / 86400.0;

    // The Earth, geometric (no light time: sunpy's get_earth and JSOC's HAE alike).
    const EarthState earth = earthAt(e.jdTt);
    e.earthDistance = earth.position.norm();
    const IauHeliographic earthOnSun = iauHeliographic(earth.position, e.jdTt);
    e.earthB0 = earthOnSun.latitude;
    e.earthL0 = earthOnSun.carrington;
    e.earthRotation = rotationNumber(e.jdTt, e.earthL0);

    const SdoState sdoFromEarth = sdoAt(e.jdTt, jdUt);
    const Vec3 sdo = earth.position + sdoFromEarth.position;
    const Vec3 sdoVelocity = earth.velocity + sdoFromEarth.velocity;
    const Vec3 ofDate = j2000ToDate(sdoFromEarth.position, e.jdTt);
    e.sdoGeocentric[0] = ofDate.x;
    e.sdoGeocentric[1] = ofDate.y;
    e.sdoGeocentric[2] = ofDate.z;
    e.sdoJ2000[0] = sdoFromEarth.position.x;
    e.sdoJ2000[1] = sdoFromEarth.position.y;
    e.sdoJ2000[2] = sdoFromEarth.position.z;

    e.dsunObs = sdo.norm();
    e.rsunObs = std::asin(kRsunRef / e.dsunObs) / kDeg * 3600.0;
    e.obsVr = sdo.dot(sdoVelocity) / e.dsunObs;
    const SkyVelocity across = skyVelocity(sdo, sdoVelocity);
    e.obsVw = across.west;
    e.obsVn = across.north;
    const IauHeliographic sdoIau = iauHeliographic(sdo, e.jdTt);
    e.crltIau = sdoIau.latitude;
    e.crlnIau = sdoIau.carrington;
    // Stonyhurst longitude is measured from the Earth's meridian at the same moment (no
    // light-time difference, as in sunpy's HeliographicStonyhurst).
    e.hglnObs = wrap180(sdoIau.solarEquatorLongitude - earthOnSun.solarEquatorLongitude);
    const JsocHeliographic sdoJsoc = jsocHeliographic(sdo, drmsTai);
    e.crltObs = sdoJsoc.latitude;
    e.crlnObs = sdoJsoc.carrington;
    e.carRot = sdoJsoc.rotation;
    return e;
}

} // namespace sim
