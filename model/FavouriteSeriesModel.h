#pragma once

#include <QAbstractListModel>
#include <QStringList>

// The user's favourite series, kept sorted by name (case-insensitive, no duplicates).
// Persisted by the app via names()/setNames().
namespace jsoc {

class FavouriteSeriesModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FavouriteSeriesModel)

public:
    enum Role { SeriesNameRole = Qt::UserRole + 1 };

    explicit FavouriteSeriesModel(QObject *parent = nullptr);

    QStringList names() const { return m_names; }
    void setNames(const QStringList &names);
    bool contains(const QString &series) const;
    void add(const QString &series);
    void remove(const QString &series);
    // Adds or removes; returns true when the series is a favourite afterwards.
    bool toggle(const QString &series);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void namesChanged();

private:
    // Row where `series` is or would be inserted.
    int lowerBound(const QString &series) const;

    QStringList m_names;
};

} // namespace jsoc
