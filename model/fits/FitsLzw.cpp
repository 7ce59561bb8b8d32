#include "model/fits/FitsLzw.h"

#include <algorithm>
#include <vector>

namespace fits {

namespace {

constexpr int kLzwClearCode = 256;
constexpr int kLzwFirstWidth = 9;

// Reads `width`-bit codes least significant bit first, in compress's groups of 8 codes.
class LzwCodeReader
{
public:
    LzwCodeReader(const QByteArray &bytes, qint64 startByte)
        : m_bytes(bytes), m_bit(startByte * 8), m_groupStart(startByte * 8), m_endBit(qint64(bytes.size()) * 8)
    {
    }
    bool next(int width, int *code)
    {
        if (m_bit + width > m_endBit)
            return false;
        int value = 0;
        for (int got = 0; got < width;) {
            const qint64 byteAt = m_bit >> 3;
            const int shift = int(m_bit & 7);
            const int take = std::min(8 - shift, width - got);
            const int bits = (quint8(m_bytes[qsizetype(byteAt)]) >> shift) & ((1 << take) - 1);
            value |= bits << got;
            got += take;
            m_bit += take;
        }
        *code = value;
        return true;
    }
    // After a width change or CLEAR the encoder flushed its whole group of 8 codes (`width` bytes):
    // skip what is left of it, counted from where codes of this width began.
    void skipRestOfGroup(int width)
    {
        const qint64 groupBits = qint64(width) * 8;
        const qint64 used = (m_bit - m_groupStart) % groupBits;
        if (used != 0)
            m_bit += groupBits - used;
        m_groupStart = m_bit;
    }

private:
    const QByteArray &m_bytes;
    qint64 m_bit;
    qint64 m_groupStart;
    qint64 m_endBit;
};

} // namespace

bool FitsLzw::isUnixCompress(const QByteArray &head)
{
    return head.size() >= 2 && quint8(head[0]) == 0x1f && quint8(head[1]) == 0x9d;
}

QByteArray FitsLzw::decode(const QByteArray &z, std::int64_t maxBytes, QString *error)
{
    if (z.size() < 3) {
        *error = QStringLiteral("The compress'd (.Z) file is truncated: it ends inside its 3-byte header.");
        return {};
    }
    const int flags = quint8(z[2]);
    const int maxWidth = flags & 0x1f;
    const bool blockMode = (flags & 0x80) != 0;
    if (maxWidth < kLzwFirstWidth || maxWidth > 16 || (flags & 0x60) != 0) {
        *error = QStringLiteral("The compress'd (.Z) file is damaged: its header asks for %1-bit codes (compress uses 9 to 16).")
                     .arg(maxWidth);
        return {};
    }
    // `compress -b 9` (ncompress 4.2) writes a stream that neither gzip nor cfitsio decodes (they
    // fail within the first kilobyte) and that this decoder would misread after its first CLEAR:
    // refused, rather than shown with wrong pixels.
    if (maxWidth == kLzwFirstWidth) {
        *error = QStringLiteral("This compress'd (.Z) file was made with 9-bit codes (compress -b 9), which cfitsio "
                                "cannot read either; uncompress it yourself.");
        return {};
    }
    const int tableSize = 1 << maxWidth;
    std::vector<quint16> prefix(std::size_t(tableSize), 0);
    std::vector<quint8> suffix(std::size_t(tableSize), 0);
    for (int c = 0; c < 256; ++c)
        suffix[std::size_t(c)] = quint8(c);
    std::vector<quint8> reversed; // one code's string, last byte first
    reversed.reserve(std::size_t(tableSize));

    LzwCodeReader reader(z, 3);
    int width = kLzwFirstWidth;
    int nextFree = blockMode ? kLzwClearCode + 1 : 256;
    int previous = -1; // no code yet: the next one is a literal byte
    quint8 firstOfPrevious = 0;
    QByteArray out;
    int code = 0;
    while (true) {
        // The table outgrew this width: the encoder widened its codes here.
        if (width < maxWidth && nextFree > (1 << width) - 1) {
            reader.skipRestOfGroup(width);
            ++width;
        }
        if (!reader.next(width, &code))
            break;
        if (previous < 0) {
            if (code > 255) {
                *error = QStringLiteral("The compress'd (.Z) file is damaged: its first code is %1, not a byte.").arg(code);
                return {};
            }
            if (out.size() >= maxBytes)
                break; // reported below
            out.append(char(code));
            previous = code;
            firstOfPrevious = quint8(code);
            continue;
        }
        if (blockMode && code == kLzwClearCode) {
            reader.skipRestOfGroup(width);
            width = kLzwFirstWidth;
            nextFree = kLzwClearCode + 1;
            previous = -1;
            continue;
        }
        if (code > nextFree || (code == nextFree && nextFree >= tableSize)) {
            *error = QStringLiteral("The compress'd (.Z) file is damaged: code %1 where at most %2 can come.").arg(code).arg(nextFree);
            return {};
        }
        reversed.clear();
        int walk = code;
        if (code == nextFree) { // the string being defined: previous string plus its own first byte
            reversed.push_back(firstOfPrevious);
            walk = previous;
        }
        while (walk > 255) {
            reversed.push_back(suffix[std::size_t(walk)]);
            walk = prefix[std::size_t(walk)];
        }
        reversed.push_back(quint8(walk));
        const quint8 first = quint8(walk);
        if (qint64(out.size()) + qint64(reversed.size()) > maxBytes) {
            out.resize(qsizetype(maxBytes));
            break;
        }
        for (auto it = reversed.rbegin(); it != reversed.rend(); ++it)
            out.append(char(*it));
        if (nextFree < tableSize) {
            prefix[std::size_t(nextFree)] = quint16(previous);
            suffix[std::size_t(nextFree)] = first;
            ++nextFree;
        }
        previous = code;
        firstOfPrevious = first;
    }
    if (out.size() >= maxBytes) {
        *error = QStringLiteral("This compress'd (.Z) file decodes to more than %1 MiB, this viewer's limit; "
                                "uncompress it yourself if it is really that large.")
                     .arg(maxBytes >> 20);
        return {};
    }
    return out;
}

} // namespace fits
