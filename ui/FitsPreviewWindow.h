#pragma once

#include "model/fits/FitsFrameSet.h"
#include "model/fits/FitsImage.h"
#include "model/fits/FitsTable.h"
#include "model/fits/FitsTableTime.h"
#include "ui/FieldOfViewExport.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QStringList>

class FitsFramePlayer;
class FitsHeaderView;
class FitsPreviewWidget;
class QAction;
class QComboBox;
class QStackedWidget;

// A top-level window around FitsPreviewWidget for one FITS file, opened from the browser's
// File menu or by dropping files on it. Deletes itself when closed; a file that cannot be
// read is said in words in its status bar, never an empty window without a reason.
// Frames: a movie bar (FitsFramePlayer) plays the files of one series with the same display
// settings. openFile() looks in the file's folder (on the thread pool) and offers the bar when it
// holds more files of the same series; openFrames() plays a given list; the Frames menu opens a
// folder or files.
// HDUs: a file of several HDUs (images and tables) gets an HDU chooser in the toolbar; a table
// HDU opens in a FitsTableView (its rows, and a light curve when it has a time axis), and a file
// that holds only tables opens on its first table ("binary table, 3 columns × 128 rows").
// Cutouts: View ▸ Draw a box (a toolbar toggle too; Shift+drag draws one without it) and Clear box
// (Esc); the preview's "Export this field of view…" is passed on as fieldOfViewExportRequested.
namespace ui {

class FitsTableView;

class FitsPreviewWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsPreviewWindow)

public:
    explicit FitsPreviewWindow(QWidget *parent = nullptr);
    ~FitsPreviewWindow() override;

    void openFile(const QString &path);
    // The files (any order; sorted by observation time) as frames of one movie; shows the first.
    void openFrames(const QStringList &paths);
    // Every FITS file of one series in `folder` (the series of its earliest file).
    void openFolder(const QString &folder);

    FitsPreviewWidget *preview() const { return m_preview; }
    FitsFramePlayer *player() const { return m_player; }
    QString statusText() const;
    QAction *boxToolAction() const { return m_boxTool; }
    QComboBox *hduChooser() const { return m_hduChooser; } // one item per HDU; shown for 2+ HDUs with content
    bool hduChooserOffered() const; // its toolbar action is visible
    FitsTableView *tableView() const { return m_tableView; }
    FitsHeaderView *tableHeader() const { return m_tableHeader; } // the table page's header cards
    bool showsTable() const; // the table page is up (else the image preview)
    // The side frames are decoded at while playing: the image view's longest side in device
    // pixels, rounded up to a quarter step between powers of two (…, 1024, 1280, 1536, 1792, 2048, …;
    // at least 256) so that small resizes keep the decoded frames.
    static int playbackDecodeSideFor(int viewDevicePixels);

signals:
    void hdusListed(int count);  // the HDU chooser was filled for the file opened
    void tableShown(int hdu);    // a table HDU is on screen
    void framesReady(int count); // the movie bar was filled (count may be 1: then it stays hidden)
    void fieldOfViewExportRequested(const ui::FieldOfViewExport &request);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updatePlaybackDecodeSide();
    enum class FramesOrigin { FolderOfFile, Files, Folder };
    void scanFrames(FramesOrigin origin, const QString &path, const QStringList &paths);
    void onFramesScanned();
    void onHdusListed();
    void showHdu(int index);
    void onTableRead();

    FitsPreviewWidget *m_preview = nullptr;
    FitsFramePlayer *m_player = nullptr;
    QAction *m_boxTool = nullptr;
    QFutureWatcher<fits::FitsFrameSet> m_scan;
    FramesOrigin m_scanOrigin = FramesOrigin::FolderOfFile;
    QString m_scanPath;
    QString m_leftOutNote; // files the last frame scan left out, in words

    QStackedWidget *m_pages = nullptr;  // the image preview (page 0) or a table (page 1)
    FitsTableView *m_tableView = nullptr;
    FitsHeaderView *m_tableHeader = nullptr;
    QComboBox *m_hduChooser = nullptr;
    QAction *m_hduChooserAction = nullptr;
    QString m_path;                     // the file the chooser lists
    QVector<fits::FitsHduInfo> m_hdus;
    QFutureWatcher<QPair<QVector<fits::FitsHduInfo>, QString>> m_hduScan;
    QFutureWatcher<QPair<fits::FitsTableResult, fits::FitsTableTime>> m_tableRead;
};

// True for names FITS files usually have (.fits, .fts, .fit, .fz and compressed .fits.gz).
bool looksLikeFitsFile(const QString &path);

} // namespace ui
