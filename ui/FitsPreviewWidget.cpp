#include "ui/FitsPreviewWidget.h"

#include "model/fits/ColourMap.h"
#include "model/fits/CutoutGeometry.h"
#include "model/fits/FitsRecordGuess.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/ShownPictureHeader.h"
#include "model/fits/SolarGridLines.h"
#include "model/fits/SolarRotation.h"
#include "ui/CutoutPanel.h"
#include "ui/FitsHeaderView.h"
#include "ui/FitsImageView.h"
#include "ui/HistogramWidget.h"

#include <QAction>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrentRun>

#include <cmath>

struct FitsPreviewWidget::Frame {
    quint64 generation = 0;
    fits::FitsLoadResult result;
    fits::Limits limits;
    std::vector<double> histogram; // 512 bins over [stats.min, stats.max]
};

namespace {

constexpr int kHistogramBins = 512;

std::vector<double> histogramOf(const fits::FitsImage &image)
{
    std::vector<double> counts(kHistogramBins, 0.0);
    const double lo = image.stats.min, hi = image.stats.max;
    if (!(hi > lo))
        return counts;
    const double scale = kHistogramBins / (hi - lo);
    for (const float v : image.pixels) {
        if (!std::isfinite(v))
            continue;
        const int b = std::min(kHistogramBins - 1, int((double(v) - lo) * scale));
        counts[std::size_t(std::max(0, b))] += 1.0;
    }
    return counts;
}

} // namespace

FitsPreviewWidget::FitsPreviewWidget(QWidget *parent)
    : QWidget(parent)
    , m_view(new FitsImageView(this))
    , m_histogram(new HistogramWidget(this))
    , m_header(new FitsHeaderView(this))
    , m_caption(new QLabel(this))
    , m_readout(new QLabel(this))
    , m_limitsLabel(new QLabel(this))
    , m_stretchBox(new QComboBox(this))
    , m_clipBox(new QComboBox(this))
    , m_colourBox(new QComboBox(this))
    , m_invertBox(new QCheckBox(tr("Invert"), this))
    , m_sliceBox(new QSpinBox(this))
    , m_northUpBox(new QCheckBox(tr("Solar north up"), this))
    , m_blankButton(new QPushButton(tr("Blank pixels…"), this))
    , m_cutout(new ui::CutoutPanel(this))
{
    m_stretchBox->addItems(fits::StretchSpec::names());
    m_clipBox->addItems({QStringLiteral("minmax"), QStringLiteral("99"), QStringLiteral("99.5"), QStringLiteral("99.9"),
                         QStringLiteral("zscale"), tr("manual")});
    m_clipBox->setCurrentText(QStringLiteral("99.5"));
    m_colourBox->addItem(QStringLiteral("auto"));
    m_colourBox->addItems(fits::ColourMap::names());
    m_sliceBox->setEnabled(false);
    m_northUpBox->setChecked(true);
    m_northUpBox->setToolTip(tr("Turn the image by its roll angle (CROTA2) when that is near a quarter turn, "
                                "e.g. HMI's 180°"));
    m_blankButton->setToolTip(tr("Colour of blank (BLANK or NaN) pixels"));
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setMinimumWidth(200);
    // Fixed: a glyph from a fallback font (R☉) must not grow the line and move the picture.
    m_readout->setFixedHeight(m_readout->fontMetrics().lineSpacing() * 3 / 2);

    auto *fit = new QPushButton(tr("Fit"), this);
    auto *oneToOne = new QPushButton(tr("1:1"), this);
    auto *zoomRow = new QHBoxLayout;
    zoomRow->addWidget(fit);
    zoomRow->addWidget(oneToOne);

    m_imageControls = {m_stretchBox, m_clipBox, m_colourBox, m_invertBox, m_blankButton, m_northUpBox, fit, oneToOne,
                       m_histogram};
    setImageControlsEnabled(false);

    auto *controls = new QFormLayout;
    controls->addRow(tr("Stretch"), m_stretchBox);
    controls->addRow(tr("Limits"), m_clipBox);
    controls->addRow(QString(), m_limitsLabel);
    controls->addRow(tr("Colours"), m_colourBox);
    controls->addRow(QString(), m_invertBox);
    controls->addRow(tr("Blanks"), m_blankButton);
    controls->addRow(QString(), m_northUpBox);
    controls->addRow(tr("Plane"), m_sliceBox);
    controls->addRow(tr("Zoom"), zoomRow);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_caption);
    leftLayout->addWidget(m_view, 1);
    leftLayout->addWidget(m_readout);
    // Always there (saying how to draw a box until there is one): a panel that appeared with the
    // first box would shrink the picture under the mouse while the box is being drawn.
    leftLayout->addWidget(m_cutout);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(m_histogram);
    rightLayout->addWidget(m_header, 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(&m_watcher, &QFutureWatcherBase::finished, this, &FitsPreviewWidget::onLoaded);
    connect(fit, &QPushButton::clicked, m_view, &FitsImageView::fitToWindow);
    connect(oneToOne, &QPushButton::clicked, m_view, &FitsImageView::actualSize);
    connect(m_view, &FitsImageView::hovered, this, &FitsPreviewWidget::showReadoutAt);
    connect(m_view, &FitsImageView::left, m_readout, &QLabel::clear);
    connect(m_view, &FitsImageView::boxChanged, this, &FitsPreviewWidget::updateCutout);
    connect(m_view, &FitsImageView::boxCleared, this, &FitsPreviewWidget::updateCutout);
    connect(m_cutout, &ui::CutoutPanel::exportRequested, this, &FitsPreviewWidget::requestFieldOfViewExport);
    auto *exportBox = new QAction(tr("Export this field of view…"), m_view);
    connect(exportBox, &QAction::triggered, this, &FitsPreviewWidget::requestFieldOfViewExport);
    auto *clearBox = new QAction(tr("Clear box"), m_view);
    connect(clearBox, &QAction::triggered, m_view, &FitsImageView::clearBox);
    connect(m_cutout, &ui::CutoutPanel::sameFieldRequested, this, &FitsPreviewWidget::requestSameFieldExport);
    auto *sameField = new QAction(tr("Same field in other series…"), m_view);
    connect(sameField, &QAction::triggered, this, &FitsPreviewWidget::requestSameFieldExport);
    m_view->addActions({exportBox, sameField, clearBox});
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Offered in the menu only when the panel would offer it.
    auto syncActions = [this, exportBox, sameField, clearBox] {
        exportBox->setEnabled(!m_view->box().isEmpty() && m_cutout->exportButton()->isEnabled());
        sameField->setEnabled(!m_view->box().isEmpty() && m_cutout->sameFieldButton()->isEnabled());
        clearBox->setEnabled(!m_view->box().isEmpty());
    };
    connect(m_view, &FitsImageView::boxChanged, this, syncActions);
    connect(m_view, &FitsImageView::boxCleared, this, syncActions);
    syncActions();
    connect(m_histogram, &HistogramWidget::limitsEdited, this, &FitsPreviewWidget::setLimits);
    connect(m_stretchBox, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        fits::StretchSpec spec;
        if (fits::StretchSpec::parse(name, &spec))
            setStretch(spec.kind);
    });
    connect(m_clipBox, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        fits::ClipSpec clip;
        if (fits::ClipSpec::parse(name, &clip))
            setClip(clip);
    });
    connect(m_colourBox, &QComboBox::currentTextChanged, this, &FitsPreviewWidget::setColourMap);
    connect(m_invertBox, &QCheckBox::toggled, this, &FitsPreviewWidget::setInvert);
    connect(m_northUpBox, &QCheckBox::toggled, this, &FitsPreviewWidget::setNorthUp);
    connect(m_blankButton, &QPushButton::clicked, this, [this] {
        const QColor c = QColorDialog::getColor(QColor::fromRgba(m_blankColour), this, tr("Blank pixels"),
                                                QColorDialog::ShowAlphaChannel);
        if (c.isValid())
            setBlankColour(c.rgba());
    });
    connect(m_sliceBox, &QSpinBox::valueChanged, this, [this](int slice) {
        if (m_image && slice != m_image->sliceIndex)
            openFile(m_path, slice, m_image->hduIndex); // the same HDU (the window's chooser may have picked it)
    });

    // Overlays: actions of this widget (their keys work here), listed in the window's View menu.
    m_gridAction = new QAction(tr("Heliographic &grid"), this);
    m_gridAction->setShortcut(QKeySequence(Qt::Key_G));
    m_gridAction->setToolTip(tr("Stonyhurst parallels and meridians every 15°, on the visible hemisphere"));
    m_limbAction = new QAction(tr("Solar &limb"), this);
    m_limbAction->setShortcut(QKeySequence(Qt::Key_L));
    m_crosshairAction = new QAction(tr("Solar &crosshair"), this);
    m_crosshairAction->setShortcut(QKeySequence(Qt::Key_X));
    m_crosshairAction->setToolTip(tr("Click the disk to pin a point; every frame shows where that point has "
                                     "turned to (differential rotation)"));
    for (QAction *a : overlayActions()) {
        a->setCheckable(true);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::toggled, this, &FitsPreviewWidget::updateOverlays);
    }
    addActions(overlayActions());
    connect(m_view, &FitsImageView::clicked, this, [this](const QPointF &p) {
        if (m_crosshairAction->isChecked())
            pinCrosshair(p);
    });
}

FitsPreviewWidget::~FitsPreviewWidget()
{
    // A running load finishes on the pool and its result is dropped; never wait on the GUI thread.
    m_watcher.disconnect(this);
}

void FitsPreviewWidget::openFile(const QString &path, int slice, int hdu)
{
    m_path = path;
    const quint64 generation = ++m_generation;
    const fits::ClipSpec clip = m_clip;
    const bool northUp = m_northUp;
    fits::FitsLoadOptions options;
    options.slice = slice;
    options.hdu = hdu;
    m_caption->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_watcher.setFuture(QtConcurrent::run([path, options, clip, generation, northUp] {
        auto frame = std::make_shared<Frame>();
        frame->generation = generation;
        frame->result = fits::FitsLoader::load(path, options);
        if (frame->result.ok()) {
            const int turns = northUp ? fits::FitsOrientation::northUpTurns(frame->result.image) : 0;
            if (turns != 0)
                frame->result.image = fits::FitsOrientation::rotated(frame->result.image, turns);
            frame->limits = fits::ImageLimits::compute(frame->result.image, clip);
            frame->histogram = histogramOf(frame->result.image);
        }
        return frame;
    }));
}

void FitsPreviewWidget::onLoaded()
{
    const std::shared_ptr<Frame> frame = m_watcher.result();
    if (!frame || frame->generation != m_generation)
        return; // a newer file was asked for meanwhile
    if (!frame->result.ok()) {
        // Nothing of a previous file stays on screen as if it were this one.
        m_image.reset();
        m_wcs.reset();
        m_view->setImage(QImage(), false);
        updateOverlays();
        m_histogram->clear();
        m_header->setHdus({}, 0);
        m_limitsLabel->clear();
        m_readout->clear();
        m_sliceBox->setEnabled(false);
        setImageControlsEnabled(false);
        m_caption->setText(tr("Cannot show %1: %2").arg(QFileInfo(m_path).fileName(), frame->result.error));
        emit loadFailed(frame->result.error);
        return;
    }
    setImageControlsEnabled(true);
    const bool sameGeometry = m_image && m_image->width == frame->result.image.width
                              && m_image->height == frame->result.image.height;
    m_image = std::make_shared<const fits::FitsImage>(std::move(frame->result.image));
    setGeometryOfShown();
    m_colourMap = fits::FitsPreview::resolveColourMap(*m_image, m_colourMapChoice);
    if (m_colourMap.isEmpty())
        m_colourMap = QStringLiteral("gray");
    m_limits = fits::ColourMap::isDiverging(m_colourMap) && m_clip.mode != fits::ClipMode::Manual
                   ? fits::FitsPreview::symmetric(frame->limits)
                   : frame->limits;
    m_histogram->setHistogram(frame->histogram, m_image->stats.min, m_image->stats.max);
    m_histogram->setLimits(m_limits.low, m_limits.high);
    m_header->setHdus(m_image->hdus, m_image->hduIndex);
    {
        const QSignalBlocker block(m_sliceBox);
        m_sliceBox->setRange(0, std::max(0, m_image->sliceCount - 1));
        m_sliceBox->setValue(m_image->sliceIndex);
        m_sliceBox->setEnabled(m_image->sliceCount > 1);
    }
    const QString caption = fits::FitsCaption::fromImage(*m_image).text() + orientationNote();
    m_caption->setText(QStringLiteral("<b>%1</b>  %2").arg(QFileInfo(m_path).fileName().toHtmlEscaped(), caption.toHtmlEscaped()));
    m_rendered = fits::FitsRenderer::renderIndices(*m_image, m_stretch, m_limits);
    m_rendered.setColorTable(colourTable());
    m_view->setImage(m_rendered, sameGeometry);
    updateOverlays();
    m_limitsLabel->setText(tr("%1 … %2").arg(m_limits.low, 0, 'g', 6).arg(m_limits.high, 0, 'g', 6));
    updateCutout();
    emit loaded(m_path);
}

void FitsPreviewWidget::setImageControlsEnabled(bool enabled)
{
    for (QWidget *control : std::as_const(m_imageControls))
        control->setEnabled(enabled);
}

QString FitsPreviewWidget::captionText() const
{
    return m_image ? fits::FitsCaption::fromImage(*m_image).text() : QString();
}

QString FitsPreviewWidget::readoutText() const
{
    return m_readout->text();
}

void FitsPreviewWidget::showReadoutAt(int x, int y)
{
    if (!m_image || x < 0 || y < 0 || x >= m_image->width || y >= m_image->height) {
        m_readout->clear();
        return;
    }
    const float v = m_image->at(x, y);
    // The header describes the file's pixels: undo the display turn for coordinates.
    const QPoint file = fits::FitsOrientation::toFile(*m_image, QPoint(x, y));
    // A frame played at screen size: the file's pixel at this pixel's centre (the value is its area's mean).
    const int fileX = int(std::lround((file.x() + 0.5) * fits::ShownPictureHeader::fileScaleX(*m_image) - 0.5));
    const int fileY = int(std::lround((file.y() + 0.5) * fits::ShownPictureHeader::fileScaleY(*m_image) - 0.5));
    QString text = QStringLiteral("x %1  y %2  value %3").arg(fileX).arg(fileY).arg(std::isfinite(v) ? QString::number(v, 'g', 7) : tr("blank"));
    if (m_wcs && m_wcs->isValid()) {
        const fits::WorldCoordinate w = m_wcs->pixelToWorld(file.x(), file.y());
        if (w.valid)
            text += QStringLiteral("   ") + w.text();
    }
    m_readout->setText(text);
}

void FitsPreviewWidget::setStretch(fits::StretchKind kind)
{
    m_stretch = fits::StretchSpec{kind, 0.0};
    {
        const QSignalBlocker block(m_stretchBox);
        m_stretchBox->setCurrentText(m_stretch.name());
    }
    scheduleRender();
}

void FitsPreviewWidget::setClip(const fits::ClipSpec &clip)
{
    m_clip = clip;
    applyClip();
}

void FitsPreviewWidget::applyClip()
{
    if (!m_image || m_clip.mode == fits::ClipMode::Manual)
        return;
    fits::Limits l = fits::FrameDifference::limitsFor(*m_image, m_frameMode, m_clip); // compared frames: about 0 or 1
    if (m_frameMode == fits::FrameMode::Normal && fits::ColourMap::isDiverging(m_colourMap))
        l = fits::FitsPreview::symmetric(l);
    m_limits = l;
    m_histogram->setLimits(l.low, l.high);
    scheduleRender();
}

void FitsPreviewWidget::setLimits(double low, double high)
{
    if (!(high > low))
        return;
    m_limits = fits::Limits{low, high};
    m_clip = fits::ClipSpec{fits::ClipMode::Manual, 0.0, low, high};
    {
        const QSignalBlocker block(m_clipBox);
        m_clipBox->setCurrentIndex(m_clipBox->count() - 1); // "manual"
    }
    m_histogram->setLimits(low, high);
    scheduleRender();
}

void FitsPreviewWidget::setColourMap(const QString &name)
{
    m_colourMapChoice = name;
    {
        const QSignalBlocker block(m_colourBox);
        m_colourBox->setCurrentText(name);
    }
    if (!m_image)
        return;
    const QString resolved = fits::FitsPreview::resolveColourMap(*m_image, name);
    const bool divergingChanged = fits::ColourMap::isDiverging(resolved) != fits::ColourMap::isDiverging(m_colourMap);
    m_colourMap = resolved.isEmpty() ? QStringLiteral("gray") : resolved;
    if (divergingChanged)
        applyClip(); // magnetogram maps want symmetric limits
    applyColours();
}

void FitsPreviewWidget::setInvert(bool invert)
{
    m_invert = invert;
    {
        const QSignalBlocker block(m_invertBox);
        m_invertBox->setChecked(invert);
    }
    applyColours();
}

void FitsPreviewWidget::applyColours()
{
    if (m_rendered.isNull())
        return;
    m_rendered.setColorTable(colourTable());
    m_view->setImage(m_rendered, true);
}

QVector<QRgb> FitsPreviewWidget::colourTable() const
{
    return fits::ColourMap::displayTable(m_colourMap, m_invert, m_blankColour);
}

void FitsPreviewWidget::setBlankColour(QRgb colour)
{
    m_blankColour = colour;
    QPixmap swatch(14, 14);
    swatch.fill(QColor::fromRgba(colour));
    m_blankButton->setIcon(QIcon(swatch));
    applyColours();
}

void FitsPreviewWidget::setNorthUp(bool northUp)
{
    {
        const QSignalBlocker block(m_northUpBox);
        m_northUpBox->setChecked(northUp);
    }
    if (northUp == m_northUp)
        return;
    m_northUp = northUp;
    emit northUpChanged(northUp);
    if (m_image && !m_path.isEmpty())
        openFile(m_path, m_image->sliceIndex, m_image->hduIndex);
}

QString FitsPreviewWidget::orientationNote() const
{
    if (!m_image)
        return {};
    const double roll = fits::FitsOrientation::rollDegrees(*m_image);
    if (m_image->quarterTurns != 0)
        return tr(" · turned %1° for north up").arg(m_image->quarterTurns * 90);
    if (m_northUp && std::isfinite(roll) && std::abs(roll) > fits::FitsOrientation::kToleranceDegrees
        && fits::FitsOrientation::northUpTurns(*m_image) == 0)
        return tr(" · roll %1° (not turned)").arg(roll, 0, 'f', 1);
    return {};
}

namespace {

// A frame's size at the file's resolution as shown (turned): frames played at screen size and the
// paused full-size frame of one series are the same picture to the view (zoom and box kept).
QSize fullSizeOfShownFrame(const fits::FitsImage &frame)
{
    const bool swapped = ((frame.quarterTurns % 2) + 2) % 2 == 1;
    const double sx = fits::ShownPictureHeader::fileScaleX(frame), sy = fits::ShownPictureHeader::fileScaleY(frame);
    return QSize(int(std::lround(frame.width * (swapped ? sy : sx))), int(std::lround(frame.height * (swapped ? sx : sy))));
}

} // namespace

void FitsPreviewWidget::showFrame(const QString &path, std::shared_ptr<const fits::FitsImage> image)
{
    if (!image || image->isNull())
        return;
    ++m_generation; // a load still running for an earlier file is now stale
    if (m_limitsFollowMode) { // the first frame of a new comparison mode sets its limits
        m_limitsFollowMode = false;
        const fits::ClipSpec clip = m_clip.mode == fits::ClipMode::Manual ? fits::ClipSpec{} : m_clip;
        fits::Limits l = fits::FrameDifference::limitsFor(*image, m_frameMode, clip);
        if (m_frameMode == fits::FrameMode::Normal && fits::ColourMap::isDiverging(m_colourMap))
            l = fits::FitsPreview::symmetric(l);
        if (l.high > l.low)
            setLimits(l.low, l.high);
    } else if (m_clip.mode != fits::ClipMode::Manual && m_image) {
        setLimits(m_limits.low, m_limits.high); // the same limits for every frame
    }
    const bool sameGeometry = m_image && fullSizeOfShownFrame(*m_image) == fullSizeOfShownFrame(*image);
    m_path = path;
    m_image = std::move(image);
    setImageControlsEnabled(true);
    setGeometryOfShown();
    m_header->setHdus(m_image->hdus, m_image->hduIndex);
    const QString caption = fits::FitsCaption::fromImage(*m_image).text() + orientationNote();
    m_caption->setText(QStringLiteral("<b>%1</b>  %2").arg(QFileInfo(m_path).fileName().toHtmlEscaped(), caption.toHtmlEscaped()));
    m_rendered = fits::FitsRenderer::renderIndices(*m_image, m_stretch, m_limits);
    m_rendered.setColorTable(colourTable());
    m_view->setImage(m_rendered, sameGeometry);
    updateHistogramLater();
    updateOverlays();
    updateCutout(); // the same box on this frame: its time and place on the Sun are this frame's
    emit frameShown(m_path);
}

void FitsPreviewWidget::setGeometryOfShown()
{
    // The WCS in the shown picture's own pixels, also for a frame played at screen size (ShownPictureHeader.h).
    m_geometry = std::make_shared<const fits::FitsImage>(fits::ShownPictureHeader::geometryOf(*m_image));
    m_wcs = std::make_unique<fits::SolarWcs>(*m_geometry);
}

void FitsPreviewWidget::setFrameMode(fits::FrameMode mode)
{
    if (mode == m_frameMode)
        return;
    const bool wasNormal = m_frameMode == fits::FrameMode::Normal;
    m_frameMode = mode;
    m_limitsFollowMode = true;
    if (mode != fits::FrameMode::Normal && wasNormal) {
        m_normalColourChoice = m_colourMapChoice;
        setColourMap(QStringLiteral("bwr"));
    } else if (mode == fits::FrameMode::Normal) {
        setColourMap(m_normalColourChoice);
    }
}

void FitsPreviewWidget::updateHistogramLater()
{
    // Each frame gets its own histogram, counted on the pool (a 4096² frame takes tens of ms);
    // a result for a frame that is no longer shown is dropped.
    const quint64 generation = m_generation;
    const std::shared_ptr<const fits::FitsImage> image = m_image;
    auto *watcher = new QFutureWatcher<std::vector<double>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, image] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_histogram->setHistogram(watcher->result(), image->stats.min, image->stats.max);
        m_histogram->setLimits(m_limits.low, m_limits.high);
    });
    watcher->setFuture(QtConcurrent::run([image] { return histogramOf(*image); }));
}

void FitsPreviewWidget::scheduleRender()
{
    // Histogram drags send many edits per frame: render once per event-loop turn.
    if (m_renderPending)
        return;
    m_renderPending = true;
    QTimer::singleShot(0, this, &FitsPreviewWidget::render);
}

void FitsPreviewWidget::render()
{
    m_renderPending = false;
    if (!m_image)
        return;
    m_rendered = fits::FitsRenderer::renderIndices(*m_image, m_stretch, m_limits);
    m_rendered.setColorTable(colourTable());
    m_view->setImage(m_rendered, true);
    m_limitsLabel->setText(tr("%1 … %2").arg(m_limits.low, 0, 'g', 6).arg(m_limits.high, 0, 'g', 6));
}

void FitsPreviewWidget::setBoxTool(bool on)
{
    m_view->setBoxTool(on);
}

void FitsPreviewWidget::setRecordOrigin(const QString &recordSet)
{
    m_recordOrigin = recordSet.trimmed();
    updateCutout();
}

void FitsPreviewWidget::updateCutout()
{
    const QRect shown = m_view->box();
    if (shown.isEmpty() || !m_image || !m_wcs) {
        m_cutout->setGeometry(fits::CutoutGeometry());
        return;
    }
    // The header describes the file's pixels: undo the display turn at two opposite corners.
    const QPoint a = fits::FitsOrientation::toFile(*m_image, shown.topLeft());
    const QPoint b = fits::FitsOrientation::toFile(*m_image, shown.bottomRight());
    m_cutout->setSeries(fieldOfViewExport().recordSet.section(QLatin1Char('['), 0, 0).section(QLatin1Char('{'), 0, 0).trimmed());
    if (fits::ShownPictureHeader::isReduced(*m_image)) {
        // A frame played smaller than its file: the box as every file pixel it covers, on the
        // file's own header (im_patch may be told FITS pixels).
        fits::FitsImage file = m_image->withoutPixels();
        const QSize full = fullSizeOfShownFrame(*m_image);
        file.width = full.width();
        file.height = full.height();
        const double sx = double(full.width()) / m_image->width, sy = double(full.height()) / m_image->height;
        const QPoint low(int(std::floor(shown.left() * sx)), int(std::floor(shown.top() * sy)));
        const QPoint high(int(std::ceil((shown.right() + 1) * sx)) - 1, int(std::ceil((shown.bottom() + 1) * sy)) - 1);
        const fits::SolarWcs fileWcs(file);
        m_cutout->setGeometry(fits::CutoutGeometry::of(
            file, fileWcs, fits::pixelBox(fits::FitsOrientation::toFile(file, low), fits::FitsOrientation::toFile(file, high))));
        return;
    }
    m_cutout->setGeometry(fits::CutoutGeometry::of(*m_geometry, *m_wcs, fits::pixelBox(a, b)));
}

ui::FieldOfViewExport FitsPreviewWidget::fieldOfViewExport() const
{
    ui::FieldOfViewExport out;
    out.filePath = m_path;
    out.recordSetKnown = !m_recordOrigin.isEmpty();
    out.recordSet = m_recordOrigin;
    if (!out.recordSetKnown && m_image)
        out.recordSet = fits::FitsRecordGuess::of(*m_image, m_path).recordSet();
    if (!m_view->box().isEmpty()) {
        const jsoc::ImPatchFromCutout c = m_cutout->cutout();
        if (c.step)
            out.imPatch = *c.step;
        out.placement = ui::placementOf(m_cutout->geometry());
        out.choice = m_cutout->choice();
    }
    return out;
}

void FitsPreviewWidget::requestFieldOfViewExport()
{
    const ui::FieldOfViewExport request = fieldOfViewExport();
    if (!request.imPatch.name.isEmpty())
        emit fieldOfViewExportRequested(request);
}

void FitsPreviewWidget::requestSameFieldExport()
{
    ui::FieldOfViewExport request = fieldOfViewExport();
    request.sameFieldInOtherSeries = true;
    if (!request.imPatch.name.isEmpty())
        emit fieldOfViewExportRequested(request);
}

void FitsPreviewWidget::pinCrosshair(const QPointF &shownPixel)
{
    m_pinned.reset();
    if (m_image && m_wcs) {
        const fits::SolarSurfaceProjection projection(*m_geometry, *m_wcs);
        fits::StonyhurstPoint point;
        if (projection.stonyhurstAt(shownPixel, &point)) {
            m_pinned = point;
            m_pinnedObserver = projection.observer();
        }
    }
    m_crosshairAction->setChecked(true);
    updateOverlays();
}

void FitsPreviewWidget::updateOverlays()
{
    const bool grid = m_gridAction->isChecked(), limb = m_limbAction->isChecked();
    const bool cross = m_crosshairAction->isChecked();
    if (!m_image || !m_wcs || (!grid && !limb && !cross)) {
        m_view->setGridLines({});
        m_view->setLimb({});
        m_view->setCrosshair(std::nullopt);
        return;
    }
    const fits::SolarSurfaceProjection projection(*m_geometry, *m_wcs);
    fits::SolarGridLines lines;
    if (grid || limb)
        lines = fits::SolarGridLines::of(projection);
    m_view->setGridLines(grid ? lines.parallels + lines.meridians : QList<QPolygonF>());
    m_view->setLimb(limb ? lines.limb : QPolygonF());
    if (!cross) {
        m_view->setCrosshair(std::nullopt);
        return;
    }
    if (!projection.isValid()) {
        m_view->setCrosshair(std::nullopt, projection.error());
        return;
    }
    if (!m_pinned) {
        m_view->setCrosshair(std::nullopt, tr("Click a point on the disk to pin the crosshair"));
        return;
    }
    fits::StonyhurstPoint now = *m_pinned;
    if (!fits::SolarRotation::rotated(*m_pinned, m_pinnedObserver, projection.observer(), &now))
        now = *m_pinned; // no times to turn by: the same Stonyhurst point
    const QString where = tr("Crosshair %1%2° %3%4°")
                              .arg(now.lon >= 0 ? QLatin1Char('W') : QLatin1Char('E')).arg(std::abs(now.lon), 0, 'f', 1)
                              .arg(now.lat >= 0 ? QLatin1Char('N') : QLatin1Char('S')).arg(std::abs(now.lat), 0, 'f', 1);
    QPointF pixel;
    switch (projection.displayPixelOf(now, &pixel)) {
    case fits::SurfaceVisibility::Visible:
        m_view->setCrosshair(pixel, where);
        break;
    case fits::SurfaceVisibility::BehindLimb:
        m_view->setCrosshair(std::nullopt, where + tr(": behind the limb"));
        break;
    case fits::SurfaceVisibility::Unknown:
        m_view->setCrosshair(std::nullopt, where + tr(": not placeable on this frame"));
        break;
    }
}
