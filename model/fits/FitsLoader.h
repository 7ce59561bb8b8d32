#pragma once

#include "model/fits/FitsImage.h"

#include <QByteArray>
#include <QFuture>
#include <QString>

#include <functional>

// Reads one plane of a FITS image into a FitsImage with cfitsio. Pure functions of their inputs,
// safe to run on any thread (each call opens its own fitsfile); the GUI uses loadAsync().
//
// Opened: plain files, compressed files (gzip, Unix compress .Z, bzip2 and one-member zip, known by
// their first bytes and unpacked in memory up to a cap: FitsUncompress) and bytes in memory.
// Handled: the first HDU with image data (an empty primary followed by a tile-compressed image,
// as JSOC exports, is the normal case) or a chosen HDU; BITPIX 8/16/32/64/-32/-64; BSCALE/BZERO;
// BLANK and NaN (both become NaN); every tile compression cfitsio decodes (RICE_1, GZIP_1/2,
// PLIO_1, HCOMPRESS_1, NOCOMPRESS, quantised floats); one plane of a cube chosen by `slice`.
// Not supported (clear error, never a crash): tables as images, random groups, unknown
// compression names, planes over `maxPixels`, data that the file is too short to hold.
namespace fits {

struct FitsLoadOptions {
    int hdu = -1;   // 0-based HDU; -1 = the first HDU with image data
    int slice = 0;  // 0-based plane of a cube (NAXIS3 × NAXIS4 × ... flattened)
    // Largest plane accepted, so a header claiming NAXIS1 = 10^9 never causes a giant allocation.
    // The default (2^28 pixels = 1 GiB of float) is 4× the largest SDO image axis squared.
    std::int64_t maxPixels = std::int64_t(1) << 28;
    // > 0: the plane area-averaged until its longest side is at most maxSide, decoded straight to
    // that size (equal to load().image.downsampled(maxSide), without the full plane in memory).
    int maxSide = 0;
    // Largest size a gzip'd file may inflate to (it is inflated in memory); the same 1 GiB.
    std::int64_t maxInflatedBytes = kDefaultMaxInflatedBytes;
    static constexpr std::int64_t kDefaultMaxInflatedBytes = std::int64_t(1) << 30;
};

struct FitsLoadResult {
    FitsImage image;
    QString error; // a sentence for a person; empty on success
    // On success: what in the file could not be read (a damaged later HDU), in words; else empty.
    QString warning;
    // The file opened but holds no image (tables only): `image.hdus` lists what it holds.
    bool noImage = false;
    bool ok() const { return error.isEmpty(); }
};

struct FitsHeaderListInfo {
    int totalHdus = 0; // HDUs in the file; more than the list holds only past a memory cap
    QString problem;   // why some HDU is not read in full, in words; empty when all are
};

class FitsLoader final
{
public:
    static FitsLoadResult load(const QString &path, const FitsLoadOptions &options = {});
    // Same, from bytes in memory (the fuzz target and tests use it; no file is written).
    static FitsLoadResult loadBytes(const QByteArray &bytes, const FitsLoadOptions &options = {});
    // load() on the global thread pool. The result is a value; cancel by ignoring it.
    static QFuture<FitsLoadResult> loadAsync(const QString &path, const FitsLoadOptions &options = {});

    // The header of every HDU (compressed images shown as the image they hold), for
    // `jsoc-cli header` and the header view. Returns an empty list and sets `error` on failure.
    // HDUs cfitsio must not read (a tile-compressed image whose keywords would crash it, and any
    // HDU after it) are listed from their raw cards, with the reason as their summary; `list`
    // gets the honest HDU count and that reason.
    static QVector<FitsHduInfo> readHeaders(const QString &path, QString *error, FitsHeaderListInfo *list = nullptr,
                                            std::int64_t maxInflatedBytes = FitsLoadOptions::kDefaultMaxInflatedBytes);

    // For readers of other HDU kinds (FitsTableReader): opens `path` (or `memory` when not null)
    // exactly as load() does (gzip inflated under the cap, the raw pre-scan before cfitsio) and
    // calls `visit` with cfitsio's fitsfile* (as void*: this header stays free of fitsio.h) on HDU
    // `hdu`, or on the first table HDU when `hdu` is -1. Returns visit's error, or why that HDU
    // cannot be visited, in words; empty on success.
    using HduVisitor = std::function<QString(void *cfitsioFile, const FitsHduInfo &hdu)>;
    static QString visitTableHdu(const QString &path, const QByteArray *memory, int hdu, std::int64_t maxInflatedBytes,
                                 const HduVisitor &visit);
};

} // namespace fits
