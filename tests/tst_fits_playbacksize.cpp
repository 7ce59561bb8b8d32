// Playing a movie decodes each frame at screen size (issue 17 item 5: a 4096² frame at full size
// sets the pace), pausing brings the full-resolution frame back, and what is drawn over a frame
// played small (the solar crosshair) and the view's zoom sit on the same sky as on the full frame.
// Frames: the simulator's AIA records (sim::FitsFactory, int16 RICE_1 as JSOC writes them), 2048²
// so that the window's view (well under 2048 device pixels) decodes them at a non-integer scale.
#include "model/fits/CutoutGeometry.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/ShownPictureHeader.h"
#include "model/fits/SolarWcs.h"
#include "sim/FitsFactory.h"
#include "ui/FitsFramePlayer.h"
#include "ui/CutoutPanel.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"

#include <QAction>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>

namespace {

constexpr int kPlaybackFileSide = 2048;
constexpr int kPlaybackFrames = 4;

struct PlayedFrame {
    int width = 0;
    int height = 0;
    std::optional<QPointF> crosshair; // shown pixels, y up
    QPointF probeOnWidget;            // where file pixel (kProbe, kProbe) is on the view
    double scale = 1.0;               // file pixels per shown pixel
    fits::CutoutGeometry cutout;      // the box, in the file's pixels
};

// The box of `inner` lies inside `outer`, each edge at most `slack` file pixels out.
bool coversWithin(const fits::CutoutGeometry &outer, const fits::CutoutGeometry &inner, double slack)
{
    return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1
           && inner.x0 - outer.x0 < slack && inner.y0 - outer.y0 < slack && outer.x1 - inner.x1 < slack
           && outer.y1 - inner.y1 < slack;
}

QString boxText(const fits::CutoutGeometry &g)
{
    return QStringLiteral("%1,%2 – %3,%4").arg(g.x0).arg(g.y0).arg(g.x1).arg(g.y1);
}

constexpr double kProbe = 900.0;

QPointF shownOfFilePixel(double file, double scale)
{
    return QPointF((file + 0.5) / scale - 0.5, (file + 0.5) / scale - 0.5);
}

} // namespace

class TestFitsPlaybackSize final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void decodeSidesRoundUpToBuckets();
    void headerOfASmallerPictureGivesTheFilesSky();
    void playingDecodesAtScreenSizePausedAtFullSize();

private:
    QTemporaryDir m_dir;
    QStringList m_frames;
};

void TestFitsPlaybackSize::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (int i = 0; i < kPlaybackFrames; ++i) {
        sim::SolarImageSpec spec;
        spec.series = QStringLiteral("aia.lev1_euv_12s");
        spec.recordSpec = QStringLiteral("aia.lev1_euv_12s[2014-01-01T0%1:00:01Z][171]").arg(i);
        const QString path = m_dir.filePath(QStringLiteral("aia-%1.fits").arg(i));
        QString error;
        QVERIFY2(sim::FitsFactory::writeSolarImage(path, kPlaybackFileSide, spec, &error), qPrintable(error));
        m_frames << path;
    }
}

void TestFitsPlaybackSize::decodeSidesRoundUpToBuckets()
{
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(100), 256);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(256), 256);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(700), 768);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(768), 768);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(769), 896);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(1024), 1024);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(1028), 1280);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(2900), 3072);
    QCOMPARE(ui::FitsPreviewWindow::playbackDecodeSideFor(4096), 4096);
}

void TestFitsPlaybackSize::headerOfASmallerPictureGivesTheFilesSky()
{
    // The same sky at a pixel of the smaller picture and at that pixel's centre in the file.
    const fits::FitsLoadResult full = fits::FitsLoader::load(m_frames.first(), {});
    QVERIFY2(full.ok(), qPrintable(full.error));
    const fits::FitsImage small = full.image.downsampled(768);
    QCOMPARE(small.width, 768);
    const double s = double(kPlaybackFileSide) / 768;
    QCOMPARE(fits::ShownPictureHeader::fileScaleX(small), s);
    QVERIFY(fits::ShownPictureHeader::isReduced(small));
    QVERIFY(!fits::ShownPictureHeader::isReduced(full.image));
    const fits::SolarWcs fileWcs(full.image);
    const fits::SolarWcs smallWcs(fits::ShownPictureHeader::geometryOf(small));
    QVERIFY(fileWcs.isValid() && smallWcs.isValid());
    for (const QPointF p : {QPointF(0, 0), QPointF(383, 383), QPointF(100, 700), QPointF(767, 20)}) {
        const fits::WorldCoordinate a = smallWcs.pixelToWorld(p.x(), p.y());
        const fits::WorldCoordinate b = fileWcs.pixelToWorld((p.x() + 0.5) * s - 0.5, (p.y() + 0.5) * s - 0.5);
        QVERIFY(a.valid && b.valid);
        QVERIFY2(std::abs(a.lon - b.lon) < 1e-6 && std::abs(a.lat - b.lat) < 1e-6,
                 qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(a.lon).arg(a.lat).arg(b.lon).arg(b.lat)));
    }
}

void TestFitsPlaybackSize::playingDecodesAtScreenSizePausedAtFullSize()
{
    ui::FitsPreviewWindow window;
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    FitsPreviewWidget *preview = window.preview();
    FitsFramePlayer *player = window.player();
    FitsImageView *view = preview->imageView();
    QSignalSpy loaded(preview, &FitsPreviewWidget::loaded);
    window.openFrames(m_frames);
    QVERIFY(loaded.count() > 0 || loaded.wait(20000));
    QTRY_COMPARE(player->count(), kPlaybackFrames);
    QCOMPARE(preview->image()->width, kPlaybackFileSide);

    // The decode side follows the view: its longest side in device pixels, rounded up to a bucket.
    const int viewSide = int(std::ceil(std::max(view->width(), view->height()) * view->devicePixelRatioF()));
    const int side = player->playbackDecodeSide();
    QCOMPARE(side, ui::FitsPreviewWindow::playbackDecodeSideFor(viewSide));
    QVERIFY2(side < kPlaybackFileSide, qPrintable(QString::number(side)));

    // A crosshair pinned on the full frame, and the view zoomed in off centre.
    preview->pinCrosshair(QPointF(1300, 1100));
    QVERIFY(preview->crosshairPoint());
    view->setZoom(0.9);
    view->setBox(QRect(1201, 1001, 203, 150)); // shown pixels, y up
    const fits::CutoutGeometry boxOnFull = preview->cutoutPanel()->geometry();
    QVERIFY(boxOnFull.valid);
    QCOMPARE(boxOnFull.widthPixels(), 203);

    std::map<int, PlayedFrame> played;
    connect(player, &FitsFramePlayer::frameReady, this, [&](int index, const QString &, std::shared_ptr<const fits::FitsImage>) {
        // After the window has put the frame in the preview; frames while playing only (pausing
        // shows the frame on screen again, at full size).
        if (!player->isPlaying())
            return;
        const fits::FitsImage *shown = preview->image();
        PlayedFrame f;
        f.width = shown->width;
        f.height = shown->height;
        f.crosshair = view->crosshair();
        f.scale = fits::ShownPictureHeader::fileScaleX(*shown);
        f.probeOnWidget = view->widgetPosOf(shownOfFilePixel(kProbe, f.scale));
        f.cutout = preview->cutoutPanel()->geometry();
        played[index] = f;
    });
    const QPointF probeBefore = view->widgetPosOf(QPointF(kProbe, kProbe));

    player->setFps(30);
    player->play();
    QTRY_VERIFY_WITH_TIMEOUT(played.size() >= 3, 30000);
    player->pause();
    for (const auto &[index, f] : played) {
        QVERIFY2(std::max(f.width, f.height) <= side && f.width < kPlaybackFileSide,
                 qPrintable(QStringLiteral("frame %1 played %2 × %3").arg(index).arg(f.width).arg(f.height)));
        // The view keeps the same sky under the same widget pixel.
        QVERIFY2(std::hypot(f.probeOnWidget.x() - probeBefore.x(), f.probeOnWidget.y() - probeBefore.y()) < 0.5,
                 qPrintable(QStringLiteral("(%1, %2) vs (%3, %4)").arg(f.probeOnWidget.x()).arg(f.probeOnWidget.y())
                                .arg(probeBefore.x()).arg(probeBefore.y())));
        // The box stays on the same file pixels, grown to the file pixels its shown pixels touch.
        QVERIFY2(f.cutout.valid && coversWithin(f.cutout, boxOnFull, f.scale + 1),
                 qPrintable(boxText(f.cutout) + QStringLiteral(" vs ") + boxText(boxOnFull)));
    }

    // Paused: the frame on screen comes back at full resolution.
    const int current = player->currentIndex();
    QTRY_COMPARE_WITH_TIMEOUT(preview->image()->width, kPlaybackFileSide, 20000);
    QCOMPARE(player->currentIndex(), current);
    QVERIFY(!player->isPlaying());
    QCOMPARE(fits::ShownPictureHeader::isReduced(*preview->image()), false);
    const QPointF probeAfter = view->widgetPosOf(QPointF(kProbe, kProbe));
    QVERIFY(std::hypot(probeAfter.x() - probeBefore.x(), probeAfter.y() - probeBefore.y()) < 0.5);

    // Back on the full frame the box is the one drawn (played and paused again and again, it never grows).
    QCOMPARE(view->box(), QRect(1201, 1001, 203, 150));
    QCOMPARE(boxText(preview->cutoutPanel()->geometry()), boxText(boxOnFull));

    // The crosshair on the full frame is where it was on the same frame played small.
    const auto it = played.find(current);
    QVERIFY(it != played.end());
    QVERIFY(view->crosshair() && it->second.crosshair);
    const QPointF full = *view->crosshair();
    const QPointF small = *it->second.crosshair;
    const double s = it->second.scale;
    const QPointF smallInFile((small.x() + 0.5) * s - 0.5, (small.y() + 0.5) * s - 0.5);
    QVERIFY2(std::hypot(smallInFile.x() - full.x(), smallInFile.y() - full.y()) < 0.01,
             qPrintable(QStringLiteral("(%1, %2) vs (%3, %4)").arg(smallInFile.x()).arg(smallInFile.y()).arg(full.x()).arg(full.y())));

    // Stepping decodes at full resolution too.
    QSignalSpy ready(player, &FitsFramePlayer::frameReady);
    player->step(1);
    QVERIFY(ready.count() > 0 || ready.wait(20000)); // a frame decoded ahead comes at once
    QCOMPARE(player->currentIndex(), (current + 1) % kPlaybackFrames);
    QCOMPARE(preview->image()->width, kPlaybackFileSide);
}

QTEST_MAIN(TestFitsPlaybackSize)
#include "tst_fits_playbacksize.moc"
