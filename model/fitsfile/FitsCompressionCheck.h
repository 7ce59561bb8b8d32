#pragma once

#include <QString>

// Tile-compressed images (a BINTABLE with ZIMAGE = T) checked from the raw header before cfitsio
// reads it. cfitsio 4.2 divides by ZTILEn while merely moving to such an HDU (SIGFPE on
// ZTILEn = 0) and by the Rice block size (ZVAL1) when decoding, indexes its dither table with
// ZDITHER0, and allocates whole tiles: one such file would kill `jsoc-cli preview`, `header` and
// the GUI's folder scan. So every keyword cfitsio computes with is checked here first:
// ZCMPTYPE known; ZBITPIX legal; 1 <= ZNAXIS <= 6 (cfitsio's limit); ZNAXISn >= 1;
// 1 <= ZTILEn <= ZNAXISn; a tile of at most 2^28 pixels; as many table rows as tiles;
// a COMPRESSED_DATA (or GZIP_COMPRESSED_DATA) variable-length column; Rice block size 16 or 32 and
// bytes per pixel 1, 2, 4 or 8; ZQUANTIZ known; 1 <= ZDITHER0 <= 10000.
namespace fits {

struct FitsHduLayout;

class FitsCompressionCheck final
{
public:
    // True when `hdu` holds a tile-compressed image (BINTABLE with ZIMAGE = T).
    static bool isCompressedImage(const FitsHduLayout &hdu);
    // Empty when `hdu` is not a compressed image or cfitsio can safely read it; otherwise a
    // sentence such as "HDU 2 is a tile-compressed image with ZTILE1 = 0; cfitsio cannot read it".
    // Needs all of the HDU's cards (FitsStructure with Cards::All).
    static QString problem(const FitsHduLayout &hdu);
};

} // namespace fits
