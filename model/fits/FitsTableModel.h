#pragma once

#include "model/fits/FitsTable.h"

#include <QAbstractTableModel>

// A FitsTable (read whole, within its memory cap) as rows × columns for a QTableView. Display text
// is formatted here: numbers to their column's precision (E columns 7 digits, D columns 15,
// integers exactly), vectors as "first, second, … [n]", columns not read as "(not shown)".
// The header shows "NAME [unit]"; RawValueRole gives the number (first element) for sorting and
// plotting. Read-only.
namespace fits {

class FitsTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsTableModel)

public:
    enum Role { RawValueRole = Qt::UserRole + 1 };

    explicit FitsTableModel(QObject *parent = nullptr);
    void setTable(FitsTable table);
    const FitsTable &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString cellText(const FitsTableColumn &column, qint64 row) const;
    FitsTable m_table;
};

} // namespace fits
