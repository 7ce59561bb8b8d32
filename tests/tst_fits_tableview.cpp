// The FITS window on files that are not (only) images: a table-only file opens on its table with
// its words ("binary table, 3 columns × 128 rows"), a light-curve table plots a column against
// UTC, and a file of several HDUs gets a chooser that switches between tables and images.
// Files from tests/support/FitsCorpus, written with cfitsio.
#include "model/fits/FitsTableModel.h"
#include "support/FitsCorpus.h"
#include "ui/FitsHeaderView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/FitsTableView.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

using namespace testsupport;

class TestFitsTableView final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tableOnlyFileOpensOnItsTable();
    void lightCurvePlotsAgainstUtc();
    void chooserSwitchesBetweenTableAndImage();
    void gzipImageOpens();

private:
    QString at(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestFitsTableView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString failure = writeFitsCorpus(m_dir.path());
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestFitsTableView::tableOnlyFileOpensOnItsTable()
{
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.show();
    QSignalSpy shown(&window, &ui::FitsPreviewWindow::tableShown);
    window.openFile(at(corpus::kBinaryTable));
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown.first().first().toInt(), 1);
    QVERIFY(window.showsTable());
    QVERIFY2(window.tableView()->summaryText().contains(QStringLiteral("binary table, 3 columns × 128 rows")),
             qPrintable(window.tableView()->summaryText()));
    QTRY_VERIFY2(window.statusText().contains(QStringLiteral("binary table, 3 columns × 128 rows")), qPrintable(window.statusText()));
    // Its header cards beside it.
    QCOMPARE(window.tableHeader()->shownValue(QStringLiteral("TTYPE2")), QStringLiteral("COUNTS"));
    QAbstractItemModel *model = window.tableView()->tableView()->model();
    QCOMPARE(model->rowCount(), 128);
    QCOMPARE(model->index(127, 2).data().toString(), QStringLiteral("row127"));
    // No time column: no light curve offered.
    QVERIFY(!window.tableView()->time().found());
    QVERIFY(window.hduChooserOffered()); // HDU 0 (empty) and the table
    QVERIFY(!window.tableView()->curveChooser()->isVisibleTo(&window));
    // The preview's own "No image data" does not replace the table's words.
    QTest::qWait(0);
    QVERIFY2(!window.statusText().startsWith(QStringLiteral("No image")), qPrintable(window.statusText()));
}

void TestFitsTableView::lightCurvePlotsAgainstUtc()
{
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.show();
    QSignalSpy shown(&window, &ui::FitsPreviewWindow::tableShown);
    window.openFile(at(corpus::kGoesCurve));
    QVERIFY(shown.wait(10000));
    ui::FitsTableView *view = window.tableView();
    QVERIFY(view->time().found());
    QCOMPARE(view->curveChooser()->count(), 2); // FLUX[0], FLUX[1]
    QCOMPARE(view->plottedCurve(), QStringLiteral("FLUX[0] [W/m2]"));
    QCOMPARE(view->plottedPoints(), kCurveRows);
    QCPGraph *graph = view->plot()->graph(0);
    QVERIFY(graph);
    // 2011-02-15T01:50:00 UTC is Unix time 1297734600; the flare peaks 100 rows (200 s) later.
    QCOMPARE(graph->data()->at(0)->key, 1297734600.0);
    QCOMPARE(graph->data()->at(100)->key, 1297734600.0 + 200.0);
    QCOMPARE(float(graph->data()->at(100)->value), float(curveFlux(100)));
    QCOMPARE(view->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic); // 1e-6 to 1e-4
    view->curveChooser()->setCurrentIndex(1);
    QCOMPARE(view->plottedCurve(), QStringLiteral("FLUX[1] [W/m2]"));
    QCOMPARE(float(view->plot()->graph(0)->data()->at(100)->value), float(curveFlux(100) * 0.1));
    // The README's picture (resources/screenshots/fits-table.png), when asked for.
    if (const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR"); !dir.isEmpty()) {
        view->curveChooser()->setCurrentIndex(0);
        window.resize(1100, 760);
        QTest::qWait(50); // let the layout settle before the grab (a picture, not a synchronisation)
        view->plot()->replot();
        QVERIFY(window.grab().save(dir + QStringLiteral("/fits-table.png")));
    }
}

void TestFitsTableView::chooserSwitchesBetweenTableAndImage()
{
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.show();
    QSignalSpy listed(&window, &ui::FitsPreviewWindow::hdusListed);
    QSignalSpy loaded(window.preview(), &FitsPreviewWidget::loaded);
    window.openFile(at(corpus::kImageAfterTable));
    QVERIFY(listed.wait(10000));
    QCOMPARE(listed.first().first().toInt(), 3);
    QCOMPARE(window.hduChooser()->count(), 3);
    QCOMPARE(window.hduChooser()->currentIndex(), 2); // the image
    QVERIFY(window.hduChooserOffered());
    QVERIFY(loaded.count() > 0 || loaded.wait(10000));
    QVERIFY(!window.showsTable());
    QCOMPARE(window.preview()->image()->hduIndex, 2);

    QSignalSpy shown(&window, &ui::FitsPreviewWindow::tableShown);
    window.hduChooser()->setCurrentIndex(1);
    emit window.hduChooser()->activated(1);
    QVERIFY(shown.wait(10000));
    QVERIFY(window.showsTable());
    QCOMPARE(window.tableView()->tableView()->model()->rowCount(), 5);

    loaded.clear();
    window.hduChooser()->setCurrentIndex(2);
    emit window.hduChooser()->activated(2);
    QVERIFY(loaded.wait(10000));
    QVERIFY(!window.showsTable());
    QCOMPARE(window.preview()->image()->hduIndex, 2);
}

void TestFitsTableView::gzipImageOpens()
{
    ui::FitsPreviewWindow window;
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    QSignalSpy loaded(window.preview(), &FitsPreviewWidget::loaded);
    window.openFile(at(corpus::kGzip));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(window.preview()->image()->width, kCorpusWidth);
    QCOMPARE(window.preview()->image()->pixels[7 * kCorpusWidth + 11], float(corpusPixel(11, 7)));
}

QTEST_MAIN(TestFitsTableView)
#include "tst_fits_tableview.moc"
