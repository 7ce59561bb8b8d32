#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

// Whole-file compressed FITS as cfitsio's own tools read them: gzip (FitsGunzip), Unix compress .Z
// (FitsLzw), PKZIP (FitsZip) and bzip2 (FitsBzip2). Recognised by their magic bytes, never by the
// file's name, and unpacked in memory under one cap, so the raw header pre-scan sees the real
// bytes and a small file that claims gigabytes is refused in words (cfitsio has no limit).
namespace fits {

class FitsUncompress final
{
public:
    enum class Container { None, Gzip, UnixCompress, Zip, Bzip2 };
    // Which container the bytes begin with (the first 4 bytes are enough).
    static Container containerOf(const QByteArray &head);
    // The unpacked bytes of a compressed container, or empty with `error` set in words. Bytes in
    // no container are returned as they are.
    static QByteArray unpack(const QByteArray &bytes, std::int64_t maxBytes, QString *error);
    // When the file at `path` is compressed: true, with its unpacked bytes in `unpacked` (or
    // `error` set). False for any other file, which is then read from disk as it is.
    static bool readIfCompressed(const QString &path, std::int64_t maxBytes, QByteArray *unpacked, QString *error);
};

} // namespace fits
