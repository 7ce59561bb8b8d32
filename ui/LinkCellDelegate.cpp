#include "ui/LinkCellDelegate.h"

#include "model/catalogue/SeriesFieldTableModel.h"

namespace ui {

LinkCellDelegate::LinkCellDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

void LinkCellDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(jsoc::SeriesFieldTableModel::LinkedSeriesRole).toString().isEmpty())
        return;
    option->font.setUnderline(true);
    option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Link));
    option->palette.setColor(QPalette::HighlightedText, option->palette.color(QPalette::HighlightedText));
}

} // namespace ui
