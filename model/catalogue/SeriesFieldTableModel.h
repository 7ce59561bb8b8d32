#pragma once

#include <QAbstractTableModel>

#include "model/catalogue/SeriesFieldTable.h"

// A read-only table over one SeriesFieldTable (a detail pane of a series structure).
// setTable() resets the model; the pane swaps its contents when another series is opened.
namespace jsoc {

class SeriesFieldTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesFieldTableModel)

public:
    enum Role {
        LinkedSeriesRole = Qt::UserRole + 1 // QString: series named by the cell (links' target), else empty
    };

    explicit SeriesFieldTableModel(QObject *parent = nullptr);

    void setTable(const SeriesFieldTable &table);
    const SeriesFieldTable &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    SeriesFieldTable m_table;
};

} // namespace jsoc
