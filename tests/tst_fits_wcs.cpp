// SolarWcs: pixel → helioprojective coordinates through wcslib, checked at each header's
// reference pixel (where the answer is CRVAL by definition) and one pixel away (CDELT, CROTA2).
#include "model/fits/FitsLoader.h"
#include "model/fits/SolarWcs.h"

#include <QTest>

#include <cmath>

using namespace fits;

namespace {

const QString kSamples = QStringLiteral(JSOC_SHARED_DIR "/fits-samples/");
constexpr double kPi = 3.14159265358979323846;

FitsCard rawCard(const QByteArray &text)
{
    FitsCard c;
    c.raw = text.leftJustified(80, ' ', true);
    c.key = QString::fromLatin1(text.left(8)).trimmed();
    const int slash = text.indexOf(" /");
    c.value = QString::fromLatin1(text.mid(10, slash > 0 ? slash - 10 : -1)).trimmed().remove(QLatin1Char('\''));
    return c;
}

// A 4096 × 4096 AIA-like header: disk centre at the reference pixel, 0.6″ pixels.
FitsImage syntheticAia(double crota2)
{
    FitsImage im;
    im.width = im.height = 4096;
    const QList<QByteArray> cards = {
        "SIMPLE  =                    T", "BITPIX  =                   16", "NAXIS   =                    2",
        "NAXIS1  =                 4096", "NAXIS2  =                 4096", "CTYPE1  = 'HPLN-TAN'",
        "CTYPE2  = 'HPLT-TAN'",           "CUNIT1  = 'arcsec'",            "CUNIT2  = 'arcsec'",
        "CRPIX1  =               2048.5", "CRPIX2  =               2048.5", "CRVAL1  =                  0.0",
        "CRVAL2  =                  0.0", "CDELT1  =                  0.6", "CDELT2  =                  0.6",
        "RSUN_OBS=                960.0", QByteArray("CROTA2  = ") + QByteArray::number(crota2, 'f', 6).rightJustified(20)};
    for (const QByteArray &c : cards)
        im.cards.push_back(rawCard(c));
    return im;
}

} // namespace

class TestFitsWcs final : public QObject
{
    Q_OBJECT

private slots:
    void aiaSampleAtReferencePixel();
    void hmiSampleIsRotated();
    void limbIsOneSolarRadius();
    void rotationTurnsAxes();
    void radiusFromDistanceWhenNoRsunObs();
    void noWcsIsReported();
};

void TestFitsWcs::aiaSampleAtReferencePixel()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("aia_171_level1.fits"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const SolarWcs wcs(r.image);
    QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
    const double crpix1 = r.image.cardNumber(QStringLiteral("CRPIX1"));
    const double crpix2 = r.image.cardNumber(QStringLiteral("CRPIX2"));
    const double crval1 = r.image.cardNumber(QStringLiteral("CRVAL1"));
    const double crval2 = r.image.cardNumber(QStringLiteral("CRVAL2"));
    const double cdelt1 = r.image.cardNumber(QStringLiteral("CDELT1"));
    const double rsun = r.image.cardNumber(QStringLiteral("RSUN_OBS"));
    // 0-based image pixel = FITS pixel − 1.
    const WorldCoordinate c = wcs.pixelToWorld(crpix1 - 1, crpix2 - 1);
    QVERIFY(c.valid);
    QVERIFY(c.helioprojective);
    QVERIFY2(std::abs(c.lon - crval1) < 1e-6, qPrintable(QString::number(c.lon, 'g', 12)));
    QVERIFY2(std::abs(c.lat - crval2) < 1e-6, qPrintable(QString::number(c.lat, 'g', 12)));
    QVERIFY(std::abs(c.radius - std::hypot(crval1, crval2) / rsun) < 1e-6);
    // Ten pixels to the right: Tx grows by ~10 CDELT1 (CROTA2 = 0.019° tilts it by < 0.1″).
    const WorldCoordinate right = wcs.pixelToWorld(crpix1 - 1 + 10, crpix2 - 1);
    QVERIFY2(std::abs(right.lon - (crval1 + 10 * cdelt1)) < 0.1, qPrintable(QString::number(right.lon, 'g', 12)));
    QVERIFY(std::abs(right.lat - crval2) < 0.1);
    QCOMPARE(wcs.solarRadiusArcsec(), rsun);
    QVERIFY(c.text().startsWith(QStringLiteral("Tx -4.5″  Ty 2.9″  r 0.006 R☉")));
}

void TestFitsWcs::hmiSampleIsRotated()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("resampled_hmi.fits"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const SolarWcs wcs(r.image);
    QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
    const double crpix1 = r.image.cardNumber(QStringLiteral("CRPIX1"));
    const double crpix2 = r.image.cardNumber(QStringLiteral("CRPIX2"));
    const WorldCoordinate c = wcs.pixelToWorld(crpix1 - 1, crpix2 - 1);
    QVERIFY(std::abs(c.lon - r.image.cardNumber(QStringLiteral("CRVAL1"))) < 1e-6);
    QVERIFY(std::abs(c.lat - r.image.cardNumber(QStringLiteral("CRVAL2"))) < 1e-6);
    // CROTA2 ≈ 180°: one pixel right is one CDELT1 towards solar east (Tx decreases).
    const WorldCoordinate right = wcs.pixelToWorld(crpix1, crpix2 - 1);
    const double cdelt1 = r.image.cardNumber(QStringLiteral("CDELT1"));
    QVERIFY2(std::abs((right.lon - c.lon) + cdelt1) < 0.05, qPrintable(QString::number(right.lon - c.lon)));
}

void TestFitsWcs::limbIsOneSolarRadius()
{
    const SolarWcs wcs(syntheticAia(0.0));
    QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
    // 960″ / 0.6″ = 1600 pixels from the reference pixel (FITS 2048.5 → 0-based 2047.5).
    const WorldCoordinate limb = wcs.pixelToWorld(2047.5 + 1600, 2047.5);
    // 1600 pixels on the TAN plane are atan(960″) on the sky: 959.993″.
    const double expected = std::atan(960.0 * kPi / 648000.0) * 648000.0 / kPi;
    QVERIFY2(std::abs(limb.lon - expected) < 1e-6, qPrintable(QString::number(limb.lon, 'g', 12)));
    QVERIFY(std::abs(limb.lat) < 1e-9);
    QVERIFY(std::abs(limb.radius - expected / 960.0) < 1e-9);
    const WorldCoordinate north = wcs.pixelToWorld(2047.5, 2047.5 + 800);
    QVERIFY(std::abs(north.lat - 480.0) < 1e-3);
    QVERIFY(std::abs(north.radius - 0.5) < 1e-5);
    QVERIFY(std::abs(north.lon) < 1e-9);
    const WorldCoordinate corner = wcs.pixelToWorld(0, 0); // south-east corner
    QVERIFY(corner.lon < -1200 && corner.lat < -1200);
}

void TestFitsWcs::rotationTurnsAxes()
{
    // CROTA2 = 90°: +x on the detector points to solar north.
    const SolarWcs wcs(syntheticAia(90.0));
    QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
    const WorldCoordinate c = wcs.pixelToWorld(2047.5 + 100, 2047.5);
    QVERIFY2(std::abs(c.lon) < 1e-6, qPrintable(QString::number(c.lon)));
    QVERIFY2(std::abs(c.lat - 60.0) < 1e-3, qPrintable(QString::number(c.lat)));
}

void TestFitsWcs::radiusFromDistanceWhenNoRsunObs()
{
    FitsImage im = syntheticAia(0.0);
    im.cards.erase(std::remove_if(im.cards.begin(), im.cards.end(),
                                  [](const FitsCard &c) { return c.key == QLatin1String("RSUN_OBS"); }),
                   im.cards.end());
    im.cards.push_back(rawCard("DSUN_OBS=       149597870691.0"));
    im.cards.push_back(rawCard("RSUN_REF=          696000000.0"));
    const SolarWcs wcs(im);
    const double expected = std::asin(696000000.0 / 149597870691.0) * 180.0 / kPi * 3600.0; // ≈ 959.645″
    QVERIFY(std::abs(wcs.solarRadiusArcsec() - expected) < 1e-9);
    QVERIFY(std::abs(wcs.solarRadiusArcsec() - 959.645) < 0.001);
}

void TestFitsWcs::noWcsIsReported()
{
    FitsImage im;
    im.width = im.height = 2;
    im.cards.push_back(rawCard("SIMPLE  =                    T"));
    const SolarWcs wcs(im);
    QVERIFY(!wcs.isValid());
    QVERIFY(wcs.error().contains(QStringLiteral("no world coordinate")));
    QVERIFY(!wcs.pixelToWorld(0, 0).valid);
}

QTEST_GUILESS_MAIN(TestFitsWcs)
#include "tst_fits_wcs.moc"
