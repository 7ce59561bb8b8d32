// The frame player's comparison modes and the preview's exports, through the real window
// (offscreen): running and base difference and ratio of frames written with cfitsio, whose
// pixels are known functions, with the limits and colour map following the mode; the playback
// range; Save view as PNG (picture, colour bar ends and labels); Save frames as PNGs and Save
// movie through FitsSequenceSaver; a cancelled run leaves no file behind.
#include "model/fits/FrameSequenceExport.h"
#include "model/fits/MovieWriter.h"
#include "ui/FitsFramePlayer.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/FitsViewExport.h"
#include "ui/HistogramWidget.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fitsio.h>

#include <cmath>

using namespace fits;

namespace {

constexpr int kCompareWidth = 32;
constexpr int kCompareHeight = 24;

// Frame k: a gradient plus 100·k everywhere and a bright pixel that moves right by 3 per frame.
float compareValue(int k, int x, int y)
{
    const float moving = (x == 5 + 3 * k && y == 12) ? 5000.0f : 0.0f;
    return 1000.0f + 10.0f * x + y + 100.0f * k + moving;
}

QString writeCompareFrame(const QString &folder, int k)
{
    const QString path = folder + QStringLiteral("/aia.lev1.171A_frame%1.fits").arg(k);
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
    long naxes[2] = {kCompareWidth, kCompareHeight};
    fits_create_img(f, FLOAT_IMG, 2, naxes, &status);
    char telescope[] = "SDO/AIA", ctype1[] = "HPLN-TAN", ctype2[] = "HPLT-TAN", unit[] = "arcsec", bunit[] = "DN";
    QByteArray tobs = QStringLiteral("2011-02-15T00:0%1:00.34Z").arg(k).toLatin1();
    int wavelength = 171;
    double crpix1 = 16.5, crpix2 = 12.5, zero = 0.0, cdelt = 0.6, exptime = 2.0;
    fits_write_key_str(f, "TELESCOP", telescope, "", &status);
    fits_write_key(f, TINT, "WAVELNTH", &wavelength, "", &status);
    fits_write_key_str(f, "T_OBS", tobs.data(), "", &status);
    fits_write_key_str(f, "BUNIT", bunit, "", &status);
    fits_write_key(f, TDOUBLE, "EXPTIME", &exptime, "", &status);
    fits_write_key_str(f, "CTYPE1", ctype1, "", &status);
    fits_write_key_str(f, "CTYPE2", ctype2, "", &status);
    fits_write_key_str(f, "CUNIT1", unit, "", &status);
    fits_write_key_str(f, "CUNIT2", unit, "", &status);
    fits_write_key(f, TDOUBLE, "CRPIX1", &crpix1, "", &status);
    fits_write_key(f, TDOUBLE, "CRPIX2", &crpix2, "", &status);
    fits_write_key(f, TDOUBLE, "CRVAL1", &zero, "", &status);
    fits_write_key(f, TDOUBLE, "CRVAL2", &zero, "", &status);
    fits_write_key(f, TDOUBLE, "CDELT1", &cdelt, "", &status);
    fits_write_key(f, TDOUBLE, "CDELT2", &cdelt, "", &status);
    fits_write_key(f, TDOUBLE, "CROTA2", &zero, "", &status);
    std::vector<float> data(std::size_t(kCompareWidth) * kCompareHeight);
    for (int y = 0; y < kCompareHeight; ++y)
        for (int x = 0; x < kCompareWidth; ++x)
            data[std::size_t(y) * kCompareWidth + x] = compareValue(k, x, y);
    fits_write_img(f, TFLOAT, 1, LONGLONG(data.size()), data.data(), &status);
    fits_close_file(f, &status);
    return status == 0 ? path : QString();
}

} // namespace

class TestFitsFrameCompare final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void runningDifferenceFollowsIntoLimitsAndColours();
    void baseDifferenceAndRatio();
    void playbackRangeBoundsPlaying();
    void saveViewHasPictureAndColourBar();
    void framesAndMovieThroughTheSaver();
    void cancelledRunLeavesNothing();
    void movieWithoutFfmpegSaysHowToGetIt();
    void screenshotOfRunningDifference();

private:
    // Shows frame `index` and waits until the preview has it.
    bool showAndWait(int index);

    QTemporaryDir m_dir;
    QStringList m_paths;
    std::unique_ptr<ui::FitsPreviewWindow> m_window;
};

void TestFitsFrameCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (int k = 0; k < 4; ++k) {
        m_paths << writeCompareFrame(m_dir.path(), k);
        QVERIFY(!m_paths.last().isEmpty());
    }
}

void TestFitsFrameCompare::init()
{
    m_window = std::make_unique<ui::FitsPreviewWindow>();
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    QSignalSpy framesReady(m_window.get(), &ui::FitsPreviewWindow::framesReady);
    QSignalSpy loaded(m_window->preview(), &FitsPreviewWidget::loaded);
    m_window->openFrames(m_paths);
    QVERIFY(framesReady.wait(10000));
    QVERIFY(loaded.count() > 0 || loaded.wait(10000));
    QCOMPARE(m_window->player()->count(), 4);
}

void TestFitsFrameCompare::cleanup()
{
    m_window.reset();
}

bool TestFitsFrameCompare::showAndWait(int index)
{
    QSignalSpy ready(m_window->player(), &FitsFramePlayer::frameReady);
    m_window->player()->showFrame(index);
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (!ready.isEmpty() && ready.last().at(0).toInt() == index)
            return true;
        ready.wait(10000);
    }
    return !ready.isEmpty() && ready.last().at(0).toInt() == index;
}

void TestFitsFrameCompare::runningDifferenceFollowsIntoLimitsAndColours()
{
    FitsPreviewWidget *preview = m_window->preview();
    FitsFramePlayer *player = m_window->player();
    const QString normalMap = preview->colourMapName();
    QCOMPARE(normalMap, QStringLiteral("aia171"));
    QSignalSpy ready(player, &FitsFramePlayer::frameReady);
    player->setMode(FrameMode::RunningDifference); // re-shows the frame on screen (the first)
    QVERIFY(ready.wait(10000));
    QCOMPARE(preview->frameMode(), FrameMode::RunningDifference);
    QCOMPARE(preview->colourMapName(), QStringLiteral("bwr"));
    // The first frame has nothing before it: no change anywhere.
    QCOMPARE(preview->image()->stats.max, 0.0f);

    QVERIFY(showAndWait(2));
    const FitsImage *shown = preview->image();
    QVERIFY(shown);
    for (int y = 0; y < kCompareHeight; ++y)
        for (int x = 0; x < kCompareWidth; ++x)
            QCOMPARE(shown->at(x, y), compareValue(2, x, y) - compareValue(1, x, y));
    // The next frame sets the limits: symmetric about zero; the histogram covers negative values.
    QCOMPARE(preview->limits().low, -preview->limits().high);
    QVERIFY(preview->limits().high > 0);
    QTRY_VERIFY(preview->histogram()->countsLow() < 0);
    QCOMPARE(preview->histogram()->countsHigh(), 5100.0);

    // Back to normal frames: the map chosen before, limits of the frame itself.
    player->setMode(FrameMode::Normal);
    QTRY_COMPARE(preview->image()->at(0, 0), compareValue(2, 0, 0));
    QCOMPARE(preview->colourMapName(), normalMap);
    QVERIFY(preview->limits().low > 1000);
}

void TestFitsFrameCompare::baseDifferenceAndRatio()
{
    FitsPreviewWidget *preview = m_window->preview();
    FitsFramePlayer *player = m_window->player();
    player->setBaseFrame(2);
    player->setMode(FrameMode::BaseDifference);
    QVERIFY(showAndWait(2));
    QCOMPARE(preview->image()->stats.min, 0.0f); // the base minus itself
    QCOMPARE(preview->image()->stats.max, 0.0f);
    QVERIFY(showAndWait(0));
    QCOMPARE(preview->image()->at(20, 3), compareValue(0, 20, 3) - compareValue(2, 20, 3));
    QCOMPARE(preview->image()->at(11, 12), compareValue(0, 11, 12) - compareValue(2, 11, 12)); // -5000 - 200

    player->setMode(FrameMode::Ratio);
    QVERIFY(showAndWait(3));
    QCOMPARE(preview->image()->at(7, 9), compareValue(3, 7, 9) / compareValue(2, 7, 9));
    const Limits l = preview->limits();
    QVERIFY(l.low < 1.0 && l.high > 1.0);
    QVERIFY(std::abs(l.low + l.high - 2.0) < 1e-6); // symmetric about 1: white means unchanged
    // Choosing a clip in the preview keeps the mode's centre.
    ClipSpec minMax;
    minMax.mode = ClipMode::MinMax;
    preview->setClip(minMax);
    QCOMPARE(preview->limits().low + preview->limits().high, 2.0);
    QVERIFY(preview->limits().high >= preview->image()->stats.max - 1e-6);
    // The note under the movie bar says what was done to the frames.
    player->setNormaliseExposure(true);
    QVERIFY(showAndWait(3));
    QVERIFY2(player->compareNote().contains(QLatin1String("divided by EXPTIME (2.000 s, 2.000 s)")), qPrintable(player->compareNote()));
    // Aligning frames that share one grid changes nothing.
    player->setAlignByWcs(true);
    QVERIFY(showAndWait(3));
    QCOMPARE(preview->image()->at(7, 9), compareValue(3, 7, 9) / compareValue(2, 7, 9));
}

void TestFitsFrameCompare::playbackRangeBoundsPlaying()
{
    FitsFramePlayer *player = m_window->player();
    player->setRange(1, 2);
    QCOMPARE(player->rangeFirst(), 1);
    QCOMPARE(player->rangeLast(), 2);
    QVERIFY(showAndWait(1));
    player->setLoop(false);
    player->setFps(60);
    QSignalSpy ready(player, &FitsFramePlayer::frameReady);
    player->play();
    QTRY_VERIFY_WITH_TIMEOUT(!player->isPlaying(), 10000);
    QCOMPARE(ready.count(), 1); // only frame 2 (3 is outside the range)
    QCOMPARE(ready.first().at(0).toInt(), 2);
    // Looping returns to the range's first frame, never to frame 0.
    player->setLoop(true);
    ready.clear();
    player->play();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 4, 10000);
    player->pause();
    for (const QList<QVariant> &r : ready)
        QVERIFY(r.at(0).toInt() == 1 || r.at(0).toInt() == 2);
}

void TestFitsFrameCompare::saveViewHasPictureAndColourBar()
{
    FitsPreviewWidget *preview = m_window->preview();
    FitsFramePlayer *player = m_window->player();
    player->setMode(FrameMode::RunningDifference);
    QVERIFY(showAndWait(1));
    QTRY_VERIFY(!preview->renderedImage().isNull());
    const QString path = m_dir.filePath(QStringLiteral("view.png"));
    QString error;
    QVERIFY2(ui::FitsViewExport::saveView(*preview, player, path, &error), qPrintable(error));
    const QImage saved(path);
    QVERIFY(!saved.isNull());
    const ui::ViewPictureParts parts = ui::FitsViewExport::partsOf(*preview, player);
    QCOMPARE(parts.unit, QStringLiteral("DN"));
    QVERIFY2(parts.caption.contains(QLatin1String("SDO/AIA")) && parts.caption.contains(QLatin1String("running difference")),
             qPrintable(parts.caption));
    QCOMPARE(saved.size(), ui::FitsViewExport::compose(parts).size());
    // The picture at native resolution, pixel for pixel.
    const QRect image = ui::FitsViewExport::imageRect(parts);
    QCOMPARE(image.size(), QSize(kCompareWidth, kCompareHeight));
    const QImage rendered = preview->renderedImage().convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < kCompareHeight; ++y)
        for (int x = 0; x < kCompareWidth; ++x)
            QCOMPARE(saved.pixel(image.left() + x, image.top() + y), rendered.pixel(x, y));
    // The moved pixel: red where it is now (x = 8), blue where it was (x = 5); row 12 from the bottom.
    const QRgb now = saved.pixel(image.left() + 8, image.top() + kCompareHeight - 1 - 12);
    const QRgb was = saved.pixel(image.left() + 5, image.top() + kCompareHeight - 1 - 12);
    QVERIFY(qRed(now) > qBlue(now) + 80);
    QVERIFY(qBlue(was) > qRed(was) + 80);
    // The bar runs from the map's first colour (low limit) to its last (high limit), white in the middle.
    const QRect bar = ui::FitsViewExport::barRect(parts);
    const QVector<QRgb> colours = preview->displayColours();
    const int midY = bar.center().y();
    QCOMPARE(saved.pixel(bar.left(), midY) & 0xffffff, colours[0] & 0xffffff);
    QCOMPARE(saved.pixel(bar.right(), midY) & 0xffffff, colours[fits::ColourMap::kBlankIndex - 1] & 0xffffff);
    const QRgb middle = saved.pixel(bar.center().x(), midY);
    QVERIFY(qRed(middle) > 240 && qGreen(middle) > 240 && qBlue(middle) > 240);
    // Labels were drawn under the bar and a caption above the picture (dark pixels on white).
    auto darkPixelsIn = [&saved](const QRect &r) {
        int n = 0;
        for (int y = r.top(); y <= r.bottom(); ++y)
            for (int x = r.left(); x <= r.right(); ++x)
                n += qGray(saved.pixel(x, y)) < 100;
        return n;
    };
    QVERIFY(darkPixelsIn(QRect(0, bar.bottom() + 6, saved.width(), saved.height() - bar.bottom() - 7)) > 20);
    QVERIFY(darkPixelsIn(QRect(0, 0, saved.width(), image.top() - 1)) > 20);
}

void TestFitsFrameCompare::framesAndMovieThroughTheSaver()
{
    FitsPreviewWidget *preview = m_window->preview();
    FitsFramePlayer *player = m_window->player();
    player->setMode(FrameMode::RunningDifference);
    QVERIFY(showAndWait(1));
    player->setRange(0, 3);
    const QString folder = m_dir.filePath(QStringLiteral("pngs")) + QLatin1Char('/');
    const FrameSequenceSpec spec = ui::FitsViewExport::sequenceSpec(*preview, *player, folder);
    QCOMPARE(spec.limits.low, preview->limits().low); // what is shown is what is saved
    QCOMPARE(spec.colourMap, QStringLiteral("bwr"));
    ui::FitsSequenceSaver saver;
    QSignalSpy finished(&saver, &ui::FitsSequenceSaver::finished);
    QSignalSpy progress(&saver, &ui::FitsSequenceSaver::progress);
    saver.start(spec);
    QVERIFY(finished.wait(20000));
    FrameSequenceOutcome outcome = finished.first().at(0).value<FrameSequenceOutcome>();
    QVERIFY2(outcome.ok(), qPrintable(outcome.error));
    QCOMPARE(outcome.frames, 3); // running difference: frames 2, 3, 4
    QVERIFY(!progress.isEmpty());
    QCOMPARE(QDir(folder).entryList({QStringLiteral("*.png")}, QDir::Files),
             QStringList({QStringLiteral("0001.png"), QStringLiteral("0002.png"), QStringLiteral("0003.png")}));
    QCOMPARE(QImage(folder + QStringLiteral("0001.png")).size(), QSize(kCompareWidth, kCompareHeight));

    QVERIFY2(!MovieWriter::ffmpegPath().isEmpty(), "ffmpeg is needed (scripts/install-deps.sh)");
    const QString movie = m_dir.filePath(QStringLiteral("frames.mp4"));
    finished.clear();
    saver.start(ui::FitsViewExport::sequenceSpec(*preview, *player, movie));
    QVERIFY(finished.wait(30000));
    outcome = finished.first().at(0).value<FrameSequenceOutcome>();
    QVERIFY2(outcome.ok(), qPrintable(outcome.error));
    QCOMPARE(outcome.frames, 3);
    QVERIFY(QFileInfo(movie).size() > 0);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("frames.part.mp4"))));
}

void TestFitsFrameCompare::cancelledRunLeavesNothing()
{
    FrameSequenceSpec spec = ui::FitsViewExport::sequenceSpec(*m_window->preview(), *m_window->player(),
                                                              m_dir.filePath(QStringLiteral("cancelled.gif")));
    int calls = 0;
    const FrameSequenceOutcome outcome = FrameSequenceExport::run(spec, [&calls](int, int) { return ++calls < 2; });
    QVERIFY(outcome.cancelled);
    QCOMPARE(calls, 2);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("cancelled.gif"))));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("cancelled.part.gif"))));
}

void TestFitsFrameCompare::movieWithoutFfmpegSaysHowToGetIt()
{
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(m_dir.filePath(QStringLiteral("no-such-bin"))));
    const FrameSequenceSpec spec = ui::FitsViewExport::sequenceSpec(*m_window->preview(), *m_window->player(),
                                                                    m_dir.filePath(QStringLiteral("nothing.mp4")));
    const FrameSequenceOutcome outcome = FrameSequenceExport::run(spec);
    qputenv("PATH", path);
    QCOMPARE(outcome.error, QStringLiteral("Saving a movie needs ffmpeg: sudo apt install ffmpeg"));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("nothing.mp4"))));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("nothing.part.mp4"))));
}

// The README's picture, made by hand: JSOC_SCREENSHOT_FRAMES names a folder of AIA frames (those
// jsoc-sim exports), JSOC_SCREENSHOT_DIR where fits-running-difference.png goes.
void TestFitsFrameCompare::screenshotOfRunningDifference()
{
    const QString frames = qEnvironmentVariable("JSOC_SCREENSHOT_FRAMES");
    const QString out = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
    if (frames.isEmpty() || out.isEmpty())
        QSKIP("set JSOC_SCREENSHOT_FRAMES and JSOC_SCREENSHOT_DIR to make the README screenshot");
    ui::FitsPreviewWindow window;
    window.resize(1300, 900);
    QSignalSpy framesReady(&window, &ui::FitsPreviewWindow::framesReady);
    window.openFolder(frames);
    QVERIFY(framesReady.wait(20000));
    window.show();
    FitsFramePlayer *player = window.player();
    player->setMode(FrameMode::RunningDifference);
    QSignalSpy ready(player, &FitsFramePlayer::frameReady);
    player->showFrame(3);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.last().at(0).toInt() == 3, 20000);
    window.preview()->gridAction()->setChecked(true);
    window.preview()->limbAction()->setChecked(true);
    QTRY_VERIFY(window.preview()->histogram()->countsLow() < 0);
    QCoreApplication::processEvents(); // the queued render and the histogram's queued replot
    QCoreApplication::processEvents();
    QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("fits-running-difference.png"))));
    QString error;
    QVERIFY2(ui::FitsViewExport::saveView(*window.preview(), player, QDir(out).filePath(QStringLiteral("fits-saved-view.png")), &error),
             qPrintable(error));
}

QTEST_MAIN(TestFitsFrameCompare)
#include "tst_fits_framecompare.moc"
