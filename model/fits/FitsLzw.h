#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

// Unix compress(1) files (.fits.Z, magic 1f 9d: old archives such as Yohkoh's and some SOHO ones),
// decoded in memory under a cap, as FitsGunzip does for gzip. The format: a 3-byte header (1f 9d,
// then max code width 9..16 and the block-mode flag 0x80), then LZW codes, least significant bit
// first, 9 bits wide at first and one bit wider each time the table outgrows the width; codes come
// in groups of 8 (a group of n-bit codes is n bytes), and a width change or CLEAR (code 256, block
// mode) skips the rest of the current group.
namespace fits {

class FitsLzw final
{
public:
    // True when the bytes begin with compress's magic number (1f 9d).
    static bool isUnixCompress(const QByteArray &head);
    // The decoded bytes, or empty with `error` set in words when the stream is damaged or would
    // decode past `maxBytes`. (LZW has no checksum or end marker: a cut stream decodes to fewer
    // bytes, which the FITS reading then reports as a truncated file.)
    static QByteArray decode(const QByteArray &z, std::int64_t maxBytes, QString *error);
};

} // namespace fits
