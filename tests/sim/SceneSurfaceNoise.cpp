#include "SceneSurfaceNoise.h"

#include "SceneNoise.h"

#include <algorithm>
#include <cmath>

namespace sim {

namespace {
constexpr double kFineOctave = 3.1; // the network's second octave, relative to the first
}

SceneSurfaceNoise::SceneSurfaceNoise(const SceneFrame &frame, double networkFrequency)
    : m_frame(frame), m_frequency(networkFrequency)
{
    // A third of the finest pattern's cell, in pixels at disk centre, and no more than 8.
    const double pixelsPerRadian = frame.geometry.rsunArcsec / frame.geometry.cdelt;
    const double finestCell = pixelsPerRadian / (kFineOctave * networkFrequency);
    m_step = std::clamp(int(finestCell / 3.0), 1, 8);
    m_columns = frame.geometry.width / m_step + 2;
}

const SceneSurfaceNoise::Sample &SceneSurfaceNoise::lattice(LatticeRow &r, int latticeCol)
{
    Sample &s = r.values[size_t(latticeCol)];
    if (r.have[size_t(latticeCol)])
        return s;
    const int col = latticeCol * m_step;
    const double x = m_frame.skyX(col, r.row), y = m_frame.skyY(col, r.row), r2 = x * x + y * y;
    // Off the disk the limb point stands in, so lanes run smoothly to the edge.
    const double scale = r2 < 1.0 ? 1.0 : 1.0 / std::sqrt(r2);
    const Vec3 c = m_frame.toCarrington(x * scale, y * scale, r2 < 1.0 ? std::sqrt(1.0 - r2) : 0.0);
    const double f = m_frequency, cx = c.x * f, cy = c.y * f, cz = c.z * f;
    const uint32_t seed = m_frame.surfaceSeed;
    s.network = 0.72f * noise::value3(cx, cy, cz, seed)
        + 0.28f * noise::value3(kFineOctave * cx, kFineOctave * cy, kFineOctave * cz, seed + 7u);
    s.second = noise::value3(2.7 * cx, 2.7 * cy, 2.7 * cz, seed + 99u);
    r.have[size_t(latticeCol)] = 1;
    return s;
}

SceneSurfaceNoise::LatticeRow &SceneSurfaceNoise::latticeRow(int row, int keep)
{
    for (LatticeRow &r : m_rows)
        if (r.row == row)
            return r;
    LatticeRow &r = m_rows[0].row == keep ? m_rows[1] : m_rows[0];
    r.row = row;
    r.values.assign(size_t(m_columns), Sample{});
    r.have.assign(size_t(m_columns), 0);
    return r;
}

SceneSurfaceNoise::Sample SceneSurfaceNoise::at(int col, int row)
{
    const int r0 = row / m_step * m_step, c0 = col / m_step;
    LatticeRow &below = latticeRow(r0, r0 + m_step);
    LatticeRow &above = latticeRow(r0 + m_step, r0);
    const float tx = float(col - c0 * m_step) / m_step, ty = float(row - r0) / m_step;
    const Sample &a = lattice(below, c0), &b = lattice(below, c0 + 1);
    const Sample &c = lattice(above, c0), &d = lattice(above, c0 + 1);
    auto mix = [&](float p, float q, float r, float s) {
        const float lo = p + (q - p) * tx, hi = r + (s - r) * tx;
        return lo + (hi - lo) * ty;
    };
    return {mix(a.network, b.network, c.network, d.network), mix(a.second, b.second, c.second, d.second)};
}

} // namespace sim
