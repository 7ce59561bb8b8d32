#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QIODevice>
#include <QStringList>

#include <vector>

namespace jsoc {

// Writes a header and rows as CSV (RFC 4180), TSV or JSON, UTF-8, streaming row by row.
// A null QString in a row is a missing value: an empty field in CSV/TSV, null in JSON.
class TableWriter final
{
public:
    enum class Format { Csv, Tsv, Json };

    // One cell as UTF-8 bytes (e.g. StringColumn::raw), so big tables need no QString per cell.
    struct RawCell {
        QByteArrayView utf8;
        bool missing = false; // empty field in CSV/TSV, null in JSON
    };

    TableWriter(QIODevice &out, Format format);

    void writeHeader(const QStringList &names);
    void writeRow(const QStringList &values);
    // Same output as writeRow() with the same values as QStrings.
    void writeRawRow(const std::vector<RawCell> &cells);
    void finish();

    static bool parseFormat(const QString &text, Format *format);

private:
    void flushIfLarge();

    QIODevice &m_out;
    Format m_format;
    std::vector<QByteArray> m_jsonKeys; // header names, already JSON-quoted
    QByteArray m_buffer;
    qint64 m_rows = 0;
};

} // namespace jsoc
