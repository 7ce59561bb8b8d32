#include "model/fits/BoxDownsample.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fits {

BoxGrid::BoxGrid(int width, int height, int maxSide)
    : m_width(width)
    , m_height(height)
    , m_outW(width)
    , m_outH(height)
{
    const int longest = std::max(width, height);
    m_shrinks = maxSide > 0 && longest > maxSide && width > 0 && height > 0;
    if (!m_shrinks)
        return;
    const double factor = double(longest) / double(maxSide);
    m_outW = std::max(1, int(std::lround(width / factor)));
    m_outH = std::max(1, int(std::lround(height / factor)));
    m_xStart.resize(std::size_t(m_outW) + 1);
    for (int x = 0; x <= m_outW; ++x)
        m_xStart[std::size_t(x)] = std::min(width, int(std::floor(double(x) * width / m_outW)));
}

int BoxGrid::rowStart(int oy) const
{
    return std::min(m_height, int(std::floor(double(oy) * m_height / m_outH)));
}

int BoxGrid::rowEnd(int oy) const
{
    const int y0 = int(std::floor(double(oy) * m_height / m_outH));
    return std::min(m_height, std::max(y0 + 1, int(std::floor(double(oy + 1) * m_height / m_outH))));
}

void BoxGrid::averageRow(const float *rows, int oy, float *out, std::vector<double> &sum, std::vector<int> &count) const
{
    averageRowOf(oy, out, sum, count,
                 [rows, this](int r, int x) { return rows[std::size_t(r) * std::size_t(m_width) + std::size_t(x)]; });
}

} // namespace fits
