// The instant look through the real record-set window against the simulator over loopback: a row
// clicked in the keyword table shows its record's image beside the table (fetched straight from
// SUMS, no export), with the WCS the row's keywords give; an offline row says "Export needed" in
// words; held arrow keys fetch only the row the user stops on (and the next ones ahead); the
// preferences (cache size, pane or FITS window) apply at once.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

#include "app/gui/BrowserController.h"
#include "app/gui/RecordSetController.h"
#include "model/common/Preferences.h"
#include "model/fits/SolarWcs.h"
#include "model/table/KeywordTableModel.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "app/gui/ExportController.h"
#include "ui/CutoutPanel.h"
#include "ui/ExportDialog.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/ProcessingStepEditor.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/MainWindow.h"
#include "ui/PreferencesDialog.h"
#include "ui/RecordLookPane.h"
#include "ui/RecordLookTarget.h"
#include "ui/RecordSetBuilder.h"
#include "ui/RecordSetWindow.h"
#include "ui/RowSettleTimer.h"
#include "ui/SeriesDetailView.h"

namespace {

constexpr int kTimeoutMs = 60000;
const QString kSeries = QStringLiteral("hmi.M_45s");
// 27 records of 45 s; the simulator keeps the storage unit of the last few on tape (offline).
const QString kRecordSet = QStringLiteral("hmi.M_45s[2012.01.01_01:00:00_TAI/20m]");
const QStringList kWcsKeywords = {QStringLiteral("CRPIX1"), QStringLiteral("CRPIX2"), QStringLiteral("CRVAL1"),
                                  QStringLiteral("CRVAL2"), QStringLiteral("CDELT1"), QStringLiteral("CROTA2"),
                                  QStringLiteral("RSUN_OBS"), QStringLiteral("T_OBS")};

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

double cell(const jsoc::KeywordTableModel &model, int viewRow, const QString &keyword)
{
    const int column = model.columnForName(keyword);
    return column < 0 ? std::nan("") : model.index(viewRow, column).data(jsoc::KeywordTableModel::RawTextRole).toString().toDouble();
}

bool isOnlineRow(const jsoc::KeywordTableModel &model, int viewRow)
{
    const jsoc::SegmentColumn &segment = model.table().segments.at(0);
    return segment.values.value(model.sourceRow(viewRow)).startsWith(QLatin1String("/SUM"));
}

} // namespace

class TestRecordLookPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(m_sim.listen());
        // Segment files as SUMS keeps them: structural cards only, so the header must be built
        // from the row's keywords (the real case the look exists for).
        m_sim.exportDesk()->options().bareSegmentFiles = true;
    }

    void init() { m_sim.clearFaults(); }
    void cleanup() { m_browser.reset(); }

    // The pure parts first: which segment, which record, which rows ahead.
    void segmentAndRecordOfARow()
    {
        jsoc::SeriesStructure sharp;
        sharp.name = QStringLiteral("hmi.sharp_720s");
        sharp.segments = {{QStringLiteral("magnetogram"), {}, {}, QStringLiteral("fits"), QStringLiteral("VARxVAR"), {}},
                          {QStringLiteral("bitmap"), {}, {}, QStringLiteral("fits"), QStringLiteral("VARxVAR"), {}}};
        ui::LookSegments segments = ui::lookSegments(sharp, QStringLiteral("hmi.sharp_720s[377]"));
        QCOMPARE(segments.names, (QStringList{QStringLiteral("magnetogram"), QStringLiteral("bitmap")}));
        QCOMPARE(segments.current, QStringLiteral("magnetogram"));
        // The record set's own {seg} wins.
        segments = ui::lookSegments(sharp, QStringLiteral("hmi.sharp_720s[377]{bitmap}"));
        QCOMPARE(segments.names, QStringList{QStringLiteral("bitmap")});
        QCOMPARE(segments.current, QStringLiteral("bitmap"));
        // A series whose first segment is no image: the first image segment is shown first.
        jsoc::SeriesStructure mixed;
        mixed.name = QStringLiteral("su_x.mixed");
        mixed.segments = {{QStringLiteral("log"), {}, {}, QStringLiteral("generic"), {}, {}},
                          {QStringLiteral("profile"), {}, {}, QStringLiteral("fits"), QStringLiteral("512"), {}},
                          {QStringLiteral("image"), {}, {}, QStringLiteral("link via lev1"), {}, {}}};
        segments = ui::lookSegments(mixed, mixed.name);
        QCOMPARE(segments.current, QStringLiteral("image"));
        QVERIFY(!ui::isImageSegment(mixed.segments.at(0)));
        QVERIFY(!ui::isImageSegment(mixed.segments.at(1))); // one dimension: a profile, not an image

        jsoc::SeriesStructure hmi;
        hmi.name = kSeries;
        hmi.primeKeys = {QStringLiteral("T_REC"), QStringLiteral("CAMERA")};
        jsoc::RecordTable table;
        table.keywords.resize(2);
        table.keywords[0].name = QStringLiteral("T_REC");
        table.keywords[0].values.append("2012.01.01_00:00:45_TAI");
        table.keywords[0].values.append("MISSING");
        table.keywords[1].name = QStringLiteral("CAMERA");
        table.keywords[1].values.append("2");
        table.keywords[1].values.append("2");
        QCOMPARE(ui::recordSpecForRow(hmi, table, 0), QStringLiteral("hmi.M_45s[2012.01.01_00:00:45_TAI][2]"));
        QString why;
        QVERIFY(ui::recordSpecForRow(hmi, table, 1, &why).isEmpty());
        QVERIFY2(why.contains(QStringLiteral("MISSING")), qPrintable(why));
    }

    void settleTimerNamesRowsAheadInTheDirectionOfTravel()
    {
        ui::RowSettleTimer settle;
        settle.setSettleMs(20);
        QSignalSpy settled(&settle, &ui::RowSettleTimer::settled);
        for (int row = 3; row <= 6; ++row)
            settle.moveTo(row, 8);
        QVERIFY(settled.wait(kTimeoutMs));
        QCOMPARE(settled.size(), 1); // four moves, one settled row
        QCOMPARE(settled.at(0).at(0).toInt(), 6);
        QCOMPARE(settled.at(0).at(1).value<QList<int>>(), (QList<int>{7})); // the table ends after row 7
        settle.moveTo(5, 8);
        settle.moveTo(4, 8);
        QVERIFY(settled.wait(kTimeoutMs));
        QCOMPARE(settled.at(1).at(0).toInt(), 4);
        QCOMPARE(settled.at(1).at(1).value<QList<int>>(), (QList<int>{3, 2})); // paging up
        QCOMPARE(settle.aheadOf(5), (QList<int>{4, 3})); // what a click on row 5 would fetch ahead now
        settle.moveTo(1, 8);
        settle.stop(); // a click looked at it already
        QVERIFY(!settled.wait(100));
        QCOMPARE(settle.direction(), -1); // kept for the next move
        settle.moveTo(1, 8);
        settle.reset(); // a new table: nothing comes of the old row
        QVERIFY(!settle.isWaiting());
        QVERIFY(!settled.wait(100));
    }

    void clickedRowShowsItsImageWithTheRowsWcs()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openFetched(cache.path());
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        jsoc::KeywordTableModel *model = rs->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::RecordLookPane *pane = window->lookPane();
        QVERIFY(pane->isVisible());
        QCOMPARE(pane->segment(), QStringLiteral("magnetogram"));
        QVERIFY2(pane->messageText().contains(QStringLiteral("Select a row")), qPrintable(pane->messageText()));

        int row = -1; // an online row a little down the table (the screenshot shows it selected)
        for (int r = std::min(3, model->rowCount() - 1); r < model->rowCount() && row < 0; ++r) {
            if (isOnlineRow(*model, r))
                row = r;
        }
        QVERIFY2(row >= 0, "the record set has no online record");
        const QString spec = window->recordSpecAt(row);
        QVERIFY(spec.startsWith(kSeries + QStringLiteral("[")));

        QSignalSpy shown(pane, &ui::RecordLookPane::imageShown);
        const int rsListBefore = m_sim.requestCount(QStringLiteral("op=rs_list"));
        const int specAskedBefore = m_sim.requestCount(spec);
        QSignalSpy prefetched(rs->recordLook(), &app::RecordLook::prefetched);
        QElapsedTimer clock;
        clock.start();
        clickRow(window, row);
        QVERIFY2(shown.wait(kTimeoutMs), qPrintable(pane->messageText() + pane->noteText()));
        // Cold: the in-process simulator makes the file on this same thread, so this is no GUI figure.
        qInfo("row clicked → image on screen, cold cache: %lld ms (%d² file made by the in-process simulator)",
              clock.elapsed(), pane->preview()->image() ? pane->preview()->image()->width : 0);
        QCOMPARE(pane->recordSpec(), spec);
        QVERIFY(pane->isShowingImage());
        screenshot(window, QStringLiteral("recordset-look"));
        QVERIFY(m_sim.requestCount(spec) > specAskedBefore); // asked for this record …
        QVERIFY(m_sim.requestCount(QStringLiteral("op=rs_list")) > rsListBefore);
        QVERIFY(m_sim.requestCount(QStringLiteral("/SUM")) >= 1); // … and its file came from SUMS

        // The header view's cards come from the record's keywords, and it says so.
        QVERIFY2(pane->noteText().contains(QStringLiteral("keywords")), qPrintable(pane->noteText()));
        const fits::FitsImage *image = pane->preview()->image();
        QVERIFY(image);
        bool saysBuilt = false;
        for (const fits::FitsHduInfo &hdu : image->hdus) {
            for (const fits::FitsCard &card : hdu.cards) {
                if (card.key == QLatin1String("COMMENT") && card.comment.contains(QStringLiteral("keywords")))
                    saysBuilt = true;
            }
        }
        QVERIFY2(saysBuilt, "no COMMENT card says where the header came from");

        // The image's WCS is the row's: the reference pixel maps to CRVAL, one pixel is CDELT, and
        // the disk centre lies within a pixel of CRPIX (SDO points at the Sun's centre).
        const fits::SolarWcs wcs(*image);
        QVERIFY2(wcs.isValid(), qPrintable(wcs.error()));
        const double crpix1 = cell(*model, row, QStringLiteral("CRPIX1"));
        const double crpix2 = cell(*model, row, QStringLiteral("CRPIX2"));
        const double cdelt = cell(*model, row, QStringLiteral("CDELT1"));
        const fits::WorldCoordinate ref = wcs.pixelToWorld(crpix1 - 1.0, crpix2 - 1.0); // FITS pixels are 1-based
        QVERIFY(ref.valid && ref.helioprojective);
        QVERIFY2(std::abs(ref.lon - cell(*model, row, QStringLiteral("CRVAL1"))) < 1e-3, qPrintable(ref.text()));
        QVERIFY2(std::abs(ref.lat - cell(*model, row, QStringLiteral("CRVAL2"))) < 1e-3, qPrintable(ref.text()));
        QVERIFY2(std::hypot(ref.lon, ref.lat) < cdelt, qPrintable(ref.text()));
        const fits::WorldCoordinate next = wcs.pixelToWorld(crpix1, crpix2 - 1.0);
        QVERIFY(std::abs(std::hypot(next.lon - ref.lon, next.lat - ref.lat) - cdelt) < 1e-4);
        // The solar radius the readout uses is the row's RSUN_OBS.
        QVERIFY(std::abs(wcs.solarRadiusArcsec() - cell(*model, row, QStringLiteral("RSUN_OBS"))) < 1e-3);

        // The next row was fetched ahead: it appears without a transfer. How long the GUI thread
        // is kept from its events meanwhile (decoding runs on the pool) is the longest gap between
        // the ticks of a 5 ms timer; with no prefetch now, the simulator makes no file meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(prefetched.size() >= 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!rs->recordLook()->isBusy(), kTimeoutMs); // the simulator rests meanwhile
        QVERIFY(isOnlineRow(*model, row + 1));
        window->rowSettle()->setAhead(0);
        QElapsedTimer tick;
        qint64 longestStall = 0;
        QTimer ticker;
        ticker.setInterval(5);
        int ticks = 0;
        connect(&ticker, &QTimer::timeout, this, [&] {
            longestStall = std::max(longestStall, tick.restart());
            ++ticks;
        });
        const int filesBefore = m_sim.requestCount(QStringLiteral("/SUM"));
        shown.clear();
        clock.start();
        tick.start();
        ticker.start();
        clickRow(window, row + 1);
        QVERIFY(shown.wait(kTimeoutMs));
        const qint64 onScreen = clock.elapsed();
        const int ticksAtShown = ticks;
        QTRY_VERIFY(ticks > ticksAtShown); // a tick after the image was drawn closes the last gap
        ticker.stop();
        QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), filesBefore);
        QCOMPARE(pane->recordSpec(), window->recordSpecAt(row + 1));
        qInfo("next row (fetched ahead) clicked → image on screen: %lld ms; longest GUI-thread stall %lld ms",
              onScreen, longestStall);
        window->rowSettle()->setAhead(ui::RowSettleTimer::kDefaultAhead);

    }

    void cutoutOnTheImageExportsThatFieldOverTheRecordSet()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openFetched(cache.path());
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        jsoc::KeywordTableModel *model = rs->model();
        int row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            if (isOnlineRow(*model, r))
                row = r;
        }
        QVERIFY(row >= 0);
        ui::RecordLookPane *pane = window->lookPane();
        QSignalSpy shown(pane, &ui::RecordLookPane::imageShown);
        clickRow(window, row);
        QVERIFY(shown.wait(kTimeoutMs));

        // A box near the disk centre, drawn with Shift+drag on the pane's image.
        FitsImageView *view = pane->preview()->imageView();
        const QPoint from(view->width() / 2 - 30, view->height() / 2 - 20);
        const QPoint to = from + QPoint(45, 35);
        QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(view, to);
        QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, to);
        ui::CutoutPanel *panel = pane->preview()->cutoutPanel();
        QVERIFY2(panel->exportButton()->isEnabled(), qPrintable(panel->text()));
        QTest::mouseClick(panel->exportButton(), Qt::LeftButton);

        // The dialog is for the record set the table shows, with an im_patch step whose reference
        // time is the T_OBS of the row the box was drawn on (from the header built from its keywords).
        ui::ExportDialog *dialog = m_browser->exports()->dialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->recordSetText(), kRecordSet);
        const QList<jsoc::ProcessingStep> steps = dialog->stepEditor()->steps();
        QCOMPARE(steps.size(), 1);
        QCOMPARE(steps.first().name, QStringLiteral("im_patch"));
        const QString tObs = model->index(row, model->columnForName(QStringLiteral("T_OBS"))).data(
            jsoc::KeywordTableModel::RawTextRole).toString();
        QVERIFY(!tObs.isEmpty());
        QCOMPARE(steps.first().value(QStringLiteral("t_ref")), tObs);
        dialog->close();
    }

    void aSegmentBoxWhenTheRecordSetOffersSeveral()
    {
        QTemporaryDir cache;
        const QString series = QStringLiteral("hmi.sharp_720s");
        app::RecordSetController *rs =
            openFetched(cache.path(), series, series + QStringLiteral("[377][2011.02.15_00:00:00_TAI/1h]{magnetogram,bitmap}"),
                        {QStringLiteral("T_OBS")}, {});
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        ui::RecordLookPane *pane = window->lookPane();
        auto *box = pane->findChild<QComboBox *>(QStringLiteral("lookSegmentBox"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(pane->segments(), (QStringList{QStringLiteral("magnetogram"), QStringLiteral("bitmap")}));
        QCOMPARE(pane->segment(), QStringLiteral("magnetogram"));

        QSignalSpy shown(pane, &ui::RecordLookPane::imageShown);
        clickRow(window, 0);
        QVERIFY2(shown.wait(kTimeoutMs), qPrintable(pane->messageText()));
        const QString magnetogram = pane->preview()->currentFile();
        // Another segment of the same record, at once (no settling: the row did not move).
        const int bitmapsBefore = m_sim.requestCount(QStringLiteral("seg=bitmap"));
        shown.clear();
        box->setCurrentText(QStringLiteral("bitmap"));
        QVERIFY2(shown.wait(kTimeoutMs), qPrintable(pane->messageText()));
        QVERIFY(m_sim.requestCount(QStringLiteral("seg=bitmap")) > bitmapsBefore);
        QVERIFY(pane->preview()->currentFile() != magnetogram);
        QCOMPARE(pane->recordSpec(), window->recordSpecAt(0));
    }

    void aSegmentThatIsNoImageNeedsAnExport()
    {
        QTemporaryDir cache;
        const QString series = QStringLiteral("hmi.v_sht_modes");
        app::RecordSetController *rs =
            openFetched(cache.path(), series, series + QStringLiteral("[2010.04.30_00:00:00_TAI]"), {}, {});
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        ui::RecordLookPane *pane = window->lookPane();
        QVERIFY(!pane->segment().isEmpty());
        const int filesBefore = m_sim.requestCount(QStringLiteral("/SUM"));
        QSignalSpy answered(rs, &app::RecordSetController::lookAnswered);
        clickRow(window, 0);
        QVERIFY(answered.wait(kTimeoutMs));
        QVERIFY(!pane->isShowingImage());
        QVERIFY2(pane->messageText().startsWith(QStringLiteral("Export needed")), qPrintable(pane->messageText()));
        QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), filesBefore); // told from its name, not fetched
    }

    // The figure the issue asks for: a click on a row of 1024² Rice files to its image on screen,
    // the file made by the simulator beforehand (as a real SUMS file already exists).
    void clickToImageOfA1024File()
    {
        QTemporaryDir cache;
        const QString series = QStringLiteral("mdi.fd_M_96m_lev182");
        app::RecordSetController *rs = openFetched(cache.path(), series,
                                                   series + QStringLiteral("[2010.10.01_00:00:00_TAI/2d]"), {},
                                                   {QStringLiteral("data")});
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        jsoc::KeywordTableModel *model = rs->model();
        window->rowSettle()->setAhead(0); // each click fetches its own file, nothing more
        QList<int> rows;
        QNetworkAccessManager nam;
        for (int r = 0; r < model->rowCount() && rows.size() < 7; ++r) {
            const QString path = model->table().segments.at(0).values.value(model->sourceRow(r));
            if (!path.startsWith(QLatin1String("/SUM")))
                continue;
            std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(m_sim.url().resolved(QUrl(path)))));
            QSignalSpy done(reply.get(), &QNetworkReply::finished);
            QVERIFY(done.wait(kTimeoutMs));
            rows.append(r);
        }
        QVERIFY(rows.size() >= 3);
        ui::RecordLookPane *pane = window->lookPane();
        QSignalSpy shown(pane, &ui::RecordLookPane::imageShown);
        QSignalSpy looked(rs->recordLook(), &app::RecordLook::shown);
        std::vector<qint64> times;
        // The longest the GUI thread went without handling its events (5 ms ticks), image drawn included.
        QElapsedTimer tick;
        qint64 longestStall = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&] {
            longestStall = std::max(longestStall, tick.restart());
            ++ticks;
        });
        for (const int r : std::as_const(rows)) {
            shown.clear();
            QElapsedTimer clock;
            clock.start();
            tick.start();
            ticker.start();
            clickRow(window, r);
            QVERIFY2(shown.wait(kTimeoutMs), qPrintable(pane->messageText()));
            times.push_back(clock.elapsed());
            const int ticksAtShown = ticks;
            QTRY_VERIFY(ticks > ticksAtShown);
            ticker.stop();
            QCOMPARE(pane->recordSpec(), window->recordSpecAt(r));
            QCOMPARE(pane->preview()->image()->width, 1024);
            QVERIFY(!looked.last().at(0).value<app::RecordLookResult>().fromCache); // fetched, not cached
        }
        std::sort(times.begin(), times.end());
        qInfo("click → 1024² Rice image on screen through the record-set window (%zu rows, file made beforehand, "
              "client cache cold): median %lld ms, max %lld ms (issue's target 300 ms); longest GUI-thread stall "
              "%lld ms",
              times.size(), times[times.size() / 2], times.back(), longestStall);
    }

    void offlineRowSaysExportNeeded()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openFetched(cache.path());
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        jsoc::KeywordTableModel *model = rs->model();
        int row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            if (!isOnlineRow(*model, r))
                row = r;
        }
        QVERIFY2(row >= 0, "the record set has no offline record");
        const int filesBefore = m_sim.requestCount(QStringLiteral("/SUM"));
        QSignalSpy answered(rs, &app::RecordSetController::lookAnswered);
        clickRow(window, row);
        QVERIFY(answered.wait(kTimeoutMs));
        ui::RecordLookPane *pane = window->lookPane();
        QCOMPARE(pane->recordSpec(), window->recordSpecAt(row));
        QVERIFY(!pane->isShowingImage());
        QVERIFY2(pane->messageText().startsWith(QStringLiteral("Export needed")), qPrintable(pane->messageText()));
        QVERIFY2(pane->messageText().contains(QStringLiteral("offline")), qPrintable(pane->messageText()));
        QCOMPARE(m_sim.requestCount(QStringLiteral("/SUM")), filesBefore); // no file asked for
    }

    void heldArrowKeysFetchOnlyTheRowStoppedOn()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openFetched(cache.path());
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        jsoc::KeywordTableModel *model = rs->model();
        // Ten online rows in a row, and two more after them for the prefetch.
        int first = -1;
        for (int r = 0; r + 12 < model->rowCount() && first < 0; ++r) {
            bool online = true;
            for (int i = 0; i <= 12 && online; ++i)
                online = isOnlineRow(*model, r + i);
            if (online)
                first = r;
        }
        QVERIFY2(first >= 0, "no run of 13 online rows in the record set");
        QSignalSpy answered(rs, &app::RecordSetController::lookAnswered);
        QSignalSpy prefetched(rs->recordLook(), &app::RecordLook::prefetched);
        clickRow(window, first);
        QVERIFY(answered.wait(kTimeoutMs));
        // The click's own two rows ahead come first, so that what follows is counted alone.
        QTRY_COMPARE_WITH_TIMEOUT(prefetched.size(), 2, kTimeoutMs);
        QSet<int> asked{first, first + 1, first + 2};

        ui::RowSettleTimer *settle = window->rowSettle();
        QSignalSpy settled(settle, &ui::RowSettleTimer::settled);
        answered.clear();
        const int rsListBefore = m_sim.requestCount(QStringLiteral("op=rs_list"));
        const int filesBefore = m_sim.requestCount(QStringLiteral("/SUM"));
        QHash<int, int> countBefore; // the simulator counts for the whole test run
        for (int r = first; r <= first + 12; ++r)
            countBefore[r] = m_sim.requestCount(window->recordSpecAt(r));
        QTableView *table = window->table();
        table->setFocus();
        // Key repeat at about 30 per second, as a held key gives.
        QElapsedTimer gap;
        qint64 longestGap = 0;
        gap.start();
        for (int i = 0; i < 10; ++i) {
            QTest::keyClick(table, Qt::Key_Down, Qt::NoModifier, 30);
            longestGap = std::max(longestGap, gap.restart());
        }
        const int stop = first + 10;
        QCOMPARE(table->currentIndex().row(), stop);
        const QString stopSpec = window->recordSpecAt(stop);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty() && answered.last().at(0).toString() == stopSpec, kTimeoutMs);
        QVERIFY(window->lookPane()->isShowingImage() || !window->lookPane()->messageText().isEmpty());
        // The two rows below are fetched ahead (rs_list for each, then its file).
        const QString ahead1 = window->recordSpecAt(stop + 1);
        const QString ahead2 = window->recordSpecAt(stop + 2);
        QTRY_VERIFY_WITH_TIMEOUT(m_sim.requestCount(ahead1) > countBefore.value(stop + 1)
                                     && m_sim.requestCount(ahead2) > countBefore.value(stop + 2),
                                 kTimeoutMs);

        // Rows passed over were never asked for, unless the machine stalled so long that one settled.
        for (const QList<QVariant> &s : std::as_const(settled)) {
            asked.insert(s.at(0).toInt());
            for (const int r : s.at(1).value<QList<int>>())
                asked.insert(r);
        }
        for (int r = first + 1; r < stop; ++r) {
            if (!asked.contains(r))
                QVERIFY2(m_sim.requestCount(window->recordSpecAt(r)) == countBefore.value(r),
                         qPrintable(window->recordSpecAt(r)));
        }
        if (longestGap < settle->settleMs()) {
            QCOMPARE(settled.size(), 1); // every key came before the row could settle
            QCOMPARE(m_sim.requestCount(QStringLiteral("op=rs_list")) - rsListBefore, 3); // the row and two ahead
            QVERIFY(m_sim.requestCount(QStringLiteral("/SUM")) - filesBefore <= 3);
        } else {
            qInfo("a key came %lld ms after the one before (settle %d ms): only the weaker check holds", longestGap,
                  settle->settleMs());
            for (const QList<QVariant> &s : std::as_const(settled))
                qInfo() << "settled on" << s.at(0).toInt() << "ahead" << s.at(1).value<QList<int>>();
        }

        // Moving on onto a row fetched ahead needs no file transfer: it comes from the cache.
        app::RecordLook *look = rs->recordLook();
        QSignalSpy fromLook(look, &app::RecordLook::shown);
        answered.clear();
        QTest::keyClick(table, Qt::Key_Down);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty() && answered.last().at(0).toString() == ahead1, kTimeoutMs);
        QVERIFY(!fromLook.isEmpty());
        QVERIFY(fromLook.last().at(0).value<app::RecordLookResult>().fromCache);
        QVERIFY(look->cacheBytes() > 0);
    }

    void preferencesApplyAtOnce()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openFetched(cache.path());
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        jsoc::KeywordTableModel *model = rs->model();
        QVERIFY(window->lookPane()->isVisible());

        ui::MainWindow *main = m_browser->window();
        main->openPreferences();
        auto *dialog = main->findChild<ui::PreferencesDialog *>();
        QVERIFY(dialog);
        dialog->lookCacheEdit()->setValue(64);
        dialog->lookPlaceBox()->setCurrentIndex(
            dialog->lookPlaceBox()->findData(int(jsoc::Preferences::LookPlace::FitsWindow)));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

        // Saved, and applied to the open window without reopening it.
        const jsoc::Preferences saved = jsoc::Preferences::load(QSettings());
        QCOMPARE(saved.lookCacheLimitMegabytes, 64);
        QCOMPARE(saved.lookPlace, jsoc::Preferences::LookPlace::FitsWindow);
        QCOMPARE(rs->recordLook()->cacheLimit(), qint64(64) * 1024 * 1024);
        QCOMPARE(window->lookPlace(), jsoc::Preferences::LookPlace::FitsWindow);
        QVERIFY(!window->lookPane()->isVisible());

        // The selected row's image now opens in one FITS window, reused row after row.
        int row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            if (isOnlineRow(*model, r))
                row = r;
        }
        QVERIFY(row >= 0);
        QSignalSpy answered(rs, &app::RecordSetController::lookAnswered);
        clickRow(window, row);
        QVERIFY(answered.wait(kTimeoutMs));
        QVERIFY(window->lookWindow());
        QTRY_VERIFY_WITH_TIMEOUT(window->lookWindow()->preview()->image() != nullptr, kTimeoutMs);
        QVERIFY2(window->lookWindow()->windowTitle().startsWith(window->recordSpecAt(row)),
                 qPrintable(window->lookWindow()->windowTitle()));
        QPointer<ui::FitsPreviewWindow> first = window->lookWindow();
        int other = -1;
        for (int r = row + 1; r < model->rowCount() && other < 0; ++r) {
            if (isOnlineRow(*model, r))
                other = r;
        }
        QVERIFY(other >= 0);
        answered.clear();
        clickRow(window, other);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty() && answered.last().at(0).toString() == window->recordSpecAt(other),
                                 kTimeoutMs);
        QCOMPARE(window->lookWindow(), first.data());
        QVERIFY(first->windowTitle().startsWith(window->recordSpecAt(other)));
        // An offline row: the words in the status bar, and the FITS window says its image is older.
        int offline = -1;
        for (int r = 0; r < model->rowCount() && offline < 0; ++r) {
            if (!isOnlineRow(*model, r))
                offline = r;
        }
        QVERIFY(offline >= 0);
        answered.clear();
        clickRow(window, offline);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty() && answered.last().at(0).toString() == window->recordSpecAt(offline),
                                 kTimeoutMs);
        QVERIFY2(window->statusText().startsWith(QStringLiteral("Export needed")), qPrintable(window->statusText()));
        QVERIFY2(first->windowTitle().contains(QStringLiteral("no image")), qPrintable(first->windowTitle()));

        // Back to the pane; and the Image action turns the look off (nothing more is fetched).
        rs->applyPreferences(jsoc::Preferences::load(QSettings())); // unchanged: still the FITS window
        QVERIFY(!window->lookPane()->isVisible());
        jsoc::Preferences pane = saved;
        pane.lookPlace = jsoc::Preferences::LookPlace::Pane;
        rs->applyPreferences(pane);
        QVERIFY(window->lookPane()->isVisible());
        window->lookAction()->setChecked(false);
        QVERIFY(!window->lookPane()->isVisible());
        int unasked = -1; // a row whose record nothing has asked for yet
        for (int r = 0; r < model->rowCount() && unasked < 0; ++r) {
            if (m_sim.requestCount(window->recordSpecAt(r)) == 0)
                unasked = r;
        }
        QVERIFY(unasked >= 0);
        answered.clear();
        clickRow(window, unasked);
        QVERIFY(!window->rowSettle()->isWaiting());
        QVERIFY(!answered.wait(2 * ui::RowSettleTimer::kDefaultSettleMs + 200));
        QCOMPARE(m_sim.requestCount(window->recordSpecAt(unasked)), 0);
        window->lookAction()->setChecked(true); // remembered for the next window; leave it on
    }

private:
    void clickRow(ui::RecordSetWindow *window, int row)
    {
        QTableView *table = window->table();
        table->scrollTo(table->model()->index(row, 0));
        const QRect rect = table->visualRect(table->model()->index(row, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
    }

    // A record-set window over kRecordSet with the WCS keywords and the segment column, fetched.
    app::RecordSetController *openFetched(const QString &cacheDir)
    {
        app::RecordSetController *rs =
            openFetched(cacheDir, kSeries, kRecordSet, kWcsKeywords, {QStringLiteral("magnetogram")});
        return rs && rs->model()->rowCount() == 27 ? rs : nullptr;
    }

    // A record-set window over `recordSet` with these keyword and segment columns, fetched.
    app::RecordSetController *openFetched(const QString &cacheDir, const QString &series, const QString &recordSet,
                                          const QStringList &keywords, const QStringList &segments)
    {
        app::BrowserOptions options;
        options.cacheDirectory = cacheDir;
        options.exportDirectory = cacheDir + QStringLiteral("/exports");
        options.retry.maxRetries = 0;
        options.transferTimeoutMs = 25000;
        m_browser = std::make_unique<app::BrowserController>(m_sim.url(), options);
        m_browser->openSeries(series);
        ui::SeriesDetailView *detail = m_browser->window()->detail();
        if (!QTest::qWaitFor([&] { return detail->state() == ui::SeriesDetailView::State::Structure; }, kTimeoutMs))
            return nullptr;
        detail->queryButton()->click();
        const QList<app::RecordSetController *> open = m_browser->recordSets();
        if (open.isEmpty())
            return nullptr;
        app::RecordSetController *rs = open.last();
        rs->setLookCacheDirectory(cacheDir + QStringLiteral("/record-images"));
        ui::RecordSetWindow *window = rs->window();
        window->resize(1440, 960); // room for the image's header cards in the screenshot
        window->setChosenColumns(keywords, segments, false);
        window->builder()->setRecordSetText(recordSet);
        if (!QTest::qWaitFor([&] { return window->fetchAction()->isEnabled(); }, kTimeoutMs))
            return nullptr;
        QSignalSpy ended(rs, &app::RecordSetController::loadEnded);
        window->fetchAction()->trigger();
        if (!ended.wait(kTimeoutMs) || rs->model()->rowCount() == 0)
            return nullptr;
        if (!QTest::qWaitForWindowExposed(window))
            return nullptr;
        return rs;
    }

    QTemporaryDir m_settingsDir;
    sim::JsocSimulator m_sim;
    std::unique_ptr<app::BrowserController> m_browser;
};

QTEST_MAIN(TestRecordLookPane)
#include "tst_recordlookpane.moc"
