#pragma once

#include "model/catalogue/SeriesNameListModel.h"

// The user's favourite series, kept sorted by name (case-insensitive, no duplicates).
// Persisted by the app via names()/setNames().
namespace jsoc {

class FavouriteSeriesModel final : public SeriesNameListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FavouriteSeriesModel)

public:
    explicit FavouriteSeriesModel(QObject *parent = nullptr);

    void setNames(const QStringList &names);
    bool contains(const QString &series) const;
    void add(const QString &series);
    void remove(const QString &series);
    // Adds or removes; returns true when the series is a favourite afterwards.
    bool toggle(const QString &series);

private:
    // Row where `series` is or would be inserted.
    int lowerBound(const QString &series) const;
};

} // namespace jsoc
