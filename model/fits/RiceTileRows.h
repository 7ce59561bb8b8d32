#pragma once

#include <QString>

#include <vector>

#include <fitsio.h>

// Rows of a tile-compressed int16 image read with our RiceTileDecoder instead of cfitsio's: the
// tile bytes still come from cfitsio (fits_read_col on COMPRESSED_DATA), one fitsfile per thread.
// Only the plain JSOC layout is taken (suits()): RICE_1, ZBITPIX 16 with BYTEPIX 2, a 2-D image in
// tiles of whole rows, the compressed bytes the only column (no per-tile scaling, no tiles stored
// uncompressed or gzip'd); anything else stays with cfitsio.
namespace fits {

class RiceTileRows final
{
public:
    // Whether the compressed HDU `f` is on has that layout.
    static bool suits(fitsfile *f, int width, int height);

    // Reads the layout from the HDU `f` is on (which suits()); false with a message otherwise.
    bool open(fitsfile *f, int width, int height, QString *error);
    // Stored integers of rows [y0, y1) into `out` (width × (y1 − y0)); false with a message when a
    // tile is damaged or cannot be read.
    bool readRows(int y0, int y1, short *out, QString *error);

private:
    bool decodeTile(long long tile, short *out, QString *error);

    fitsfile *m_file = nullptr;
    int m_width = 0;
    int m_height = 0;
    int m_column = 0;
    int m_hdu = 0; // 0-based, for messages
    int m_blockSize = 32;
    long long m_tileRows = 1;
    long long m_tiles = 0;
    std::vector<unsigned char> m_bytes;
    std::vector<short> m_tile; // a tile only partly inside the rows asked for
};

} // namespace fits
