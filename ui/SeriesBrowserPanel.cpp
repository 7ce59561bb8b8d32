#include "ui/SeriesBrowserPanel.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QListView>
#include <QRegularExpression>
#include <QShortcut>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "model/common/DisplayFormat.h"
#include "model/drms/RecordSetSpec.h"
#include "model/catalogue/FavouriteSeriesModel.h"
#include "model/catalogue/RecentSeriesModel.h"
#include "model/catalogue/SeriesSearch.h"
#include "model/catalogue/SeriesSearchProxy.h"
#include "model/catalogue/SeriesTreeModel.h"
#include "ui/SeriesTreeDelegate.h"

namespace ui {

namespace {

QListView *makeNameList(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QListView(parent);
    view->setModel(model);
    view->setUniformItemSizes(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

} // namespace

SeriesBrowserPanel::SeriesBrowserPanel(jsoc::SeriesTreeModel *tree, jsoc::FavouriteSeriesModel *favourites,
                                       jsoc::RecentSeriesModel *recent, QWidget *parent)
    : QWidget(parent), m_model(tree)
{
    m_proxy = new jsoc::SeriesSearchProxy(this);
    m_proxy->setSourceModel(tree);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("seriesSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(QStringLiteral("Search series by name or description"));
    m_search->setToolTip(QStringLiteral("Words must all appear in the name or description. "
                                        "Start with “NOT ” to exclude matches, as in JSOC."));
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(escape, &QShortcut::activated, m_search, &QLineEdit::clear);

    m_regex = new QToolButton(this);
    m_regex->setObjectName(QStringLiteral("regexToggle"));
    m_regex->setText(QStringLiteral(".*"));
    m_regex->setCheckable(true);
    m_regex->setToolTip(QStringLiteral("Regular expression search (case-insensitive; ^ and $ anchor on the "
                                       "name or the description)"));

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &SeriesBrowserPanel::applySearch);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_regex, &QToolButton::toggled, this, &SeriesBrowserPanel::applySearchNow);
    connect(m_search, &QLineEdit::returnPressed, this, &SeriesBrowserPanel::onReturnPressed);
    m_search->installEventFilter(this); // Down leaves the box for the first matching series

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("seriesTree"));
    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true); // 45,000 rows: no per-row size queries
    m_tree->setItemDelegate(new SeriesTreeDelegate(m_tree));
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(jsoc::SeriesTreeModel::NameColumn, 240);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onTreeCurrentChanged(current); });
    // A refresh resets the model, which would fold every group the user had opened.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, &SeriesBrowserPanel::rememberExpandedGroups);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SeriesBrowserPanel::onCatalogueReset);

    m_favourites = makeNameList(favourites, this);
    m_favourites->setObjectName(QStringLiteral("favouritesList"));
    m_recent = makeNameList(recent, this);
    m_recent->setObjectName(QStringLiteral("recentList"));
    for (QListView *list : {m_favourites, m_recent}) {
        connect(list, &QListView::activated, this,
                [this](const QModelIndex &index) { select(index.data(Qt::DisplayRole).toString()); });
        connect(list, &QListView::clicked, this,
                [this](const QModelIndex &index) { select(index.data(Qt::DisplayRole).toString()); });
    }

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(false);
    m_tabs->addTab(m_tree, QStringLiteral("All series"));
    m_tabs->addTab(m_favourites, QStringLiteral("Favourites"));
    m_tabs->addTab(m_recent, QStringLiteral("Recent"));

    auto *searchRow = new QHBoxLayout;
    searchRow->setSpacing(2);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_regex);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(searchRow);
    layout->addWidget(m_tabs, 1);
    setFocusProxy(m_search);
}

void SeriesBrowserPanel::focusSearch()
{
    m_tabs->setCurrentWidget(m_tree);
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void SeriesBrowserPanel::applySearchNow()
{
    m_debounce->stop();
    applySearch();
}

namespace {
// "hmi.M_720s" for "hmi.M_720s[2014.01.01_TAI/1d]{magnetogram}" (typed or pasted, complete or
// not yet): a series name followed by a filter or a segment list. Empty for ordinary searches.
QString recordSetSeries(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z0-9_]+)\\s*[\\[{]"));
    const QRegularExpressionMatch match = pattern.match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}

bool isWholeRecordSet(const QString &text)
{
    const std::optional<drms::RecordSetSpec> spec = drms::parseRecordSet(text.trimmed());
    return spec && spec->subsets.size() == 1;
}
} // namespace

void SeriesBrowserPanel::onReturnPressed()
{
    if (!m_recordSetSeries.isEmpty() && isWholeRecordSet(m_search->text())) {
        emit recordSetEntered(m_search->text().trimmed());
        return;
    }
    focusFirstSeries();
}

void SeriesBrowserPanel::applySearch()
{
    const auto mode = m_regex->isChecked() ? jsoc::SeriesSearch::Mode::Regex : jsoc::SeriesSearch::Mode::Text;
    // A record set searches for its series (names are case-insensitive: hmi.m_720s is hmi.M_720s).
    m_recordSetSeries = mode == jsoc::SeriesSearch::Mode::Text ? recordSetSeries(m_search->text()) : QString();
    const jsoc::SeriesSearch search =
        jsoc::SeriesSearch::parse(m_recordSetSeries.isEmpty() ? m_search->text() : m_recordSetSeries, mode);
    if (!search.isValid()) {
        setSearchErrorState(search.errorString());
        emit searchError(search.errorString());
        emit summaryChanged(search.errorString());
        return;
    }
    setSearchErrorState({});
    const bool wasFiltering = m_proxy->isFiltering();
    if (!wasFiltering)
        rememberExpandedGroups(); // to reopen them when the search is cleared
    m_proxy->setSearch(search);
    if (m_proxy->isFiltering() && m_proxy->matchCount() <= kExpandLimit) {
        m_tree->expandAll();
    } else if (m_proxy->isFiltering() || wasFiltering) {
        m_tree->collapseAll();
        if (!m_proxy->isFiltering())
            restoreExpandedGroups();
    }
    if (const QModelIndex pasted = m_model->indexOfSeries(m_recordSetSeries); pasted.isValid())
        select(pasted.data(jsoc::SeriesTreeModel::SeriesNameRole).toString()); // its structure on the right
    else if (!m_current.isEmpty())
        selectSeries(m_current);
    emit summaryChanged(summaryText());
}

QString SeriesBrowserPanel::summaryText() const
{
    if (m_recordSetSeries.isEmpty())
        return m_proxy->summaryText();
    const QModelIndex listed = m_model->indexOfSeries(m_recordSetSeries);
    if (!listed.isValid())
        return QStringLiteral("A record set of %1, a series JSOC does not list").arg(m_recordSetSeries);
    const QString series = listed.data(jsoc::SeriesTreeModel::SeriesNameRole).toString(); // as JSOC spells it
    return isWholeRecordSet(m_search->text())
               ? QStringLiteral("A record set of %1: press Enter to open it in a record-set window").arg(series)
               : QStringLiteral("A record set of %1 (not complete yet)").arg(series);
}

void SeriesBrowserPanel::setSearchErrorState(const QString &message)
{
    // A tinted box says "this text is not a valid search" without stealing focus.
    QPalette pal = palette();
    if (!message.isEmpty()) {
        const QColor base = pal.color(QPalette::Base);
        const QColor red(0xef, 0x44, 0x44);
        pal.setColor(QPalette::Base, QColor::fromRgbF(base.redF() * 0.8 + red.redF() * 0.2,
                                                      base.greenF() * 0.8 + red.greenF() * 0.2,
                                                      base.blueF() * 0.8 + red.blueF() * 0.2));
    }
    m_search->setPalette(pal);
    m_search->setToolTip(message.isEmpty() ? QStringLiteral("Words must all appear in the name or description. "
                                                            "Start with “NOT ” to exclude matches, as in JSOC.")
                                           : message);
}

void SeriesBrowserPanel::onCatalogueReset()
{
    m_search->setPlaceholderText(QStringLiteral("Search %1 series by name or description")
                                     .arg(jsoc::format::count(m_model->seriesCount())));
    if (m_proxy->isFiltering() && m_proxy->matchCount() <= kExpandLimit)
        m_tree->expandAll();
    else if (!m_proxy->isFiltering())
        restoreExpandedGroups();
    if (!m_current.isEmpty())
        selectSeries(m_current);
    emit summaryChanged(summaryText());
}

namespace {
// Calls visit(index, path) for every group row under `parent`, depth first; path = labels joined by '/'.
template <typename Visit>
void forEachGroup(const QAbstractItemModel *model, const QModelIndex &parent, const QString &parentPath, Visit &&visit)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        const QString label = index.data(jsoc::SeriesTreeModel::GroupLabelRole).toString();
        if (label.isEmpty())
            continue; // a series, not a group
        const QString path = parentPath.isEmpty() ? label : parentPath + QLatin1Char('/') + label;
        if (visit(index, path))
            forEachGroup(model, index, path, visit);
    }
}
} // namespace

void SeriesBrowserPanel::rememberExpandedGroups()
{
    if (m_proxy->isFiltering())
        return; // a search expands groups by itself; keep what the user opened before it
    m_expandedGroups.clear();
    forEachGroup(m_proxy, {}, {}, [this](const QModelIndex &index, const QString &path) {
        if (!m_tree->isExpanded(index))
            return false;
        m_expandedGroups.insert(path);
        return true;
    });
}

void SeriesBrowserPanel::restoreExpandedGroups()
{
    if (m_expandedGroups.isEmpty())
        return;
    forEachGroup(m_proxy, {}, {}, [this](const QModelIndex &index, const QString &path) {
        if (!m_expandedGroups.contains(path))
            return false;
        m_tree->expand(index);
        return true;
    });
}

bool SeriesBrowserPanel::selectSeries(const QString &series)
{
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->indexOfSeries(series));
    if (!proxyIndex.isValid())
        return false;
    m_tree->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(proxyIndex);
    return true;
}

void SeriesBrowserPanel::setCurrentSeries(const QString &series)
{
    m_current = series;
    if (series.isEmpty() || !selectSeries(series)) {
        m_tree->selectionModel()->clearSelection();
        m_tree->selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
    }
}

namespace {
// The first series row under `parent` in display order (depth first), or invalid.
QModelIndex firstSeriesRow(const QAbstractItemModel *model, const QModelIndex &parent)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (!index.data(jsoc::SeriesTreeModel::SeriesNameRole).toString().isEmpty())
            return index;
        if (const QModelIndex inside = firstSeriesRow(model, index); inside.isValid())
            return inside;
    }
    return {};
}
} // namespace

void SeriesBrowserPanel::focusFirstSeries()
{
    applySearchNow();
    m_tabs->setCurrentWidget(m_tree);
    m_tree->setFocus(Qt::TabFocusReason);
    // The series on screen when it matches, else the first match.
    QModelIndex target = m_proxy->mapFromSource(m_model->indexOfSeries(m_current));
    if (!target.isValid())
        target = firstSeriesRow(m_proxy, {});
    if (!target.isValid())
        return;
    for (QModelIndex group = target.parent(); group.isValid(); group = group.parent())
        m_tree->expand(group);
    m_tree->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(target);
}

bool SeriesBrowserPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown) && key->modifiers() == Qt::NoModifier) {
            focusFirstSeries();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SeriesBrowserPanel::onTreeCurrentChanged(const QModelIndex &current)
{
    const QString name = current.data(jsoc::SeriesTreeModel::SeriesNameRole).toString();
    if (name.isEmpty())
        return;
    if (name.compare(m_current, Qt::CaseInsensitive) == 0) { // DRMS names are case-insensitive
        m_current = name;
        return;
    }
    m_current = name;
    emit seriesSelected(name);
}

void SeriesBrowserPanel::select(const QString &series)
{
    if (series.isEmpty())
        return;
    const bool changed = series != m_current;
    m_current = series;
    selectSeries(series);
    if (changed)
        emit seriesSelected(series);
}

} // namespace ui
