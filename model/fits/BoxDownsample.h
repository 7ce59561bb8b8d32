#pragma once

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

private:
    int m_width = 0;
    int m_height = 0;
    int m_outW = 0;
    int m_outH = 0;
    bool m_shrinks = false;
    std::vector<int> m_xStart; // outW + 1 column edges
};

} // namespace fits
