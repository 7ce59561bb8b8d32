#pragma once

#include "model/fits/FitsImage.h"

#include <QString>

#include <fitsio.h>

// Reads rows of one image plane into FitsImage::pixels. Integer images are read as their stored
// type (cfitsio's fastest path: no per-pixel scaling or null checks inside the decompressor) and
// converted here to float with BSCALE/BZERO and BLANK → NaN in one tight loop that also fills the
// exact raw histogram for 8/16-bit data. Large images from disk are decoded by two threads, each
// with its own fitsfile on its own band of rows. Floating-point images go through cfitsio's TFLOAT
// read (which also handles quantised compressed floats and their ZBLANK).
namespace fits {

struct PixelReadPlan {
    QString path;           // for re-opening per thread; empty = single thread only
    int hduIndex = 0;       // 0-based
    int bitpix = 0;
    int naxis = 0;
    long long naxes[9] = {};
    int slice = 0;
    bool compressed = false;
    bool hasBlank = false;
    long long blank = 0;
    double bscale = 1.0;
    double bzero = 0.0;
    long long tileRows = 1; // ZTILE2 of a compressed image: bands start on tile boundaries
    int threads = 1;
    // > 0: decode straight into the area average whose longest side is at most maxSide (the same
    // pixels as FitsImage::downsampled(maxSide) of the full plane), never holding the full plane.
    int maxSide = 0;
    // Set by the reader: int16 RICE_1 tiles in rows are decoded by RiceTileDecoder (bounds-checked,
    // faster) instead of cfitsio.
    bool ownRice = false;
};

class FitsPixelReader final
{
public:
    // Fills image->pixels (already sized width × height), stats and raw histogram.
    // `f` is positioned on the HDU. Returns false with a message on a cfitsio error.
    static bool read(fitsfile *f, const PixelReadPlan &plan, FitsImage *image, QString *error);
    // With plan.maxSide > 0: image->width/height are the file's on entry and the averaged image's
    // on return; pixels are allocated here (small), stats are those of the averaged pixels and
    // there is no raw histogram, exactly as downsampled() leaves them.
    static bool readDownsampled(fitsfile *f, const PixelReadPlan &plan, FitsImage *image, QString *error);
    // Whether both decode the tiles of the compressed HDU `f` is on with RiceTileDecoder (int16
    // RICE_1 in whole rows, as JSOC writes): every tile byte is then bounds-checked while it is
    // decoded, so cfitsio's Rice decoder never sees a tile and no walk over the tiles beforehand is
    // needed. JSOC_FITS_CFITSIO_RICE=1 leaves them to cfitsio (for measuring one against the other).
    static bool decodesRiceItself(fitsfile *f, int bitpix, int naxis, long long width, long long height);
};

} // namespace fits
