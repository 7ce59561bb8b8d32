#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

// The area average behind FitsImage::downsampled(), in pieces a decoder can use row group by row
// group: the same grid and the same summation order wherever it runs, so an image averaged while
// it is decoded equals, bit for bit, the full image averaged afterwards.
namespace fits {

class BoxGrid final
{
public:
    // The grid that shrinks width × height until its longest side is at most maxSide.
    BoxGrid(int width, int height, int maxSide);

    bool shrinks() const { return m_shrinks; }
    int outWidth() const { return m_outW; }
    int outHeight() const { return m_outH; }
    // Source rows [rowStart(oy), rowEnd(oy)) make output row oy; consecutive spans touch.
    int rowStart(int oy) const;
    int rowEnd(int oy) const;

    // Output row oy from its source rows (`rows` points at row rowStart(oy), rows `width` apart).
    // NaN pixels are left out; an output pixel with none left is NaN. `sum`/`count` are scratch of
    // outWidth() elements.
    void averageRow(const float *rows, int oy, float *out, std::vector<double> &sum, std::vector<int> &count) const;
    // The same from stored 8/16-bit integers through `physicalOf` (the physical value of each
    // stored value s at physicalOf[s - offset], NaN for BLANK): no float copy of the rows, and
    // the same sums in the same order, so the same result as averageRow() on converted rows.
    template<typename Stored>
    void averageStoredRow(const Stored *rows, int oy, const float *physicalOf, int offset, float *out,
                          std::vector<double> &sum, std::vector<int> &count) const
    {
        averageRowOf(oy, out, sum, count, [rows, physicalOf, offset, this](int r, int x) {
            return physicalOf[int(rows[std::size_t(r) * std::size_t(m_width) + std::size_t(x)]) - offset];
        });
    }

private:
    // The one summation every variant shares: row by row, then column by column, in double.
    template<typename ValueAt>
    void averageRowOf(int oy, float *out, std::vector<double> &sum, std::vector<int> &count, ValueAt valueAt) const
    {
        sum.assign(std::size_t(m_outW), 0.0);
        count.assign(std::size_t(m_outW), 0);
        const int rowsInBox = rowEnd(oy) - rowStart(oy);
        for (int r = 0; r < rowsInBox; ++r) {
            for (int ox = 0; ox < m_outW; ++ox) {
                const int x0 = m_xStart[std::size_t(ox)];
                const int x1 = std::min(m_width, std::max(x0 + 1, m_xStart[std::size_t(ox) + 1]));
                double s = sum[std::size_t(ox)];
                int c = count[std::size_t(ox)];
                for (int x = x0; x < x1; ++x) {
                    const float v = valueAt(r, x);
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

    int m_width = 0;
    int m_height = 0;
    int m_outW = 0;
    int m_outH = 0;
    bool m_shrinks = false;
    std::vector<int> m_xStart; // outW + 1 column edges
};

} // namespace fits
