// The FITS preview reached from the browser window: File ▸ Open and drag-and-drop, on the real
// samples in shared/fits-samples and on a file that is not FITS.
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "model/catalogue/FavouriteSeriesModel.h"
#include "model/fits/FitsImage.h"
#include "model/catalogue/RecentSeriesModel.h"
#include "model/catalogue/SeriesTreeModel.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/MainWindow.h"
#include "support/FitsTestFiles.h"

#include <fitsio.h>

namespace {
QString sample(const char *name)
{
    return QStringLiteral(JSOC_SHARED_DIR "/fits-samples/") + QLatin1String(name);
}

QDropEvent dropOf(const QList<QUrl> &urls, QMimeData *mime)
{
    mime->setUrls(urls);
    return QDropEvent(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
}
} // namespace

class TestFitsPreviewWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_tree = new jsoc::SeriesTreeModel(this);
        m_favourites = new jsoc::FavouriteSeriesModel(this);
        m_recent = new jsoc::RecentSeriesModel(20, this);
    }

    void openFromMenuShowsTheImage()
    {
        ui::MainWindow window(m_tree, m_favourites, m_recent);
        ui::FitsPreviewWindow *preview = window.openFitsFile(sample("aia_171_level1.fits"));
        QSignalSpy loaded(preview->preview(), &FitsPreviewWidget::loaded);
        QVERIFY(loaded.wait(20000));
        QVERIFY(preview->preview()->image());
        QVERIFY(preview->preview()->image()->width > 0 && preview->preview()->image()->height > 0);
        QVERIFY2(preview->statusText().contains(QLatin1String("aia_171_level1.fits")), qPrintable(preview->statusText()));
        QVERIFY(preview->windowTitle().startsWith(QLatin1String("aia_171_level1.fits")));
        QVERIFY(!preview->preview()->renderedImage().isNull());
    }

    // A folder holding a tile-compressed file whose ZTILE1 = 0 made cfitsio raise SIGFPE and took
    // the whole GUI down when the frame player scanned it (issue 11, item 4). Now the good frames
    // load and the bad neighbour is named in words.
    void crashingNeighbourIsLeftOutInWords()
    {
        QTemporaryDir dir;
        const QString good = testsupport::writeCompressedFits(dir.filePath(QStringLiteral("aia.2011-02-15T000001Z.171.fits")), RICE_1, SHORT_IMG);
        QVERIFY(!good.isEmpty());
        const QByteArray bad = testsupport::withFitsCard(testsupport::readFileBytes(good), "ZTILE1", "0");
        QVERIFY(!bad.isEmpty());
        QVERIFY(!testsupport::writeFileBytes(dir.filePath(QStringLiteral("aia.2011-02-15T000013Z.171.fits")), bad).isEmpty());
        ui::MainWindow window(m_tree, m_favourites, m_recent);
        ui::FitsPreviewWindow *preview = window.openFitsFile(dir.filePath(QStringLiteral("aia.2011-02-15T000001Z.171.fits")));
        QSignalSpy loaded(preview->preview(), &FitsPreviewWidget::loaded);
        QSignalSpy scanned(preview, &ui::FitsPreviewWindow::framesReady);
        QVERIFY(loaded.wait(20000));
        QVERIFY(scanned.count() > 0 || scanned.wait(20000));
        QVERIFY(preview->preview()->image());
        QTRY_VERIFY2(preview->statusText().contains(QLatin1String("aia.2011-02-15T000013Z.171.fits"))
                         && preview->statusText().contains(QLatin1String("ZTILE1 = 0")),
                     qPrintable(preview->statusText()));
        const QString dirShots = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        if (!dirShots.isEmpty())
            preview->grab().save(QDir(dirShots).filePath(QStringLiteral("fits-bad-neighbour.png")));
    }

    void unreadableFileIsSaidInWords()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.fits"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        ui::MainWindow window(m_tree, m_favourites, m_recent);
        ui::FitsPreviewWindow *preview = window.openFitsFile(path);
        QSignalSpy failed(preview->preview(), &FitsPreviewWidget::loadFailed);
        QVERIFY(failed.wait(20000));
        const QString message = failed.first().first().toString();
        QVERIFY(!message.isEmpty());
        QCOMPARE(preview->statusText(), message);
    }

    void droppingFitsFilesOpensThem()
    {
        ui::MainWindow window(m_tree, m_favourites, m_recent);
        QVERIFY(window.acceptDrops());
        QMimeData mime;
        QDropEvent drop = dropOf({QUrl::fromLocalFile(sample("resampled_hmi.fits")),
                                  QUrl::fromLocalFile(sample("hmi_synoptic.header"))}, &mime);
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QApplication::sendEvent(&window, &drop);
        const auto previews = window.findChildren<ui::FitsPreviewWindow *>();
        QCOMPARE(previews.size(), 1); // the .header text file is not opened
        QSignalSpy loaded(previews.first()->preview(), &FitsPreviewWidget::loaded);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(previews.first()->preview()->currentFile(), sample("resampled_hmi.fits"));
    }

    void droppingOtherFilesIsIgnored()
    {
        ui::MainWindow window(m_tree, m_favourites, m_recent);
        QMimeData mime;
        QDropEvent drop = dropOf({QUrl::fromLocalFile(sample("SOURCES.md"))}, &mime);
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(!enter.isAccepted());
        QApplication::sendEvent(&window, &drop);
        QVERIFY(window.findChildren<ui::FitsPreviewWindow *>().isEmpty());
    }

private:
    jsoc::SeriesTreeModel *m_tree = nullptr;
    jsoc::FavouriteSeriesModel *m_favourites = nullptr;
    jsoc::RecentSeriesModel *m_recent = nullptr;
};

QTEST_MAIN(TestFitsPreviewWindow)
#include "tst_fitspreviewwindow.moc"
