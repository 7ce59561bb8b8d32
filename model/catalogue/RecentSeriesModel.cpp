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
    QStringList recent = distinctNames(names);
    if (recent.size() > m_capacity)
        recent.resize(m_capacity); // the most recent first
    resetNames(recent);
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
    if (!m_names.isEmpty())
        resetNames({});
}

} // namespace jsoc
