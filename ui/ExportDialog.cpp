#include "ui/ExportDialog.h"

#include "model/common/DisplayFormat.h"
#include "model/common/Preferences.h"
#include "model/drms/RecordSetSpec.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportSizeEstimate.h"
#include "model/exports/ProcessingSizeRatio.h"
#include "model/exports/TarSuggestion.h"
#include "ui/PendingRequestNote.h"
#include "ui/ProcessingStepEditor.h"
#include "ui/RecordSetTextEdit.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {
namespace {

// Typing pause before a changed record set is checked and counted again.
constexpr int kRecountDelayMs = 400;

QLabel *wrapLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    label->setOpenExternalLinks(true);
    return label;
}

} // namespace

ExportDialog::ExportDialog(const QString &recordSet, const jsoc::SeriesStructure &structure, QWidget *parent)
    : QDialog(parent), m_structure(structure)
{
    setWindowTitle(tr("Export records"));
    if (!structure.name.isEmpty())
        m_knownStructures.insert(structure.name.toLower(), structure);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kRecountDelayMs);
    connect(m_debounce, &QTimer::timeout, this, &ExportDialog::applyRecordSet);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildRecordSet());
    layout->addWidget(buildContents());
    layout->addWidget(buildDelivery());
    // Below the method it is about, in the column (a wrapped label in a form row gets a wrong height).
    layout->addWidget(buildTarNote());
    layout->addWidget(buildAddress());

    // In the dialog's own column (not a form row, where a wrapped label gets a wrong height),
    // next to the buttons it is about.
    m_pending = new PendingRequestNote(this);
    connect(m_pending, &PendingRequestNote::cancelRequested, this,
            [this] { emit cancelPendingRequested(m_email->text().trimmed()); });
    layout->addWidget(m_pending);

    m_problemsLabel = wrapLabel(this);
    m_problemsLabel->setObjectName(QStringLiteral("exportProblems"));
    layout->addWidget(m_problemsLabel);

    // ActionRole, not AcceptRole: QDialogButtonBox makes the first accept button the default,
    // and a default button would send on Enter before anything was checked.
    auto *buttons = new QDialogButtonBox(this);
    m_fetchButton = buttons->addButton(tr("&Fetch now"), QDialogButtonBox::ActionRole);
    m_fetchButton->setToolTip(tr("Ask JSOC to prepare the files and download them as soon as they are ready."));
    m_stageButton = buttons->addButton(tr("S&tage only"), QDialogButtonBox::ActionRole);
    m_stageButton->setToolTip(tr("Ask JSOC to prepare the files; download them later from the Exports window "
                                 "(JSOC keeps them 7 days)."));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_fetchButton, &QPushButton::clicked, this, [this] { submit(true); });
    connect(m_stageButton, &QPushButton::clicked, this, [this] { submit(false); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    for (QPushButton *button : findChildren<QPushButton *>()) {
        button->setAutoDefault(false);
        button->setDefault(false);
    }

    const jsoc::Preferences prefs = jsoc::Preferences::load(QSettings());
    m_email->setText(prefs.notifyEmail);
    m_folder->setText(prefs.downloadFolder);

    m_filling = true;
    m_recordSet->setText(recordSet.trimmed());
    m_filling = false;
    if (const QString series = recordSetSeries(); !series.isEmpty() && !structureMatches()
        && m_knownStructures.contains(series.toLower()))
        m_structure = m_knownStructures.value(series.toLower());
    rebuildSegments();
    syncTicks();
    m_defaultFormat.clear();
    updateDefaultFormat();
    updateCountText();
    refresh();
    resize(std::max(sizeHint().width(), 780), sizeHint().height());
}

QWidget *ExportDialog::buildRecordSet()
{
    auto *box = new QWidget(this);
    // A column, not a form: a wrapped label in a form row gets the height of its narrowest layout.
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_recordSet = new RecordSetTextEdit(box);
    m_recordSet->setObjectName(QStringLiteral("exportRecordSet"));
    m_recordSet->setPlaceholderText(tr("a record set, e.g. hmi.M_45s[2014.01.01_TAI/1d]"));
    m_recordSet->setToolTip(tr("Exactly this is sent to JSOC. Ticking segments below writes them here as {…}."));
    connect(m_recordSet, &RecordSetTextEdit::textEdited, this, &ExportDialog::recordSetEdited);
    connect(m_recordSet, &RecordSetTextEdit::returnPressed, this, &ExportDialog::applyRecordSet);
    auto *label = new QLabel(tr("Record set:"), box);
    label->setBuddy(m_recordSet);
    row->addWidget(label);
    row->addWidget(m_recordSet, 1);
    column->addLayout(row);
    m_countLabel = wrapLabel(box);
    m_countLabel->setTextFormat(Qt::RichText); // escaped text, with a warning line in colour
    // Room for the count and its warning line from the start, so the fields below stay where
    // they are while the text changes with each keystroke and answer.
    m_countLabel->setMinimumHeight(2 * m_countLabel->fontMetrics().lineSpacing() + 2);
    m_countLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    column->addWidget(m_countLabel);
    return box;
}

QWidget *ExportDialog::buildContents()
{
    auto *box = new QGroupBox(tr("What to export"), this);
    auto *form = new QFormLayout(box);

    m_segments = new QListWidget(box);
    m_segments->setFlow(QListView::LeftToRight);
    m_segments->setWrapping(true);
    m_segments->setResizeMode(QListView::Adjust);
    m_segments->setMaximumHeight(m_segments->fontMetrics().height() * 2 + 16);
    connect(m_segments, &QListWidget::itemChanged, this, &ExportDialog::segmentsTicked);
    m_segmentsLabel = new QLabel(tr("Segments (none ticked = all):"), box);
    form->addRow(m_segmentsLabel, m_segments);

    m_limit = new QSpinBox(box);
    m_limit->setRange(0, 1000000000);
    m_limit->setSpecialValueText(tr("all records"));
    m_limit->setSuffix(tr(" records"));
    connect(m_limit, &QSpinBox::valueChanged, this, [this] {
        updateCountText();
        refresh();
    });
    form->addRow(tr("Record limit:"), m_limit);

    m_steps = new ProcessingStepEditor(box);
    connect(m_steps, &ProcessingStepEditor::changed, this, [this] {
        updateCountText(); // rebinning changes the size
        refresh();
    });
    form->addRow(tr("Processing:"), m_steps);
    return box;
}

QWidget *ExportDialog::buildDelivery()
{
    auto *box = new QGroupBox(tr("How JSOC delivers it"), this);
    auto *form = new QFormLayout(box);

    m_method = new QComboBox(box);
    m_method->addItem(tr("Quick: files as stored, at once when online (url_quick)"), QStringLiteral("url_quick"));
    m_method->addItem(tr("Prepared by JSOC, one file per record and segment (url)"), QStringLiteral("url"));
    m_method->addItem(tr("Prepared by JSOC, one tar file (url-tar)"), QStringLiteral("url-tar"));
    form->addRow(tr("Method:"), m_method);

    m_protocol = new QComboBox(box);
    m_protocol->addItem(tr("As stored (as-is)"), QStringLiteral("as-is"));
    m_protocol->addItem(tr("FITS with full headers (fits)"), QStringLiteral("fits"));
    m_protocol->addItem(tr("JPEG images (jpg)"), QStringLiteral("jpg"));
    m_protocol->addItem(tr("MPEG movie (mpg)"), QStringLiteral("mpg"));
    m_protocol->addItem(tr("MP4 movie (mp4)"), QStringLiteral("mp4"));
    form->addRow(tr("Protocol:"), m_protocol);

    m_imageBox = new QGroupBox(tr("Image options"), box);
    auto *imageRow = new QHBoxLayout(m_imageBox);
    m_colourTable = new QComboBox(m_imageBox);
    m_colourTable->addItems(jsoc::colourTables());
    m_scaling = new QComboBox(m_imageBox);
    m_scaling->addItems(jsoc::imageScalings());
    m_size = new QSpinBox(m_imageBox);
    m_size->setRange(1, 64);
    m_size->setPrefix(tr("shrink ×"));
    m_min = new QLineEdit(m_imageBox);
    m_min->setPlaceholderText(tr("min"));
    m_max = new QLineEdit(m_imageBox);
    m_max->setPlaceholderText(tr("max"));
    imageRow->addWidget(new QLabel(tr("Colour table:"), m_imageBox));
    imageRow->addWidget(m_colourTable);
    imageRow->addWidget(new QLabel(tr("Scaling:"), m_imageBox));
    imageRow->addWidget(m_scaling);
    imageRow->addWidget(m_min);
    imageRow->addWidget(m_max);
    imageRow->addWidget(m_size);
    form->addRow(m_imageBox);

    auto *formatRow = new QHBoxLayout;
    m_format = new QLineEdit(box);
    m_format->setPlaceholderText(tr("empty: JSOC's own naming"));
    m_defaultFormatButton = new QPushButton(tr("Default"), box);
    connect(m_defaultFormatButton, &QPushButton::clicked, this, [this] {
        m_format->setText(m_defaultFormat);
        refresh();
    });
    formatRow->addWidget(m_format, 1);
    formatRow->addWidget(m_defaultFormatButton);
    form->addRow(tr("File names:"), formatRow);

    for (QComboBox *combo : {m_method, m_protocol, m_colourTable, m_scaling})
        connect(combo, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(m_size, &QSpinBox::valueChanged, this, &ExportDialog::refresh);
    for (QLineEdit *edit : {m_min, m_max, m_format})
        connect(edit, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    return box;
}

QWidget *ExportDialog::buildTarNote()
{
    m_tarNote = new QWidget(this);
    m_tarNote->setObjectName(QStringLiteral("exportTarSuggestion"));
    auto *row = new QHBoxLayout(m_tarNote);
    row->setContentsMargins(0, 0, 0, 0);
    m_tarLabel = wrapLabel(m_tarNote);
    m_tarButton = new QPushButton(tr("Use one tar (url-tar)"), m_tarNote);
    m_tarButton->setToolTip(tr("Switch the method to url-tar: JSOC packs every file into one tar, which is "
                               "downloaded in one go and unpacked here."));
    // Advice only: the button changes the method, nothing else, and sending stays possible without it.
    connect(m_tarButton, &QPushButton::clicked, this, [this] { setMethod(QStringLiteral("url-tar")); });
    row->addWidget(m_tarLabel, 1);
    row->addWidget(m_tarButton, 0, Qt::AlignTop);
    m_tarNote->setVisible(false);
    return m_tarNote;
}

qint64 ExportDialog::expectedFileCount() const
{
    if (m_count < 0)
        return -1;
    const QStringList ticked = tickedSegments();
    const qint64 perRecord = !ticked.isEmpty() ? ticked.size()
                             : structureMatches() ? m_structure.segments.size()
                                                  : 1;
    return sizeEstimate().records * perRecord;
}

void ExportDialog::updateTarNote()
{
    if (!m_tarNote || !m_method)
        return; // still being built
    const qint64 files = expectedFileCount();
    // Over JSOC's limit the refusal next to the buttons is what matters; advice would be noise.
    const jsoc::TarSuggestion advice =
        m_method->currentData().toString() == u"url-tar" || files < 0 || sizeEstimate().exceedsJsocLimit()
            ? jsoc::TarSuggestion{}
            : jsoc::suggestTarExport(files, sizeEstimate().bytes);
    m_tarLabel->setText(QStringLiteral("<span style='color:#1f5fa8'>%1</span>").arg(advice.sentence.toHtmlEscaped()));
    m_tarNote->setVisible(advice.suggest && !advice.sentence.isEmpty());
}

QWidget *ExportDialog::buildAddress()
{
    auto *box = new QGroupBox(tr("Notification and download"), this);
    auto *form = new QFormLayout(box);
    auto *emailRow = new QHBoxLayout;
    m_email = new QLineEdit(box);
    m_email->setObjectName(QStringLiteral("exportEmail"));
    m_email->setPlaceholderText(tr("the address you registered with JSOC"));
    m_checkButton = new QPushButton(tr("Check"), box);
    m_checkButton->setToolTip(tr("Ask JSOC whether this address is registered for exports (also Enter in the field)."));
    emailRow->addWidget(m_email, 1);
    emailRow->addWidget(m_checkButton);
    form->addRow(tr("E-mail:"), emailRow);
    m_addressLabel = wrapLabel(box);
    form->addRow(QString(), m_addressLabel);
    connect(m_checkButton, &QPushButton::clicked, this, &ExportDialog::checkAddress);
    connect(m_email, &QLineEdit::returnPressed, this, &ExportDialog::checkAddress);
    connect(m_email, &QLineEdit::textEdited, this, [this] {
        m_addressState = AddressState::Unchecked;
        m_addressAdvice.clear();
        m_addressError.clear();
        m_pending->clear();
        refresh();
    });
    connect(m_email, &QLineEdit::editingFinished, this, [this] {
        if (m_addressState == AddressState::Unchecked && m_addressError.isEmpty())
            checkAddress();
    });

    auto *folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(box);
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    auto *browse = new QPushButton(tr("Choose…"), box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Download folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    connect(m_folder, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    form->addRow(tr("Download to:"), folderRow);
    return box;
}

void ExportDialog::keyPressEvent(QKeyEvent *event)
{
    // Enter is handled by the field that has it (count, check) or by nobody; never "send".
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void ExportDialog::requestInfo()
{
    applyRecordSet();
    if (jsoc::checkEmailSyntax(m_email->text()).isEmpty())
        checkAddress();
}

void ExportDialog::checkAddress()
{
    const QString email = m_email->text().trimmed();
    m_pending->clear();
    if (!jsoc::checkEmailSyntax(email).isEmpty()) {
        refresh();
        return;
    }
    m_addressState = AddressState::Checking;
    m_addressAdvice.clear();
    m_addressError.clear();
    refresh();
    emit addressCheckRequested(email);
}

// ---- the record set ---------------------------------------------------------------------------

QString ExportDialog::recordSetText() const
{
    return m_recordSet->text().trimmed();
}

void ExportDialog::setRecordSetText(const QString &text)
{
    m_recordSet->setText(text); // does not count as typing: say so below
    recordSetEdited();
}

void ExportDialog::recordSetEdited()
{
    if (m_filling)
        return;
    // The old count is for the old text: nothing may be sent on it.
    m_count = -1;
    m_estimatedBytes = -1;
    m_countAsked = false;
    m_countError.clear();
    m_debounce->start();
    updateCountText();
    refresh();
}

void ExportDialog::applyRecordSet()
{
    m_debounce->stop();
    const QString series = recordSetSeries();
    if (!series.isEmpty() && !structureMatches()) {
        if (const auto known = m_knownStructures.constFind(series.toLower()); known != m_knownStructures.cend()) {
            m_structure = *known;
            rebuildSegments();
        } else if (m_structureAsked.compare(series, Qt::CaseInsensitive) != 0) {
            m_structureAsked = series;
            m_structureSeries.clear();
            m_structureError.clear();
            emit structureRequested(series);
        }
    }
    syncTicks();
    updateDefaultFormat();
    m_count = -1;
    m_estimatedBytes = -1;
    m_countError.clear();
    m_countAsked = drms::parseRecordSet(recordSetText()).has_value();
    updateCountText();
    refresh();
    if (m_countAsked)
        emit countRequested(recordSetText());
}

QString ExportDialog::recordSetSeries() const
{
    const auto spec = drms::parseRecordSet(recordSetText());
    if (!spec || spec->subsets.isEmpty())
        return {};
    const QString first = spec->subsets.first().series;
    for (const drms::Subset &subset : spec->subsets)
        if (subset.series.compare(first, Qt::CaseInsensitive) != 0)
            return {};
    return first;
}

bool ExportDialog::structureMatches() const
{
    const QString series = recordSetSeries();
    return !series.isEmpty() && m_structure.name.compare(series, Qt::CaseInsensitive) == 0;
}

void ExportDialog::rebuildSegments()
{
    m_filling = true;
    m_segments->clear();
    QStringList seen;
    for (const jsoc::SegmentInfo &s : m_structure.segments) {
        // A name that cannot stand in a {…} list, or comes twice, is no box to tick (a lying structure).
        static const QRegularExpression plainName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!plainName.match(s.name).hasMatch() || seen.contains(s.name, Qt::CaseInsensitive))
            continue;
        seen.append(s.name);
        auto *item = new QListWidgetItem(s.name, m_segments);
        item->setToolTip(QStringList{s.protocol, s.dims, s.note}.join(QLatin1Char(' ')).trimmed());
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_filling = false;
    if (auto *form = qobject_cast<QFormLayout *>(m_segments->parentWidget()->layout()))
        form->setRowVisible(m_segments, !m_structure.segments.isEmpty());
}

void ExportDialog::syncTicks()
{
    const auto spec = drms::parseRecordSet(recordSetText());
    QStringList named;
    if (spec && !spec->subsets.isEmpty() && spec->subsets.first().hasSegmentList)
        named = spec->subsets.first().segments;
    m_filling = true;
    for (int i = 0; i < m_segments->count(); ++i) {
        QListWidgetItem *item = m_segments->item(i);
        item->setCheckState(named.contains(item->text(), Qt::CaseInsensitive) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
    m_segments->setEnabled(structureMatches());
}

void ExportDialog::segmentsTicked()
{
    if (m_filling)
        return;
    const QStringList chosen = tickedSegments();
    auto spec = drms::parseRecordSet(recordSetText());
    if (!spec) { // the list is disabled then; never write ticks into text that does not read
        syncTicks();
        return;
    }
    for (drms::Subset &subset : spec->subsets) {
        subset.hasSegmentList = !chosen.isEmpty();
        subset.segments = chosen;
    }
    m_filling = true;
    m_recordSet->setText(drms::toString(*spec)); // what is shown is what is sent
    m_filling = false;
    applyRecordSet();
}

void ExportDialog::setSegments(const QStringList &segments)
{
    m_filling = true;
    for (int i = 0; i < m_segments->count(); ++i)
        m_segments->item(i)->setCheckState(segments.contains(m_segments->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    m_filling = false;
    segmentsTicked();
}

void ExportDialog::updateDefaultFormat()
{
    QString series = recordSetSeries();
    if (series.isEmpty())
        series = m_structure.name;
    const QString format = structureMatches() || series.compare(m_structure.name, Qt::CaseInsensitive) == 0
                               ? jsoc::defaultFilenameFormat(series, m_structure)
                               : jsoc::defaultFilenameFormat(series, jsoc::SeriesStructure());
    // A format the user typed is theirs; only the untouched default follows the series.
    if (m_format->text() == m_defaultFormat)
        m_format->setText(format);
    m_defaultFormat = format;
    m_defaultFormatButton->setToolTip(tr("Built from the prime keys, as drms does: %1").arg(format));
}

void ExportDialog::setStructure(const jsoc::SeriesStructure &structure)
{
    if (structure.name.isEmpty())
        return;
    m_knownStructures.insert(structure.name.toLower(), structure);
    if (structure.name.compare(recordSetSeries(), Qt::CaseInsensitive) != 0)
        return; // for a series no longer typed: kept for when it comes back
    m_structure = structure;
    m_structureSeries.clear();
    m_structureError.clear();
    rebuildSegments();
    syncTicks();
    updateDefaultFormat();
    refresh();
}

void ExportDialog::setStructureFailed(const QString &series, const QString &message)
{
    if (series.compare(recordSetSeries(), Qt::CaseInsensitive) != 0)
        return;
    m_structureSeries = series;
    m_structureError = message;
    m_structureAsked.clear(); // Enter in the field asks again
    refresh();
}

QStringList ExportDialog::recordSetProblems() const
{
    const QString text = recordSetText();
    const QString example = QStringLiteral("%1[2014.01.01_TAI/1d]")
                                .arg(m_structure.name.isEmpty() ? QStringLiteral("hmi.M_45s") : m_structure.name);
    if (text.isEmpty())
        return {tr("Type a record set to export, e.g. %1.").arg(example)};
    drms::RecordSetParseError error;
    const auto spec = drms::parseRecordSet(text, &error);
    if (!spec)
        return {tr("The record set cannot be read at character %1: %2. Correct it in the record-set field.")
                    .arg(error.position + 1)
                    .arg(error.message)};
    QStringList names;
    for (const drms::Subset &subset : spec->subsets)
        if (!names.contains(subset.series, Qt::CaseInsensitive))
            names.append(subset.series);
    if (names.size() > 1)
        return {tr("The record set names several series (%1). Export one series at a time, so that its segments "
                   "and file names are the right ones.")
                    .arg(names.join(QStringLiteral(", ")))};
    const QString series = names.value(0);
    if (!structureMatches()) {
        if (m_structureSeries.compare(series, Qt::CaseInsensitive) == 0 && !m_structureError.isEmpty())
            return {tr("The structure of %1 could not be loaded (%2), so its segments and file names cannot be set. "
                       "Check the series name, or press Enter in the record-set field to try again.")
                        .arg(series, m_structureError)};
        if (!m_structure.name.isEmpty())
            return {tr("The record set names %1, but the segments and file names shown are those of %2. Loading the "
                       "structure of %1 from JSOC; sending waits for it. To export %2, write %2 in the record set.")
                        .arg(series, m_structure.name)};
        return {tr("Loading the structure of %1 (its segments and prime keys) from JSOC; sending waits for it.").arg(series)};
    }
    QStringList problems;
    if (!m_structure.segments.isEmpty()) {
        QStringList known;
        for (const jsoc::SegmentInfo &s : m_structure.segments)
            known.append(s.name);
        for (const drms::Subset &subset : spec->subsets)
            for (const QString &segment : subset.segments)
                if (segment != QLatin1String("**ALL**") && !known.contains(segment, Qt::CaseInsensitive))
                    problems.append(tr("%1 has no segment \"%2\" (it has %3). Remove it from the {…} list.")
                                        .arg(m_structure.name, segment, known.join(QStringLiteral(", "))));
    }
    problems.removeDuplicates();
    return problems;
}

// ---- the count and the size -------------------------------------------------------------------

void ExportDialog::setCount(qint64 count, qint64 estimatedBytes)
{
    if (m_debounce->isActive())
        return; // for text that has changed since; the new text is counted after the pause
    m_count = std::max<qint64>(-1, count);
    m_estimatedBytes = estimatedBytes;
    m_countAsked = false;
    m_countError.clear();
    updateCountText();
    refresh();
}

void ExportDialog::setCountFailed(const QString &message)
{
    if (m_debounce->isActive())
        return;
    m_count = -1;
    m_estimatedBytes = -1;
    m_countAsked = false;
    m_countError = message.isEmpty() ? tr("no reason given") : message;
    updateCountText();
    refresh();
}

void ExportDialog::setError(const QString &message)
{
    if (m_addressState == AddressState::Checking)
        setAddressCheckFailed(message);
    if (m_countAsked)
        setCountFailed(message);
}

QStringList ExportDialog::tickedSegments() const
{
    QStringList chosen;
    for (int i = 0; i < m_segments->count(); ++i)
        if (m_segments->item(i)->checkState() == Qt::Checked)
            chosen.append(m_segments->item(i)->text());
    return chosen;
}

jsoc::ExportSizeEstimate ExportDialog::sizeEstimate() const
{
    const jsoc::ProcessingSizeRatio ratio =
        jsoc::processingSizeRatio(m_steps->steps(), jsoc::processingImageFromStructure(m_structure, tickedSegments()));
    return jsoc::estimateExportSize(m_count, m_estimatedBytes, m_limit->value(), ratio);
}

void ExportDialog::updateCountText()
{
    QString text;
    if (recordSetText().isEmpty()) {
        text = tr("No record set yet.");
    } else if (m_count < 0) {
        text = !m_countError.isEmpty() ? tr("The records could not be counted.")
               : m_debounce->isActive() ? tr("Counted again when you stop typing (or press Enter).")
                                        : tr("Counting the records…");
    } else {
        const QLocale locale;
        const jsoc::ExportSizeEstimate size = sizeEstimate();
        text = size.isLimited() ? tr("First %1 of %2 records").arg(locale.toString(size.records), locale.toString(m_count))
                                : m_count == 1 ? tr("1 record") : tr("%1 records").arg(locale.toString(m_count));
        text = text.toHtmlEscaped() + size.sizeText().toHtmlEscaped();
        // Over the limit for sure is a refusal next to the buttons; the rest is a warning here.
        if (const QString warning = size.warning(); !warning.isEmpty() && !size.exceedsJsocLimit())
            text += QStringLiteral("<br><span style='color:#b35c00'>%1</span>").arg(warning.toHtmlEscaped());
    }
    m_countLabel->setText(text);
    updateTarNote();
}

QString ExportDialog::countProblem() const
{
    if (!drms::parseRecordSet(recordSetText()))
        return {}; // the record set's own problem says what to do
    if (m_count < 0) {
        if (!m_countError.isEmpty())
            return tr("The records could not be counted (%1), so the size JSOC would be asked for is unknown. Correct "
                      "the record set, or press Enter in the record-set field to count again.")
                .arg(m_countError);
        return tr("Waiting for the record count; sending waits for it.");
    }
    if (m_count == 0)
        return tr("The record set holds no records, so there is nothing to export. Widen it (a longer time range, "
                  "fewer conditions).");
    return {};
}

QString ExportDialog::sizeProblem() const
{
    // Only a size known to be over the limit blocks: an unknown ratio may well bring it under.
    const jsoc::ExportSizeEstimate size = sizeEstimate();
    if (m_count <= 0 || !size.exceedsJsocLimit())
        return {};
    return tr("JSOC refuses exports over 100 GB, and this one is about %1%2 (%3 records). Make it smaller: a shorter "
              "time range, a cadence (e.g. @1h after the range), fewer segments, a record limit, or processing "
              "that shrinks the files (rebin, a cutout in pixels).")
        .arg(jsoc::format::bytes(size.bytes), size.processed ? tr(" after processing") : QString(),
             QLocale().toString(size.records));
}

// ---- the address and a pending request --------------------------------------------------------

void ExportDialog::setAddressCheck(const jsoc::AddressCheck &check)
{
    const QString email = m_email->text().trimmed();
    m_addressAdvice = jsoc::addressCheckAdvice(email, check);
    m_addressError.clear();
    m_addressState = check.registered() ? AddressState::Registered : AddressState::Refused;
    m_pending->clear();
    refresh();
    if (check.registered())
        emit pendingCheckRequested(email);
}

void ExportDialog::setAddressCheckFailed(const QString &message)
{
    m_addressState = AddressState::Unchecked;
    m_addressAdvice.clear();
    m_addressError = message.isEmpty() ? tr("no reason given") : message;
    refresh();
}

QString ExportDialog::addressProblem() const
{
    if (!jsoc::checkEmailSyntax(m_email->text()).isEmpty())
        return {}; // the syntax message from checkExportOptions says what to do
    switch (m_addressState) {
    case AddressState::Unchecked:
        return m_addressError.isEmpty()
                   ? tr("Check the e-mail address with JSOC first: press Check (or Enter in the e-mail field).")
                   : tr("The e-mail address could not be checked (%1). Press Check to try again.").arg(m_addressError);
    case AddressState::Checking:
        return tr("Waiting for JSOC to confirm that the e-mail address is registered; sending waits for it.");
    case AddressState::Refused:
        return m_addressAdvice.isEmpty() ? tr("JSOC did not accept the e-mail address.") : m_addressAdvice;
    case AddressState::Registered:
        break;
    }
    return {};
}

void ExportDialog::setPendingRequest(const jsoc::PendingRequestCheck &check)
{
    if (m_addressState != AddressState::Registered)
        return; // for an address that has been edited since
    m_pending->setCheck(check);
}

QString ExportDialog::pendingText() const
{
    return m_pending->text();
}

// ---- options, problems, sending ---------------------------------------------------------------

jsoc::ExportRequestOptions ExportDialog::options() const
{
    jsoc::ExportRequestOptions o;
    o.recordSet = recordSetText();
    o.notify = m_email->text().trimmed();
    o.method = m_method->currentData().toString();
    o.protocol = jsoc::protocolText(m_protocol->currentData().toString(), imageOptions());
    o.filenameFormat = m_format->text().trimmed();
    o.processing = jsoc::processingText(m_steps->steps());
    o.limit = m_limit->value();
    return o;
}

jsoc::ImageProtocolOptions ExportDialog::imageOptions() const
{
    jsoc::ImageProtocolOptions image;
    image.colourTable = m_colourTable->currentText();
    image.scaling = m_scaling->currentText();
    image.size = m_size->value();
    image.min = m_min->text();
    image.max = m_max->text();
    return image;
}

QString ExportDialog::folder() const
{
    return m_folder->text().trimmed();
}

QStringList ExportDialog::problems() const
{
    const QStringList ownRecordSet = recordSetProblems();
    QStringList list = ownRecordSet;
    for (const QString &p : {countProblem(), sizeProblem()})
        if (!p.isEmpty())
            list.append(p);
    for (const QString &p : jsoc::checkExportOptions(options())) {
        // Said above in words that name the field; the generic record-set messages would repeat it.
        if (!ownRecordSet.isEmpty()
            && (p.startsWith(QLatin1String("There is no record set")) || p.startsWith(QLatin1String("The record set cannot be read"))))
            continue;
        list.append(p);
    }
    if (jsoc::isImageProtocol(m_protocol->currentData().toString()))
        list.append(jsoc::checkImageProtocol(imageOptions()));
    if (const QString p = addressProblem(); !p.isEmpty())
        list.append(p);
    if (folder().isEmpty())
        list.append(tr("Choose a folder for the downloaded files."));
    list.removeDuplicates();
    return list;
}

void ExportDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    m_addressState = AddressState::Unchecked;
    m_addressAdvice.clear();
    m_addressError.clear();
    m_pending->clear();
    refresh();
}

void ExportDialog::setFolder(const QString &folder)
{
    m_folder->setText(folder);
}

void ExportDialog::setMethod(const QString &method)
{
    m_method->setCurrentIndex(m_method->findData(method));
}

void ExportDialog::setProtocol(const QString &protocol)
{
    m_protocol->setCurrentIndex(m_protocol->findData(protocol));
}

void ExportDialog::setLimit(qint64 limit)
{
    m_limit->setValue(int(std::clamp<qint64>(limit, 0, m_limit->maximum())));
}

QString ExportDialog::countText() const
{
    return m_countLabel->text();
}

bool ExportDialog::submit(bool fetchNow)
{
    refresh();
    if (!problems().isEmpty())
        return false;
    QSettings settings;
    settings.setValue(QLatin1String(jsoc::Preferences::kNotifyEmailKey), m_email->text().trimmed());
    settings.setValue(QLatin1String(jsoc::Preferences::kDownloadFolderKey), folder());
    emit submitted(options(), folder(), fetchNow);
    accept();
    return true;
}

void ExportDialog::refresh()
{
    const bool image = jsoc::isImageProtocol(m_protocol->currentData().toString());
    m_imageBox->setVisible(image);
    const bool given = m_scaling->currentText() == QLatin1String("MINMAXGIVEN");
    m_min->setEnabled(given);
    m_max->setEnabled(given);

    switch (m_addressState) {
    case AddressState::Unchecked:
        m_addressLabel->setText(m_email->text().trimmed().isEmpty() ? tr("JSOC sends exports only for registered addresses.")
                                : m_addressError.isEmpty()          ? tr("Not checked yet: press Check or Enter.")
                                                                    : tr("Could not be checked."));
        break;
    case AddressState::Checking:
        m_addressLabel->setText(tr("Checking the address with JSOC…"));
        break;
    case AddressState::Registered:
        m_addressLabel->setText(QStringLiteral("<span style='color:#2e7d32'>%1</span>").arg(tr("Registered with JSOC for exports.")));
        break;
    case AddressState::Refused:
        m_addressLabel->setText(QStringLiteral("<span style='color:#c62828'>%1</span>").arg(tr("Not accepted by JSOC (see below).")));
        break;
    }

    const QStringList list = problems();
    QString html;
    if (!list.isEmpty()) {
        html += QStringLiteral("<b>%1</b><ul style='margin:0; color:#c62828'>").arg(tr("Not sent yet:").toHtmlEscaped());
        for (const QString &p : list)
            html += QStringLiteral("<li>%1</li>").arg(p.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_problemsLabel->setText(html);
    m_problemsLabel->setVisible(!html.isEmpty());
    updateTarNote();
    m_fetchButton->setEnabled(list.isEmpty());
    m_stageButton->setEnabled(list.isEmpty());
}

} // namespace ui
