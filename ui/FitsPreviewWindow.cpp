#include "ui/FitsPreviewWindow.h"

#include "ui/FitsPreviewWidget.h"

#include <QFileInfo>
#include <QStatusBar>

namespace ui {

FitsPreviewWindow::FitsPreviewWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_preview(new FitsPreviewWidget(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    // Its own top-level window even with a parent, so several files can be compared side by side.
    setWindowFlag(Qt::Window);
    setCentralWidget(m_preview);
    resize(1300, 820);
    connect(m_preview, &FitsPreviewWidget::loaded, this, [this](const QString &path) {
        statusBar()->showMessage(QStringLiteral("Opened %1").arg(QFileInfo(path).fileName()));
    });
    connect(m_preview, &FitsPreviewWidget::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message);
    });
}

FitsPreviewWindow::~FitsPreviewWindow() = default;

void FitsPreviewWindow::openFile(const QString &path)
{
    setWindowTitle(QStringLiteral("%1 — JSOC Browser").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(QStringLiteral("Loading %1…").arg(QFileInfo(path).fileName()));
    m_preview->openFile(path);
}

QString FitsPreviewWindow::statusText() const
{
    return statusBar()->currentMessage();
}

bool looksLikeFitsFile(const QString &path)
{
    const QString name = QFileInfo(path).fileName().toLower();
    for (const char *suffix : {".fits", ".fts", ".fit", ".fz", ".fits.gz"}) {
        if (name.endsWith(QLatin1String(suffix)))
            return true;
    }
    return false;
}

} // namespace ui
