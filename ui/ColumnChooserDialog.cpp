#include "ui/ColumnChooserDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include "model/records/ColumnPresets.h"

namespace ui {

namespace {
constexpr int kPrimeKeyRole = Qt::UserRole + 1;
}

ColumnChooserDialog::ColumnChooserDialog(const jsoc::SeriesStructure &structure, const QStringList &chosenKeywords,
                                         const QStringList &chosenSegments, bool onlineColumn, QWidget *parent)
    : QDialog(parent), m_structure(structure)
{
    setWindowTitle(structure.name.isEmpty() ? tr("Columns") : tr("Columns of %1").arg(structure.name));

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Keyword"), tr("Type"), tr("Units"), tr("Description")});
    for (const QString &name : structure.primeKeys)
        addKeywordRow(name, structure.keyword(name), true, true);
    for (const jsoc::KeywordInfo &info : structure.keywords) {
        if (!structure.primeKeys.contains(info.name))
            addKeywordRow(info.name, &info, false, chosenKeywords.contains(info.name));
    }
    // Chosen names the structure does not list (pseudo-keys such as *recnum*) stay chosen.
    for (const QString &name : chosenKeywords) {
        if (!structure.keyword(name) && !structure.primeKeys.contains(name))
            addKeywordRow(name, nullptr, false, true);
    }

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1); // search name, type, units and description
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search keywords, units, descriptions…"));
    m_search->setClearButtonEnabled(true);
    auto *all = new QPushButton(tr("All"), this);
    all->setToolTip(tr("Tick every keyword in the list as filtered"));
    auto *none = new QPushButton(tr("None"), this);
    none->setToolTip(tr("Untick every keyword in the list as filtered"));

    m_view = new QTreeView(this);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(NameColumn, 150);
    m_view->setColumnWidth(TypeColumn, 70);
    m_view->setColumnWidth(UnitsColumn, 80);

    m_segments = new QListWidget(this);
    for (const jsoc::SegmentInfo &segment : structure.segments) {
        QStringList facts;
        if (!segment.dims.isEmpty())
            facts.append(segment.dims);
        if (!segment.protocol.isEmpty())
            facts.append(segment.protocol);
        auto *item = new QListWidgetItem(facts.isEmpty() ? segment.name
                                                          : QStringLiteral("%1  (%2)").arg(segment.name, facts.join(QLatin1String(", "))),
                                         m_segments);
        item->setData(Qt::UserRole, segment.name);
        item->setToolTip(segment.note.isEmpty() ? segment.name : segment.note);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(chosenSegments.contains(segment.name) ? Qt::Checked : Qt::Unchecked);
    }
    m_online = new QCheckBox(tr("Online status"), this);
    m_online->setToolTip(tr("A column telling whether each record's files are on JSOC's disks (asks for record "
                            "info; meaningful when a segment is chosen)"));
    m_online->setChecked(onlineColumn);
    m_count = new QLabel(this);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(all);
    searchRow->addWidget(none);
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Presets:"), this));
    for (const jsoc::ColumnPreset &preset : jsoc::columnPresets()) {
        auto *button = new QPushButton(preset.name, this);
        button->setObjectName(QStringLiteral("preset ") + preset.name);
        button->setAutoDefault(false);
        button->setToolTip(tr("Tick %1: %2").arg(preset.keywords.join(QStringLiteral(", ")), preset.description));
        connect(button, &QPushButton::clicked, this, [this, name = preset.name] { applyPreset(name); });
        presetRow->addWidget(button);
        m_presetButtons.append(button);
    }
    presetRow->addStretch(1);
    m_presetNote = new QLabel(this);
    m_presetNote->setObjectName(QStringLiteral("presetNote"));
    m_presetNote->setWordWrap(true);
    m_presetNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *keywordBox = new QGroupBox(tr("Keywords"), this);
    auto *keywordLayout = new QVBoxLayout(keywordBox);
    keywordLayout->addLayout(searchRow);
    keywordLayout->addLayout(presetRow);
    keywordLayout->addWidget(m_view, 1);
    keywordLayout->addWidget(m_count);
    keywordLayout->addWidget(m_presetNote);

    auto *segmentBox = new QGroupBox(tr("Segments (file columns)"), this);
    auto *segmentLayout = new QVBoxLayout(segmentBox);
    if (structure.segments.isEmpty())
        segmentLayout->addWidget(new QLabel(tr("This series has no segments."), segmentBox));
    segmentLayout->addWidget(m_segments, 1);
    auto *side = new QVBoxLayout;
    side->addWidget(segmentBox, 1);
    side->addWidget(m_online);

    auto *columns = new QHBoxLayout;
    columns->addWidget(keywordBox, 3);
    columns->addLayout(side, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);
    resize(860, 540);

    connect(m_search, &QLineEdit::textChanged, this, &ColumnChooserDialog::setFilterText);
    connect(all, &QPushButton::clicked, this, [this] { checkVisibleKeywords(true); });
    connect(none, &QPushButton::clicked, this, [this] { checkVisibleKeywords(false); });
    connect(m_model, &QStandardItemModel::itemChanged, this, &ColumnChooserDialog::updateCount);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_search->setFocus();
    updateCount();
}

void ColumnChooserDialog::addKeywordRow(const QString &name, const jsoc::KeywordInfo *info, bool primeKey, bool checked)
{
    auto *nameItem = new QStandardItem(name);
    nameItem->setData(primeKey, kPrimeKeyRole);
    nameItem->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    QList<QStandardItem *> row{nameItem, new QStandardItem(info ? info->type : QStringLiteral("—")),
                               new QStandardItem(info ? info->units : QString()),
                               new QStandardItem(info ? info->note : tr("not in the series structure"))};
    const QString tip = info && !info->note.isEmpty() ? QStringLiteral("%1: %2").arg(name, info->note) : name;
    for (QStandardItem *item : row) {
        item->setEditable(false);
        item->setToolTip(primeKey ? tr("%1\nPrime key: always shown").arg(tip) : tip);
    }
    if (primeKey) {
        // Always on: ticked, not user-checkable, and drawn like a fixed entry.
        nameItem->setFlags(Qt::ItemIsSelectable);
        QFont bold = nameItem->font();
        bold.setBold(true);
        nameItem->setFont(bold);
        for (QStandardItem *item : row)
            item->setForeground(QColor(0x60, 0x60, 0x60));
    } else {
        nameItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    }
    m_model->appendRow(row);
}

QStringList ColumnChooserDialog::keywords() const
{
    QStringList names;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QStandardItem *item = m_model->item(r, NameColumn);
        if (!item->data(kPrimeKeyRole).toBool() && item->checkState() == Qt::Checked)
            names.append(item->text());
    }
    return names;
}

QStringList ColumnChooserDialog::segments() const
{
    QStringList names;
    for (int r = 0; r < m_segments->count(); ++r) {
        const QListWidgetItem *item = m_segments->item(r);
        if (item->checkState() == Qt::Checked)
            names.append(item->data(Qt::UserRole).toString());
    }
    return names;
}

bool ColumnChooserDialog::onlineColumn() const
{
    return m_online->isChecked();
}

void ColumnChooserDialog::setFilterText(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text); // re-enters through textChanged
    m_proxy->setFilterFixedString(text.trimmed());
}

void ColumnChooserDialog::checkVisibleKeywords(bool checked)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        QStandardItem *item = m_model->itemFromIndex(m_proxy->mapToSource(m_proxy->index(r, NameColumn)));
        if (item && !item->data(kPrimeKeyRole).toBool())
            item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
    updateCount();
}

QAbstractItemModel *ColumnChooserDialog::keywordModel() const
{
    return m_proxy;
}

void ColumnChooserDialog::applyPreset(const QString &name)
{
    const jsoc::ColumnPreset *preset = jsoc::columnPreset(name);
    if (!preset)
        return;
    const jsoc::ColumnPresetFit fit = jsoc::fitColumnPreset(*preset, m_structure);
    for (int r = 0; r < m_model->rowCount(); ++r) {
        QStandardItem *item = m_model->item(r, NameColumn);
        if (!item->data(kPrimeKeyRole).toBool() && fit.present.contains(item->text()))
            item->setCheckState(Qt::Checked);
    }
    QString note = fit.summary;
    if (!fit.fitsNone())
        note = tr("Ticked %1").arg(note);
    if (preset->keywords.contains(QStringLiteral("QUALITY")) && fit.present.contains(QStringLiteral("QUALITY")))
        note += tr(". The table explains QUALITY's set bits in words in each cell's tooltip");
    m_presetNote->setText(note + QLatin1Char('.'));
    updateCount();
}

QString ColumnChooserDialog::presetNote() const
{
    return m_presetNote->text();
}

QPushButton *ColumnChooserDialog::presetButton(const QString &name) const
{
    for (QPushButton *b : m_presetButtons)
        if (b->text() == name)
            return b;
    return nullptr;
}

void ColumnChooserDialog::updateCount()
{
    int selectable = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (!m_model->item(r, NameColumn)->data(kPrimeKeyRole).toBool())
            ++selectable;
    const int primes = m_model->rowCount() - selectable;
    m_count->setText(tr("%1 of %2 keywords chosen, plus %n prime key(s)", nullptr, primes)
                         .arg(keywords().size())
                         .arg(selectable));
}

} // namespace ui
