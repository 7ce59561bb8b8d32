#include "ui/ExportDialog.h"

#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportSizeEstimate.h"
#include "model/common/DisplayFormat.h"
#include "model/common/Preferences.h"
#include "model/drms/RecordSetSpec.h"
#include "ui/ProcessingStepEditor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {
namespace {

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
    : QDialog(parent), m_recordSet(recordSet.trimmed())
{
    setWindowTitle(tr("Export records"));
    if (const auto spec = drms::parseRecordSet(m_recordSet); spec && !spec->subsets.isEmpty()) {
        m_series = spec->subsets.first().series;
        m_initialSegments = spec->subsets.first().segments;
    }
    if (m_series.isEmpty())
        m_series = structure.name;
    m_defaultFormat = jsoc::defaultFilenameFormat(m_series, structure);

    auto *recordSetLabel = wrapLabel(this);
    recordSetLabel->setText(QStringLiteral("<b>%1</b>").arg(m_recordSet.toHtmlEscaped()));
    m_countLabel = wrapLabel(this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(recordSetLabel);
    layout->addWidget(m_countLabel);
    layout->addWidget(buildContents(structure));
    layout->addWidget(buildDelivery());
    layout->addWidget(buildAddress());

    m_problemsLabel = wrapLabel(this);
    layout->addWidget(m_problemsLabel);

    auto *buttons = new QDialogButtonBox(this);
    m_fetchButton = buttons->addButton(tr("Fetch now"), QDialogButtonBox::AcceptRole);
    m_fetchButton->setToolTip(tr("Ask JSOC to prepare the files and download them as soon as they are ready."));
    m_stageButton = buttons->addButton(tr("Stage only"), QDialogButtonBox::AcceptRole);
    m_stageButton->setToolTip(tr("Ask JSOC to prepare the files; download them later from the Exports window "
                                 "(JSOC keeps them 7 days)."));
    buttons->addButton(QDialogButtonBox::Cancel);
    m_fetchButton->setDefault(true);
    connect(m_fetchButton, &QPushButton::clicked, this, [this] { submit(true); });
    connect(m_stageButton, &QPushButton::clicked, this, [this] { submit(false); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    const jsoc::Preferences prefs = jsoc::Preferences::load(QSettings());
    m_email->setText(prefs.notifyEmail);
    m_folder->setText(prefs.downloadFolder);
    updateCountText();
    refresh();
    resize(std::max(sizeHint().width(), 780), sizeHint().height());
}

QWidget *ExportDialog::buildContents(const jsoc::SeriesStructure &structure)
{
    auto *box = new QGroupBox(tr("What to export"), this);
    auto *form = new QFormLayout(box);

    m_segments = new QListWidget(box);
    m_segments->setFlow(QListView::LeftToRight);
    m_segments->setWrapping(true);
    m_segments->setResizeMode(QListView::Adjust);
    m_segments->setMaximumHeight(m_segments->fontMetrics().height() * 2 + 16);
    for (const jsoc::SegmentInfo &s : structure.segments) {
        auto *item = new QListWidgetItem(s.name, m_segments);
        item->setToolTip(QStringList{s.protocol, s.dims, s.note}.join(QLatin1Char(' ')).trimmed());
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(m_initialSegments.contains(s.name) ? Qt::Checked : Qt::Unchecked);
    }
    m_segments->setVisible(!structure.segments.isEmpty());
    connect(m_segments, &QListWidget::itemChanged, this, [this] {
        refresh();
        emit countRequested(recordSetWithSegments());
    });
    if (!structure.segments.isEmpty())
        form->addRow(tr("Segments (none ticked = all):"), m_segments);

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
    connect(m_steps, &ProcessingStepEditor::changed, this, &ExportDialog::refresh);
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
    m_format = new QLineEdit(m_defaultFormat, box);
    m_format->setPlaceholderText(tr("empty: JSOC's own naming"));
    auto *defaultButton = new QPushButton(tr("Default"), box);
    defaultButton->setToolTip(tr("Built from the prime keys, as drms does: %1").arg(m_defaultFormat));
    connect(defaultButton, &QPushButton::clicked, this, [this] {
        m_format->setText(m_defaultFormat);
        refresh();
    });
    formatRow->addWidget(m_format, 1);
    formatRow->addWidget(defaultButton);
    form->addRow(tr("File names:"), formatRow);

    for (QComboBox *combo : {m_method, m_protocol, m_colourTable, m_scaling})
        connect(combo, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(m_size, &QSpinBox::valueChanged, this, &ExportDialog::refresh);
    for (QLineEdit *edit : {m_min, m_max, m_format})
        connect(edit, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    return box;
}

QWidget *ExportDialog::buildAddress()
{
    auto *box = new QGroupBox(tr("Notification and download"), this);
    auto *form = new QFormLayout(box);
    auto *emailRow = new QHBoxLayout;
    m_email = new QLineEdit(box);
    m_email->setPlaceholderText(tr("the address you registered with JSOC"));
    m_checkButton = new QPushButton(tr("Check"), box);
    emailRow->addWidget(m_email, 1);
    emailRow->addWidget(m_checkButton);
    form->addRow(tr("E-mail:"), emailRow);
    m_addressLabel = wrapLabel(box);
    form->addRow(QString(), m_addressLabel);
    connect(m_checkButton, &QPushButton::clicked, this, &ExportDialog::checkAddress);
    connect(m_email, &QLineEdit::textEdited, this, [this] {
        m_addressState = AddressState::Unchecked;
        m_addressAdvice.clear();
        refresh();
    });
    connect(m_email, &QLineEdit::editingFinished, this, [this] {
        if (m_addressState == AddressState::Unchecked)
            checkAddress();
    });

    auto *folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(box);
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

void ExportDialog::requestInfo()
{
    emit countRequested(recordSetWithSegments());
    if (jsoc::checkEmailSyntax(m_email->text()).isEmpty())
        checkAddress();
}

void ExportDialog::checkAddress()
{
    const QString email = m_email->text().trimmed();
    if (!jsoc::checkEmailSyntax(email).isEmpty()) {
        refresh();
        return;
    }
    m_addressState = AddressState::Checking;
    m_addressAdvice.clear();
    refresh();
    emit addressCheckRequested(email);
}

QString ExportDialog::recordSetWithSegments() const
{
    QStringList chosen;
    for (int i = 0; i < m_segments->count(); ++i)
        if (m_segments->item(i)->checkState() == Qt::Checked)
            chosen.append(m_segments->item(i)->text());
    if (chosen == m_initialSegments)
        return m_recordSet; // untouched: keep the user's own text
    auto spec = drms::parseRecordSet(m_recordSet);
    if (!spec)
        return m_recordSet;
    for (drms::Subset &subset : spec->subsets) {
        subset.hasSegmentList = !chosen.isEmpty();
        subset.segments = chosen;
    }
    return drms::toString(*spec);
}

jsoc::ExportRequestOptions ExportDialog::options() const
{
    jsoc::ExportRequestOptions o;
    o.recordSet = recordSetWithSegments();
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
    QStringList list = jsoc::checkExportOptions(options());
    if (jsoc::isImageProtocol(m_protocol->currentData().toString()))
        list.append(jsoc::checkImageProtocol(imageOptions()));
    if (m_addressState == AddressState::Refused && !m_addressAdvice.isEmpty())
        list.append(m_addressAdvice);
    if (folder().isEmpty())
        list.append(tr("Choose a folder for the downloaded files."));
    if (m_count == 0)
        list.append(tr("The record set holds no records, so there is nothing to export. Widen it in the browser."));
    return list;
}

void ExportDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    m_addressState = AddressState::Unchecked;
    m_addressAdvice.clear();
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
    m_limit->setValue(int(std::min<qint64>(limit, m_limit->maximum())));
}

void ExportDialog::setSegments(const QStringList &segments)
{
    {
        const QSignalBlocker block(m_segments);
        for (int i = 0; i < m_segments->count(); ++i)
            m_segments->item(i)->setCheckState(segments.contains(m_segments->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    }
    refresh();
    emit countRequested(recordSetWithSegments());
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

void ExportDialog::setCount(qint64 count, qint64 estimatedBytes)
{
    m_count = count;
    m_estimatedBytes = estimatedBytes;
    m_error.clear();
    updateCountText();
    refresh();
}

void ExportDialog::setAddressCheck(const jsoc::AddressCheck &check)
{
    m_addressAdvice = jsoc::addressCheckAdvice(m_email->text().trimmed(), check);
    m_addressState = check.registered() ? AddressState::Registered : AddressState::Refused;
    refresh();
}

void ExportDialog::setError(const QString &message)
{
    m_error = message;
    if (m_addressState == AddressState::Checking)
        m_addressState = AddressState::Unchecked;
    updateCountText();
    refresh();
}

void ExportDialog::updateCountText()
{
    QString text;
    if (m_count < 0) {
        text = m_error.isEmpty() ? tr("Counting the records…") : tr("The records could not be counted.");
    } else {
        const QLocale locale;
        const jsoc::ExportSizeEstimate size = jsoc::estimateExportSize(m_count, m_estimatedBytes, m_limit->value());
        text = size.isLimited() ? tr("First %1 of %2 records").arg(locale.toString(size.records), locale.toString(m_count))
                                : tr("%1 records").arg(locale.toString(m_count));
        text += size.bytes >= 0 ? tr(", about %1 as stored").arg(jsoc::format::bytes(size.bytes)) : tr(", size unknown");
        if (const QString warning = size.warning(); !warning.isEmpty())
            text += QStringLiteral("<br><span style='color:#b35c00'>%1</span>").arg(warning.toHtmlEscaped());
    }
    m_countLabel->setText(text);
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
        m_addressLabel->setText(m_email->text().trimmed().isEmpty()
                                    ? tr("JSOC sends exports only for registered addresses.")
                                    : tr("Not checked yet: press Check."));
        break;
    case AddressState::Checking:
        m_addressLabel->setText(tr("Checking the address with JSOC…"));
        break;
    case AddressState::Registered:
        m_addressLabel->setText(QStringLiteral("<span style='color:#2e7d32'>%1</span>").arg(tr("Registered with JSOC for exports.")));
        break;
    case AddressState::Refused:
        m_addressLabel->setText(QStringLiteral("<span style='color:#c62828'>%1</span>").arg(m_addressAdvice.toHtmlEscaped()));
        break;
    }

    const QStringList list = problems();
    QString html;
    if (!m_error.isEmpty())
        html += QStringLiteral("<span style='color:#c62828'>%1</span>").arg(m_error.toHtmlEscaped());
    QStringList shown = list;
    shown.removeAll(m_addressAdvice); // already under the e-mail field
    if (!shown.isEmpty()) {
        html += QStringLiteral("<ul style='margin:0; color:#c62828'>");
        for (const QString &p : std::as_const(shown))
            html += QStringLiteral("<li>%1</li>").arg(p.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_problemsLabel->setText(html);
    m_problemsLabel->setVisible(!html.isEmpty());
    m_fetchButton->setEnabled(list.isEmpty());
    m_stageButton->setEnabled(list.isEmpty());
}

} // namespace ui
