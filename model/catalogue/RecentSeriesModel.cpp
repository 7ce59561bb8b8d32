#include "model/catalogue/RecentSeriesModel.h"

#include <algorithm>

namespace jsoc {

RecentSeriesModel::RecentSeriesModel(int capacity, QObject *parent)
    : SeriesNameListModel(parent), m_capacity(std::max(1, capacity))
{
}

int RecentSeriesModel::indexOf(const QString &series) const
{
    for (int i = 0; i < m_names.size(); ++i) {
        if (m_names[i].compare(series, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

void RecentSeriesModel::setNames(const QStringList &names)
{
    QStringList cleaned;
    for (const QString &name : names) {
        const QString trimmed = name.trimmed();
        if (trimmed.isEmpty() || cleaned.contains(trimmed, Qt::CaseInsensitive))
            continue;
        cleaned.append(trimmed);
        if (cleaned.size() == m_capacity)
            break;
    }
    beginResetModel();
    m_names = cleaned;
    endResetModel();
    emit namesChanged();
}

void RecentSeriesModel::add(const QString &series)
{
    const QString name = series.trimmed();
    if (name.isEmpty())
        return;
    const int existing = indexOf(name);
    if (existing == 0 && m_names.first() == name)
        return;
    if (existing > 0) {
        beginMoveRows({}, existing, existing, {}, 0);
        m_names.move(existing, 0);
        endMoveRows();
        if (m_names.first() != name) { // same series, new spelling
            m_names.first() = name;
            emit dataChanged(index(0), index(0));
        }
    } else if (existing == 0) {
        m_names.first() = name;
        emit dataChanged(index(0), index(0));
    } else {
        beginInsertRows({}, 0, 0);
        m_names.prepend(name);
        endInsertRows();
        if (m_names.size() > m_capacity) {
            beginRemoveRows({}, m_capacity, int(m_names.size()) - 1);
            m_names.resize(m_capacity);
            endRemoveRows();
        }
    }
    emit namesChanged();
}

void RecentSeriesModel::clear()
{
    if (m_names.isEmpty())
        return;
    beginResetModel();
    m_names.clear();
    endResetModel();
    emit namesChanged();
}

} // namespace jsoc
