#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include "model/common/Preferences.h"
#include "model/drms/SeriesStructure.h"
#include "ui/FieldOfViewExport.h"
#include "ui/FitsPreviewWindow.h" // QPointer needs the complete type

class QAction;
class QLabel;
class QProgressBar;
class QSplitter;
class QTableView;

namespace jsoc {
class CsvExportJob;
class KeywordTableModel;
}

namespace ui {

class InlineBanner;
class KeywordPlotPanel;
class LargeQueryBar;
class RecordLookPane;
class RecordSetBuilder;
class RowSettleTimer;

// What the user asked to fetch: the record set plus the columns of the keyword table.
struct FetchRequest {
    QString recordSet;
    QStringList keys;      // prime keys first, then the chosen keywords
    QStringList segments;  // segment file columns
    bool online = false;   // recinfo (online status) column
    qint64 limit = 0;      // 0 all, >0 first N, <0 last N
    bool confirmed = false; // the user already chose to go on past the large-query warning
};

// The record the user stopped on, to be shown without an export, and the next ones the same way
// (fetched ahead into the cache, so paging on is instant).
struct RecordLookWish {
    QString recordSpec; // one record: series[v1][v2]
    QString segment;
    QStringList ahead;  // record specs, nearest first
};

// One record-set query: the builder on top, the keyword table (and optionally the plot) below,
// progress and errors in words. Beside the table, the image of the selected row (RecordLookPane,
// or a FITS window as the preferences say), asked for once the row settles. Knows nothing of the network: app/gui/RecordSetController answers
// its signals through the show…() slots and fills the KeywordTableModel.
class RecordSetWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordSetWindow)

public:
    explicit RecordSetWindow(jsoc::KeywordTableModel *model, QWidget *parent = nullptr);
    ~RecordSetWindow() override;

    void setStructure(const jsoc::SeriesStructure &structure, const QUrl &server);
    const jsoc::SeriesStructure &structure() const { return m_structure; }
    void setRecordSetText(const QString &text);
    QString recordSetText() const;

    // Columns of the next fetch (prime keys are always included, first).
    void setChosenColumns(const QStringList &keywords, const QStringList &segments, bool online);
    QStringList chosenKeywords() const { return m_keywords; }
    QStringList chosenSegments() const { return m_segments; }
    bool onlineColumn() const { return m_online; }
    FetchRequest currentRequest() const;

    void setLargeQueryThreshold(qint64 records) { m_threshold = records; }
    qint64 largeQueryThreshold() const { return m_threshold; }

    // Feedback from the controller.
    void showCounting();
    void showCount(const QString &recordSet, qint64 count);
    void showLoading(int pagesDone, int pagesTotal, qint64 rows, qint64 expected);
    void showLoaded(qint64 rows, qint64 expected);
    void showError(const QString &message);
    void showCancelled();
    // Count is over the threshold: ask before fetching `request`.
    void askLargeFetch(const FetchRequest &request, qint64 count);

    // Where the selected row's image goes (the user's preference; applied at once).
    void setLookPlace(jsoc::Preferences::LookPlace place);
    jsoc::Preferences::LookPlace lookPlace() const { return m_lookPlace; }
    // Answers to lookRequested: the file is coming, here it is, or why there is none (in words).
    void showLookFetching(const QString &recordSpec);
    void showLookFile(const QString &recordSpec, const QString &path, const QString &headerNote);
    void showLookWords(const QString &recordSpec, const QString &words);
    // The record of table row `viewRow`; empty with `why` when the row names no single record.
    QString recordSpecAt(int viewRow, QString *why = nullptr) const;
    QString lookSegment() const;

    RecordSetBuilder *builder() const { return m_builder; }
    QTableView *table() const { return m_table; }
    KeywordPlotPanel *plotPanel() const { return m_plot; }
    LargeQueryBar *largeQueryBar() const { return m_largeBar; }
    InlineBanner *banner() const { return m_banner; }
    QAction *countAction() const { return m_countAction; }
    QAction *fetchAction() const { return m_fetchAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    QAction *plotAction() const { return m_plotAction; }
    QAction *columnsAction() const { return m_columnsAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *lookAction() const { return m_lookAction; }
    RecordLookPane *lookPane() const { return m_lookPane; }
    RowSettleTimer *rowSettle() const { return m_settle; }
    FitsPreviewWindow *lookWindow() const { return m_lookWindow; } // null unless images go to a FITS window
    // Why "Export from JSOC…" is refused for the text as it stands ("" = it may be exported).
    QString exportRefusal() const;
    QString statusText() const;

    // Tab-separated text of the selected cells (also what Ctrl+C copies).
    QString selectedText() const;
    // Starts streaming the whole table to `path` (CSV); progress in the status bar.
    jsoc::CsvExportJob *exportCsv(const QString &path);
    // Selects and shows the record at `sourceRow` (arrival order) in the table.
    void selectRecord(int sourceRow);
    // Text of the three snippets (drms, sunpy, URL) for the current request.
    QStringList codeSnippets() const;

signals:
    void countRequested(const QString &recordSet);
    void fetchRequested(const ui::FetchRequest &request);
    void cancelRequested();
    // The window's record set, exactly as shown and judged valid for its series.
    void exportRequested(const QString &recordSet);
    void fitsFileRequested(const QString &path);
    // The user stopped on a row (or chose another segment): show its record, fetch the next ones.
    void lookRequested(const ui::RecordLookWish &wish);
    // Nothing is wanted any more (a new table, the look turned off): cancel fetches under way.
    void lookCancelled();
    // "Export this field of view…" on a record's image: the box's im_patch over the record set
    // the table was fetched with.
    void fieldOfViewExportRequested(const ui::FieldOfViewExport &request);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void shareWidthWithLook();
    void chooseColumns();
    void rememberTableLayout();
    void restoreTableLayout();
    void copySelection() const;
    void exportCsvInteractively();
    void updateExportAction();
    void requestExport();
    void showCodeSnippets();
    void setBusy(bool busy);
    void updatePlotColumns();
    void refreshPlotSoon();
    void openRecordFile(const QModelIndex &index);
    void setStatus(const QString &text);
    void setLookShown(bool shown);
    void updateLookSegments(const QString &recordSet);
    void lookAtRow(int viewRow, const QList<int> &ahead);
    void lookAtCurrentRow();
    bool lookActive() const;

    jsoc::KeywordTableModel *m_model = nullptr;
    jsoc::SeriesStructure m_structure;
    QUrl m_server;
    QStringList m_keywords;
    QStringList m_segments;
    bool m_online = false;
    qint64 m_threshold = 100000;
    qint64 m_lastCount = -1;
    QString m_lastCountedSet;
    QString m_bannerRecordSet; // the record set the error banner speaks of
    struct KeptLayout {
        QStringList visualOrder;  // column names as the user arranged them
        QString sortColumn;       // empty: not sorted
        Qt::SortOrder sortOrder = Qt::AscendingOrder;
    };
    KeptLayout m_keptLayout; // across the refetch after Columns… (a new table resets the header)
    bool m_plotRefreshPending = false;
    bool m_columnsFitted = false; // this load's columns were sized to its first rows

    RecordSetBuilder *m_builder = nullptr;
    InlineBanner *m_banner = nullptr;
    LargeQueryBar *m_largeBar = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_lookSplitter = nullptr; // the table (and plot) beside the record's image
    RecordLookPane *m_lookPane = nullptr;
    RowSettleTimer *m_settle = nullptr;
    QPointer<FitsPreviewWindow> m_lookWindow;
    jsoc::Preferences::LookPlace m_lookPlace = jsoc::Preferences::LookPlace::Pane;
    QString m_lookWanted; // the record spec asked for last: older answers are not shown
    QString m_fetchedRecordSet; // what the table's rows are: a cutout drawn on one is exported over it
    bool m_lookWidthShared = false; // the table and the image got their share of a laid-out window
    QTableView *m_table = nullptr;
    KeywordPlotPanel *m_plot = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QAction *m_countAction = nullptr;
    QAction *m_fetchAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_columnsAction = nullptr;
    QAction *m_plotAction = nullptr;
    QAction *m_csvAction = nullptr;
    QAction *m_codeAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_lookAction = nullptr;
    FetchRequest m_pendingLarge;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::FetchRequest)
Q_DECLARE_METATYPE(ui::RecordLookWish)
