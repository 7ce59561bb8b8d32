#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QPolygonF>
#include <QWidget>

#include <optional>

// Shows a rendered FITS image (already oriented: bottom row = row 0 of the shown FitsImage) with
// wheel zoom around the cursor, drag to pan, fit-to-window and 1:1. Reports the pixel under the
// cursor in the shown image's orientation (x to the right, y up, 0-based); the preview maps it to
// the file's pixel when the image was turned for north up.
// Never blocks on a large image (a 4096² frame is 16 M pixels): what is painted is a screen-sized
// raster of the visible part only, cached until zoom, pan, size or image change, and made on a
// thread of its own (area-averaged when shrunk, sharp pixels when magnified). Until it comes, the
// previous raster is drawn moved and scaled (one screen-sized draw); when that does not cover the
// view (a new image, zooming out), a nearest-pixel sample of the visible part is made on the spot,
// one lookup per screen pixel, so there is never a blank frame. Repaints for the box, the overlays
// or a hover draw the cached raster and what lies on top.
// Box tool: with the tool on (setBoxTool) or Shift held, a drag draws a box of whole image pixels
// instead of panning. The box is kept in image pixels, so zoom and pan keep it on the same sky;
// Esc clears it. A new image of another size clears it too (its pixels mean something else).
// Overlays (grid lines, limb, a crosshair) are given in the shown image's pixels, y up, and drawn
// with thin cosmetic pens above the picture.
class FitsImageView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsImageView)

public:
    explicit FitsImageView(QWidget *parent = nullptr);
    ~FitsImageView() override;

    // `keepView`: keep zoom and pan (a re-render of the same image); otherwise fit to the window.
    void setImage(const QImage &image, bool keepView);
    QImage image() const { return m_image; }
    double zoom() const { return m_zoom; }
    void setZoom(double zoom); // around the widget's centre
    // Where the centre of shown pixel (x, y up) is on the widget.
    QPointF widgetPosOf(const QPointF &imagePixel) const;
    // True once the raster on screen is the final one for the current view (not a stand-in
    // while that is made).
    bool rasterSettled() const;

    void setBoxTool(bool on);
    bool boxTool() const { return m_boxTool; }
    // The box in the shown image's pixels, 0-based, y up (as hovered() counts); empty when none.
    QRect box() const;
    void setBox(const QRect &box);
    void clearBox();
    // Where the box is drawn on the widget now (its outer pixel edges); empty when none.
    QRectF boxOnWidget() const;

    // Overlays in the shown image's pixels (0-based, y up); empty lists draw nothing.
    void setGridLines(const QList<QPolygonF> &lines);
    void setLimb(const QPolygonF &limb);
    // A crosshair at `point`; none when empty. `note` is written in a corner (e.g. "behind the limb").
    void setCrosshair(const std::optional<QPointF> &point, const QString &note = {});
    std::optional<QPointF> crosshair() const { return m_crosshair; }
    QString crosshairNote() const { return m_crosshairNote; }
    static QColor gridColour() { return QColor(255, 255, 255, 140); }
    static QColor gridUnderlayColour() { return QColor(0, 0, 0, 110); }
    static QColor limbColour() { return QColor(255, 200, 0, 200); }
    static QColor crosshairColour() { return QColor(0, 255, 255); }

public slots:
    void fitToWindow();
    void actualSize();

signals:
    void hovered(int x, int y);   // shown image's pixel, y up, 0-based
    void left();                  // the cursor left the image
    void zoomChanged(double zoom);
    void boxChanged(const QRect &box); // while it is drawn, and once at the end; y up, 0-based
    void boxCleared();
    void clicked(const QPointF &imagePos); // a press and release without a drag; y up, pixel centres integral

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

public:
    // What a raster was made for: equal keys mean the same pixels on screen.
    struct ViewKey {
        quint64 imageSerial = 0;
        double zoom = 0;
        QPointF offset;
        QSize widgetSize;
        double dpr = 1;
        bool operator==(const ViewKey &) const = default;
    };
    // A screen-resolution picture of the visible part and where it goes on the widget.
    struct ViewRaster {
        QImage image;
        QRectF widgetRect;
        ViewKey key;
        bool settled = false; // final for its view (not a stand-in while the final one is made)
    };

private:
    QPointF toImage(const QPointF &widgetPos) const;
    void setZoomAround(double zoom, const QPointF &widgetPos);
    QPoint imagePixelAt(const QPointF &widgetPos) const; // QImage pixel (y down), unclamped
    void restoreCursor(); // the box tool's cross, or the parent's cursor
    ViewKey currentKey() const;
    void requestRaster(); // the final raster of the current view, on a thread; the newest view wins
    void onRasterMade();
    QRectF rasterRectNow(const ViewRaster &raster) const; // a raster of an older view, on the widget now
    void paintOverlays(QPainter &painter) const;
    QPolygonF toWidget(const QPolygonF &imagePolygon) const;

    QImage m_image;
    quint64 m_imageSerial = 0;
    QSize m_imageSize;
    double m_zoom = 1.0;
    QPointF m_offset;        // widget position of the image's top-left corner
    QPointF m_dragStart;
    QPointF m_offsetAtDrag;
    bool m_dragging = false;
    bool m_dragMoved = false;
    bool m_fitted = true;    // refit on resize until the user zooms or pans
    bool m_boxTool = false;
    bool m_drawingBox = false;
    QPoint m_boxAnchor;      // QImage pixel where the drag began
    QRect m_box;             // QImage pixels (y down), inclusive; null when none
    QRect m_boxDrawn;        // the box as drawn, on an image of size m_boxDrawnOn (setImage rescaling)
    QSize m_boxDrawnOn;
    QRect m_boxRescaled;     // what the last rescaling made of it

    ViewRaster m_raster;         // the latest picture; drawn moved and scaled while its view is old
    QFutureWatcher<ViewRaster> m_rasterWatcher;
    bool m_rasterRunning = false;

    QList<QPolygonF> m_gridLines;
    QPolygonF m_limb;
    std::optional<QPointF> m_crosshair;
    QString m_crosshairNote;
};
