#include "SceneFrame.h"

#include "ActiveRegionCatalogue.h"
#include "SceneNoise.h"
#include "SceneSolarCycle.h"

#include <algorithm>
#include <cmath>

namespace sim {

namespace {

constexpr double kDeg = M_PI / 180.0;

Vec3 cross(const Vec3 &a, const Vec3 &b)
{
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

// Spot radius [rad] of a given area: A MSH covers A 1e-6 of a hemisphere (2 pi R^2).
double spotRadius(double areaMsh) { return std::sqrt(2e-6 * areaMsh); }

// How far above the limb a channel's emission reaches, in solar radii (for pixel boxes).
double offLimbReach(SceneChannel c, const SceneParameters &p)
{
    if (!isAiaChannel(c))
        return 0.0;
    const AiaChannelParams &a = p.aia[aiaIndex(c)];
    return std::max(4.0 * a.offLimbFarScale, a.prominenceRatio > 0 ? 5.0 * p.corona.prominenceHeightRsun : 0.0);
}

SceneRegion prepare(const ActiveRegion &a, const SceneParameters &p, const AiaChannelParams *aia)
{
    SceneRegion r;
    const double lat = a.latDeg * kDeg, lon = a.lonDeg * kDeg;
    r.centre = {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
    const Vec3 east{-std::sin(lon), std::cos(lon), 0};
    const Vec3 north{-std::sin(lat) * std::cos(lon), -std::sin(lat) * std::sin(lon), std::cos(lat)};
    // Joy's law: the leading polarity sits nearer the equator.
    const double tilt = a.tiltDeg * kDeg, toEquator = a.latDeg >= 0 ? -1.0 : 1.0;
    r.axis = {std::cos(tilt) * east.x + toEquator * std::sin(tilt) * north.x,
              std::cos(tilt) * east.y + toEquator * std::sin(tilt) * north.y,
              std::cos(tilt) * east.z + toEquator * std::sin(tilt) * north.z};
    r.perp = cross(r.centre, r.axis);
    r.halfSeparation = 0.5 * a.separationDeg * kDeg;
    // Spot field falls to the penumbra threshold at the spot's edge; the leading spot is the
    // larger, more compact one.
    const double edge = std::sqrt(2.0 * std::log(1.0 / p.photosphere.penumbraThreshold));
    r.leadSpotSigma = a.spotAreaMsh > 0 ? spotRadius(0.6 * a.spotAreaMsh) / edge : 0.0;
    r.trailSpotSigma = a.spotAreaMsh > 0 ? spotRadius(0.4 * a.spotAreaMsh) / edge : 0.0;
    r.spotFieldG = a.spotFieldG;
    r.plageSigma = a.plageRadiusDeg * kDeg;
    r.plageFieldG = a.plageFieldG;
    r.leadingSign = a.leadingSign;
    // Plage matters down to about the noise of a magnetogram (1 G).
    r.plageCut2 = a.plageFieldG > 1.0 ? 2.0 * r.plageSigma * r.plageSigma * std::log(a.plageFieldG) : 0.0;
    r.coronaSigmaV = p.regions.coronaRadiusPerSeparation * r.halfSeparation;
    r.coronaSigmaU = r.halfSeparation + 0.5 * r.coronaSigmaV;
    // Coronal emission matters while above a few per cent of the quiet Sun.
    if (aia && aia->loopContrast > 0 && a.activity > 0) {
        const double peak = aia->activeRegionRatio * a.activity * (1.0 + aia->loopContrast);
        r.coronaCut = peak > 0.03 ? std::log(peak / 0.03) / aia->activeRegionCorePower : 0.0;
    }
    r.activity = a.activity;
    // A decaying region's plage keeps a filament along its polarity inversion line.
    if (a.spotAreaMsh <= 0 && a.plageFieldG > 0) {
        r.filament = std::min(1.0, a.plageFieldG / (p.corona.filamentFullAtPlageFraction * p.regions.plageFieldG));
        r.filamentHalfLength = 1.2 * r.halfSeparation + r.plageSigma;
        r.filamentSigma = p.corona.filamentWidthDeg * kDeg;
    }
    const double coronaReach = r.coronaCut > 0 ? r.coronaSigmaU * std::sqrt(2.0 * r.coronaCut) : 0.0;
    const double extent = std::max({r.halfSeparation + std::sqrt(r.plageCut2), coronaReach,
                                    r.halfSeparation + 3.0 * r.leadSpotSigma,
                                    r.filamentSigma > 0 ? r.filamentHalfLength + 3.0 * r.filamentSigma : 0.0});
    r.cosExtent = std::cos(std::min(extent, M_PI));
    r.seed = uint32_t(a.seed >> 32);
    return r;
}

} // namespace

bool isAiaChannel(SceneChannel c) { return c <= SceneChannel::Aia4500; }

int aiaIndex(SceneChannel c) { return std::clamp(int(c) - int(SceneChannel::Aia94), 0, 9); }

void SceneFrame::setWcs(const SceneGeometry &g)
{
    geometry = g;
    const double rho = g.crota2 * kDeg, k = g.cdelt / g.rsunArcsec;
    const double cr = std::cos(rho), sr = std::sin(rho);
    // FITS: (x, y) = PC(crota2) * cdelt * (pixel - crpix), pixel 1-based.
    xi = cr * k;
    xj = -sr * k;
    x0 = -(cr * (g.crpix1 - 1.0) - sr * (g.crpix2 - 1.0)) * k;
    yi = sr * k;
    yj = cr * k;
    y0 = -(sr * (g.crpix1 - 1.0) + cr * (g.crpix2 - 1.0)) * k;
}

SceneFrame SceneFrame::make(SceneChannel c, const SceneGeometry &g, double tai, double exposure,
                            const SceneParameters &p)
{
    SceneFrame f;
    f.channel = c;
    f.tai = tai;
    f.exposure = exposure;
    f.setWcs(g);
    const double rho = g.crota2 * kDeg, k = g.cdelt / g.rsunArcsec;
    const double cr = std::cos(rho), sr = std::sin(rho);

    const double b0 = g.b0Deg * kDeg, l0 = g.l0Deg * kDeg;
    f.sinB0 = std::sin(b0);
    f.cosB0 = std::cos(b0);
    const double sl = std::sin(l0), cl = std::cos(l0);
    const double m[3][3] = {{-sl, -f.sinB0 * cl, f.cosB0 * cl},
                            {cl, -f.sinB0 * sl, f.cosB0 * sl},
                            {0.0, f.cosB0, f.sinB0}};
    std::copy(&m[0][0], &m[0][0] + 9, &f.m[0][0]);

    const SceneSolarCycle cycle(p);
    const double year = SceneSolarCycle::yearOfTai(tai);
    f.northPolarFraction = cycle.northPolarFraction(year);
    f.polarHoleSinLat = std::sin(cycle.polarHoleLatitude(year) * kDeg);
    // Pixel noise is fresh every second of time; the network pattern belongs to the Sun.
    f.pixelSeed = noise::hash64(uint64_t(int64_t(std::floor(tai))) ^ (uint64_t(c) << 58));
    f.surfaceSeed = 0x5eed1234U;

    const double reach = offLimbReach(c, p);
    const double pixelsPerRadius = g.rsunArcsec / g.cdelt;
    const AiaChannelParams *aia = isAiaChannel(c) ? &p.aia[aiaIndex(c)] : nullptr;
    for (const ActiveRegion &a : ActiveRegionCatalogue::at(tai, p)) {
        SceneRegion r = prepare(a, p, aia);
        if (r.cosExtent >= 1.0)
            continue; // nothing left to see
        const Vec3 o = f.toObserver(r.centre);
        const double sinExtent = std::sqrt(std::max(0.0, 1.0 - r.cosExtent * r.cosExtent));
        if (o.z < -sinExtent - (reach > 0 ? 0.05 : 0.0))
            continue; // behind the Sun, and not reaching over the limb
        // Emission above the limb only where the region's cap meets the limb.
        const double radius = (sinExtent + (o.z < sinExtent ? reach : 0.0)) * pixelsPerRadius + 2.0;
        // Centre back to pixels: invert the affine map.
        const double dx = (cr * o.x + sr * o.y) / k, dy = (-sr * o.x + cr * o.y) / k;
        const double ci = dx + g.crpix1 - 1.0, cj = dy + g.crpix2 - 1.0;
        r.col0 = std::max(0, int(std::floor(ci - radius)));
        r.col1 = std::min(g.width - 1, int(std::ceil(ci + radius)));
        r.row0 = std::max(0, int(std::floor(cj - radius)));
        r.row1 = std::min(g.height - 1, int(std::ceil(cj + radius)));
        if (r.col0 <= r.col1 && r.row0 <= r.row1)
            f.regions.push_back(r);
    }
    return f;
}

} // namespace sim
