#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

namespace jsoc {

// A small, strict, single-pass JSON pull reader over a byte buffer (RFC 8259 grammar).
// Made for big rs_list bodies: strings come back as views into the source when they contain
// no escapes and only ASCII, otherwise decoded into a scratch buffer. Bytes >= 0x80 are taken
// as latin-1 (JSOC's writer copies raw bytes, protocol §2) and returned as UTF-8.
// After any failure every call returns false and errorString() says what and where.
class JsonReader final
{
public:
    enum class Type { Object, Array, String, Number, True, False, Null, Invalid };

    explicit JsonReader(QByteArrayView data);

    // Type of the next value (after whitespace) without consuming it.
    Type peekType();

    // Consumes '{'. Then loop: while (nextMember(key)) { read or skip the value }.
    bool enterObject();
    // Reads the next key (and its ':'); false at the closing '}' (consumed) or on error.
    // `key` stays valid until the next nextMember() call.
    bool nextMember(QByteArrayView &key);

    // Consumes '['. Then loop: while (nextElement()) { read or skip one value }.
    bool enterArray();
    // True if another element follows; false at ']' (consumed) or on error.
    bool nextElement();

    // Reads a string value. `out` is valid until the next read call.
    bool readString(QByteArrayView &out);
    // Reads a number and returns its literal text.
    bool readNumber(QByteArrayView &out);
    // Reads a string, number, true/false ("true"/"false") or null ("") as text.
    bool readScalar(QByteArrayView &out, Type *type = nullptr);
    bool skipValue();
    // Reads an array of scalars (the '[' not yet consumed), calling sink(QByteArrayView) for
    // each as readScalar() would give it. Runs of plain strings ("…","…" without escapes, the
    // bulk of an rs_list) take a fast path; anything else goes through the general reader.
    template <typename Sink>
    bool readScalarArray(Sink &&sink)
    {
        if (!enterArray())
            return false;
        bool first = true;
        for (;;) {
            qsizetype p = m_pos;
            if (!first) {
                if (p >= m_size || m_data[p] != ',')
                    break;
                ++p;
            }
            if (p >= m_size || m_data[p] != '"')
                break;
            const qsizetype end = plainRunEnd(m_data, p + 1, m_size);
            if (end >= m_size || m_data[end] != '"')
                break; // escapes, non-ASCII or truncated: the general path decides
            sink(QByteArrayView(m_data + p + 1, end - p - 1));
            m_pos = end + 1;
            first = false;
        }
        if (!first)
            m_firstBits &= ~(quint64(1) << (m_depth - 1));
        QByteArrayView value;
        while (nextElement()) {
            if (!readScalar(value))
                return false;
            sink(value);
        }
        return !hasError();
    }
    // True if only whitespace remains.
    bool atEnd();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype offset() const { return m_pos; }
    qsizetype remaining() const { return m_size - m_pos; } // bytes not read yet

private:
    bool fail(const char *what);
    // Index of the first byte at or after `pos` that ends a plain string run (quote,
    // backslash, control or non-ASCII), or `size`.
    static qsizetype plainRunEnd(const char *data, qsizetype pos, qsizetype size);
    // Inline fast path: compact bodies (rs_list) have no whitespace between tokens.
    void skipWhitespace()
    {
        if (m_pos < m_size && static_cast<unsigned char>(m_data[m_pos]) > ' ')
            return;
        skipWhitespaceSlow();
    }
    void skipWhitespaceSlow();
    bool readStringInto(QByteArrayView &out, QByteArray &scratch);
    bool expectLiteral(const char *literal, qsizetype length);
    bool skipValueDepth(int depth);

    const char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_pos = 0;
    QByteArray m_scratch;
    QByteArray m_keyScratch;
    // Per open container, one bit: no element read yet (bit `depth - 1`). The depth limit
    // (64) lets one word hold them all; a std::vector<bool> cost ~10% of an rs_list parse.
    quint64 m_firstBits = 0;
    int m_depth = 0;
    QString m_error;
};

} // namespace jsoc
