#pragma once

#include <QStyledItemDelegate>

// Series tree cells: series marked new by the last refresh (SeriesTreeModel::IsNewRole) are
// bold and get a "new" suffix; groups holding new series are bold. Reads only model roles.
namespace ui {

class SeriesTreeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesTreeDelegate)

public:
    explicit SeriesTreeDelegate(QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace ui
