#include "model/fits/FitsBzip2.h"

#include <bzlib.h>

#include <algorithm>

namespace fits {

bool FitsBzip2::isBzip2(const QByteArray &head)
{
    return head.size() >= 4 && head.startsWith("BZh") && head[3] >= '1' && head[3] <= '9';
}

QByteArray FitsBzip2::decompress(const QByteArray &bz, std::int64_t maxBytes, QString *error)
{
    bz_stream stream {};
    if (BZ2_bzDecompressInit(&stream, 0, 0) != BZ_OK) {
        *error = QStringLiteral("The bzip2'd file cannot be read: libbz2 did not start.");
        return {};
    }
    QByteArray out;
    qint64 fed = 0; // input handed to libbz2 so far (it takes at most 4 GiB at a time)
    auto feed = [&] {
        if (stream.avail_in == 0 && fed < bz.size()) {
            const qint64 take = std::min<qint64>(qint64(bz.size()) - fed, qint64(1) << 30);
            stream.next_in = const_cast<char *>(bz.constData() + fed);
            stream.avail_in = unsigned(take);
            fed += take;
        }
    };
    QString problem;
    while (problem.isEmpty()) {
        if (out.size() >= maxBytes) {
            problem = QStringLiteral("This bzip2'd file decompresses to more than %1 MiB, this viewer's limit; "
                                     "bunzip2 it yourself if it is really that large.")
                          .arg(maxBytes >> 20);
            break;
        }
        feed();
        const qint64 room = std::min<qint64>(qint64(1) << 20, maxBytes - qint64(out.size()));
        const qsizetype before = out.size();
        out.resize(before + qsizetype(room));
        stream.next_out = out.data() + before;
        stream.avail_out = unsigned(room);
        const int rc = BZ2_bzDecompress(&stream);
        out.resize(before + qsizetype(room - stream.avail_out));
        if (rc == BZ_STREAM_END) {
            const qint64 left = qint64(stream.avail_in) + (qint64(bz.size()) - fed);
            if (left == 0)
                break;
            // Another stream follows (what `cat a.bz2 b.bz2` or pbzip2 makes): bunzip2 reads on.
            const qint64 nextAt = qint64(bz.size()) - left;
            if (!isBzip2(bz.mid(qsizetype(nextAt), 4)))
                break; // trailing bytes after the stream, as bunzip2 ignores them with a warning
            BZ2_bzDecompressEnd(&stream);
            stream = bz_stream {};
            if (BZ2_bzDecompressInit(&stream, 0, 0) != BZ_OK) {
                problem = QStringLiteral("The bzip2'd file cannot be read past its first stream.");
                break;
            }
            fed = nextAt;
            continue;
        }
        if (rc == BZ_OK && stream.avail_in == 0 && fed >= bz.size() && stream.avail_out > 0)
            problem = QStringLiteral("The bzip2'd file is truncated: its stream ends after %1 decompressed bytes.").arg(out.size());
        else if (rc == BZ_DATA_ERROR || rc == BZ_DATA_ERROR_MAGIC)
            problem = QStringLiteral("The bzip2'd file is damaged: a block fails its check (libbz2 error %1).").arg(rc);
        else if (rc != BZ_OK)
            problem = QStringLiteral("The bzip2'd file cannot be read: libbz2 error %1.").arg(rc);
    }
    BZ2_bzDecompressEnd(&stream);
    if (!problem.isEmpty()) {
        *error = problem;
        return {};
    }
    return out;
}

} // namespace fits
