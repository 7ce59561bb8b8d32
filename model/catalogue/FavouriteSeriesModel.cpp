#include "model/catalogue/FavouriteSeriesModel.h"

#include <algorithm>

namespace jsoc {

namespace {

bool lessName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) < 0;
}

} // namespace

FavouriteSeriesModel::FavouriteSeriesModel(QObject *parent) : SeriesNameListModel(parent) { }

int FavouriteSeriesModel::lowerBound(const QString &series) const
{
    return int(std::lower_bound(m_names.cbegin(), m_names.cend(), series, lessName) - m_names.cbegin());
}

bool FavouriteSeriesModel::contains(const QString &series) const
{
    const int row = lowerBound(series);
    return row < m_names.size() && m_names[row].compare(series, Qt::CaseInsensitive) == 0;
}

void FavouriteSeriesModel::setNames(const QStringList &names)
{
    QStringList sorted = distinctNames(names);
    std::stable_sort(sorted.begin(), sorted.end(), lessName);
    resetNames(sorted);
}

void FavouriteSeriesModel::add(const QString &series)
{
    const QString name = series.trimmed();
    if (name.isEmpty() || contains(name))
        return;
    const int row = lowerBound(name);
    beginInsertRows({}, row, row);
    m_names.insert(row, name);
    endInsertRows();
    emit namesChanged();
}

void FavouriteSeriesModel::remove(const QString &series)
{
    if (!contains(series))
        return;
    const int row = lowerBound(series);
    beginRemoveRows({}, row, row);
    m_names.removeAt(row);
    endRemoveRows();
    emit namesChanged();
}

bool FavouriteSeriesModel::toggle(const QString &series)
{
    if (contains(series)) {
        remove(series);
        return false;
    }
    add(series);
    return contains(series);
}

} // namespace jsoc
