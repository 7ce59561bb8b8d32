// Comparing frames (FrameDifference) and WCS alignment (FrameAlign) on synthetic frames whose
// answer is known: differences and ratios of analytic images, exposure normalisation, blanks,
// ÷0, and a frame moved by whole and part pixels and turned upside down (HMI's CROTA2 = 180°)
// resampled back onto the base grid. The diverging colour map and the mode's limits too.
#include "model/fits/ColourMap.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FrameAlign.h"
#include "model/fits/FrameDifference.h"

#include <QTest>

#include <cmath>
#include <functional>

using namespace fits;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

FitsCard cardOf(const QByteArray &key, const QByteArray &value)
{
    FitsCard c;
    c.key = QString::fromLatin1(key);
    c.value = QString::fromLatin1(value).remove(QLatin1Char('\'')).trimmed();
    c.raw = (key.leftJustified(8, ' ') + "= " + value.rightJustified(20)).leftJustified(80, ' ', true);
    return c;
}

FitsCard numberCard(const QByteArray &key, double v)
{
    return cardOf(key, QByteArray::number(v, 'g', 12));
}

struct Pointing {
    double crpix1 = 32.5, crpix2 = 24.5; // 1-based, as in the header
    double cdelt = 0.6;                  // arcsec per pixel
    double crota2 = 0.0;                 // degrees
};

// A w × h helioprojective frame (disk centre at CRVAL 0,0) whose pixel values are `sky`(Tx, Ty):
// the same sky seen through any pointing.
FitsImage frameOfSky(int w, int h, const Pointing &p, const std::function<double(double, double)> &sky,
                     double exptime = 2.0)
{
    FitsImage im;
    im.width = w;
    im.height = h;
    im.cards = {cardOf("SIMPLE", "T"), numberCard("NAXIS", 2), numberCard("NAXIS1", w), numberCard("NAXIS2", h),
                cardOf("CTYPE1", "'HPLN-TAN'"), cardOf("CTYPE2", "'HPLT-TAN'"), cardOf("CUNIT1", "'arcsec'"),
                cardOf("CUNIT2", "'arcsec'"), numberCard("CRPIX1", p.crpix1), numberCard("CRPIX2", p.crpix2),
                numberCard("CRVAL1", 0.0), numberCard("CRVAL2", 0.0), numberCard("CDELT1", p.cdelt),
                numberCard("CDELT2", p.cdelt), numberCard("CROTA2", p.crota2), numberCard("EXPTIME", exptime),
                cardOf("BUNIT", "'DN'")};
    im.pixels.resize(std::size_t(w) * h);
    const double c = std::cos(p.crota2 * M_PI / 180.0), s = std::sin(p.crota2 * M_PI / 180.0);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            // FITS: world = R(crota2) · cdelt · (pixel − crpix); small field, so TAN is nearly linear,
            // but the test compares through wcslib both ways, so the exact projection does not matter.
            const double u = (x + 1 - p.crpix1) * p.cdelt, v = (y + 1 - p.crpix2) * p.cdelt;
            im.pixels[std::size_t(y) * w + x] = float(sky(c * u - s * v, s * u + c * v));
        }
    }
    im.stats = FitsImage::computeStats(im.pixels);
    return im;
}

FitsImage plainFrame(int w, int h, const std::function<float(int, int)> &value, double exptime = 2.0)
{
    FitsImage im = frameOfSky(w, h, {}, [](double, double) { return 0.0; }, exptime);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            im.pixels[std::size_t(y) * w + x] = value(x, y);
    im.stats = FitsImage::computeStats(im.pixels);
    return im;
}

// A smooth sky in arcsec: gradient plus a curved part, so interpolation has something to get wrong.
double smoothSky(double tx, double ty)
{
    return 1000.0 + 3.0 * tx - 2.0 * ty + 0.02 * (tx - 4.0) * (tx - 4.0) + 0.01 * ty * ty;
}

} // namespace

class TestFitsDifference final : public QObject
{
    Q_OBJECT

private slots:
    void runningDifferenceIsTheKnownDifference();
    void blanksStayBlank();
    void exposureNormalisationDividesByExptime();
    void ratioBlanksDivisionByZero();
    void differentSizesNeedAlignment();
    void modesParseAndPartners();
    void alignUndoesShiftAndHalfTurn();
    void alignSubPixelShiftWithinInterpolationError();
    void alignedBaseDifferenceOfMovedSkyIsZero();
    void alignDecodedSmallerThanTheFile();
    void alignWithoutWcsIsAnError();
    void differenceLimitsAreSymmetric();
    void ratioLimitsAreCentredOnOne();
    void divergingMapIsWhiteInTheMiddle();
};

void TestFitsDifference::runningDifferenceIsTheKnownDifference()
{
    const FitsImage previous = plainFrame(7, 5, [](int x, int y) { return float(10 * x + y); });
    const FitsImage current = plainFrame(7, 5, [](int x, int y) { return float(x * x - 3 * y + 0.5f); });
    const FrameCompareResult r = FrameDifference::compare(current, previous, {FrameMode::RunningDifference, false, false});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.width, 7);
    QCOMPARE(r.image.height, 5);
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 7; ++x)
            QCOMPARE(r.image.at(x, y), float(x * x - 3 * y + 0.5f) - float(10 * x + y));
    QCOMPARE(r.image.stats.validCount, 35);
    // Base difference is the same subtraction; the header is the current frame's.
    const FrameCompareResult b = FrameDifference::compare(current, previous, {FrameMode::BaseDifference, false, false});
    QCOMPARE(b.image.at(3, 2), r.image.at(3, 2));
    QCOMPARE(FrameDifference::unitOf(current, {FrameMode::BaseDifference, false, false}), QStringLiteral("DN"));
    FitsImage aiaLike = current; // AIA level 1: no BUNIT, PIXLUNIT = 'DN'
    aiaLike.cards.erase(std::remove_if(aiaLike.cards.begin(), aiaLike.cards.end(),
                                       [](const FitsCard &c) { return c.key == QLatin1String("BUNIT"); }),
                        aiaLike.cards.end());
    QCOMPARE(FrameDifference::unitOf(aiaLike, {FrameMode::BaseDifference, false, false}), QString());
    aiaLike.cards.push_back(cardOf("PIXLUNIT", "'DN'"));
    QCOMPARE(FrameDifference::unitOf(aiaLike, {FrameMode::BaseDifference, true, false}), QStringLiteral("DN / s"));
}

void TestFitsDifference::blanksStayBlank()
{
    const FitsImage a = plainFrame(4, 4, [](int x, int y) { return x == 1 && y == 2 ? kNaN : 5.0f; });
    const FitsImage b = plainFrame(4, 4, [](int x, int y) { return x == 3 && y == 0 ? kNaN : 2.0f; });
    const FrameCompareResult r = FrameDifference::compare(a, b, {FrameMode::RunningDifference, false, false});
    QVERIFY(std::isnan(r.image.at(1, 2)));
    QVERIFY(std::isnan(r.image.at(3, 0)));
    QCOMPARE(r.image.at(0, 0), 3.0f);
    QCOMPARE(r.image.stats.blankCount, 2);
    QCOMPARE(r.image.stats.validCount, 14);
}

void TestFitsDifference::exposureNormalisationDividesByExptime()
{
    // The same sky rate (50 DN/s) exposed 2 s and 4 s: no change once divided.
    const FitsImage shortExp = plainFrame(3, 3, [](int, int) { return 100.0f; }, 2.0);
    const FitsImage longExp = plainFrame(3, 3, [](int, int) { return 200.0f; }, 4.0);
    const FrameCompareOptions normalised{FrameMode::RunningDifference, true, false};
    FrameCompareResult r = FrameDifference::compare(longExp, shortExp, normalised);
    QCOMPARE(r.image.at(1, 1), 0.0f);
    QVERIFY2(r.notes.join(u' ').contains(QLatin1String("EXPTIME")), qPrintable(r.notes.join(u' ')));
    QCOMPARE(FrameDifference::unitOf(longExp, normalised), QStringLiteral("DN / s"));
    r = FrameDifference::compare(longExp, shortExp, {FrameMode::RunningDifference, false, false});
    QCOMPARE(r.image.at(1, 1), 100.0f);
    // A frame without EXPTIME: not divided, and the note says so.
    FitsImage noExp = shortExp;
    noExp.cards.erase(std::remove_if(noExp.cards.begin(), noExp.cards.end(),
                                     [](const FitsCard &c) { return c.key == QLatin1String("EXPTIME"); }),
                      noExp.cards.end());
    r = FrameDifference::compare(longExp, noExp, normalised);
    QCOMPARE(r.image.at(1, 1), 100.0f);
    QVERIFY(r.notes.join(u' ').contains(QLatin1String("not divided")));
}

void TestFitsDifference::ratioBlanksDivisionByZero()
{
    const FitsImage num = plainFrame(3, 1, [](int x, int) { return x == 1 ? 0.0f : 6.0f; });
    const FitsImage den = plainFrame(3, 1, [](int x, int) { return x == 0 ? 3.0f : 0.0f; });
    const FrameCompareResult r = FrameDifference::compare(num, den, {FrameMode::Ratio, false, false});
    QCOMPARE(r.image.at(0, 0), 2.0f);
    QVERIFY(std::isnan(r.image.at(1, 0))); // 0 / 0
    QVERIFY(std::isnan(r.image.at(2, 0))); // 6 / 0: blank, not +inf
    QCOMPARE(r.image.stats.blankCount, 2);
    QCOMPARE(FrameDifference::unitOf(num, {FrameMode::Ratio, true, false}), QStringLiteral("ratio"));
}

void TestFitsDifference::differentSizesNeedAlignment()
{
    const FitsImage a = plainFrame(4, 4, [](int, int) { return 1.0f; });
    const FitsImage b = plainFrame(5, 4, [](int, int) { return 1.0f; });
    const FrameCompareResult r = FrameDifference::compare(a, b, {FrameMode::BaseDifference, false, false});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("Align by WCS")), qPrintable(r.error));
}

void TestFitsDifference::modesParseAndPartners()
{
    FrameMode m = FrameMode::Normal;
    QVERIFY(FrameDifference::parseMode(QStringLiteral("running"), &m));
    QCOMPARE(m, FrameMode::RunningDifference);
    QVERIFY(FrameDifference::parseMode(QStringLiteral("BASE"), &m));
    QCOMPARE(m, FrameMode::BaseDifference);
    QVERIFY(!FrameDifference::parseMode(QStringLiteral("sideways"), &m));
    QCOMPARE(FrameDifference::partnerOf(FrameMode::RunningDifference, 5, 2), 4);
    QCOMPARE(FrameDifference::partnerOf(FrameMode::RunningDifference, 0, 2), -1);
    QCOMPARE(FrameDifference::partnerOf(FrameMode::BaseDifference, 5, 2), 2);
    QCOMPARE(FrameDifference::partnerOf(FrameMode::Ratio, 0, 3), 3);
    QCOMPARE(FrameDifference::partnerOf(FrameMode::Normal, 5, 2), -1);
}

void TestFitsDifference::alignUndoesShiftAndHalfTurn()
{
    // The base (CROTA2 0) and the same sky through a camera turned 180° and pointed 3 pixels
    // right and 2 down: the pixel grids coincide (whole pixels), so alignment is exact to float
    // rounding where the moved frame covers the base, and blank where it does not.
    const int w = 64, h = 48;
    const Pointing basePointing;
    const FitsImage base = frameOfSky(w, h, basePointing, smoothSky);
    Pointing turned;
    turned.crota2 = 180.0;
    turned.crpix1 = w + 1 - basePointing.crpix1 + 3.0;
    turned.crpix2 = h + 1 - basePointing.crpix2 - 2.0;
    const FitsImage moving = frameOfSky(w, h, turned, smoothSky);
    QVERIFY(!FrameAlign::sameGrid(base, moving));
    QVERIFY(std::abs(moving.at(0, 0) - base.at(0, 0)) > 10.0f); // really different pixels

    for (const FitsImage &m : {moving, FitsOrientation::rotated(moving, FitsOrientation::northUpTurns(moving))}) {
        const AlignResult r = FrameAlign::ontoGridOf(base, m);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.image.width, w);
        QCOMPARE(r.image.height, h);
        int covered = 0, blank = 0;
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                // Base pixel x is moved pixel w-1-x+3 (0-based): outside for x < 3; y: h-1-y-2, outside for y > h-3.
                const bool inside = x >= 3 && y <= h - 3;
                const float v = r.image.at(x, y);
                if (!inside) {
                    QVERIFY2(std::isnan(v), qPrintable(QStringLiteral("(%1,%2) = %3").arg(x).arg(y).arg(v)));
                    ++blank;
                    continue;
                }
                QVERIFY2(std::abs(v - base.at(x, y)) < 2e-3f * std::abs(base.at(x, y)),
                         qPrintable(QStringLiteral("(%1,%2): %3 vs %4").arg(x).arg(y).arg(v).arg(base.at(x, y))));
                ++covered;
            }
        }
        QCOMPARE(covered, (w - 3) * (h - 2));
        QCOMPARE(blank, w * h - covered);
    }
}

void TestFitsDifference::alignSubPixelShiftWithinInterpolationError()
{
    // Shifted by (1.5, 0.25) pixels and with 0.5 % larger pixels: bilinear interpolation of the
    // smooth sky is good to its curvature term (< 0.02·(0.6·0.5)²·… ≈ 0.01 DN).
    const int w = 64, h = 48;
    const FitsImage base = frameOfSky(w, h, {}, smoothSky);
    Pointing moved;
    moved.crpix1 += 1.5;
    moved.crpix2 += 0.25;
    moved.cdelt = 0.603;
    const FitsImage moving = frameOfSky(w, h, moved, smoothSky);
    const AlignResult r = FrameAlign::ontoGridOf(base, moving);
    QVERIFY(r.ok());
    double worst = 0.0;
    int covered = 0;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const float v = r.image.at(x, y);
            if (std::isnan(v))
                continue;
            worst = std::max(worst, double(std::abs(v - base.at(x, y))));
            ++covered;
        }
    }
    QVERIFY2(worst < 0.05, qPrintable(QString::number(worst)));
    QVERIFY2(covered > (w - 3) * (h - 2), qPrintable(QString::number(covered)));
    QVERIFY(covered < w * h); // the shifted edge is blank
}

void TestFitsDifference::alignedBaseDifferenceOfMovedSkyIsZero()
{
    // The same sky seen through two pointings: base difference after alignment is ~0 where both
    // see it; without alignment it is not.
    const int w = 40, h = 40;
    Pointing basePointing;
    basePointing.crpix1 = basePointing.crpix2 = 20.5;
    Pointing hmiLike = basePointing;
    hmiLike.crota2 = 180.0;
    hmiLike.crpix1 = 22.5;
    const FitsImage base = frameOfSky(w, h, basePointing, smoothSky);
    const FitsImage frame = frameOfSky(w, h, hmiLike, smoothSky);
    const FrameCompareResult unaligned = FrameDifference::compare(frame, base, {FrameMode::BaseDifference, false, false});
    QVERIFY(unaligned.ok());
    QVERIFY(std::abs(unaligned.image.at(5, 5)) > 10.0f);
    const FrameCompareResult aligned = FrameDifference::compare(frame, base, {FrameMode::BaseDifference, false, true});
    QVERIFY2(aligned.ok(), qPrintable(aligned.error));
    QVERIFY(aligned.notes.contains(QStringLiteral("aligned by WCS")));
    QCOMPARE(FrameAlign::sameGrid(aligned.image, base), true); // on the base's grid
    int checked = 0;
    for (float d : aligned.image.pixels) {
        if (std::isnan(d))
            continue;
        QVERIFY2(std::abs(d) < 0.05f, qPrintable(QString::number(d)));
        ++checked;
    }
    QVERIFY(checked >= (w - 2) * h);
}

void TestFitsDifference::alignDecodedSmallerThanTheFile()
{
    // Frames played at screen size keep the file's header: a 2× smaller copy of a turned frame
    // aligned onto the full base, and the full frame onto a 2× smaller base, still match the sky.
    const int w = 64, h = 48;
    const FitsImage base = frameOfSky(w, h, {}, [](double tx, double ty) { return 1000.0 + 3.0 * tx - 2.0 * ty; });
    Pointing turned;
    turned.crota2 = 180.0;
    turned.crpix1 = w + 1 - 32.5 + 4.0;
    turned.crpix2 = h + 1 - 24.5;
    const FitsImage moving = frameOfSky(w, h, turned, [](double tx, double ty) { return 1000.0 + 3.0 * tx - 2.0 * ty; });
    const FitsImage small = moving.downsampled(32);
    QCOMPARE(small.width, 32);
    AlignResult r = FrameAlign::ontoGridOf(base, small);
    QVERIFY2(r.ok(), qPrintable(r.error));
    int checked = 0;
    for (int y = 2; y < h - 2; ++y) {
        for (int x = 8; x < w - 2; ++x) {
            const float v = r.image.at(x, y);
            if (std::isnan(v))
                continue;
            // A linear sky survives averaging and bilinear interpolation exactly.
            QVERIFY2(std::abs(v - base.at(x, y)) < 0.05f, qPrintable(QStringLiteral("(%1,%2) %3 vs %4").arg(x).arg(y).arg(v).arg(base.at(x, y))));
            ++checked;
        }
    }
    QVERIFY(checked > (w - 12) * (h - 6));
    const FitsImage smallBase = base.downsampled(32);
    r = FrameAlign::ontoGridOf(smallBase, moving);
    QVERIFY(r.ok());
    QCOMPARE(r.image.width, 32);
    QVERIFY(std::abs(r.image.at(16, 12) - smallBase.at(16, 12)) < 0.05f);
    QVERIFY(std::abs(r.image.at(5, 20) - smallBase.at(5, 20)) < 0.05f);
}

void TestFitsDifference::alignWithoutWcsIsAnError()
{
    FitsImage base = frameOfSky(8, 8, {}, smoothSky);
    FitsImage noWcs = base;
    noWcs.cards.clear();
    noWcs.cards.push_back(cardOf("SIMPLE", "T"));
    AlignResult r = FrameAlign::ontoGridOf(base, noWcs);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("helioprojective")), qPrintable(r.error));
    Pointing other;
    other.crpix1 = 3;
    const FrameCompareResult c = FrameDifference::compare(frameOfSky(8, 8, other, smoothSky), noWcs, {FrameMode::BaseDifference, false, true});
    QVERIFY(!c.ok());
}

void TestFitsDifference::differenceLimitsAreSymmetric()
{
    // d = x − 50 over 0..99 (NaN ignored): |d| quantiles are known exactly.
    const FitsImage d = plainFrame(100, 1, [](int x, int) { return x == 7 ? kNaN : float(x - 50); });
    ClipSpec minMax;
    minMax.mode = ClipMode::MinMax;
    Limits l = FrameDifference::limitsFor(d, FrameMode::RunningDifference, minMax);
    QCOMPARE(l.low, -50.0);
    QCOMPARE(l.high, 50.0);
    ClipSpec p90;
    p90.percent = 90.0;
    l = FrameDifference::limitsFor(d, FrameMode::BaseDifference, p90);
    QCOMPARE(l.low, -l.high);
    QVERIFY2(l.high > 40.0 && l.high < 47.0, qPrintable(QString::number(l.high)));
    // Normal mode keeps the ordinary (asymmetric) limits.
    l = FrameDifference::limitsFor(d, FrameMode::Normal, minMax);
    QCOMPARE(l.low, -50.0);
    QCOMPARE(l.high, 49.0);
    // Nothing changed: still a window around zero, never an empty one.
    const FitsImage zero = plainFrame(5, 5, [](int, int) { return 0.0f; });
    l = FrameDifference::limitsFor(zero, FrameMode::RunningDifference, ClipSpec{});
    QVERIFY(l.low < 0 && l.high > 0 && l.low == -l.high);
}

void TestFitsDifference::ratioLimitsAreCentredOnOne()
{
    // Ratios 1/4 … 2: the larger |r − 1| is 1, so the window is 0 … 2 with 1 (unchanged) in the middle.
    const FitsImage r = plainFrame(3, 1, [](int x, int) { return std::array<float, 3>{0.25f, 1.0f, 2.0f}[x]; });
    ClipSpec minMax;
    minMax.mode = ClipMode::MinMax;
    const Limits l = FrameDifference::limitsFor(r, FrameMode::Ratio, minMax);
    QVERIFY(std::abs(l.low - 0.0) < 1e-9);
    QVERIFY(std::abs(l.high - 2.0) < 1e-9);
    // Percentile: 100 % of |r − 1| over {0.75, 0, 1} is 1.
    ClipSpec all;
    all.percent = 100.0;
    const Limits p = FrameDifference::limitsFor(r, FrameMode::Ratio, all);
    QVERIFY(std::abs(p.low + p.high - 2.0) < 1e-6);
    QVERIFY(std::abs(p.high - 2.0) < 1e-6);
    // All unchanged: still a window around 1.
    const FitsImage ones = plainFrame(4, 4, [](int, int) { return 1.0f; });
    const Limits o = FrameDifference::limitsFor(ones, FrameMode::Ratio, ClipSpec{});
    QVERIFY(o.low < 1.0 && o.high > 1.0 && std::abs(o.low + o.high - 2.0) < 1e-12);
}

void TestFitsDifference::divergingMapIsWhiteInTheMiddle()
{
    QVERIFY(ColourMap::exists(QStringLiteral("bwr")));
    QVERIFY(ColourMap::isDiverging(QStringLiteral("bwr")));
    const QVector<QRgb> t = ColourMap::table(QStringLiteral("bwr"));
    QCOMPARE(t.size(), 256);
    QVERIFY(qBlue(t[0]) > qRed(t[0]) + 100);      // low end blue
    QVERIFY(qRed(t[255]) > qBlue(t[255]) + 100);  // high end red
    QVERIFY(qRed(t[127]) > 250 && qGreen(t[127]) > 250 && qBlue(t[127]) > 250); // white middle
    QVERIFY(qGray(t[0]) < qGray(t[64]) && qGray(t[64]) < qGray(t[127]));       // lighter towards zero
    QVERIFY(qGray(t[255]) < qGray(t[192]) && qGray(t[192]) < qGray(t[128]));
}

QTEST_GUILESS_MAIN(TestFitsDifference)
#include "tst_fits_difference.moc"
