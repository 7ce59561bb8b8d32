#include "model/records/TableWriter.h"

#include "model/records/CsvField.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace jsoc {

namespace {

// All escaping works on UTF-8 bytes: every byte that needs care is ASCII, and the other
// bytes (including multi-byte sequences) are copied as they are.
struct ByteSet {
    bool has[256] = {};
    constexpr explicit ByteSet(const char *chars)
    {
        for (; *chars; ++chars)
            has[static_cast<unsigned char>(*chars)] = true;
    }
};
constexpr ByteSet kTsvSpecial("\\\t\n\r");

// One table lookup per byte: this runs for every cell of a million-row query.
bool containsAnyOf(QByteArrayView value, const ByteSet &set)
{
    for (const char c : value)
        if (set.has[static_cast<unsigned char>(c)])
            return true;
    return false;
}

// TSV has no quoting: tabs and line breaks inside a value are written as escapes. Like
// csv::writeField, it writes through a raw cursor into room the caller reserved (2 * size at most).
char *writeTsvField(char *p, QByteArrayView value)
{
    if (!containsAnyOf(value, kTsvSpecial)) {
        std::memcpy(p, value.data(), size_t(value.size()));
        return p + value.size();
    }
    for (const char c : value) {
        switch (c) {
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        default: *p++ = c;
        }
    }
    return p;
}

void appendJsonString(QByteArray &buf, QByteArrayView value)
{
    buf += '"';
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': buf += "\\\""; break;
        case '\\': buf += "\\\\"; break;
        case '\n': buf += "\\n"; break;
        case '\r': buf += "\\r"; break;
        case '\t': buf += "\\t"; break;
        default:
            if (c < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
                buf += escaped;
            } else {
                buf += ch;
            }
        }
    }
    buf += '"';
}

} // namespace

TableWriter::TableWriter(QIODevice &out, Format format)
    : m_out(out)
    , m_format(format)
{
}

bool TableWriter::parseFormat(const QString &text, Format *format)
{
    if (text == u"csv")
        *format = Format::Csv;
    else if (text == u"tsv")
        *format = Format::Tsv;
    else if (text == u"json")
        *format = Format::Json;
    else
        return false;
    return true;
}

void TableWriter::writeHeader(const QStringList &names)
{
    m_jsonKeys.clear();
    for (const QString &name : names) {
        QByteArray key;
        appendJsonString(key, name.toUtf8());
        m_jsonKeys.push_back(key);
    }
    if (m_format == Format::Json) {
        m_buffer += '[';
        return;
    }
    writeRow(names);
    m_rows = 0;
}

void TableWriter::writeRow(const QStringList &values)
{
    std::vector<QByteArray> utf8;
    utf8.reserve(size_t(values.size()));
    std::vector<RawCell> cells;
    cells.reserve(size_t(values.size()));
    for (const QString &v : values) {
        utf8.push_back(v.toUtf8());
        cells.push_back({QByteArrayView(utf8.back()), v.isNull()});
    }
    writeRawRow(cells);
}

void TableWriter::writeRawRow(const std::vector<RawCell> &cells)
{
    if (m_format == Format::Json) {
        m_buffer += m_rows == 0 ? "\n{" : ",\n{";
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i)
                m_buffer += ',';
            if (i < m_jsonKeys.size())
                m_buffer += m_jsonKeys[i];
            else
                m_buffer += "\"\"";
            m_buffer += ':';
            if (cells[i].missing)
                m_buffer += "null";
            else
                appendJsonString(m_buffer, cells[i].utf8);
        }
        m_buffer += '}';
    } else {
        // One reservation per row, then plain stores: this runs for every row of a million-row query.
        const bool csv = m_format == Format::Csv;
        qsizetype bound = 2;
        for (const RawCell &cell : cells)
            bound += jsoc::csv::maxFieldBytes(cell.utf8.size()) + 1; // + its separator
        const qsizetype old = m_buffer.size();
        if (m_buffer.capacity() - old < bound)
            m_buffer.reserve(std::max(2 * m_buffer.capacity(), old + bound));
        m_buffer.resize(old + bound); // within capacity: no copy, no initialising
        char *const start = m_buffer.data();
        char *p = start + old;
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i)
                *p++ = csv ? ',' : '\t';
            if (!cells[i].missing)
                p = csv ? jsoc::csv::writeField(p, cells[i].utf8) : writeTsvField(p, cells[i].utf8);
        }
        if (csv)
            *p++ = '\r';
        *p++ = '\n';
        m_buffer.resize(p - start);
    }
    ++m_rows;
    flushIfLarge();
}

void TableWriter::finish()
{
    if (m_format == Format::Json)
        m_buffer += m_rows ? "\n]\n" : "]\n";
    m_out.write(m_buffer);
    m_buffer.clear();
}

void TableWriter::flushIfLarge()
{
    if (m_buffer.size() > (1 << 20)) {
        m_out.write(m_buffer);
        m_buffer.truncate(0); // keeps the capacity: clear() would free it and grow it again
    }
}

} // namespace jsoc
