#pragma once

#include <QString>
#include <QStringList>

// A corpus of FITS files "from anywhere", written with cfitsio (never committed as blobs): every
// BITPIX, gzip, each tile compression with BZERO/BSCALE, dithered floats, an image after a table,
// binary/ASCII/light-curve tables, and the hostile ones (a truncated later HDU, a corrupt tile,
// NAXIS1 = 2^31, 100 000 header cards, a gzip bomb), and .Z, .zip and .bz2 files
// (good, truncated, corrupt, bombs). tst_fits_corpus opens each one; the fuzz
// run is seeded with them.
namespace testsupport {

// The physical value written at pixel (x, y) of every corpus image: a smooth ramp plus a
// checkerboard, within every BITPIX's range once BSCALE/BZERO are undone.
double corpusPixel(int x, int y);
// The quantised-float files hold corpusPixel plus this deterministic noise (|noise| <= 0.37).
double noisyCorpusPixel(int x, int y);
constexpr int kCorpusWidth = 40;  // not a multiple of any tile size: partial tiles are read too
constexpr int kCorpusHeight = 30;

// Which file is which (file names in the corpus directory).
namespace corpus {
inline const char *bitpixName(int bitpix) // "bitpix-16.fits", "bitpix--32.fits", ...
{
    switch (bitpix) {
    case 8: return "bitpix8.fits";
    case 16: return "bitpix16.fits";
    case 32: return "bitpix32.fits";
    case 64: return "bitpix64.fits";
    case -32: return "bitpix-32.fits";
    default: return "bitpix-64.fits";
    }
}
constexpr const char *kScaled16 = "scaled-int16.fits";       // BSCALE 0.5, BZERO 1000
constexpr const char *kUnsigned16 = "uint16.fits";           // BZERO 32768
constexpr const char *kGzip = "gzip-float.fits.gz";          // written gzip'd by cfitsio
constexpr const char *kGzipFts = "gzip-int16.fts.gz";
constexpr const char *kGzipTiles = "gzip-tile-rice.fits.gz";  // a Rice file, gzip'd whole
constexpr const char *kFloatBzero = "float-bzero-rice.fits";  // float image, BZERO card, Rice
constexpr const char *kDither1 = "dither1-rice.fits";        // SUBTRACTIVE_DITHER_1
constexpr const char *kDither2 = "dither2-gzip.fits";        // SUBTRACTIVE_DITHER_2
constexpr const char *kImageAfterTable = "image-after-table.fits";
constexpr const char *kBinaryTable = "binary-table.fits";    // 3 columns × 128 rows
constexpr const char *kAsciiTable = "ascii-table.fits";
constexpr const char *kGoesCurve = "goes-xrs-style.fits";    // TIME s since TIMEZERO/MJDREF, FLUX[2]
constexpr const char *kEveCurve = "eve-style.fits";          // MJD days + irradiance columns
constexpr const char *kLyraCurve = "lyra-style.fits";        // ISO DATE-OBS strings + channels
constexpr const char *kTruncatedLater = "truncated-later-hdu.fits";
constexpr const char *kCorruptTile = "corrupt-tile.fits";
constexpr const char *kCorruptGzipTile = "corrupt-tile-gzip.fits";
constexpr const char *kCorruptHcompressTile = "corrupt-tile-hcompress.fits";
constexpr const char *kHugeNaxis = "naxis-2e31.fits";
constexpr const char *kManyCards = "100k-cards.fits";
constexpr const char *kGzipBomb = "gzip-bomb.fits.gz";       // 64 MiB of zeros, 64 KiB on disk
// Whole-file containers cfitsio also reads (tests/support/CompressedContainers), known by magic bytes.
constexpr const char *kCompressFloat = "compress-float.fits.Z";     // bitpix-32.fits, 16-bit LZW codes
constexpr const char *kCompressScaled = "compress-10bit-int16.fits.Z"; // scaled-int16.fits, 10 bits: CLEARs
constexpr const char *kCompressNamedPlain = "compress-named-plain.fits"; // a .Z file under a plain name
constexpr const char *kZipDeflate = "zip-deflate-int16.fits.zip";   // scaled-int16.fits
constexpr const char *kZipStored = "zip-stored-float.fits.zip";     // bitpix-32.fits
constexpr const char *kBzip2 = "bzip2-float.fits.bz2";              // bitpix-32.fits
constexpr const char *kTruncatedCompress = "truncated.fits.Z";      // the first half of each
constexpr const char *kTruncatedZip = "truncated.fits.zip";
constexpr const char *kTruncatedBzip2 = "truncated.fits.bz2";
constexpr const char *kCorruptCompress = "corrupt.fits.Z";          // its first codes overwritten
constexpr const char *kCorruptZip = "corrupt-crc.fits.zip";         // a stored byte changed: CRC-32
constexpr const char *kCorruptBzip2 = "corrupt.fits.bz2";           // bytes in its block overwritten
constexpr const char *kBombCompress = "bomb.fits.Z";                // 4 MiB of zeros in each
constexpr const char *kBombZip = "bomb.fits.zip";
constexpr const char *kBombBzip2 = "bomb.fits.bz2";
constexpr int kContainerBombSide = 2048;                            // BITPIX 8, 2048 × 2048
} // namespace corpus

// One tile-compressed int16 image with BSCALE 0.5 / BZERO 1000: "tile-RICE_1.fits", ...
QString tileCompressedName(const QString &compression);
QStringList corpusTileCompressions(); // RICE_1, GZIP_1, GZIP_2, HCOMPRESS_1, PLIO_1

// Writes every corpus file into `dir`. Returns the empty string on success, else what failed.
QString writeFitsCorpus(const QString &dir);

// The light-curve tables' sample times: row i is at this UTC instant plus i × the cadence.
constexpr const char *kCurveStartUtc = "2011-02-15T01:50:00.000";
constexpr double kCurveCadenceSeconds = 2.0;
constexpr int kCurveRows = 300;
double curveFlux(int row); // the curves' first data column (a flare-like rise and decay)

} // namespace testsupport
