#pragma once

#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QWidget>

// Shows a rendered FITS image (already oriented: bottom row = row 0 of the shown FitsImage) with
// wheel zoom around the cursor, drag to pan, fit-to-window and 1:1. Reports the pixel under the
// cursor in the shown image's orientation (x to the right, y up, 0-based); the preview maps it to
// the file's pixel when the image was turned for north up. Converts the image to a pixmap once
// per setImage(), not per paint.
// Box tool: with the tool on (setBoxTool) or Shift held, a drag draws a box of whole image pixels
// instead of panning. The box is kept in image pixels, so zoom and pan keep it on the same sky;
// Esc clears it. A new image of another size clears it too (its pixels mean something else).
class FitsImageView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsImageView)

public:
    explicit FitsImageView(QWidget *parent = nullptr);

    // `keepView`: keep zoom and pan (a re-render of the same image); otherwise fit to the window.
    void setImage(const QImage &image, bool keepView);
    double zoom() const { return m_zoom; }

    void setBoxTool(bool on);
    bool boxTool() const { return m_boxTool; }
    // The box in the shown image's pixels, 0-based, y up (as hovered() counts); empty when none.
    QRect box() const;
    void setBox(const QRect &box);
    void clearBox();
    // Where the box is drawn on the widget now (its outer pixel edges); empty when none.
    QRectF boxOnWidget() const;

public slots:
    void fitToWindow();
    void actualSize();

signals:
    void hovered(int x, int y);   // shown image's pixel, y up, 0-based
    void left();                  // the cursor left the image
    void zoomChanged(double zoom);
    void boxChanged(const QRect &box); // while it is drawn, and once at the end; y up, 0-based
    void boxCleared();

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QPointF toImage(const QPointF &widgetPos) const;
    void setZoomAround(double zoom, const QPointF &widgetPos);
    QPoint imagePixelAt(const QPointF &widgetPos) const; // QImage pixel (y down), unclamped
    void restoreCursor(); // the box tool's cross, or the parent's cursor

    QPixmap m_pixmap;
    QSize m_imageSize;
    double m_zoom = 1.0;
    QPointF m_offset;        // widget position of the image's top-left corner
    QPointF m_dragStart;
    QPointF m_offsetAtDrag;
    bool m_dragging = false;
    bool m_fitted = true;    // refit on resize until the user zooms or pans
    bool m_boxTool = false;
    bool m_drawingBox = false;
    QPoint m_boxAnchor;      // QImage pixel where the drag began
    QRect m_box;             // QImage pixels (y down), inclusive; null when none
};
