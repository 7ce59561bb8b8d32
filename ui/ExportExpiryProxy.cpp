#include "ui/ExportExpiryProxy.h"

#include "model/exports/ExportQueueEntry.h"
#include "model/exports/ExportQueueModel.h"

#include <QBrush>
#include <QColor>

namespace ui {

using ExportModel = jsoc::ExportQueueModel;
using ExportState = jsoc::ExportQueueEntry::State;

ExportExpiryProxy::ExportExpiryProxy(QObject *parent) : QIdentityProxyModel(parent)
{
    m_tick.setInterval(60 * 1000);
    connect(&m_tick, &QTimer::timeout, this, &ExportExpiryProxy::touchExpiryColumn);
    m_tick.start();
}

void ExportExpiryProxy::setNow(const QDateTime &now)
{
    m_now = now;
    touchExpiryColumn();
}

QDateTime ExportExpiryProxy::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

void ExportExpiryProxy::touchExpiryColumn()
{
    const int rows = rowCount();
    if (rows > 0 && columnCount() > ExportModel::ExpiresColumn)
        emit dataChanged(index(0, ExportModel::ExpiresColumn), index(rows - 1, ExportModel::ExpiresColumn));
}

QVariant ExportExpiryProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.column() != ExportModel::ExpiresColumn
        || (role != Qt::DisplayRole && role != Qt::ForegroundRole && role != Qt::ToolTipRole))
        return QIdentityProxyModel::data(index, role);
    const QDateTime expires = index.data(ExportModel::ExpiresRole).toDateTime();
    const auto state = ExportState(index.data(ExportModel::StateRole).toInt());
    if (!expires.isValid() || state != ExportState::Done)
        return QIdentityProxyModel::data(index, role);
    const qint64 left = now().secsTo(expires);
    const bool soon = left < kWarnSeconds;
    switch (role) {
    case Qt::ForegroundRole:
        return soon ? QVariant(QBrush(QColor(0xb3, 0x5c, 0x00))) : QVariant();
    case Qt::ToolTipRole:
        return soon ? tr("JSOC deletes the files 7 days after the export finished. Download them before then, or "
                         "use Re-export afterwards.")
                    : QIdentityProxyModel::data(index, role);
    default:
        if (left <= 0)
            return tr("expired");
        if (soon)
            return left < 3600 ? tr("in %1 min: download soon").arg((left + 59) / 60)
                               : tr("in %1 h: download soon").arg((left + 3599) / 3600);
        return QIdentityProxyModel::data(index, role);
    }
}

} // namespace ui
