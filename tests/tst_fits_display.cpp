// Limits, stretches, colour maps and the LUT renderer, checked against numbers computed here
// independently (sorting for percentiles, closed forms for stretches, astropy for zscale).
#include "model/fits/ColourMap.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsOrientation.h"
#include "model/fits/FitsPreview.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/ImageLimits.h"
#include "model/fits/Stretch.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <span>

using namespace fits;

namespace {

const QString kSamples = QStringLiteral(JSOC_SHARED_DIR "/fits-samples/");

// numpy.percentile(..., method="linear") by sorting: the reference the O(n) selection must match.
double sortedQuantile(std::span<const float> in, double q)
{
    std::vector<float> v(in.begin(), in.end());
    v.erase(std::remove_if(v.begin(), v.end(), [](float x) { return !std::isfinite(x); }), v.end());
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const auto k = std::size_t(std::floor(pos));
    const std::size_t k1 = std::min(k + 1, v.size() - 1);
    return v[k] + (double(v[k1]) - v[k]) * (pos - std::floor(pos));
}

FitsImage imageOf(int w, int h, std::vector<float> pixels)
{
    FitsImage im;
    im.width = w;
    im.height = h;
    im.pixels.assign(pixels.begin(), pixels.end());
    im.stats = FitsImage::computeStats(im.pixels);
    return im;
}

// The same generator as the astropy script that produced the zscale reference numbers:
// x = (1103515245 x + 12345) mod 2^31.
std::vector<float> lcgUniform(int n, quint64 x)
{
    std::vector<float> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        x = (1103515245ULL * x + 12345ULL) % 2147483648ULL;
        double v = 100.0 + double(x % 1000) / 10.0;
        if (i % 97 == 0)
            v = 5000.0;
        if (i % 101 == 0)
            v = -300.0;
        out[std::size_t(i)] = float(v);
    }
    return out;
}

std::vector<float> lcgBell(int n, quint64 x)
{
    std::vector<float> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        double s = 0;
        for (int k = 0; k < 4; ++k) {
            x = (1103515245ULL * x + 12345ULL) % 2147483648ULL;
            s += double(x % 10000) / 10000.0;
        }
        out[std::size_t(i)] = float(50.0 + 20.0 * s);
        if (i % 53 == 0)
            out[std::size_t(i)] = 1e4f;
    }
    return out;
}

FitsCard makeCard(const QString &key, const QString &value)
{
    FitsCard c;
    c.key = key;
    c.value = value;
    return c;
}

} // namespace

class TestFitsDisplay final : public QObject
{
    Q_OBJECT

private slots:
    void quantilesMatchSorting_data();
    void quantilesMatchSorting();
    void quantilesWithHeavyTies();
    void percentileIsCentral();
    void percentileOnRealSample();
    void zscaleMatchesAstropy();
    void zscaleOfRampIsItsRange();
    void clipParsing();
    void stretchesNumerically();
    void stretchParsing();
    void lutEndsAndMidpoint();
    void renderPutsFitsRowOneAtTheBottom();
    void renderBlankAndOutOfRange();
    void histogramEqualisationFlattens();
    void colourMaps();
    void autoColourMapFromHeader();
    void downsampleAveragesAndKeepsAspect();
    void derivedImagesKeepTheFileFacts();
    void previewPipeline();
};

void TestFitsDisplay::quantilesMatchSorting_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("kind");
    QTest::newRow("small") << 7 << 0;
    QTest::newRow("uniform 100k") << 100000 << 0;
    QTest::newRow("int-like with NaN 300k") << 300000 << 1;
    QTest::newRow("heavy tail 200k") << 200000 << 2;
}

void TestFitsDisplay::quantilesMatchSorting()
{
    QFETCH(int, n);
    QFETCH(int, kind);
    QRandomGenerator rng(uint(n + kind));
    std::vector<float> v(static_cast<std::size_t>(n));
    for (float &x : v) {
        if (kind == 0)
            x = float(rng.generateDouble() * 1000.0 - 200.0);
        else if (kind == 1)
            x = rng.bounded(50) == 0 ? NAN : float(int(rng.bounded(4000)) - 100);
        else
            x = float(std::exp(rng.generateDouble() * 20.0)); // 1 .. 5e8: bins very uneven
    }
    const std::vector<double> qs = {0.0, 0.0025, 0.005, 0.25, 0.5, 0.995, 0.9975, 0.999, 1.0};
    const std::vector<double> got = ImageLimits::quantiles(v, qs);
    for (std::size_t i = 0; i < qs.size(); ++i) {
        const double expected = sortedQuantile(v, qs[i]);
        QVERIFY2(std::abs(got[i] - expected) <= 1e-9 * std::max(1.0, std::abs(expected)),
                 qPrintable(QStringLiteral("q=%1: %2 != %3").arg(qs[i]).arg(got[i], 0, 'g', 12).arg(expected, 0, 'g', 12)));
    }
}

void TestFitsDisplay::quantilesWithHeavyTies()
{
    // 3 M pixels of which 2.5 M are exactly 0 (an off-limb mask) plus a ramp: the rank falls in
    // one bin with millions of equal values, which must not be sorted.
    std::vector<float> v(3000000, 0.0f);
    for (std::size_t i = 0; i < 500000; ++i)
        v[i * 6] = float(i) * 0.01f + 1.0f;
    const std::vector<double> qs = {0.1, 0.5, 0.83, 0.9, 0.999};
    const std::vector<double> got = ImageLimits::quantiles(v, qs);
    for (std::size_t i = 0; i < qs.size(); ++i)
        QCOMPARE(got[i], sortedQuantile(v, qs[i]));

    // Two dense clusters with close but different values inside one coarse bin.
    std::vector<float> w(2000000);
    for (std::size_t i = 0; i < w.size(); ++i)
        w[i] = i % 2 ? 1000.0f + float(i % 1000) * 1e-4f : -5.0f;
    w[0] = 1e9f; // stretches the first histogram so the cluster lands in one bin
    for (const double q : {0.3, 0.5, 0.75, 0.9999})
        QCOMPARE(ImageLimits::quantiles(w, {q})[0], sortedQuantile(w, q));
}

void TestFitsDisplay::percentileIsCentral()
{
    std::vector<float> v(10001);
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = float(i); // 0 .. 10000
    const Limits l = ImageLimits::percentile(v, 99.5);
    QCOMPARE(l.low, 25.0);    // 0.25 % of 10000
    QCOMPARE(l.high, 9975.0); // 99.75 %
    const Limits l99 = ImageLimits::percentile(v, 99.0);
    QCOMPARE(l99.low, 50.0);
    QCOMPARE(l99.high, 9950.0);
    ClipSpec clip;
    QVERIFY(ClipSpec::parse(QStringLiteral("99.9"), &clip));
    const Limits l999 = ImageLimits::compute(imageOf(int(v.size()), 1, v), clip);
    QCOMPARE(l999.low, 5.0);
    QCOMPARE(l999.high, 9995.0);
}

void TestFitsDisplay::percentileOnRealSample()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("aia_171_level1.fits"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    ClipSpec clip; // 99.5 by default
    const Limits l = ImageLimits::compute(r.image, clip);
    QCOMPARE(l.low, sortedQuantile(r.image.pixels, 0.0025));
    QCOMPARE(l.high, sortedQuantile(r.image.pixels, 0.9975));
    QVERIFY(ClipSpec::parse(QStringLiteral("minmax"), &clip));
    const Limits mm = ImageLimits::compute(r.image, clip);
    QCOMPARE(mm.low, double(r.image.stats.min));
    QCOMPARE(mm.high, double(r.image.stats.max));
}

void TestFitsDisplay::zscaleMatchesAstropy()
{
    // Reference: astropy 5.2 ZScaleInterval().get_limits() on the same float32 values.
    Limits z = ImageLimits::zscale(lcgUniform(20000, 42));
    QVERIFY2(std::abs(z.low - (-46.99288488111529)) < 1e-3, qPrintable(QString::number(z.low, 'g', 12)));
    QVERIFY2(std::abs(z.high - 350.38622775672866) < 1e-3, qPrintable(QString::number(z.high, 'g', 12)));
    z = ImageLimits::zscale(lcgBell(50000, 7));
    QVERIFY2(std::abs(z.low - 58.172) < 1e-3, qPrintable(QString::number(z.low, 'g', 12)));
    QVERIFY2(std::abs(z.high - 159.69807679946314) < 1e-3, qPrintable(QString::number(z.high, 'g', 12)));
}

void TestFitsDisplay::zscaleOfRampIsItsRange()
{
    // 4000 values → every 4th is sampled (1000 samples, the last one 3996).
    std::vector<float> v(4000);
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = float(i) * 2.0f + 10.0f;
    const Limits z = ImageLimits::zscale(v);
    // A perfect line widened by 1/contrast = 4 is clipped to the sampled range.
    QCOMPARE(z.low, 10.0);
    QCOMPARE(z.high, 2.0 * 3996 + 10.0);
    // Blanks are skipped, not sampled.
    v[0] = NAN;
    QCOMPARE(ImageLimits::zscale(v).low, 12.0);
}

void TestFitsDisplay::clipParsing()
{
    ClipSpec c;
    QVERIFY(ClipSpec::parse(QStringLiteral("minmax"), &c));
    QCOMPARE(c.mode, ClipMode::MinMax);
    QVERIFY(ClipSpec::parse(QStringLiteral("ZScale"), &c));
    QCOMPARE(c.mode, ClipMode::ZScale);
    QVERIFY(ClipSpec::parse(QStringLiteral("99.5"), &c));
    QCOMPARE(c.mode, ClipMode::Percentile);
    QCOMPARE(c.percent, 99.5);
    QVERIFY(ClipSpec::parse(QStringLiteral("-10:250.5"), &c));
    QCOMPARE(c.mode, ClipMode::Manual);
    QCOMPARE(c.low, -10.0);
    QCOMPARE(c.high, 250.5);
    QVERIFY(!ClipSpec::parse(QStringLiteral("5:1"), &c));
    QVERIFY(!ClipSpec::parse(QStringLiteral("101"), &c));
    QVERIFY(!ClipSpec::parse(QStringLiteral("banana"), &c));
}

void TestFitsDisplay::stretchesNumerically()
{
    const auto at = [](StretchKind k, double x) { return Stretch::apply(StretchSpec{k, 0.0}, x); };
    QCOMPARE(at(StretchKind::Linear, 0.3), 0.3);
    QCOMPARE(at(StretchKind::Sqrt, 0.25), 0.5);
    QCOMPARE(at(StretchKind::Power, 0.5), 0.25);
    QVERIFY(std::abs(at(StretchKind::Log, 0.5) - std::log(501.0) / std::log(1001.0)) < 1e-12);
    QVERIFY(std::abs(at(StretchKind::Asinh, 0.5) - std::asinh(5.0) / std::asinh(10.0)) < 1e-12);
    for (const StretchKind k : {StretchKind::Linear, StretchKind::Log, StretchKind::Sqrt, StretchKind::Asinh,
                                StretchKind::Power}) {
        QCOMPARE(at(k, 0.0), 0.0);
        QVERIFY(std::abs(at(k, 1.0) - 1.0) < 1e-12);
        QCOMPARE(at(k, -3.0), 0.0);          // clamped
        QVERIFY(std::abs(at(k, 7.0) - 1.0) < 1e-12);
        QCOMPARE(at(k, double(NAN)), 0.0);
        double previous = -1;
        for (int i = 0; i <= 100; ++i) { // monotonic
            const double y = at(k, i / 100.0);
            QVERIFY(y >= previous);
            previous = y;
        }
    }
    QCOMPARE(Stretch::apply(StretchSpec{StretchKind::Power, 3.0}, 0.5), 0.125);
    QVERIFY(std::abs(Stretch::apply(StretchSpec{StretchKind::Log, 10.0}, 0.5) - std::log(6.0) / std::log(11.0)) < 1e-12);
}

void TestFitsDisplay::stretchParsing()
{
    StretchSpec s;
    for (const QString &name : StretchSpec::names()) {
        QVERIFY(StretchSpec::parse(name, &s));
        QCOMPARE(s.name(), name);
    }
    QVERIFY(StretchSpec::parse(QStringLiteral("LOG"), &s));
    QCOMPARE(s.kind, StretchKind::Log);
    QVERIFY(!StretchSpec::parse(QStringLiteral("cubic"), &s));
}

void TestFitsDisplay::lutEndsAndMidpoint()
{
    const FitsImage im = imageOf(1, 1, {0.0f});
    const Limits l{100.0, 300.0};
    std::vector<uchar> lut = FitsRenderer::buildLut(im, StretchSpec{StretchKind::Linear, 0}, l);
    QCOMPARE(int(lut.size()), FitsRenderer::kLutSize);
    QCOMPARE(int(lut.front()), 0);
    QCOMPARE(int(lut.back()), FitsRenderer::kTopIndex); // 254: index 255 is for blank pixels
    QCOMPARE(int(lut[FitsRenderer::kLutSize / 2]), 127);
    lut = FitsRenderer::buildLut(im, StretchSpec{StretchKind::Sqrt, 0}, l);
    // sqrt(0.25) = 0.5 → index 127 at a quarter of the range.
    QCOMPARE(int(lut[FitsRenderer::kLutSize / 4]), 127);
}

void TestFitsDisplay::renderPutsFitsRowOneAtTheBottom()
{
    // 3 × 2: FITS row 1 = {0, 50, 100}, row 2 = {100, 100, 100}.
    const FitsImage im = imageOf(3, 2, {0.0f, 50.0f, 100.0f, 100.0f, 100.0f, 100.0f});
    RenderSettings s;
    s.limits = {0.0, 100.0};
    const QImage q = FitsRenderer::render(im, s);
    QCOMPARE(q.format(), QImage::Format_Indexed8);
    QCOMPARE(q.size(), QSize(3, 2));
    QCOMPARE(q.pixelIndex(0, 1), 0);   // bottom-left = FITS (1,1)
    QVERIFY(std::abs(q.pixelIndex(1, 1) - 127) <= 1); // 50 % → the middle of the table
    QCOMPARE(q.pixelIndex(2, 1), FitsRenderer::kTopIndex);
    QCOMPARE(q.pixelIndex(0, 0), FitsRenderer::kTopIndex); // top row = FITS row 2
    QCOMPARE(q.pixel(2, 1), qRgb(255, 255, 255));
    s.invert = true;
    QCOMPARE(FitsRenderer::render(im, s).pixel(2, 1), qRgb(0, 0, 0));
}

void TestFitsDisplay::renderBlankAndOutOfRange()
{
    const FitsImage im = imageOf(4, 1, {NAN, -1e30f, 1e30f, INFINITY});
    RenderSettings s;
    s.limits = {0.0, 10.0};
    const QImage q = FitsRenderer::render(im, s);
    // Blank (NaN) has its own index and colour, not the low limit's.
    QCOMPARE(q.pixelIndex(0, 0), ColourMap::kBlankIndex);
    QCOMPARE(q.pixel(0, 0), ColourMap::kDefaultBlank);
    QCOMPARE(q.pixelIndex(1, 0), 0);
    QCOMPARE(q.pixel(1, 0), qRgb(0, 0, 0));
    QVERIFY(q.pixel(0, 0) != q.pixel(1, 0));
    QCOMPARE(q.pixelIndex(2, 0), FitsRenderer::kTopIndex);
    QCOMPARE(q.pixelIndex(3, 0), FitsRenderer::kTopIndex);
    // The blank colour is a setting; alpha 0 makes blanks transparent.
    s.blankColour = qRgb(200, 0, 200);
    QCOMPARE(FitsRenderer::render(im, s).pixel(0, 0), qRgb(200, 0, 200));
    s.blankColour = qRgba(0, 0, 0, 0);
    QCOMPARE(qAlpha(FitsRenderer::render(im, s).pixel(0, 0)), 0);
    QCOMPARE(qAlpha(FitsRenderer::render(im, s).pixel(1, 0)), 255);
    // Inverting the map does not move the blank colour.
    s.blankColour = ColourMap::kDefaultBlank;
    s.invert = true;
    QCOMPARE(FitsRenderer::render(im, s).pixel(0, 0), ColourMap::kDefaultBlank);
    QCOMPARE(FitsRenderer::render(im, s).pixel(1, 0), qRgb(255, 255, 255));
    s.invert = false;
    // Degenerate limits (constant image) do not divide by zero.
    s.limits = {5.0, 5.0};
    QCOMPARE(FitsRenderer::render(imageOf(2, 1, {5.0f, 5.0f}), s).pixelIndex(1, 0), 0);
}

void TestFitsDisplay::histogramEqualisationFlattens()
{
    // Exponential data: linear display is mostly dark; equalised output is uniform in rank.
    std::vector<float> v(40000);
    QRandomGenerator rng(11);
    for (float &x : v)
        x = float(std::exp(rng.generateDouble() * 8.0));
    const FitsImage im = imageOf(200, 200, v);
    RenderSettings s;
    s.stretch = StretchSpec{StretchKind::HistEq, 0};
    s.limits = ImageLimits::minMax(im);
    const QImage q = FitsRenderer::render(im, s);
    std::vector<int> counts(4, 0);
    for (int y = 0; y < q.height(); ++y)
        for (int x = 0; x < q.width(); ++x)
            ++counts[std::size_t(q.pixelIndex(x, y) / 64)];
    for (const int c : counts) // each quarter of the indices holds about a quarter of the pixels
        QVERIFY2(std::abs(c - 10000) < 400, qPrintable(QString::number(c)));
    // The median pixel maps to the middle index.
    const double median = sortedQuantile(v, 0.5);
    const std::vector<uchar> lut = FitsRenderer::buildLut(im, s.stretch, s.limits);
    const int step = int((median - s.limits.low) * (FitsRenderer::kLutSize - 1) / (s.limits.high - s.limits.low));
    QVERIFY2(std::abs(int(lut[std::size_t(step)]) - 127) <= 2, qPrintable(QString::number(lut[std::size_t(step)])));
}

void TestFitsDisplay::colourMaps()
{
    const QStringList names = ColourMap::names();
    QVERIFY(names.contains(QStringLiteral("gray")));
    for (const int wl : {94, 131, 171, 193, 211, 304, 335, 1600, 1700, 4500})
        QVERIFY(names.contains(QStringLiteral("aia%1").arg(wl)));
    QVERIFY(names.contains(QStringLiteral("hmimag")));
    for (const QString &n : names) {
        const QVector<QRgb> t = ColourMap::table(n);
        QCOMPARE(t.size(), 256);
        QVERIFY(qGray(t.first()) < qGray(t.last()) || n == QLatin1String("hmimag"));
        QVector<QRgb> reversed = ColourMap::table(n, true);
        std::reverse(reversed.begin(), reversed.end());
        QCOMPARE(reversed, t);
    }
    const QVector<QRgb> gray = ColourMap::table(QStringLiteral("gray"));
    for (int i = 0; i < 256; ++i)
        QCOMPARE(gray[i], qRgb(i, i, i));
    // AIA 171 is gold: red and green high, blue low in the middle of the table.
    const QRgb mid = ColourMap::table(QStringLiteral("aia171"))[128];
    QVERIFY(qRed(mid) > qBlue(mid) && qGreen(mid) > qBlue(mid));
    // The magnetogram map is grey at zero, blue below and red above.
    const QVector<QRgb> mag = ColourMap::table(QStringLiteral("hmimag"));
    QVERIFY(std::abs(qRed(mag[128]) - qBlue(mag[128])) < 8);
    QVERIFY(qBlue(mag[0]) > qRed(mag[0]));
    QVERIFY(qRed(mag[255]) > qBlue(mag[255]));
}

void TestFitsDisplay::autoColourMapFromHeader()
{
    const FitsLoadResult aia = FitsLoader::load(kSamples + QStringLiteral("aia_171_level1.fits"));
    QVERIFY2(aia.ok(), qPrintable(aia.error));
    QCOMPARE(ColourMap::autoName(aia.image), QStringLiteral("aia171"));
    const FitsLoadResult hmi = FitsLoader::load(kSamples + QStringLiteral("resampled_hmi.fits"));
    QVERIFY2(hmi.ok(), qPrintable(hmi.error));
    QCOMPARE(ColourMap::autoName(hmi.image), QStringLiteral("gray")); // continuum intensity

    FitsImage im = imageOf(1, 1, {0.0f});
    im.cards = {makeCard(QStringLiteral("TELESCOP"), QStringLiteral("SDO/HMI")),
                makeCard(QStringLiteral("CONTENT"), QStringLiteral("MAGNETOGRAM")),
                makeCard(QStringLiteral("BUNIT"), QStringLiteral("Gauss"))};
    QCOMPARE(ColourMap::autoName(im), QStringLiteral("hmimag"));
    im.cards = {makeCard(QStringLiteral("TELESCOP"), QStringLiteral("SDO/AIA")),
                makeCard(QStringLiteral("WAVELNTH"), QStringLiteral("304"))};
    QCOMPARE(ColourMap::autoName(im), QStringLiteral("aia304"));
    im.cards = {makeCard(QStringLiteral("INSTRUME"), QStringLiteral("AIA_4")),
                makeCard(QStringLiteral("WAVELNTH"), QStringLiteral("1234"))};
    QCOMPARE(ColourMap::autoName(im), QStringLiteral("gray")); // no such AIA channel
    im.cards = {makeCard(QStringLiteral("INSTRUME"), QStringLiteral("MDI")),
                makeCard(QStringLiteral("BUNIT"), QStringLiteral("Mx/cm^2"))};
    QCOMPARE(ColourMap::autoName(im), QStringLiteral("hmimag"));
}

void TestFitsDisplay::downsampleAveragesAndKeepsAspect()
{
    // 4 × 2 → longest side 2 → 2 × 1; each output pixel averages a 2 × 2 block.
    const FitsImage im = imageOf(4, 2, {1, 2, 3, 4, 5, 6, 7, NAN});
    const FitsImage d = im.downsampled(2);
    QCOMPARE(d.width, 2);
    QCOMPARE(d.height, 1);
    QCOMPARE(d.pixels[0], (1.0f + 2 + 5 + 6) / 4);
    QCOMPARE(d.pixels[1], (3.0f + 4 + 7) / 3); // NaN ignored
    QCOMPARE(d.stats.validCount, std::int64_t(2));

    const FitsImage big = imageOf(1000, 500, std::vector<float>(500000, 3.0f));
    const FitsImage s = big.downsampled(300);
    QCOMPARE(s.width, 300);
    QCOMPARE(s.height, 150);
    QCOMPARE(s.pixels[12345], 3.0f);
    QCOMPARE(big.downsampled(2000).width, 1000); // already small enough
}

// A smaller or turned image still says which file plane it shows and carries its header.
void TestFitsDisplay::derivedImagesKeepTheFileFacts()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("aia_171_level1.fits"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const FitsImage &file = r.image;
    QVERIFY(file.width > 64 && !file.cards.isEmpty() && !file.hdus.isEmpty());
    const FitsImage small = file.downsampled(64);
    const FitsImage turned = FitsOrientation::rotated(small, 1);
    const FitsImage back = FitsOrientation::rotated(turned, 3);
    for (const FitsImage *derived : {&small, &turned, &back}) {
        QCOMPARE(derived->hduIndex, file.hduIndex);
        QCOMPARE(derived->bitpix, file.bitpix);
        QCOMPARE(derived->compression, file.compression);
        QCOMPARE(derived->sliceIndex, file.sliceIndex);
        QCOMPARE(derived->sliceCount, file.sliceCount);
        QCOMPARE(derived->cards.size(), file.cards.size());
        QCOMPARE(derived->card(QStringLiteral("WAVELNTH")), file.card(QStringLiteral("WAVELNTH")));
        QCOMPARE(derived->hdus.size(), file.hdus.size());
    }
    QCOMPARE(small.quarterTurns, 0);
    QCOMPARE(turned.quarterTurns, 1);
    QCOMPARE(back.quarterTurns, 0);
    QCOMPARE(turned.width, small.height);
    QCOMPARE(turned.stats.validCount, small.stats.validCount);
    QVERIFY(file.withoutPixels().pixels.empty());
    QCOMPARE(file.withoutPixels().width, 0);
}

void TestFitsDisplay::previewPipeline()
{
    const FitsLoadResult r = FitsLoader::load(kSamples + QStringLiteral("aia_171_level1.fits"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    PreviewOptions o;
    o.maxSize = 50;
    QVERIFY(StretchSpec::parse(QStringLiteral("log"), &o.stretch));
    PreviewResult p = FitsPreview::render(r.image, o);
    QVERIFY2(p.ok(), qPrintable(p.error));
    QCOMPARE(p.image.size(), QSize(50, 50));
    QCOMPARE(p.colourMap, QStringLiteral("aia171"));
    QCOMPARE(p.image.colorTable(), ColourMap::displayTable(QStringLiteral("aia171"), false, qRgba(0, 0, 0, 0)));
    // The display table spans the whole map: its ends are the map's ends.
    const QVector<QRgb> full = ColourMap::table(QStringLiteral("aia171"));
    QCOMPARE(p.image.colorTable().at(0), full.front());
    QCOMPARE(p.image.colorTable().at(FitsRenderer::kTopIndex), full.back());

    o.colourMap = QStringLiteral("nonsense");
    QVERIFY(!FitsPreview::render(r.image, o).ok());

    // A diverging map gets limits symmetric about zero.
    const FitsImage mag = imageOf(3, 1, {-50.0f, 10.0f, 200.0f});
    o = PreviewOptions();
    o.colourMap = QStringLiteral("hmimag");
    o.clip.mode = ClipMode::MinMax;
    p = FitsPreview::render(mag, o);
    QCOMPARE(p.limits.low, -200.0);
    QCOMPARE(p.limits.high, 200.0);
    QCOMPARE(p.image.pixelIndex(0, 0), int(std::lround(150.0 / 400.0 * FitsRenderer::kTopIndex)));

    // Blank pixels of a saved preview are transparent by default, and any colour on request.
    const FitsImage holes = imageOf(2, 1, {NAN, 3.0f});
    o = PreviewOptions();
    o.colourMap = QStringLiteral("gray");
    p = FitsPreview::render(holes, o);
    QCOMPARE(qAlpha(p.image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(p.image.pixel(1, 0)), 255);
    o.blankColour = qRgb(0, 0, 255);
    QCOMPARE(FitsPreview::render(holes, o).image.pixel(0, 0), qRgb(0, 0, 255));
}

QTEST_GUILESS_MAIN(TestFitsDisplay)
#include "tst_fits_display.moc"
