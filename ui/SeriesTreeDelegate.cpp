#include "ui/SeriesTreeDelegate.h"

#include "model/catalogue/SeriesTreeModel.h"

namespace ui {

SeriesTreeDelegate::SeriesTreeDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

void SeriesTreeDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != jsoc::SeriesTreeModel::NameColumn)
        return;
    if (index.data(jsoc::SeriesTreeModel::NewCountRole).toInt() == 0)
        return;
    option->font.setBold(true);
    if (index.data(jsoc::SeriesTreeModel::IsNewRole).toBool())
        option->text += QStringLiteral("  • new");
}

} // namespace ui
