#include "model/catalogue/SeriesNameListModel.h"

namespace jsoc {

int SeriesNameListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

QStringList SeriesNameListModel::distinctNames(const QStringList &names)
{
    QStringList distinct;
    for (const QString &name : names) {
        const QString trimmed = name.trimmed();
        if (!trimmed.isEmpty() && !distinct.contains(trimmed, Qt::CaseInsensitive))
            distinct.append(trimmed);
    }
    return distinct;
}

void SeriesNameListModel::resetNames(const QStringList &names)
{
    beginResetModel();
    m_names = names;
    endResetModel();
    emit namesChanged();
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
