// FitsPreviewWidget end to end (offscreen): asynchronous load with stale-result dropping, auto
// colour map, readout with helioprojective coordinates, limits/stretch/colour changes on the
// rendered QImage, cube planes, load errors, and the searchable header view.
#include "model/fits/ColourMap.h"
#include "model/fits/FitsHeaderCards.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsRenderer.h"
#include "ui/FitsHeaderView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/HistogramWidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

#include <fitsio.h>

#include <algorithm>

namespace {
const QString kSamples = QStringLiteral(JSOC_SHARED_DIR "/fits-samples/");
const QString kAia = kSamples + QStringLiteral("aia_171_level1.fits");
const QString kHmi = kSamples + QStringLiteral("resampled_hmi.fits");
} // namespace

class TestFitsWidget final : public QObject
{
    Q_OBJECT

private slots:
    void loadsAndPicksColourMap();
    void readoutShowsValueAndCoordinates();
    void colourLimitsAndStretchChangeThePicture();
    void newerOpenWins();
    void badFileReportsError();
    void cubePlanes();
    void headerSearch();
    void longStringsAreMerged();
    void realHmiLongString();
    void blankPixelsHaveTheirOwnColour();
};

void TestFitsWidget::loadsAndPicksColourMap()
{
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(kAia);
    QVERIFY(loaded.wait(10000));
    QVERIFY(w.image());
    QCOMPARE(w.colourMapName(), QStringLiteral("aia171"));
    QCOMPARE(w.renderedImage().size(), QSize(128, 128));
    QCOMPARE(w.renderedImage().format(), QImage::Format_Indexed8);
    QCOMPARE(w.renderedImage().colorTable(), fits::ColourMap::displayTable(QStringLiteral("aia171"), false, w.blankColour()));
    QVERIFY(w.captionText().contains(QStringLiteral("171 Å")));
    // Default limits: the central 99.5 %.
    const fits::Limits l = w.limits();
    QVERIFY(l.low > w.image()->stats.min - 1e-6 && l.high < w.image()->stats.max);
}

void TestFitsWidget::readoutShowsValueAndCoordinates()
{
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(kAia);
    QVERIFY(loaded.wait(10000));
    // CRPIX = 64.5 → 0-based 63.5; pixel (63, 63) is half a pixel from the reference point.
    w.showReadoutAt(63, 63);
    const QString text = w.readoutText();
    QVERIFY2(text.startsWith(QStringLiteral("x 63  y 63  value ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Tx ")) && text.contains(QStringLiteral("R☉")), qPrintable(text));
    const float v = w.image()->at(63, 63);
    QVERIFY2(text.contains(QString::number(v, 'g', 7)), qPrintable(text));
    w.showReadoutAt(500, 500); // outside
    QVERIFY(w.readoutText().isEmpty());
}

void TestFitsWidget::colourLimitsAndStretchChangeThePicture()
{
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(kAia);
    QVERIFY(loaded.wait(10000));
    w.setColourMap(QStringLiteral("gray"));
    QCOMPARE(w.renderedImage().colorTable(), fits::ColourMap::displayTable(QStringLiteral("gray"), false, w.blankColour()));
    w.setInvert(true);
    QCOMPARE(w.renderedImage().colorTable(), fits::ColourMap::displayTable(QStringLiteral("gray"), true, w.blankColour()));
    w.setInvert(false);

    // Manual limits around the brightest pixel: it becomes the top index (254), the faintest 0.
    const fits::FitsImage &im = *w.image();
    const auto maxAt = std::max_element(im.pixels.begin(), im.pixels.end()) - im.pixels.begin();
    const int mx = int(maxAt % im.width), my = int(maxAt / im.width);
    w.setLimits(im.stats.max - 1.0, im.stats.max);
    QTRY_COMPARE(w.limits().low, double(im.stats.max) - 1.0);
    QTRY_COMPARE(w.renderedImage().pixelIndex(mx, im.height - 1 - my), fits::FitsRenderer::kTopIndex);
    QCOMPARE(w.renderedImage().pixelIndex(0, 0), 0);

    // Linear vs log at the same limits: log brightens the middle of the range.
    w.setLimits(0.0, 1000.0);
    const fits::FitsImage &img = *w.image();
    int x = -1, y = -1;
    for (int i = 0; i < int(img.pixels.size()) && x < 0; ++i) {
        if (img.pixels[std::size_t(i)] > 80 && img.pixels[std::size_t(i)] < 200) {
            x = i % img.width;
            y = i / img.width;
        }
    }
    QVERIFY(x >= 0);
    QTRY_VERIFY(w.renderedImage().pixelIndex(x, img.height - 1 - y) < 60);
    const int linear = w.renderedImage().pixelIndex(x, img.height - 1 - y);
    w.setStretch(fits::StretchKind::Log);
    QTRY_VERIFY(w.renderedImage().pixelIndex(x, img.height - 1 - y) > linear + 60);
}

void TestFitsWidget::newerOpenWins()
{
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(kAia);
    w.openFile(kHmi); // the AIA result, if it arrives, is stale and dropped
    QVERIFY(loaded.wait(10000));
    QTRY_COMPARE(w.currentFile(), kHmi);
    QCOMPARE(w.image()->width, 100);
    QCOMPARE(loaded.last().at(0).toString(), kHmi);
    QTest::qWait(50); // nothing else may arrive later
    QCOMPARE(w.image()->width, 100);
    QCOMPARE(w.colourMapName(), QStringLiteral("gray"));
}

void TestFitsWidget::badFileReportsError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("junk.fits"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(5000, 'x'));
    f.close();
    FitsPreviewWidget w;
    QSignalSpy failed(&w, &FitsPreviewWidget::loadFailed);
    w.openFile(path);
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("not a FITS file")));
    QVERIFY(!w.image());
    // Nothing to act on: no histogram (the bug: a red limit line drawn askew across the empty
    // plot) and no enabled control.
    QVERIFY(!w.histogram()->hasHistogram());
    for (QCPItemStraightLine *line : w.histogram()->findChildren<QCPItemStraightLine *>())
        QVERIFY(!line->visible());
    for (QWidget *control : w.findChildren<QWidget *>()) {
        if (w.findChild<FitsHeaderView *>()->isAncestorOf(control))
            continue; // the header's own search stays usable
        if (qobject_cast<QComboBox *>(control) || qobject_cast<QCheckBox *>(control) || qobject_cast<QSpinBox *>(control)
            || qobject_cast<QPushButton *>(control))
            QVERIFY2(!control->isEnabled(), qPrintable(control->metaObject()->className()));
    }

    // A good file after it enables them again; a bad one after a good one clears what was shown.
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(kAia);
    QVERIFY(loaded.wait(20000));
    QVERIFY(w.histogram()->hasHistogram());
    QVERIFY(w.findChild<QComboBox *>()->isEnabled());
    w.openFile(path);
    QVERIFY(failed.wait(10000));
    QVERIFY(!w.image());
    QVERIFY(!w.histogram()->hasHistogram());
    QVERIFY(!w.findChild<QComboBox *>()->isEnabled());
}

void TestFitsWidget::cubePlanes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cube.fits"));
    {
        fitsfile *f = nullptr;
        int status = 0;
        fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
        long naxes[3] = {4, 3, 2};
        fits_create_img(f, SHORT_IMG, 3, naxes, &status);
        short data[24];
        for (int i = 0; i < 24; ++i)
            data[i] = short(i < 12 ? 1 : 500);
        fits_write_img(f, TSHORT, 1, 24, data, &status);
        fits_close_file(f, &status);
        QCOMPARE(status, 0);
    }
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(path, 1);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(w.image()->sliceIndex, 1);
    QCOMPARE(w.image()->sliceCount, 2);
    QCOMPARE(w.image()->at(0, 0), 500.0f);
}

void TestFitsWidget::headerSearch()
{
    const fits::FitsLoadResult r = fits::FitsLoader::load(kAia);
    QVERIFY(r.ok());
    FitsHeaderView view;
    view.setHdus(r.image.hdus, 0);
    QCOMPARE(view.visibleRows(), r.image.hdus[0].cards.size());
    view.setFilter(QStringLiteral("crpix"));
    QCOMPARE(view.visibleRows(), 2); // CRPIX1, CRPIX2 (case-insensitive)
    view.setFilter(QStringLiteral("SDO/AIA")); // values are searched too
    QVERIFY(view.visibleRows() >= 1);
    view.setFilter(QString());
    QCOMPARE(view.visibleRows(), r.image.hdus[0].cards.size());
}

void TestFitsWidget::longStringsAreMerged()
{
    // cfitsio writes a long string with the OGIP convention: '&' at the end, CONTINUE cards after.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("long.fits"));
    QString longValue;
    for (int i = 0; i < 12; ++i)
        longValue += QStringLiteral("segment-%1/it's ").arg(i); // 192 characters, a quote inside
    longValue += QStringLiteral("end");
    {
        fitsfile *f = nullptr;
        int status = 0;
        fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
        long naxes[2] = {2, 2};
        fits_create_img(f, SHORT_IMG, 2, naxes, &status);
        QByteArray value = longValue.toLatin1();
        fits_write_key_longstr(f, "HISTORY2", value.data(), "a long comment", &status);
        fits_write_key_str(f, "AFTER", "short", "next card", &status);
        short data[4] = {1, 2, 3, 4};
        fits_write_img(f, TSHORT, 1, 4, data, &status);
        fits_close_file(f, &status);
        QCOMPARE(status, 0);
    }
    const fits::FitsLoadResult r = fits::FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    int continues = 0;
    for (const fits::FitsCard &c : r.image.hdus[0].cards)
        continues += c.key == QLatin1String("CONTINUE");
    QVERIFY2(continues >= 2, "the file really uses CONTINUE cards");

    const QVector<fits::FitsCard> merged = fits::FitsHeaderCards::mergeLongStrings(r.image.hdus[0].cards);
    QCOMPARE(merged.size(), r.image.hdus[0].cards.size() - continues);
    for (const fits::FitsCard &c : merged)
        QVERIFY(c.key != QLatin1String("CONTINUE"));

    FitsHeaderView view;
    view.setHdus(r.image.hdus, 0);
    QCOMPARE(view.shownValue(QStringLiteral("HISTORY2")), longValue);
    QCOMPARE(view.shownValue(QStringLiteral("AFTER")), QStringLiteral("short"));
    QCOMPARE(view.visibleRows(), merged.size());
    view.setFilter(QStringLiteral("segment-11")); // text from a CONTINUE card finds the keyword's row
    QCOMPARE(view.visibleRows(), 1);

    // A CONTINUE card after a value without '&' stays on its own row.
    fits::FitsCard plain;
    plain.key = QStringLiteral("A");
    plain.value = QStringLiteral("done");
    plain.raw = QByteArray("A       = 'done'").leftJustified(80, ' ');
    fits::FitsCard orphan;
    orphan.key = QStringLiteral("CONTINUE");
    orphan.raw = QByteArray("CONTINUE  'more'").leftJustified(80, ' ');
    QCOMPARE(fits::FitsHeaderCards::mergeLongStrings({plain, orphan}).size(), 2);
}

void TestFitsWidget::realHmiLongString()
{
    // The HMI sample's SOURCE keyword goes on in a CONTINUE card.
    const fits::FitsLoadResult r = fits::FitsLoader::load(kHmi);
    QVERIFY(r.ok());
    FitsHeaderView view;
    view.setHdus(r.image.hdus, 0);
    const QString source = view.shownValue(QStringLiteral("SOURCE"));
    QVERIFY2(source.startsWith(QStringLiteral("'hmi.lev1[:#158263685,")), qPrintable(source));
    QVERIFY2(source.endsWith(QStringLiteral("#158263746,#158&")), qPrintable(source));
    QCOMPARE(view.shownValue(QStringLiteral("CONTINUE")), QString());
}

void TestFitsWidget::blankPixelsHaveTheirOwnColour()
{
    // int16 with BLANK: the blank pixel is drawn in the blank colour, the minimum in the map's first.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("blank.fits"));
    {
        fitsfile *f = nullptr;
        int status = 0;
        fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
        long naxes[2] = {3, 1};
        fits_create_img(f, SHORT_IMG, 2, naxes, &status);
        long blank = -32768;
        fits_write_key(f, TLONG, "BLANK", &blank, "", &status);
        short data[3] = {-32768, 0, 100};
        fits_write_img(f, TSHORT, 1, 3, data, &status);
        fits_close_file(f, &status);
        QCOMPARE(status, 0);
    }
    FitsPreviewWidget w;
    QSignalSpy loaded(&w, &FitsPreviewWidget::loaded);
    w.openFile(path);
    QVERIFY(loaded.wait(10000));
    w.setColourMap(QStringLiteral("gray"));
    w.setLimits(0.0, 100.0);
    QTRY_COMPARE(w.renderedImage().pixelIndex(2, 0), fits::FitsRenderer::kTopIndex);
    QCOMPARE(w.renderedImage().pixelIndex(0, 0), fits::ColourMap::kBlankIndex);
    QCOMPARE(w.renderedImage().pixel(0, 0), fits::ColourMap::kDefaultBlank);
    QCOMPARE(w.renderedImage().pixel(1, 0), qRgb(0, 0, 0));
    w.setBlankColour(qRgb(255, 0, 255));
    QCOMPARE(w.renderedImage().pixel(0, 0), qRgb(255, 0, 255));
    QCOMPARE(w.renderedImage().pixel(1, 0), qRgb(0, 0, 0));
    w.showReadoutAt(0, 0);
    QVERIFY2(w.readoutText().contains(QStringLiteral("blank")), qPrintable(w.readoutText()));
}

QTEST_MAIN(TestFitsWidget)
#include "tst_fits_widget.moc"
