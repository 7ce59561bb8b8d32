#pragma once

#include <QStyledItemDelegate>

// Draws cells that name another series (SeriesFieldTableModel::LinkedSeriesRole) as links:
// link colour from the palette, underlined. Reads only that role; the click is handled by the
// view's owner.
namespace ui {

class LinkCellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkCellDelegate)

public:
    explicit LinkCellDelegate(QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace ui
