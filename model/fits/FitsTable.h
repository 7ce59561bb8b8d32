#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <vector>

// A binary or ASCII table HDU read with cfitsio into a value (no fitsfile* leaves the reader),
// for the table view, the light-curve plot and `jsoc-cli`. Memory is bounded: at most
// `maxCells` kept values are read (rows beyond them are counted, not read, and `note` says so).
// Numeric columns (integers, floats, logicals, with TSCALn/TZEROn applied and TNULLn as NaN) are
// kept as doubles: a vector column (TFORM "4E") keeps its first kMaxKeptElements elements.
// Text columns keep their strings. Not read (shown as "(not shown)"): bit columns (X), complex
// columns (C/M) and variable-length arrays (P/Q), except that their length is counted.
namespace fits {

struct FitsTableColumn {
    enum class Kind { Number, Text, NotShown };
    QString name;    // TTYPEn ("" when absent)
    QString unit;    // TUNITn
    QString format;  // TFORMn as written ("1D", "4E", "23A", "F8.3")
    Kind kind = Kind::Number;
    std::int64_t repeat = 1; // elements per row (1 for scalars; characters for text)
    int keptElements = 1;    // numeric elements kept per row (≤ kMaxKeptElements)
    std::vector<double> values; // rows × keptElements, row-major (numbers)
    QStringList text;           // one per row (text columns)

    bool isScalarNumber() const { return kind == Kind::Number && repeat == 1; }
    double value(std::int64_t row, int element = 0) const { return values[std::size_t(row) * keptElements + element]; }
};

struct FitsTable {
    static constexpr int kMaxKeptElements = 8;
    int hduIndex = -1;
    bool ascii = false;           // XTENSION = 'TABLE' (else 'BINTABLE')
    QString extname;              // EXTNAME, "" when absent
    std::int64_t rowCount = 0;    // NAXIS2: rows in the file
    std::int64_t rowsRead = 0;    // rows held (≤ rowCount)
    QVector<FitsTableColumn> columns;
    QVector<QPair<QString, QString>> keywords; // the HDU's header keywords (key, value), for time epochs
    QString note;                 // e.g. "the first 100 000 of 2 000 000 rows are shown"

    // "binary table, 3 columns × 128 rows"
    QString summary() const;
    QString keyword(const QString &key) const; // value of the first card with this key, "" when none
};

struct FitsTableOptions {
    int hdu = -1;                                 // -1: the first table HDU
    std::int64_t maxCells = std::int64_t(1) << 23; // kept values (8 Mi: 64 MiB of doubles)
    std::int64_t maxInflatedBytes = std::int64_t(1) << 30;
};

struct FitsTableResult {
    FitsTable table;
    QString error; // a sentence; empty on success
    bool ok() const { return error.isEmpty(); }
};

class FitsTableReader final
{
public:
    static FitsTableResult read(const QString &path, const FitsTableOptions &options = {});
    static FitsTableResult readBytes(const QByteArray &bytes, const FitsTableOptions &options = {});
};

} // namespace fits
