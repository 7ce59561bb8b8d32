#pragma once

#include <QAbstractListModel>
#include <QStringList>

// Recently opened series, most recent first, at most capacity() entries; re-opening a series
// moves it to the top (compared case-insensitively). Persisted by the app via names()/setNames().
namespace jsoc {

class RecentSeriesModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecentSeriesModel)

public:
    enum Role { SeriesNameRole = Qt::UserRole + 1 };

    explicit RecentSeriesModel(int capacity = 20, QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    QStringList names() const { return m_names; }
    // Replaces the list (trimmed to capacity, duplicates dropped).
    void setNames(const QStringList &names);
    void add(const QString &series);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void namesChanged();

private:
    int indexOf(const QString &series) const;

    QStringList m_names;
    int m_capacity;
};

} // namespace jsoc
