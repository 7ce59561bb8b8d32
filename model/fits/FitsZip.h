#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

// PKZIP archives of one FITS file (.fits.zip, magic "PK\3\4"), unpacked in memory under a cap as
// cfitsio does: the first member, stored or deflated, its CRC-32 checked. The member is found from
// the central directory at the end (a streamed zip's local header holds no sizes).
namespace fits {

class FitsZip final
{
public:
    // True when the bytes begin with a zip local file header ("PK\3\4").
    static bool isZip(const QByteArray &head);
    // The first member's bytes, or empty with `error` set in words when the archive is truncated,
    // damaged, of a kind not read here (zip64, encrypted, another method) or would unpack past `maxBytes`.
    static QByteArray unpackFirstMember(const QByteArray &zip, std::int64_t maxBytes, QString *error);
};

} // namespace fits
