#include "SolarScene.h"

#include <algorithm>
#include <cmath>
#include <vector>

// First cut: a limb-darkened disk per channel, so that the FITS writer can be wired to the
// interface while the features (active regions, network, corona) are added behind it.
namespace sim {

namespace {

double quietLevel(SceneChannel c)
{
    switch (c) {
    case SceneChannel::Continuum: return 60000.0;
    case SceneChannel::LineDepth: return 30000.0;
    case SceneChannel::LineWidth: return 105.0;
    case SceneChannel::Magnetogram:
    case SceneChannel::Dopplergram: return 0.0;
    default: return 100.0;
    }
}

double pixelValue(SceneChannel c, const SceneGeometry &g, double col, double row, double exposure)
{
    const double rot = g.crota2 * M_PI / 180.0;
    const double dx = (col + 1.0 - g.crpix1) * g.cdelt, dy = (row + 1.0 - g.crpix2) * g.cdelt;
    const double x = std::cos(rot) * dx - std::sin(rot) * dy, y = std::sin(rot) * dx + std::cos(rot) * dy;
    const double r2 = (x * x + y * y) / (g.rsunArcsec * g.rsunArcsec);
    const bool isAia = c <= SceneChannel::Aia4500;
    if (r2 >= 1.0)
        return isAia ? 0.0 : 0.0;
    const double mu = std::sqrt(1.0 - r2);
    const double level = quietLevel(c) * (1.0 - 0.437 * (1.0 - mu) - 0.171 * (1.0 - mu) * (1.0 - mu));
    return isAia ? level * exposure : level;
}

} // namespace

void SolarScene::render(SceneChannel c, const SceneGeometry &g, double, double exposureSeconds, float *out)
{
    for (int j = 0; j < g.height; ++j)
        for (int i = 0; i < g.width; ++i)
            out[size_t(j) * g.width + i] = float(pixelValue(c, g, i, j, exposureSeconds));
}

SceneStatistics SolarScene::statistics(SceneChannel c, const SceneGeometry &g, double tai, double exposureSeconds)
{
    std::vector<float> v(size_t(g.width) * g.height);
    render(c, g, tai, exposureSeconds, v.data());
    SceneStatistics s;
    if (v.empty())
        return s;
    double sum = 0, sum2 = 0;
    for (float f : v) { sum += f; sum2 += double(f) * f; }
    s.mean = sum / v.size();
    s.rms = std::sqrt(std::max(0.0, sum2 / v.size() - s.mean * s.mean));
    std::sort(v.begin(), v.end());
    auto pct = [&](double p) { return double(v[std::min(v.size() - 1, size_t(p / 100.0 * v.size()))]); };
    s.min = v.front(); s.max = v.back(); s.median = pct(50);
    s.p01 = pct(1); s.p10 = pct(10); s.p25 = pct(25); s.p75 = pct(75); s.p90 = pct(90);
    s.p95 = pct(95); s.p98 = pct(98); s.p99 = pct(99);
    return s;
}

} // namespace sim
