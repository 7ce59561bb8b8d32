#include "model/fits/FitsZip.h"

#include <zlib.h>

#include <algorithm>

namespace fits {

namespace {

constexpr quint32 kZipLocalSignature = 0x04034b50;
constexpr quint32 kZipCentralSignature = 0x02014b50;
constexpr quint32 kZipEndSignature = 0x06054b50;
constexpr int kZipEndRecordSize = 22;

quint32 zipLittle32(const QByteArray &b, qint64 at)
{
    return quint32(quint8(b[qsizetype(at)])) | quint32(quint8(b[qsizetype(at + 1)])) << 8
           | quint32(quint8(b[qsizetype(at + 2)])) << 16 | quint32(quint8(b[qsizetype(at + 3)])) << 24;
}

quint16 zipLittle16(const QByteArray &b, qint64 at)
{
    return quint16(quint8(b[qsizetype(at)]) | quint8(b[qsizetype(at + 1)]) << 8);
}

// The end-of-central-directory record: within the last 22 + 65535 (comment) bytes.
qint64 zipEndRecordAt(const QByteArray &zip)
{
    const qint64 lowest = std::max<qint64>(0, qint64(zip.size()) - kZipEndRecordSize - 0xffff);
    for (qint64 at = qint64(zip.size()) - kZipEndRecordSize; at >= lowest; --at) {
        if (zipLittle32(zip, at) == kZipEndSignature)
            return at;
    }
    return -1;
}

QString zipCapWords(std::int64_t maxBytes)
{
    return QStringLiteral("This zip'd file unpacks to more than %1 MiB, this viewer's limit; "
                          "unzip it yourself if it is really that large.")
        .arg(maxBytes >> 20);
}

// Raw deflate (no zlib/gzip wrapper), as zip stores it, stopping at the cap.
QByteArray zipInflateRaw(const char *data, qint64 size, std::int64_t maxBytes, QString *error)
{
    z_stream stream {};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
        *error = QStringLiteral("The zip'd file cannot be read: zlib did not start.");
        return {};
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
    stream.avail_in = uInt(size);
    QByteArray out;
    QString problem;
    while (problem.isEmpty()) {
        if (out.size() >= maxBytes) {
            problem = zipCapWords(maxBytes);
            break;
        }
        const qint64 room = std::min<qint64>(qint64(1) << 20, maxBytes - qint64(out.size()));
        const qsizetype before = out.size();
        out.resize(before + qsizetype(room));
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + before);
        stream.avail_out = uInt(room);
        const int rc = ::inflate(&stream, Z_NO_FLUSH);
        out.resize(before + qsizetype(room - stream.avail_out));
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR && stream.avail_in == 0 && stream.avail_out > 0)
            problem = QStringLiteral("The zip'd file is truncated: its data ends after %1 unpacked bytes.").arg(out.size());
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            problem = QStringLiteral("The zip'd file is damaged: %1.")
                          .arg(stream.msg ? QString::fromLatin1(stream.msg) : QStringLiteral("zlib error %1").arg(rc));
    }
    inflateEnd(&stream);
    if (!problem.isEmpty()) {
        *error = problem;
        return {};
    }
    return out;
}

} // namespace

bool FitsZip::isZip(const QByteArray &head)
{
    return head.size() >= 4 && zipLittle32(head, 0) == kZipLocalSignature;
}

QByteArray FitsZip::unpackFirstMember(const QByteArray &zip, std::int64_t maxBytes, QString *error)
{
    const qint64 end = zipEndRecordAt(zip);
    if (end < 0) {
        *error = QStringLiteral("The zip'd file is truncated: its table of contents (the central directory at its end) is missing.");
        return {};
    }
    const quint16 members = zipLittle16(zip, end + 10);
    const quint32 directoryAt = zipLittle32(zip, end + 16);
    if (members == 0) {
        *error = QStringLiteral("The zip file is empty: it holds no file.");
        return {};
    }
    if (directoryAt == 0xffffffffu || qint64(directoryAt) + 46 > end || zipLittle32(zip, directoryAt) != kZipCentralSignature) {
        *error = QStringLiteral("The zip'd file is damaged: its central directory is not where its end record says "
                                "(or it is a zip64 archive, which is not read here).");
        return {};
    }
    const quint16 flags = zipLittle16(zip, directoryAt + 8);
    const quint16 method = zipLittle16(zip, directoryAt + 10);
    const quint32 crc = zipLittle32(zip, directoryAt + 16);
    const quint32 packedSize = zipLittle32(zip, directoryAt + 20);
    const quint32 size = zipLittle32(zip, directoryAt + 24);
    const quint32 localAt = zipLittle32(zip, directoryAt + 42);
    if (flags & 0x1) {
        *error = QStringLiteral("The zip'd file is encrypted; unzip it yourself with its password.");
        return {};
    }
    if (method != 0 && method != 8) {
        *error = QStringLiteral("The zip'd file uses compression method %1; only stored and deflated members are read here "
                                "(unzip it yourself).")
                     .arg(method);
        return {};
    }
    if (packedSize == 0xffffffffu || size == 0xffffffffu || localAt == 0xffffffffu) {
        *error = QStringLiteral("The zip'd file is a zip64 archive (over 4 GiB), which is not read here; unzip it yourself.");
        return {};
    }
    if (qint64(size) > maxBytes) {
        *error = zipCapWords(maxBytes);
        return {};
    }
    if (qint64(localAt) + 30 > end || zipLittle32(zip, localAt) != kZipLocalSignature) {
        *error = QStringLiteral("The zip'd file is damaged: its first member's header is not where the directory says.");
        return {};
    }
    const qint64 dataAt = qint64(localAt) + 30 + zipLittle16(zip, localAt + 26) + zipLittle16(zip, localAt + 28);
    if (dataAt + qint64(packedSize) > end) {
        *error = QStringLiteral("The zip'd file is damaged: its first member runs past the archive's directory.");
        return {};
    }
    QByteArray out;
    if (method == 0) {
        if (packedSize != size) {
            *error = QStringLiteral("The zip'd file is damaged: a stored member of %1 bytes claims %2.").arg(packedSize).arg(size);
            return {};
        }
        out = zip.mid(qsizetype(dataAt), qsizetype(size));
    } else {
        // The cap is the smaller of the caller's and the size the directory promises (plus one byte,
        // so a member that unpacks longer than it says is caught below).
        const std::int64_t cap = std::min<std::int64_t>(maxBytes, std::int64_t(size) + 1);
        QString problem;
        out = zipInflateRaw(zip.constData() + dataAt, packedSize, cap, &problem);
        if (!problem.isEmpty()) {
            *error = cap < maxBytes && problem.startsWith(QLatin1String("This zip'd"))
                         ? QStringLiteral("The zip'd file is damaged: its first member unpacks to more than the %1 bytes it claims.").arg(size)
                         : problem;
            return {};
        }
    }
    if (quint32(out.size()) != size) {
        *error = QStringLiteral("The zip'd file is damaged: its first member unpacks to %1 bytes, not the %2 it claims.")
                     .arg(out.size())
                     .arg(size);
        return {};
    }
    const quint32 got = quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(out.constData()), uInt(out.size())));
    if (got != crc) {
        *error = QStringLiteral("The zip'd file is damaged: its first member's CRC-32 is %1, not the %2 recorded.")
                     .arg(got, 8, 16, QLatin1Char('0'))
                     .arg(crc, 8, 16, QLatin1Char('0'));
        return {};
    }
    return out;
}

} // namespace fits
