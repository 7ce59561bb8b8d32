#include "ui/FitsImageView.h"

#include "model/fits/CutoutGeometry.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QThreadPool>
#include <QWheelEvent>
#include <QtConcurrentRun>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

// The image's rectangle on the widget, cut to the widget: what a raster has to cover.
QRectF visibleRectOnWidget(const FitsImageView::ViewKey &key, const QSize &imageSize)
{
    return QRectF(key.offset, QSizeF(imageSize) * key.zoom).intersected(QRectF(QPointF(0, 0), QSizeF(key.widgetSize)));
}

// Premultiplied colour of each index (a blank colour may be transparent).
std::vector<QRgb> premultipliedTableOfView(const QImage &image)
{
    std::vector<QRgb> table(256, 0);
    const QList<QRgb> colours = image.colorTable();
    for (int i = 0; i < colours.size() && i < 256; ++i)
        table[std::size_t(i)] = qPremultiply(colours[i]);
    return table;
}

// One lookup per screen pixel: the image pixel under its centre (what a nearest-neighbour painter
// would draw), over the visible part only. `image` is Indexed8 or a 32-bit format.
FitsImageView::ViewRaster sampleVisibleNearest(const QImage &image, const FitsImageView::ViewKey &key)
{
    FitsImageView::ViewRaster raster;
    raster.key = key;
    const QRectF visible = visibleRectOnWidget(key, image.size());
    if (visible.isEmpty() || image.isNull())
        return raster;
    const double dpr = key.dpr;
    const int left = int(std::floor(visible.left() * dpr)), top = int(std::floor(visible.top() * dpr));
    const int right = int(std::ceil(visible.right() * dpr)), bottom = int(std::ceil(visible.bottom() * dpr));
    QImage out(right - left, bottom - top, QImage::Format_ARGB32_Premultiplied);
    const int w = image.width(), h = image.height();
    std::vector<int> columnOf(std::size_t(out.width()));
    for (int i = 0; i < out.width(); ++i)
        columnOf[std::size_t(i)] = int(std::floor(((left + i + 0.5) / dpr - key.offset.x()) / key.zoom));
    const bool indexed = image.format() == QImage::Format_Indexed8;
    const bool premultiplied = image.format() == QImage::Format_ARGB32_Premultiplied;
    const std::vector<QRgb> table = indexed ? premultipliedTableOfView(image) : std::vector<QRgb>();
    for (int j = 0; j < out.height(); ++j) {
        auto *dst = reinterpret_cast<QRgb *>(out.scanLine(j));
        const int row = int(std::floor(((top + j + 0.5) / dpr - key.offset.y()) / key.zoom));
        if (row < 0 || row >= h) {
            std::fill(dst, dst + out.width(), QRgb(0));
            continue;
        }
        const uchar *line = image.constScanLine(row);
        for (int i = 0; i < out.width(); ++i) {
            const int x = columnOf[std::size_t(i)];
            if (x < 0 || x >= w)
                dst[i] = 0;
            else if (indexed)
                dst[i] = table[line[x]];
            else {
                const QRgb c = reinterpret_cast<const QRgb *>(line)[x];
                dst[i] = premultiplied ? c : qPremultiply(c);
            }
        }
    }
    raster.image = std::move(out);
    raster.widgetRect = QRectF(left / dpr, top / dpr, raster.image.width() / dpr, raster.image.height() / dpr);
    return raster;
}

// Mean of the premultiplied colours of every image pixel whose centre falls in a screen pixel
// (binning: each image pixel counts once, so a 5× shrink averages 5 × 5, never aliases as a
// bilinear painter would). Reads the Indexed8 image once, row by row, with one row of sums:
// no full-size colour copy. Runs on the pool: ~50 ms for 16 M pixels.
FitsImageView::ViewRaster averageVisibleArea(const QImage &image, const FitsImageView::ViewKey &key)
{
    FitsImageView::ViewRaster raster;
    raster.key = key;
    raster.settled = true;
    const QRectF visible = visibleRectOnWidget(key, image.size());
    if (visible.isEmpty() || image.isNull())
        return raster;
    const QRectF inImage((visible.topLeft() - key.offset) / key.zoom, visible.size() / key.zoom);
    const QRect pixels = QRect(QPoint(int(std::floor(inImage.left())), int(std::floor(inImage.top()))),
                               QPoint(int(std::ceil(inImage.right())) - 1, int(std::ceil(inImage.bottom())) - 1))
                             .intersected(image.rect());
    if (pixels.isEmpty())
        return raster;
    const int tw = std::clamp(int(std::lround(pixels.width() * key.zoom * key.dpr)), 1, pixels.width());
    const int th = std::clamp(int(std::lround(pixels.height() * key.zoom * key.dpr)), 1, pixels.height());
    QImage out(tw, th, QImage::Format_ARGB32_Premultiplied);
    std::vector<int> binOfColumn(std::size_t(pixels.width()));
    for (int i = 0; i < pixels.width(); ++i)
        binOfColumn[std::size_t(i)] = std::min(tw - 1, int((i + 0.5) * tw / pixels.width()));
    const bool indexed = image.format() == QImage::Format_Indexed8;
    const bool premultiplied = image.format() == QImage::Format_ARGB32_Premultiplied;
    const std::vector<QRgb> table = indexed ? premultipliedTableOfView(image) : std::vector<QRgb>();
    std::vector<quint32> sums(std::size_t(tw) * 4, 0), counts(std::size_t(tw), 0);
    auto flushRow = [&](int ty) {
        auto *dst = reinterpret_cast<QRgb *>(out.scanLine(ty));
        for (int x = 0; x < tw; ++x) {
            const quint32 n = std::max<quint32>(1, counts[std::size_t(x)]);
            const quint32 *s = &sums[std::size_t(x) * 4];
            dst[x] = qRgba(int((s[0] + n / 2) / n), int((s[1] + n / 2) / n), int((s[2] + n / 2) / n), int((s[3] + n / 2) / n));
        }
        std::fill(sums.begin(), sums.end(), 0u);
        std::fill(counts.begin(), counts.end(), 0u);
    };
    int currentRow = 0;
    for (int sy = 0; sy < pixels.height(); ++sy) {
        const int ty = std::min(th - 1, int((sy + 0.5) * th / pixels.height()));
        if (ty != currentRow) {
            flushRow(currentRow);
            currentRow = ty;
        }
        const uchar *line = image.constScanLine(pixels.top() + sy);
        for (int sx = 0; sx < pixels.width(); ++sx) {
            const int x = pixels.left() + sx;
            QRgb c = 0;
            if (indexed)
                c = table[line[x]];
            else {
                c = reinterpret_cast<const QRgb *>(line)[x];
                if (!premultiplied)
                    c = qPremultiply(c);
            }
            const std::size_t b = std::size_t(binOfColumn[std::size_t(sx)]);
            quint32 *s = &sums[b * 4];
            s[0] += quint32(qRed(c));
            s[1] += quint32(qGreen(c));
            s[2] += quint32(qBlue(c));
            s[3] += quint32(qAlpha(c));
            ++counts[b];
        }
    }
    flushRow(currentRow);
    raster.image = std::move(out);
    raster.widgetRect = QRectF(key.offset + QPointF(pixels.topLeft()) * key.zoom, QSizeF(pixels.size()) * key.zoom);
    return raster;
}

// The averaging is bulk work that must never take a core from the GUI thread. Linux shares the CPU
// among a session's threads as one group (autogroup), so a pool thread of equal weight halves the
// GUI thread's share on a busy machine: the rasters get their own thread, niced (Qt's thread
// priorities do not change SCHED_OTHER threads on Linux). One thread: only the newest view counts.
QThreadPool *viewRasterPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool; // lives as long as the process; its thread may be mid-raster at exit
        p->setMaxThreadCount(1);
        return p;
    }();
    return pool;
}

void niceViewRasterThread()
{
#ifdef Q_OS_LINUX
    // On Linux the nice value is per thread (setpriority on a thread id).
    setpriority(PRIO_PROCESS, id_t(gettid()), 10);
#endif
}

} // namespace

FitsImageView::FitsImageView(QWidget *parent)
    : QWidget(parent)
{
    connect(&m_rasterWatcher, &QFutureWatcherBase::finished, this, &FitsImageView::onRasterMade);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus); // Esc clears the box
    setMinimumSize(200, 200);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(24, 24, 24));
    setPalette(p);
}

FitsImageView::~FitsImageView()
{
    // A raster still being made finishes on the pool with its own copy of the image, unheard.
    m_rasterWatcher.disconnect(this);
}

void FitsImageView::setImage(const QImage &image, bool keepView)
{
    const bool sameSize = image.size() == m_imageSize;
    // keepView with another size: the same picture at another resolution (a movie frame played at
    // screen size, then paused at full size): zoom, pan and box stay on the same sky.
    const bool rescaled = keepView && !sameSize && !m_imageSize.isEmpty() && !image.isNull();
    if (rescaled) {
        const double rx = double(image.width()) / m_imageSize.width(), ry = double(image.height()) / m_imageSize.height();
        m_zoom /= rx;
        if (!m_box.isNull()) {
            // Scaled from the box as drawn (not from the last scaled one), so playing and pausing
            // again and again never grows it; back at the size it was drawn on, it is that box.
            if (m_box != m_boxRescaled || m_boxDrawnOn.isEmpty()) {
                m_boxDrawn = m_box;
                m_boxDrawnOn = m_imageSize;
            }
            const double sx = double(image.width()) / m_boxDrawnOn.width(), sy = double(image.height()) / m_boxDrawnOn.height();
            const QRect &d = m_boxDrawn;
            m_box = image.size() == m_boxDrawnOn
                        ? d
                        : QRect(QPoint(int(std::floor(d.left() * sx)), int(std::floor(d.top() * sy))),
                                QPoint(int(std::ceil((d.right() + 1) * sx)) - 1, int(std::ceil((d.bottom() + 1) * sy)) - 1));
            m_boxRescaled = m_box;
        }
        emit zoomChanged(m_zoom);
    } else if (!sameSize && !m_box.isNull()) {
        clearBox();
    }
    // Shared, not copied: the preview keeps its own; the samplers read Indexed8 or 32-bit pixels.
    const QImage::Format f = image.format();
    const bool readable = f == QImage::Format_Indexed8 || f == QImage::Format_RGB32 || f == QImage::Format_ARGB32
                          || f == QImage::Format_ARGB32_Premultiplied;
    m_image = image.isNull() || readable ? image : image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    ++m_imageSerial;
    m_imageSize = image.size();
    if (!keepView || (!sameSize && !rescaled) || m_fitted)
        fitToWindow();
    else
        update();
}

void FitsImageView::fitToWindow()
{
    m_fitted = true;
    if (m_imageSize.isEmpty()) {
        update();
        return;
    }
    const double z = std::min(double(width()) / m_imageSize.width(), double(height()) / m_imageSize.height());
    m_zoom = z > 0 ? z : 1.0;
    m_offset = QPointF((width() - m_imageSize.width() * m_zoom) / 2, (height() - m_imageSize.height() * m_zoom) / 2);
    emit zoomChanged(m_zoom);
    update();
}

void FitsImageView::setZoom(double zoom)
{
    setZoomAround(zoom, QPointF(width() / 2.0, height() / 2.0));
}

QPointF FitsImageView::widgetPosOf(const QPointF &imagePixel) const
{
    // Shown pixel (x, y up) has its centre at QImage (x + 0.5, height - 1 - y + 0.5).
    return m_offset + QPointF(imagePixel.x() + 0.5, m_imageSize.height() - imagePixel.y() - 0.5) * m_zoom;
}

QPolygonF FitsImageView::toWidget(const QPolygonF &imagePolygon) const
{
    QPolygonF out;
    out.reserve(imagePolygon.size());
    for (const QPointF &p : imagePolygon)
        out.append(widgetPosOf(p));
    return out;
}

void FitsImageView::actualSize()
{
    setZoomAround(1.0, QPointF(width() / 2.0, height() / 2.0));
}

void FitsImageView::setZoomAround(double zoom, const QPointF &widgetPos)
{
    zoom = std::clamp(zoom, 0.01, 64.0);
    const QPointF imagePos = (widgetPos - m_offset) / m_zoom;
    m_zoom = zoom;
    m_offset = widgetPos - imagePos * m_zoom;
    m_fitted = false;
    emit zoomChanged(m_zoom);
    update();
}

QPointF FitsImageView::toImage(const QPointF &widgetPos) const
{
    return (widgetPos - m_offset) / m_zoom;
}

QPoint FitsImageView::imagePixelAt(const QPointF &widgetPos) const
{
    const QPointF p = toImage(widgetPos);
    return QPoint(int(std::floor(p.x())), int(std::floor(p.y())));
}

void FitsImageView::setBoxTool(bool on)
{
    m_boxTool = on;
    restoreCursor();
}

void FitsImageView::restoreCursor()
{
    if (m_boxTool)
        setCursor(Qt::CrossCursor);
    else
        unsetCursor();
}

QRect FitsImageView::box() const
{
    if (m_box.isNull())
        return {};
    // QImage row r is y = height - 1 - r counted upwards.
    return QRect(QPoint(m_box.left(), m_imageSize.height() - 1 - m_box.bottom()),
                 QPoint(m_box.right(), m_imageSize.height() - 1 - m_box.top()));
}

void FitsImageView::setBox(const QRect &box)
{
    const QRect b = fits::pixelBox(box.topLeft(), box.bottomRight());
    if (b.isEmpty() || m_imageSize.isEmpty()) {
        clearBox();
        return;
    }
    m_box = QRect(QPoint(b.left(), m_imageSize.height() - 1 - b.bottom()),
                  QPoint(b.right(), m_imageSize.height() - 1 - b.top()));
    update();
    emit boxChanged(this->box());
}

void FitsImageView::clearBox()
{
    m_drawingBox = false;
    if (m_box.isNull())
        return;
    m_box = QRect();
    update();
    emit boxCleared();
}

QRectF FitsImageView::boxOnWidget() const
{
    if (m_box.isNull())
        return {};
    // Outer edges: pixel i spans [i, i + 1) in image coordinates.
    return QRectF(m_offset + QPointF(m_box.left(), m_box.top()) * m_zoom,
                  QSizeF(m_box.width(), m_box.height()) * m_zoom);
}

FitsImageView::ViewKey FitsImageView::currentKey() const
{
    return ViewKey{m_imageSerial, m_zoom, m_offset, size(), devicePixelRatioF()};
}

bool FitsImageView::rasterSettled() const
{
    return m_image.isNull() || (m_raster.key == currentKey() && m_raster.settled);
}

QRectF FitsImageView::rasterRectNow(const ViewRaster &raster) const
{
    const double s = m_zoom / raster.key.zoom;
    return QRectF(m_offset + (raster.widgetRect.topLeft() - raster.key.offset) * s, raster.widgetRect.size() * s);
}

void FitsImageView::requestRaster()
{
    if (m_rasterRunning)
        return; // onRasterMade asks again for the view of that moment
    m_rasterRunning = true;
    m_rasterWatcher.setFuture(QtConcurrent::run(viewRasterPool(), [image = m_image, key = currentKey()] {
        niceViewRasterThread();
        if (key.zoom >= 1.0) {
            // Magnified: sharp pixels are the final picture.
            ViewRaster r = sampleVisibleNearest(image, key);
            r.settled = true;
            return r;
        }
        return averageVisibleArea(image, key);
    }));
}

void FitsImageView::onRasterMade()
{
    m_rasterRunning = false;
    ViewRaster raster = m_rasterWatcher.result();
    if (raster.key == currentKey()) {
        m_raster = std::move(raster);
        update();
    } else if (!rasterSettled()) {
        requestRaster();
    }
}

void FitsImageView::paintEvent(QPaintEvent *)
{
    if (m_image.isNull())
        return;
    QPainter painter(this);
    const ViewKey key = currentKey();
    if (m_raster.key == key) {
        painter.drawImage(m_raster.widgetRect, m_raster.image);
    } else {
        const QRectF visible = visibleRectOnWidget(key, m_imageSize);
        const bool sameImage = m_raster.key.imageSerial == key.imageSerial && m_raster.key.dpr == key.dpr
                               && !m_raster.image.isNull();
        const QRectF moved = sameImage ? rasterRectNow(m_raster) : QRectF();
        if (sameImage && moved.adjusted(-0.5, -0.5, 0.5, 0.5).contains(visible)) {
            // Zoomed or panned: the last picture, moved and scaled (one screen-sized draw), until
            // the one for this view is made.
            painter.drawImage(moved, m_raster.image);
            requestRaster();
        } else {
            // A new image, or the last picture does not cover what is visible now: a nearest-pixel
            // sample on the spot (one lookup per screen pixel), final when magnified.
            m_raster = sampleVisibleNearest(m_image, key);
            m_raster.settled = m_zoom >= 1.0;
            painter.drawImage(m_raster.widgetRect, m_raster.image);
            if (!m_raster.settled)
                requestRaster();
        }
    }
    paintOverlays(painter);
    if (!m_box.isNull()) {
        // Dark under bright, so the box shows on a bright disk and on dark sky alike.
        const QRectF r = boxOnWidget();
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
        painter.drawRect(r);
        painter.setPen(QPen(QColor(255, 255, 0), 1));
        painter.drawRect(r);
    }
}

void FitsImageView::paintOverlays(QPainter &painter) const
{
    if (m_gridLines.isEmpty() && m_limb.isEmpty() && !m_crosshair && m_crosshairNote.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setBrush(Qt::NoBrush);
    // Each grid line over a faint dark one twice as wide, so it reads on the white of a
    // difference map (blue-white-red) as well as on a dark disk.
    const QPen underlay(gridUnderlayColour(), 2); // drawn in widget pixels: the same at any zoom
    const QPen grid(gridColour(), 0);             // width 0: cosmetic, one device pixel
    for (const QPen &pen : {underlay, grid}) {
        painter.setPen(pen);
        for (const QPolygonF &line : m_gridLines)
            painter.drawPolyline(toWidget(line));
    }
    if (!m_limb.isEmpty()) {
        painter.setPen(QPen(limbColour(), 0));
        painter.drawPolyline(toWidget(m_limb));
    }
    if (m_crosshair) {
        const QPointF c = widgetPosOf(*m_crosshair);
        constexpr double arm = 10, gap = 3; // screen pixels: open centre, the feature stays visible
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
        for (int pass = 0; pass < 2; ++pass) {
            painter.drawLine(c + QPointF(-arm, 0), c + QPointF(-gap, 0));
            painter.drawLine(c + QPointF(gap, 0), c + QPointF(arm, 0));
            painter.drawLine(c + QPointF(0, -arm), c + QPointF(0, -gap));
            painter.drawLine(c + QPointF(0, gap), c + QPointF(0, arm));
            painter.setPen(QPen(crosshairColour(), 1));
        }
    }
    if (!m_crosshairNote.isEmpty()) {
        painter.setPen(crosshairColour());
        painter.drawText(rect().adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignLeft, m_crosshairNote);
    }
    painter.restore();
}

void FitsImageView::setGridLines(const QList<QPolygonF> &lines)
{
    m_gridLines = lines;
    update();
}

void FitsImageView::setLimb(const QPolygonF &limb)
{
    m_limb = limb;
    update();
}

void FitsImageView::setCrosshair(const std::optional<QPointF> &point, const QString &note)
{
    m_crosshair = point;
    m_crosshairNote = note;
    update();
}

void FitsImageView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    setZoomAround(m_zoom * std::pow(1.25, steps), event->position());
    event->accept();
}

void FitsImageView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_imageSize.isEmpty()
        && (m_boxTool || event->modifiers().testFlag(Qt::ShiftModifier))) {
        m_drawingBox = true;
        m_boxAnchor = imagePixelAt(event->position());
        m_box = QRect(m_boxAnchor, m_boxAnchor);
        update();
        emit boxChanged(box());
        return;
    }
    if (event->button() == Qt::LeftButton) {
        m_dragging = true;
        m_dragMoved = false;
        m_dragStart = event->position();
        m_offsetAtDrag = m_offset;
        setCursor(Qt::ClosedHandCursor);
    }
}

void FitsImageView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_drawingBox) {
        const QRect next = fits::pixelBox(m_boxAnchor, imagePixelAt(event->position()));
        if (next != m_box) {
            m_box = next;
            update();
            emit boxChanged(box());
        }
    } else if (m_dragging) {
        if ((event->position() - m_dragStart).manhattanLength() >= 3)
            m_dragMoved = true; // a click that wobbled a pixel or two is still a click
        if (m_dragMoved) {
            m_offset = m_offsetAtDrag + (event->position() - m_dragStart);
            m_fitted = false;
            update();
        }
    }
    const QPointF p = toImage(event->position());
    const int x = int(std::floor(p.x()));
    const int row = int(std::floor(p.y()));
    if (x < 0 || row < 0 || x >= m_imageSize.width() || row >= m_imageSize.height()) {
        emit left();
        return;
    }
    emit hovered(x, m_imageSize.height() - 1 - row); // QImage row 0 is the top = last FITS row
}

void FitsImageView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_drawingBox) {
        m_drawingBox = false;
        const QRect next = fits::pixelBox(m_boxAnchor, imagePixelAt(event->position()));
        m_box = next;
        update();
        emit boxChanged(box());
        return;
    }
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        restoreCursor();
        if (!m_dragMoved && !m_imageSize.isEmpty()) {
            const QPointF p = toImage(m_dragStart);
            emit clicked(QPointF(p.x() - 0.5, m_imageSize.height() - p.y() - 0.5));
        }
    }
}

void FitsImageView::leaveEvent(QEvent *)
{
    emit left();
}

void FitsImageView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && !m_box.isNull()) {
        clearBox();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void FitsImageView::resizeEvent(QResizeEvent *)
{
    if (m_fitted)
        fitToWindow();
}
