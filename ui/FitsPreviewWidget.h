#pragma once

#include "model/fits/ColourMap.h"
#include "model/fits/FitsImage.h"
#include "model/fits/FrameDifference.h"
#include "model/fits/ImageLimits.h"
#include "model/fits/SolarSurfaceProjection.h"
#include "model/fits/SolarWcs.h"
#include "model/fits/Stretch.h"
#include "ui/FieldOfViewExport.h"

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class FitsHeaderView;
class FitsImageView;
class HistogramWidget;
namespace ui {
class CutoutPanel;
}

// Self-contained FITS preview: open a file (decoded on the thread pool, result delivered as an
// immutable value; a newer open makes older results stale by generation number), then stretch,
// limits, colour map (auto from the header), invert, cube slice, histogram with draggable limits,
// zoom/pan, pixel readout with helioprojective coordinates, searchable header of every HDU and a
// caption with date, instrument, wavelength and exposure. Rendering is LUT-based into an Indexed8
// QImage; a colour-map change only swaps its 256-colour table. Solar north is up (the image is
// turned by CROTA2 when that is near a multiple of 90°, as HMI's ≈ 180°); image() is the turned
// image and the readout gives the file's pixel coordinates. Blank pixels have their own colour.
// showFrame() puts another decoded image of the same series in place with the same limits,
// stretch and colours (the movie player's frames).
// Cutouts: a box drawn on the image (FitsImageView's box tool or Shift+drag) is read out by a
// ui::CutoutPanel under the image, and its "Export this field of view…" (also in the image's
// context menu) emits fieldOfViewExportRequested with an im_patch step for the box.
class FitsPreviewWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FitsPreviewWidget)

public:
    explicit FitsPreviewWidget(QWidget *parent = nullptr);
    ~FitsPreviewWidget() override;

    void openFile(const QString &path, int slice = 0, int hdu = -1); // hdu -1: the first image

    QString currentFile() const { return m_path; }
    const fits::FitsImage *image() const { return m_image.get(); }
    HistogramWidget *histogram() const { return m_histogram; }
    fits::Limits limits() const { return m_limits; }
    QString colourMapName() const { return m_colourMap; }
    QImage renderedImage() const { return m_rendered; }
    QString readoutText() const;
    QString captionText() const;

    void setStretch(fits::StretchKind kind);
    void setClip(const fits::ClipSpec &clip);
    void setLimits(double low, double high); // manual limits
    void setColourMap(const QString &name);  // "auto" or a ColourMap name
    void setInvert(bool invert);
    void showReadoutAt(int x, int y);        // x, y as displayed (0-based, y up)
    void setNorthUp(bool northUp);           // re-opens the file turned (or not)
    bool northUp() const { return m_northUp; }
    void setBlankColour(QRgb colour);        // alpha 0 = transparent
    QRgb blankColour() const { return m_blankColour; }
    // A decoded frame (turned as northUp() says) shown with the current display settings; the
    // limits become manual so that every frame is drawn alike.
    void showFrame(const QString &path, std::shared_ptr<const fits::FitsImage> image);

    // Comparing frames (issue 17 item 2): the movie player's mode. The next frame shown sets the
    // limits for it (symmetric about 0 for differences, about 1 for ratios) and compared
    // frames use the blue-white-red map; Normal brings back the map chosen before.
    void setFrameMode(fits::FrameMode mode);
    fits::FrameMode frameMode() const { return m_frameMode; }
    fits::StretchSpec stretch() const { return m_stretch; }
    bool inverted() const { return m_invert; }
    QVector<QRgb> displayColours() const { return colourTable(); }

    FitsImageView *imageView() const { return m_view; }
    ui::CutoutPanel *cutoutPanel() const { return m_cutout; }
    void setBoxTool(bool on);
    // The record set the file shown came from, when the caller knows it (an export, a record's
    // look); "" = unknown, guessed from the file's name and header when a cutout is exported.
    void setRecordOrigin(const QString &recordSet);
    QString recordOrigin() const { return m_recordOrigin; }
    // What "Export this field of view…" would send now; an empty imPatch name when refused.
    ui::FieldOfViewExport fieldOfViewExport() const;
    void requestFieldOfViewExport(); // as the button does (nothing when the box is refused)
    void requestSameFieldExport();   // "Same field in other series…": the same signal, sameFieldInOtherSeries set

    // Overlays (issue 17): Stonyhurst grid every 15° (G), the limb (L) and a solar crosshair (X)
    // that a click pins to a surface point and that follows it, turning with the Sun's
    // differential rotation, in every frame shown. The window puts these actions in its View menu.
    QList<QAction *> overlayActions() const { return {m_gridAction, m_limbAction, m_crosshairAction}; }
    QAction *gridAction() const { return m_gridAction; }
    QAction *limbAction() const { return m_limbAction; }
    QAction *crosshairAction() const { return m_crosshairAction; }
    void pinCrosshair(const QPointF &shownPixel); // as a click does with the crosshair on; y up
    std::optional<fits::StonyhurstPoint> crosshairPoint() const { return m_pinned; } // at the pinned frame's time

signals:
    void loaded(const QString &path);
    void frameShown(const QString &path);
    void northUpChanged(bool northUp);
    void loadFailed(const QString &message);
    void fieldOfViewExportRequested(const ui::FieldOfViewExport &request);

private:
    struct Frame; // the worker's result: loaded image, first limits, histogram
    void onLoaded();
    void applyClip();
    void scheduleRender();
    void updateHistogramLater(); // for a frame shown by showFrame()
    void render();
    void applyColours();
    void setImageControlsEnabled(bool enabled);
    QString orientationNote() const;
    QVector<QRgb> colourTable() const;
    void updateCutout(); // the box's geometry on the image now shown

    QString m_path;
    quint64 m_generation = 0;
    QFutureWatcher<std::shared_ptr<Frame>> m_watcher;
    std::shared_ptr<const fits::FitsImage> m_image;
    std::unique_ptr<fits::SolarWcs> m_wcs;
    // m_image's facts and header in its own pixels (a frame played smaller than its file): what m_wcs,
    // the overlays and the cutout box are computed on.
    std::shared_ptr<const fits::FitsImage> m_geometry;
    void setGeometryOfShown();
    fits::Limits m_limits;
    fits::ClipSpec m_clip;
    fits::StretchSpec m_stretch;
    QString m_colourMapChoice = QStringLiteral("auto");
    QString m_colourMap = QStringLiteral("gray");
    bool m_invert = false;
    bool m_northUp = true;
    QRgb m_blankColour = fits::ColourMap::kDefaultBlank;
    bool m_renderPending = false;
    QImage m_rendered;

    FitsImageView *m_view = nullptr;
    HistogramWidget *m_histogram = nullptr;
    QList<QWidget *> m_imageControls; // act on the image: disabled while there is none
    FitsHeaderView *m_header = nullptr;
    QLabel *m_caption = nullptr;
    QLabel *m_readout = nullptr;
    QLabel *m_limitsLabel = nullptr;
    QComboBox *m_stretchBox = nullptr;
    QComboBox *m_clipBox = nullptr;
    QComboBox *m_colourBox = nullptr;
    QCheckBox *m_invertBox = nullptr;
    QSpinBox *m_sliceBox = nullptr;
    QCheckBox *m_northUpBox = nullptr;
    QPushButton *m_blankButton = nullptr;
    ui::CutoutPanel *m_cutout = nullptr;
    QString m_recordOrigin;

    fits::FrameMode m_frameMode = fits::FrameMode::Normal; // comparing frames (setFrameMode)
    bool m_limitsFollowMode = false;
    QString m_normalColourChoice = QStringLiteral("auto");

    void updateOverlays(); // grid, limb and crosshair for the frame now shown
    QAction *m_gridAction = nullptr;
    QAction *m_limbAction = nullptr;
    QAction *m_crosshairAction = nullptr;
    std::optional<fits::StonyhurstPoint> m_pinned;
    fits::SolarObserver m_pinnedObserver; // whose time and L0 the pinned point is counted at
};
