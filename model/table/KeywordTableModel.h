#pragma once

#include "model/records/KeywordValueKind.h"
#include "model/records/RecordPageCache.h"
#include "model/records/RecordTable.h"
#include "model/drms/SeriesStructure.h"
#include "model/records/TableSnapshot.h"
#include "model/records/TableSort.h"

#include <QAbstractTableModel>

class QTimer;
#include <atomic>
#include <memory>
#include <vector>

namespace jsoc {


// Records × keywords of one rs_list query, filled page by page while it loads.
// Storage is columnar (one RecordTable; about text size + 4 bytes per cell), data() only slices
// it, and sorting runs on the thread pool and comes back as a row permutation (+8 bytes per row).
// Columns: the first page's keywords in its order, then one column per segment (file path), then
// "Online" (Y/N) when the pages carry recinfo.
// Sorting: by the real value of the text (see KeywordValueKind), stable, MISSING last in both orders.
// The sort column/order is kept across queries (like a view's sort indicator), so a new query's
// rows are sorted as they arrive; sort(-1) returns to arrival order.
// Workers (sort, CSV export) read the storage in place through a lease instead of copying it; while
// a lease is held, arriving pages wait in the model and are appended (one insert) once it ends.
class KeywordTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeywordTableModel)

public:
    enum Role {
        RawTextRole = Qt::UserRole + 1, // QString: the cell exactly as JSOC sent it ("MISSING" included)
        IsMissingRole,                  // bool
        SourceRowRole                   // int: row in table() (arrival order)
    };

    explicit KeywordTableModel(QObject *parent = nullptr);
    ~KeywordTableModel() override;

    // New query: clears rows (beginResetModel), remembers the structure (keyword types, units,
    // notes for sorting/tooltips), returns the new generation token. Older pages are dropped from now on.
    quint64 beginQuery(const SeriesStructure &structure);
    // Page `pageIndex` of `generation`; pages are shown in index order whatever order they come in
    // (and a little later while a sort or export is reading the table). False if the page was
    // dropped: stale generation, index already seen, or columns that differ from the first page's.
    bool addPage(quint64 generation, int pageIndex, RecordTable page);
    void finishQuery(quint64 generation);
    bool isLoading() const { return m_loading; }
    quint64 generation() const { return m_generation; }
    qsizetype recordCount() const { return m_rows; }
    const RecordTable &table() const { return m_store->table; }
    const SeriesStructure &structure() const { return m_structure; }
    int sourceRow(int viewRow) const;
    int viewRow(int sourceRow) const;
    bool isSorting() const { return m_sorting; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    QString columnName(int column) const;
    int columnForName(const QString &name) const;
    ValueKind columnKind(int column) const;
    // The cells in view order for another thread (CsvExportJob): O(1), holds a lease (see above).
    TableSnapshot snapshot() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Asynchronous: returns at once; the new order appears with layoutChanged, then sortingChanged(false).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void loadingChanged(bool loading);
    void sortingChanged(bool sorting);
    void rowsLoaded(qsizetype total); // after each batch of pages is appended

private:
    using Source = TableSnapshotColumn::Source;
    struct Column {
        Source source = Source::Keyword;
        int index = 0;        // into the table's keywords / segments
        QString name;
        ValueKind kind = ValueKind::Text;
        bool quality = false; // QUALITY: tooltip decodes its bits
        QString toolTip;      // header tooltip
    };
    // The storage plus a count of workers reading it; the model changes it only at count 0.
    struct Store {
        RecordTable table;
        std::atomic_int readers{0};
    };

    std::shared_ptr<const RecordTable> lease() const;
    bool isLeased() const;
    void fixColumns(const RecordTable &first);
    bool compatible(const RecordTable &page) const;
    void flushDeferred();
    void appendPages(std::vector<RecordTable> pages);
    const StringColumn *textOf(const Column &column) const;
    bool isMissing(const Column &column, int sourceRow) const;
    void requestSort();
    void onSortFinished(quint64 serial, TableSortResult result);
    void applyOrder(std::shared_ptr<std::vector<int>> viewToSource, std::vector<int> sourceToView);
    void cancelSort();
    void setSorting(bool sorting);
    void setLoading(bool loading);

    std::shared_ptr<Store> m_store;
    std::vector<RecordTable> m_deferred; // released by the page cache while the store was leased
    QTimer *m_flushTimer = nullptr;      // retries m_deferred while an export holds a lease
    RecordPageCache m_cache;
    SeriesStructure m_structure;
    std::vector<Column> m_columns;
    qsizetype m_rows = 0;
    quint64 m_generation = 0;
    bool m_loading = false;

    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::shared_ptr<std::vector<int>> m_viewToSource; // null = arrival order; shared with snapshots
    std::vector<int> m_sourceToView;
    quint64 m_sortSerial = 0;        // the sort whose result is wanted; older results are discarded
    bool m_sortRunning = false;      // a worker for m_sortSerial is busy
    bool m_sorting = false;
    std::shared_ptr<std::atomic_bool> m_sortCancel;
};

} // namespace jsoc
