#include "model/fits/FitsTable.h"

#include "model/fits/CfitsioMessage.h"
#include "model/fits/FitsLoader.h"

#include <algorithm>
#include <cmath>

#include <fitsio.h>

namespace fits {
namespace {

// Text columns wider than this are not read (cfitsio allocates each string at its full width).
constexpr std::int64_t kWidestTableText = 1 << 16;
constexpr std::int64_t kTableRowsPerRead = 4096;

QString tableKeyText(fitsfile *f, const char *key)
{
    char value[FLEN_VALUE] = {};
    int status = 0;
    fits_read_key(f, TSTRING, key, value, nullptr, &status);
    if (status) {
        fits_clear_errmsg();
        return {};
    }
    return QString::fromLatin1(value).trimmed();
}

QString indexedTableKey(fitsfile *f, const char *root, int column)
{
    return tableKeyText(f, QStringLiteral("%1%2").arg(QLatin1String(root)).arg(column).toLatin1().constData());
}

// The header's keywords as (key, value) pairs, strings unquoted, for time epochs and display.
QVector<QPair<QString, QString>> tableKeywords(fitsfile *f)
{
    QVector<QPair<QString, QString>> out;
    int count = 0;
    int status = 0;
    fits_get_hdrspace(f, &count, nullptr, &status);
    for (int i = 1; i <= count && status == 0; ++i) {
        char key[FLEN_KEYWORD] = {}, value[FLEN_VALUE] = {};
        fits_read_keyn(f, i, key, value, nullptr, &status);
        QString v = QString::fromLatin1(value).trimmed();
        if (v.size() >= 2 && v.startsWith(QLatin1Char('\'')) && v.endsWith(QLatin1Char('\'')))
            v = v.mid(1, v.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'")).trimmed();
        out.push_back({QString::fromLatin1(key), v});
    }
    if (status)
        fits_clear_errmsg();
    return out;
}

// Reads the kept numeric elements of column `c` for rows [0, rows).
QString readNumberColumn(fitsfile *f, int c, FitsTableColumn *column, std::int64_t rows, bool logical)
{
    const int kept = column->keptElements;
    column->values.assign(std::size_t(rows) * std::size_t(kept), NAN);
    int status = 0;
    if (column->repeat == kept) {
        // Whole rows are kept: contiguous reads of many rows at once.
        for (std::int64_t first = 0; first < rows && status == 0; first += kTableRowsPerRead) {
            const std::int64_t n = std::min(kTableRowsPerRead, rows - first) * kept;
            double *out = column->values.data() + first * kept;
            int anyNull = 0;
            if (logical) {
                std::vector<char> flags(std::size_t(n), 0);
                char nullFlag = 2;
                fits_read_col(f, TLOGICAL, c, first + 1, 1, n, &nullFlag, flags.data(), &anyNull, &status);
                for (std::int64_t i = 0; i < n; ++i)
                    out[i] = flags[i] == 2 ? NAN : double(flags[i] != 0);
            } else {
                double nullValue = NAN;
                fits_read_col(f, TDOUBLE, c, first + 1, 1, n, &nullValue, out, &anyNull, &status);
            }
        }
    } else {
        // A long vector: only its first elements, row by row.
        for (std::int64_t row = 0; row < rows && status == 0; ++row) {
            int anyNull = 0;
            double nullValue = NAN;
            if (logical) {
                char flags[FitsTable::kMaxKeptElements] = {};
                char nullFlag = 2;
                fits_read_col(f, TLOGICAL, c, row + 1, 1, kept, &nullFlag, flags, &anyNull, &status);
                for (int i = 0; i < kept; ++i)
                    column->values[std::size_t(row * kept + i)] = flags[i] == 2 ? NAN : double(flags[i] != 0);
            } else {
                fits_read_col(f, TDOUBLE, c, row + 1, 1, kept, &nullValue, column->values.data() + row * kept, &anyNull,
                              &status);
            }
        }
    }
    if (status)
        return QStringLiteral("column %1 (%2) cannot be read: %3").arg(c).arg(column->name, cfitsioMessage(status));
    return {};
}

QString readTextColumn(fitsfile *f, int c, FitsTableColumn *column, std::int64_t width, std::int64_t rows)
{
    int status = 0;
    const std::int64_t chunk = std::max<std::int64_t>(1, std::min(kTableRowsPerRead, (std::int64_t(1) << 22) / (width + 1)));
    std::vector<char> storage;
    std::vector<char *> pointers;
    column->text.reserve(qsizetype(rows));
    for (std::int64_t first = 0; first < rows && status == 0; first += chunk) {
        const std::int64_t n = std::min(chunk, rows - first);
        storage.assign(std::size_t(n * (width + 1)), '\0');
        pointers.resize(std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i)
            pointers[std::size_t(i)] = storage.data() + i * (width + 1);
        int anyNull = 0;
        char empty[] = "";
        fits_read_col(f, TSTRING, c, first + 1, 1, n, empty, pointers.data(), &anyNull, &status);
        for (std::int64_t i = 0; i < n && status == 0; ++i)
            column->text.push_back(QString::fromLatin1(pointers[std::size_t(i)]).trimmed());
    }
    if (status)
        return QStringLiteral("column %1 (%2) cannot be read: %3").arg(c).arg(column->name, cfitsioMessage(status));
    return {};
}

QString readTableHdu(fitsfile *f, const FitsHduInfo &info, const FitsTableOptions &options, FitsTable *table)
{
    int status = 0;
    LONGLONG rows = 0;
    int columns = 0;
    fits_get_num_rowsll(f, &rows, &status);
    fits_get_num_cols(f, &columns, &status);
    if (status)
        return QStringLiteral("HDU %1: the table's size cannot be read: %2").arg(info.index).arg(cfitsioMessage(status));
    table->hduIndex = info.index;
    table->ascii = info.kind == QLatin1String("ascii table");
    table->rowCount = rows;
    table->extname = tableKeyText(f, "EXTNAME");
    table->keywords = tableKeywords(f);

    std::int64_t cellsPerRow = 0;
    QVector<std::int64_t> widths;
    QVector<bool> logicals;
    for (int c = 1; c <= columns; ++c) {
        FitsTableColumn column;
        column.name = indexedTableKey(f, "TTYPE", c);
        column.unit = indexedTableKey(f, "TUNIT", c);
        column.format = indexedTableKey(f, "TFORM", c);
        int typecode = 0;
        LONGLONG repeat = 0, width = 0;
        fits_get_coltypell(f, c, &typecode, &repeat, &width, &status);
        if (status) {
            fits_clear_errmsg();
            status = 0;
            column.kind = FitsTableColumn::Kind::NotShown;
        } else if (typecode == TSTRING) {
            // ASCII tables: one string of `width` characters; binary: rAw, `repeat` characters in all.
            column.kind = width > kWidestTableText || repeat > kWidestTableText ? FitsTableColumn::Kind::NotShown
                                                                                : FitsTableColumn::Kind::Text;
            width = table->ascii ? width : repeat;
        } else if (typecode < 0 || typecode == TBIT || typecode == TCOMPLEX || typecode == TDBLCOMPLEX) {
            column.kind = FitsTableColumn::Kind::NotShown;
        }
        column.repeat = std::max<LONGLONG>(repeat, 0);
        column.keptElements = column.kind == FitsTableColumn::Kind::Number
                                  ? int(std::clamp<std::int64_t>(column.repeat, 0, FitsTable::kMaxKeptElements))
                                  : 0;
        if (column.kind == FitsTableColumn::Kind::Number && column.keptElements == 0)
            column.kind = FitsTableColumn::Kind::NotShown; // a 0-element column
        cellsPerRow += column.kind == FitsTableColumn::Kind::Text ? 1 + width / 8 : column.keptElements;
        widths.push_back(width);
        logicals.push_back(typecode == TLOGICAL);
        table->columns.push_back(std::move(column));
    }
    table->rowsRead = std::min<std::int64_t>(rows, options.maxCells / std::max<std::int64_t>(1, cellsPerRow));
    if (table->rowsRead < rows)
        table->note = QStringLiteral("the first %1 of %2 rows are shown (a memory limit)")
                          .arg(table->rowsRead).arg(rows);
    for (int c = 1; c <= columns; ++c) {
        FitsTableColumn &column = table->columns[c - 1];
        QString problem;
        if (column.kind == FitsTableColumn::Kind::Number)
            problem = readNumberColumn(f, c, &column, table->rowsRead, logicals[c - 1]);
        else if (column.kind == FitsTableColumn::Kind::Text)
            problem = readTextColumn(f, c, &column, widths[c - 1], table->rowsRead);
        if (!problem.isEmpty()) {
            fits_clear_errmsg();
            return QStringLiteral("HDU %1: %2").arg(info.index).arg(problem);
        }
    }
    return {};
}

FitsTableResult readTableFrom(const QString &path, const QByteArray *memory, const FitsTableOptions &options)
{
    FitsTableResult result;
    result.error = FitsLoader::visitTableHdu(path, memory, options.hdu, options.maxInflatedBytes,
                                             [&](void *file, const FitsHduInfo &info) {
                                                 return readTableHdu(static_cast<fitsfile *>(file), info, options,
                                                                     &result.table);
                                             });
    if (!result.ok())
        result.table = {};
    return result;
}

} // namespace

QString FitsTable::summary() const
{
    return QStringLiteral("%1 table, %2 × %3")
        .arg(ascii ? QStringLiteral("ASCII") : QStringLiteral("binary"),
             columns.size() == 1 ? QStringLiteral("1 column") : QStringLiteral("%1 columns").arg(columns.size()),
             rowCount == 1 ? QStringLiteral("1 row") : QStringLiteral("%1 rows").arg(rowCount));
}

QString FitsTable::keyword(const QString &key) const
{
    for (const auto &kv : keywords) {
        if (kv.first == key)
            return kv.second;
    }
    return {};
}

FitsTableResult FitsTableReader::read(const QString &path, const FitsTableOptions &options)
{
    return readTableFrom(path, nullptr, options);
}

FitsTableResult FitsTableReader::readBytes(const QByteArray &bytes, const FitsTableOptions &options)
{
    return readTableFrom(QString(), &bytes, options);
}

} // namespace fits
