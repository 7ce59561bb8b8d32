#include "model/catalogue/SeriesTreeModel.h"

#include <algorithm>

#include "model/common/DisplayFormat.h"
#include "model/catalogue/SeriesSearch.h"

namespace jsoc {

namespace {

struct Entry {
    const SeriesSummary *summary;
    QString folded;
};

} // namespace

SeriesTreeModel::SeriesTreeModel(QObject *parent) : QAbstractItemModel(parent) { }

SeriesTreeModel::~SeriesTreeModel() = default;

QString SeriesTreeModel::namespaceOf(const QString &seriesName)
{
    const qsizetype dot = seriesName.indexOf(QLatin1Char('.'));
    return dot < 0 ? seriesName : seriesName.left(dot);
}

bool SeriesTreeModel::isUserNamespace(const QString &ns)
{
    return ns.startsWith(QLatin1String("su_"), Qt::CaseInsensitive);
}

int SeriesTreeModel::addNode(Node node)
{
    m_nodes.push_back(std::move(node));
    return int(m_nodes.size()) - 1;
}

void SeriesTreeModel::setSeries(const SeriesList &series, const QSet<QString> &newNames)
{
    QSet<QString> foldedNew;
    foldedNew.reserve(newNames.size());
    for (const QString &name : newNames)
        foldedNew.insert(SeriesSearch::fold(name));

    std::vector<Entry> entries;
    entries.reserve(size_t(series.size()));
    for (const SeriesSummary &s : series) {
        if (!s.name.isEmpty())
            entries.push_back({&s, SeriesSearch::fold(s.name)});
    }
    // Folded names start with the namespace and namespace characters sort after '.', so one
    // sort both orders the series and makes each namespace contiguous.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.folded < b.folded; });

    beginResetModel();
    m_nodes.clear();
    m_nodes.reserve(entries.size() + 64);
    m_topLevel.clear();
    m_byFoldedName.clear();
    m_byFoldedName.reserve(qsizetype(entries.size()));
    m_seriesCount = 0;
    m_newCount = 0;

    int userRoot = kNoNode;
    int group = kNoNode;
    QString groupKey;
    for (const Entry &e : entries) {
        if (m_byFoldedName.contains(e.folded))
            continue;
        const QString key = namespaceOf(e.folded);
        if (group == kNoNode || key != groupKey) {
            groupKey = key;
            Node g;
            g.name = namespaceOf(e.summary->name);
            g.folded = key;
            g.foldedNameLength = key.size();
            g.kind = NodeKind::Namespace;
            if (isUserNamespace(key)) {
                if (userRoot == kNoNode) {
                    Node root;
                    root.name = userSeriesLabel();
                    root.folded = SeriesSearch::fold(root.name);
                    root.foldedNameLength = root.folded.size();
                    root.kind = NodeKind::UserSeries;
                    userRoot = addNode(std::move(root));
                }
                g.parent = userRoot;
                group = addNode(std::move(g));
                m_nodes[size_t(userRoot)].children.append(group);
            } else {
                group = addNode(std::move(g));
                m_topLevel.append(group);
            }
        }
        Node s;
        s.name = e.summary->name;
        s.description = e.summary->description;
        s.folded = SeriesSearch::joined(e.summary->name, e.summary->description);
        s.foldedNameLength = e.folded.size();
        s.parent = group;
        s.isNew = foldedNew.contains(e.folded);
        const int id = addNode(std::move(s));
        Node &g = m_nodes[size_t(group)];
        g.children.append(id);
        m_byFoldedName.insert(e.folded, id);
        ++m_seriesCount;
        if (m_nodes[size_t(id)].isNew)
            ++m_newCount;
    }
    if (userRoot != kNoNode)
        m_topLevel.append(userRoot);

    // Rows and counts, bottom-up: series (1), namespace groups, then the user-series root.
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        Node &n = m_nodes[i];
        for (int r = 0; r < n.children.size(); ++r)
            m_nodes[size_t(n.children[r])].row = r;
        if (n.kind == NodeKind::Series) {
            n.seriesCount = 1;
            n.newCount = n.isNew ? 1 : 0;
        }
    }
    for (Node &n : m_nodes) {
        if (n.kind != NodeKind::Namespace)
            continue;
        n.seriesCount = int(n.children.size());
        n.newCount = 0;
        for (int c : n.children)
            n.newCount += m_nodes[size_t(c)].newCount;
    }
    if (userRoot != kNoNode) {
        Node &root = m_nodes[size_t(userRoot)];
        for (int c : root.children) {
            root.seriesCount += m_nodes[size_t(c)].seriesCount;
            root.newCount += m_nodes[size_t(c)].newCount;
        }
    }
    for (int r = 0; r < m_topLevel.size(); ++r)
        m_nodes[size_t(m_topLevel[r])].row = r;
    endResetModel();
}

SeriesList SeriesTreeModel::series() const
{
    SeriesList out;
    out.reserve(m_seriesCount);
    for (const Node &n : m_nodes) {
        if (n.kind == NodeKind::Series)
            out.append({n.name, n.description, {}});
    }
    return out;
}

void SeriesTreeModel::clearNewMarks()
{
    if (m_newCount == 0)
        return;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        Node &n = m_nodes[i];
        if (n.newCount == 0)
            continue;
        n.isNew = false;
        n.newCount = 0;
        const QModelIndex left = createIndex(n.row, NameColumn, quintptr(i));
        const QModelIndex right = createIndex(n.row, DescriptionColumn, quintptr(i));
        emit dataChanged(left, right);
    }
    m_newCount = 0;
}

bool SeriesTreeModel::containsSeries(const QString &name) const
{
    return m_byFoldedName.contains(SeriesSearch::fold(name));
}

QModelIndex SeriesTreeModel::indexOfSeries(const QString &name, int column) const
{
    const int id = m_byFoldedName.value(SeriesSearch::fold(name), kNoNode);
    if (id == kNoNode)
        return {};
    return createIndex(m_nodes[size_t(id)].row, column, quintptr(id));
}

int SeriesTreeModel::nodeId(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return kNoNode;
    return int(index.internalId());
}

const QList<int> &SeriesTreeModel::childrenOf(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_topLevel;
    return m_nodes[size_t(parent.internalId())].children;
}

QModelIndex SeriesTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const QList<int> &children = childrenOf(parent);
    if (row < 0 || row >= children.size())
        return {};
    return createIndex(row, column, quintptr(children[row]));
}

QModelIndex SeriesTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int p = m_nodes[size_t(child.internalId())].parent;
    if (p == kNoNode)
        return {};
    return createIndex(m_nodes[size_t(p)].row, 0, quintptr(p));
}

int SeriesTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(childrenOf(parent).size());
}

int SeriesTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString SeriesTreeModel::groupText(const Node &node) const
{
    if (node.newCount > 0)
        return QStringLiteral("%1  (%2, %3 new)").arg(node.name, format::count(node.seriesCount),
                                                     format::count(node.newCount));
    return QStringLiteral("%1  (%2)").arg(node.name, format::count(node.seriesCount));
}

QVariant SeriesTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &n = m_nodes[size_t(index.internalId())];
    const bool isSeries = n.kind == NodeKind::Series;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return isSeries ? n.name : groupText(n);
        return n.description;
    case Qt::ToolTipRole:
        if (!isSeries)
            return QStringLiteral("%1: %2 series").arg(n.name, format::count(n.seriesCount));
        if (n.isNew)
            return QStringLiteral("%1\n%2\nNew since the previous catalogue refresh.").arg(n.name, n.description);
        return n.description.isEmpty() ? n.name : QStringLiteral("%1\n%2").arg(n.name, n.description);
    case SeriesNameRole:
        return isSeries ? n.name : QString();
    case DescriptionRole:
        return n.description;
    case NodeKindRole:
        return int(n.kind);
    case SeriesCountRole:
        return n.seriesCount;
    case NewCountRole:
        return n.newCount;
    case IsNewRole:
        return n.isNew;
    case GroupLabelRole:
        return isSeries ? QString() : n.name;
    default:
        return {};
    }
}

QVariant SeriesTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return QStringLiteral("Series");
    case DescriptionColumn: return QStringLiteral("Description");
    default: return {};
    }
}

Qt::ItemFlags SeriesTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node &n = m_nodes[size_t(index.internalId())];
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (n.kind == NodeKind::Series)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

} // namespace jsoc
