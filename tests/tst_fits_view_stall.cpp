// The FITS image view never blocks the GUI thread on a 4096² image (issue 16): the longest gap
// between ticks of a 5 ms GUI-thread timer while a real 4096² AIA image (sim::FitsFactory, Rice
// compressed, loaded and rendered as the preview does) is first shown, zoomed in and out, panned
// and a box is dragged over it with 50 mouse moves; and what is on screen is the image's own
// colours at the mapped places, shrunk 8×, at 1:1 and magnified 4×.
#include "FitsViewStall.h"
#include "model/fits/ColourMap.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsRenderer.h"
#include "model/fits/ImageLimits.h"
#include "sim/FitsFactory.h"
#include "ui/FitsImageView.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

// The bound. The old path held the thread 490–700 ms per show (bench_fits_view: a 64 MB pixmap
// made from the whole image on the GUI thread). The new one does at most one colour lookup per
// screen pixel there (0.8 M for this 1000 × 800 view: 2–3 ms CPU in Release, ~10× that
// unoptimised), or one screen-sized scaled draw; the averaging of 16 M pixels runs on its own
// niced thread. The rest of any gap is waiting for a core: the machine running the tests may be a
// 2-core box shared with compilers and other tests. Measured there at load 6–7: 14–57 ms worst
// gaps. 100 ms sits above that noise and far below the old figure, and is about where a user sees
// the window freeze (one dropped frame, ~17 ms, is too tight for a loaded box to guarantee).
constexpr double kStallBoundMs = 100.0;

// Distinct colour per index, so a wrong pixel cannot pass for a right one.
QVector<QRgb> distinctColourTable()
{
    QVector<QRgb> t(256);
    for (int i = 0; i < 256; ++i)
        t[i] = qRgb(i, (i * 97) % 256, (255 - i * 53 % 256 + 256) % 256);
    return t;
}

constexpr int kColourBlock = 64; // blocks of one index, so averaging 8 × 8 inside a block keeps its colour

int blockIndexOfStallTest(int x, int row)
{
    return ((x / kColourBlock) * 7 + (row / kColourBlock) * 13) % 256;
}

} // namespace

class TestFitsViewStall final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showZoomPanAndBoxNeverStallTheGui();
    void pictureIsTheImagesColoursAtEachZoom_data();
    void pictureIsTheImagesColoursAtEachZoom();

private:
    QTemporaryDir m_dir;
    QImage m_rendered;
};

void TestFitsViewStall::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("aia_4096.fits"));
    QString error;
    QVERIFY2(sim::FitsFactory::writeSolarImage(path, 4096, &error), qPrintable(error));
    const fits::FitsLoadResult r = fits::FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.width, 4096);
    fits::ClipSpec clip;
    QVERIFY(fits::ClipSpec::parse(QStringLiteral("99.5"), &clip));
    m_rendered = fits::FitsRenderer::renderIndices(r.image, fits::StretchSpec{}, fits::ImageLimits::compute(r.image, clip));
    m_rendered.setColorTable(fits::ColourMap::displayTable(QStringLiteral("aia171"), false, fits::ColourMap::kDefaultBlank));
    QCOMPARE(m_rendered.format(), QImage::Format_Indexed8);
}

void TestFitsViewStall::showZoomPanAndBoxNeverStallTheGui()
{
    FitsImageView view;
    view.resize(1000, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const stalltest::StallSubject subject{&view, [&view](const QImage &im) { view.setImage(im, false); },
                                          [&view] { return view.rasterSettled(); }};
    const stalltest::StallFigures f = stalltest::measureStalls(subject, m_rendered);
    qInfo("longest GUI-thread stall, 4096² in a 1000×800 view: show %.1f ms, zoom %.1f ms, pan %.1f ms, "
          "box %.1f ms",
          f.firstShowMs, f.zoomMs, f.panMs, f.boxMs);
    QVERIFY(f.settled);
    QVERIFY(!view.box().isEmpty()); // the box drag did draw a box
    QVERIFY2(f.worstMs() < kStallBoundMs, qPrintable(QStringLiteral("%1 ms").arg(f.worstMs())));
}

void TestFitsViewStall::pictureIsTheImagesColoursAtEachZoom_data()
{
    QTest::addColumn<double>("zoom");
    QTest::newRow("fit (1/8)") << 0.0;
    QTest::newRow("1:1") << 1.0;
    QTest::newRow("4x") << 4.0;
}

void TestFitsViewStall::pictureIsTheImagesColoursAtEachZoom()
{
    QFETCH(double, zoom);
    QImage blocks(4096, 4096, QImage::Format_Indexed8);
    blocks.setColorTable(distinctColourTable());
    for (int row = 0; row < blocks.height(); ++row) {
        uchar *line = blocks.scanLine(row);
        for (int x = 0; x < blocks.width(); ++x)
            line[x] = uchar(blockIndexOfStallTest(x, row));
    }
    FitsImageView view;
    view.resize(512, 512); // fit = exactly 1/8
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setImage(blocks, false);
    if (zoom > 0)
        view.setZoom(zoom);
    else
        QCOMPARE(view.zoom(), 0.125);
    QTRY_VERIFY_WITH_TIMEOUT(view.rasterSettled(), 20000);
    const QImage shot = view.grab().toImage();
    const double dpr = shot.devicePixelRatio();
    int checked = 0;
    for (int wy = 9; wy < view.height(); wy += 47) {
        for (int wx = 5; wx < view.width(); wx += 53) {
            // The shown pixel under this widget point, y up, and its QImage row.
            // Fit centres the image and zooming keeps the widget's centre on the image's centre,
            // so the image's corner is here whatever the zoom (worked out here, not asked of the view).
            const QPointF origin(view.width() / 2.0 - 2048 * view.zoom(), view.height() / 2.0 - 2048 * view.zoom());
            const double ix = (wx + 0.5 - origin.x()) / view.zoom(), iy = (wy + 0.5 - origin.y()) / view.zoom();
            // Away from block edges by more than an averaging box (8 px) or a rounding.
            const double fx = std::fmod(ix, kColourBlock), fy = std::fmod(iy, kColourBlock);
            if (ix < 0 || iy < 0 || ix >= 4096 || iy >= 4096 || fx < 10 || fx > kColourBlock - 10 || fy < 10 || fy > kColourBlock - 10)
                continue;
            const QColor want = QColor::fromRgb(blocks.color(blockIndexOfStallTest(int(ix), int(iy))));
            const QColor got = shot.pixelColor(int(wx * dpr), int(wy * dpr));
            QVERIFY2(std::abs(got.red() - want.red()) <= 2 && std::abs(got.green() - want.green()) <= 2
                         && std::abs(got.blue() - want.blue()) <= 2,
                     qPrintable(QStringLiteral("at %1,%2 (image %3,%4): %5, want %6")
                                    .arg(wx).arg(wy).arg(ix).arg(iy).arg(got.name(), want.name())));
            ++checked;
        }
    }
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
}

QTEST_MAIN(TestFitsViewStall)
#include "tst_fits_view_stall.moc"
