#include "model/catalogue/SeriesFieldTableModel.h"

namespace jsoc {

SeriesFieldTableModel::SeriesFieldTableModel(QObject *parent) : QAbstractTableModel(parent) { }

void SeriesFieldTableModel::setTable(const SeriesFieldTable &table)
{
    beginResetModel();
    m_table = table;
    endResetModel();
}

int SeriesFieldTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int SeriesFieldTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.headers.size());
}

QVariant SeriesFieldTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QStringList &row = m_table.rows[index.row()];
    const QString cell = index.column() < row.size() ? row[index.column()] : QString();
    switch (role) {
    case Qt::DisplayRole:
        return cell;
    case Qt::ToolTipRole:
        // Descriptions and defaults are often cut off by the column width.
        return cell.size() > 24 ? cell : QVariant();
    case LinkedSeriesRole:
        return index.column() == m_table.seriesColumn ? cell : QString();
    default:
        return {};
    }
}

QVariant SeriesFieldTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_table.headers.size())
        return {};
    return m_table.headers[section];
}

} // namespace jsoc
