#include "ui/DownloadProgressDelegate.h"

#include "model/exports/DownloadQueueItem.h"
#include "model/exports/DownloadQueueModel.h"
#include "model/common/DisplayFormat.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace ui {

using DownloadModel = jsoc::DownloadQueueModel;
using DownloadState = jsoc::DownloadItem::State;

DownloadProgressDelegate::DownloadProgressDelegate(QObject *parent) : QStyledItemDelegate(parent) { }

QString DownloadProgressDelegate::barText(const QModelIndex &index)
{
    const auto state = DownloadState(index.data(DownloadModel::StateRole).toInt());
    const int percent = index.data(DownloadModel::ProgressRole).toInt();
    const qint64 received = index.data(DownloadModel::BytesRole).toLongLong();
    const double speed = index.data(DownloadModel::SpeedRole).toDouble();
    const qint64 eta = index.data(DownloadModel::EtaRole).toLongLong();
    QString text = percent >= 0 ? QStringLiteral("%1%").arg(percent) : jsoc::format::bytes(received);
    switch (state) {
    case DownloadState::Running:
        if (speed > 0) {
            text += QStringLiteral(" · %1").arg(jsoc::format::rate(speed));
            if (eta >= 0)
                text += tr(" · %1 left").arg(jsoc::format::duration(eta));
        } else {
            text += tr(" · starting");
        }
        break;
    case DownloadState::Waiting: return tr("Waiting");
    case DownloadState::Paused: text += tr(" · paused"); break;
    case DownloadState::Done: return tr("Done");
    case DownloadState::Failed: text += tr(" · failed"); break;
    case DownloadState::Cancelled: // its partial file is kept for a resume: say how far it got
        if (received <= 0)
            return tr("Cancelled");
        text += tr(" · cancelled");
        break;
    }
    return text;
}

void DownloadProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Background and selection as the style draws them for any cell.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, option.widget);

    QStyleOptionProgressBar bar;
    bar.initFrom(option.widget);
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.minimum = 0;
    bar.maximum = 100;
    const int percent = index.data(DownloadModel::ProgressRole).toInt();
    const auto state = DownloadState(index.data(DownloadModel::StateRole).toInt());
    if (percent < 0 && state == DownloadState::Running)
        bar.maximum = 0; // busy indicator: size unknown
    bar.progress = std::max(0, percent);
    bar.text = barText(index);
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    if (state == DownloadState::Failed || state == DownloadState::Cancelled)
        bar.palette.setColor(QPalette::Highlight, QColor(0xc6, 0x28, 0x28));
    else if (state == DownloadState::Paused || state == DownloadState::Waiting)
        bar.palette.setColor(QPalette::Highlight, bar.palette.color(QPalette::Mid));
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

QSize DownloadProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(base.width(), 220), std::max(base.height(), option.fontMetrics.height() + 8)};
}

} // namespace ui
