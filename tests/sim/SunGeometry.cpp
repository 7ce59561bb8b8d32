#include "sim/SunGeometry.h"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
constexpr double kArcsec = kPi / (180.0 * 3600.0);

} // namespace

std::optional<SunGeometry> SunGeometry::of(const FitsPlane &h)
{
    SunGeometry g;
    const auto crpix1 = h.number("CRPIX1"), crpix2 = h.number("CRPIX2"), cdelt1 = h.number("CDELT1");
    const auto dsun = h.number("DSUN_OBS"), crln = h.number("CRLN_OBS"), crlt = h.number("CRLT_OBS");
    if (!crpix1 || !crpix2 || !cdelt1 || !dsun || !crln || !crlt || *cdelt1 == 0 || *dsun <= 0)
        return std::nullopt;
    g.crpix1 = *crpix1;
    g.crpix2 = *crpix2;
    g.cdelt1 = *cdelt1;
    g.cdelt2 = h.number("CDELT2").value_or(*cdelt1);
    g.crval1 = h.number("CRVAL1").value_or(0.0);
    g.crval2 = h.number("CRVAL2").value_or(0.0);
    g.crota2 = h.number("CROTA2").value_or(0.0);
    g.dsunObs = *dsun;
    g.rsunRef = h.number("RSUN_REF").value_or(6.96e8);
    g.crlnObs = *crln;
    g.crltObs = *crlt;
    return g;
}

SunGeometry::Sky SunGeometry::skyAt(double p1, double p2) const
{
    const double c = std::cos(crota2 * kDeg), s = std::sin(crota2 * kDeg);
    const double u = (p1 - crpix1) * cdelt1, v = (p2 - crpix2) * cdelt2;
    return {crval1 + u * c - v * s, crval2 + u * s + v * c};
}

void SunGeometry::pixelOf(const Sky &sky, double *p1, double *p2) const
{
    const double c = std::cos(crota2 * kDeg), s = std::sin(crota2 * kDeg);
    const double dx = sky.x - crval1, dy = sky.y - crval2;
    *p1 = crpix1 + (dx * c + dy * s) / cdelt1;
    *p2 = crpix2 + (dy * c - dx * s) / cdelt2;
}

double SunGeometry::rsunArcsec() const
{
    return std::asin(rsunRef / dsunObs) / kArcsec;
}

std::optional<SunGeometry::Surface> SunGeometry::surfaceAt(const Sky &sky) const
{
    // The line of sight from the observer meets the sphere at distance d (nearer root).
    const double tx = sky.x * kArcsec, ty = sky.y * kArcsec;
    const double D = dsunObs, R = rsunRef;
    const double k = std::cos(ty) * std::cos(tx);
    const double disc = D * D * k * k - D * D + R * R;
    if (disc < 0)
        return std::nullopt;
    const double d = D * k - std::sqrt(disc);
    // Heliocentric cartesian: z towards the observer, y north in the image plane.
    const double x = d * std::cos(ty) * std::sin(tx);
    const double y = d * std::sin(ty);
    const double z = D - d * k;
    const double b0 = crltObs * kDeg;
    const double lat = std::asin(std::clamp((y * std::cos(b0) + z * std::sin(b0)) / R, -1.0, 1.0));
    const double dlon = std::atan2(x, z * std::cos(b0) - y * std::sin(b0));
    double lon = crlnObs + dlon / kDeg;
    lon = std::fmod(lon, 360.0);
    if (lon < 0)
        lon += 360.0;
    return Surface{lon, lat / kDeg};
}

std::optional<SunGeometry::Sky> SunGeometry::skyOf(const Surface &p) const
{
    const double R = rsunRef, D = dsunObs;
    const double lat = p.lat * kDeg, dlon = (p.lon - crlnObs) * kDeg, b0 = crltObs * kDeg;
    const double x = R * std::cos(lat) * std::sin(dlon);
    const double y = R * (std::sin(lat) * std::cos(b0) - std::cos(lat) * std::cos(dlon) * std::sin(b0));
    const double z = R * (std::sin(lat) * std::sin(b0) + std::cos(lat) * std::cos(dlon) * std::cos(b0));
    if (z * D < R * R) // behind the limb as seen from D (tangent plane at z = R^2/D)
        return std::nullopt;
    const double d = std::sqrt(x * x + y * y + (D - z) * (D - z));
    return Sky{std::atan2(x, D - z) / kArcsec, std::asin(y / d) / kArcsec};
}

} // namespace sim
