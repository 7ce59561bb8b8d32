#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QStringList>

// Writes a header and rows as CSV (RFC 4180), TSV or JSON, UTF-8, streaming row by row.
// A null QString in a row is a missing value: an empty field in CSV/TSV, null in JSON.
class TableWriter final
{
public:
    enum class Format { Csv, Tsv, Json };

    TableWriter(QIODevice &out, Format format);

    void writeHeader(const QStringList &names);
    void writeRow(const QStringList &values);
    void finish();

    static bool parseFormat(const QString &text, Format *format);

private:
    void flushIfLarge();

    QIODevice &m_out;
    Format m_format;
    QStringList m_names;
    QByteArray m_buffer;
    qint64 m_rows = 0;
};
