#pragma once

#include <QStyledItemDelegate>

// Paints a download's progress bar with its speed and time left, from the roles of
// jsoc::DownloadQueueModel only (ProgressRole, StateRole, BytesRole, TotalBytesRole, SpeedRole).
// The time left is (total − received) / speed, so it needs no role of its own.
namespace ui {

class DownloadProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadProgressDelegate)

public:
    explicit DownloadProgressDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The text drawn on the bar, e.g. "42% · 1.2 MB/s · 12 s left" (public for tests).
    static QString barText(const QModelIndex &index);
    static QString formatDuration(qint64 seconds);
};

} // namespace ui
