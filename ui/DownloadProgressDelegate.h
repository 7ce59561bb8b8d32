#pragma once

#include <QStyledItemDelegate>

// Paints a download's progress bar with its speed and time left, from the roles of
// jsoc::DownloadQueueModel only (ProgressRole, StateRole, BytesRole, SpeedRole, EtaRole).
// The time left is the download manager's own (EtaRole), so the bar and the ETA column agree.
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
};

} // namespace ui
