#include "ui/FitsPreviewWindow.h"

#include "ui/CloseWindowKeys.h"
#include "ui/FitsFramePlayer.h"
#include "ui/FitsHeaderView.h"
#include "ui/FitsViewExport.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsTableView.h"
#include "model/common/DisplayFormat.h"
#include "model/fits/FitsHeaderCards.h"
#include "model/fits/FitsLoader.h"
#include "model/fitsfile/VisibleText.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QFileInfo>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QAction>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace ui {

FitsPreviewWindow::FitsPreviewWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_preview(new FitsPreviewWidget(this))
    , m_player(new FitsFramePlayer(this))
    , m_tableView(new FitsTableView(this))
    , m_hduChooser(new QComboBox(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    // Its own top-level window even with a parent, so several files can be compared side by side.
    setWindowFlag(Qt::Window);
    auto *closeWindow = new QAction(this); // Ctrl+W, as in every other window
    closeWindow->setShortcuts(closeWindowKeys());
    connect(closeWindow, &QAction::triggered, this, &QWidget::close);
    addAction(closeWindow);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_player);
    m_player->hide();
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(central);
    // The table page: rows (and light curve) beside the HDU's header cards.
    m_tableHeader = new FitsHeaderView(this);
    auto *tablePage = new QSplitter(Qt::Horizontal, this);
    tablePage->addWidget(m_tableView);
    tablePage->addWidget(m_tableHeader);
    tablePage->setStretchFactor(0, 3);
    tablePage->setStretchFactor(1, 1);
    m_pages->addWidget(tablePage);
    setCentralWidget(m_pages);
    resize(1300, 820);

    // Export what is shown, and compared frames' limits and colours (issue 17 items 2 and 4).
    FitsViewExport::addActions(menuBar()->addMenu(tr("&File")), m_preview, m_player);
    connect(m_player, &FitsFramePlayer::compareChanged, m_preview, &FitsPreviewWidget::setFrameMode);

    QMenu *frames = menuBar()->addMenu(tr("&Frames"));
    frames->addAction(tr("Open &folder as frames…"), this, [this] {
        const QString start = m_preview->currentFile().isEmpty() ? QString() : QFileInfo(m_preview->currentFile()).absolutePath();
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of FITS frames"), start);
        if (!folder.isEmpty())
            openFolder(folder);
    });
    frames->addAction(tr("Open f&iles as frames…"), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("FITS frames"), QString(),
                                                                tr("FITS files (*.fits *.fts *.fit *.fz *.fits.gz *.fts.gz *.fits.Z *.fits.bz2 *.fits.zip);;All files (*)"));
        if (!files.isEmpty())
            openFrames(files);
    });
    frames->addSeparator();
    frames->addAction(tr("&Play / pause"), QKeySequence(Qt::Key_Space), m_player, &FitsFramePlayer::togglePlay);
    frames->addAction(tr("&Next frame"), QKeySequence(Qt::Key_Period), m_player, [this] { m_player->step(1); });
    frames->addAction(tr("P&revious frame"), QKeySequence(Qt::Key_Comma), m_player, [this] { m_player->step(-1); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_boxTool = view->addAction(tr("Draw a &box (cutout)"));
    m_boxTool->setCheckable(true);
    m_boxTool->setShortcut(QKeySequence(Qt::Key_B));
    m_boxTool->setToolTip(tr("Drag a box on the image to read it in arcsec, pixels and Stonyhurst degrees and to "
                             "export that field of view (Shift+drag draws one at any time; Esc clears it)"));
    connect(m_boxTool, &QAction::toggled, m_preview, &FitsPreviewWidget::setBoxTool);
    view->addAction(tr("&Clear box"), QKeySequence(Qt::Key_Escape), m_preview->imageView(), &FitsImageView::clearBox);
    view->addSeparator();
    view->addActions(m_preview->overlayActions()); // grid (G), limb (L), solar crosshair (X)
    QToolBar *tools = addToolBar(tr("Tools"));
    tools->setObjectName(QStringLiteral("fitsTools"));
    tools->setMovable(false);
    tools->addAction(m_boxTool);
    tools->addSeparator();
    auto *hduLabel = new QLabel(tr(" HDU: "), tools);
    m_hduChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_hduChooser->setToolTip(tr("The file's HDUs: images open in the preview, tables in a table view"));
    auto *hduBox = new QWidget(tools);
    auto *hduRow = new QHBoxLayout(hduBox);
    hduRow->setContentsMargins(0, 0, 0, 0);
    hduRow->addWidget(hduLabel);
    hduRow->addWidget(m_hduChooser);
    m_hduChooserAction = tools->addWidget(hduBox);
    m_hduChooserAction->setVisible(false);
    connect(m_hduChooser, &QComboBox::activated, this, &FitsPreviewWindow::showHdu);
    connect(&m_hduScan, &QFutureWatcherBase::finished, this, &FitsPreviewWindow::onHdusListed);
    connect(&m_tableRead, &QFutureWatcherBase::finished, this, &FitsPreviewWindow::onTableRead);
    connect(m_preview, &FitsPreviewWidget::fieldOfViewExportRequested, this, &FitsPreviewWindow::fieldOfViewExportRequested);

    connect(m_preview, &FitsPreviewWidget::loaded, this, [this](const QString &path) {
        // A file the folder scan left out stays said, whichever of the two finished first.
        const QString opened = QStringLiteral("Opened %1").arg(QFileInfo(path).fileName());
        statusBar()->showMessage(m_leftOutNote.isEmpty() ? opened : opened + QStringLiteral(". ") + m_leftOutNote);
    });
    connect(m_preview, &FitsPreviewWidget::loadFailed, this, [this](const QString &message) {
        if (!showsTable()) // a table-only file: the table's own words are up, not "no image data"
            statusBar()->showMessage(message);
    });
    connect(m_preview, &FitsPreviewWidget::northUpChanged, m_player, &FitsFramePlayer::setNorthUp);
    connect(m_player, &FitsFramePlayer::frameReady, this,
            [this](int, const QString &path, std::shared_ptr<const fits::FitsImage> image) {
                m_preview->showFrame(path, std::move(image));
                statusBar()->clearMessage(); // "Opened <first frame>" no longer describes the picture
                setWindowTitle(QStringLiteral("%1 — JSOC Browser").arg(QFileInfo(path).fileName()));
            });
    connect(m_player, &FitsFramePlayer::frameFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message);
    });
    connect(&m_scan, &QFutureWatcherBase::finished, this, &FitsPreviewWindow::onFramesScanned);
    // Playing decodes at screen size (a 4096² frame at full size would set the pace); paused, full size.
    m_preview->imageView()->installEventFilter(this);
    updatePlaybackDecodeSide();
}

int FitsPreviewWindow::playbackDecodeSideFor(int viewDevicePixels)
{
    // Quarter steps between powers of two: at most 25 % more pixels decoded than the view shows.
    int octave = 256;
    while (octave * 2 < viewDevicePixels)
        octave *= 2;
    for (int quarter = 0; quarter <= 4; ++quarter) {
        const int side = octave + octave * quarter / 4;
        if (side >= viewDevicePixels)
            return side;
    }
    return octave * 2;
}

void FitsPreviewWindow::updatePlaybackDecodeSide()
{
    const FitsImageView *view = m_preview->imageView();
    const double longest = std::max(view->width(), view->height()) * view->devicePixelRatioF();
    m_player->setPlaybackDecodeSide(playbackDecodeSideFor(int(std::ceil(longest))));
}

bool FitsPreviewWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_preview->imageView() && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        updatePlaybackDecodeSide();
    return QMainWindow::eventFilter(watched, event);
}

FitsPreviewWindow::~FitsPreviewWindow()
{
    m_scan.disconnect(this); // a folder scan still running finishes on the pool, unheard
    m_hduScan.disconnect(this);
    m_tableRead.disconnect(this);
}

void FitsPreviewWindow::openFile(const QString &path)
{
    setWindowTitle(QStringLiteral("%1 — JSOC Browser").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(QStringLiteral("Loading %1…").arg(QFileInfo(path).fileName()));
    m_pages->setCurrentIndex(0);
    m_preview->openFile(path);
    scanFrames(FramesOrigin::FolderOfFile, path, {});
    // The file's HDUs, for the chooser (and a table-only file's first table).
    m_path = path;
    m_hduChooserAction->setVisible(false);
    m_hduScan.setFuture(QtConcurrent::run([path] {
        QString error;
        QVector<fits::FitsHduInfo> hdus = fits::FitsLoader::readHeaders(path, &error);
        return qMakePair(hdus, error);
    }));
}

bool FitsPreviewWindow::hduChooserOffered() const
{
    return m_hduChooserAction->isVisible();
}

bool FitsPreviewWindow::showsTable() const
{
    return m_pages->currentIndex() == 1;
}

void FitsPreviewWindow::onHdusListed()
{
    if (m_path.isEmpty())
        return; // frames were opened since the scan began
    m_hdus = m_hduScan.result().first;
    m_hduChooser->clear();
    int firstImage = -1, firstTable = -1, withContent = 0;
    for (const fits::FitsHduInfo &h : m_hdus) {
        const bool table = h.kind.endsWith(QLatin1String("table"));
        m_hduChooser->addItem(QStringLiteral("%1: %2, %3").arg(h.index).arg(h.kind, h.summary));
        if (h.holdsImage && firstImage < 0)
            firstImage = h.index;
        if (table && !h.refused && firstTable < 0)
            firstTable = h.index;
        withContent += h.holdsImage || table ? 1 : 0;
    }
    m_hduChooserAction->setVisible(m_hdus.size() > 1 && withContent > 0);
    if (firstImage >= 0) {
        m_hduChooser->setCurrentIndex(firstImage);
    } else if (firstTable >= 0) {
        m_hduChooser->setCurrentIndex(firstTable);
        showHdu(firstTable);
    }
    emit hdusListed(int(m_hdus.size()));
}

void FitsPreviewWindow::showHdu(int index)
{
    if (index < 0 || index >= m_hdus.size())
        return;
    const fits::FitsHduInfo &h = m_hdus[index];
    if (h.kind.endsWith(QLatin1String("table")) && !h.refused) {
        statusBar()->showMessage(tr("Reading HDU %1 (%2)…").arg(index).arg(h.kind));
        const QString path = m_path;
        fits::FitsTableOptions options;
        options.hdu = index;
        m_tableRead.setFuture(QtConcurrent::run([path, options] {
            fits::FitsTableResult r = fits::FitsTableReader::read(path, options);
            fits::FitsTableTime time = r.ok() ? fits::FitsTableTime::of(r.table) : fits::FitsTableTime{};
            return qMakePair(std::move(r), std::move(time));
        }));
    } else if (h.holdsImage) {
        m_pages->setCurrentIndex(0);
        m_preview->openFile(m_path, 0, index);
    } else {
        statusBar()->showMessage(tr("HDU %1 is %2 (%3): nothing to show but its header.").arg(index).arg(h.kind, h.summary));
    }
}

void FitsPreviewWindow::onTableRead()
{
    auto [r, time] = m_tableRead.result();
    if (!r.ok()) {
        statusBar()->showMessage(r.error);
        return;
    }
    const int hdu = r.table.hduIndex;
    const QString summary = r.table.summary();
    m_tableView->setTable(std::move(r.table), std::move(time));
    m_tableHeader->setHdus(m_hdus, hdu);
    m_pages->setCurrentIndex(1);
    statusBar()->showMessage(tr("HDU %1: %2").arg(hdu).arg(summary));
    emit tableShown(hdu);
}

void FitsPreviewWindow::openFrames(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    statusBar()->showMessage(paths.size() == 1 ? tr("Reading 1 frame header…")
                                               : tr("Reading %1 frame headers…").arg(jsoc::format::count(paths.size())));
    scanFrames(FramesOrigin::Files, QString(), paths);
}

void FitsPreviewWindow::openFolder(const QString &folder)
{
    statusBar()->showMessage(tr("Looking for FITS frames in %1…").arg(folder));
    scanFrames(FramesOrigin::Folder, folder, {});
}

void FitsPreviewWindow::scanFrames(FramesOrigin origin, const QString &path, const QStringList &paths)
{
    // setFuture() forgets an earlier scan still running: only the newest one is heard.
    m_scanOrigin = origin;
    m_scanPath = path;
    m_leftOutNote.clear();
    m_scan.setFuture(QtConcurrent::run([origin, path, paths]() -> fits::FitsFrameSet {
        switch (origin) {
        case FramesOrigin::FolderOfFile: return fits::FitsFrameSet::fromFolderOf(path);
        case FramesOrigin::Files: return fits::FitsFrameSet::fromFiles(paths);
        case FramesOrigin::Folder: break;
        }
        return fits::FitsFrameSet::fromFolder(path);
    }));
}

void FitsPreviewWindow::onFramesScanned()
{
    const fits::FitsFrameSet set = m_scan.result();
    switch (m_scanOrigin) {
    case FramesOrigin::FolderOfFile: {
        // The file is already on screen; offer the others without decoding any yet.
        const int current = std::max(0, set.indexOf(m_scanPath));
        m_player->setFrames(set, current);
        m_player->setVisible(set.size() > 1);
        if (set.size() > 1)
            statusBar()->showMessage(tr("%1 frames of this series in its folder: press Space to play").arg(set.size()), 8000);
        break;
    }
    case FramesOrigin::Files:
    case FramesOrigin::Folder:
        if (set.isEmpty()) {
            statusBar()->showMessage(m_scanOrigin == FramesOrigin::Folder
                                         ? tr("There are no readable FITS images in %1.").arg(m_scanPath)
                                         : tr("None of the files is a readable FITS image."));
            break;
        }
        m_player->setFrames(set, 0);
        m_player->setVisible(set.size() > 1);
        // The first frame sets the limits (as for one file); the others keep them.
        const QString first = set.frames().first().path;
        setWindowTitle(QStringLiteral("%1 — JSOC Browser").arg(QFileInfo(first).fileName()));
        // Frames are images: an earlier file's HDU list or table no longer applies.
        m_path.clear(); // an HDU scan still running is not heard (onHdusListed)
        m_hduChooserAction->setVisible(false);
        m_pages->setCurrentIndex(0);
        m_preview->openFile(first);
        break;
    }
    // A file left out is said, not silently dropped (the first one, and how many in all).
    if (!set.unreadable().isEmpty()) {
        const QString first = fits::visibleText(set.unreadable().first());
        m_leftOutNote = set.unreadable().size() == 1
            ? tr("Left out %1").arg(first)
            : tr("Left out %1 unreadable files; the first: %2").arg(set.unreadable().size()).arg(first);
        statusBar()->showMessage(m_leftOutNote);
    }
    emit framesReady(set.size());
}

QString FitsPreviewWindow::statusText() const
{
    return statusBar()->currentMessage();
}

bool looksLikeFitsFile(const QString &path)
{
    return fits::FitsFrameSet::looksLikeFits(path);
}

} // namespace ui
