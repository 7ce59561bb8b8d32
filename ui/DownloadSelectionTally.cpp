#include "ui/DownloadSelectionTally.h"

#include "model/exports/DownloadQueueModel.h"

#include <QItemSelectionModel>

namespace ui {

using DownloadModel = jsoc::DownloadQueueModel;

DownloadSelectionTally::DownloadSelectionTally(QItemSelectionModel *selection, QObject *parent)
    : QObject(parent), m_selection(selection)
{
    connect(selection, &QItemSelectionModel::selectionChanged, this, &DownloadSelectionTally::onSelectionChanged);
    const QAbstractItemModel *model = selection->model();
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) { onDataChanged(topLeft, bottomRight); });
    // Rows leaving or moving may change the selection without selectionChanged: count again.
    connect(model, &QAbstractItemModel::rowsRemoved, this, &DownloadSelectionTally::rebuild);
    connect(model, &QAbstractItemModel::rowsMoved, this, &DownloadSelectionTally::rebuild);
    connect(model, &QAbstractItemModel::modelReset, this, &DownloadSelectionTally::rebuild);
    connect(model, &QAbstractItemModel::layoutChanged, this, &DownloadSelectionTally::rebuild);
    rebuild();
}

void DownloadSelectionTally::add(int row)
{
    const QModelIndex index = m_selection->model()->index(row, 0);
    const qint64 id = index.data(DownloadModel::IdRole).toLongLong();
    if (m_states.contains(id))
        return;
    const int state = index.data(DownloadModel::StateRole).toInt();
    if (state < 0 || std::size_t(state) >= m_counts.size())
        return;
    m_states.insert(id, State(state));
    ++m_counts[std::size_t(state)];
}

void DownloadSelectionTally::drop(int row)
{
    const qint64 id = m_selection->model()->index(row, 0).data(DownloadModel::IdRole).toLongLong();
    const auto it = m_states.constFind(id);
    if (it == m_states.cend())
        return;
    --m_counts[std::size_t(it.value())];
    m_states.erase(it);
}

void DownloadSelectionTally::onSelectionChanged(const QItemSelection &selected, const QItemSelection &deselected)
{
    const int lastColumn = m_selection->model()->columnCount() - 1;
    // A row counts when all of it is selected (what selectedRows() returns); a cell taken out of it
    // takes the row out.
    for (const QItemSelectionRange &range : deselected)
        for (int row = range.top(); row <= range.bottom(); ++row)
            drop(row);
    for (const QItemSelectionRange &range : selected) {
        const bool wholeRows = range.left() == 0 && range.right() == lastColumn;
        for (int row = range.top(); row <= range.bottom(); ++row)
            if (wholeRows || m_selection->isRowSelected(row))
                add(row);
    }
    emit changed();
}

void DownloadSelectionTally::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (topLeft.column() > DownloadModel::StateColumn || bottomRight.column() < DownloadModel::StateColumn)
        return; // progress only: no state moved
    bool any = false;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex index = m_selection->model()->index(row, 0);
        const auto it = m_states.find(index.data(DownloadModel::IdRole).toLongLong());
        if (it == m_states.end())
            continue;
        const int state = index.data(DownloadModel::StateRole).toInt();
        if (state < 0 || std::size_t(state) >= m_counts.size() || State(state) == it.value())
            continue;
        --m_counts[std::size_t(it.value())];
        ++m_counts[std::size_t(state)];
        it.value() = State(state);
        any = true;
    }
    if (any)
        emit changed();
}

void DownloadSelectionTally::rebuild()
{
    m_states.clear();
    m_counts.fill(0);
    for (const QModelIndex &index : m_selection->selectedRows())
        add(index.row());
    emit changed();
}

} // namespace ui
