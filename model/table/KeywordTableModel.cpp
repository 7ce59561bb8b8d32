#include "model/table/KeywordTableModel.h"
#include "model/table/TableLog.h"

#include "model/records/QualityBits.h"
#include "model/records/TableSort.h"

#include <QBrush>
#include <QFutureWatcher>
#include <QTimer>
#include <QFutureWatcher>
#include <QtConcurrentRun>
#include <numeric>
#include <utility>

namespace jsoc {

namespace {

const QByteArrayView kMissing("MISSING");

const QBrush &missingForeground()
{
    static const QBrush brush(QColor(128, 128, 128));
    return brush;
}

const QBrush &missingBackground()
{
    // Translucent so the cell reads as greyed on light and dark palettes alike.
    static const QBrush brush(QColor(128, 128, 128, 40));
    return brush;
}

QString joinToolTip(const QString &note, const QString &units)
{
    QString tip = note;
    if (!units.isEmpty() && units != QLatin1String("none")) {
        if (!tip.isEmpty())
            tip += QLatin1Char('\n');
        tip += QStringLiteral("Units: %1").arg(units);
    }
    return tip;
}

QString pseudoKeyNote(const QString &name)
{
    if (name == QLatin1String("*recnum*"))
        return QStringLiteral("Record number");
    if (name == QLatin1String("*sunum*"))
        return QStringLiteral("Storage unit number");
    if (name == QLatin1String("*size*"))
        return QStringLiteral("Storage unit size");
    return {};
}

bool hasColumns(const RecordTable &t)
{
    return !t.keywords.empty() || !t.segments.empty() || t.hasRecInfo;
}

} // namespace

KeywordTableModel::KeywordTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(std::make_shared<Store>())
    , m_flushTimer(new QTimer(this))
{
    m_flushTimer->setInterval(50);
    connect(m_flushTimer, &QTimer::timeout, this, &KeywordTableModel::flushDeferred);
}

KeywordTableModel::~KeywordTableModel()
{
    cancelSort();
}

std::shared_ptr<const RecordTable> KeywordTableModel::lease() const
{
    // The deleter keeps the store alive and ends the lease when the last copy goes.
    std::shared_ptr<Store> store = m_store;
    store->readers.fetch_add(1, std::memory_order_relaxed);
    return std::shared_ptr<const RecordTable>(&store->table, [store](const RecordTable *) {
        store->readers.fetch_sub(1, std::memory_order_release);
    });
}

bool KeywordTableModel::isLeased() const
{
    return m_store->readers.load(std::memory_order_acquire) > 0;
}

quint64 KeywordTableModel::beginQuery(const SeriesStructure &structure)
{
    const bool wasSorting = m_sorting;
    cancelSort();
    beginResetModel();
    ++m_generation;
    m_cache.reset(m_generation);
    m_structure = structure;
    m_store = std::make_shared<Store>(); // a worker still reading the old one keeps it alive
    m_deferred.clear();
    m_flushTimer->stop();
    m_columns.clear();
    m_rows = 0;
    m_viewToSource.reset();
    m_sourceToView.clear();
    endResetModel();
    if (wasSorting)
        setSorting(false);
    setLoading(true);
    return m_generation;
}

bool KeywordTableModel::addPage(quint64 generation, int pageIndex, RecordTable page)
{
    if (generation != m_generation) {
        qCDebug(lcTable) << "dropped page" << pageIndex << "of stale generation" << generation;
        return false;
    }
    if (!m_cache.insert(generation, pageIndex, std::move(page))) {
        qCDebug(lcTable) << "dropped duplicate page" << pageIndex;
        return false;
    }
    bool ok = true;
    for (RecordTable &p : m_cache.takeReady()) {
        if (m_columns.empty() && hasColumns(p))
            fixColumns(p);
        if (!compatible(p)) {
            qCWarning(lcTable) << "dropped a page whose columns differ from the first page's";
            ok = false;
            continue;
        }
        m_deferred.push_back(std::move(p));
    }
    flushDeferred();
    return ok;
}

bool KeywordTableModel::compatible(const RecordTable &page) const
{
    if (!hasColumns(page) && page.rowCount() == 0)
        return true; // zero-record page without columns (protocol quirk 5): adds nothing
    // Compare with the first page with columns (held or still waiting).
    const RecordTable *first = hasColumns(m_store->table) ? &m_store->table : nullptr;
    for (size_t i = 0; !first && i < m_deferred.size(); ++i)
        if (hasColumns(m_deferred[i]))
            first = &m_deferred[i];
    if (!first)
        return true;
    return first->hasSameColumns(page);
}

void KeywordTableModel::fixColumns(const RecordTable &first)
{
    std::vector<Column> columns;
    for (size_t i = 0; i < first.keywords.size(); ++i) {
        Column c;
        c.source = Source::Keyword;
        c.index = int(i);
        c.name = first.keywords[i].name;
        c.kind = valueKindOf(m_structure, c.name);
        c.quality = c.name == QLatin1String("QUALITY");
        if (const KeywordInfo *k = findKeyword(m_structure, c.name))
            c.toolTip = joinToolTip(k->note, k->units);
        else
            c.toolTip = pseudoKeyNote(c.name);
        columns.push_back(c);
    }
    for (size_t i = 0; i < first.segments.size(); ++i) {
        Column c;
        c.source = Source::Segment;
        c.index = int(i);
        c.name = first.segments[i].name;
        const SegmentInfo *s = m_structure.segment(c.name);
        c.toolTip = QStringLiteral("Segment file");
        if (s && !s->note.isEmpty())
            c.toolTip += QStringLiteral(": ") + s->note;
        columns.push_back(c);
    }
    if (first.hasRecInfo) {
        Column c;
        c.source = Source::Online;
        c.name = QStringLiteral("Online");
        c.kind = ValueKind::Text;
        c.toolTip = QStringLiteral("Y: the record's files are online; N: they must be staged from tape first");
        columns.push_back(c);
    }
    if (columns.empty())
        return;
    beginInsertColumns(QModelIndex(), 0, int(columns.size()) - 1);
    m_columns = std::move(columns);
    endInsertColumns();
    if (m_sortColumn >= int(m_columns.size()))
        m_sortColumn = -1;
}

void KeywordTableModel::flushDeferred()
{
    if (m_deferred.empty()) {
        m_flushTimer->stop();
        return;
    }
    if (isLeased()) {
        // A sort's finish flushes; an export only ends its lease, so poll until it has.
        if (!m_flushTimer->isActive())
            m_flushTimer->start();
        return;
    }
    m_flushTimer->stop();
    appendPages(std::exchange(m_deferred, {}));
}

void KeywordTableModel::appendPages(std::vector<RecordTable> pages)
{
    RecordTable &table = m_store->table;
    qsizetype added = 0;
    for (const RecordTable &p : pages)
        added += p.rowCount();
    if (added > 0) {
        const qsizetype first = m_rows;
        beginInsertRows(QModelIndex(), int(first), int(first + added - 1));
        for (RecordTable &p : pages)
            table.appendPage(std::move(p)); // the first page is adopted, not copied
        m_rows = first + added;
        // New rows go below the sorted ones until the re-sort below puts them in place.
        if (m_viewToSource) {
            if (m_viewToSource.use_count() > 1) // a snapshot still has the old order
                m_viewToSource = std::make_shared<std::vector<int>>(*m_viewToSource);
            m_viewToSource->resize(size_t(m_rows));
            m_sourceToView.resize(size_t(m_rows));
            std::iota(m_viewToSource->begin() + first, m_viewToSource->end(), int(first));
            std::iota(m_sourceToView.begin() + first, m_sourceToView.end(), int(first));
        }
        endInsertRows();
    } else {
        for (RecordTable &p : pages)
            table.appendPage(std::move(p));
    }
    emit rowsLoaded(m_rows);
    if (added > 0 && m_sortColumn >= 0 && !m_sortRunning)
        requestSort();
}

void KeywordTableModel::finishQuery(quint64 generation)
{
    if (generation == m_generation)
        setLoading(false);
}

int KeywordTableModel::sourceRow(int viewRow) const
{
    if (viewRow < 0 || viewRow >= m_rows)
        return -1;
    return m_viewToSource ? (*m_viewToSource)[size_t(viewRow)] : viewRow;
}

int KeywordTableModel::viewRow(int sourceRow) const
{
    if (sourceRow < 0 || sourceRow >= m_rows)
        return -1;
    return m_viewToSource ? m_sourceToView[size_t(sourceRow)] : sourceRow;
}

QString KeywordTableModel::columnName(int column) const
{
    return column >= 0 && column < int(m_columns.size()) ? m_columns[size_t(column)].name : QString();
}

int KeywordTableModel::columnForName(const QString &name) const
{
    for (size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == name)
            return int(i);
    return -1;
}

ValueKind KeywordTableModel::columnKind(int column) const
{
    return column >= 0 && column < int(m_columns.size()) ? m_columns[size_t(column)].kind : ValueKind::Text;
}

const StringColumn *KeywordTableModel::textOf(const Column &column) const
{
    switch (column.source) {
    case Source::Keyword:
        return &m_store->table.keywords[size_t(column.index)].values;
    case Source::Segment:
        return &m_store->table.segments[size_t(column.index)].values;
    case Source::Online:
        break;
    }
    return nullptr;
}

bool KeywordTableModel::isMissing(const Column &column, int sourceRow) const
{
    if (const StringColumn *text = textOf(column))
        return text->raw(sourceRow) == kMissing;
    return false;
}

TableSnapshot KeywordTableModel::snapshot() const
{
    TableSnapshot s;
    s.table = lease();
    s.viewToSource = m_viewToSource;
    s.rows = m_rows;
    s.columns.reserve(m_columns.size());
    for (const Column &c : m_columns)
        s.columns.push_back({c.name, c.source, c.index});
    return s;
}

int KeywordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int KeywordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant KeywordTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.column() >= int(m_columns.size()))
        return {};
    const Column &c = m_columns[size_t(index.column())];
    const int src = m_viewToSource ? (*m_viewToSource)[size_t(index.row())] : index.row();
    const StringColumn *text = textOf(c);
    switch (role) {
    case Qt::DisplayRole:
    case RawTextRole:
        if (!text) {
            const std::vector<quint8> &online = m_store->table.recInfoOnline;
            if (size_t(src) >= online.size())
                return QString();
            return online[size_t(src)] ? QStringLiteral("Y") : QStringLiteral("N");
        }
        if (role == Qt::DisplayRole && text->raw(src) == kMissing)
            return QString();
        return text->value(src);
    case IsMissingRole:
        return isMissing(c, src);
    case SourceRowRole:
        return src;
    case Qt::ForegroundRole:
        return isMissing(c, src) ? QVariant(missingForeground()) : QVariant();
    case Qt::BackgroundRole:
        return isMissing(c, src) ? QVariant(missingBackground()) : QVariant();
    case Qt::ToolTipRole:
        if (isMissing(c, src))
            return QStringLiteral("MISSING: no value for this record");
        if (c.quality && text)
            return qualityToolTip(text->raw(src), m_structure.name);
        return {};
    case Qt::TextAlignmentRole:
        if (c.kind == ValueKind::Integer || c.kind == ValueKind::Real)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant KeywordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < m_rows)
            return section + 1;
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (section < 0 || section >= int(m_columns.size()))
        return {};
    const Column &c = m_columns[size_t(section)];
    switch (role) {
    case Qt::DisplayRole:
        return c.name;
    case Qt::ToolTipRole:
        return c.toolTip.isEmpty() ? c.name : c.name + QLatin1Char('\n') + c.toolTip;
    default:
        return {};
    }
}

void KeywordTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= int(m_columns.size())) {
        cancelSort();
        m_sortColumn = -1;
        m_sortOrder = order;
        if (m_viewToSource)
            applyOrder(nullptr, {});
        setSorting(false);
        return;
    }
    m_sortColumn = column;
    m_sortOrder = order;
    requestSort();
}

void KeywordTableModel::requestSort()
{
    cancelSort();
    if (m_sortColumn < 0 || m_rows == 0) {
        setSorting(false);
        return;
    }
    const Column &c = m_columns[size_t(m_sortColumn)];
    TableSortInput input;
    input.table = lease();
    input.kind = c.kind;
    input.order = m_sortOrder;
    input.rows = m_rows;
    input.text = textOf(c);
    if (!input.text)
        input.flags = &input.table->recInfoOnline;
    const quint64 serial = ++m_sortSerial;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_sortCancel = cancel;
    m_sortRunning = true;
    setSorting(true);
    // A watcher, not QFuture::then(this, …): on Qt 6.4 a continuation attached to an already
    // finished future runs synchronously, which would apply tiny sorts inside sort() itself.
    auto *watcher = new QFutureWatcher<TableSortResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0)
            onSortFinished(serial, watcher->future().takeResult());
        flushDeferred(); // the worker's lease has ended: pages that waited can go in
    });
    watcher->setFuture(QtConcurrent::run([input = std::move(input), cancel]() mutable {
        TableSortResult result = sortTableRows(input, cancel.get());
        input = TableSortInput(); // end the lease before the GUI thread hears of the result
        return result;
    }));
}

void KeywordTableModel::onSortFinished(quint64 serial, TableSortResult result)
{
    if (serial != m_sortSerial || result.cancelled)
        return; // superseded by a newer sort or a new query
    m_sortRunning = false;
    m_sortCancel.reset();
    const size_t sorted = result.viewToSource.size();
    if (sorted > size_t(m_rows))
        return; // cannot happen: rows only shrink through beginQuery, which supersedes
    auto viewToSource = std::make_shared<std::vector<int>>(std::move(result.viewToSource));
    std::vector<int> sourceToView = std::move(result.sourceToView);
    // Rows appended after the sort began (none while its lease held pages back) stay below.
    viewToSource->resize(size_t(m_rows));
    sourceToView.resize(size_t(m_rows));
    std::iota(viewToSource->begin() + qsizetype(sorted), viewToSource->end(), int(sorted));
    std::iota(sourceToView.begin() + qsizetype(sorted), sourceToView.end(), int(sorted));
    applyOrder(std::move(viewToSource), std::move(sourceToView));
    if (!m_deferred.empty() && !isLeased()) {
        m_flushTimer->stop();
        appendPages(std::exchange(m_deferred, {})); // pages that waited for this sort; re-sorts
    } else if (sorted < size_t(m_rows)) {
        requestSort();
    }
    if (!m_sortRunning)
        setSorting(false);
}

void KeywordTableModel::applyOrder(std::shared_ptr<std::vector<int>> viewToSource, std::vector<int> sourceToView)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<int> sources;
    sources.reserve(before.size());
    for (const QModelIndex &i : before)
        sources.append(sourceRow(i.row()));
    m_viewToSource = std::move(viewToSource);
    m_sourceToView = std::move(sourceToView);
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype k = 0; k < before.size(); ++k)
        after.append(index(viewRow(sources[k]), before[k].column()));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void KeywordTableModel::cancelSort()
{
    ++m_sortSerial;
    m_sortRunning = false;
    if (m_sortCancel)
        m_sortCancel->store(true);
    m_sortCancel.reset();
}

void KeywordTableModel::setSorting(bool sorting)
{
    if (m_sorting == sorting)
        return;
    m_sorting = sorting;
    emit sortingChanged(sorting);
}

void KeywordTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    emit loadingChanged(loading);
}

} // namespace jsoc
