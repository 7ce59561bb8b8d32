#pragma once

#include "model/exports/ExportQueueEntry.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

namespace jsoc {

class ExportQueue;

// The export queue as a table (one row per export, oldest first), kept in step with the
// ExportQueue's signals. Display text is formatted here; raw values go through the roles.
// The status column is JSOC's status in words, the message column the stored message (with
// JSOC's own words), the Job column the job a row belongs to with how far it is, and Qt::ToolTipRole on any cell the whole story (model/exports/ExportRowText.h).
class ExportQueueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportQueueModel)

public:
    // JobColumn is last so that the other columns keep their numbers; the window shows it first.
    enum Column { RecordSetColumn, EmailColumn, StateColumn, RequestIdColumn, MessageColumn, ExpiresColumn, JobColumn,
                  ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64 queue id
        StateRole,                 // int(ExportQueueEntry::State)
        JsocStatusRole,            // int, -1 none
        ExpiresRole,               // QDateTime (invalid until complete)
        GroupIdRole                // qint64 job id, 0 for a lone export
    };

    explicit ExportQueueModel(ExportQueue *queue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(qint64 id) const;
    ExportQueueEntry entryAt(int row) const { return m_rows.value(row); }
    // The ids of the job's members, in order (empty for group 0).
    QList<qint64> groupMembers(qint64 groupId) const;
    // "Same field: AIA 171, AIA 193, HMI M 45s (1 of 3 done)"; "" for a lone export.
    QString jobText(qint64 groupId) const;

private:
    void onAdded(qint64 id);
    void onChanged(qint64 id);
    void onRemoved(qint64 id);
    void jobChanged(qint64 groupId); // the Job cell of every member: its count of done changed

    QPointer<ExportQueue> m_queue;
    QList<ExportQueueEntry> m_rows;
};

} // namespace jsoc
