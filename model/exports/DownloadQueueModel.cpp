#include "model/exports/DownloadQueueModel.h"

#include "model/common/DisplayFormat.h"

namespace jsoc {

DownloadQueueModel::DownloadQueueModel(QObject *parent) : QAbstractTableModel(parent) { }

int DownloadQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DownloadQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int DownloadQueueModel::rowOf(qint64 id) const
{
    return m_rowOf.value(id, -1);
}

QVariant DownloadQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const DownloadItem &d = r.item;
    const int percent = d.size > 0 ? int(d.received * 100 / d.size) : (d.state == DownloadItem::State::Done ? 100 : -1);
    const bool running = d.state == DownloadItem::State::Running;
    switch (role) {
    case IdRole: return d.id;
    case PathRole: return d.targetPath();
    case StateRole: return int(d.state);
    case ProgressRole: return percent;
    case BytesRole: return d.received;
    case TotalBytesRole: return d.size;
    case SpeedRole: return running ? r.speed : 0.0;
    case EtaRole: return running ? r.eta : qint64(-1);
    case Qt::ToolTipRole: return d.error.isEmpty() ? d.targetPath() : d.error;
    case Qt::DisplayRole:
        switch (index.column()) {
        case FileColumn: return d.fileName;
        case StateColumn: return DownloadItem::stateName(d.state);
        case ProgressColumn: return percent < 0 ? QString() : QStringLiteral("%1%").arg(percent);
        case SizeColumn: return format::bytes(d.size);
        case SpeedColumn: return running && r.speed > 0 ? format::rate(r.speed) : QString();
        case EtaColumn: return running && r.eta >= 0 ? format::duration(r.eta) : QString();
        case ErrorColumn: return d.error;
        default: return {};
        }
    default:
        return {};
    }
}

QVariant DownloadQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FileColumn: return tr("File");
    case StateColumn: return tr("State");
    case ProgressColumn: return tr("Progress");
    case SizeColumn: return tr("Size");
    case SpeedColumn: return tr("Speed");
    case EtaColumn: return tr("ETA");
    case ErrorColumn: return tr("Problem");
    default: return {};
    }
}

void DownloadQueueModel::upsert(const DownloadItem &item)
{
    if (item.state == DownloadItem::State::Running)
        m_running.insert(item.id);
    else
        m_running.remove(item.id);
    const int row = rowOf(item.id);
    if (row < 0) {
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.append(Row{item, 0, -1});
        m_rowOf.insert(item.id, at);
        endInsertRows();
        return;
    }
    Row &r = m_rows[row];
    r.item = item;
    if (item.state != DownloadItem::State::Running) { // speed and time left belong to a transfer
        r.speed = 0;
        r.eta = -1;
    }
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void DownloadQueueModel::setProgress(qint64 id, qint64 received, qint64 total, double bytesPerSecond, qint64 etaSeconds)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    if (r.item.received == received && r.item.size == total && r.speed == bytesPerSecond && r.eta == etaSeconds)
        return;
    r.item.received = received;
    r.item.size = total;
    r.speed = bytesPerSecond;
    r.eta = etaSeconds;
    // Only the progress columns move; one signal per row per throttled update.
    emit dataChanged(index(row, ProgressColumn), index(row, EtaColumn));
}

void DownloadQueueModel::remove(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowOf.remove(id);
    m_running.remove(id);
    for (int i = row; i < m_rows.size(); ++i)
        m_rowOf[m_rows[i].item.id] = i;
    endRemoveRows();
}

} // namespace jsoc
