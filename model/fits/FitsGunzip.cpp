#include "model/fits/FitsGunzip.h"

#include <zlib.h>

#include <algorithm>

namespace fits {

bool FitsGunzip::isGzip(const QByteArray &head)
{
    return head.size() >= 2 && quint8(head[0]) == 0x1f && quint8(head[1]) == 0x8b;
}

QByteArray FitsGunzip::inflate(const QByteArray &gz, std::int64_t maxBytes, QString *error)
{
    z_stream stream {};
    // 16 + MAX_WBITS: a gzip header and trailer around the deflate stream.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        *error = QStringLiteral("The gzip stream cannot be read: zlib did not start.");
        return {};
    }
    QByteArray out;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gz.constData()));
    stream.avail_in = uInt(gz.size());
    const qint64 chunk = qint64(1) << 20;
    int rc = Z_OK;
    QString problem;
    while (problem.isEmpty()) {
        if (out.size() >= maxBytes) {
            problem = QStringLiteral("This gzip'd file inflates to more than %1 MiB, this viewer's limit; "
                                     "gunzip it yourself if it is really that large.")
                          .arg(maxBytes >> 20);
            break;
        }
        const qint64 room = std::min<qint64>(chunk, maxBytes - qint64(out.size()));
        const qsizetype before = out.size();
        out.resize(before + qsizetype(room));
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + before);
        stream.avail_out = uInt(room);
        rc = ::inflate(&stream, Z_NO_FLUSH);
        out.resize(before + qsizetype(room - stream.avail_out));
        if (rc == Z_STREAM_END) {
            if (stream.avail_in == 0)
                break;
            // Another gzip member follows (what `cat a.gz b.gz` makes): gunzip reads on.
            if (inflateReset(&stream) != Z_OK)
                problem = QStringLiteral("The gzip stream cannot be read past its first member.");
            continue;
        }
        if (rc == Z_BUF_ERROR && stream.avail_in == 0 && stream.avail_out > 0)
            problem = QStringLiteral("The gzip'd file is truncated: its stream ends after %1 inflated bytes.").arg(out.size());
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            problem = QStringLiteral("The gzip'd file is damaged: %1.")
                          .arg(stream.msg ? QString::fromLatin1(stream.msg) : QStringLiteral("zlib error %1").arg(rc));
    }
    inflateEnd(&stream);
    if (!problem.isEmpty()) {
        *error = problem;
        return {};
    }
    return out;
}

} // namespace fits
