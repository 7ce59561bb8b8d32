#include "TableWriter.h"

namespace {

void appendCsvField(QByteArray &buf, const QString &value)
{
    const bool needsQuotes = value.contains(u',') || value.contains(u'"') || value.contains(u'\n')
                             || value.contains(u'\r');
    if (!needsQuotes) {
        buf += value.toUtf8();
        return;
    }
    buf += '"';
    QString escaped = value;
    escaped.replace(u'"', QStringLiteral("\"\""));
    buf += escaped.toUtf8();
    buf += '"';
}

// TSV has no quoting: tabs and line breaks inside a value are written as escapes.
void appendTsvField(QByteArray &buf, const QString &value)
{
    QString v = value;
    v.replace(u'\\', QStringLiteral("\\\\"));
    v.replace(u'\t', QStringLiteral("\\t"));
    v.replace(u'\n', QStringLiteral("\\n"));
    v.replace(u'\r', QStringLiteral("\\r"));
    buf += v.toUtf8();
}

void appendJsonString(QByteArray &buf, const QString &value)
{
    buf += '"';
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '"': buf += "\\\""; break;
        case '\\': buf += "\\\\"; break;
        case '\n': buf += "\\n"; break;
        case '\r': buf += "\\r"; break;
        case '\t': buf += "\\t"; break;
        default:
            if (c.unicode() < 0x20)
                buf += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toLatin1();
            else
                buf += QString(c).toUtf8();
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
    m_names = names;
    if (m_format == Format::Json) {
        m_buffer += '[';
        return;
    }
    writeRow(names);
    m_rows = 0;
}

void TableWriter::writeRow(const QStringList &values)
{
    if (m_format == Format::Json) {
        m_buffer += m_rows == 0 ? "\n{" : ",\n{";
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i)
                m_buffer += ',';
            appendJsonString(m_buffer, m_names.value(i));
            m_buffer += ':';
            if (values[i].isNull())
                m_buffer += "null";
            else
                appendJsonString(m_buffer, values[i]);
        }
        m_buffer += '}';
    } else {
        const char sep = m_format == Format::Csv ? ',' : '\t';
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i)
                m_buffer += sep;
            if (m_format == Format::Csv)
                appendCsvField(m_buffer, values[i]);
            else
                appendTsvField(m_buffer, values[i]);
        }
        m_buffer += m_format == Format::Csv ? "\r\n" : "\n";
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
        m_buffer.clear();
    }
}
