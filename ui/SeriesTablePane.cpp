#include "ui/SeriesTablePane.h"

#include <algorithm>
#include <vector>

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QResizeEvent>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "model/catalogue/SeriesFieldTableModel.h"
#include "ui/LinkCellDelegate.h"

namespace ui {

SeriesTablePane::SeriesTablePane(const QString &emptyText, bool filterable, QWidget *parent)
    : QWidget(parent), m_emptyText(emptyText)
{
    m_model = new jsoc::SeriesFieldTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // keep JSOC's order until the user asks
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setItemDelegate(new LinkCellDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);

    m_empty = new QLabel(this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    if (filterable) {
        m_filter = new QLineEdit(this);
        m_filter->setPlaceholderText(QStringLiteral("Filter (any column)"));
        m_filter->setClearButtonEnabled(true);
        layout->addWidget(m_filter);
        connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
            m_proxy->setFilterFixedString(text);
            updateEmptyState();
        });
    }
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);

    m_view->viewport()->installEventFilter(this); // refit the columns when the pane's width changes
    connect(m_view, &QTableView::clicked, this, &SeriesTablePane::activate);
    connect(m_view, &QTableView::activated, this, &SeriesTablePane::activate);
    updateEmptyState();
}

QAbstractItemModel *SeriesTablePane::displayedModel() const
{
    return m_proxy;
}

void SeriesTablePane::setTable(const jsoc::SeriesFieldTable &table)
{
    m_model->setTable(table);
    // Size columns from their contents once per series: these tables have at most a few
    // hundred rows, and the last (description) column stretches.
    fitColumns();
    updateEmptyState();
}

void SeriesTablePane::fitColumns()
{
    const int columns = m_model->columnCount();
    if (columns == 0)
        return;
    m_view->resizeColumnsToContents();
    for (int c = 0; c < columns; ++c)
        m_view->setColumnWidth(c, std::min(m_view->columnWidth(c), 320));
    // The columns before the description share at most 60 % of the width, so a long Default or
    // Units value never pushes the description off screen (long values have a tooltip).
    const int available = m_view->viewport()->width() * 3 / 5;
    int used = 0;
    for (int c = 0; c + 1 < columns; ++c)
        used += m_view->columnWidth(c);
    if (used <= available || available <= 0)
        return;
    // The widest give way first: one cap for all, the largest under which they fit (narrow
    // columns such as Type or Scope keep their full width).
    std::vector<int> widths;
    for (int c = 0; c + 1 < columns; ++c)
        widths.push_back(m_view->columnWidth(c));
    std::sort(widths.begin(), widths.end());
    int cap = widths.back();
    int below = 0; // sum of the widths under the cap
    for (size_t i = 0; i < widths.size(); ++i) {
        const int remaining = int(widths.size() - i);
        if (below + widths[i] * remaining >= available) {
            cap = std::max(48, (available - below) / remaining);
            break;
        }
        below += widths[i];
    }
    for (int c = 0; c + 1 < columns; ++c)
        m_view->setColumnWidth(c, std::min(m_view->columnWidth(c), cap));
}

bool SeriesTablePane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize && m_model->columnCount() > 0) {
        const auto *resize = static_cast<QResizeEvent *>(event);
        if (resize->oldSize().width() != resize->size().width())
            fitColumns();
    }
    return QWidget::eventFilter(watched, event);
}

int SeriesTablePane::lastColumnVisibleWidth() const
{
    const int last = m_model->columnCount() - 1;
    if (last < 0)
        return 0;
    const int left = m_view->columnViewportPosition(last);
    return std::max(0, std::min(m_view->viewport()->width(), left + m_view->columnWidth(last)) - std::max(0, left));
}

void SeriesTablePane::activate(const QModelIndex &index)
{
    const QString series = index.data(jsoc::SeriesFieldTableModel::LinkedSeriesRole).toString();
    if (!series.isEmpty())
        emit seriesLinkActivated(series);
}

void SeriesTablePane::updateEmptyState()
{
    const bool empty = m_proxy->rowCount() == 0;
    if (empty) {
        const bool filtered = m_model->rowCount() > 0;
        m_empty->setText(filtered ? QStringLiteral("No row matches “%1”.").arg(m_filter ? m_filter->text() : QString())
                                  : m_emptyText);
    }
    m_view->setVisible(!empty);
    m_empty->setVisible(empty);
}

} // namespace ui
