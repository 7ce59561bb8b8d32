#include "app/cli/shared/TerminalText.h"

namespace cli {
namespace {

void appendEscape(QByteArray &out, unsigned code)
{
    static const char hex[] = "0123456789abcdef";
    if (code < 0x100) {
        out += "\\x";
        out += hex[(code >> 4) & 0xF];
        out += hex[code & 0xF];
    } else {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
            out += hex[(code >> shift) & 0xF];
    }
}

// Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes).
int sequenceLength(unsigned char lead)
{
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    if (lead >= 0xE0)
        return lead <= 0xEF ? 3 : 1;
    if (lead >= 0xC2)
        return 2;
    return 1;
}

} // namespace

QByteArray terminalSafe(QByteArrayView utf8)
{
    QByteArray out;
    out.reserve(utf8.size());
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype n = utf8.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x20 || c == 0x7F) {
            if (c == '\n' || c == '\t')
                out += char(c);
            else
                appendEscape(out, c);
            ++i;
            continue;
        }
        if (c < 0x80) {
            out += char(c);
            ++i;
            continue;
        }
        const int len = sequenceLength(c);
        if (len == 2 && i + 1 < n && c == 0xC2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) {
            appendEscape(out, p[i + 1]); // C1 control
            i += 2;
            continue;
        }
        if (len == 3 && i + 2 < n && c == 0xE2) {
            const unsigned code = 0x2000u | (unsigned(p[i + 1] & 0x3F) << 6) | unsigned(p[i + 2] & 0x3F);
            if ((code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069)) {
                appendEscape(out, code);
                i += 3;
                continue;
            }
        }
        out += char(c); // other non-ASCII bytes pass unchanged
        ++i;
    }
    return out;
}

TerminalSafeDevice::TerminalSafeDevice(std::FILE *stream) : m_stream(stream)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

TerminalSafeDevice::~TerminalSafeDevice()
{
    if (!m_carry.isEmpty()) {
        const QByteArray rest = terminalSafe(m_carry);
        std::fwrite(rest.constData(), 1, size_t(rest.size()), m_stream);
    }
    std::fflush(m_stream);
}

qint64 TerminalSafeDevice::writeData(const char *data, qint64 size)
{
    QByteArray chunk = m_carry;
    chunk.append(data, size);
    m_carry.clear();
    // Hold back a trailing sequence that is not complete yet (at most 3 bytes), so that a C1
    // control or a bidi override split across writes is still recognised.
    const qsizetype n = chunk.size();
    for (qsizetype back = 1; back <= 3 && back <= n; ++back) {
        const auto lead = static_cast<unsigned char>(chunk[n - back]);
        if ((lead & 0xC0) == 0x80)
            continue; // continuation byte: look further back for the lead
        if (lead >= 0xC2 && sequenceLength(lead) > back)
            m_carry = chunk.right(back);
        break;
    }
    chunk.chop(m_carry.size());
    const QByteArray safe = terminalSafe(chunk);
    if (!safe.isEmpty() && std::fwrite(safe.constData(), 1, size_t(safe.size()), m_stream) != size_t(safe.size()))
        return -1;
    std::fflush(m_stream);
    return size;
}

TerminalStreams::TerminalStreams()
{
    out.setEncoding(QStringConverter::Utf8);
    err.setEncoding(QStringConverter::Utf8);
}

} // namespace cli
