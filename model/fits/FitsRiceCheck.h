#pragma once

#include <cstddef>
#include <cstdint>

// Walks one Rice-compressed tile (ZCMPTYPE 'RICE_1') the way cfitsio 4.2's decoder reads it,
// without decoding, and says whether every byte it would read lies inside the tile. cfitsio's
// decoder checks its input only after each block, and its leading-zero loop reads on until it
// meets a non-zero byte: a damaged tile makes it read far past its buffer (a crash, found by the
// fuzz target on a tile with garbage in it). The loader refuses such a tile in words instead.
namespace fits {

struct RiceTileShape {
    std::int64_t pixels = 0;  // pixels in this tile (edge tiles are smaller)
    int bytesPerPixel = 4;    // ZVAL2 (BYTEPIX): 1, 2 or 4
    int blockSize = 32;       // ZVAL1 (BLOCKSIZE)
};

class FitsRiceCheck final
{
public:
    static bool tileStaysInside(const unsigned char *bytes, std::size_t length, const RiceTileShape &shape);
};

} // namespace fits
