// The cutout box on the FITS preview, through the real widgets (offscreen) on the simulator's
// SDO images (FitsFactory: AIA 171 and an HMI magnetogram, which the preview turns 180° for north
// up): a box drawn with the mouse is read out in the file's 1-based pixels, helioprojective arcsec
// and Stonyhurst degrees; zoom and pan keep it on the same pixels of the picture; Esc clears it;
// the im_patch step it makes; and the three refusals (centre off the disk with tracking, a box
// larger than the image, a series JSOC does not process). Sky positions are checked against this
// file's own linear WCS from the header and the simulator's surface geometry, not against the
// code under test.
#include "model/exports/ImPatchFromCutout.h"
#include "model/exports/ProcessingCheck.h"
#include "model/fits/CutoutGeometry.h"
#include "model/fits/FitsImage.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsRecordGuess.h"
#include "sim/FitsFactory.h"
#include "sim/SunGeometry.h"
#include "ui/CutoutPanel.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <cmath>

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kSize = 512;

// Helioprojective arcsec of a FITS pixel (1-based) by the header's linear CROTA2 WCS.
struct LinearWcs {
    double crpix1 = 0, crpix2 = 0, cdelt1 = 0, cdelt2 = 0, crval1 = 0, crval2 = 0, crota2 = 0;
    static LinearWcs of(const fits::FitsImage &im)
    {
        LinearWcs w;
        w.crpix1 = im.cardNumber(QStringLiteral("CRPIX1"));
        w.crpix2 = im.cardNumber(QStringLiteral("CRPIX2"));
        w.cdelt1 = im.cardNumber(QStringLiteral("CDELT1"));
        w.cdelt2 = im.cardNumber(QStringLiteral("CDELT2"));
        w.crval1 = im.cardNumber(QStringLiteral("CRVAL1"), 0.0);
        w.crval2 = im.cardNumber(QStringLiteral("CRVAL2"), 0.0);
        w.crota2 = im.cardNumber(QStringLiteral("CROTA2"), 0.0);
        return w;
    }
    QPointF sky(double p1, double p2) const
    {
        const double a = crota2 * kPi / 180, c = std::cos(a), s = std::sin(a);
        const double u = (p1 - crpix1) * cdelt1, v = (p2 - crpix2) * cdelt2;
        return {crval1 + u * c - v * s, crval2 + u * s + v * c};
    }
};

} // namespace

class TestCutoutBox final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void drawnBoxReadsInPixelsArcsecAndStonyhurst();
    void northUpHmiBoxIsReadInTheFilesPixels();
    void zoomAndPanKeepTheBoxOnTheSamePixels();
    void escapeClearsTheBox();
    void imPatchStepDescribesTheBox();
    void refusesACentreOffTheDiskWhileTracking();
    void refusesABoxLargerThanTheImage();
    void refusesASeriesJsocDoesNotProcess();
    void windowOffersTheBoxToolAndPassesTheExportOn();
    void anotherFrameKeepsTheBoxAndGivesItsOwnTime();

private:
    QString writeImage(const QString &series, const QString &segment, const QString &recordSpec);
    void open(const QString &path);
    QPoint pixelAt(const QPoint &widgetPos); // the shown pixel under the cursor, as the view reports it
    void drag(const QPoint &from, const QPoint &to, Qt::KeyboardModifiers modifiers = Qt::ShiftModifier);
    // A widget point over the centre of shown pixel (x, y up).
    QPoint widgetPointOf(int x, int y) const;

    QTemporaryDir m_dir;
    QString m_aia;
    QString m_hmi;
    std::unique_ptr<FitsPreviewWidget> m_preview;
};

void TestCutoutBox::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_aia = writeImage(QStringLiteral("aia.lev1_euv_12s"), QStringLiteral("image"),
                       QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:01Z][171]"));
    m_hmi = writeImage(QStringLiteral("hmi.M_45s"), QStringLiteral("magnetogram"),
                       QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI]"));
}

QString TestCutoutBox::writeImage(const QString &series, const QString &segment, const QString &recordSpec)
{
    sim::SolarImageSpec spec;
    spec.series = series;
    spec.segment = segment;
    spec.recordSpec = recordSpec;
    // JSOC's export file name, so the preview can guess the series from it.
    const QString path = m_dir.filePath(series.toLower() + QStringLiteral(".20140101_000000_TAI.") + segment + QStringLiteral(".fits"));
    QString error;
    if (!sim::FitsFactory::writeSolarImage(path, kSize, spec, &error))
        qWarning("%s", qPrintable(error));
    return path;
}

void TestCutoutBox::init()
{
    m_preview = std::make_unique<FitsPreviewWidget>();
    m_preview->resize(1100, 760);
    m_preview->setColourMap(QStringLiteral("gray")); // no map colour can pass for the box's yellow
    m_preview->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_preview.get()));
}

void TestCutoutBox::cleanup()
{
    m_preview.reset();
}

void TestCutoutBox::open(const QString &path)
{
    QSignalSpy loaded(m_preview.get(), &FitsPreviewWidget::loaded);
    m_preview->openFile(path);
    QVERIFY(loaded.wait(20000));
    QVERIFY(m_preview->image());
    // The new caption may take another line: let the layout settle before pixels are measured.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

QPoint TestCutoutBox::pixelAt(const QPoint &widgetPos)
{
    QSignalSpy hovered(m_preview->imageView(), &FitsImageView::hovered);
    QTest::mouseMove(m_preview->imageView(), widgetPos);
    if (hovered.isEmpty())
        return QPoint(-1, -1);
    return QPoint(hovered.last().at(0).toInt(), hovered.last().at(1).toInt());
}

void TestCutoutBox::drag(const QPoint &from, const QPoint &to, Qt::KeyboardModifiers modifiers)
{
    FitsImageView *view = m_preview->imageView();
    QTest::mousePress(view, Qt::LeftButton, modifiers, from);
    QTest::mouseMove(view, (from + to) / 2);
    QTest::mouseMove(view, to);
    QTest::mouseRelease(view, Qt::LeftButton, modifiers, to);
}

QPoint TestCutoutBox::widgetPointOf(int x, int y) const
{
    // Found by asking the view (its own mapping) for every candidate would be slow; the view's
    // fitted picture is centred, so scan one row and one column of widget points instead.
    FitsImageView *view = m_preview->imageView();
    QPoint best(-1, -1);
    QSignalSpy hovered(view, &FitsImageView::hovered);
    for (int wx = 0; wx < view->width() && best.x() < 0; ++wx) {
        hovered.clear();
        QTest::mouseMove(view, QPoint(wx, view->height() / 2));
        if (!hovered.isEmpty() && hovered.last().at(0).toInt() == x)
            best.setX(wx);
    }
    for (int wy = view->height() - 1; wy >= 0 && best.y() < 0; --wy) {
        hovered.clear();
        QTest::mouseMove(view, QPoint(view->width() / 2, wy));
        if (!hovered.isEmpty() && hovered.last().at(1).toInt() == y)
            best.setY(wy);
    }
    return best;
}

void TestCutoutBox::drawnBoxReadsInPixelsArcsecAndStonyhurst()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    const QPoint from(view->width() / 2 + 40, view->height() / 2 - 60); // north-west of disk centre
    const QPoint to(view->width() / 2 + 120, view->height() / 2 - 10);
    const QPoint a = pixelAt(from), b = pixelAt(to);
    QVERIFY(a.x() >= 0 && b.x() >= 0);
    QSignalSpy changed(view, &FitsImageView::boxChanged);
    drag(from, to);
    QVERIFY(!changed.isEmpty());
    // Drawn down and to the right on screen: in y-up pixels from (left, top) to (right, bottom).
    QCOMPARE(view->box(), QRect(QPoint(a.x(), b.y()), QPoint(b.x(), a.y())));
    QVERIFY(m_preview->cutoutPanel()->geometry().imageWidth > 0);

    // AIA is not turned: the file's pixels are the shown ones, 1-based for im_patch.
    const fits::CutoutGeometry &g = m_preview->cutoutPanel()->geometry();
    QVERIFY2(g.valid, qPrintable(g.error));
    QCOMPARE(g.x0, std::min(a.x(), b.x()) + 1);
    QCOMPARE(g.x1, std::max(a.x(), b.x()) + 1);
    QCOMPARE(g.y0, std::min(a.y(), b.y()) + 1);
    QCOMPARE(g.y1, std::max(a.y(), b.y()) + 1);
    QCOMPARE(g.widthPixels(), std::abs(b.x() - a.x()) + 1);

    // Helioprojective centre by the header's own linear WCS (TAN differs by < 0.01″ on the disk).
    const fits::FitsImage &im = *m_preview->image();
    const LinearWcs w = LinearWcs::of(im);
    const QPointF centre = w.sky((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
    QVERIFY2(std::abs(g.centreTx - centre.x()) < 0.05, qPrintable(QStringLiteral("%1 vs %2").arg(g.centreTx).arg(centre.x())));
    QVERIFY(std::abs(g.centreTy - centre.y()) < 0.05);
    QVERIFY(g.centreTx > 0 && g.centreTy > 0); // drawn up and right of centre on a north-up image: north-west
    QVERIFY(std::abs(g.widthArcsec() - g.widthPixels() * std::abs(w.cdelt1)) < 1e-6);

    // Stonyhurst by the simulator's own surface geometry (observer at DSUN_OBS, B0 = CRLT_OBS).
    sim::SunGeometry sun;
    sun.dsunObs = im.cardNumber(QStringLiteral("DSUN_OBS"));
    sun.rsunRef = im.cardNumber(QStringLiteral("RSUN_REF"));
    sun.crltObs = im.cardNumber(QStringLiteral("CRLT_OBS"));
    sun.crlnObs = im.cardNumber(QStringLiteral("CRLN_OBS"));
    const auto surface = sun.surfaceAt({g.centreTx, g.centreTy});
    QVERIFY(surface && g.centreOnDisk);
    QVERIFY(std::abs(std::remainder(surface->lon - sun.crlnObs - g.stonyLon, 360.0)) < 1e-6);
    QVERIFY(std::abs(surface->lat - g.stonyLat) < 1e-6);
    QVERIFY(g.stonyLon > 0 && g.stonyLat > 0);

    // The readout says all three.
    const QString text = m_preview->cutoutPanel()->text();
    QVERIFY2(text.contains(QStringLiteral("pixels %1,%2 – %3,%4").arg(g.x0).arg(g.y0).arg(g.x1).arg(g.y1)), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Tx %1″").arg(g.centreTx, 0, 'f', 1)));
    QVERIFY(text.contains(QStringLiteral("Stonyhurst W")));
    QVERIFY(m_preview->cutoutPanel()->exportButton()->isEnabled());
}

void TestCutoutBox::northUpHmiBoxIsReadInTheFilesPixels()
{
    open(m_hmi);
    const fits::FitsImage &im = *m_preview->image();
    QCOMPARE(im.quarterTurns, 2); // HMI's CROTA2 ≈ 180°: shown turned
    FitsImageView *view = m_preview->imageView();
    const QPoint from(view->width() / 2 + 30, view->height() / 2 - 70);
    const QPoint to(view->width() / 2 + 90, view->height() / 2 - 20);
    const QPoint a = pixelAt(from), b = pixelAt(to);
    drag(from, to);
    const fits::CutoutGeometry &g = m_preview->cutoutPanel()->geometry();
    QVERIFY2(g.valid, qPrintable(g.error));
    // Turned by 180°: shown pixel (x, y) is file pixel (W-1-x, H-1-y).
    QCOMPARE(g.x0, kSize - std::max(a.x(), b.x()));
    QCOMPARE(g.x1, kSize - std::min(a.x(), b.x()));
    QCOMPARE(g.y0, kSize - std::max(a.y(), b.y()));
    QCOMPARE(g.y1, kSize - std::min(a.y(), b.y()));
    // Up and right of centre on the north-up picture is still north-west on the Sun.
    const QPointF centre = LinearWcs::of(im).sky((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
    QVERIFY(std::abs(g.centreTx - centre.x()) < 0.05);
    QVERIFY(std::abs(g.centreTy - centre.y()) < 0.05);
    QVERIFY2(g.centreTx > 0 && g.centreTy > 0, qPrintable(m_preview->cutoutPanel()->text()));
}

void TestCutoutBox::zoomAndPanKeepTheBoxOnTheSamePixels()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    const QPoint from(view->width() / 2 - 80, view->height() / 2 - 50);
    const QPoint to(view->width() / 2 - 20, view->height() / 2 + 10);
    drag(from, to);
    const QRect box = view->box();
    const QString readout = m_preview->cutoutPanel()->text();
    const QRectF before = view->boxOnWidget();

    // Zoom in three steps around a point, then pan by a plain drag (the box tool is off).
    QWheelEvent wheel(QPointF(view->width() / 2.0 + 30, view->height() / 2.0), view->mapToGlobal(QPointF(view->width() / 2.0 + 30, view->height() / 2.0)),
                      QPoint(), QPoint(0, 360), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    drag(QPoint(view->width() / 2, view->height() / 2), QPoint(view->width() / 2 + 70, view->height() / 2 + 35), Qt::NoModifier);
    QCOMPARE(view->box(), box);
    QCOMPARE(m_preview->cutoutPanel()->text(), readout);
    const QRectF after = view->boxOnWidget();
    QVERIFY(std::abs(after.width() - before.width() * 1.953125) < 0.01); // 1.25³ for three wheel steps

    // The yellow outline on screen is where the box's pixels are shown now.
    const QImage shot = view->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QRect yellow;
    for (int y = 0; y < shot.height(); ++y)
        for (int x = 0; x < shot.width(); ++x)
            if (shot.pixel(x, y) == qRgb(255, 255, 0))
                yellow |= QRect(x, y, 1, 1);
    QVERIFY(!yellow.isEmpty());
    QVERIFY2(std::abs(yellow.left() - after.left()) <= 1.5 && std::abs(yellow.top() - after.top()) <= 1.5,
             qPrintable(QStringLiteral("outline at %1,%2, box at %3,%4").arg(yellow.left()).arg(yellow.top()).arg(after.left()).arg(after.top())));
    // Half a picture pixel inside the outline's top-left corner is the box's top-left pixel (x
    // left, y top), and likewise at the bottom right.
    const int half = int(view->zoom() / 2);
    QVERIFY(half >= 1);
    const QPoint inside = yellow.topLeft() + QPoint(half, half);
    QCOMPARE(pixelAt(inside), QPoint(box.left(), box.bottom()));
    const QPoint insideBottomRight = yellow.bottomRight() - QPoint(half, half);
    QCOMPARE(pixelAt(insideBottomRight), QPoint(box.right(), box.top()));
}

void TestCutoutBox::escapeClearsTheBox()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    drag(QPoint(view->width() / 2, view->height() / 2), QPoint(view->width() / 2 + 50, view->height() / 2 + 40));
    QVERIFY(!view->box().isEmpty());
    QSignalSpy cleared(view, &FitsImageView::boxCleared);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Escape);
    QCOMPARE(cleared.size(), 1);
    QVERIFY(view->box().isEmpty());
    QVERIFY(m_preview->cutoutPanel()->text().startsWith(QStringLiteral("Box: none")));
    QVERIFY(!m_preview->cutoutPanel()->exportButton()->isEnabled());
    QVERIFY(m_preview->fieldOfViewExport().imPatch.name.isEmpty());
}

void TestCutoutBox::imPatchStepDescribesTheBox()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    drag(QPoint(view->width() / 2 - 60, view->height() / 2 - 40), QPoint(view->width() / 2 + 10, view->height() / 2 + 5));
    ui::CutoutPanel *panel = m_preview->cutoutPanel();
    const fits::CutoutGeometry g = panel->geometry();
    const QString tObs = m_preview->image()->card(QStringLiteral("T_OBS"));
    QVERIFY(!tObs.isEmpty());

    // Arcsec (the default), tracking on.
    ui::FieldOfViewExport fov = m_preview->fieldOfViewExport();
    QCOMPARE(fov.imPatch.name, QStringLiteral("im_patch"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("t_ref")), tObs);
    QCOMPARE(fov.imPatch.value(QStringLiteral("t")), QStringLiteral("0"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("locunits")), QStringLiteral("arcsec"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("boxunits")), QStringLiteral("arcsec"));
    QVERIFY(std::abs(fov.imPatch.value(QStringLiteral("x")).toDouble() - g.centreTx) < 1e-3);
    QVERIFY(std::abs(fov.imPatch.value(QStringLiteral("y")).toDouble() - g.centreTy) < 1e-3);
    // im_patch makes int(1 + width/CDELT1) pixels: the width asked for gives exactly the box's.
    const double width = fov.imPatch.value(QStringLiteral("width")).toDouble();
    QCOMPARE(int(1 + width / g.arcsecPerPixelX), g.widthPixels());
    const double height = fov.imPatch.value(QStringLiteral("height")).toDouble();
    QCOMPARE(int(1 + height / g.arcsecPerPixelY), g.heightPixels());
    // Not known where the file came from: the record set is guessed from its name and header.
    QVERIFY(!fov.recordSetKnown);
    QCOMPARE(fov.recordSet, QStringLiteral("aia.lev1_euv_12s[%1][171]").arg(m_preview->image()->card(QStringLiteral("T_REC"))));

    // Pixels: a 1-based centre and the size in pixels; im_patch starts the box at round(x - n/2).
    panel->setUnits(jsoc::CutoutUnits::Pixels);
    fov = m_preview->fieldOfViewExport();
    QCOMPARE(fov.imPatch.value(QStringLiteral("locunits")), QStringLiteral("pixels"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("boxunits")), QStringLiteral("pixels"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("width")), QString::number(g.widthPixels()));
    QCOMPARE(fov.imPatch.value(QStringLiteral("height")), QString::number(g.heightPixels()));
    const double px = fov.imPatch.value(QStringLiteral("x")).toDouble(), py = fov.imPatch.value(QStringLiteral("y")).toDouble();
    QVERIFY(std::abs(px - (g.x0 + g.x1) / 2.0) < 0.5 && std::abs(py - (g.y0 + g.y1) / 2.0) < 0.5);
    QCOMPARE(int(std::lround(px - g.widthPixels() / 2.0)), g.x0);
    QCOMPARE(int(std::lround(py - g.heightPixels() / 2.0)), g.y0);

    // Stonyhurst centre, arcsec size; tracking off is t=1.
    panel->setUnits(jsoc::CutoutUnits::Stonyhurst);
    panel->setTracking(false);
    fov = m_preview->fieldOfViewExport();
    QCOMPARE(fov.imPatch.value(QStringLiteral("locunits")), QStringLiteral("stony"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("boxunits")), QStringLiteral("arcsec"));
    QCOMPARE(fov.imPatch.value(QStringLiteral("t")), QStringLiteral("1"));
    QVERIFY(std::abs(fov.imPatch.value(QStringLiteral("x")).toDouble() - g.stonyLon) < 1e-3);
    QVERIFY(std::abs(fov.imPatch.value(QStringLiteral("y")).toDouble() - g.stonyLat) < 1e-3);

    // The button hands the request on.
    QSignalSpy requested(m_preview.get(), &FitsPreviewWidget::fieldOfViewExportRequested);
    QTest::mouseClick(panel->exportButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().value<ui::FieldOfViewExport>().imPatch, fov.imPatch);
}

void TestCutoutBox::refusesACentreOffTheDiskWhileTracking()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    // Near the picture's top-right corner: sky beyond the limb (the disk fills ~0.8 of a side).
    const QPoint corner = widgetPointOf(kSize - 40, kSize - 40);
    QVERIFY(corner.x() >= 0 && corner.y() >= 0);
    drag(corner, corner + QPoint(20, 20));
    ui::CutoutPanel *panel = m_preview->cutoutPanel();
    QVERIFY(!panel->geometry().centreOnDisk);
    QVERIFY(panel->text().contains(QStringLiteral("centre off the disk")));
    QVERIFY(!panel->exportButton()->isEnabled());
    QVERIFY2(panel->refusals().join(QLatin1Char(' ')).contains(QStringLiteral("off the solar disk")), qPrintable(panel->text()));
    QVERIFY(m_preview->fieldOfViewExport().imPatch.name.isEmpty());
    // Without tracking the same box is a fixed cutout of the corona: allowed.
    panel->setTracking(false);
    QVERIFY2(panel->exportButton()->isEnabled(), qPrintable(panel->text()));
    QCOMPARE(m_preview->fieldOfViewExport().imPatch.value(QStringLiteral("t")), QStringLiteral("1"));
    // Stonyhurst has no place off the disk.
    panel->setUnits(jsoc::CutoutUnits::Stonyhurst);
    QVERIFY(!panel->exportButton()->isEnabled());
    Q_UNUSED(view);
}

void TestCutoutBox::refusesABoxLargerThanTheImage()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    // Zoomed out, the picture leaves room around it: drag from beyond one corner to beyond the other.
    QWheelEvent wheel(QPointF(view->width() / 2.0, view->height() / 2.0), view->mapToGlobal(QPointF(view->width() / 2.0, view->height() / 2.0)),
                      QPoint(), QPoint(0, -360), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    drag(QPoint(2, 2), QPoint(view->width() - 3, view->height() - 3));
    ui::CutoutPanel *panel = m_preview->cutoutPanel();
    QVERIFY(panel->geometry().widthPixels() > kSize && panel->geometry().heightPixels() > kSize);
    QVERIFY(!panel->exportButton()->isEnabled());
    QVERIFY2(panel->refusals().join(QLatin1Char(' ')).contains(QStringLiteral("larger than the image (512 × 512)")),
             qPrintable(panel->text()));
}

void TestCutoutBox::refusesASeriesJsocDoesNotProcess()
{
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    drag(QPoint(view->width() / 2, view->height() / 2), QPoint(view->width() / 2 + 30, view->height() / 2 + 30));
    ui::CutoutPanel *panel = m_preview->cutoutPanel();
    QVERIFY(panel->exportButton()->isEnabled());
    // Known to have come from a SHARP series, which JSOC's export page offers no processing for.
    m_preview->setRecordOrigin(QStringLiteral("hmi.sharp_720s[377][2011.02.15_00:00:00_TAI]"));
    QVERIFY(!panel->exportButton()->isEnabled());
    const QString refusal = panel->refusals().join(QLatin1Char(' '));
    QVERIFY2(refusal.contains(QStringLiteral("hmi.sharp_720s")), qPrintable(refusal));
    QCOMPARE(refusal, jsoc::checkProcessingForSeries({jsoc::defaultProcessingStep(QStringLiteral("im_patch"))},
                                                     QStringLiteral("hmi.sharp_720s")).join(QLatin1Char(' ')));
    m_preview->setRecordOrigin(QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:01Z/1m][171]"));
    QVERIFY(panel->exportButton()->isEnabled());
    QVERIFY(m_preview->fieldOfViewExport().recordSetKnown);
}

void TestCutoutBox::windowOffersTheBoxToolAndPassesTheExportOn()
{
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(window.preview(), &FitsPreviewWidget::loaded);
    window.openFile(m_aia);
    QVERIFY(loaded.wait(20000));
    FitsImageView *view = window.preview()->imageView();
    // With the tool on, a plain drag draws (no Shift).
    window.boxToolAction()->setChecked(true);
    QVERIFY(view->boxTool());
    const QPoint c(view->width() / 2, view->height() / 2);
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, c);
    QTest::mouseMove(view, c + QPoint(40, 30));
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, c + QPoint(40, 30));
    QVERIFY(!view->box().isEmpty());
    QSignalSpy requested(&window, &ui::FitsPreviewWindow::fieldOfViewExportRequested);
    // The image's context menu offers the same export.
    QAction *exportAction = nullptr;
    for (QAction *a : view->actions())
        if (a->text().startsWith(QStringLiteral("Export this field of view")))
            exportAction = a;
    QVERIFY(exportAction && exportAction->isEnabled());
    exportAction->trigger();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().value<ui::FieldOfViewExport>().filePath, m_aia);

    if (const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR"); !dir.isEmpty()) {
        window.resize(1300, 820);
        window.preview()->cutoutPanel()->setUnits(jsoc::CutoutUnits::Arcsec);
        view->setBox(QRect(QPoint(80, 250), QPoint(200, 345))); // around the active region east of centre
        QCoreApplication::sendPostedEvents(); // the resized window lays out before it is grabbed
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("cutout-box.png"))));
    }
}

void TestCutoutBox::anotherFrameKeepsTheBoxAndGivesItsOwnTime()
{
    // The movie player's next frame (same series and size, 45 s later): the box stays on the same
    // pixels, and what it exports is placed at that frame's time and sky.
    open(m_aia);
    FitsImageView *view = m_preview->imageView();
    drag(QPoint(view->width() / 2 - 50, view->height() / 2 - 50), QPoint(view->width() / 2 + 20, view->height() / 2));
    const QRect box = view->box();
    const fits::CutoutGeometry first = m_preview->cutoutPanel()->geometry();
    const QString later = writeImage(QStringLiteral("aia.lev1_euv_12s"), QStringLiteral("image"),
                                     QStringLiteral("aia.lev1_euv_12s[2014-01-01T01:00:01Z][171]"));
    fits::FitsLoadResult loaded = fits::FitsLoader::load(later);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error));
    const QString laterObs = loaded.image.card(QStringLiteral("T_OBS"));
    QVERIFY(laterObs != first.observationTime);
    QSignalSpy shown(m_preview.get(), &FitsPreviewWidget::frameShown);
    m_preview->showFrame(later, std::make_shared<const fits::FitsImage>(std::move(loaded.image)));
    QCOMPARE(shown.size(), 1);
    QCOMPARE(view->box(), box);
    const fits::CutoutGeometry next = m_preview->cutoutPanel()->geometry();
    QCOMPARE(next.x0, first.x0);
    QCOMPARE(next.y1, first.y1);
    QCOMPARE(next.observationTime, laterObs);
    QCOMPARE(m_preview->fieldOfViewExport().imPatch.value(QStringLiteral("t_ref")), laterObs);
    // Stonyhurst is fixed to the observer, whose view barely changes in an hour: the same pixels
    // are nearly the same Stonyhurst place (the Sun has turned under them, in Carrington terms).
    QVERIFY(next.centreOnDisk && first.centreOnDisk);
    QVERIFY(std::abs(next.stonyLon - first.stonyLon) < 0.1 && std::abs(next.stonyLat - first.stonyLat) < 0.1);
}

QTEST_MAIN(TestCutoutBox)
#include "tst_cutoutbox.moc"
