// Solar north up (FitsOrientation): the roll angle from CROTA2 or a PC matrix, quarter turns of the
// pixels, display ↔ file pixel mapping, and on the real HMI sample (CROTA2 = 179.93°) that the
// turned image has north at the top and east on the left, with the readout's WCS still right.
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
#include "model/fits/SolarWcs.h"
#include "ui/FitsPreviewWidget.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace fits;

namespace {

const QString kSamples = QStringLiteral(JSOC_SHARED_DIR "/fits-samples/");

FitsCard card(const QString &key, const QString &value)
{
    FitsCard c;
    c.key = key;
    c.value = value;
    c.raw = (key.leftJustified(8) + QStringLiteral("= ") + value.rightJustified(20)).toLatin1().leftJustified(80, ' ', true);
    return c;
}

// w × h image whose pixel value encodes its file position: 100·y + x.
FitsImage numbered(int w, int h, const QVector<FitsCard> &cards = {})
{
    FitsImage im;
    im.width = w;
    im.height = h;
    im.pixels.resize(std::size_t(w) * std::size_t(h));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            im.pixels[std::size_t(y * w + x)] = float(100 * y + x);
    im.cards = cards;
    return im;
}

} // namespace

class TestFitsOrientation final : public QObject
{
    Q_OBJECT

private slots:
    void rollFromHeader();
    void quarterTurnsMovePixels();
    void mappingRoundTrips();
    void everyQuarterRollEndsNorthUp();
    void realHmiIsNorthUp();
    void previewPipelineTurnsHmi();
    void widgetShowsHmiNorthUp();
};

void TestFitsOrientation::rollFromHeader()
{
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2, {card("CROTA2", "179.929779")})), 2);
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2, {card("CROTA2", "0.019413")})), 0);
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2, {card("CROTA2", "-180.5")})), 2);
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2, {card("CROTA2", "90.8")})), 1);
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2, {card("CROTA2", "270")})), 3);
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2, {card("CROTA2", "37")})), 0); // not near a quarter
    QCOMPARE(FitsOrientation::northUpTurns(numbered(2, 2)), 0);                          // no roll at all
    QVERIFY(std::isnan(FitsOrientation::rollDegrees(numbered(2, 2))));
    // A PC matrix of a 180° roll (cos = -1, sin ≈ 0), as some headers write it instead of CROTA2.
    const FitsImage pc = numbered(2, 2, {card("PC1_1", "-0.99999"), card("PC1_2", "0.0012"), card("PC2_1", "-0.0012"),
                                         card("PC2_2", "-0.99999")});
    QVERIFY(std::abs(std::abs(FitsOrientation::rollDegrees(pc)) - 180.0) < 0.1);
    QCOMPARE(FitsOrientation::northUpTurns(pc), 2);
    const FitsImage pc90 = numbered(2, 2, {card("PC1_1", "0.0"), card("PC2_1", "1.0")});
    QVERIFY(std::abs(FitsOrientation::rollDegrees(pc90) - 90.0) < 1e-9);
}

void TestFitsOrientation::quarterTurnsMovePixels()
{
    // 3 × 2 image; value = 100·y + x in file coordinates.
    const FitsImage im = numbered(3, 2);
    const FitsImage half = FitsOrientation::rotated(im, 2);
    QCOMPARE(half.width, 3);
    QCOMPARE(half.height, 2);
    QCOMPARE(half.quarterTurns, 2);
    QCOMPARE(half.at(0, 0), 102.0f); // the file's top-right comes to the bottom-left
    QCOMPARE(half.at(2, 1), 0.0f);
    // One counter-clockwise quarter (y up): the file's +x axis points up, so file (x, y) → (h-1-y, x).
    const FitsImage quarter = FitsOrientation::rotated(im, 1);
    QCOMPARE(quarter.width, 2);
    QCOMPARE(quarter.height, 3);
    QCOMPARE(quarter.at(1, 0), 0.0f);   // file (0, 0)
    QCOMPARE(quarter.at(1, 2), 2.0f);   // file (2, 0)
    QCOMPARE(quarter.at(0, 0), 100.0f); // file (0, 1)
    const FitsImage three = FitsOrientation::rotated(im, 3);
    QCOMPARE(three.at(0, 2), 0.0f);     // file (0, 0) → (y, w-1-x) = (0, 2)
    QCOMPARE(three.at(1, 0), 102.0f);   // file (2, 1) → (1, 0)
    // Four quarters are the identity; turns add up.
    const FitsImage back = FitsOrientation::rotated(FitsOrientation::rotated(quarter, 2), 1);
    QCOMPARE(back.quarterTurns, 0);
    QVERIFY(std::equal(back.pixels.begin(), back.pixels.end(), im.pixels.begin()));
}

void TestFitsOrientation::mappingRoundTrips()
{
    const FitsImage im = numbered(5, 3);
    for (int turns = 0; turns < 4; ++turns) {
        const FitsImage t = FitsOrientation::rotated(im, turns);
        for (int y = 0; y < t.height; ++y) {
            for (int x = 0; x < t.width; ++x) {
                const QPoint file = FitsOrientation::toFile(t, QPoint(x, y));
                QCOMPARE(t.at(x, y), float(100 * file.y() + file.x()));
                QCOMPARE(FitsOrientation::toDisplay(t, file), QPoint(x, y));
            }
        }
    }
}

void TestFitsOrientation::everyQuarterRollEndsNorthUp()
{
    // A 40 × 30 helioprojective header with 1″ pixels and each quarter roll: after the turn, one
    // display pixel up is +1″ in Ty and one to the right is +1″ in Tx, whatever the roll was.
    for (const double roll : {0.0, 90.0, 180.0, 270.0, -90.0, 89.0}) {
        const QVector<FitsCard> cards = {card("NAXIS", "2"), card("NAXIS1", "40"), card("NAXIS2", "30"),
                                         card("CTYPE1", "'HPLN-TAN'"), card("CTYPE2", "'HPLT-TAN'"),
                                         card("CUNIT1", "'arcsec'"), card("CUNIT2", "'arcsec'"),
                                         card("CRPIX1", "20.5"), card("CRPIX2", "15.5"), card("CRVAL1", "0.0"),
                                         card("CRVAL2", "0.0"), card("CDELT1", "1.0"), card("CDELT2", "1.0"),
                                         card("CROTA2", QString::number(roll, 'f', 3))};
        const FitsImage file = numbered(40, 30, cards);
        const FitsImage shown = FitsOrientation::rotated(file, FitsOrientation::northUpTurns(file));
        const SolarWcs wcs(shown);
        QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
        auto world = [&](int x, int y) {
            const QPoint f = FitsOrientation::toFile(shown, QPoint(x, y));
            return wcs.pixelToWorld(f.x(), f.y());
        };
        const int cx = shown.width / 2, cy = shown.height / 2;
        const WorldCoordinate here = world(cx, cy), up = world(cx, cy + 1), right = world(cx + 1, cy);
        const QString what = QStringLiteral("roll %1").arg(roll);
        QVERIFY2(std::abs(up.lat - here.lat - 1.0) < 0.02 && std::abs(up.lon - here.lon) < 0.02, qPrintable(what));
        QVERIFY2(std::abs(right.lon - here.lon - 1.0) < 0.02 && std::abs(right.lat - here.lat) < 0.02, qPrintable(what));
    }
}

void TestFitsOrientation::realHmiIsNorthUp()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("resampled_hmi.fits"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(std::abs(FitsOrientation::rollDegrees(r.image) - 179.929779) < 1e-6);
    QCOMPARE(FitsOrientation::northUpTurns(r.image), 2);
    const FitsImage shown = FitsOrientation::rotated(r.image, 2);
    const SolarWcs wcs(shown); // the header still describes the file's pixels
    QVERIFY(wcs.isValid());
    auto worldAtDisplay = [&](int x, int y) { return wcs.pixelToWorld(FitsOrientation::toFile(shown, QPoint(x, y)).x(),
                                                                      FitsOrientation::toFile(shown, QPoint(x, y)).y()); };
    // 100 × 100, 20.66″ pixels, disk centre near the middle: the top row is ≈ 1020″ north.
    const WorldCoordinate top = worldAtDisplay(50, 99);
    const WorldCoordinate bottom = worldAtDisplay(50, 0);
    const WorldCoordinate left = worldAtDisplay(0, 50);
    const WorldCoordinate right = worldAtDisplay(99, 50);
    QVERIFY(top.valid && bottom.valid && left.valid && right.valid);
    QVERIFY2(top.lat > 950 && top.lat < 1100, qPrintable(top.text()));
    QVERIFY2(bottom.lat < -950 && bottom.lat > -1100, qPrintable(bottom.text()));
    QVERIFY2(left.lon < -950, qPrintable(left.text()));   // solar east on the left
    QVERIFY2(right.lon > 950, qPrintable(right.text()));
    // Each step up the display is one CDELT2 north (the 0.07° residual roll is below 0.03″ here).
    const WorldCoordinate up = worldAtDisplay(50, 51), here = worldAtDisplay(50, 50);
    QVERIFY2(std::abs((up.lat - here.lat) - 20.65575936) < 0.05, qPrintable(QString::number(up.lat - here.lat)));
    // In the file as stored, the top row is south: the turn was needed.
    const WorldCoordinate fileTop = SolarWcs(r.image).pixelToWorld(50, 99);
    QVERIFY(fileTop.lat < -950);
    // The displayed value is the file's value at the mapped pixel.
    QCOMPARE(shown.at(10, 20), r.image.at(89, 79));
}

void TestFitsOrientation::previewPipelineTurnsHmi()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("resampled_hmi.fits"));
    QVERIFY(r.ok());
    PreviewOptions o;
    o.colourMap = QStringLiteral("gray");
    o.clip.mode = ClipMode::MinMax;
    const PreviewResult up = FitsPreview::render(r.image, o);
    o.northUp = false;
    const PreviewResult asStored = FitsPreview::render(r.image, o);
    QVERIFY(up.ok() && asStored.ok());
    QCOMPARE(up.image.size(), asStored.image.size());
    // A half turn: every pixel moves to the opposite corner.
    for (const QPoint p : {QPoint(0, 0), QPoint(13, 71), QPoint(50, 50), QPoint(99, 3)})
        QCOMPARE(up.image.pixelIndex(p), asStored.image.pixelIndex(99 - p.x(), 99 - p.y()));
    QVERIFY(up.image != asStored.image);
}

void TestFitsOrientation::widgetShowsHmiNorthUp()
{
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(kSamples + QStringLiteral("resampled_hmi.fits"));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(w.image()->quarterTurns, 2);
    QVERIFY(w.captionText().isEmpty() == false);
    // Display (50, 97) is near the top: the readout names the file pixel (49, 2) and a northern Ty.
    w.showReadoutAt(50, 97);
    const QString text = w.readoutText();
    QVERIFY2(text.startsWith(QStringLiteral("x 49  y 2  value ")), qPrintable(text));
    const int ty = text.indexOf(QStringLiteral("Ty "));
    QVERIFY2(ty > 0, qPrintable(text));
    const double tyValue = text.mid(ty + 3).section(QChar(0x2033), 0, 0).toDouble();
    QVERIFY2(tyValue > 900, qPrintable(text));
    // Turning off north up shows the file as stored.
    QSignalSpy again(&w, &FitsPreviewWidget::loaded);
    w.setNorthUp(false);
    QVERIFY(again.wait(10000));
    QCOMPARE(w.image()->quarterTurns, 0);
    w.showReadoutAt(50, 97);
    QVERIFY2(w.readoutText().startsWith(QStringLiteral("x 50  y 97  value ")), qPrintable(w.readoutText()));
}

QTEST_MAIN(TestFitsOrientation)
#include "tst_fits_orientation.moc"
