#include "ui/FitsImageView.h"

#include "model/fits/CutoutGeometry.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

FitsImageView::FitsImageView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus); // Esc clears the box
    setMinimumSize(200, 200);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(24, 24, 24));
    setPalette(p);
}

void FitsImageView::setImage(const QImage &image, bool keepView)
{
    const bool sameSize = image.size() == m_imageSize;
    if (!sameSize && !m_box.isNull())
        clearBox();
    m_pixmap = QPixmap::fromImage(image);
    m_imageSize = image.size();
    if (!keepView || !sameSize || m_fitted)
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

void FitsImageView::paintEvent(QPaintEvent *)
{
    if (m_pixmap.isNull())
        return;
    QPainter painter(this);
    // Smooth when shrinking (many pixels per screen pixel); sharp pixels when magnifying.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
    painter.drawPixmap(QRectF(m_offset, QSizeF(m_imageSize) * m_zoom), m_pixmap, QRectF(QPointF(0, 0), QSizeF(m_imageSize)));
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
        m_offset = m_offsetAtDrag + (event->position() - m_dragStart);
        m_fitted = false;
        update();
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
    if (event->button() == Qt::LeftButton) {
        m_dragging = false;
        restoreCursor();
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
