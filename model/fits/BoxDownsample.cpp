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
    sum.assign(std::size_t(m_outW), 0.0);
    count.assign(std::size_t(m_outW), 0);
    const int rowsInBox = rowEnd(oy) - rowStart(oy);
    // Row by row, then column by column: the order every caller sums in, so results agree exactly.
    for (int r = 0; r < rowsInBox; ++r) {
        const float *row = rows + std::size_t(r) * std::size_t(m_width);
        for (int ox = 0; ox < m_outW; ++ox) {
            const int x0 = m_xStart[std::size_t(ox)];
            const int x1 = std::min(m_width, std::max(x0 + 1, m_xStart[std::size_t(ox) + 1]));
            double s = sum[std::size_t(ox)];
            int c = count[std::size_t(ox)];
            for (int x = x0; x < x1; ++x) {
                const float v = row[x];
                if (std::isfinite(v)) {
                    s += v;
                    ++c;
                }
            }
            sum[std::size_t(ox)] = s;
            count[std::size_t(ox)] = c;
        }
    }
    for (int ox = 0; ox < m_outW; ++ox)
        out[ox] = count[std::size_t(ox)] > 0 ? float(sum[std::size_t(ox)] / count[std::size_t(ox)])
                                             : std::numeric_limits<float>::quiet_NaN();
}

} // namespace fits
