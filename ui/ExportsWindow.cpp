#include "ui/ExportsWindow.h"

#include "model/exports/DownloadQueueModel.h"
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ExportQueueEntry.h"
#include "model/exports/ExportQueueModel.h"
#include "model/common/DisplayFormat.h"
#include "model/common/Preferences.h"
#include "ui/CloseWindowKeys.h"
#include "ui/DownloadProgressDelegate.h"
#include "ui/DownloadSelectionTally.h"
#include "ui/ExportExpiryProxy.h"
#include "ui/InlineBanner.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSet>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QAction>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

using ExportModel = jsoc::ExportQueueModel;
using DownloadModel = jsoc::DownloadQueueModel;
using ExportState = jsoc::ExportQueueEntry::State;

namespace {

QTableView *makeTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setHighlightSections(false);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    return view;
}

// The details of one export row: the model's whole story (state, JSOC's status and meaning, the
// message, what to do, request id, record set, history), and the message once more as stored when
// the story had to shorten or flatten it (a long or multi-line reason from JSOC).
QString exportDetailsText(const QModelIndex &row)
{
    const QString story = row.data(Qt::ToolTipRole).toString();
    const QString message = row.siblingAtColumn(ExportModel::MessageColumn).data().toString();
    if (message.trimmed().isEmpty() || story.contains(message))
        return story;
    return story + QStringLiteral("\n\nWhole message:\n") + message;
}

} // namespace

ExportsWindow::ExportsWindow(QAbstractItemModel *exports, QAbstractItemModel *downloads, QWidget *parent)
    : QWidget(parent, Qt::Window), m_exports(exports), m_downloads(downloads)
{
    setWindowTitle(tr("Exports and downloads"));
    resize(1140, 680);
    auto *closeWindow = new QAction(this); // Ctrl+W, as in every other window
    closeWindow->setShortcuts(closeWindowKeys());
    connect(closeWindow, &QAction::triggered, this, &QWidget::close);
    addAction(closeWindow);
    m_banner = new InlineBanner(this);
    m_banner->hide();
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(buildExports());
    splitter->addWidget(buildDownloads());
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    updateExportButtons();
    updateExportDetails();
    updateDownloadButtons();
}

QPushButton *ExportsWindow::addButton(const QString &name, const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setToolTip(tip);
    m_buttons.append(b);
    return b;
}

QPushButton *ExportsWindow::button(const QString &name) const
{
    for (QPushButton *b : m_buttons)
        if (b->objectName() == name)
            return b;
    return nullptr;
}

QWidget *ExportsWindow::buildExports()
{
    auto *box = new QGroupBox(tr("Export requests"), this);
    auto *row = new QHBoxLayout;
    auto *download = addButton(QStringLiteral("download"), tr("Download"),
                               tr("Download the files of a finished (staged) export."), box);
    auto *cancel = addButton(QStringLiteral("cancelExport"), tr("Cancel"),
                             tr("Stop following this export here and stop its downloads. JSOC cannot cancel a "
                                "request; its files simply expire after 7 days."), box);
    auto *retry = addButton(QStringLiteral("retryExport"), tr("Retry"),
                            tr("Ask JSOC again about a failed export (or send it again)."), box);
    auto *reexport = addButton(QStringLiteral("reexport"), tr("Re-export"),
                               tr("Send the same request again, e.g. after the files expired."), box);
    auto *remove = addButton(QStringLiteral("removeExport"), tr("Remove"),
                             tr("Remove the export from this list (downloaded files stay on disk)."), box);
    auto *add = addButton(QStringLiteral("addRequestId"), tr("Add request id…"),
                          tr("Download an export staged elsewhere, by its JSOC request id."), box);
    for (QPushButton *b : {download, cancel, retry, reexport, remove})
        row->addWidget(b);
    row->addStretch();
    row->addWidget(add);

    m_addBar = new QWidget(box);
    auto *addRow = new QHBoxLayout(m_addBar);
    addRow->setContentsMargins(0, 0, 0, 0);
    m_requestIdEdit = new QLineEdit(m_addBar);
    m_requestIdEdit->setPlaceholderText(QStringLiteral("JSOC_20140101_123"));
    auto *addFetch = addButton(QStringLiteral("addFetch"), tr("Download when ready"), QString(), m_addBar);
    auto *addStage = addButton(QStringLiteral("addStage"), tr("Only follow"), tr("Follow it here; download later."), m_addBar);
    m_addError = new QLabel(m_addBar);
    m_addError->setStyleSheet(QStringLiteral("color:#c62828"));
    m_addError->setWordWrap(true);
    addRow->addWidget(new QLabel(tr("JSOC request id:"), m_addBar));
    addRow->addWidget(m_requestIdEdit);
    addRow->addWidget(addFetch);
    addRow->addWidget(addStage);
    addRow->addWidget(m_addError, 1);
    m_addBar->hide();

    m_expiry = new ExportExpiryProxy(this);
    m_expiry->setSourceModel(m_exports);
    m_exportView = makeTable(box);
    m_exportView->setModel(m_expiry);
    auto *header = m_exportView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ExportModel::MessageColumn, QHeaderView::Stretch);
    // Narrow enough that the stretched Message column keeps a readable share ("Waiting behind
    // export #3, …"); the whole text is in the row's tooltip and the details below.
    m_exportView->setColumnWidth(ExportModel::RecordSetColumn, 210);
    m_exportView->setColumnWidth(ExportModel::EmailColumn, 130);
    m_exportView->setColumnWidth(ExportModel::StateColumn, 170);
    m_exportView->setColumnWidth(ExportModel::RequestIdColumn, 140);
    m_exportView->setColumnWidth(ExportModel::ExpiresColumn, 150);
    m_exportView->setTextElideMode(Qt::ElideRight);
    m_exportView->horizontalHeader()->moveSection(ExportModel::ExpiresColumn, ExportModel::MessageColumn);
    // A job's members sit together (queued in one transaction) and say so first; a click on the
    // Job cell selects the whole job, so Cancel and Remove act on all of its members.
    m_exportView->setColumnWidth(ExportModel::JobColumn, 230);
    header->moveSection(header->visualIndex(ExportModel::JobColumn), 0);
    connect(m_exportView, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() == ExportModel::JobColumn)
            selectJob(index.data(ExportModel::GroupIdRole).toLongLong());
    });
    // Shown only while there is a job: lone exports keep the width for their message.
    const auto showJobs = [this] {
        bool anyJob = false;
        for (int row = 0; row < m_expiry->rowCount() && !anyJob; ++row)
            anyJob = m_expiry->index(row, 0).data(ExportModel::GroupIdRole).toLongLong() > 0;
        m_exportView->setColumnHidden(ExportModel::JobColumn, !anyJob);
    };
    connect(m_expiry, &QAbstractItemModel::rowsInserted, this, showJobs);
    connect(m_expiry, &QAbstractItemModel::rowsRemoved, this, showJobs);
    connect(m_expiry, &QAbstractItemModel::modelReset, this, showJobs);
    showJobs();

    auto *layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_addBar);
    layout->addWidget(m_exportView, 1);

    // Read without hovering, and copied: JSOC's reason for a failure is what a scientist quotes.
    m_details = new QTextBrowser(box);
    m_details->setObjectName(QStringLiteral("exportDetails"));
    m_details->setReadOnly(true);
    m_details->setOpenLinks(false); // plain text: nothing in JSOC's words is a link to follow
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_details->setLineWrapMode(QTextEdit::WidgetWidth);
    m_details->setFixedHeight(m_details->fontMetrics().lineSpacing() * 7 + 12);
    layout->addWidget(m_details);

    connect(download, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedExport())
            emit downloadExportRequested(id);
    });
    connect(cancel, &QPushButton::clicked, this, [this] {
        for (const qint64 id : selectedExports())
            emit cancelExportRequested(id);
    });
    connect(retry, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedExport())
            emit retryExportRequested(id);
    });
    connect(reexport, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedExport())
            emit reexportRequested(id);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        for (const qint64 id : selectedExports())
            emit removeExportRequested(id);
    });
    connect(add, &QPushButton::clicked, this, &ExportsWindow::showAddRequestBar);
    connect(addFetch, &QPushButton::clicked, this, [this] { addRequestId(m_requestIdEdit->text(), true); });
    connect(addStage, &QPushButton::clicked, this, [this] { addRequestId(m_requestIdEdit->text(), false); });
    connect(m_requestIdEdit, &QLineEdit::returnPressed, this, [this] { addRequestId(m_requestIdEdit->text(), true); });
    for (auto update : {&ExportsWindow::updateExportButtons, &ExportsWindow::updateExportDetails}) {
        connect(m_exportView->selectionModel(), &QItemSelectionModel::selectionChanged, this, update);
        connect(m_expiry, &QAbstractItemModel::dataChanged, this, update);
        connect(m_expiry, &QAbstractItemModel::rowsRemoved, this, update);
    }
    return box;
}

QWidget *ExportsWindow::buildDownloads()
{
    auto *box = new QGroupBox(tr("Downloads"), this);
    m_downloadView = makeTable(box);
    m_downloadView->setModel(m_downloads);
    connect(m_downloadView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        using S = jsoc::DownloadItem::State;
        if (S(index.data(DownloadModel::StateRole).toInt()) == S::Done)
            emit fileActivated(index.data(DownloadModel::PathRole).toString());
    });
    m_downloadView->setItemDelegateForColumn(DownloadModel::ProgressColumn, new DownloadProgressDelegate(m_downloadView));
    // The progress bar shows speed and time left, so those columns would only repeat it.
    m_downloadView->setColumnHidden(DownloadModel::SpeedColumn, true);
    m_downloadView->setColumnHidden(DownloadModel::EtaColumn, true);
    auto *header = m_downloadView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(DownloadModel::ErrorColumn, QHeaderView::Stretch);
    m_downloadView->setColumnWidth(DownloadModel::FileColumn, 330);
    m_downloadView->setColumnWidth(DownloadModel::StateColumn, 80);
    m_downloadView->setColumnWidth(DownloadModel::ProgressColumn, 260);
    m_downloadView->setColumnWidth(DownloadModel::SizeColumn, 80);

    auto *pause = addButton(QStringLiteral("pause"), tr("Pause"), tr("Pause the selected downloads (the partial file is kept)."), box);
    auto *resume = addButton(QStringLiteral("resume"), tr("Resume"), tr("Continue the selected downloads where they stopped."), box);
    auto *cancel = addButton(QStringLiteral("cancelDownload"), tr("Cancel"),
                             tr("Stop the selected downloads and set them aside. Their partial files are kept, so "
                                "Resume or Retry continues where they stopped."), box);
    auto *retry = addButton(QStringLiteral("retry"), tr("Retry"), tr("Try the selected failed or cancelled downloads again."), box);
    auto *pauseAll = addButton(QStringLiteral("pauseAll"), tr("Pause all"), QString(), box);
    auto *resumeAll = addButton(QStringLiteral("resumeAll"), tr("Resume all"), QString(), box);
    m_connections = new QSpinBox(box);
    m_connections->setRange(1, kMaxConnections);
    m_connections->setValue(savedConnectionsPerHost());
    m_connections->setToolTip(tr("Files downloaded at the same time from one server. JSOC asks for 1."));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {pause, resume, cancel, retry})
        buttons->addWidget(b);
    buttons->addSpacing(12);
    buttons->addWidget(pauseAll);
    buttons->addWidget(resumeAll);
    buttons->addStretch();
    buttons->addWidget(new QLabel(tr("Connections per server:"), box));
    buttons->addWidget(m_connections);

    m_totalBar = new QProgressBar(box);
    m_totalBar->setRange(0, 1000);
    m_totalBar->setValue(0);
    m_totalBar->setFormat(tr("No downloads"));
    m_totalLabel = new QLabel(box);
    auto *totals = new QHBoxLayout;
    totals->addWidget(new QLabel(tr("Total:"), box));
    totals->addWidget(m_totalBar, 1);
    totals->addWidget(m_totalLabel);

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_downloadView, 1);
    layout->addLayout(totals);
    layout->addLayout(buttons);

    connect(pause, &QPushButton::clicked, this, [this] { emit pauseRequested(selectedDownloads()); });
    connect(resume, &QPushButton::clicked, this, [this] { emit resumeRequested(selectedDownloads()); });
    connect(cancel, &QPushButton::clicked, this, [this] { emit cancelDownloadsRequested(selectedDownloads()); });
    connect(retry, &QPushButton::clicked, this, [this] { emit retryRequested(selectedDownloads()); });
    connect(pauseAll, &QPushButton::clicked, this, &ExportsWindow::pauseAllRequested);
    connect(resumeAll, &QPushButton::clicked, this, &ExportsWindow::resumeAllRequested);
    connect(m_connections, &QSpinBox::valueChanged, this, [this](int n) {
        QSettings().setValue(QLatin1String(jsoc::Preferences::kConnectionsPerHostKey), n);
        emit connectionsPerHostChanged(n);
    });
    // The buttons follow a tally of the selected rows' states, not a walk over the selection on
    // every change: a progress tick over 50,000 rows then costs nothing here.
    m_selectedStates = new DownloadSelectionTally(m_downloadView->selectionModel(), this);
    connect(m_selectedStates, &DownloadSelectionTally::changed, this, &ExportsWindow::updateDownloadButtons);
    return box;
}

int ExportsWindow::savedConnectionsPerHost()
{
    const int n = QSettings().value(QLatin1String(jsoc::Preferences::kConnectionsPerHostKey), 1).toInt();
    return std::clamp(n, 1, int(kMaxConnections));
}

int ExportsWindow::connectionsPerHost() const
{
    return m_connections->value();
}

void ExportsWindow::setConnectionsPerHost(int n)
{
    m_connections->setValue(std::clamp(n, 1, int(kMaxConnections)));
}

void ExportsWindow::setTotalProgress(qint64 received, qint64 total, double bytesPerSecond, qint64 etaSeconds,
                                     int filesDone, int files)
{
    if (files == 0) {
        m_totalBar->setRange(0, 1000);
        m_totalBar->setValue(0);
        m_totalBar->setFormat(tr("No downloads"));
        m_totalLabel->clear();
        return;
    }
    m_totalBar->setRange(0, 1000);
    const double fraction = total > 0 ? double(received) / double(total) : double(filesDone) / files;
    m_totalBar->setValue(int(std::clamp(fraction, 0.0, 1.0) * 1000));
    QString text = tr("%1 of %2 files").arg(filesDone).arg(files);
    text += total >= 0 ? tr(" · %1 of %2").arg(jsoc::format::bytes(received), jsoc::format::bytes(total))
                       : tr(" · %1").arg(jsoc::format::bytes(received));
    m_totalBar->setFormat(text);
    QString rate;
    if (bytesPerSecond > 0) {
        rate = jsoc::format::rate(bytesPerSecond);
        if (etaSeconds >= 0)
            rate += tr(", %1 left").arg(jsoc::format::duration(etaSeconds));
    }
    m_totalLabel->setText(rate);
}

void ExportsWindow::showMessage(const QString &text, bool error)
{
    if (text.isEmpty()) {
        m_banner->dismiss();
        m_banner->hide();
        return;
    }
    m_banner->showMessage(error ? InlineBanner::Kind::Error : InlineBanner::Kind::Info, text);
    m_banner->show();
}

QString ExportsWindow::message() const
{
    return m_banner->isVisibleTo(this) ? m_banner->text() : QString();
}

void ExportsWindow::showAddRequestBar()
{
    m_addBar->show();
    m_addError->clear();
    m_requestIdEdit->setFocus();
}

bool ExportsWindow::addRequestId(const QString &requestId, bool fetchNow)
{
    const QString id = requestId.trimmed();
    if (const QString problem = jsoc::checkRequestId(id); !problem.isEmpty()) {
        m_addBar->show();
        m_addError->setText(problem);
        return false;
    }
    m_addError->clear();
    m_requestIdEdit->clear();
    m_addBar->hide();
    emit requestIdEntered(id, fetchNow);
    return true;
}

void ExportsWindow::selectExport(qint64 id)
{
    for (int row = 0; row < m_expiry->rowCount(); ++row)
        if (m_expiry->index(row, 0).data(ExportModel::IdRole).toLongLong() == id) {
            m_exportView->selectRow(row);
            return;
        }
}

void ExportsWindow::selectJob(qint64 groupId)
{
    if (groupId <= 0)
        return;
    QItemSelection rows;
    for (int row = 0; row < m_expiry->rowCount(); ++row)
        if (m_expiry->index(row, 0).data(ExportModel::GroupIdRole).toLongLong() == groupId)
            rows.select(m_expiry->index(row, 0), m_expiry->index(row, 0));
    m_exportView->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QList<qint64> ExportsWindow::selectedExports() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_exportView->selectionModel()->selectedRows())
        ids.append(index.data(ExportModel::IdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void ExportsWindow::selectDownloads(const QList<qint64> &ids)
{
    // One selection change, whatever the number of ids.
    const QSet<qint64> wanted(ids.cbegin(), ids.cend());
    QItemSelection rows;
    for (int row = 0; row < m_downloads->rowCount(); ++row)
        if (wanted.contains(m_downloads->index(row, 0).data(DownloadModel::IdRole).toLongLong()))
            rows.select(m_downloads->index(row, 0), m_downloads->index(row, 0));
    m_downloadView->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QList<qint64> ExportsWindow::selectedDownloads() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_downloadView->selectionModel()->selectedRows())
        ids.append(index.data(DownloadModel::IdRole).toLongLong());
    return ids;
}

qint64 ExportsWindow::selectedExport() const
{
    const QModelIndexList rows = m_exportView->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(ExportModel::IdRole).toLongLong();
}

void ExportsWindow::updateExportButtons()
{
    const QModelIndexList rows = m_exportView->selectionModel()->selectedRows();
    const bool any = !rows.isEmpty();
    const auto state = any ? ExportState(rows.first().data(ExportModel::StateRole).toInt()) : ExportState::Queued;
    const bool hasRecordSet =
        any && !rows.first().siblingAtColumn(ExportModel::RecordSetColumn).data().toString().isEmpty();
    button(QStringLiteral("download"))->setEnabled(any && state == ExportState::Done);
    // Cancel acts on every selected row (a whole job): offered while any of them can be cancelled.
    const bool cancellable = std::any_of(rows.cbegin(), rows.cend(), [](const QModelIndex &r) {
        const auto s = ExportState(r.data(ExportModel::StateRole).toInt());
        return s != ExportState::Failed && s != ExportState::Expired && s != ExportState::Cancelled;
    });
    button(QStringLiteral("cancelExport"))->setEnabled(cancellable);
    button(QStringLiteral("retryExport"))->setEnabled(any && state == ExportState::Failed);
    button(QStringLiteral("reexport"))->setEnabled(any && hasRecordSet
                                                   && (state == ExportState::Expired || state == ExportState::Failed
                                                       || state == ExportState::Cancelled));
    button(QStringLiteral("removeExport"))->setEnabled(any);
}

void ExportsWindow::updateExportDetails()
{
    const QModelIndexList rows = m_exportView->selectionModel()->selectedRows();
    const QString text = rows.isEmpty() ? tr("Select an export to read its whole message and JSOC's words here.")
                                        : exportDetailsText(rows.first());
    // Polls change rows often; rewriting the same text would drop what the user is selecting.
    if (text != m_details->toPlainText())
        m_details->setPlainText(text);
}

void ExportsWindow::updateDownloadButtons()
{
    using S = jsoc::DownloadItem::State;
    auto any = [this](std::initializer_list<S> states) {
        int n = 0;
        for (S s : states)
            n += m_selectedStates->count(s);
        return n > 0;
    };
    const bool canPause = any({S::Waiting, S::Running});
    // A cancelled download kept its partial file: Resume and Retry both continue from it.
    const bool canResume = any({S::Paused, S::Cancelled});
    const bool canCancel = any({S::Waiting, S::Running, S::Paused, S::Failed});
    const bool canRetry = any({S::Failed, S::Cancelled});
    button(QStringLiteral("pause"))->setEnabled(canPause);
    button(QStringLiteral("resume"))->setEnabled(canResume);
    button(QStringLiteral("cancelDownload"))->setEnabled(canCancel);
    button(QStringLiteral("retry"))->setEnabled(canRetry);
}

} // namespace ui
