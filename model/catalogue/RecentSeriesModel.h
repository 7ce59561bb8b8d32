#pragma once

#include "model/catalogue/SeriesNameListModel.h"

// Recently opened series, most recent first, at most capacity() entries; re-opening a series
// moves it to the top (compared case-insensitively). Persisted by the app via names()/setNames().
namespace jsoc {

class RecentSeriesModel final : public SeriesNameListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecentSeriesModel)

public:
    explicit RecentSeriesModel(int capacity = 20, QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    // Replaces the list (trimmed to capacity, duplicates dropped).
    void setNames(const QStringList &names);
    void add(const QString &series);
    void clear();

private:
    int indexOf(const QString &series) const;

    int m_capacity;
};

} // namespace jsoc
