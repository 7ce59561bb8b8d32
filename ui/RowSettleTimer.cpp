#include "ui/RowSettleTimer.h"

namespace ui {

RowSettleTimer::RowSettleTimer(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultSettleMs);
    connect(&m_timer, &QTimer::timeout, this, &RowSettleTimer::emitSettled);
}

void RowSettleTimer::moveTo(int row, int rowCount)
{
    if (row < 0)
        return;
    // The direction of the last real move: paging up prefetches the rows above.
    if (m_row >= 0 && row != m_row)
        m_direction = row > m_row ? 1 : -1;
    m_row = row;
    m_rowCount = rowCount;
    m_timer.start();
}

void RowSettleTimer::reset()
{
    m_timer.stop();
    m_row = -1;
    m_rowCount = 0;
    m_direction = 1;
}

QList<int> RowSettleTimer::aheadOf(int row) const
{
    QList<int> ahead;
    for (int i = 1; i <= m_ahead; ++i) {
        const int next = row + i * m_direction;
        if (next < 0 || next >= m_rowCount)
            break;
        ahead.append(next);
    }
    return ahead;
}

void RowSettleTimer::emitSettled()
{
    if (m_row >= 0)
        emit settled(m_row, aheadOf(m_row));
}

} // namespace ui
