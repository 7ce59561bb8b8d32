#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <vector>

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
    // True if only whitespace remains.
    bool atEnd();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype offset() const { return m_pos; }

private:
    bool fail(const char *what);
    void skipWhitespace();
    bool readStringInto(QByteArrayView &out, QByteArray &scratch);
    bool expectLiteral(const char *literal, qsizetype length);
    bool skipValueDepth(int depth);

    const char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_pos = 0;
    QByteArray m_scratch;
    QByteArray m_keyScratch;
    std::vector<bool> m_first; // per open container: no element read yet
    QString m_error;
};

} // namespace jsoc
