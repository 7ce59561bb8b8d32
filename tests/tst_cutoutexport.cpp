// "Export this field of view…" end to end against the simulator over loopback: a plain export of
// one record is downloaded by the app's export controller, opened in the FITS window, a box is
// drawn on it with the mouse, the button opens the export dialog for the record set the file came
// from with the box's im_patch step, the dialog sends it, the simulator runs im_patch on its own
// pixels, and the processed file that comes back is judged by ITS OWN WCS: its field of view is
// the box's, corner for corner, within a pixel. For AIA (north up) and HMI (stored upside down,
// which im_patch turns north up), with the centre given in arcsec, pixels and Stonyhurst degrees.
#include "app/gui/BrowserController.h"
#include "app/gui/ExportController.h"
#include "model/exports/ExportQueue.h"
#include "model/fits/CutoutGeometry.h"
#include "model/fits/FitsLoader.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "ui/CutoutPanel.h"
#include "ui/ExportDialog.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/MainWindow.h"
#include "ui/ProcessingStepEditor.h"
#include "ui/RecordSetTextEdit.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

Q_DECLARE_METATYPE(jsoc::CutoutUnits)

namespace {

constexpr double kPi = 3.14159265358979323846;
const QString kEmail = QStringLiteral("cutout@example.org");

// The sky (helioprojective arcsec) a file's header puts at FITS pixel (p1, p2): its linear
// CROTA2 WCS, as SDO writes it (TAN differs from this by < 0.01″ on the disk).
QPointF skyOf(const fits::FitsImage &im, double p1, double p2)
{
    const double a = im.cardNumber(QStringLiteral("CROTA2"), 0.0) * kPi / 180, c = std::cos(a), s = std::sin(a);
    const double u = (p1 - im.cardNumber(QStringLiteral("CRPIX1"))) * im.cardNumber(QStringLiteral("CDELT1"));
    const double v = (p2 - im.cardNumber(QStringLiteral("CRPIX2"))) * im.cardNumber(QStringLiteral("CDELT2"));
    return {im.cardNumber(QStringLiteral("CRVAL1"), 0.0) + u * c - v * s, im.cardNumber(QStringLiteral("CRVAL2"), 0.0) + u * s + v * c};
}

// The sky rectangle spanned by the centres of four corner pixels.
QRectF skyBox(const fits::FitsImage &im, double x0, double y0, double x1, double y1)
{
    double left = 1e300, right = -1e300, bottom = 1e300, top = -1e300;
    for (const QPointF &p : {skyOf(im, x0, y0), skyOf(im, x1, y0), skyOf(im, x0, y1), skyOf(im, x1, y1)}) {
        left = std::min(left, p.x());
        right = std::max(right, p.x());
        bottom = std::min(bottom, p.y());
        top = std::max(top, p.y());
    }
    return QRectF(QPointF(left, bottom), QPointF(right, top));
}

} // namespace

class TestCutoutExport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void processedFieldOfViewIsTheBox_data();
    void processedFieldOfViewIsTheBox();
    void fileOfUnknownOriginIsExportedByAGuessToCheck();
    void browserWiresItsFitsWindowsToTheExportDialog();

private:
    QString downloadPlain(const QString &recordSet); // the one file of a plain export, as downloaded
    bool allDownloadsDone(qint64 exportId) const;
    QString downloadedFile(qint64 exportId) const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<jsoc::JsocClient> m_client;
    std::unique_ptr<app::ExportController> m_exports;
};

void TestCutoutExport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("jsoc-browser-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_cutoutexport"));
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestCutoutExport::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QSettings().setValue(QStringLiteral("download/folder"), m_dir->filePath(QStringLiteral("downloads")));
    QSettings().setValue(QStringLiteral("export/notifyEmail"), kEmail);
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    QVERIFY(m_sim->registerAddress(kEmail));
    sim::ExportDeskOptions &o = m_sim->exportDesk()->options();
    o.queuedMs = 0;
    o.processingMs = 0;
    // The plain export and im_patch's source are the same 512² image of the record.
    o.imageSize = 512;
    o.processingImageSize = 512;
    m_client = std::make_unique<jsoc::JsocClient>(m_sim->url());
    m_exports = std::make_unique<app::ExportController>(m_client.get(), m_dir->filePath(QStringLiteral("data")));
    jsoc::ExportPoller::Options po;
    po.pollInitialMs = 40;
    po.pollMaxMs = 150;
    po.busyRetryMs = 100;
    m_exports->poller()->setOptions(po);
    m_exports->start();
}

void TestCutoutExport::cleanup()
{
    m_exports.reset();
    m_client.reset();
    m_sim.reset();
    m_dir.reset();
}

bool TestCutoutExport::allDownloadsDone(qint64 exportId) const
{
    int n = 0;
    for (const jsoc::DownloadItem &d : m_exports->queue()->downloads(exportId)) {
        ++n;
        if (d.state != jsoc::DownloadItem::State::Done)
            return false;
    }
    return n > 0;
}

QString TestCutoutExport::downloadedFile(qint64 exportId) const
{
    const QList<jsoc::DownloadItem> items = m_exports->queue()->downloads(exportId);
    return items.size() == 1 ? items.first().targetPath() : QString();
}

void TestCutoutExport::processedFieldOfViewIsTheBox_data()
{
    QTest::addColumn<QString>("recordSet");
    QTest::addColumn<jsoc::CutoutUnits>("units");
    QTest::addColumn<QPoint>("offset"); // where the box starts, from the picture's centre (screen pixels)
    const QString aia = QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/12s][171]{image}");
    const QString hmi = QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/45s]{magnetogram}");
    QTest::newRow("AIA 171, arcsec") << aia << jsoc::CutoutUnits::Arcsec << QPoint(-90, -70);
    QTest::newRow("AIA 171, pixels") << aia << jsoc::CutoutUnits::Pixels << QPoint(40, 20);
    QTest::newRow("AIA 171, Stonyhurst") << aia << jsoc::CutoutUnits::Stonyhurst << QPoint(-30, 45);
    QTest::newRow("HMI magnetogram, arcsec") << hmi << jsoc::CutoutUnits::Arcsec << QPoint(50, -80);
    QTest::newRow("HMI magnetogram, Stonyhurst") << hmi << jsoc::CutoutUnits::Stonyhurst << QPoint(-100, 10);
}

void TestCutoutExport::processedFieldOfViewIsTheBox()
{
    QFETCH(QString, recordSet);
    QFETCH(jsoc::CutoutUnits, units);
    QFETCH(QPoint, offset);

    // 1. The record as a plain export, downloaded by the app.
    const QString original = downloadPlain(recordSet);
    QVERIFY(!original.isEmpty());

    // 2. Opened in the FITS window, a box drawn on it with Shift+drag.
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.resize(1300, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    connect(&window, &ui::FitsPreviewWindow::fieldOfViewExportRequested, m_exports.get(),
            [this, &window](const ui::FieldOfViewExport &request) { m_exports->openFieldOfViewExport(request, &window); });
    QSignalSpy loaded(window.preview(), &FitsPreviewWidget::loaded);
    window.openFile(original);
    QVERIFY(loaded.wait(20000));
    FitsImageView *view = window.preview()->imageView();
    const QPoint from = QPoint(view->width() / 2, view->height() / 2) + offset;
    const QPoint to = from + QPoint(55, 40);
    QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(view, to);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, to);
    ui::CutoutPanel *panel = window.preview()->cutoutPanel();
    panel->setUnits(units);
    const fits::CutoutGeometry box = panel->geometry();
    QVERIFY2(box.valid && box.centreOnDisk, qPrintable(panel->text()));
    QVERIFY2(panel->exportButton()->isEnabled(), qPrintable(panel->text()));

    // 3. The button: the dialog for the record set the file came from, with the im_patch step.
    QTest::mouseClick(panel->exportButton(), Qt::LeftButton);
    ui::ExportDialog *dialog = m_exports->dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->recordSetText(), recordSet);
    const QList<jsoc::ProcessingStep> steps = dialog->stepEditor()->steps();
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first().name, QStringLiteral("im_patch"));
    QCOMPARE(steps.first().value(QStringLiteral("locunits")), jsoc::cutoutUnitsName(units));
    QCOMPARE(steps.first().value(QStringLiteral("t_ref")), window.preview()->image()->card(QStringLiteral("T_OBS")));
    QCOMPARE(dialog->options().method, QStringLiteral("url")); // JSOC processes only what it prepares
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->problems().isEmpty(), qPrintable(dialog->problems().join(QLatin1Char('\n'))), 10000);
    if (const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        !dir.isEmpty() && QByteArray(QTest::currentDataTag()) == "AIA 171, arcsec") {
        dialog->adjustSize();
        QCoreApplication::sendPostedEvents();
        QVERIFY(dialog->grab().save(QDir(dir).filePath(QStringLiteral("cutout-export-dialog.png"))));
    }

    // 4. Sent; JSOC's im_patch runs; the patch is downloaded.
    QSignalSpy submitted(m_exports.get(), &app::ExportController::exportSubmitted);
    QTest::mouseClick(dialog->fetchButton(), Qt::LeftButton);
    QCOMPARE(submitted.size(), 1);
    const qint64 patchId = submitted.first().first().toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(patchId), 30000);
    const QString patchPath = downloadedFile(patchId);
    QVERIFY(!patchPath.isEmpty());

    // 5. Judged by its own header: the box's size, and its corners on the box's sky.
    const fits::FitsLoadResult source = fits::FitsLoader::load(original, {});
    const fits::FitsLoadResult patch = fits::FitsLoader::load(patchPath, {});
    QVERIFY2(source.ok(), qPrintable(source.error));
    QVERIFY2(patch.ok(), qPrintable(patch.error));
    QCOMPARE(patch.image.width, box.widthPixels());
    QCOMPARE(patch.image.height, box.heightPixels());
    const QRectF wanted = skyBox(source.image, box.x0, box.y0, box.x1, box.y1);
    const QRectF got = skyBox(patch.image, 1, 1, patch.image.width, patch.image.height);
    // The issue asks for a pixel; the box's own pixels come back, so half a pixel catches an off-by-one.
    const double halfPixel = 0.5 * std::abs(source.image.cardNumber(QStringLiteral("CDELT1")));
    const QString said = QStringLiteral("box %1,%2 – %3,%4″; patch %5,%6 – %7,%8″; half a pixel is %9″")
                             .arg(wanted.left()).arg(wanted.top()).arg(wanted.right()).arg(wanted.bottom())
                             .arg(got.left()).arg(got.top()).arg(got.right()).arg(got.bottom()).arg(halfPixel);
    QVERIFY2(std::abs(got.left() - wanted.left()) <= halfPixel, qPrintable(said));
    QVERIFY2(std::abs(got.right() - wanted.right()) <= halfPixel, qPrintable(said));
    QVERIFY2(std::abs(got.top() - wanted.top()) <= halfPixel, qPrintable(said));
    QVERIFY2(std::abs(got.bottom() - wanted.bottom()) <= halfPixel, qPrintable(said));
    // And its centre is the box's centre as the readout said it.
    const QPointF mid = skyOf(patch.image, (patch.image.width + 1) / 2.0, (patch.image.height + 1) / 2.0);
    QVERIFY2(std::abs(mid.x() - box.centreTx) <= halfPixel && std::abs(mid.y() - box.centreTy) <= halfPixel, qPrintable(said));
}

QString TestCutoutExport::downloadPlain(const QString &recordSet)
{
    jsoc::ExportRequestOptions plain;
    plain.recordSet = recordSet;
    plain.notify = kEmail;
    plain.method = QStringLiteral("url");
    plain.protocol = QStringLiteral("fits");
    const qint64 plainId = m_exports->submit(plain, m_dir->filePath(QStringLiteral("plain")), true);
    if (plainId <= 0)
        return {};
    if (!QTest::qWaitFor([&] { return allDownloadsDone(plainId); }, 30000))
        return {};
    return downloadedFile(plainId);
}

void TestCutoutExport::fileOfUnknownOriginIsExportedByAGuessToCheck()
{
    const QString recordSet = QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/12s][171]{image}");
    const QString original = downloadPlain(recordSet);
    QVERIFY(!original.isEmpty());
    QCOMPARE(m_exports->recordSetOfFile(original), recordSet);
    // The same file elsewhere: no export of ours put it there.
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("elsewhere"))));
    const QString copy = m_dir->filePath(QStringLiteral("elsewhere/")) + QFileInfo(original).fileName();
    QVERIFY(QFile::copy(original, copy));
    QCOMPARE(m_exports->recordSetOfFile(copy), QString());

    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.resize(1300, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    connect(&window, &ui::FitsPreviewWindow::fieldOfViewExportRequested, m_exports.get(),
            [this, &window](const ui::FieldOfViewExport &request) { m_exports->openFieldOfViewExport(request, &window); });
    QSignalSpy loaded(window.preview(), &FitsPreviewWidget::loaded);
    window.openFile(copy);
    QVERIFY(loaded.wait(20000));
    FitsImageView *view = window.preview()->imageView();
    const QPoint from(view->width() / 2 - 40, view->height() / 2 - 30);
    QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(view, from + QPoint(50, 40));
    QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, from + QPoint(50, 40));
    QTest::mouseClick(window.preview()->cutoutPanel()->exportButton(), Qt::LeftButton);
    ui::ExportDialog *dialog = m_exports->dialog();
    QVERIFY(dialog);
    // The guess from the file's name and header, shown for the user to check: it names the one
    // record the file holds, as JSOC counts it.
    const QString tRec = window.preview()->image()->card(QStringLiteral("T_REC"));
    QCOMPARE(dialog->recordSetText(), QStringLiteral("aia.lev1_euv_12s[%1][171]").arg(tRec));
    QVERIFY2(dialog->windowTitle().contains(QStringLiteral("check the record set")), qPrintable(dialog->windowTitle()));
    QVERIFY(dialog->recordSetEdit()->textCursor().hasSelection());
    QTRY_COMPARE_WITH_TIMEOUT(dialog->recordCount(), qint64(1), 10000);
    QCOMPARE(dialog->stepEditor()->steps().first().name, QStringLiteral("im_patch"));
}

void TestCutoutExport::browserWiresItsFitsWindowsToTheExportDialog()
{
    // The application as it runs: the browser's own export queue downloads the record, its main
    // window opens the file, and the FITS window's button reaches the browser's export dialog.
    m_exports.reset();
    app::BrowserOptions options;
    options.cacheDirectory = m_dir->filePath(QStringLiteral("cache"));
    options.exportDirectory = m_dir->filePath(QStringLiteral("browser-exports"));
    options.retry.maxRetries = 0;
    app::BrowserController browser(m_sim->url(), options);
    jsoc::ExportPoller::Options po;
    po.pollInitialMs = 40;
    po.pollMaxMs = 150;
    browser.exports()->poller()->setOptions(po);
    browser.exports()->start();
    const QString recordSet = QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/45s]{magnetogram}");
    jsoc::ExportRequestOptions plain;
    plain.recordSet = recordSet;
    plain.notify = kEmail;
    plain.method = QStringLiteral("url");
    plain.protocol = QStringLiteral("fits");
    const qint64 plainId = browser.exports()->submit(plain, m_dir->filePath(QStringLiteral("plain")), true);
    QVERIFY(plainId > 0);
    auto done = [&] {
        const QList<jsoc::DownloadItem> items = browser.exports()->queue()->downloads(plainId);
        return items.size() == 1 && items.first().state == jsoc::DownloadItem::State::Done;
    };
    QTRY_VERIFY_WITH_TIMEOUT(done(), 30000);
    const QString path = browser.exports()->queue()->downloads(plainId).first().targetPath();

    ui::FitsPreviewWindow *window = browser.window()->openFitsFile(path);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    // Opened (and possibly already loaded) by the main window: wait for the image itself.
    QTRY_VERIFY_WITH_TIMEOUT(window->preview()->image() != nullptr, 20000);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    window->boxToolAction()->trigger(); // View ▸ Draw a box: a plain drag draws
    FitsImageView *view = window->preview()->imageView();
    const QPoint from(view->width() / 2 + 20, view->height() / 2 + 20);
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(view, from + QPoint(60, 45));
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, from + QPoint(60, 45));
    QVERIFY2(window->preview()->cutoutPanel()->exportButton()->isEnabled(), qPrintable(window->preview()->cutoutPanel()->text()));
    QTest::mouseClick(window->preview()->cutoutPanel()->exportButton(), Qt::LeftButton);
    ui::ExportDialog *dialog = browser.exports()->dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->recordSetText(), recordSet);
    QVERIFY(!dialog->windowTitle().contains(QStringLiteral("check the record set"))); // known, not guessed
    QCOMPARE(dialog->stepEditor()->steps().size(), 1);
    QCOMPARE(dialog->stepEditor()->steps().first().value(QStringLiteral("t_ref")),
             window->preview()->image()->card(QStringLiteral("T_OBS")));
    window->close();
}

QTEST_MAIN(TestCutoutExport)
#include "tst_cutoutexport.moc"
