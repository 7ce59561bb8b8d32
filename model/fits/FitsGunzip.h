#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

// gzip'd FITS files (.fits.gz, .fts.gz: SOHO, GONG and VSO deliver them so), inflated in memory by
// the viewer rather than by cfitsio: cfitsio inflates without a limit (a 64 KiB file can claim
// gigabytes), and the raw header pre-scan (FitsStructure, FitsCompressionCheck) must see the
// inflated bytes before cfitsio reads them. Concatenated gzip members are read as one stream.
namespace fits {

class FitsGunzip final
{
public:
    // True when the bytes begin with gzip's magic number (1f 8b).
    static bool isGzip(const QByteArray &head);
    // The inflated bytes, or empty with `error` set in words when the stream is damaged or would
    // inflate past `maxBytes`.
    static QByteArray inflate(const QByteArray &gz, std::int64_t maxBytes, QString *error);
};

} // namespace fits
