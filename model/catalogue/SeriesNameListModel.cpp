#include "model/catalogue/SeriesNameListModel.h"

namespace jsoc {

int SeriesNameListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

QVariant SeriesNameListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SeriesNameRole:
        return m_names[index.row()];
    default:
        return {};
    }
}

} // namespace jsoc
