#include "ui/KeywordPlotPanel.h"

#include <algorithm>

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

#include <QFutureWatcher>
#include <QtConcurrentRun>

#include "model/records/KeywordPlotData.h"
#include "model/records/KeywordValueKind.h"
#include "model/records/RecordTable.h"
#include "ui/KeywordPlotWidget.h"

namespace ui {


KeywordPlotPanel::KeywordPlotPanel(QWidget *parent)
    : QWidget(parent)
{
    m_timeKey = new QComboBox(this);
    m_timeKey->setToolTip(tr("The x axis: a time keyword (shown in UTC), or a numeric keyword to plot the ticked "
                             "keywords against it (a scatter plot)"));
    m_keywords = new QListWidget(this);
    m_keywords->setToolTip(tr("Numeric keywords to plot; keywords with different units get their own y axis"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_plot = new KeywordPlotWidget(this);

    auto *side = new QVBoxLayout;
    auto *form = new QFormLayout;
    form->addRow(tr("x axis"), m_timeKey);
    side->addLayout(form);
    side->addWidget(new QLabel(tr("Keywords"), this));
    side->addWidget(m_keywords, 1);
    side->addWidget(m_message);

    auto *sideWidget = new QWidget(this);
    sideWidget->setLayout(side);
    sideWidget->setMaximumWidth(220);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(sideWidget);
    layout->addWidget(m_plot, 1);

    connect(m_plot, &KeywordPlotWidget::recordClicked, this, &KeywordPlotPanel::recordClicked);
    connect(m_keywords, &QListWidget::itemChanged, this, [this] {
        m_automaticKeyword.clear(); // the user's choice from now on
        emit selectionChanged();
    });
    // A click anywhere on a keyword ticks or unticks it, not only on its small box (the bug: the
    // first click on the name only selected the row). A click on the box toggles by itself, so
    // the state at the press tells the two apart.
    connect(m_keywords, &QListWidget::itemPressed, this,
            [this](QListWidgetItem *item) { m_stateAtPress = item ? item->checkState() : Qt::PartiallyChecked; });
    connect(m_keywords, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        if (item && item->checkState() == m_stateAtPress)
            item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
    });
    connect(m_timeKey, &QComboBox::currentIndexChanged, this, &KeywordPlotPanel::selectionChanged);
}

void KeywordPlotPanel::setColumns(const jsoc::SeriesStructure &structure, const QStringList &columns)
{
    const QStringList checked = checkedKeywords();
    const QString time = timeKey();
    m_structure = structure;

    const QSignalBlocker blockTime(m_timeKey);
    const QSignalBlocker blockList(m_keywords);
    m_timeKey->clear();
    m_keywords->clear();
    QStringList numericX; // after the time keywords: a keyword against another keyword
    for (const QString &name : columns) {
        const jsoc::ValueKind kind = jsoc::valueKindOf(structure, name);
        if (kind == jsoc::ValueKind::Time) {
            m_timeKey->addItem(name);
        } else if (kind == jsoc::ValueKind::Integer || kind == jsoc::ValueKind::Real) {
            if (jsoc::findKeyword(structure, name)) // pseudo-keys (*recnum*) are no x axis
                numericX.append(name);
            auto *item = new QListWidgetItem(name, m_keywords);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
            if (const jsoc::KeywordInfo *info = jsoc::findKeyword(structure, name))
                item->setToolTip(QStringLiteral("%1 [%2]").arg(info->note, info->units));
        }
    }
    if (m_timeKey->count() > 0 && !numericX.isEmpty())
        m_timeKey->insertSeparator(m_timeKey->count());
    m_timeKey->addItems(numericX);
    checkDefaultKeyword();
    const int timeIndex = time.isEmpty() ? -1 : m_timeKey->findText(time); // "" would find the separator
    if (timeIndex >= 0)
        m_timeKey->setCurrentIndex(timeIndex);
    if (m_timeKey->count() == 0)
        m_message->setText(tr("The table has no time keyword to plot against; add one with Columns…"));
    else if (m_keywords->count() == 0)
        m_message->setText(tr("The table has no numeric keywords; add some with Columns…"));
    else
        m_message->clear();
}

void KeywordPlotPanel::setCheckedKeywords(const QStringList &keywords)
{
    m_automaticKeyword.clear();
    const QSignalBlocker block(m_keywords);
    for (int i = 0; i < m_keywords->count(); ++i) {
        QListWidgetItem *item = m_keywords->item(i);
        item->setCheckState(keywords.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    emit selectionChanged();
}

QStringList KeywordPlotPanel::checkedKeywords() const
{
    QStringList names;
    for (int i = 0; i < m_keywords->count(); ++i) {
        if (m_keywords->item(i)->checkState() == Qt::Checked)
            names.append(m_keywords->item(i)->text());
    }
    return names;
}

QString KeywordPlotPanel::timeKey() const
{
    return m_timeKey->currentText();
}

QString KeywordPlotPanel::message() const
{
    if (!m_message->text().isEmpty())
        return m_message->text();
    return m_plot->message();
}

namespace {
// True when the column holds one value (MISSING aside) in the first `sample` rows: an instrument
// constant such as HMI's WAVELNTH, a flat line not worth plotting by default.
bool isConstant(const jsoc::KeywordColumn &column, qsizetype sample = 2000)
{
    const qsizetype rows = std::min(column.values.size(), sample);
    QByteArrayView first;
    bool seen = false;
    for (qsizetype r = 0; r < rows; ++r) {
        if (column.values.isMissing(r))
            continue;
        const QByteArrayView cell = column.values.raw(r);
        if (!seen) {
            first = cell;
            seen = true;
        } else if (cell != first) {
            return false;
        }
    }
    return true;
}
} // namespace

void KeywordPlotPanel::preferVaryingDefault(const jsoc::RecordTable &table)
{
    // Only while the tick is still the automatic one: a keyword the user ticked is never changed.
    if (m_automaticKeyword.isEmpty() || checkedKeywords() != QStringList{m_automaticKeyword} || table.rowCount() < 2)
        return;
    auto columnOf = [&table](const QString &name) -> const jsoc::KeywordColumn * {
        for (const jsoc::KeywordColumn &column : table.keywords) {
            if (column.name == name)
                return &column;
        }
        return nullptr;
    };
    const jsoc::KeywordColumn *current = columnOf(m_automaticKeyword);
    if (!current || !isConstant(*current))
        return;
    for (int i = 0; i < m_keywords->count(); ++i) {
        const QString name = m_keywords->item(i)->text();
        const jsoc::KeywordColumn *column = columnOf(name);
        if (!isDefaultCandidate(name) || !column || isConstant(*column))
            continue;
        const QSignalBlocker block(m_keywords);
        for (int j = 0; j < m_keywords->count(); ++j)
            m_keywords->item(j)->setCheckState(j == i ? Qt::Checked : Qt::Unchecked);
        m_automaticKeyword = name;
        return;
    }
}

bool KeywordPlotPanel::isDefaultCandidate(const QString &name) const
{
    // A measured quantity, not a prime key or a flag.
    return !m_structure.primeKeys.contains(name) && name != QLatin1String("QUALITY") && !name.startsWith(QLatin1Char('*'));
}

void KeywordPlotPanel::refresh(const jsoc::RecordTable &table)
{
    if (timeKey().isEmpty())
        return;
    preferVaryingDefault(table);
    // Only the plotted columns are copied (their text buffers are shared, not duplicated) and the
    // points are built on the thread pool: a million records must not stall the window.
    const QStringList keywords = checkedKeywords();
    jsoc::RecordTable columns;
    columns.count = table.count;
    for (const jsoc::KeywordColumn &column : table.keywords) {
        if (column.name == timeKey() || keywords.contains(column.name))
            columns.keywords.push_back(column);
    }
    const quint64 generation = ++m_generation;
    auto *watcher = new QFutureWatcher<jsoc::KeywordPlotData>(this);
    connect(watcher, &QFutureWatcher<jsoc::KeywordPlotData>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // a newer refresh is on its way
        m_plot->setPlotData(watcher->result());
        emit plotted();
    });
    watcher->setFuture(QtConcurrent::run([columns = std::move(columns), structure = m_structure, time = timeKey(), keywords] {
        return jsoc::KeywordPlotData::build(columns, structure, time, keywords);
    }));
}

void KeywordPlotPanel::checkDefaultKeyword()
{
    if (!checkedKeywords().isEmpty())
        return;
    // Something useful on first open: the first measured quantity; once records are there, the
    // first that is not the same in every record (preferVaryingDefault).
    for (int i = 0; i < m_keywords->count(); ++i) {
        const QString name = m_keywords->item(i)->text();
        if (isDefaultCandidate(name)) {
            const QSignalBlocker block(m_keywords);
            m_keywords->item(i)->setCheckState(Qt::Checked);
            m_automaticKeyword = name;
            return;
        }
    }
}

} // namespace ui
