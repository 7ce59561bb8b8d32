#include "ui/RecordSetWindow.h"
#include "ui/CloseWindowKeys.h"
#include "ui/UiLog.h"

#include <utility>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "model/common/DisplayFormat.h"
#include "model/common/Preferences.h"
#include "model/drms/CodeSnippets.h"
#include "model/table/CsvExportJob.h"
#include "model/table/KeywordTableModel.h"
#include "model/table/SelectionText.h"
#include "ui/CodeSnippetDialog.h"
#include "ui/ColumnChooserDialog.h"
#include "ui/InlineBanner.h"
#include "ui/KeywordPlotPanel.h"
#include "ui/KeywordPlotWidget.h"
#include "ui/LargeQueryBar.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/RecordLookPane.h"
#include "ui/RecordLookTarget.h"
#include "ui/RecordSetBuilder.h"
#include "ui/RecordSetTextEdit.h"
#include "ui/RowSettleTimer.h"

namespace ui {

namespace {

// Keywords worth showing before the user picks any: what a solar physicist checks first.
QStringList defaultKeywords(const jsoc::SeriesStructure &structure)
{
    static const QStringList preferred = {QStringLiteral("T_OBS"),    QStringLiteral("DATE__OBS"),
                                          QStringLiteral("QUALITY"),  QStringLiteral("WAVELNTH"),
                                          QStringLiteral("EXPTIME"),  QStringLiteral("CAMERA"),
                                          QStringLiteral("DATAMEAN"), QStringLiteral("CROTA2"),
                                          QStringLiteral("DSUN_OBS")};
    QStringList chosen;
    for (const QString &name : preferred) {
        if (structure.keyword(name) && !structure.primeKeys.contains(name))
            chosen.append(name);
    }
    for (int i = 0; chosen.size() < 4 && i < structure.keywords.size(); ++i) {
        const QString &name = structure.keywords.at(i).name;
        if (!structure.primeKeys.contains(name) && !name.endsWith(QLatin1String("_index"))
            && !chosen.contains(name))
            chosen.append(name);
    }
    return chosen;
}

QString settingsKey(const QString &series)
{
    return QStringLiteral("recordset/columns/%1").arg(series.toLower());
}

constexpr auto kLookShownKey = "recordset/lookShown";

} // namespace

RecordSetWindow::RecordSetWindow(jsoc::KeywordTableModel *model, QWidget *parent)
    : QMainWindow(parent),
      m_model(model)
{
    qRegisterMetaType<ui::FetchRequest>();
    qRegisterMetaType<ui::RecordLookWish>();
    setWindowTitle(tr("Record set"));
    setAttribute(Qt::WA_DeleteOnClose);

    m_builder = new RecordSetBuilder(this);
    m_builder->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum); // the table gets the height
    m_banner = new InlineBanner(this);
    m_largeBar = new LargeQueryBar(this);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setDefaultSectionSize(150);
    // Fixed row heights: a million rows must never be measured one by one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    m_plot = new KeywordPlotPanel(this);
    m_plot->hide();

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_plot);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    m_lookPane = new RecordLookPane(this);
    m_settle = new RowSettleTimer(this);
    m_lookSplitter = new QSplitter(Qt::Horizontal, this);
    m_lookSplitter->setObjectName(QStringLiteral("lookSplitter"));
    m_lookSplitter->addWidget(m_splitter);
    m_lookSplitter->addWidget(m_lookPane);
    m_lookSplitter->setStretchFactor(0, 1);
    m_lookSplitter->setStretchFactor(1, 1);
    m_lookSplitter->setCollapsible(0, false);
    m_splitter->setMinimumWidth(320); // a few columns of the table stay readable beside the image

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_builder);
    layout->addWidget(m_banner);
    layout->addWidget(m_largeBar);
    layout->addWidget(m_lookSplitter, 1);
    setCentralWidget(central);

    m_status = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);

    createActions();
    m_banner->hide();

    connect(m_builder, &RecordSetBuilder::validityChanged, this, [this](bool valid) {
        m_countAction->setEnabled(valid);
        m_fetchAction->setEnabled(valid);
        updateExportAction();
    });
    // Any change of the text, typed or set (queued: the builder judges a set text right after setting it).
    connect(m_builder->textEdit(), &QPlainTextEdit::textChanged, this, &RecordSetWindow::updateExportAction,
            Qt::QueuedConnection);
    // An error is about the record set it was for: another one clears it.
    connect(m_builder->textEdit(), &QPlainTextEdit::textChanged, this, [this] {
        if (m_banner->isVisibleTo(this) && recordSetText() != m_bannerRecordSet)
            m_banner->dismiss();
    });
    connect(m_builder, &RecordSetBuilder::submitted, this, [this] {
        if (m_fetchAction->isEnabled())
            m_fetchAction->trigger();
    });
    connect(m_largeBar, &LargeQueryBar::fetchFirstChosen, this, [this](qint64 n) {
        FetchRequest request = m_pendingLarge;
        request.limit = n;
        request.confirmed = true;
        emit fetchRequested(request);
    });
    connect(m_largeBar, &LargeQueryBar::fetchAllChosen, this, [this] {
        FetchRequest request = m_pendingLarge;
        request.confirmed = true;
        emit fetchRequested(request);
    });
    connect(m_largeBar, &LargeQueryBar::narrowChosen, this, [this] {
        setStatus(tr("Narrow the record set (a shorter time range, a cadence, or a where clause), then fetch again."));
        m_builder->setFocus();
    });
    connect(m_plot, &KeywordPlotPanel::recordClicked, this, &RecordSetWindow::selectRecord);
    // The plot names a record by the number in the table's row header, in the table's sort order.
    m_plot->plot()->setRowNumbering([this](int sourceRow) { return m_model->viewRow(sourceRow) + 1; });
    connect(m_plot, &KeywordPlotPanel::selectionChanged, this, &RecordSetWindow::refreshPlotSoon);
    connect(m_model, &jsoc::KeywordTableModel::modelReset, this, &RecordSetWindow::updatePlotColumns);
    connect(m_model, &jsoc::KeywordTableModel::columnsInserted, this, &RecordSetWindow::updatePlotColumns);
    connect(m_model, &jsoc::KeywordTableModel::rowsLoaded, this, [this] {
        if (m_plot->isVisible())
            refreshPlotSoon();
    });
    connect(m_model, &jsoc::KeywordTableModel::sortingChanged, this, [this](bool sorting) {
        if (sorting)
            setStatus(tr("Sorting %1 records…").arg(jsoc::format::count(m_model->recordCount())));
        else
            setStatus(tr("%1 records.").arg(jsoc::format::count(m_model->recordCount())));
    });
    connect(m_table, &QTableView::doubleClicked, this, &RecordSetWindow::openRecordFile);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && m_plot->isVisible())
                    m_plot->plot()->setSelectedRecord(m_model->sourceRow(current.row()));
                // Only the row the user stops on is fetched: held arrow keys and fast scrolls fetch nothing.
                if (current.isValid() && lookActive())
                    m_settle->moveTo(current.row(), m_model->rowCount());
            });
    connect(m_settle, &RowSettleTimer::settled, this, &RecordSetWindow::lookAtRow);
    // A click is a choice, not a scroll: its row is looked at without waiting for it to settle.
    connect(m_table, &QTableView::pressed, this, [this](const QModelIndex &index) {
        const int row = index.row();
        if (!lookActive() || row != m_table->currentIndex().row() || !m_settle->isWaiting())
            return; // the row shown already, or the look is off
        m_settle->stop();
        lookAtRow(row, m_settle->aheadOf(row));
    });
    connect(m_lookPane, &RecordLookPane::segmentChosen, this, &RecordSetWindow::lookAtCurrentRow);
    // A new table: nothing of the old one is wanted any more.
    connect(m_model, &jsoc::KeywordTableModel::modelReset, this, [this] {
        m_settle->reset();
        if (!m_lookWanted.isEmpty()) {
            m_lookWanted.clear();
            emit lookCancelled();
        }
        m_lookPane->showIdle();
    });
    // The rows shown are those of the record set last fetched: its {seg} list says which segments.
    connect(this, &RecordSetWindow::fetchRequested, this, [this](const FetchRequest &request) {
        m_fetchedRecordSet = request.recordSet;
        updateLookSegments(request.recordSet);
    });
    connect(m_lookPane->preview(), &FitsPreviewWidget::fieldOfViewExportRequested, this,
            &RecordSetWindow::fieldOfViewExportRequested);
    setLookShown(m_lookAction->isChecked());
    resize(1400, 800);
}

RecordSetWindow::~RecordSetWindow() = default;

void RecordSetWindow::createActions()
{
    QToolBar *bar = addToolBar(tr("Record set"));
    bar->setObjectName(QStringLiteral("recordSetToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_countAction = bar->addAction(tr("Count"));
    m_countAction->setToolTip(tr("Ask JSOC how many records match (rs_summary)"));
    connect(m_countAction, &QAction::triggered, this, [this] { emit countRequested(recordSetText()); });

    m_fetchAction = bar->addAction(tr("Fetch records"));
    m_fetchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_fetchAction->setToolTip(tr("Load the keyword table (Ctrl+Enter)"));
    connect(m_fetchAction, &QAction::triggered, this, [this] { emit fetchRequested(currentRequest()); });

    m_cancelAction = bar->addAction(tr("Cancel"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setEnabled(false);
    connect(m_cancelAction, &QAction::triggered, this, &RecordSetWindow::cancelRequested);

    bar->addSeparator();
    m_columnsAction = bar->addAction(tr("Columns…"));
    connect(m_columnsAction, &QAction::triggered, this, &RecordSetWindow::chooseColumns);
    m_plotAction = bar->addAction(tr("Plot"));
    m_plotAction->setCheckable(true);
    connect(m_plotAction, &QAction::toggled, this, [this](bool on) {
        m_plot->setVisible(on);
        if (on) {
            const int total = m_splitter->height();
            if (m_splitter->sizes().value(1) < total / 4)
                m_splitter->setSizes({total * 55 / 100, total * 45 / 100});
            if (m_plot->checkedKeywords().isEmpty() && !m_model->columnCount()) {
                setStatus(tr("Fetch records first, then tick keywords to plot."));
            }
            refreshPlotSoon();
        }
    });

    m_lookAction = bar->addAction(tr("Image"));
    m_lookAction->setObjectName(QStringLiteral("actionLookAtRecord"));
    m_lookAction->setCheckable(true);
    m_lookAction->setChecked(QSettings().value(QLatin1String(kLookShownKey), true).toBool());
    m_lookAction->setToolTip(tr("Show the image of the selected row without an export (Ctrl+I)"));
    connect(m_lookAction, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(QLatin1String(kLookShownKey), on);
        setLookShown(on);
    });

    bar->addSeparator();
    m_csvAction = bar->addAction(tr("Save CSV…"));
    connect(m_csvAction, &QAction::triggered, this, &RecordSetWindow::exportCsvInteractively);
    m_codeAction = bar->addAction(tr("Copy as code…"));
    connect(m_codeAction, &QAction::triggered, this, &RecordSetWindow::showCodeSnippets);
    m_exportAction = bar->addAction(tr("Export from JSOC…"));
    m_exportAction->setObjectName(QStringLiteral("actionExportFromJsoc"));
    connect(m_exportAction, &QAction::triggered, this, &RecordSetWindow::requestExport);
    updateExportAction();

    auto *copy = new QShortcut(QKeySequence::Copy, m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, &RecordSetWindow::copySelection);

    // The same actions in a menu (Alt+R), so the whole window works from the keyboard.
    m_csvAction->setShortcut(QKeySequence::Save);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_columnsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_plotAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_lookAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QMenu *menu = menuBar()->addMenu(tr("&Record set"));
    menu->addActions({m_countAction, m_fetchAction, m_cancelAction});
    menu->addSeparator();
    menu->addActions({m_columnsAction, m_plotAction, m_lookAction});
    menu->addSeparator();
    menu->addActions({m_csvAction, m_codeAction, m_exportAction});
    menu->addSeparator();
    m_closeAction = menu->addAction(tr("&Close window"), this, &QWidget::close);
    m_closeAction->setShortcuts(closeWindowKeys());
    m_closeAction->setObjectName(QStringLiteral("actionCloseRecordSet"));
}

QString RecordSetWindow::exportRefusal() const
{
    if (recordSetText().isEmpty())
        return tr("Type a record set first.");
    if (!m_builder->isValid()) {
        const QString why = m_builder->errorMessage();
        return why.isEmpty() ? tr("The record set cannot be exported as it stands; correct it first.")
                             : tr("The record set cannot be exported as it stands (%1); correct it first.").arg(why);
    }
    return {};
}

void RecordSetWindow::updateExportAction()
{
    if (!m_exportAction)
        return;
    const QString refusal = exportRefusal();
    m_exportAction->setEnabled(refusal.isEmpty());
    m_exportAction->setToolTip(refusal.isEmpty() ? tr("Request the files of this record set from JSOC (Ctrl+E)") : refusal);
}

void RecordSetWindow::requestExport()
{
    // Judged again now: text typed in the last moments has not changed the action's state yet.
    updateExportAction();
    if (const QString refusal = exportRefusal(); !refusal.isEmpty()) {
        qCDebug(lcUi).noquote() << "export refused:" << refusal;
        setStatus(refusal);
        return;
    }
    emit exportRequested(recordSetText()); // exactly the text just judged valid
}

void RecordSetWindow::setStructure(const jsoc::SeriesStructure &structure, const QUrl &server)
{
    m_structure = structure;
    m_server = server;
    setWindowTitle(tr("%1 — record set").arg(structure.name));
    m_builder->setStructure(structure);

    const QSettings settings;
    const QStringList saved = settings.value(settingsKey(structure.name)).toStringList();
    QStringList keywords;
    QStringList segments;
    bool online = false;
    for (const QString &entry : saved) {
        if (entry.startsWith(QLatin1String("seg:")))
            segments.append(entry.mid(4));
        else if (entry == QLatin1String("online"))
            online = true;
        else if (structure.keyword(entry))
            keywords.append(entry);
    }
    if (saved.isEmpty())
        keywords = defaultKeywords(structure);
    m_keywords = keywords;
    m_segments = segments;
    m_online = online;
    updateLookSegments(structure.name);
    setLookShown(m_lookAction->isChecked());
    setStatus(tr("Build a record set, then Count or Fetch records."));
}

void RecordSetWindow::setRecordSetText(const QString &text)
{
    m_builder->setRecordSetText(text);
}

QString RecordSetWindow::recordSetText() const
{
    return m_builder->recordSetText();
}

void RecordSetWindow::setChosenColumns(const QStringList &keywords, const QStringList &segments, bool online)
{
    m_keywords = keywords;
    m_segments = segments;
    m_online = online;
    QStringList saved = keywords;
    for (const QString &segment : segments)
        saved.append(QStringLiteral("seg:") + segment);
    if (online)
        saved.append(QStringLiteral("online"));
    QSettings settings;
    settings.setValue(settingsKey(m_structure.name), saved);
}

FetchRequest RecordSetWindow::currentRequest() const
{
    FetchRequest request;
    request.recordSet = recordSetText();
    request.keys = m_structure.primeKeys;
    for (const QString &keyword : m_keywords) {
        if (!request.keys.contains(keyword))
            request.keys.append(keyword);
    }
    request.segments = m_segments;
    request.online = m_online;
    request.limit = m_builder->limit();
    return request;
}

void RecordSetWindow::showCounting()
{
    m_banner->dismiss();
    setBusy(true);
    setStatus(tr("Counting records…"));
}

void RecordSetWindow::showCount(const QString &recordSet, qint64 count)
{
    setBusy(false);
    m_lastCount = count;
    m_lastCountedSet = recordSet;
    if (count == 0)
        setStatus(tr("No records match %1.").arg(recordSet));
    else
        setStatus(tr("%1 records match.").arg(jsoc::format::count(count)));
}

void RecordSetWindow::showLoading(int pagesDone, int pagesTotal, qint64 rows, qint64 expected)
{
    m_banner->dismiss();
    if (rows == 0) {
        m_columnsFitted = false;
    } else if (!m_columnsFitted && m_model->rowCount() > 0) {
        // Fitted to the first page at once, not only at the end: a long load must not show its
        // times elided at the default width meanwhile.
        m_columnsFitted = true;
        m_table->resizeColumnsToContents();
    }
    setBusy(true);
    m_progress->show();
    if (expected > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(qMin<qint64>(1000, rows * 1000 / expected)));
    } else {
        m_progress->setRange(0, qMax(1, pagesTotal));
        m_progress->setValue(pagesDone);
    }
    const QString pages = pagesTotal > 1 ? tr(" (page %1 of %2)").arg(pagesDone).arg(pagesTotal) : QString();
    if (expected > 0)
        setStatus(tr("Loading records: %1 of %2%3…")
                      .arg(jsoc::format::count(rows), jsoc::format::count(expected), pages));
    else
        setStatus(tr("Loading records: %1%2…").arg(jsoc::format::count(rows), pages));
}

void RecordSetWindow::showLoaded(qint64 rows, qint64 expected)
{
    setBusy(false);
    m_progress->hide();
    if (rows == 0)
        setStatus(tr("No records match %1.").arg(recordSetText()));
    else if (expected > rows)
        setStatus(tr("%1 records shown (first %1 of %2).").arg(jsoc::format::count(rows), jsoc::format::count(expected)));
    else
        setStatus(tr("%1 records.").arg(jsoc::format::count(rows)));
    if (rows > 0 && m_table->horizontalHeader()->count() > 0)
        m_table->resizeColumnsToContents();
    restoreTableLayout();
    refreshPlotSoon();
}

void RecordSetWindow::showError(const QString &message)
{
    setBusy(false);
    m_progress->hide();
    m_banner->showMessage(InlineBanner::Kind::Error, message);
    m_banner->show();
    m_bannerRecordSet = recordSetText();
    setStatus(message);
}

void RecordSetWindow::showCancelled()
{
    setBusy(false);
    m_progress->hide();
    setStatus(tr("Cancelled; %1 records kept.").arg(jsoc::format::count(m_model->recordCount())));
}

void RecordSetWindow::askLargeFetch(const FetchRequest &request, qint64 count)
{
    setBusy(false);
    m_banner->dismiss();
    m_pendingLarge = request;
    m_largeBar->ask(count, m_threshold); // "first N" offers what the threshold calls comfortable
    setStatus(tr("%1 records match; choose how to go on.").arg(jsoc::format::count(count)));
}

QString RecordSetWindow::statusText() const
{
    return m_status->text();
}

void RecordSetWindow::setStatus(const QString &text)
{
    m_status->setText(text);
}

void RecordSetWindow::setBusy(bool busy)
{
    m_cancelAction->setEnabled(busy);
    m_countAction->setEnabled(!busy && m_builder->isValid());
    m_fetchAction->setEnabled(!busy && m_builder->isValid());
}

void RecordSetWindow::chooseColumns()
{
    // Window-modal, not exec(): no nested event loop while pages may still arrive.
    auto *dialog = new ColumnChooserDialog(m_structure, m_keywords, m_segments, m_online, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        setChosenColumns(dialog->keywords(), dialog->segments(), dialog->onlineColumn());
        if (m_model->recordCount() > 0 || m_model->isLoading()) {
            rememberTableLayout(); // the new table keeps the user's sort and column order
            FetchRequest request = currentRequest();
            request.confirmed = true; // the user already fetched this record set once
            emit fetchRequested(request);
        } else {
            setStatus(tr("Columns chosen; Fetch records to load them."));
        }
    });
    dialog->open();
}

void RecordSetWindow::rememberTableLayout()
{
    const QHeaderView *header = m_table->horizontalHeader();
    m_keptLayout = {};
    for (int visual = 0; visual < header->count(); ++visual)
        m_keptLayout.visualOrder.append(m_model->columnName(header->logicalIndex(visual)));
    if (header->isSortIndicatorShown() && header->sortIndicatorSection() >= 0
        && header->sortIndicatorSection() < header->count()) {
        m_keptLayout.sortColumn = m_model->columnName(header->sortIndicatorSection());
        m_keptLayout.sortOrder = header->sortIndicatorOrder();
    }
}

void RecordSetWindow::restoreTableLayout()
{
    const KeptLayout kept = std::exchange(m_keptLayout, KeptLayout());
    if (kept.visualOrder.isEmpty())
        return;
    QHeaderView *header = m_table->horizontalHeader();
    auto logicalOf = [this](const QString &name) {
        for (int c = 0; c < m_model->columnCount(); ++c) {
            if (m_model->columnName(c) == name)
                return c;
        }
        return -1;
    };
    int target = 0; // columns kept go first, in their old order; new ones follow where they came
    for (const QString &name : kept.visualOrder) {
        const int logical = logicalOf(name);
        if (logical < 0)
            continue;
        header->moveSection(header->visualIndex(logical), target++);
    }
    if (const int sortColumn = logicalOf(kept.sortColumn); sortColumn >= 0)
        m_table->sortByColumn(sortColumn, kept.sortOrder);
}

QString RecordSetWindow::selectedText() const
{
    return jsoc::selectionAsTsv(*m_model, m_table->selectionModel()->selectedIndexes());
}

void RecordSetWindow::copySelection() const
{
    QApplication::clipboard()->setText(selectedText());
}

jsoc::CsvExportJob *RecordSetWindow::exportCsv(const QString &path)
{
    auto *job = new jsoc::CsvExportJob(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->show();
    connect(job, &jsoc::CsvExportJob::progress, this, [this](qint64 written, qint64 total) {
        m_progress->setValue(total > 0 ? int(written * 1000 / total) : 1000);
        setStatus(tr("Saving CSV: %1 of %2 rows…").arg(jsoc::format::count(written), jsoc::format::count(total)));
    });
    connect(job, &jsoc::CsvExportJob::finished, this, [this, job, path](bool ok, const QString &error) {
        m_progress->hide();
        if (ok)
            setStatus(tr("Saved %1 records to %2.").arg(jsoc::format::count(m_model->recordCount()), path));
        else
            showError(tr("The CSV file was not saved: %1").arg(error));
        job->deleteLater();
    });
    job->start(*m_model, path);
    return job;
}

void RecordSetWindow::exportCsvInteractively()
{
    if (m_model->recordCount() == 0) {
        setStatus(tr("Nothing to save yet: fetch records first."));
        return;
    }
    QString suggested = m_structure.name.isEmpty() ? QStringLiteral("records") : m_structure.name;
    suggested += QStringLiteral(".csv");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the table as CSV"), suggested,
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

QStringList RecordSetWindow::codeSnippets() const
{
    const FetchRequest request = currentRequest();
    jsoc::CodeSnippetInput input;
    input.server = m_server;
    input.recordSet = request.recordSet;
    input.keys = request.keys;
    input.segments = request.segments;
    input.limit = request.limit;
    input.recInfo = request.online;
    input.structure = m_structure; // sunpy names prime keys from it
    // a.jsoc.Notify with the user's own registered address, as the export dialog offers it.
    input.notify = jsoc::Preferences::load(QSettings()).notifyEmail.trimmed();
    return {jsoc::drmsSnippet(input), jsoc::sunpySnippet(input), jsoc::jsocInfoUrl(input).toString(QUrl::FullyEncoded)};
}

void RecordSetWindow::showCodeSnippets()
{
    const QStringList snippets = codeSnippets();
    auto *dialog = new CodeSnippetDialog(snippets.value(0), snippets.value(1), snippets.value(2), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void RecordSetWindow::updatePlotColumns()
{
    QStringList columns;
    for (int c = 0; c < m_model->columnCount(); ++c)
        columns.append(m_model->columnName(c));
    m_plot->setColumns(m_structure, columns);
}

void RecordSetWindow::refreshPlotSoon()
{
    // Pages can arrive many times a second; plotting a million points each time would stall.
    if (m_plotRefreshPending || !m_plot->isVisible())
        return;
    m_plotRefreshPending = true;
    QTimer::singleShot(m_model->isLoading() ? 1000 : 0, this, [this] {
        m_plotRefreshPending = false;
        if (m_model->columnCount() == 0)
            return;
        if (m_plot->timeKey().isEmpty() || m_plot->checkedKeywords().isEmpty())
            updatePlotColumns();
        m_plot->refresh(m_model->table());
    });
}

void RecordSetWindow::selectRecord(int sourceRow)
{
    const int row = m_model->viewRow(sourceRow);
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

bool RecordSetWindow::lookActive() const
{
    return m_lookAction->isChecked() && !m_structure.segments.isEmpty();
}

void RecordSetWindow::setLookShown(bool shown)
{
    const bool active = shown && !m_structure.segments.isEmpty();
    m_lookAction->setEnabled(!m_structure.segments.isEmpty() || m_structure.name.isEmpty());
    const bool inPane = active && m_lookPlace == jsoc::Preferences::LookPlace::Pane;
    const bool wasVisible = m_lookPane->isVisibleTo(this);
    m_lookPane->setVisible(inPane);
    if (inPane && !wasVisible)
        shareWidthWithLook();
    if (!active) {
        m_settle->reset();
        if (!m_lookWanted.isEmpty()) {
            m_lookWanted.clear();
            emit lookCancelled();
        }
        return;
    }
    lookAtCurrentRow();
}

void RecordSetWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_lookWidthShared)
        shareWidthWithLook();
}

void RecordSetWindow::shareWidthWithLook()
{
    // Only a laid-out window has widths to share; until then the splitter would give the image
    // pane its whole (large) size hint and squeeze the table to nothing.
    if (!isVisible() || !m_lookPane->isVisibleTo(this))
        return;
    m_lookWidthShared = true;
    const int total = m_lookSplitter->width();
    const int table = std::max(m_splitter->minimumWidth(), total * 2 / 5);
    m_lookSplitter->setSizes({table, std::max(0, total - table)});
}

void RecordSetWindow::setLookPlace(jsoc::Preferences::LookPlace place)
{
    if (place == m_lookPlace)
        return;
    m_lookPlace = place;
    m_lookWanted.clear(); // shown again in the new place
    setLookShown(m_lookAction->isChecked());
}

void RecordSetWindow::updateLookSegments(const QString &recordSet)
{
    const LookSegments segments = lookSegments(m_structure, recordSet);
    if (segments.names == m_lookPane->segments() && segments.current == m_lookPane->segment())
        return;
    m_lookPane->setSegments(segments.names, segments.current);
}

QString RecordSetWindow::lookSegment() const
{
    return m_lookPane->segment();
}

QString RecordSetWindow::recordSpecAt(int viewRow, QString *why) const
{
    if (viewRow < 0 || viewRow >= m_model->rowCount()) {
        if (why)
            *why = tr("No such row.");
        return {};
    }
    return recordSpecForRow(m_structure, m_model->table(), m_model->sourceRow(viewRow), why);
}

void RecordSetWindow::lookAtCurrentRow()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (current.isValid() && lookActive()) {
        m_settle->stop(); // asked now: a settle still waiting would ask again
        lookAtRow(current.row(), {});
    }
}

void RecordSetWindow::lookAtRow(int viewRow, const QList<int> &ahead)
{
    if (!lookActive())
        return;
    QString why;
    RecordLookWish wish;
    wish.recordSpec = recordSpecAt(viewRow, &why);
    wish.segment = m_lookPane->segment();
    if (wish.recordSpec.isEmpty()) {
        m_lookWanted.clear();
        emit lookCancelled();
        showLookWords(tr("Row %1").arg(viewRow + 1), why);
        return;
    }
    for (const int row : ahead) {
        const QString spec = recordSpecAt(row);
        if (!spec.isEmpty())
            wish.ahead.append(spec);
    }
    m_lookWanted = wish.recordSpec;
    emit lookRequested(wish);
}

void RecordSetWindow::showLookFetching(const QString &recordSpec)
{
    if (recordSpec != m_lookWanted)
        return;
    if (m_lookPlace == jsoc::Preferences::LookPlace::Pane)
        m_lookPane->showFetching(recordSpec);
    else
        setStatus(tr("Fetching the file of %1…").arg(recordSpec));
}

void RecordSetWindow::showLookFile(const QString &recordSpec, const QString &path, const QString &headerNote)
{
    if (recordSpec != m_lookWanted)
        return; // the user has moved on
    if (m_lookPlace == jsoc::Preferences::LookPlace::Pane) {
        m_lookPane->preview()->setRecordOrigin(m_fetchedRecordSet);
        m_lookPane->showFile(recordSpec, path, headerNote);
        return;
    }
    // One FITS window for this table, reused row after row (not a new window per row).
    if (!m_lookWindow) {
        m_lookWindow = new FitsPreviewWindow(this);
        m_lookWindow->setObjectName(QStringLiteral("recordLookWindow"));
        connect(m_lookWindow, &FitsPreviewWindow::fieldOfViewExportRequested, this,
                &RecordSetWindow::fieldOfViewExportRequested);
    }
    m_lookWindow->preview()->setRecordOrigin(m_fetchedRecordSet);
    m_lookWindow->openFile(path);
    // Named after the record: the cached file's name says nothing to the user.
    m_lookWindow->setWindowTitle(tr("%1 — JSOC Browser").arg(recordSpec));
    m_lookWindow->show();
    setStatus(headerNote.isEmpty() ? recordSpec : tr("%1: %2").arg(recordSpec, headerNote));
}

void RecordSetWindow::showLookWords(const QString &recordSpec, const QString &words)
{
    if (!m_lookWanted.isEmpty() && recordSpec != m_lookWanted)
        return;
    if (m_lookPlace == jsoc::Preferences::LookPlace::Pane) {
        m_lookPane->showWords(recordSpec, words);
        return;
    }
    setStatus(words);
    // The FITS window still shows the record before: it must not pass for this one.
    if (m_lookWindow) {
        m_lookWindow->setWindowTitle(tr("%1 (no image) — JSOC Browser").arg(recordSpec));
        m_lookWindow->statusBar()->showMessage(tr("%1: %2 The image shown is of an earlier record.").arg(recordSpec, words));
    }
}

void RecordSetWindow::openRecordFile(const QModelIndex &index)
{
    // A segment path of this record that exists here (a local SUMS mirror, or a file the user
    // put there) opens in the FITS preview; otherwise say what to do.
    for (const jsoc::SegmentColumn &segment : m_model->table().segments) {
        const QString path = segment.values.value(m_model->sourceRow(index.row()));
        if (path.startsWith(QLatin1Char('/')) && QFileInfo(path).isFile()) {
            emit fitsFileRequested(path);
            return;
        }
    }
    if (!m_model->table().segments.empty())
        setStatus(tr("The file of this record is not on this computer; use Export from JSOC… to download it."));
}

} // namespace ui
