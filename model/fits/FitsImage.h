#pragma once

#include "model/fits/FitsPixelBuffer.h"

#include <QString>
#include <QStringList>
#include <QVector>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

// Decoded FITS images as immutable values, produced by FitsLoader on a worker thread and handed
// to the renderer, the histogram and the widget by value (no fitsfile* ever leaves the loader).
namespace fits {

// One header card, split for display and lookup. `raw` keeps the 80-character card for wcslib.
struct FitsCard {
    QString key;     // "NAXIS1", "COMMENT", "HISTORY", "" for blank cards
    QString value;   // value as written, quotes removed from strings ("" when none)
    QString comment; // text after '/', or the text of COMMENT/HISTORY cards
    QByteArray raw;  // the card itself, exactly 80 bytes
};

// Every HDU of a file, for the header view and `jsoc-cli header`.
struct FitsHduInfo {
    int index = 0;      // 0-based (HDU 1 in cfitsio's numbering is index 0)
    QString kind;       // "image", "compressed image", "binary table", "ascii table"
    QString summary;    // e.g. "4096 × 4096 int16 (RICE_1)" or "3 columns × 12 rows"
    bool refused = false; // not read with cfitsio (its keywords would crash it): cards are raw
    // An image (tile-compressed or not) with at least one pixel that cfitsio may read: what
    // FitsLoader::load() shows when no HDU is chosen is the first of these.
    bool holdsImage = false;
    QVector<FitsCard> cards;
};

// Statistics over the valid (finite) pixels of the loaded plane.
struct FitsStats {
    float min = 0.0f;
    float max = 0.0f;
    double mean = 0.0;
    std::int64_t validCount = 0; // finite pixels
    std::int64_t blankCount = 0; // BLANK / NaN / Inf pixels (all stored as NaN)
};

// One 2-D plane of a FITS image as float, physical values (BSCALE/BZERO applied), blanks as NaN.
// Row 0 is FITS row 1 (the bottom row as solar physicists display it).
struct FitsImage {
    int width = 0;
    int height = 0;
    PixelBuffer pixels;        // width*height, row-major, row 0 = FITS row 1

    int hduIndex = -1;          // 0-based HDU the plane came from
    int bitpix = 0;             // BITPIX of the stored data (ZBITPIX for compressed images)
    QString compression;        // ZCMPTYPE ("RICE_1", ...) or empty
    int sliceIndex = 0;         // which plane of a cube (0-based over NAXIS3 × NAXIS4 × ...)
    int sliceCount = 1;         // planes in the HDU (1 for a 2-D image)
    QVector<FitsCard> cards;    // header of the image HDU (for WCS and the caption)
    QVector<FitsHduInfo> hdus;  // headers of every HDU in the file
    FitsStats stats;
    // Counter-clockwise quarter turns applied for display (FitsOrientation); 0 = as in the file.
    // The header still describes the file's pixels: map with FitsOrientation::toFile().
    int quarterTurns = 0;

    // Exact histogram of the stored integers for BITPIX 8 and 16 (empty otherwise), filled while
    // decoding, so percentile limits need no pass over the pixels. Bin i holds the non-blank
    // pixels whose physical value is physicalOfBin(i). Blank pixels are not counted.
    std::vector<std::uint32_t> rawHistogram;
    int rawOffset = 0;      // stored integer of bin 0 (-32768 for int16, 0 for uint8)
    double rawScale = 1.0;  // BSCALE
    double rawZero = 0.0;   // BZERO
    double physicalOfBin(int bin) const { return double(float(double(bin + rawOffset) * rawScale + rawZero)); }

    bool isNull() const { return width <= 0 || height <= 0; }
    float at(int x, int y) const { return pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)]; }

    // The card value for `key` (case-insensitive, first match), or `fallback`.
    QString card(const QString &key, const QString &fallback = {}) const;
    double cardNumber(const QString &key, double fallback = std::numeric_limits<double>::quiet_NaN()) const;

    // The header as one string of 80-character cards, as wcslib's wcspih() wants it.
    QByteArray headerText() const;

    // Statistics over `pixels` (finite values only); used by the loader and by downsampled().
    static FitsStats computeStats(std::span<const float> pixels);

    // The facts of the plane without its pixels (HDU, BITPIX, compression, slice, header, HDU
    // list, quarter turns): where an image derived from this one (smaller, turned) starts, so
    // none of them is forgotten there. Size, pixels, statistics and histogram are left empty.
    FitsImage withoutPixels() const;

    // Area-averaged copy whose longest side is at most `maxSide` (aspect kept, NaN ignored);
    // returns a copy when the image already fits. Header and HDU list are kept.
    FitsImage downsampled(int maxSide) const;
};

// Caption facts from the header: instrument, wavelength, observation date, exposure.
struct FitsCaption {
    QString instrument; // "SDO/AIA", "SDO/HMI", ...
    QString wavelength; // "171 Å", "6173 Å", "" when unknown
    QString date;       // DATE-OBS or T_OBS
    QString exposure;   // "2.00 s" or ""
    QString text() const; // one line: "SDO/AIA 171 Å · 2011-02-15T00:00:00.34 · exp 2.00 s"
    static FitsCaption fromImage(const FitsImage &image);
};

} // namespace fits
