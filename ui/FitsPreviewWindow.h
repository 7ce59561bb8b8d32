#pragma once

#include <QMainWindow>

class FitsPreviewWidget;

// A top-level window around FitsPreviewWidget for one FITS file, opened from the browser's
// File menu or by dropping files on it. Deletes itself when closed; a file that cannot be
// read is said in words in its status bar, never an empty window without a reason.
namespace ui {

class FitsPreviewWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsPreviewWindow)

public:
    explicit FitsPreviewWindow(QWidget *parent = nullptr);
    ~FitsPreviewWindow() override;

    void openFile(const QString &path);
    FitsPreviewWidget *preview() const { return m_preview; }
    QString statusText() const;

private:
    FitsPreviewWidget *m_preview = nullptr;
};

// True for names FITS files usually have (.fits, .fts, .fit, .fz and compressed .fits.gz).
bool looksLikeFitsFile(const QString &path);

} // namespace ui
