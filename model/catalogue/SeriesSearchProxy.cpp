#include "model/catalogue/SeriesSearchProxy.h"

#include "model/common/DisplayFormat.h"
#include "model/catalogue/SeriesTreeModel.h"

namespace jsoc {

SeriesSearchProxy::SeriesSearchProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(false); // the tree is rebuilt by reset; the filter changes on setSearch
}

SeriesSearchProxy::~SeriesSearchProxy() = default;

void SeriesSearchProxy::setSourceModel(QAbstractItemModel *model)
{
    if (m_tree)
        disconnect(m_tree, nullptr, this, nullptr);
    m_tree = qobject_cast<SeriesTreeModel *>(model);
    Q_ASSERT(m_tree || !model);
    if (m_tree) {
        // Before the base class sees the reset, so filterAcceptsRow reads fresh tables.
        connect(m_tree, &QAbstractItemModel::modelReset, this, [this] { recompute(false); });
    }
    recompute(false);
    QSortFilterProxyModel::setSourceModel(model);
}

void SeriesSearchProxy::setSearch(const SeriesSearch &search)
{
    if (!search.isValid() || search == m_search)
        return;
    const bool narrowing = search.narrows(m_search);
    m_search = search;
    recompute(narrowing);
    invalidateFilter();
    emit searchApplied();
}

void SeriesSearchProxy::recompute(bool narrowing)
{
    const int nodes = m_tree ? m_tree->nodeCount() : 0;
    // Typing one more letter can only drop matches: test just the previous ones.
    std::vector<int> candidates;
    if (narrowing && m_accepted.size() == size_t(nodes))
        candidates.swap(m_matchedIds);
    else
        narrowing = false;
    m_accepted.assign(size_t(nodes), 0);
    m_matchCounts.assign(size_t(nodes), 0);
    m_matchedIds.clear();
    m_matchCount = 0;
    if (!m_tree || m_search.isEmpty())
        return;
    auto test = [this](int id) {
        if (!m_search.matchesJoined(m_tree->foldedText(id)))
            return;
        m_accepted[size_t(id)] = 1;
        m_matchedIds.push_back(id);
        ++m_matchCount;
        for (int p = id; p != SeriesTreeModel::kNoNode; p = m_tree->parentNodeId(p))
            ++m_matchCounts[size_t(p)];
    };
    if (narrowing) {
        for (int id : candidates)
            test(id);
        return;
    }
    for (int id = 0; id < nodes; ++id) {
        if (m_tree->nodeKind(id) == SeriesTreeModel::NodeKind::Series)
            test(id);
    }
}

bool SeriesSearchProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_tree || m_search.isEmpty())
        return true;
    const int id = m_tree->nodeId(m_tree->index(sourceRow, 0, sourceParent));
    if (id < 0 || size_t(id) >= m_accepted.size())
        return false;
    if (m_tree->nodeKind(id) == SeriesTreeModel::NodeKind::Series)
        return m_accepted[size_t(id)] != 0;
    // A group with matches is kept without Qt walking its children to find one.
    return m_matchCounts[size_t(id)] > 0;
}

int SeriesSearchProxy::matchCount() const
{
    return isFiltering() ? m_matchCount : totalCount();
}

int SeriesSearchProxy::totalCount() const
{
    return m_tree ? m_tree->seriesCount() : 0;
}

int SeriesSearchProxy::matchCountUnder(const QModelIndex &proxyIndex) const
{
    if (!m_tree)
        return 0;
    const int id = m_tree->nodeId(mapToSource(proxyIndex));
    if (id < 0)
        return 0;
    if (!isFiltering())
        return m_tree->nodeSeriesCount(id);
    return m_matchCounts[size_t(id)];
}

QString SeriesSearchProxy::summaryText() const
{
    if (!isFiltering())
        return QStringLiteral("%1 series").arg(format::count(totalCount()));
    return QStringLiteral("%1 of %2 series").arg(format::count(matchCount()), format::count(totalCount()));
}

QVariant SeriesSearchProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DisplayRole && index.column() == 0 && isFiltering() && m_tree) {
        const int id = m_tree->nodeId(mapToSource(index));
        if (id >= 0 && m_tree->nodeKind(id) != SeriesTreeModel::NodeKind::Series) {
            return QStringLiteral("%1  (%2 of %3)")
                .arg(m_tree->groupLabel(id), format::count(m_matchCounts[size_t(id)]),
                     format::count(m_tree->nodeSeriesCount(id)));
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace jsoc
