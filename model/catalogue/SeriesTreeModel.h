#pragma once

#include <vector>

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <QString>

#include "model/drms/SeriesSummary.h"

// The series catalogue as a tree: namespace groups ("aia", "hmi", …; the part of the name
// before the first dot) holding series, and one "user series" node holding the su_* user
// namespaces. Groups sort alphabetically with "user series" last; series sort by name,
// case-insensitively. Two columns: name (groups show their series count) and description.
//
// The tree is replaced wholesale by setSeries() (one model reset: a refresh can add or drop
// thousands of series, and a reset is cheaper for views than thousands of insert signals).
// Nodes have dense integer ids so SeriesSearchProxy can keep per-node match tables.
namespace jsoc {

class SeriesTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesTreeModel)

public:
    enum Column { NameColumn = 0, DescriptionColumn, ColumnCount };
    enum Role {
        SeriesNameRole = Qt::UserRole + 1, // QString: full series name; empty for groups
        DescriptionRole,                   // QString: series description; empty for groups
        NodeKindRole,                      // int: NodeKind
        SeriesCountRole,                   // int: series under this node (1 for a series)
        NewCountRole,                      // int: series under this node marked new
        IsNewRole,                         // bool: series marked new by the last refresh
        GroupLabelRole                     // QString: bare group label ("aia", "user series")
    };
    enum class NodeKind { Namespace = 0, UserSeries = 1, Series = 2 };

    static constexpr int kNoNode = -1;

    explicit SeriesTreeModel(QObject *parent = nullptr);
    ~SeriesTreeModel() override;

    // Replaces the catalogue. Series whose names are in `newNames` (compared case-insensitively)
    // are marked new. Duplicate names (case-insensitive) keep the first entry.
    void setSeries(const SeriesList &series, const QSet<QString> &newNames = {});
    // The catalogue as last set (sorted as shown).
    SeriesList series() const;
    // Drops all "new" marks (dataChanged on the affected rows).
    void clearNewMarks();

    int seriesCount() const { return m_seriesCount; }
    int newSeriesCount() const { return m_newCount; }
    bool containsSeries(const QString &name) const;
    QModelIndex indexOfSeries(const QString &name, int column = NameColumn) const;
    // "aia" for "aia.lev1"; the whole name when it has no dot.
    static QString namespaceOf(const QString &seriesName);
    static bool isUserNamespace(const QString &ns);
    static QString userSeriesLabel() { return QStringLiteral("user series"); }

    // Node table, for SeriesSearchProxy (ids are valid until the next setSeries()).
    int nodeCount() const { return int(m_nodes.size()); }
    int nodeId(const QModelIndex &index) const;
    int parentNodeId(int node) const { return m_nodes[size_t(node)].parent; }
    NodeKind nodeKind(int node) const { return m_nodes[size_t(node)].kind; }
    // Search form: SeriesSearch::joined(name, description).
    const QString &foldedText(int node) const { return m_nodes[size_t(node)].folded; }
    qsizetype foldedNameLength(int node) const { return m_nodes[size_t(node)].foldedNameLength; }
    QStringView foldedName(int node) const { return QStringView(foldedText(node)).left(foldedNameLength(node)); }
    int nodeSeriesCount(int node) const { return m_nodes[size_t(node)].seriesCount; }
    QString groupLabel(int node) const { return m_nodes[size_t(node)].name; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Node {
        QString name;              // series name, or the group label
        QString description;
        QString folded;            // search form: SeriesSearch::joined(name, description)
        qsizetype foldedNameLength = 0;
        NodeKind kind = NodeKind::Series;
        int parent = kNoNode;
        int row = 0;
        QList<int> children;
        int seriesCount = 0;
        int newCount = 0;
        bool isNew = false;
    };

    const QList<int> &childrenOf(const QModelIndex &parent) const;
    QString groupText(const Node &node) const;
    int addNode(Node node);

    std::vector<Node> m_nodes;
    QList<int> m_topLevel;
    QHash<QString, int> m_byFoldedName; // folded series name -> node id
    int m_seriesCount = 0;
    int m_newCount = 0;
};

} // namespace jsoc
