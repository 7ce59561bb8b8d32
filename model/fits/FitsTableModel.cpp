#include "model/fits/FitsTableModel.h"

#include <cmath>

namespace fits {
namespace {

// Digits that say the stored number exactly, from the TFORM letter.
int digitsOfTableFormat(const QString &format)
{
    const QString f = format.toUpper();
    if (f.contains(QLatin1Char('E')) && !f.startsWith(QLatin1Char('E')) && f.contains(QLatin1Char('.')))
        return 7; // ASCII Ew.d
    for (const QChar ch : f) {
        if (ch == QLatin1Char('E'))
            return 7;
        if (ch == QLatin1Char('D'))
            return 15;
        if (ch == QLatin1Char('F'))
            return 10;
    }
    return 15;
}

QString numberOfTableCell(double v, int digits)
{
    if (std::isnan(v))
        return QStringLiteral("—"); // TNULL, or NaN in the file
    if (std::abs(v) < 9.0e15 && v == std::trunc(v))
        return QString::number(qint64(v));
    return QString::number(v, 'g', digits);
}

} // namespace

FitsTableModel::FitsTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FitsTableModel::setTable(FitsTable table)
{
    beginResetModel();
    m_table = std::move(table);
    endResetModel();
}

int FitsTableModel::rowCount(const QModelIndex &parent) const
{
    // A QTableView addresses rows with int: rowsRead is capped far below that by maxCells.
    return parent.isValid() ? 0 : int(std::min<qint64>(m_table.rowsRead, std::numeric_limits<int>::max()));
}

int FitsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.columns.size());
}

QString FitsTableModel::cellText(const FitsTableColumn &column, qint64 row) const
{
    switch (column.kind) {
    case FitsTableColumn::Kind::Text:
        return column.text.value(qsizetype(row));
    case FitsTableColumn::Kind::NotShown:
        return QStringLiteral("(not shown)");
    case FitsTableColumn::Kind::Number:
        break;
    }
    const int digits = digitsOfTableFormat(column.format);
    if (column.repeat == 1)
        return numberOfTableCell(column.value(row), digits);
    QStringList parts;
    for (int e = 0; e < column.keptElements; ++e)
        parts << numberOfTableCell(column.value(row, e), digits);
    return column.repeat > column.keptElements
               ? parts.join(QStringLiteral(", ")) + QStringLiteral(", … [%1]").arg(column.repeat)
               : parts.join(QStringLiteral(", "));
}

QVariant FitsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const FitsTableColumn &column = m_table.columns[index.column()];
    switch (role) {
    case Qt::DisplayRole:
        return cellText(column, index.row());
    case Qt::TextAlignmentRole:
        return column.kind == FitsTableColumn::Kind::Number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case RawValueRole:
        if (column.kind == FitsTableColumn::Kind::Number)
            return column.value(index.row());
        if (column.kind == FitsTableColumn::Kind::Text)
            return column.text.value(index.row());
        return {};
    default:
        return {};
    }
}

QVariant FitsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1; // FITS rows count from 1
    if (section < 0 || section >= m_table.columns.size())
        return {};
    const FitsTableColumn &c = m_table.columns[section];
    const QString name = c.name.isEmpty() ? QStringLiteral("column %1").arg(section + 1) : c.name;
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1: TFORM %2%3").arg(name, c.format, c.unit.isEmpty() ? QString() : QStringLiteral(", unit ") + c.unit);
    return c.unit.isEmpty() ? name : QStringLiteral("%1 [%2]").arg(name, c.unit);
}

} // namespace fits
