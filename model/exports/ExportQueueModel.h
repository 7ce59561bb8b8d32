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
// JSOC's own words), and Qt::ToolTipRole on any cell the whole story (model/exports/ExportRowText.h).
class ExportQueueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportQueueModel)

public:
    enum Column { RecordSetColumn, EmailColumn, StateColumn, RequestIdColumn, MessageColumn, ExpiresColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64 queue id
        StateRole,                 // int(ExportQueueEntry::State)
        JsocStatusRole,            // int, -1 none
        ExpiresRole                // QDateTime (invalid until complete)
    };

    explicit ExportQueueModel(ExportQueue *queue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(qint64 id) const;
    ExportQueueEntry entryAt(int row) const { return m_rows.value(row); }

private:
    void onAdded(qint64 id);
    void onChanged(qint64 id);
    void onRemoved(qint64 id);

    QPointer<ExportQueue> m_queue;
    QList<ExportQueueEntry> m_rows;
};

} // namespace jsoc
