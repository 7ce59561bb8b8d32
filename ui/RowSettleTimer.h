#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

// Turns the table's current-row moves into one "look" per row the user stops on: a row counts once
// it has stayed current for settleMs (arrow keys held down or a fast scroll fetch nothing, as JSOC
// asks of polite clients), and the next rows in the direction of travel are named for prefetch.
// A single-shot timer restarted on every move: no sleeping, nothing blocks.
namespace ui {

class RowSettleTimer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowSettleTimer)

public:
    static constexpr int kDefaultSettleMs = 150;
    static constexpr int kDefaultAhead = 2;

    explicit RowSettleTimer(QObject *parent = nullptr);

    void setSettleMs(int ms) { m_timer.setInterval(ms); }
    int settleMs() const { return m_timer.interval(); }
    void setAhead(int rows) { m_ahead = rows; }

    // The current row is now `row` of `rowCount` (view rows); restarts the wait.
    void moveTo(int row, int rowCount);
    // Forgets the row and the direction (a new table); nothing is emitted for the old one.
    void reset();
    // The row was looked at already (a click): stop waiting, keep the row and the direction.
    void stop() { m_timer.stop(); }
    // The rows after `row` in the direction of travel (what settled() would name).
    QList<int> aheadOf(int row) const;
    bool isWaiting() const { return m_timer.isActive(); }
    int direction() const { return m_direction; }

signals:
    // `row` stayed current for settleMs; `ahead` are the next rows the same way (within the table).
    void settled(int row, const QList<int> &ahead);

private:
    void emitSettled();

    QTimer m_timer;
    int m_row = -1;
    int m_rowCount = 0;
    int m_direction = 1; // +1 down the table, -1 up
    int m_ahead = kDefaultAhead;
};

} // namespace ui
