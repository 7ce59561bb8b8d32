#pragma once

#include "model/fits/FitsFrameSet.h"
#include "ui/FieldOfViewExport.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QStringList>

class FitsFramePlayer;
class FitsPreviewWidget;
class QAction;

// A top-level window around FitsPreviewWidget for one FITS file, opened from the browser's
// File menu or by dropping files on it. Deletes itself when closed; a file that cannot be
// read is said in words in its status bar, never an empty window without a reason.
// Frames: a movie bar (FitsFramePlayer) plays the files of one series with the same display
// settings. openFile() looks in the file's folder (on the thread pool) and offers the bar when it
// holds more files of the same series; openFrames() plays a given list; the Frames menu opens a
// folder or files.
// Cutouts: View ▸ Draw a box (a toolbar toggle too; Shift+drag draws one without it) and Clear box
// (Esc); the preview's "Export this field of view…" is passed on as fieldOfViewExportRequested.
namespace ui {

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

signals:
    void framesReady(int count); // the movie bar was filled (count may be 1: then it stays hidden)
    void fieldOfViewExportRequested(const ui::FieldOfViewExport &request);

private:
    enum class FramesOrigin { FolderOfFile, Files, Folder };
    void scanFrames(FramesOrigin origin, const QString &path, const QStringList &paths);
    void onFramesScanned();

    FitsPreviewWidget *m_preview = nullptr;
    FitsFramePlayer *m_player = nullptr;
    QAction *m_boxTool = nullptr;
    QFutureWatcher<fits::FitsFrameSet> m_scan;
    FramesOrigin m_scanOrigin = FramesOrigin::FolderOfFile;
    QString m_scanPath;
    QString m_leftOutNote; // files the last frame scan left out, in words
};

// True for names FITS files usually have (.fits, .fts, .fit, .fz and compressed .fits.gz).
bool looksLikeFitsFile(const QString &path);

} // namespace ui
