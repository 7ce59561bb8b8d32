#pragma once

#include "SceneParameters.h"
#include "SolarScene.h"

#include <cstdint>
#include <vector>

// Everything about one image that does not depend on the pixel: the WCS as an affine map from
// pixel to solar radii, the rotation from the observer's frame to Carrington's, and the active
// regions that can be seen, each prepared as vectors on the sphere with a pixel box, so that the
// per-pixel work is dot products and no trigonometry.
namespace sim {

struct Vec3 {
    double x = 0, y = 0, z = 0;
    double dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
};

// One active region ready to be drawn. Tangent coordinates (radians) of a point c on the sphere
// near the region: u = c.axis (toward the leading polarity), v = c.perp.
struct SceneRegion {
    Vec3 centre, axis, perp;
    double halfSeparation = 0;
    double leadSpotSigma = 0, trailSpotSigma = 0, spotFieldG = 0;
    double plageSigma = 0, plageFieldG = 0;
    int leadingSign = 1;
    double coronaSigmaU = 0, coronaSigmaV = 0, activity = 0;
    double filament = 0, filamentHalfLength = 0, filamentSigma = 0;
    double plageCut2 = 0;   // squared distance beyond which the plage field is negligible
    double coronaCut = 0;   // envelope exponent beyond which the coronal emission is negligible
    double cosExtent = 0;   // points with c.centre below this are outside the region
    int row0 = 0, row1 = -1, col0 = 0, col1 = -1; // pixel box, inclusive
    uint32_t seed = 0;
};

struct SceneFrame {
    SceneChannel channel = SceneChannel::Continuum;
    SceneGeometry geometry;
    double tai = 0, exposure = 0;
    // Pixel (0-based column i, row j) to helioprojective (x west, y north) in solar radii.
    double xi = 0, xj = 0, x0 = 0, yi = 0, yj = 0, y0 = 0;
    // Observer frame (x west, y north, z toward the observer) to Carrington: c = m * p.
    double m[3][3] = {};
    double sinB0 = 0, cosB0 = 1;
    double northPolarFraction = 0;
    double polarHoleSinLat = 1;
    uint64_t pixelSeed = 0;   // changes with time: granulation and photon noise
    uint32_t surfaceSeed = 0; // fixed: network pattern on the Sun
    std::vector<SceneRegion> regions;

    static SceneFrame make(SceneChannel c, const SceneGeometry &g, double tai, double exposure,
                           const SceneParameters &p);
    // The pixel-to-sky part alone (cheap: no active regions).
    void setWcs(const SceneGeometry &g);

    double skyX(double col, double row) const { return xi * col + xj * row + x0; }
    double skyY(double col, double row) const { return yi * col + yj * row + y0; }
    bool onDisk(int col, int row) const
    {
        const double x = skyX(col, row), y = skyY(col, row);
        return x * x + y * y < 1.0;
    }

    Vec3 toCarrington(double x, double y, double z) const
    {
        return {m[0][0] * x + m[0][1] * y + m[0][2] * z, m[1][0] * x + m[1][1] * y + m[1][2] * z,
                m[2][0] * x + m[2][1] * y + m[2][2] * z};
    }
    Vec3 toObserver(const Vec3 &c) const
    {
        return {m[0][0] * c.x + m[1][0] * c.y + m[2][0] * c.z, m[0][1] * c.x + m[1][1] * c.y + m[2][1] * c.z,
                m[0][2] * c.x + m[1][2] * c.y + m[2][2] * c.z};
    }
};

bool isAiaChannel(SceneChannel c);
// Index into SceneParameters::aia (0 for 94 ... 9 for 4500).
int aiaIndex(SceneChannel c);

} // namespace sim
