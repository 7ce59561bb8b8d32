#include "ui/FitsHeaderView.h"

#include "model/fits/FitsHeaderCards.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

FitsHeaderView::FitsHeaderView(QWidget *parent)
    : QWidget(parent)
    , m_hduBox(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_model(new QStandardItemModel(0, 3, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
{
    m_model->setHorizontalHeaderLabels({tr("Keyword"), tr("Value"), tr("Comment")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 90);
    m_table->setColumnWidth(1, 180);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_search->setPlaceholderText(tr("Search keywords, values, comments"));
    m_search->setClearButtonEnabled(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_hduBox);
    layout->addWidget(m_search);
    layout->addWidget(m_table);

    connect(m_hduBox, &QComboBox::currentIndexChanged, this, &FitsHeaderView::showHdu);
    connect(m_search, &QLineEdit::textChanged, this, &FitsHeaderView::setFilter);
}

void FitsHeaderView::setHdus(const QVector<fits::FitsHduInfo> &hdus, int current)
{
    m_hdus = hdus;
    const QSignalBlocker block(m_hduBox);
    m_hduBox->clear();
    for (const fits::FitsHduInfo &h : hdus)
        m_hduBox->addItem(tr("HDU %1: %2, %3").arg(h.index).arg(h.kind, h.summary));
    const int index = hdus.isEmpty() ? -1 : std::clamp(current, 0, int(hdus.size()) - 1); // none: an empty table
    m_hduBox->setCurrentIndex(index);
    showHdu(index);
}

void FitsHeaderView::setFilter(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    m_proxy->setFilterFixedString(text);
}

int FitsHeaderView::visibleRows() const
{
    return m_proxy->rowCount();
}

QString FitsHeaderView::shownValue(const QString &key) const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->item(row, 0)->text() == key)
            return m_model->item(row, 1)->text();
    }
    return {};
}

void FitsHeaderView::showHdu(int index)
{
    m_model->removeRows(0, m_model->rowCount());
    if (index < 0 || index >= m_hdus.size())
        return;
    // Long strings (OGIP CONTINUE cards) as one row with the whole value; control bytes as escapes.
    const QVector<fits::FitsCard> cards = fits::FitsHeaderCards::forDisplay(m_hdus[index].cards);
    m_model->setRowCount(cards.size());
    for (int row = 0; row < cards.size(); ++row) {
        m_model->setItem(row, 0, new QStandardItem(cards[row].key));
        m_model->setItem(row, 1, new QStandardItem(cards[row].value));
        m_model->setItem(row, 2, new QStandardItem(cards[row].comment));
    }
}
