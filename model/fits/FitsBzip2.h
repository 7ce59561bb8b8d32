#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

// bzip2'd FITS files (.fits.bz2, magic "BZh" and a block size digit), decompressed in memory by
// libbz2 under a cap, as FitsGunzip does for gzip. Concatenated bzip2 streams are read as one.
namespace fits {

class FitsBzip2 final
{
public:
    // True when the bytes begin with bzip2's magic ("BZh1" .. "BZh9").
    static bool isBzip2(const QByteArray &head);
    // The decompressed bytes, or empty with `error` set in words when the stream is truncated,
    // damaged or would decompress past `maxBytes`.
    static QByteArray decompress(const QByteArray &bz, std::int64_t maxBytes, QString *error);
};

} // namespace fits
