// Movie frames: FitsFrameSet (series matching and time order from headers and file names),
// FitsFrameCache (decode ahead on the thread pool, north up), FitsFramePlayer (play without
// skipping, slider, step) and FitsPreviewWindow::openFrames / the folder offered by openFile,
// on small files written with cfitsio in a temporary folder.
#include "model/fits/FitsFrameCache.h"
#include "model/fits/FitsFrameSet.h"
#include "model/fits/FitsImage.h"
#include "ui/FitsFramePlayer.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/HistogramWidget.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include <fitsio.h>

using namespace fits;

namespace {

struct Spec {
    QString name;
    QString telescope = QStringLiteral("SDO/AIA");
    int wavelength = 171;
    QString tobs;        // empty: no T_OBS
    double crota2 = 0.0;
    short value = 0;     // every pixel; pixel (0, 0) is value + 1000 to check orientation
};

QString write(const QString &folder, const Spec &s)
{
    const QString path = folder + QLatin1Char('/') + s.name;
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
    long naxes[2] = {8, 6};
    fits_create_img(f, SHORT_IMG, 2, naxes, &status);
    QByteArray tel = s.telescope.toLatin1();
    fits_write_key_str(f, "TELESCOP", tel.data(), "", &status);
    int wl = s.wavelength;
    fits_write_key(f, TINT, "WAVELNTH", &wl, "", &status);
    if (!s.tobs.isEmpty()) {
        QByteArray t = s.tobs.toLatin1();
        fits_write_key_str(f, "T_OBS", t.data(), "", &status);
    }
    double rot = s.crota2;
    fits_write_key(f, TDOUBLE, "CROTA2", &rot, "", &status);
    short data[48];
    for (short &d : data)
        d = s.value;
    data[0] = short(s.value + 1000);
    fits_write_img(f, TSHORT, 1, 48, data, &status);
    fits_close_file(f, &status);
    return status == 0 ? path : QString();
}

QStringList fileNames(const FitsFrameSet &set)
{
    QStringList out;
    for (const FitsFrame &f : set.frames())
        out << QFileInfo(f.path).fileName();
    return out;
}

} // namespace

class TestFitsFrames final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void folderOfFileKeepsTheSeriesInTimeOrder();
    void timeFromFileName();
    void fromFilesSortsWithoutFiltering();
    void cacheDecodesAhead();
    void cacheTurnsNorthUp();
    void playerPlaysEveryFrameInOrder();
    void playerSliderAndStep();
    void windowOpensFramesWithFixedLimits();
    void windowOffersTheFolder();

private:
    QTemporaryDir m_dir;
    QStringList m_aia; // the five 171 frames in time order
};

void TestFitsFrames::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString d = m_dir.path();
    // Names out of time order, T_OBS in two spellings (DRMS and ISO).
    const QList<Spec> aia = {
        {QStringLiteral("c.fits"), QStringLiteral("SDO/AIA"), 171, QStringLiteral("2011.02.15_00:00:36_TAI"), 0, 10},
        {QStringLiteral("a.fits"), QStringLiteral("SDO/AIA"), 171, QStringLiteral("2011-02-15T00:00:48.34Z"), 0, 20},
        {QStringLiteral("e.fits"), QStringLiteral("SDO/AIA"), 171, QStringLiteral("2011.02.15_00:00:00_TAI"), 0, 30},
        {QStringLiteral("b.fits"), QStringLiteral("SDO/AIA"), 171, QStringLiteral("2011.02.15_00:00:12_TAI"), 0, 40},
        {QStringLiteral("d.fits"), QStringLiteral("SDO/AIA"), 171, QStringLiteral("2011-02-15T00:00:24"), 0, 50},
    };
    for (const Spec &s : aia)
        QVERIFY(!write(d, s).isEmpty());
    m_aia = QStringList{d + "/e.fits", d + "/b.fits", d + "/d.fits", d + "/c.fits", d + "/a.fits"};
    // Other series in the same folder, and files that are not FITS.
    QVERIFY(!write(d, {QStringLiteral("other-wl.fits"), QStringLiteral("SDO/AIA"), 193, QStringLiteral("2011.02.15_00:00:06_TAI"), 0, 1}).isEmpty());
    QVERIFY(!write(d, {QStringLiteral("hmi.fits"), QStringLiteral("SDO/HMI"), 6173, QStringLiteral("2011.02.15_00:00:06_TAI"), 180, 1}).isEmpty());
    QFile junk(d + QStringLiteral("/junk.fits"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a FITS file at all");
    junk.close();
    QFile text(d + QStringLiteral("/notes.txt"));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.close();
}

void TestFitsFrames::folderOfFileKeepsTheSeriesInTimeOrder()
{
    const FitsFrameSet set = FitsFrameSet::fromFolderOf(m_dir.filePath(QStringLiteral("a.fits")));
    QCOMPARE(fileNames(set), (QStringList{"e.fits", "b.fits", "d.fits", "c.fits", "a.fits"}));
    QCOMPARE(set.indexOf(m_dir.filePath(QStringLiteral("a.fits"))), 4);
    QVERIFY(set.frames()[0].hasTime);
    QCOMPARE(set.frames()[1].time - set.frames()[0].time, 12.0);
    QCOMPARE(set.frames()[0].timeText, QStringLiteral("2011.02.15_00:00:00_TAI"));
    // The HMI file is alone in its series.
    QCOMPARE(FitsFrameSet::fromFolderOf(m_dir.filePath(QStringLiteral("hmi.fits"))).size(), 1);
    // A whole folder: the series of its earliest file (e.fits at 00:00:00).
    QString error;
    QCOMPARE(fileNames(FitsFrameSet::fromFolder(m_dir.path(), &error)), fileNames(set));
    QVERIFY(FitsFrameSet::fromFolder(m_dir.filePath(QStringLiteral("nope")), &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestFitsFrames::timeFromFileName()
{
    FitsFrame f;
    QVERIFY(FitsFrameSet::observationTime({}, QStringLiteral("/x/aia.lev1_euv_12s.2011-02-15T000001Z.171.image_lev1.fits"), &f));
    FitsFrame g;
    QVERIFY(FitsFrameSet::observationTime({}, QStringLiteral("aia.lev1_euv_12s.2011-02-15T000013Z.171.image_lev1.fits"), &g));
    QCOMPARE(g.time - f.time, 12.0);
    QCOMPARE(f.timeText, QStringLiteral("2011-02-15T000001"));
    FitsFrame h;
    QVERIFY(FitsFrameSet::observationTime({}, QStringLiteral("hmi.m_45s.20140301_000045_TAI.2.magnetogram.fits"), &h));
    FitsFrame none;
    QVERIFY(!FitsFrameSet::observationTime({}, QStringLiteral("image.fits"), &none));
    QVERIFY(!none.hasTime);
}

void TestFitsFrames::fromFilesSortsWithoutFiltering()
{
    const FitsFrameSet set = FitsFrameSet::fromFiles({m_dir.filePath("hmi.fits"), m_dir.filePath("a.fits"),
                                                      m_dir.filePath("e.fits"), m_dir.filePath("junk.fits")});
    // Timed files by time (e 00:00:00, hmi 00:00:06, a 00:00:48), then the one without a time.
    QCOMPARE(fileNames(set), (QStringList{"e.fits", "hmi.fits", "a.fits", "junk.fits"}));
}

void TestFitsFrames::cacheDecodesAhead()
{
    FitsFrameCache cache;
    cache.setFrames(m_aia);
    QSignalSpy ready(&cache, &FitsFrameCache::frameReady);
    cache.request(0);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.first().at(0).toInt(), 0);
    auto image = ready.first().at(1).value<std::shared_ptr<const FitsImage>>();
    QVERIFY(image);
    QCOMPARE(image->at(1, 0), 30.0f); // e.fits
    // The next two frames are decoded without being asked for, and announced only when asked.
    QTRY_VERIFY(cache.isCached(1) && cache.isCached(2));
    QVERIFY(!cache.isCached(3) && !cache.isLoading(3));
    QCOMPARE(ready.size(), 1);
    cache.request(1); // already decoded: announced at once
    QCOMPARE(ready.size(), 2);
    QCOMPARE(ready.last().at(0).toInt(), 1);
    QCOMPARE(ready.last().at(1).value<std::shared_ptr<const FitsImage>>()->at(1, 0), 40.0f);
    QTRY_VERIFY(cache.isCached(3));
    // Backwards from frame 0 wraps to the last frame; frames outside the window are dropped.
    cache.request(0, -1);
    QTRY_VERIFY(cache.isCached(4) && cache.isCached(3));
    QVERIFY(!cache.isCached(2));
    // A frame that fails says why.
    cache.setFrames({m_dir.filePath(QStringLiteral("junk.fits"))});
    QSignalSpy failed(&cache, &FitsFrameCache::frameFailed);
    cache.request(0);
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.first().at(1).toString().isEmpty());
}

void TestFitsFrames::cacheTurnsNorthUp()
{
    FitsFrameCache cache;
    cache.setFrames({m_dir.filePath(QStringLiteral("hmi.fits"))});
    QSignalSpy ready(&cache, &FitsFrameCache::frameReady);
    cache.request(0);
    QVERIFY(ready.wait(10000));
    auto image = ready.first().at(1).value<std::shared_ptr<const FitsImage>>();
    QCOMPARE(image->quarterTurns, 2);
    QCOMPARE(image->at(7, 5), 1001.0f); // file pixel (0, 0) is now the top-right one
    cache.setNorthUp(false);
    cache.request(0);
    QVERIFY(ready.wait(10000));
    image = ready.last().at(1).value<std::shared_ptr<const FitsImage>>();
    QCOMPARE(image->quarterTurns, 0);
    QCOMPARE(image->at(0, 0), 1001.0f);
}

void TestFitsFrames::playerPlaysEveryFrameInOrder()
{
    FitsFramePlayer player;
    player.setFrames(FitsFrameSet::fromFiles(m_aia), 0);
    player.setLoop(false);
    player.setFps(60.0);
    QSignalSpy ready(&player, &FitsFramePlayer::frameReady);
    QSignalSpy playing(&player, &FitsFramePlayer::playingChanged);
    player.play();
    QVERIFY(player.isPlaying());
    // Without looping it stops on the last frame, after showing every frame once, in order.
    QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 10000);
    QCOMPARE(ready.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(ready.at(i).at(0).toInt(), i + 1);
        QCOMPARE(ready.at(i).at(1).toString(), m_aia[i + 1]);
    }
    QCOMPARE(player.currentIndex(), 4);
    QCOMPARE(playing.size(), 2);
    // Looping goes round; pause stops it.
    player.setLoop(true);
    ready.clear();
    player.play();
    QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 3, 10000);
    QCOMPARE(ready.at(0).at(0).toInt(), 0);
    QCOMPARE(ready.at(1).at(0).toInt(), 1);
    player.pause();
    const int shown = int(ready.size());
    QTest::qWait(100); // nothing more may come once paused (a decode may still finish: at most one)
    QVERIFY(ready.size() <= shown + 1);
}

void TestFitsFrames::playerSliderAndStep()
{
    FitsFramePlayer player;
    player.setFrames(FitsFrameSet::fromFiles(m_aia), 2);
    QCOMPARE(player.currentIndex(), 2);
    QSignalSpy ready(&player, &FitsFramePlayer::frameReady);
    auto *slider = player.findChild<QSlider *>();
    QVERIFY(slider);
    QCOMPARE(slider->value(), 2);
    slider->setValue(4);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.last().at(0).toInt(), 4);
    QCOMPARE(player.currentIndex(), 4);
    player.step(1); // wraps to the first frame
    QTRY_COMPARE(player.currentIndex(), 0);
    QCOMPARE(slider->value(), 0);
    player.step(-1);
    QTRY_COMPARE(player.currentIndex(), 4);
}

void TestFitsFrames::windowOpensFramesWithFixedLimits()
{
    ui::FitsPreviewWindow window;
    QSignalSpy framesReady(&window, &ui::FitsPreviewWindow::framesReady);
    QSignalSpy loaded(window.preview(), &FitsPreviewWidget::loaded);
    QStringList shuffled = m_aia;
    std::reverse(shuffled.begin(), shuffled.end());
    window.openFrames(shuffled);
    QVERIFY(framesReady.wait(10000));
    QCOMPARE(framesReady.first().at(0).toInt(), 5);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(window.preview()->currentFile(), m_aia[0]); // the earliest frame first
    QCOMPARE(window.player()->count(), 5);
    QVERIFY(!window.player()->isHidden());
    const Limits first = window.preview()->limits();
    const double firstMax = window.preview()->image()->stats.max;
    QCOMPARE(window.preview()->histogram()->countsHigh(), firstMax);
    QSignalSpy shown(window.preview(), &FitsPreviewWidget::frameShown);
    window.player()->step(1);
    QVERIFY(shown.wait(10000));
    QCOMPARE(window.preview()->currentFile(), m_aia[1]);
    QCOMPARE(window.preview()->image()->at(1, 0), 40.0f);
    QCOMPARE(window.preview()->limits(), first); // same scaling for every frame
    // The histogram follows the frame shown (counted off the GUI thread), not the first one.
    const fits::FitsImage *shownImage = window.preview()->image();
    QVERIFY(shownImage->stats.max != firstMax); // the frames differ, so a stale histogram shows
    HistogramWidget *histogram = window.preview()->histogram();
    QTRY_COMPARE_WITH_TIMEOUT(histogram->countsHigh(), shownImage->stats.max, 10000);
    QCOMPARE(histogram->countsLow(), shownImage->stats.min);
    double total = 0;
    for (const double c : histogram->counts())
        total += c;
    QVERIFY(total > 0);
    QVERIFY(window.windowTitle().startsWith(QFileInfo(m_aia[1]).fileName()));
    const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        window.resize(1100, 700);
        window.grab().save(dir + QStringLiteral("/fits-frames-test.png"));
    }
}

void TestFitsFrames::windowOffersTheFolder()
{
    ui::FitsPreviewWindow window;
    QSignalSpy framesReady(&window, &ui::FitsPreviewWindow::framesReady);
    window.openFile(m_dir.filePath(QStringLiteral("d.fits")));
    QVERIFY(framesReady.wait(10000));
    QCOMPARE(window.player()->count(), 5);
    QCOMPARE(window.player()->currentIndex(), 2); // d.fits is the third in time
    QVERIFY(!window.player()->isHidden());
    // A file alone in its series gets no movie bar.
    ui::FitsPreviewWindow single;
    QSignalSpy singleReady(&single, &ui::FitsPreviewWindow::framesReady);
    single.openFile(m_dir.filePath(QStringLiteral("hmi.fits")));
    QVERIFY(singleReady.wait(10000));
    QCOMPARE(single.player()->count(), 1);
    QVERIFY(single.player()->isHidden());
}

QTEST_MAIN(TestFitsFrames)
#include "tst_fits_frames.moc"
