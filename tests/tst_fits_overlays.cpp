// Overlays on the FITS preview (issue 17 item 3): the Stonyhurst grid and the limb as polylines
// (model/fits/SolarGridLines) on the simulator's SDO records (FitsFactory: real ephemeris in
// DSUN_OBS, CRLT_OBS, CRLN_OBS, RSUN_OBS), checked against the header's own linear WCS
// (CRPIX/CDELT/CROTA2, written out here, not the code under test); then through the real widgets
// (offscreen): the grid and limb pixels on screen are where the model says, and the solar
// crosshair follows its point between frames taken hours apart.
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/SolarGridLines.h"
#include "model/fits/SolarRotation.h"
#include "model/fits/SolarSurfaceProjection.h"
#include "model/fits/SolarWcs.h"
#include "sim/FitsFactory.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

constexpr double kOverlayPi = 3.14159265358979323846;
constexpr int kOverlaySize = 512;

// The header's linear helioprojective WCS, inverted: arcsec → 0-based file pixel (y up).
struct HeaderLinearWcs {
    double crpix1 = 0, crpix2 = 0, cdelt1 = 0, cdelt2 = 0, crval1 = 0, crval2 = 0, crota2 = 0;
    static HeaderLinearWcs of(const fits::FitsImage &im)
    {
        HeaderLinearWcs w;
        w.crpix1 = im.cardNumber(QStringLiteral("CRPIX1"));
        w.crpix2 = im.cardNumber(QStringLiteral("CRPIX2"));
        w.cdelt1 = im.cardNumber(QStringLiteral("CDELT1"));
        w.cdelt2 = im.cardNumber(QStringLiteral("CDELT2"));
        w.crval1 = im.cardNumber(QStringLiteral("CRVAL1"), 0.0);
        w.crval2 = im.cardNumber(QStringLiteral("CRVAL2"), 0.0);
        w.crota2 = im.cardNumber(QStringLiteral("CROTA2"), 0.0);
        return w;
    }
    // Small angles: the TAN projection and the linear one agree to ≪ 0.1 px within the disk.
    QPointF pixelOf(double tx, double ty) const
    {
        const double a = crota2 * kOverlayPi / 180, c = std::cos(a), s = std::sin(a);
        const double dx = tx - crval1, dy = ty - crval2;
        const double u = dx * c + dy * s, v = -dx * s + dy * c;
        return {crpix1 - 1 + u / cdelt1, crpix2 - 1 + v / cdelt2};
    }
};

double distanceToPolyline(const QPointF &p, const QPolygonF &line)
{
    double best = 1e300;
    for (qsizetype i = 1; i < line.size(); ++i) {
        const QPointF a = line[i - 1], b = line[i];
        const QPointF ab = b - a;
        const double len2 = QPointF::dotProduct(ab, ab);
        const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
        const QPointF q = a + ab * t;
        best = std::min(best, std::hypot(p.x() - q.x(), p.y() - q.y()));
    }
    return best;
}

// Where the centre of shown pixel (x, y up) lies on a fitted view, worked out here rather than
// asked of the view: fitting centres the image at the largest zoom that shows all of it.
QPointF fittedWidgetPosOf(const FitsImageView *view, const QSize &image, const QPointF &pixel)
{
    const double z = std::min(double(view->width()) / image.width(), double(view->height()) / image.height());
    const QPointF origin((view->width() - image.width() * z) / 2, (view->height() - image.height() * z) / 2);
    return origin + QPointF(pixel.x() + 0.5, image.height() - 1 - pixel.y() + 0.5) * z;
}

} // namespace

class TestFitsOverlays final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void limbIsAtRsunObsFromTheDiskCentre();
    void realAiaSampleLimbAgreesWithItsHeader();
    void equatorPassesTheCentreShiftedByB0();
    void centralMeridianCrossesTheCentreWhenUnrolled();
    void gridPointMapsBackToItself();
    void linesStopAtTheLimb();
    void hmiGridIsTurnedWithTheImage();
    void rotationFollowsCarringtonLongitude();
    void viewDrawsGridAndLimbWhereTheModelSays();
    void crosshairFollowsItsPointBetweenFrames();
    void windowViewMenuTogglesTheOverlays();

private:
    QString writeRecord(const QString &series, const QString &segment, const QString &recordSpec, const QString &name);
    static fits::FitsImage load(const QString &path, bool northUp);

    QTemporaryDir m_dir;
    QString m_aia, m_aiaLater, m_aiaDaysLater, m_hmi;
};

void TestFitsOverlays::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString aia = QStringLiteral("aia.lev1_euv_12s");
    m_aia = writeRecord(aia, QStringLiteral("image"), QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:01Z][171]"), QStringLiteral("a"));
    m_aiaLater = writeRecord(aia, QStringLiteral("image"), QStringLiteral("aia.lev1_euv_12s[2014-01-01T06:00:01Z][171]"), QStringLiteral("b"));
    m_aiaDaysLater = writeRecord(aia, QStringLiteral("image"), QStringLiteral("aia.lev1_euv_12s[2014-01-03T00:00:01Z][171]"), QStringLiteral("c"));
    m_hmi = writeRecord(QStringLiteral("hmi.M_45s"), QStringLiteral("magnetogram"), QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI]"), QStringLiteral("h"));
    QVERIFY(!m_aia.isEmpty() && !m_aiaLater.isEmpty() && !m_aiaDaysLater.isEmpty() && !m_hmi.isEmpty());
}

QString TestFitsOverlays::writeRecord(const QString &series, const QString &segment, const QString &recordSpec,
                                      const QString &name)
{
    sim::SolarImageSpec spec;
    spec.series = series;
    spec.segment = segment;
    spec.recordSpec = recordSpec;
    const QString path = m_dir.filePath(name + QStringLiteral(".fits"));
    QString error;
    if (!sim::FitsFactory::writeSolarImage(path, kOverlaySize, spec, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return path;
}

fits::FitsImage TestFitsOverlays::load(const QString &path, bool northUp)
{
    fits::FitsLoadResult r = fits::FitsLoader::load(path, {});
    if (!r.ok())
        qWarning("%s", qPrintable(r.error));
    if (northUp)
        return fits::FitsOrientation::rotated(r.image, fits::FitsOrientation::northUpTurns(r.image));
    return r.image;
}

void TestFitsOverlays::limbIsAtRsunObsFromTheDiskCentre()
{
    const fits::FitsImage im = load(m_aia, false);
    const fits::SolarWcs wcs(im);
    const fits::SolarSurfaceProjection projection(im, wcs);
    QVERIFY2(projection.isValid(), qPrintable(projection.error()));
    QElapsedTimer clock;
    clock.start();
    const fits::SolarGridLines g = fits::SolarGridLines::of(projection);
    qInfo("grid and limb of one frame: %.2f ms, %lld + %lld pieces", clock.nsecsElapsed() / 1e6,
          qlonglong(g.parallels.size()), qlonglong(g.meridians.size()));
    QVERIFY2(g.valid, qPrintable(g.error));
    const HeaderLinearWcs lin = HeaderLinearWcs::of(im);
    const QPointF centre = lin.pixelOf(0, 0);
    QVERIFY(std::hypot(g.diskCentre.x() - centre.x(), g.diskCentre.y() - centre.y()) < 0.05);
    const double rsunObs = im.cardNumber(QStringLiteral("RSUN_OBS"));
    const double expected = rsunObs / std::abs(lin.cdelt1);
    QVERIFY(g.limb.size() > 100);
    QCOMPARE(g.limb.first(), g.limb.last()); // closed
    for (const QPointF &p : std::as_const(g.limb)) {
        const double r = std::hypot(p.x() - centre.x(), p.y() - centre.y());
        QVERIFY2(std::abs(r - expected) < 0.5, qPrintable(QStringLiteral("limb at %1 px, RSUN_OBS/CDELT %2 px").arg(r).arg(expected)));
    }
    // The header's RSUN_OBS and the radius from DSUN_OBS and RSUN_REF are one Sun.
    QVERIFY2(std::abs(g.rsunObsDifferenceArcsec) < 0.5, qPrintable(QString::number(g.rsunObsDifferenceArcsec)));
}

void TestFitsOverlays::realAiaSampleLimbAgreesWithItsHeader()
{
    // A real AIA 171 level-1 header (shared/fits-samples, 128² rebinned): RSUN_OBS 971.81″ at
    // DSUN_OBS 1.477e11 m with RSUN_REF 696,000 km.
    const fits::FitsImage im = load(QStringLiteral(JSOC_SHARED_DIR "/fits-samples/aia_171_level1.fits"), false);
    QVERIFY(im.width > 0);
    const fits::SolarWcs wcs(im);
    const fits::SolarSurfaceProjection projection(im, wcs);
    QVERIFY2(projection.isValid(), qPrintable(projection.error()));
    const fits::SolarGridLines g = fits::SolarGridLines::of(projection);
    QVERIFY(g.valid);
    QVERIFY2(std::abs(g.rsunObsDifferenceArcsec) < 0.05, qPrintable(QString::number(g.rsunObsDifferenceArcsec)));
    const HeaderLinearWcs lin = HeaderLinearWcs::of(im);
    const QPointF centre = lin.pixelOf(0, 0);
    const double expected = im.cardNumber(QStringLiteral("RSUN_OBS")) / std::abs(lin.cdelt1);
    for (const QPointF &p : std::as_const(g.limb))
        QVERIFY(std::abs(std::hypot(p.x() - centre.x(), p.y() - centre.y()) - expected) < 0.05);
}

void TestFitsOverlays::equatorPassesTheCentreShiftedByB0()
{
    const fits::FitsImage im = load(m_aia, false);
    const fits::SolarWcs wcs(im);
    const fits::SolarGridLines g = fits::SolarGridLines::of(fits::SolarSurfaceProjection(im, wcs));
    QVERIFY(g.valid);
    const int equator = int(g.parallelLatitudes.indexOf(0.0));
    QVERIFY(equator >= 0);
    QCOMPARE(g.parallelLatitudes.count(0.0), 1);
    // Where the equator crosses the central meridian: heliocentric y = −R sin B0, z = R cos B0.
    const double b0 = im.cardNumber(QStringLiteral("CRLT_OBS")) * kOverlayPi / 180;
    const double r = im.cardNumber(QStringLiteral("RSUN_REF")), d = im.cardNumber(QStringLiteral("DSUN_OBS"));
    QVERIFY(std::abs(b0) > 0.02); // early January: B0 ≈ −3°, a shift of ~10 px on this image
    const double y = -r * std::sin(b0), z = r * std::cos(b0);
    const double ty = std::asin(y / std::sqrt(y * y + (d - z) * (d - z))) * 180 / kOverlayPi * 3600;
    const HeaderLinearWcs lin = HeaderLinearWcs::of(im);
    const QPointF expected = lin.pixelOf(0, ty);
    QVERIFY(std::abs(expected.y() - lin.pixelOf(0, 0).y()) > 5);
    QVERIFY2(distanceToPolyline(expected, g.parallels[equator]) < 0.5,
             qPrintable(QString::number(distanceToPolyline(expected, g.parallels[equator]))));
}

void TestFitsOverlays::centralMeridianCrossesTheCentreWhenUnrolled()
{
    fits::FitsImage im = load(m_aia, false);
    // P = 0: set CROTA2 to 0 in the header the WCS reads (AIA's is a few hundredths of a degree).
    for (fits::FitsCard &card : im.cards)
        if (card.key == QLatin1String("CROTA2")) {
            card.value = QStringLiteral("0.0");
            card.raw = QByteArray("CROTA2  =                  0.0");
        }
    QCOMPARE(im.cardNumber(QStringLiteral("CROTA2")), 0.0);
    const fits::SolarWcs wcs(im);
    const fits::SolarGridLines g = fits::SolarGridLines::of(fits::SolarSurfaceProjection(im, wcs));
    QVERIFY(g.valid);
    const int meridian = int(g.meridianLongitudes.indexOf(0.0));
    QVERIFY(meridian >= 0);
    const QPointF centre = HeaderLinearWcs::of(im).pixelOf(0, 0);
    double lowest = 1e9, highest = -1e9;
    for (const QPointF &p : std::as_const(g.meridians[meridian])) {
        QVERIFY2(std::abs(p.x() - centre.x()) < 0.5, qPrintable(QString::number(p.x() - centre.x())));
        lowest = std::min(lowest, p.y());
        highest = std::max(highest, p.y());
    }
    QVERIFY(lowest < centre.y() - 100 && highest > centre.y() + 100); // pole to pole through the centre
}

void TestFitsOverlays::gridPointMapsBackToItself()
{
    for (const QString &path : {m_aia, m_hmi}) {
        const fits::FitsImage im = load(path, true);
        const fits::SolarWcs wcs(im);
        const fits::SolarSurfaceProjection projection(im, wcs);
        const fits::StonyhurstPoint p{20.0, 10.0}; // 10°N 20°W
        QPointF pixel;
        QCOMPARE(projection.displayPixelOf(p, &pixel), fits::SurfaceVisibility::Visible);
        // Back through SolarWcs::pixelToWorld (wcslib) and the ray–sphere intersection.
        fits::StonyhurstPoint back;
        QVERIFY(projection.stonyhurstAt(pixel, &back));
        QVERIFY2(std::abs(back.lon - p.lon) < 1e-6 && std::abs(back.lat - p.lat) < 1e-6,
                 qPrintable(QStringLiteral("%1 %2").arg(back.lon, 0, 'g', 12).arg(back.lat, 0, 'g', 12)));
    }
}

void TestFitsOverlays::linesStopAtTheLimb()
{
    const fits::FitsImage im = load(m_aia, false);
    const fits::SolarWcs wcs(im);
    const fits::SolarSurfaceProjection projection(im, wcs);
    const fits::SolarGridLines g = fits::SolarGridLines::of(projection);
    const double radius = im.cardNumber(QStringLiteral("RSUN_OBS")) / std::abs(im.cardNumber(QStringLiteral("CDELT1")));
    // Every point is on the disk, and every piece that does not reach a pole ends on the limb.
    int endsOnLimb = 0;
    for (const QList<QPolygonF> *set : {&g.parallels, &g.meridians}) {
        for (const QPolygonF &line : *set) {
            for (const QPointF &p : line)
                QVERIFY(std::hypot(p.x() - g.diskCentre.x(), p.y() - g.diskCentre.y()) < radius + 0.5);
            for (const QPointF &end : {line.first(), line.last()})
                if (std::abs(std::hypot(end.x() - g.diskCentre.x(), end.y() - g.diskCentre.y()) - radius) < 0.5)
                    ++endsOnLimb;
        }
    }
    QCOMPARE(g.parallels.size(), 11); // −75° … 75°, each one visible arc
    QVERIFY(endsOnLimb >= 2 * 11 + 2 * 12); // both ends of each parallel, and the meridians that turn behind
    // A point behind the limb is said to be.
    QPointF unused;
    QCOMPARE(projection.displayPixelOf({120.0, 0.0}, &unused), fits::SurfaceVisibility::BehindLimb);
}

void TestFitsOverlays::hmiGridIsTurnedWithTheImage()
{
    const fits::FitsImage raw = load(m_hmi, false);
    QVERIFY(std::abs(std::abs(fits::FitsOrientation::rollDegrees(raw)) - 180) < 2);
    const fits::FitsImage im = load(m_hmi, true);
    QCOMPARE(im.quarterTurns, 2);
    const fits::SolarWcs wcs(im);
    const fits::SolarSurfaceProjection projection(im, wcs);
    QPointF centre, north, west;
    QVERIFY(projection.displayPixelOfHelioprojective(0, 0, &centre));
    QCOMPARE(projection.displayPixelOf({0.0, 60.0}, &north), fits::SurfaceVisibility::Visible);
    QCOMPARE(projection.displayPixelOf({60.0, 0.0}, &west), fits::SurfaceVisibility::Visible);
    // North up, west to the right, as the turned picture is shown (y counts up).
    QVERIFY(north.y() > centre.y() + 100 && std::abs(north.x() - centre.x()) < 30);
    QVERIFY(west.x() > centre.x() + 100 && std::abs(west.y() - centre.y()) < 30);
    // And exactly where the header's linear WCS puts that point, turned half round.
    double x = 0, y = 0, z = 0, tx = 0, ty = 0;
    const fits::SolarObserver &o = projection.observer();
    fits::SolarSurfaceProjection::heliocentricOf({0.0, 60.0}, o.solarRadiusMetres, o.b0Degrees, &x, &y, &z);
    fits::SolarSurfaceProjection::helioprojectiveOf(x, y, z, o.distanceMetres, &tx, &ty);
    const QPointF file = HeaderLinearWcs::of(raw).pixelOf(tx, ty);
    const QPointF turned(raw.width - 1 - file.x(), raw.height - 1 - file.y());
    QVERIFY2(std::hypot(turned.x() - north.x(), turned.y() - north.y()) < 0.1,
             qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(turned.x()).arg(turned.y()).arg(north.x()).arg(north.y())));
}

void TestFitsOverlays::rotationFollowsCarringtonLongitude()
{
    const fits::FitsImage a = load(m_aia, false), c = load(m_aiaDaysLater, false);
    const fits::SolarWcs wa(a), wc(c);
    fits::StonyhurstPoint moved;
    QVERIFY(fits::SolarRotation::rotated({-30.0, 0.0}, wa.observer(), wc.observer(), &moved));
    // Two days at the equator: the Sun turns 14.713 °/day sidereally, the Carrington frame
    // 14.1844 °/day, and L0 falls by the headers' own difference (≈ 26.4° in two days).
    const double l0a = a.cardNumber(QStringLiteral("CRLN_OBS")), l0c = c.cardNumber(QStringLiteral("CRLN_OBS"));
    const double expected = std::remainder(-30.0 + l0a - l0c + (14.713 - 14.1844) * 2.0, 360.0);
    QVERIFY2(std::abs(moved.lon - expected) < 1e-6, qPrintable(QString::number(moved.lon)));
    QVERIFY(moved.lon > -30.0 + 25 && moved.lon < -30.0 + 29); // ≈ 13.5 °/day synodic
    QCOMPARE(moved.lat, 0.0);
    // Differential: a point at 60° falls behind one at the equator.
    fits::StonyhurstPoint high;
    QVERIFY(fits::SolarRotation::rotated({-30.0, 60.0}, wa.observer(), wc.observer(), &high));
    QVERIFY(high.lon < moved.lon - 3);
}

void TestFitsOverlays::viewDrawsGridAndLimbWhereTheModelSays()
{
    FitsPreviewWidget preview;
    preview.resize(1100, 760);
    preview.setColourMap(QStringLiteral("gray"));
    preview.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preview));
    QSignalSpy loaded(&preview, &FitsPreviewWidget::loaded);
    preview.openFile(m_aia);
    QVERIFY(loaded.wait(20000));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // Every pixel below the lower limit: a black picture, so only the overlays light pixels.
    preview.setLimits(1e9, 2e9);
    QTRY_VERIFY(preview.renderedImage().pixelIndex(kOverlaySize / 2, kOverlaySize / 2) == 0);
    FitsImageView *view = preview.imageView();
    QTest::keyClick(&preview, Qt::Key_G);
    QVERIFY(preview.gridAction()->isChecked());
    preview.limbAction()->trigger();

    const fits::FitsImage &im = *preview.image();
    const QSize shown(im.width, im.height);
    const fits::SolarWcs wcs(im);
    const fits::SolarSurfaceProjection projection(im, wcs);
    QTRY_VERIFY(view->rasterSettled());
    const QImage shot = view->grab().toImage();
    const double dpr = shot.devicePixelRatio();
    auto brightestNear = [&](const QPointF &widgetPos, int channel) {
        int best = 0;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const QColor c = shot.pixelColor(int(widgetPos.x() * dpr) + dx, int(widgetPos.y() * dpr) + dy);
                best = std::max(best, channel == 0 ? c.red() : channel == 1 ? c.green() : c.blue());
            }
        return best;
    };
    // Grid crossings drawn, and the middle of a grid cell left dark.
    for (const fits::StonyhurstPoint &p : {fits::StonyhurstPoint{0, 0}, fits::StonyhurstPoint{30, 15},
                                           fits::StonyhurstPoint{-45, -30}, fits::StonyhurstPoint{15, 45}}) {
        QPointF pixel;
        QCOMPARE(projection.displayPixelOf(p, &pixel), fits::SurfaceVisibility::Visible);
        QVERIFY2(brightestNear(fittedWidgetPosOf(view, shown, pixel), 2) > 60, qPrintable(QStringLiteral("%1 %2").arg(p.lon).arg(p.lat)));
    }
    QPointF cell;
    QCOMPARE(projection.displayPixelOf({7.5, 7.5}, &cell), fits::SurfaceVisibility::Visible);
    QVERIFY(brightestNear(fittedWidgetPosOf(view, shown, cell), 2) < 20);
    // The limb in its own colour (yellow: red high, blue low) where the model puts it.
    const fits::SolarGridLines g = fits::SolarGridLines::of(projection);
    for (int i : {0, int(g.limb.size() / 4), int(g.limb.size() / 2)}) {
        const QPointF w = fittedWidgetPosOf(view, shown, g.limb[i]);
        QVERIFY(brightestNear(w, 0) > 120);
    }
    // Toggled off: nothing drawn there any more.
    QTest::keyClick(&preview, Qt::Key_G);
    QTRY_VERIFY(view->rasterSettled());
    QPointF centre;
    QVERIFY(projection.displayPixelOf({30, 15}, &centre) == fits::SurfaceVisibility::Visible);
    const QImage after = view->grab().toImage();
    const QPointF w = fittedWidgetPosOf(view, shown, centre);
    QVERIFY(QColor(after.pixel(int(w.x() * dpr), int(w.y() * dpr))).blue() < 20);
}

void TestFitsOverlays::crosshairFollowsItsPointBetweenFrames()
{
    FitsPreviewWidget preview;
    preview.resize(1100, 760);
    preview.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preview));
    QSignalSpy loaded(&preview, &FitsPreviewWidget::loaded);
    preview.openFile(m_aia);
    QVERIFY(loaded.wait(20000));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    FitsImageView *view = preview.imageView();
    QTest::keyClick(&preview, Qt::Key_X);
    QVERIFY(preview.crosshairAction()->isChecked());
    QVERIFY(view->crosshairNote().contains(QStringLiteral("Click")));

    // Click on the disk where the first frame shows 15°N 40°E.
    const fits::FitsImage first = *preview.image();
    const QSize shown(first.width, first.height);
    const fits::SolarWcs firstWcs(first);
    const fits::SolarSurfaceProjection firstProjection(first, firstWcs);
    QPointF target;
    QCOMPARE(firstProjection.displayPixelOf({-40.0, 15.0}, &target), fits::SurfaceVisibility::Visible);
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, fittedWidgetPosOf(view, shown, target).toPoint());
    QVERIFY(preview.crosshairPoint());
    QVERIFY(std::abs(preview.crosshairPoint()->lon + 40.0) < 0.5 && std::abs(preview.crosshairPoint()->lat - 15.0) < 0.5);
    QVERIFY(view->crosshair());
    const QPointF before = *view->crosshair();

    // Six hours later: where the pinned point has turned to, by the headers' L0 and the rotation law.
    const auto later = std::make_shared<const fits::FitsImage>(load(m_aiaLater, true));
    preview.showFrame(m_aiaLater, later);
    const fits::SolarWcs laterWcs(*later);
    const fits::SolarSurfaceProjection laterProjection(*later, laterWcs);
    const fits::StonyhurstPoint pinned = *preview.crosshairPoint();
    const double days = 0.25;
    const double lat = pinned.lat * kOverlayPi / 180;
    const double rate = 14.713 - 2.396 * std::pow(std::sin(lat), 2) - 1.787 * std::pow(std::sin(lat), 4);
    const double lon = std::remainder(pinned.lon + first.cardNumber(QStringLiteral("CRLN_OBS"))
                                          - later->cardNumber(QStringLiteral("CRLN_OBS")) + (rate - 14.1844) * days,
                                      360.0);
    QPointF expected;
    QCOMPARE(laterProjection.displayPixelOf({lon, pinned.lat}, &expected), fits::SurfaceVisibility::Visible);
    QVERIFY(view->crosshair());
    const QPointF now = *view->crosshair();
    QVERIFY2(std::hypot(now.x() - expected.x(), now.y() - expected.y()) < 0.01,
             qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(now.x()).arg(now.y()).arg(expected.x()).arg(expected.y())));
    QVERIFY2(now.x() - before.x() > 5, qPrintable(QString::number(now.x() - before.x()))); // westward, ≈ 3.4°
    // Drawn there on screen.
    QTRY_VERIFY(view->rasterSettled());
    const QImage shot = view->grab().toImage();
    const QPointF w = fittedWidgetPosOf(view, shown, now) + QPointF(6, 0); // on the right arm
    const QColor arm = shot.pixelColor(int(w.x() * shot.devicePixelRatio()), int(w.y() * shot.devicePixelRatio()));
    QVERIFY2(arm.green() > 150 && arm.blue() > 150 && arm.red() < 120, qPrintable(arm.name()));

    // Two days on, a point pinned near the west limb has turned behind it: said in words.
    preview.pinCrosshair(laterProjection.displayPixelOf({75.0, 0.0}, &expected) == fits::SurfaceVisibility::Visible
                             ? expected : QPointF());
    QVERIFY(view->crosshair());
    preview.showFrame(m_aiaDaysLater, std::make_shared<const fits::FitsImage>(load(m_aiaDaysLater, true)));
    QVERIFY(!view->crosshair());
    QVERIFY2(view->crosshairNote().contains(QStringLiteral("behind the limb")), qPrintable(view->crosshairNote()));
}

void TestFitsOverlays::windowViewMenuTogglesTheOverlays()
{
    ui::FitsPreviewWindow window;
    window.resize(1300, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMenu *view = nullptr;
    for (QAction *a : window.menuBar()->actions())
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("View"))
            view = a->menu();
    QVERIFY(view);
    FitsPreviewWidget *preview = window.preview();
    for (QAction *a : preview->overlayActions())
        QVERIFY(view->actions().contains(a));
    QCOMPARE(preview->gridAction()->shortcut(), QKeySequence(Qt::Key_G));
    QCOMPARE(preview->limbAction()->shortcut(), QKeySequence(Qt::Key_L));
    QCOMPARE(preview->crosshairAction()->shortcut(), QKeySequence(Qt::Key_X));

    // A 1024² AIA 171 frame with the grid, the limb and a pinned crosshair: the README's picture.
    const QString path = m_dir.filePath(QStringLiteral("shot.fits"));
    sim::SolarImageSpec spec;
    spec.recordSpec = QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:01Z][171]");
    QString error;
    QVERIFY2(sim::FitsFactory::writeSolarImage(path, 1024, spec, &error), qPrintable(error));
    QSignalSpy loaded(preview, &FitsPreviewWidget::loaded);
    window.openFile(path);
    QVERIFY(loaded.wait(20000));
    preview->gridAction()->trigger();
    preview->limbAction()->trigger();
    QVERIFY(!preview->imageView()->crosshair());
    const fits::SolarWcs wcs(*preview->image());
    const fits::SolarSurfaceProjection projection(*preview->image(), wcs);
    QPointF pin;
    QCOMPARE(projection.displayPixelOf({-25.0, 20.0}, &pin), fits::SurfaceVisibility::Visible);
    preview->pinCrosshair(pin);
    QVERIFY(preview->imageView()->crosshair());
    QTRY_VERIFY(preview->imageView()->rasterSettled());
    if (const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QCoreApplication::sendPostedEvents();
        QTRY_VERIFY(preview->imageView()->rasterSettled());
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("fits-grid.png"))));
    }
}

QTEST_MAIN(TestFitsOverlays)
#include "tst_fits_overlays.moc"
