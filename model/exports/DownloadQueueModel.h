#pragma once

#include "model/exports/DownloadQueueItem.h"

#include <QAbstractTableModel>
#include <QList>

namespace jsoc {

// Downloads as a table with per-file progress, speed and ETA. Fed by the app from the download
// manager (upsert on state changes, setProgress at the manager's throttled rate), so it never
// touches the network. Rows keep insertion order.
class DownloadQueueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadQueueModel)

public:
    enum Column { FileColumn, StateColumn, ProgressColumn, SizeColumn, SpeedColumn, EtaColumn, ErrorColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64 download id
        StateRole,                 // int(DownloadItem::State)
        ProgressRole,              // int 0..100, -1 unknown (for a progress-bar delegate)
        BytesRole,                 // qint64 received
        TotalBytesRole,            // qint64 total, -1 unknown
        SpeedRole,                 // double bytes per second
        EtaRole,                   // qint64 seconds left as the download manager reckons them, -1 unknown
        PathRole                   // QString final file path (complete only when StateRole is Done)
    };

    explicit DownloadQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Inserts a new row or updates the row with the same id.
    void upsert(const DownloadItem &item);
    void setProgress(qint64 id, qint64 received, qint64 total, double bytesPerSecond, qint64 etaSeconds);
    void remove(qint64 id);
    int rowOf(qint64 id) const;

private:
    struct Row {
        DownloadItem item;
        double speed = 0;
        qint64 eta = -1;
    };
    QList<Row> m_rows;
};

} // namespace jsoc
