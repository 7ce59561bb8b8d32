#pragma once

#include <vector>

#include <QSortFilterProxyModel>

#include "model/catalogue/SeriesSearch.h"

// Filters a SeriesTreeModel with a SeriesSearch, using QSortFilterProxyModel's own recursive
// filtering: series rows are accepted by the search, group rows never by themselves, so a
// group stays exactly when one of its series does.
//
// setSearch() matches every series once, in a tight loop over the model's folded strings, and
// keeps a per-node table; filterAcceptsRow() is then a table look-up. The same pass counts the
// matches per group, which the proxy shows in the group labels ("aia  (12 of 123)").
//
// Not supported: a source model other than SeriesTreeModel (setSourceModel asserts).
namespace jsoc {

class SeriesTreeModel;

class SeriesSearchProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesSearchProxy)

public:
    explicit SeriesSearchProxy(QObject *parent = nullptr);
    ~SeriesSearchProxy() override;

    void setSourceModel(QAbstractItemModel *model) override;

    // Applies `search`; an invalid search (bad regex) leaves the current filter in place.
    void setSearch(const SeriesSearch &search);
    const SeriesSearch &search() const { return m_search; }
    bool isFiltering() const { return !m_search.isEmpty(); }

    // Series accepted by the current search (all series when not filtering).
    int matchCount() const;
    int totalCount() const;
    // Accepted series under a proxy group index (its total when not filtering).
    int matchCountUnder(const QModelIndex &proxyIndex) const;
    // "312 of 45,118 series" / "45,118 series".
    QString summaryText() const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void searchApplied();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void recompute(bool narrowing);

    SeriesTreeModel *m_tree = nullptr;
    SeriesSearch m_search;
    std::vector<char> m_accepted;   // per node id: series accepted by the search
    std::vector<int> m_matchCounts; // per node id: accepted series at or under the node
    std::vector<int> m_matchedIds;  // accepted series node ids, ascending
    int m_matchCount = 0;
};

} // namespace jsoc
