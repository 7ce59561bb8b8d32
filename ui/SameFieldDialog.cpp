#include "ui/SameFieldDialog.h"

#include "model/common/Preferences.h"
#include "model/drms/DrmsTime.h"
#include "model/exports/ExportOptionsCheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace ui {
namespace {

// The edits show UTC (what T_OBS and JSOC's record sets read as); the plan counts DRMS (TAI) seconds.
QDateTime sameFieldUtcOf(double tai)
{
    QDateTime t = QDateTime::fromString(drms::formatTime(tai, drms::TimeStyle::Iso, 3), Qt::ISODateWithMs);
    t.setTimeSpec(Qt::UTC);
    return t;
}

double sameFieldTaiOf(const QDateTime &utc)
{
    return drms::parseTime(utc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))).value_or(0.0);
}

QDateTimeEdit *sameFieldTimeEdit(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    return edit;
}

} // namespace

SameFieldDialog::SameFieldDialog(const jsoc::CutoutPlacement &box, const jsoc::CutoutChoice &choice,
                                 const QString &frameRecordSet, QWidget *parent)
    : QDialog(parent)
    , m_box(box)
    , m_series(new QListWidget(this))
    , m_typed(new QLineEdit(this))
    , m_typedError(new QLabel(this))
    , m_start(sameFieldTimeEdit(this))
    , m_end(sameFieldTimeEdit(this))
    , m_units(new QComboBox(this))
    , m_tracking(new QCheckBox(tr("Track with solar rotation"), this))
    , m_email(new QLineEdit(this))
    , m_addressLabel(new QLabel(this))
    , m_addressPause(new QTimer(this))
    , m_folder(new QLineEdit(this))
    , m_planTable(new QTableWidget(0, 3, this))
    , m_refusal(new QLabel(this))
    , m_queue(new QPushButton(this))
{
    setWindowTitle(tr("Same field in other series"));
    const auto own = jsoc::sameFieldCandidateOf(frameRecordSet);
    for (const jsoc::SameFieldSeries &c : jsoc::sameFieldCandidates()) {
        auto *item = new QListWidgetItem(QStringLiteral("%1  —  %2").arg(c.label, c.series), m_series);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(own && *own == c ? Qt::Checked : Qt::Unchecked);
        m_choices.append(c);
    }
    // In columns, so that every candidate is seen at once without scrolling.
    m_series->setFlow(QListView::TopToBottom);
    m_series->setWrapping(true);
    m_series->setResizeMode(QListView::Adjust);
    m_series->setFixedHeight(m_series->sizeHintForRow(0) * 8 + 2 * m_series->frameWidth() + 4);
    m_typed->setPlaceholderText(tr("another series, e.g. hmi.B_720s{field}"));
    auto *addTyped = new QPushButton(tr("Add"), this);
    m_typedError->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_typedError->hide();

    const double tObs = drms::parseTime(box.observationTime).value_or(0.0);
    setTimeRange(tObs - 60.0 * kDefaultHalfRangeMinutes, tObs + 60.0 * kDefaultHalfRangeMinutes);
    m_units->addItem(jsoc::cutoutUnitsName(jsoc::CutoutUnits::Arcsec), int(jsoc::CutoutUnits::Arcsec));
    m_units->addItem(jsoc::cutoutUnitsName(jsoc::CutoutUnits::Stonyhurst), int(jsoc::CutoutUnits::Stonyhurst));
    m_units->setToolTip(tr("The box's centre in arcsec or Stonyhurst degrees, its size in arcsec: the same piece of "
                           "Sun on every instrument (pixels are not, as their sizes differ)"));
    setUnits(choice.units);
    m_tracking->setChecked(choice.tracking);
    const jsoc::Preferences prefs = jsoc::Preferences::load(QSettings());
    m_email->setText(prefs.notifyEmail);
    m_email->setPlaceholderText(tr("your registered JSOC export address"));
    m_folder->setText(prefs.downloadFolder);
    auto *chooseFolder = new QPushButton(tr("Choose…"), this);

    m_planTable->setHorizontalHeaderLabels({tr("Series"), tr("Record set"), tr("Refused because")});
    m_planTable->verticalHeader()->hide();
    m_planTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_planTable->horizontalHeader()->setStretchLastSection(true);
    m_planTable->setColumnWidth(0, 110);
    m_planTable->setColumnWidth(1, 380);
    m_planTable->setWordWrap(false);
    m_refusal->setWordWrap(true);
    m_refusal->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_refusal->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *typedRow = new QHBoxLayout;
    typedRow->addWidget(m_typed, 1);
    typedRow->addWidget(addTyped);
    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_start);
    rangeRow->addWidget(new QLabel(tr("to"), this));
    rangeRow->addWidget(m_end);
    rangeRow->addStretch(1);
    auto *cutRow = new QHBoxLayout;
    cutRow->addWidget(m_units);
    cutRow->addWidget(m_tracking);
    cutRow->addStretch(1);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(chooseFolder);
    auto *form = new QFormLayout;
    form->addRow(tr("Series"), m_series);
    form->addRow(QString(), typedRow);
    form->addRow(QString(), m_typedError);
    form->addRow(tr("Time range"), rangeRow);
    form->addRow(tr("Cutout in"), cutRow);
    form->addRow(tr("Notify"), m_email);
    form->addRow(QString(), m_addressLabel);
    form->addRow(tr("Folder"), folderRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_queue, QDialogButtonBox::AcceptRole);
    auto *layout = new QVBoxLayout(this);
    auto *where = new QLabel(tr("Box centred at (%1″, %2″) on the frame of %3, %4 × %5 pixels of %6″.")
                                 .arg(box.centreTx, 0, 'f', 1)
                                 .arg(box.centreTy, 0, 'f', 1)
                                 .arg(box.observationTime)
                                 .arg(box.widthPixels)
                                 .arg(box.heightPixels)
                                 .arg(box.arcsecPerPixelX, 0, 'g', 4),
                             this);
    where->setWordWrap(true);
    layout->addWidget(where);
    layout->addLayout(form);
    layout->addWidget(m_planTable, 1);
    layout->addWidget(m_refusal);
    layout->addWidget(buttons);
    resize(820, 640);

    connect(m_series, &QListWidget::itemChanged, this, &SameFieldDialog::refresh);
    connect(addTyped, &QPushButton::clicked, this, [this] { addTypedSeries(m_typed->text()); });
    connect(m_typed, &QLineEdit::returnPressed, this, [this] { addTypedSeries(m_typed->text()); });
    connect(m_start, &QDateTimeEdit::dateTimeChanged, this, &SameFieldDialog::refresh);
    connect(m_end, &QDateTimeEdit::dateTimeChanged, this, &SameFieldDialog::refresh);
    connect(m_units, &QComboBox::currentIndexChanged, this, &SameFieldDialog::refresh);
    connect(m_tracking, &QCheckBox::toggled, this, &SameFieldDialog::refresh);
    // A pause in typing (or Enter) asks JSOC about the address; until it answers nothing is queued.
    m_addressLabel->setWordWrap(true);
    m_addressPause->setSingleShot(true);
    m_addressPause->setInterval(700);
    connect(m_addressPause, &QTimer::timeout, this, &SameFieldDialog::checkAddress);
    connect(m_email, &QLineEdit::textChanged, this, [this] {
        m_addressState = AddressState::Unchecked;
        m_addressWords.clear();
        m_addressPause->start();
        refresh();
    });
    connect(m_email, &QLineEdit::returnPressed, this, &SameFieldDialog::checkAddress);
    connect(m_folder, &QLineEdit::textChanged, this, &SameFieldDialog::refresh);
    connect(chooseFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the job's files"), folder());
        if (!dir.isEmpty())
            setFolder(dir);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_queue, &QPushButton::clicked, this, [this] {
        const jsoc::SameFieldPlan p = plan();
        if (p.isOk() && !folder().isEmpty() && addressProblem().isEmpty())
            emit queueRequested(p.requests(), folder(), p.title());
    });
    refresh();
}

void SameFieldDialog::setTicked(const QString &label, bool ticked)
{
    for (int row = 0; row < m_choices.size(); ++row)
        if (m_choices[row].label == label)
            m_series->item(row)->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
}

QStringList SameFieldDialog::tickedLabels() const
{
    QStringList labels;
    for (int row = 0; row < m_choices.size(); ++row)
        if (m_series->item(row)->checkState() == Qt::Checked)
            labels.append(m_choices[row].label);
    return labels;
}

bool SameFieldDialog::addTypedSeries(const QString &text)
{
    const auto series = jsoc::SameFieldSeries::fromText(text);
    m_typedError->setVisible(!series);
    if (!series) {
        m_typedError->setText(tr("\"%1\" is not a series name: type it as JSOC names it, e.g. hmi.B_720s, optionally "
                                 "with one segment in braces, hmi.B_720s{field}.")
                                  .arg(text.trimmed()));
        return false;
    }
    const int known = int(m_choices.indexOf(*series));
    if (known >= 0) {
        m_series->item(known)->setCheckState(Qt::Checked);
    } else {
        auto *item = new QListWidgetItem(series->label, m_series);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        m_choices.append(*series);
        item->setCheckState(Qt::Checked); // emits itemChanged: refresh
    }
    m_typed->clear();
    return true;
}

void SameFieldDialog::setTimeRange(double startTai, double endTai)
{
    // Whole seconds: the edits show no fraction, and what they show is what is sent.
    m_start->setDateTime(sameFieldUtcOf(std::round(startTai)));
    m_end->setDateTime(sameFieldUtcOf(std::round(endTai)));
}

void SameFieldDialog::setUnits(jsoc::CutoutUnits units)
{
    const int at = m_units->findData(int(units));
    m_units->setCurrentIndex(at >= 0 ? at : 0); // pixels: arcsec, the same box on every instrument
}

void SameFieldDialog::setTracking(bool tracking)
{
    m_tracking->setChecked(tracking);
}

void SameFieldDialog::setEmail(const QString &email)
{
    m_email->setText(email);
}

void SameFieldDialog::setFolder(const QString &folder)
{
    m_folder->setText(folder);
}

QString SameFieldDialog::folder() const
{
    return m_folder->text().trimmed();
}

void SameFieldDialog::checkAddress()
{
    m_addressPause->stop();
    const QString email = m_email->text().trimmed();
    if (!jsoc::checkEmailSyntax(email).isEmpty()) {
        refresh(); // the plan says what is wrong with it
        return;
    }
    m_addressState = AddressState::Checking;
    m_addressWords.clear();
    refresh();
    emit addressCheckRequested(email);
}

void SameFieldDialog::setAddressCheck(const QString &email, const jsoc::AddressCheck &check)
{
    if (email != m_email->text().trimmed())
        return;
    m_addressState = check.registered() ? AddressState::Registered : AddressState::Refused;
    m_addressWords = check.registered() ? QString() : jsoc::addressCheckAdvice(email, check);
    refresh();
}

void SameFieldDialog::setAddressCheckFailed(const QString &email, const QString &message)
{
    if (email != m_email->text().trimmed())
        return;
    m_addressState = AddressState::Unchecked;
    m_addressWords = message.isEmpty() ? tr("no reason given") : message;
    refresh();
}

QString SameFieldDialog::addressProblem() const
{
    if (!jsoc::checkEmailSyntax(m_email->text()).isEmpty())
        return {}; // the plan's own words say what to type
    switch (m_addressState) {
    case AddressState::Unchecked:
        return m_addressWords.isEmpty()
                   ? tr("The e-mail address is not checked with JSOC yet (press Enter in the field).")
                   : tr("The e-mail address could not be checked (%1). Press Enter in the field to try again.")
                         .arg(m_addressWords);
    case AddressState::Checking: return tr("Waiting for JSOC to confirm that the e-mail address is registered.");
    case AddressState::Refused:
        return m_addressWords.isEmpty() ? tr("JSOC did not accept the e-mail address.") : m_addressWords;
    case AddressState::Registered: break;
    }
    return {};
}

jsoc::SameFieldRequest SameFieldDialog::request() const
{
    jsoc::SameFieldRequest r;
    r.box = m_box;
    r.choice.units = jsoc::CutoutUnits(m_units->currentData().toInt());
    r.choice.tracking = m_tracking->isChecked();
    r.startTai = sameFieldTaiOf(m_start->dateTime());
    r.endTai = sameFieldTaiOf(m_end->dateTime());
    for (int row = 0; row < m_choices.size(); ++row)
        if (m_series->item(row)->checkState() == Qt::Checked)
            r.series.append(m_choices[row]);
    r.notify = m_email->text().trimmed();
    return r;
}

jsoc::SameFieldPlan SameFieldDialog::plan() const
{
    return jsoc::SameFieldPlan::make(request());
}

QString SameFieldDialog::refusalText() const
{
    QStringList lines = plan().allRefusals();
    if (const QString address = addressProblem(); !address.isEmpty())
        lines.append(address);
    if (folder().isEmpty())
        lines.append(tr("Choose a folder for the files."));
    return lines.join(QLatin1Char('\n'));
}

void SameFieldDialog::refresh()
{
    const jsoc::SameFieldPlan p = plan();
    m_planTable->setRowCount(int(p.members.size()));
    for (int row = 0; row < p.members.size(); ++row) {
        const jsoc::SameFieldMember &m = p.members[row];
        const QStringList cells{m.series.label, m.recordSet, m.refusals.join(QLatin1Char(' '))};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            if (!m.refusals.isEmpty())
                item->setForeground(QColor(0xc0, 0x39, 0x2b));
            m_planTable->setItem(row, column, item);
        }
    }
    QStringList jobLines = p.refusals;
    const QString address = addressProblem();
    m_addressLabel->setText(m_addressState == AddressState::Registered ? tr("Registered with JSOC.") : address);
    m_addressLabel->setStyleSheet(m_addressState == AddressState::Refused ? QStringLiteral("color: #c0392b;")
                                                                          : QStringLiteral("color: palette(mid);"));
    m_addressLabel->setVisible(!m_addressLabel->text().isEmpty());
    if (folder().isEmpty())
        jobLines.append(tr("Choose a folder for the files."));
    m_refusal->setText(jobLines.join(QLatin1Char('\n')));
    m_refusal->setVisible(!jobLines.isEmpty());
    const int n = int(p.members.size());
    m_queue->setText(n == 1 ? tr("Queue 1 export") : tr("Queue %1 exports").arg(n));
    m_queue->setEnabled(p.isOk() && !folder().isEmpty() && address.isEmpty());
    m_queue->setToolTip(m_queue->isEnabled() ? tr("Adds the exports to the queue as one job; they go to JSOC one after "
                                                  "another, as JSOC takes one request per address at a time")
                                             : refusalText());
}

} // namespace ui
