#include "model/exports/ExportQueueModel.h"

#include "model/exports/ExportQueue.h"
#include "model/exports/ExportRowText.h"

#include <QLocale>

namespace jsoc {

ExportQueueModel::ExportQueueModel(ExportQueue *queue, QObject *parent)
    : QAbstractTableModel(parent), m_queue(queue), m_rows(queue->entries())
{
    connect(queue, &ExportQueue::entryAdded, this, &ExportQueueModel::onAdded);
    connect(queue, &ExportQueue::entryChanged, this, &ExportQueueModel::onChanged);
    connect(queue, &ExportQueue::entryRemoved, this, &ExportQueueModel::onRemoved);
}

int ExportQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExportQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int ExportQueueModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return i;
    return -1;
}

QVariant ExportQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExportQueueEntry &e = m_rows.at(index.row());
    switch (role) {
    case IdRole: return e.id;
    case StateRole: return int(e.state);
    case JsocStatusRole: return e.jsocStatus;
    case ExpiresRole: return e.expiresAt();
    case GroupIdRole: return e.groupId;
    case Qt::ToolTipRole: // read on hover only: the history query is not paid per paint
        return exportRowToolTip(e, m_queue ? m_queue->history(e.id) : QList<ExportHistoryEntry>());
    case Qt::DisplayRole:
        switch (index.column()) {
        case RecordSetColumn: return e.options.recordSet;
        case EmailColumn: return e.options.notify;
        case StateColumn: return exportRowStatus(e);
        case RequestIdColumn: return e.requestId;
        case MessageColumn: return e.message;
        case ExpiresColumn:
            return e.expiresAt().isValid() ? QLocale().toString(e.expiresAt().toLocalTime(), QLocale::ShortFormat) : QString();
        case JobColumn: return jobText(e.groupId);
        default: return {};
        }
    default:
        return {};
    }
}

QVariant ExportQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RecordSetColumn: return tr("Record set");
    case EmailColumn: return tr("E-mail");
    case StateColumn: return tr("Status");
    case RequestIdColumn: return tr("Request");
    case MessageColumn: return tr("Message");
    case ExpiresColumn: return tr("Expires");
    case JobColumn: return tr("Job");
    default: return {};
    }
}

QList<qint64> ExportQueueModel::groupMembers(qint64 groupId) const
{
    QList<qint64> ids;
    if (groupId > 0)
        for (const ExportQueueEntry &e : m_rows)
            if (e.groupId == groupId)
                ids.append(e.id);
    return ids;
}

QString ExportQueueModel::jobText(qint64 groupId) const
{
    if (groupId <= 0)
        return {};
    QString title;
    int members = 0, done = 0;
    for (const ExportQueueEntry &e : m_rows) {
        if (e.groupId != groupId)
            continue;
        title = e.groupTitle;
        ++members;
        done += e.state == ExportQueueEntry::State::Done ? 1 : 0;
    }
    return tr("%1 (%2 of %3 done)").arg(title.isEmpty() ? tr("Job %1").arg(groupId) : title).arg(done).arg(members);
}

void ExportQueueModel::jobChanged(qint64 groupId)
{
    for (qint64 id : groupMembers(groupId)) {
        const int row = rowOf(id);
        emit dataChanged(index(row, JobColumn), index(row, JobColumn), {Qt::DisplayRole});
    }
}

void ExportQueueModel::onAdded(qint64 id)
{
    const auto e = m_queue ? m_queue->entry(id) : std::nullopt;
    if (!e || rowOf(id) >= 0)
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(*e);
    endInsertRows();
    jobChanged(e->groupId);
}

void ExportQueueModel::onChanged(qint64 id)
{
    const int row = rowOf(id);
    const auto e = m_queue ? m_queue->entry(id) : std::nullopt;
    if (row < 0 || !e)
        return;
    const bool doneChanged = (m_rows[row].state == ExportQueueEntry::State::Done) != (e->state == ExportQueueEntry::State::Done);
    m_rows[row] = *e;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    if (doneChanged)
        jobChanged(e->groupId);
}

void ExportQueueModel::onRemoved(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    const qint64 groupId = m_rows[row].groupId;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    jobChanged(groupId);
}

} // namespace jsoc
