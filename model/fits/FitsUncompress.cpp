#include "model/fits/FitsUncompress.h"

#include "model/fits/FitsBzip2.h"
#include "model/fits/FitsGunzip.h"
#include "model/fits/FitsLzw.h"
#include "model/fits/FitsZip.h"

#include <QFile>

namespace fits {

FitsUncompress::Container FitsUncompress::containerOf(const QByteArray &head)
{
    if (FitsGunzip::isGzip(head))
        return Container::Gzip;
    if (FitsLzw::isUnixCompress(head))
        return Container::UnixCompress;
    if (FitsZip::isZip(head))
        return Container::Zip;
    if (FitsBzip2::isBzip2(head))
        return Container::Bzip2;
    return Container::None;
}

QByteArray FitsUncompress::unpack(const QByteArray &bytes, std::int64_t maxBytes, QString *error)
{
    switch (containerOf(bytes.left(4))) {
    case Container::Gzip: return FitsGunzip::inflate(bytes, maxBytes, error);
    case Container::UnixCompress: return FitsLzw::decode(bytes, maxBytes, error);
    case Container::Zip: return FitsZip::unpackFirstMember(bytes, maxBytes, error);
    case Container::Bzip2: return FitsBzip2::decompress(bytes, maxBytes, error);
    case Container::None: break;
    }
    return bytes;
}

bool FitsUncompress::readIfCompressed(const QString &path, std::int64_t maxBytes, QByteArray *unpacked, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || containerOf(file.peek(4)) == Container::None)
        return false; // an unreadable file is reported by the FITS opening itself
    const QByteArray packed = file.readAll();
    QString problem;
    *unpacked = unpack(packed, maxBytes, &problem);
    if (!problem.isEmpty())
        *error = problem;
    return true;
}

} // namespace fits
