#include "network/replies/JsonReader.h"

#include <QtAlgorithms>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jsoc {

namespace {
constexpr int kMaxDepth = 64;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A byte that ends a plain run inside a string: quote, backslash, control or non-ASCII.
constexpr bool isSpecial(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}
} // namespace

// End of the plain run starting at `pos` (index of the first special byte, or `size`).
// The scan is most of the cost of parsing an rs_list body: 16 bytes per step with SSE2 (every
// x86-64), then 8 per step (SWAR), then byte by byte for the tail.
qsizetype JsonReader::plainRunEnd(const char *data, qsizetype pos, qsizetype size)
{
#if defined(__SSE2__)
    // Sixteen bytes per step. As signed bytes, both controls (< 0x20) and non-ASCII (>= 0x80,
    // negative) are "less than 0x20", so one compare finds them.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (pos + 16 <= size) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + pos));
        const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                             _mm_cmplt_epi8(v, space));
        if (const int mask = _mm_movemask_epi8(special))
            return pos + qCountTrailingZeroBits(quint32(mask));
        pos += 16;
    }
#endif
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    while (pos + 8 <= size) {
        quint64 v;
        std::memcpy(&v, data + pos, 8);
        const quint64 quote = v ^ (ones * '"');
        const quint64 slash = v ^ (ones * '\\');
        // High bit set in a byte that is < 0x20, '"', '\\' or >= 0x80. Borrows can only
        // mark bytes above a truly special one, so the lowest mark is exact.
        const quint64 marks = (((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | v) & highs;
        if (marks)
            return pos + qsizetype(qCountTrailingZeroBits(marks) / 8);
        pos += 8;
    }
#endif
    while (pos < size && !isSpecial(static_cast<unsigned char>(data[pos])))
        ++pos;
    return pos;
}

JsonReader::JsonReader(QByteArrayView data) : m_data(data.data()), m_size(data.size()) { }

bool JsonReader::fail(const char *what)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1 at byte %2").arg(QLatin1String(what)).arg(m_pos);
    m_pos = m_size; // stop everything
    return false;
}

void JsonReader::skipWhitespaceSlow()
{
    while (m_pos < m_size) {
        const char c = m_data[m_pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            break;
        ++m_pos;
    }
}

JsonReader::Type JsonReader::peekType()
{
    if (hasError())
        return Type::Invalid;
    skipWhitespace();
    if (m_pos >= m_size)
        return Type::Invalid;
    switch (m_data[m_pos]) {
    case '{': return Type::Object;
    case '[': return Type::Array;
    case '"': return Type::String;
    case 't': return Type::True;
    case 'f': return Type::False;
    case 'n': return Type::Null;
    default: break;
    }
    const char c = m_data[m_pos];
    if (c == '-' || (c >= '0' && c <= '9'))
        return Type::Number;
    return Type::Invalid;
}

bool JsonReader::enterObject()
{
    if (peekType() != Type::Object)
        return fail("expected '{'");
    if (m_depth >= kMaxDepth)
        return fail("nesting too deep");
    ++m_pos;
    m_firstBits |= quint64(1) << m_depth;
    ++m_depth;
    return true;
}

bool JsonReader::enterArray()
{
    if (peekType() != Type::Array)
        return fail("expected '['");
    if (m_depth >= kMaxDepth)
        return fail("nesting too deep");
    ++m_pos;
    m_firstBits |= quint64(1) << m_depth;
    ++m_depth;
    return true;
}

bool JsonReader::nextMember(QByteArrayView &key)
{
    if (hasError() || m_depth == 0)
        return false;
    skipWhitespace();
    if (m_pos >= m_size)
        return fail("unexpected end inside object");
    if (m_data[m_pos] == '}') {
        ++m_pos;
        --m_depth;
        return false;
    }
    const quint64 bit = quint64(1) << (m_depth - 1);
    if (!(m_firstBits & bit)) {
        if (m_data[m_pos] != ',')
            return fail("expected ',' or '}'");
        ++m_pos;
        skipWhitespace();
    }
    m_firstBits &= ~bit;
    if (m_pos >= m_size || m_data[m_pos] != '"')
        return fail("expected a string key");
    if (!readStringInto(key, m_keyScratch))
        return false;
    skipWhitespace();
    if (m_pos >= m_size || m_data[m_pos] != ':')
        return fail("expected ':'");
    ++m_pos;
    return true;
}

bool JsonReader::nextElement()
{
    if (hasError() || m_depth == 0)
        return false;
    skipWhitespace();
    if (m_pos >= m_size)
        return fail("unexpected end inside array");
    if (m_data[m_pos] == ']') {
        ++m_pos;
        --m_depth;
        return false;
    }
    const quint64 bit = quint64(1) << (m_depth - 1);
    if (!(m_firstBits & bit)) {
        if (m_data[m_pos] != ',')
            return fail("expected ',' or ']'");
        ++m_pos;
        skipWhitespace();
        if (m_pos < m_size && m_data[m_pos] == ']')
            return fail("trailing ',' in array");
    }
    m_firstBits &= ~bit;
    return true;
}

bool JsonReader::readString(QByteArrayView &out)
{
    if (peekType() != Type::String)
        return fail("expected a string");
    return readStringInto(out, m_scratch);
}

bool JsonReader::readStringInto(QByteArrayView &out, QByteArray &scratch)
{
    ++m_pos; // opening quote
    const qsizetype start = m_pos;
    // Fast path: plain ASCII without escapes → view into the source.
    m_pos = plainRunEnd(m_data, m_pos, m_size);
    if (m_pos >= m_size)
        return fail("unterminated string");
    if (m_data[m_pos] == '"') {
        out = QByteArrayView(m_data + start, m_pos - start);
        ++m_pos;
        return true;
    }
    scratch.clear();
    scratch.append(m_data + start, m_pos - start);
    while (m_pos < m_size) {
        const qsizetype runStart = m_pos;
        m_pos = plainRunEnd(m_data, m_pos, m_size);
        if (m_pos > runStart)
            scratch.append(m_data + runStart, m_pos - runStart);
        if (m_pos >= m_size)
            break;
        const unsigned char c = static_cast<unsigned char>(m_data[m_pos]);
        if (c == '"') {
            ++m_pos;
            out = QByteArrayView(scratch);
            return true;
        }
        if (c < 0x20)
            return fail("control character in string");
        if (c >= 0x80) { // latin-1 byte → UTF-8
            scratch.append(char(0xC0 | (c >> 6)));
            scratch.append(char(0x80 | (c & 0x3F)));
            ++m_pos;
            continue;
        }
        // backslash escape
        if (m_pos + 1 >= m_size)
            return fail("unterminated escape");
        const char e = m_data[m_pos + 1];
        m_pos += 2;
        switch (e) {
        case '"': scratch.append('"'); break;
        case '\\': scratch.append('\\'); break;
        case '/': scratch.append('/'); break;
        case 'b': scratch.append('\b'); break;
        case 'f': scratch.append('\f'); break;
        case 'n': scratch.append('\n'); break;
        case 'r': scratch.append('\r'); break;
        case 't': scratch.append('\t'); break;
        case 'u': {
            auto read4 = [this](char32_t &v) {
                if (m_pos + 4 > m_size)
                    return false;
                v = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(m_data[m_pos + i]);
                    if (h < 0)
                        return false;
                    v = (v << 4) | char32_t(h);
                }
                m_pos += 4;
                return true;
            };
            char32_t cp = 0;
            if (!read4(cp))
                return fail("bad \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                char32_t low = 0;
                if (m_pos + 2 <= m_size && m_data[m_pos] == '\\' && m_data[m_pos + 1] == 'u') {
                    m_pos += 2;
                    if (!read4(low) || low < 0xDC00 || low > 0xDFFF)
                        return fail("bad surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else {
                    cp = 0xFFFD; // lone high surrogate
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD; // lone low surrogate
            }
            appendUtf8(scratch, cp);
            break;
        }
        default:
            m_pos -= 1;
            return fail("invalid escape in string");
        }
    }
    return fail("unterminated string");
}

bool JsonReader::readNumber(QByteArrayView &out)
{
    if (peekType() != Type::Number)
        return fail("expected a number");
    const qsizetype start = m_pos;
    auto digit = [this] { return m_pos < m_size && m_data[m_pos] >= '0' && m_data[m_pos] <= '9'; };
    if (m_data[m_pos] == '-')
        ++m_pos;
    if (!digit())
        return fail("bad number");
    if (m_data[m_pos] == '0') {
        ++m_pos;
    } else {
        while (digit())
            ++m_pos;
    }
    if (m_pos < m_size && m_data[m_pos] == '.') {
        ++m_pos;
        if (!digit())
            return fail("bad number");
        while (digit())
            ++m_pos;
    }
    if (m_pos < m_size && (m_data[m_pos] == 'e' || m_data[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_size && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
            ++m_pos;
        if (!digit())
            return fail("bad number");
        while (digit())
            ++m_pos;
    }
    out = QByteArrayView(m_data + start, m_pos - start);
    return true;
}

bool JsonReader::expectLiteral(const char *literal, qsizetype length)
{
    if (m_pos + length > m_size || QByteArrayView(m_data + m_pos, length) != QByteArrayView(literal, length))
        return fail("invalid literal");
    m_pos += length;
    return true;
}

bool JsonReader::readScalar(QByteArrayView &out, Type *type)
{
    const Type t = peekType();
    if (type)
        *type = t;
    switch (t) {
    case Type::String: return readStringInto(out, m_scratch); // peekType() stopped at the quote
    case Type::Number: return readNumber(out);
    case Type::True:
        out = QByteArrayView("true");
        return expectLiteral("true", 4);
    case Type::False:
        out = QByteArrayView("false");
        return expectLiteral("false", 5);
    case Type::Null:
        out = QByteArrayView();
        return expectLiteral("null", 4);
    default:
        return fail("expected a value");
    }
}

bool JsonReader::skipValue()
{
    return skipValueDepth(0);
}

bool JsonReader::skipValueDepth(int depth)
{
    if (depth > kMaxDepth)
        return fail("nesting too deep");
    const Type t = peekType();
    if (t == Type::Object) {
        if (!enterObject())
            return false;
        QByteArrayView key;
        while (nextMember(key))
            if (!skipValueDepth(depth + 1))
                return false;
        return !hasError();
    }
    if (t == Type::Array) {
        if (!enterArray())
            return false;
        while (nextElement())
            if (!skipValueDepth(depth + 1))
                return false;
        return !hasError();
    }
    QByteArrayView ignored;
    return readScalar(ignored);
}

bool JsonReader::atEnd()
{
    if (hasError())
        return false;
    skipWhitespace();
    return m_pos >= m_size;
}

} // namespace jsoc
