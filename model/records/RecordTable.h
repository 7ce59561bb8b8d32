#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <cstring>
#include <vector>

// The records of an rs_list reply (protocol §3.6), stored column by column.
// Compact on purpose: one contiguous UTF-8 buffer plus one end offset per cell, no QString or
// QVariant per cell, so a million-row × 10-column table costs about its text size.
// Numbers (`*recnum*`, `*sunum*`) are kept as their text; "MISSING" etc. are kept verbatim.
namespace jsoc {

class StringColumn
{
public:
    qsizetype size() const { return m_tailFirst + m_ends.size(); }
    bool isEmpty() const { return size() == 0; }

    // Cell text (UTF-8 → QString). Out-of-range rows give an empty string.
    QString value(qsizetype row) const;
    // Cell bytes (UTF-8), valid until the column is modified. Out-of-range rows give an empty view.
    // The tail (where a freshly parsed page keeps every cell) is read inline: writing a CSV asks
    // for every cell of every row.
    QByteArrayView raw(qsizetype row) const
    {
        if (row >= m_tailFirst && row < size()) {
            const qsizetype i = row - m_tailFirst;
            const quint32 *ends = m_ends.constData();
            const quint32 begin = i == 0 ? 0 : ends[i - 1];
            return QByteArrayView(m_data.constData() + begin, qsizetype(ends[i] - begin));
        }
        return rawSealed(row);
    }
    // True if the cell is JSOC's missing marker "MISSING".
    bool isMissing(qsizetype row) const
    {
        const QByteArrayView cell = raw(row);
        return cell.size() == 7 && std::memcmp(cell.data(), "MISSING", 7) == 0;
    }

    void append(QByteArrayView utf8);
    // Appends every cell of `other`. Big columns are shared as chunks, not copied: a page of
    // 50,000 rows joins a million-row table without touching (or faulting in) new memory.
    void append(const StringColumn &other);
    // `rowsExact`: the column will hold exactly `rows` cells, so their offsets are mapped in at once.
    void reserve(qsizetype rows, qsizetype bytes, bool rowsExact = false);
    // Gives back unused reserved capacity (shrinks in place, no copy).
    void squeeze();
    void clear();
    qsizetype byteSize() const { return m_sealedBytes + m_data.size(); }

    // Same cells (however they are chunked).
    bool operator==(const StringColumn &other) const;

private:
    struct Chunk {
        QByteArray data;
        QList<quint32> ends; // end offset of each cell in data
        qsizetype firstRow = 0;
    };
    void sealTail();
    // raw() for rows before the tail (and out of range).
    QByteArrayView rawSealed(qsizetype row) const;

    // Earlier cells in shared chunks, then the tail that append(QByteArrayView) writes to.
    // All implicitly shared, so copying a column (a page passed by value through a signal)
    // costs reference counts, not its size.
    QList<Chunk> m_sealed;
    qsizetype m_sealedBytes = 0;
    qsizetype m_tailFirst = 0; // row number of the tail's first cell
    QByteArray m_data;
    QList<quint32> m_ends;     // end offset of each tail cell in m_data
    // m_data is known to be mapped in below this address (a hint only: if it is stale, pages
    // simply fault in one by one as they would anyway).
    const char *m_mappedEnd = nullptr;
};

struct KeywordColumn {
    QString name;
    StringColumn values;
};

// rs_list segment: file paths per record plus per-record dims, and cparms/bzeros/bscales which
// JSOC fills only where the segment has them — they can be shorter than `values` (quirk 7).
struct SegmentColumn {
    QString name;
    StringColumn values; // "/SUM41/D280342572/S00010/magnetogram.fits", "NoDataDirectory", "InvalidSegName"
    StringColumn dims;
    StringColumn cparms;
    StringColumn bzeros;
    StringColumn bscales;
};

struct LinkColumn {
    QString name;
    StringColumn values; // linked record spec or "Invalid_Link"
};

class RecordTable
{
public:
    qint64 count = 0;                  // the server's `count` (sum over appended pages)
    std::vector<KeywordColumn> keywords;
    std::vector<SegmentColumn> segments;
    std::vector<LinkColumn> links;
    bool hasRecInfo = false;           // R=1 was asked and answered
    StringColumn recInfoNames;         // recinfo[].name (record specs)
    std::vector<quint8> recInfoOnline; // recinfo[].online (0/1)

    // Rows actually held (the longest of the value columns / recinfo).
    qsizetype rowCount() const;
    // Column index by exact name, -1 if absent.
    int keywordIndex(const QString &name) const;
    int segmentIndex(const QString &name) const;
    int linkIndex(const QString &name) const;
    // Convenience: keyword cell text, empty if the column does not exist.
    QString keywordValue(const QString &name, qsizetype row) const;

    // Same keyword, segment and link columns (by name, in order) and the same recinfo choice:
    // `other` can be appended as a page of the same query.
    bool hasSameColumns(const RecordTable &other) const;

    // Appends the next page of the same query. An empty table adopts `page`'s columns.
    // Returns false (and changes nothing) if the column names differ.
    bool appendPage(const RecordTable &page);
    // Same, but an empty table takes `page` over without copying (on false, `page` is untouched).
    bool appendPage(RecordTable &&page);
};

} // namespace jsoc
