#include "sim/EphemerisSdoOrbit.h"

#include "sim/EphemerisDataFile.h"

#include <QHash>
#include <algorithm>
#include <vector>

namespace sim::ephemeris {
namespace {

// Physical constants (IERS Conventions 2010 / IAU 2009 system).
constexpr double kEarthRotation = 7.292115e-5;        // [rad/s] sidereal
constexpr double kJ2 = 1.0826359e-3;                  // Earth's oblateness
constexpr double kEarthRadius = 6378136.6;            // [m] equatorial
constexpr double kGmSun = 1.32712440041e20;           // [m³/s²]
constexpr double kGmMoon = 4.9028e12;                 // [m³/s²]
constexpr double kAu = 149597870700.0;                // [m]
constexpr double kSunEccentricity = 0.0167;           // the Earth's orbit
constexpr double kMoonDistance = 384399e3;            // [m] semi-major axis
constexpr double kMoonEccentricity = 0.0549;
constexpr double kMoonInclination = 5.145;            // [deg] to the ecliptic
constexpr double kObliquityJ2000 = 84381.406 / 3600.0; // [deg] IAU 2006
constexpr double kPrecessionInRa = 46.124 / 3600.0;   // [deg per Julian year] m, equinox of date vs J2000
constexpr double kDay = 86400.0;

struct Elements {
    double epochJdTt = 0, inclination = 0, node = 0, meanLongitude = 0, radius = 0; // deg, m
};

Elements elements()
{
    QHash<QString, double> v;
    for (const QStringList &f : dataFileRows("ephemeris_sdo_orbit.txt"))
        if (f.size() >= 2)
            v.insert(f.at(0), f.at(1).toDouble());
    for (const char *key : {"epoch_jd_tt", "inclination", "ascending_node", "mean_longitude", "semi_major_axis"})
        if (!v.contains(QLatin1String(key)))
            qFatal("jsoc-sim: ephemeris_sdo_orbit.txt lacks %s", key);
    return {v.value(QStringLiteral("epoch_jd_tt")), v.value(QStringLiteral("inclination")),
            v.value(QStringLiteral("ascending_node")), v.value(QStringLiteral("mean_longitude")),
            v.value(QStringLiteral("semi_major_axis")) * 1000.0};
}

Vec3 eclipticToEquator(const Vec3 &v) { return axesAboutX(v, -kObliquityJ2000); }

// The Moon's orbit normal (J2000 equator): 5.145° from the ecliptic pole about its regressing
// node (Meeus, "Astronomical Algorithms", eq. 47.7).
Vec3 moonPole(double jdTt)
{
    const double t = (jdTt - 2451545.0) / 36525.0;
    const double node = (125.0445479 - 1934.1362891 * t) * kDeg, i = kMoonInclination * kDeg;
    return eclipticToEquator({std::sin(i) * std::sin(node), -std::sin(i) * std::cos(node), std::cos(i)});
}

// Secular rate of the orbit normal p of a circular orbit of radius a: each quadrupole source
// with pole q turns p about q at ω (p·q), ω = 3/2 n J2 (R/a)² for the Earth's figure and
// 3/4 GM/(d³ (1−e²)^{3/2}) / n for a body at distance d (the orbit-averaged third-body torque).
struct Torques {
    double earth = 0, sun = 0, moon = 0; // [rad/s]
};

Vec3 poleRate(const Vec3 &p, double jdTt, const Torques &w)
{
    static const Vec3 earthPole{0, 0, 1};
    static const Vec3 eclipticPole = eclipticToEquator({0, 0, 1});
    const Vec3 moon = moonPole(jdTt);
    Vec3 rate;
    for (const auto &[omega, q] : {std::pair{w.earth, earthPole}, std::pair{w.sun, eclipticPole}, std::pair{w.moon, moon}})
        rate = rate - q.cross(p) * (omega * p.dot(q));
    return rate;
}

// The orbit normal once a day from 1990 to 2060, integrated (RK4) from the epoch both ways;
// outside those years the plane is held at the nearest end.
struct PoleTable {
    double firstJd = 0;
    std::vector<Vec3> poles;
    Elements elements;
};

const PoleTable &poleTable()
{
    static const PoleTable table = [] {
        PoleTable t;
        t.elements = elements();
        const Elements &e = t.elements;
        const double n = kEarthRotation;
        Torques w;
        w.earth = 1.5 * n * kJ2 * (kEarthRadius / e.radius) * (kEarthRadius / e.radius);
        w.sun = 0.75 * kGmSun / (kAu * kAu * kAu) / n / std::pow(1 - kSunEccentricity * kSunEccentricity, 1.5);
        w.moon = 0.75 * kGmMoon / (kMoonDistance * kMoonDistance * kMoonDistance) / n
                 / std::pow(1 - kMoonEccentricity * kMoonEccentricity, 1.5);
        const Vec3 p0{std::sin(e.inclination * kDeg) * std::sin(e.node * kDeg),
                      -std::sin(e.inclination * kDeg) * std::cos(e.node * kDeg), std::cos(e.inclination * kDeg)};
        t.firstJd = 2447892.5;                          // 1990-01-01
        const int days = int(2473459.5 - t.firstJd) + 1; // to 2060-01-01
        if (e.epochJdTt <= t.firstJd || e.epochJdTt >= t.firstJd + days - 1)
            qFatal("jsoc-sim: the epoch of ephemeris_sdo_orbit.txt is outside 1990-2060");
        t.poles.resize(size_t(days));
        const int epochIndex = int(std::floor(e.epochJdTt) - t.firstJd);
        auto step = [&](Vec3 p, double jd, double h) {
            const double dt = h * kDay;
            const Vec3 k1 = poleRate(p, jd, w);
            const Vec3 k2 = poleRate(p + k1 * (dt / 2), jd + h / 2, w);
            const Vec3 k3 = poleRate(p + k2 * (dt / 2), jd + h / 2, w);
            const Vec3 k4 = poleRate(p + k3 * dt, jd + h, w);
            return (p + (k1 + k2 * 2 + k3 * 2 + k4) * (dt / 6)).unit();
        };
        // Carry the epoch's pole to the table node at or before it, then out both ways.
        const double epochNode = t.firstJd + epochIndex;
        t.poles[size_t(epochIndex)] = step(p0, e.epochJdTt, epochNode - e.epochJdTt);
        for (int i = epochIndex + 1; i < days; ++i)
            t.poles[size_t(i)] = step(t.poles[size_t(i - 1)], t.firstJd + i - 1, 1.0);
        for (int i = epochIndex - 1; i >= 0; --i)
            t.poles[size_t(i)] = step(t.poles[size_t(i + 1)], t.firstJd + i + 1, -1.0);
        return t;
    }();
    return table;
}

Vec3 poleAt(const PoleTable &t, double jdTt)
{
    const double x = std::clamp(jdTt - t.firstJd, 0.0, double(t.poles.size() - 1) - 1e-9);
    const size_t i = size_t(x);
    const double f = x - double(i);
    return (t.poles[i] * (1 - f) + t.poles[std::min(i + 1, t.poles.size() - 1)] * f).unit();
}

// Greenwich mean sidereal time [deg] (Meeus eq. 12.4).
double greenwichSiderealTime(double jdUt)
{
    const double d = jdUt - 2451545.0;
    const double t = d / 36525.0;
    return wrap360(280.46061837 + 360.98564736629 * d + t * t * (0.000387933 - t / 38710000.0));
}

} // namespace

SdoState sdoAt(double jdTt, double jdUt)
{
    const PoleTable &table = poleTable();
    const Elements &e = table.elements;
    const Vec3 pole = poleAt(table, jdTt);
    const double node = std::atan2(pole.x, -pole.y) / kDeg;
    // Geosynchronous: node + argument of latitude − sidereal time stays at the mean longitude
    // (sidereal time counts from the equinox of date; the node from J2000's).
    const double years = (jdTt - 2451545.0) / 365.25;
    const double u = (e.meanLongitude + greenwichSiderealTime(jdUt) - kPrecessionInRa * years - node) * kDeg;
    const Vec3 toNode{std::cos(node * kDeg), std::sin(node * kDeg), 0.0};
    const Vec3 inPlane = pole.cross(toNode);
    SdoState s;
    s.position = (toNode * std::cos(u) + inPlane * std::sin(u)) * e.radius;
    s.velocity = (toNode * -std::sin(u) + inPlane * std::cos(u)) * (e.radius * kEarthRotation);
    return s;
}

} // namespace sim::ephemeris
