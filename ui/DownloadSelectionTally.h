#pragma once

#include "model/exports/DownloadQueueItem.h"

#include <QHash>
#include <QObject>

#include <array>

class QItemSelection;
class QItemSelectionModel;
class QModelIndex;

// How many of the selected download rows are in each state, for the exports window's buttons.
// Kept up to date from the selection's and the model's signals in time proportional to what
// changed, never to the rows listed: with 50,000 files, a progress tick or a file finishing must
// not walk the selection. Over a jsoc::DownloadQueueModel (no proxy between): it relies on that
// model's promise that a state change always covers StateColumn.
namespace ui {

class DownloadSelectionTally final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadSelectionTally)

public:
    using State = jsoc::DownloadItem::State;

    explicit DownloadSelectionTally(QItemSelectionModel *selection, QObject *parent = nullptr);

    int count(State state) const { return m_counts[std::size_t(state)]; }
    int selectedRows() const { return int(m_states.size()); }

signals:
    void changed(); // the counts may differ

private:
    void onSelectionChanged(const QItemSelection &selected, const QItemSelection &deselected);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void rebuild(); // O(selected rows): after rows are removed, moved or reset
    void add(int row);
    void drop(int row);

    QItemSelectionModel *m_selection = nullptr;
    QHash<qint64, State> m_states; // selected row's id -> its state as last counted
    std::array<int, 6> m_counts {};
};

} // namespace ui
