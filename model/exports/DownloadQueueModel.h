#pragma once

#include "model/exports/DownloadQueueItem.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace jsoc {

// Downloads as a table with per-file progress, speed and ETA. Fed by the app from the download
// manager (upsert on state changes, setProgress at the manager's throttled rate), so it never
// touches the network. Rows keep insertion order.
//
// Sized for exports of 50,000 files: upsert, setProgress, rowOf and contains are O(1) (a hash of
// row by id), and runningIds() names the Running rows without a scan, so a progress tick costs
// what is running, not what is listed. remove() is O(rows) (the rows after it move up).
// Signals a view may rely on: setProgress changes only ProgressColumn..EtaColumn; any change of
// state is announced over whole rows (so it always covers StateColumn).
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
    // Progress of a row (ignored for an unknown id); emits dataChanged for that row's progress
    // columns only, and nothing when nothing changed.
    void setProgress(qint64 id, qint64 received, qint64 total, double bytesPerSecond, qint64 etaSeconds);
    void remove(qint64 id);
    int rowOf(qint64 id) const; // -1 when absent
    bool contains(qint64 id) const { return m_rowOf.contains(id); }
    // Ids of the rows whose state is Running, in no particular order: what a progress tick updates.
    QList<qint64> runningIds() const { return m_running.values(); }

private:
    struct Row {
        DownloadItem item;
        double speed = 0;
        qint64 eta = -1;
    };
    QList<Row> m_rows;
    QHash<qint64, int> m_rowOf; // id -> row
    QSet<qint64> m_running;     // ids of Running rows
};

} // namespace jsoc
