#include "support/CompressedContainers.h"

#include <bzlib.h>
#include <zlib.h>

#include <unordered_map>

namespace testsupport {

namespace {

// LSB-first codes in compress's groups of 8; a width change or CLEAR pads the group out.
class LzwCodeWriter
{
public:
    explicit LzwCodeWriter(QByteArray *out) : m_out(out), m_start(out->size()) { }
    void write(int code, int width)
    {
        for (int i = 0; i < width; ++i, ++m_bits) {
            if (m_bits % 8 == 0)
                m_out->append('\0');
            if (code & (1 << i))
                (*m_out)[m_start + qsizetype(m_bits / 8)] = char(quint8((*m_out)[m_start + qsizetype(m_bits / 8)]) | (1 << (m_bits % 8)));
        }
        m_bitsAfterLastCode = m_bits;
    }
    void padGroup(int width)
    {
        const qint64 groupBits = qint64(width) * 8;
        const qint64 used = (m_bits - m_groupStart) % groupBits;
        if (used != 0) {
            for (qint64 i = 0; i < groupBits - used; ++i, ++m_bits) {
                if (m_bits % 8 == 0)
                    m_out->append('\0');
            }
        }
        m_groupStart = m_bits;
    }
    // Padding after the last code is not written: a reader would take it for more codes.
    void finish() { m_out->resize(m_start + qsizetype((m_bitsAfterLastCode + 7) / 8)); }

private:
    QByteArray *m_out;
    qsizetype m_start;
    qint64 m_bits = 0;
    qint64 m_groupStart = 0;
    qint64 m_bitsAfterLastCode = 0;
};

void zipPut16(QByteArray *b, quint32 v)
{
    b->append(char(v & 0xff)).append(char((v >> 8) & 0xff));
}

void zipPut32(QByteArray *b, quint32 v)
{
    zipPut16(b, v & 0xffff);
    zipPut16(b, v >> 16);
}

QByteArray rawDeflated(const QByteArray &bytes)
{
    z_stream s {};
    deflateInit2(&s, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&s, uLong(bytes.size()))), '\0');
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData()));
    s.avail_in = uInt(bytes.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    const int rc = deflate(&s, Z_FINISH);
    out.resize(qsizetype(s.total_out));
    deflateEnd(&s);
    return rc == Z_STREAM_END ? out : QByteArray();
}

} // namespace

QByteArray unixCompressed(const QByteArray &bytes, int maxBits)
{
    QByteArray out;
    out.append(char(0x1f)).append(char(0x9d)).append(char(0x80 | maxBits));
    if (bytes.isEmpty())
        return out;
    LzwCodeWriter writer(&out);
    const int tableEnd = 1 << maxBits;
    std::unordered_map<quint32, int> table; // (prefix code << 8 | next byte) -> code
    int width = 9;
    int nextFree = 257;
    // compress widens after writing a code once its table has outgrown the width.
    auto putCode = [&](int code) {
        writer.write(code, width);
        if (width < maxBits && nextFree > (1 << width) - 1) {
            writer.padGroup(width);
            ++width;
        }
    };
    int prefix = quint8(bytes[0]);
    for (qsizetype i = 1; i < bytes.size(); ++i) {
        const quint8 c = quint8(bytes[i]);
        const quint32 key = quint32(prefix) << 8 | c;
        if (const auto found = table.find(key); found != table.end()) {
            prefix = found->second;
            continue;
        }
        putCode(prefix);
        if (nextFree < tableEnd) {
            table.emplace(key, nextFree++);
        } else { // full: start afresh, as block mode allows
            writer.write(256, width);
            writer.padGroup(width);
            table.clear();
            width = 9;
            nextFree = 257;
        }
        prefix = c;
    }
    putCode(prefix);
    writer.finish();
    return out;
}

QByteArray zipOfOne(const QByteArray &bytes, const QByteArray &name, bool deflate)
{
    const QByteArray data = deflate ? rawDeflated(bytes) : bytes;
    const quint32 crc = quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(bytes.constData()), uInt(bytes.size())));
    const quint32 method = deflate ? 8 : 0;
    auto common = [&](QByteArray *b) { // from "version needed" to "extra field length"
        zipPut16(b, 20);
        zipPut16(b, 0);      // flags
        zipPut16(b, method);
        zipPut16(b, 0);      // 00:00:00
        zipPut16(b, 0x21);   // 1980-01-01
        zipPut32(b, crc);
        zipPut32(b, quint32(data.size()));
        zipPut32(b, quint32(bytes.size()));
        zipPut16(b, quint32(name.size()));
        zipPut16(b, 0);
    };
    QByteArray zip;
    zipPut32(&zip, 0x04034b50);
    common(&zip);
    zip += name + data;
    const quint32 directoryAt = quint32(zip.size());
    zipPut32(&zip, 0x02014b50);
    zipPut16(&zip, 0x0314); // made by: Unix, 2.0
    common(&zip);
    zipPut16(&zip, 0);      // comment length
    zipPut16(&zip, 0);      // disk
    zipPut16(&zip, 0);      // internal attributes
    zipPut32(&zip, 0100644u << 16);
    zipPut32(&zip, 0);      // local header at 0
    zip += name;
    const quint32 directorySize = quint32(zip.size()) - directoryAt;
    zipPut32(&zip, 0x06054b50);
    zipPut16(&zip, 0);
    zipPut16(&zip, 0);
    zipPut16(&zip, 1);
    zipPut16(&zip, 1);
    zipPut32(&zip, directorySize);
    zipPut32(&zip, directoryAt);
    zipPut16(&zip, 0);
    return zip;
}

QByteArray bzip2Compressed(const QByteArray &bytes)
{
    unsigned int size = unsigned(bytes.size() + bytes.size() / 100 + 600);
    QByteArray out(qsizetype(size), '\0');
    const int rc = BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char *>(bytes.constData()), unsigned(bytes.size()), 9, 0, 0);
    if (rc != BZ_OK)
        return {};
    out.resize(qsizetype(size));
    return out;
}

} // namespace testsupport
