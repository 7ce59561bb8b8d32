#include "ui/FitsImageView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

FitsImageView::FitsImageView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(200, 200);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(24, 24, 24));
    setPalette(p);
}

void FitsImageView::setImage(const QImage &image, bool keepView)
{
    const bool sameSize = image.size() == m_imageSize;
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

void FitsImageView::paintEvent(QPaintEvent *)
{
    if (m_pixmap.isNull())
        return;
    QPainter painter(this);
    // Smooth when shrinking (many pixels per screen pixel); sharp pixels when magnifying.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
    painter.drawPixmap(QRectF(m_offset, QSizeF(m_imageSize) * m_zoom), m_pixmap, QRectF(QPointF(0, 0), QSizeF(m_imageSize)));
}

void FitsImageView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    setZoomAround(m_zoom * std::pow(1.25, steps), event->position());
    event->accept();
}

void FitsImageView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = true;
        m_dragStart = event->position();
        m_offsetAtDrag = m_offset;
        setCursor(Qt::ClosedHandCursor);
    }
}

void FitsImageView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
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
    if (event->button() == Qt::LeftButton) {
        m_dragging = false;
        unsetCursor();
    }
}

void FitsImageView::leaveEvent(QEvent *)
{
    emit left();
}

void FitsImageView::resizeEvent(QResizeEvent *)
{
    if (m_fitted)
        fitToWindow();
}
