// "Same field in other series…" (issue 16, item 4): one box drawn on one frame becomes one job of
// im_patch exports over several series. The planner (record sets per series, units, refusals in
// words), the queue's schema 3 (jobs) and its upgrade from a version-2 file, the job as one group
// in the exports window (under QAbstractItemModelTester), and end to end over loopback: a box on an
// AIA 171 frame → the dialog → AIA 171, AIA 193 and HMI M 45s queued as one job → the requests
// reach the simulator strictly one at a time (it never answers status 7) → every file lands in the
// one folder under its own name → each patch's own WCS covers the box's helioprojective field
// within a pixel of that instrument's scale.
#include "app/gui/ExportController.h"
#include "model/drms/DrmsTime.h"
#include "model/exports/DownloadQueueModel.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportQueueModel.h"
#include "model/exports/ProcessingSteps.h"
#include "model/exports/SameFieldPlan.h"
#include "model/fits/CutoutGeometry.h"
#include "model/fits/FitsLoader.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "ui/CutoutPanel.h"
#include "ui/ExportsWindow.h"
#include "ui/FitsImageView.h"
#include "ui/FitsPreviewWidget.h"
#include "ui/FitsPreviewWindow.h"
#include "ui/SameFieldDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDateTimeEdit>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

constexpr double kSameFieldPi = 3.14159265358979323846;
const QString kJobEmail = QStringLiteral("samefield@example.org");

// The sky (helioprojective arcsec) a header puts at FITS pixel (p1, p2): SDO's linear CROTA2 WCS.
QPointF skyAt(const fits::FitsImage &im, double p1, double p2)
{
    const double a = im.cardNumber(QStringLiteral("CROTA2"), 0.0) * kSameFieldPi / 180, c = std::cos(a), s = std::sin(a);
    const double u = (p1 - im.cardNumber(QStringLiteral("CRPIX1"))) * im.cardNumber(QStringLiteral("CDELT1"));
    const double v = (p2 - im.cardNumber(QStringLiteral("CRPIX2"))) * im.cardNumber(QStringLiteral("CDELT2"));
    return {im.cardNumber(QStringLiteral("CRVAL1"), 0.0) + u * c - v * s, im.cardNumber(QStringLiteral("CRVAL2"), 0.0) + u * s + v * c};
}

// The sky rectangle spanned by the centres of four corner pixels.
QRectF skyRect(const fits::FitsImage &im, double x0, double y0, double x1, double y1)
{
    double left = 1e300, right = -1e300, bottom = 1e300, top = -1e300;
    for (const QPointF &p : {skyAt(im, x0, y0), skyAt(im, x1, y0), skyAt(im, x0, y1), skyAt(im, x1, y1)}) {
        left = std::min(left, p.x());
        right = std::max(right, p.x());
        bottom = std::min(bottom, p.y());
        top = std::max(top, p.y());
    }
    return QRectF(QPointF(left, bottom), QPointF(right, top));
}

// A box on a full-resolution AIA frame: 0.6″ pixels, centre on the disk NE of disk centre.
jsoc::CutoutPlacement aiaBox()
{
    jsoc::CutoutPlacement p;
    p.centrePixelX = 1548.5;
    p.centrePixelY = 2380.5;
    p.centreTx = -329.7;
    p.centreTy = 173.4;
    p.centreOnDisk = true;
    p.stonyLon = -20.9;
    p.stonyLat = 8.1;
    p.widthPixels = 200;
    p.heightPixels = 150;
    p.arcsecPerPixelX = p.arcsecPerPixelY = 0.6;
    p.imageWidth = p.imageHeight = 4096;
    p.observationTime = QStringLiteral("2014-01-01T00:00:11.34Z");
    return p;
}

jsoc::SameFieldSeries candidate(const QString &label)
{
    return jsoc::SameFieldSeries::fromText(label).value_or(jsoc::SameFieldSeries());
}

double taiOf(const QString &time)
{
    return drms::parseTime(time).value_or(0.0);
}

} // namespace

class TestSameFieldJob final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void planMakesOneRequestPerSeries();
    void planRefusesInWords_data();
    void planRefusesInWords();
    void typedSeriesTakeTheirCadenceFromTheName();
    void candidatesAreSeriesTheSimulatorKnows();
    void version2QueueIsUpgraded();
    void jobIsQueuedTogetherAndShownAsOne();
    void exportsWindowActsOnTheWholeJob();
    void dialogShowsEachSeriesAndRefusals();
    void boxOnAiaFrameBecomesOneJobOverThreeSeries();

private:
    bool allDone(qint64 exportId) const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<jsoc::JsocClient> m_client;
    std::unique_ptr<app::ExportController> m_exports;
};

void TestSameFieldJob::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("jsoc-browser-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_samefieldjob"));
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestSameFieldJob::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QSettings().setValue(QStringLiteral("download/folder"), m_dir->filePath(QStringLiteral("downloads")));
    QSettings().setValue(QStringLiteral("export/notifyEmail"), kJobEmail);
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    QVERIFY(m_sim->registerAddress(kJobEmail));
    sim::ExportDeskOptions &o = m_sim->exportDesk()->options();
    // Long enough pending that a second request sent too early would meet status 7.
    o.queuedMs = 300;
    o.processingMs = 300;
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

void TestSameFieldJob::cleanup()
{
    m_exports.reset();
    m_client.reset();
    m_sim.reset();
    m_dir.reset();
}

bool TestSameFieldJob::allDone(qint64 exportId) const
{
    const QList<jsoc::DownloadItem> items = m_exports->queue()->downloads(exportId);
    return !items.isEmpty() && std::all_of(items.cbegin(), items.cend(), [](const jsoc::DownloadItem &d) {
        return d.state == jsoc::DownloadItem::State::Done;
    });
}

void TestSameFieldJob::planMakesOneRequestPerSeries()
{
    jsoc::SameFieldRequest r;
    r.box = aiaBox();
    r.choice = {jsoc::CutoutUnits::Arcsec, true};
    r.startTai = taiOf(QStringLiteral("2014-01-01T00:00:00Z"));
    r.endTai = r.startTai + 600;
    r.series = {candidate(QStringLiteral("AIA 171")), candidate(QStringLiteral("AIA 1600")),
                candidate(QStringLiteral("HMI M 45s")), candidate(QStringLiteral("HMI Ic 720s"))};
    r.notify = kJobEmail;
    const jsoc::SameFieldPlan plan = jsoc::SameFieldPlan::make(r);
    QVERIFY2(plan.isOk(), qPrintable(plan.allRefusals().join(QLatin1Char('\n'))));
    QCOMPARE(plan.title(), QStringLiteral("Same field: AIA 171, AIA 1600, HMI M 45s, HMI Ic 720s"));
    const QList<jsoc::ExportRequestOptions> requests = plan.requests();
    QCOMPARE(requests.size(), 4);
    // AIA's second prime key is WAVELNTH; HMI's (CAMERA) is left open; each names its image segment.
    QCOMPARE(requests[0].recordSet, QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/600s][171]{image}"));
    QCOMPARE(requests[1].recordSet, QStringLiteral("aia.lev1_uv_24s[2014-01-01T00:00:00Z/600s][1600]{image}"));
    QCOMPARE(requests[2].recordSet, QStringLiteral("hmi.M_45s[2014-01-01T00:00:00Z/600s]{magnetogram}"));
    QCOMPARE(requests[3].recordSet, QStringLiteral("hmi.Ic_720s[2014-01-01T00:00:00Z/720s]{continuum}")); // one cadence at least
    // One and the same im_patch everywhere: the box in arcsec at the frame's T_OBS, tracked.
    const jsoc::ImPatchFromCutout single = jsoc::ImPatchFromCutout::make(r.box, r.choice);
    QVERIFY(single.step);
    for (const jsoc::ExportRequestOptions &o : requests) {
        QCOMPARE(o.notify, kJobEmail);
        QCOMPARE(o.method, QStringLiteral("url")); // JSOC processes only what it prepares
        QCOMPARE(o.protocol, QStringLiteral("fits"));
        QCOMPARE(o.processing, jsoc::processingText({*single.step}));
        const QList<jsoc::ProcessingStep> steps = jsoc::parseProcessingText(o.processing);
        QCOMPARE(steps.size(), 1);
        QCOMPARE(steps.first().value(QStringLiteral("t_ref")), r.box.observationTime);
        QCOMPARE(steps.first().value(QStringLiteral("locunits")), QStringLiteral("arcsec"));
        QCOMPARE(steps.first().value(QStringLiteral("t")), QStringLiteral("0"));
        QCOMPARE(steps.first().value(QStringLiteral("x")).toDouble(), r.box.centreTx);
    }
    // Stonyhurst: the centre in degrees, the size still in arcsec.
    r.choice.units = jsoc::CutoutUnits::Stonyhurst;
    const jsoc::SameFieldPlan stony = jsoc::SameFieldPlan::make(r);
    QVERIFY(stony.isOk());
    const jsoc::ProcessingStep step = jsoc::parseProcessingText(stony.requests().first().processing).first();
    QCOMPARE(step.value(QStringLiteral("locunits")), QStringLiteral("stony"));
    QCOMPARE(step.value(QStringLiteral("boxunits")), QStringLiteral("arcsec"));
    QCOMPARE(step.value(QStringLiteral("x")).toDouble(), r.box.stonyLon);
}

void TestSameFieldJob::planRefusesInWords_data()
{
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("words");
    QTest::newRow("pixels") << 0 << QStringLiteral("A box in pixels is a different field of view on each instrument");
    QTest::newRow("series without processing") << 1 << QStringLiteral("hmi.sharp_720s");
    QTest::newRow("empty time range") << 2 << QStringLiteral("its end must come after its start");
    QTest::newRow("no series") << 3 << QStringLiteral("Tick at least one series");
    QTest::newRow("off the disk, tracking") << 4 << QStringLiteral("off the solar disk");
    QTest::newRow("no address") << 5 << QStringLiteral("e-mail");
}

void TestSameFieldJob::planRefusesInWords()
{
    QFETCH(int, change);
    QFETCH(QString, words);
    jsoc::SameFieldRequest r;
    r.box = aiaBox();
    r.choice = {jsoc::CutoutUnits::Arcsec, true};
    r.startTai = taiOf(QStringLiteral("2014-01-01T00:00:00Z"));
    r.endTai = r.startTai + 120;
    r.series = {candidate(QStringLiteral("AIA 193")), candidate(QStringLiteral("HMI M 45s"))};
    r.notify = kJobEmail;
    QVERIFY(jsoc::SameFieldPlan::make(r).isOk()); // the control: every case below changes one thing
    switch (change) {
    case 0: r.choice.units = jsoc::CutoutUnits::Pixels; break;
    case 1: r.series.append(candidate(QStringLiteral("hmi.sharp_720s"))); break;
    case 2: r.endTai = r.startTai; break;
    case 3: r.series.clear(); break;
    case 4: r.box.centreOnDisk = false; r.box.centreTx = -1100; break;
    case 5: r.notify.clear(); break;
    }
    const jsoc::SameFieldPlan plan = jsoc::SameFieldPlan::make(r);
    QVERIFY(!plan.isOk());
    QVERIFY(plan.requests().isEmpty());
    const QString said = plan.allRefusals().join(QLatin1Char('\n'));
    QVERIFY2(said.contains(words, Qt::CaseInsensitive), qPrintable(said));
    if (change == 1) {
        // Refused by name, not dropped: the other members stay, with their record sets.
        QCOMPARE(plan.members.size(), 3);
        QVERIFY(plan.members[0].refusals.isEmpty());
        QVERIFY(!plan.members[2].refusals.isEmpty());
        QVERIFY(plan.members[2].recordSet.startsWith(QLatin1String("hmi.sharp_720s[")));
    }
}

void TestSameFieldJob::typedSeriesTakeTheirCadenceFromTheName()
{
    const auto b = jsoc::SameFieldSeries::fromText(QStringLiteral(" hmi.B_720s{field} "));
    QVERIFY(b);
    QCOMPARE(b->series, QStringLiteral("hmi.B_720s"));
    QCOMPARE(b->segment, QStringLiteral("field"));
    QCOMPARE(b->cadenceSeconds, 720.0);
    const auto vis = jsoc::SameFieldSeries::fromText(QStringLiteral("aia.lev1_vis_1h"));
    QVERIFY(vis);
    QCOMPARE(vis->cadenceSeconds, 3600.0);
    QVERIFY(vis->segment.isEmpty());
    QCOMPARE(jsoc::SameFieldPlan::recordSetFor(*vis, taiOf(QStringLiteral("2014-01-01T00:30:00Z")),
                                               taiOf(QStringLiteral("2014-01-01T00:40:00Z"))),
             QStringLiteral("aia.lev1_vis_1h[2014-01-01T00:30:00Z/3600s]"));
    QVERIFY(!jsoc::SameFieldSeries::fromText(QStringLiteral("not a series")));
    QVERIFY(!jsoc::SameFieldSeries::fromText(QStringLiteral("hmi.M_45s[2014.01.01]")));
    // A label is its candidate; a record set names the frame's own candidate.
    QCOMPARE(jsoc::SameFieldSeries::fromText(QStringLiteral("aia 193"))->wavelength, 193);
    const auto own = jsoc::sameFieldCandidateOf(QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/12s][304]{image}"));
    QVERIFY(own);
    QCOMPARE(own->label, QStringLiteral("AIA 304"));
    QCOMPARE(jsoc::sameFieldCandidateOf(QStringLiteral("hmi.V_720s[2014.01.01_TAI]"))->label, QStringLiteral("HMI V 720s"));
    QVERIFY(!jsoc::sameFieldCandidateOf(QStringLiteral("hmi.sharp_720s[377]")));
}

void TestSameFieldJob::candidatesAreSeriesTheSimulatorKnows()
{
    // Each candidate as the catalogue declares it: the segment it names, WAVELNTH a prime key for
    // AIA (with its wavelength as the record set asks for it), and T_REC's step its cadence.
    QSet<QString> asked;
    for (const jsoc::SameFieldSeries &c : jsoc::sameFieldCandidates()) {
        jsoc::SeriesStructureJob *job = m_client->seriesStructure(c.series);
        QSignalSpy finished(job, &jsoc::JsocJob::finished);
        QVERIFY(finished.wait(10000));
        QVERIFY2(!job->error().isError(), qPrintable(c.series + QLatin1String(": ") + job->error().message));
        const jsoc::SeriesStructure s = job->result();
        const bool hasSegment = std::any_of(s.segments.cbegin(), s.segments.cend(),
                                            [&c](const jsoc::SegmentInfo &seg) { return seg.name == c.segment; });
        QVERIFY2(hasSegment, qPrintable(c.label));
        QCOMPARE(s.primeKeys.value(0), QStringLiteral("T_REC"));
        QCOMPARE(s.primeKeysInfo.value(0).stepValue.toDouble(), c.cadenceSeconds);
        if (c.wavelength > 0)
            QCOMPARE(s.primeKeys.value(1), QStringLiteral("WAVELNTH"));
        job->deleteLater();
        asked.insert(c.series);
        // And the record set the plan writes names records there (one cadence holds one).
        jsoc::RecordCountJob *count = m_client->recordCount(
            jsoc::SameFieldPlan::recordSetFor(c, taiOf(QStringLiteral("2014-01-01T00:00:00Z")),
                                              taiOf(QStringLiteral("2014-01-01T00:00:00Z")) + 1));
        QSignalSpy counted(count, &jsoc::JsocJob::finished);
        QVERIFY(counted.wait(10000));
        QVERIFY2(!count->error().isError(), qPrintable(count->error().message));
        QCOMPARE(count->result(), qint64(1));
        count->deleteLater();
    }
    QCOMPARE(asked.size(), 8); // two AIA series, six HMI ones
}

namespace {
bool runQueueSql(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &sql : statements) {
            ok = ok && query.exec(sql);
            if (!ok)
                qWarning() << sql << query.lastError().text();
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    return ok;
}
} // namespace

void TestSameFieldJob::version2QueueIsUpgraded()
{
    // A file exactly as version 2 wrote it, with an export in progress and a download row.
    const QString path = m_dir->filePath(QStringLiteral("v2/exports.sqlite"));
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QVERIFY(runQueueSql(path, {
        QStringLiteral("CREATE TABLE exports (id INTEGER PRIMARY KEY AUTOINCREMENT, record_set TEXT NOT NULL, "
                       "notify TEXT NOT NULL, method TEXT, protocol TEXT, filename_format TEXT, processing TEXT, "
                       "record_limit INTEGER, requester TEXT, folder TEXT, request_id TEXT, jsoc_status INTEGER, "
                       "state TEXT, message TEXT, created INTEGER, updated INTEGER, completed INTEGER, size_mb INTEGER, "
                       "file_count INTEGER, announced_files INTEGER DEFAULT 0, stage_only INTEGER NOT NULL DEFAULT 0, "
                       "jsoc_error TEXT DEFAULT '', submitted INTEGER)"),
        QStringLiteral("CREATE TABLE export_history (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER NOT NULL "
                       "REFERENCES exports(id) ON DELETE CASCADE, at INTEGER, state TEXT, jsoc_status INTEGER, note TEXT)"),
        QStringLiteral("CREATE TABLE downloads (id INTEGER PRIMARY KEY AUTOINCREMENT, export_id INTEGER REFERENCES "
                       "exports(id) ON DELETE CASCADE, record TEXT, url TEXT NOT NULL, file_name TEXT NOT NULL, folder "
                       "TEXT NOT NULL, size INTEGER, received INTEGER, validator BLOB, state TEXT, error TEXT)"),
        QStringLiteral("INSERT INTO exports (record_set, notify, method, protocol, folder, request_id, jsoc_status, "
                       "state, message, created, updated, size_mb, file_count, stage_only, jsoc_error, submitted) VALUES "
                       "('aia.lev1_euv_12s[2014-01-01T00:00:00Z/1m][171]', 'user@example.com', 'url', 'fits', '/tmp/x', "
                       "'JSOC_20260101_002', 1, 'pending', 'Processing', 1767225600000, 1767225600000, 3, 0, 1, "
                       "'said this', 1767225600000)"),
        QStringLiteral("INSERT INTO downloads (export_id, record, url, file_name, folder, size, received, state, error) "
                       "VALUES (1, 'r', 'http://127.0.0.1:1/a.fits', 'a.fits', '/tmp/x', 100, 40, 'paused', '')"),
        QStringLiteral("PRAGMA user_version=2"),
    }));
    {
        jsoc::ExportQueue q;
        QString error;
        QVERIFY2(q.open(path, &error), qPrintable(error));
        QCOMPARE(q.migratedFrom(), 2);
        const auto e = q.entry(1);
        QVERIFY(e);
        QCOMPARE(e->options.recordSet, QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/1m][171]"));
        QCOMPARE(e->requestId, QStringLiteral("JSOC_20260101_002"));
        QCOMPARE(e->state, jsoc::ExportQueueEntry::State::Pending);
        QVERIFY(e->stageOnly);
        QCOMPARE(e->jsocError, QStringLiteral("said this"));
        QCOMPARE(e->groupId, qint64(0)); // a lone export, as every export before jobs
        QVERIFY(e->groupTitle.isEmpty());
        QCOMPARE(q.downloads(1).size(), 1);
        QCOMPARE(q.downloads(1).first().received, 40);
        // A job can be added to the upgraded file.
        const QList<qint64> ids = q.addGroup({jsoc::ExportRequestOptions{}, jsoc::ExportRequestOptions{}}, m_dir->path(),
                                             QStringLiteral("Same field: A, B"));
        QCOMPARE(ids.size(), 2);
        QCOMPARE(q.entry(ids[1])->groupTitle, QStringLiteral("Same field: A, B"));
    }
    {
        // Opened again: already version 3, nothing to upgrade.
        jsoc::ExportQueue q;
        QVERIFY(q.open(path));
        QCOMPARE(q.migratedFrom(), -1);
        QCOMPARE(q.entries().size(), 3);
    }
    // A file from a newer program is refused, unchanged.
    QVERIFY(runQueueSql(path, {QStringLiteral("PRAGMA user_version=%1").arg(jsoc::ExportQueue::kSchemaVersion + 1)}));
    jsoc::ExportQueue newer;
    QString error;
    QVERIFY(!newer.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("newer JSOC Browser")), qPrintable(error));
}

void TestSameFieldJob::jobIsQueuedTogetherAndShownAsOne()
{
    jsoc::ExportQueue queue;
    QVERIFY(queue.open(m_dir->filePath(QStringLiteral("model/exports.sqlite"))));
    jsoc::ExportQueueModel model(&queue);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    jsoc::ExportRequestOptions lone;
    lone.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_TAI]");
    lone.notify = kJobEmail;
    QVERIFY(queue.add(lone, m_dir->path()) > 0);
    QList<jsoc::ExportRequestOptions> members(3, lone);
    members[0].recordSet = QStringLiteral("a[1]");
    members[1].recordSet = QStringLiteral("b[1]");
    members[2].recordSet = QStringLiteral("c[1]");
    QSignalSpy added(&queue, &jsoc::ExportQueue::entryAdded);
    const QList<qint64> ids = queue.addGroup(members, m_dir->path(), QStringLiteral("Same field: A, B, C"));
    QCOMPARE(ids.size(), 3);
    QCOMPARE(added.size(), 3);
    const QList<qint64> second = queue.addGroup({lone}, m_dir->path(), QStringLiteral("Same field: D"));
    QCOMPARE(second.size(), 1);
    const qint64 job = queue.entry(ids[0])->groupId;
    QVERIFY(job > 0);
    QVERIFY(queue.entry(second[0])->groupId != job);
    QCOMPARE(model.groupMembers(job), ids);
    for (qint64 id : ids) {
        QCOMPARE(queue.entry(id)->groupId, job);
        QCOMPARE(queue.entry(id)->folder, m_dir->path());
    }
    const auto jobCell = [&model](qint64 id) {
        return model.index(model.rowOf(id), jsoc::ExportQueueModel::JobColumn).data().toString();
    };
    QCOMPARE(jobCell(ids[1]), QStringLiteral("Same field: A, B, C (0 of 3 done)"));
    QCOMPARE(jobCell(second[0]), QStringLiteral("Same field: D (0 of 1 done)"));
    QCOMPARE(model.index(0, jsoc::ExportQueueModel::JobColumn).data().toString(), QString()); // the lone export
    QCOMPARE(model.headerData(jsoc::ExportQueueModel::JobColumn, Qt::Horizontal).toString(), QStringLiteral("Job"));

    // One member done: every member's Job cell says so (the other rows are told).
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto done = *queue.entry(ids[2]);
    done.state = jsoc::ExportQueueEntry::State::Done;
    QVERIFY(queue.update(done));
    QCOMPARE(jobCell(ids[0]), QStringLiteral("Same field: A, B, C (1 of 3 done)"));
    QSet<int> toldRows;
    for (const QList<QVariant> &args : changed) {
        const QModelIndex from = args[0].toModelIndex(), to = args[1].toModelIndex();
        if (from.column() <= jsoc::ExportQueueModel::JobColumn && to.column() >= jsoc::ExportQueueModel::JobColumn)
            for (int row = from.row(); row <= to.row(); ++row)
                toldRows.insert(row);
    }
    for (qint64 id : ids)
        QVERIFY(toldRows.contains(model.rowOf(id)));
    QVERIFY(queue.remove(ids[0]));
    QCOMPARE(jobCell(ids[1]), QStringLiteral("Same field: A, B, C (1 of 2 done)"));
}

void TestSameFieldJob::exportsWindowActsOnTheWholeJob()
{
    jsoc::ExportQueue queue;
    QVERIFY(queue.open(m_dir->filePath(QStringLiteral("window/exports.sqlite"))));
    jsoc::ExportQueueModel model(&queue);
    jsoc::DownloadQueueModel downloads;
    jsoc::ExportRequestOptions o;
    o.notify = kJobEmail;
    o.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_TAI]");
    const qint64 lone = queue.add(o, m_dir->path());
    const QList<qint64> ids = queue.addGroup({o, o, o}, m_dir->path(), QStringLiteral("Same field: AIA 171, AIA 193, HMI M 45s"));
    QCOMPARE(ids.size(), 3);
    ui::ExportsWindow window(&model, &downloads);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTableView *view = window.exportView();
    // The job is the first thing a row says.
    QCOMPARE(view->horizontalHeader()->logicalIndex(0), int(jsoc::ExportQueueModel::JobColumn));
    // A click on a member's Job cell selects the whole job; Cancel and Remove act on all of it.
    const QModelIndex cell = view->model()->index(model.rowOf(ids[1]), jsoc::ExportQueueModel::JobColumn);
    view->scrollTo(cell);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QCOMPARE(window.selectedExports(), ids);
    QSignalSpy cancelled(&window, &ui::ExportsWindow::cancelExportRequested);
    QSignalSpy removed(&window, &ui::ExportsWindow::removeExportRequested);
    QVERIFY(window.button(QStringLiteral("cancelExport"))->isEnabled());
    QTest::mouseClick(window.button(QStringLiteral("cancelExport")), Qt::LeftButton);
    QCOMPARE(cancelled.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(cancelled[i].first().toLongLong(), ids[i]);
    QTest::mouseClick(window.button(QStringLiteral("removeExport")), Qt::LeftButton);
    QCOMPARE(removed.size(), 3);
    // A lone export's row still acts alone.
    window.selectExport(lone);
    QCOMPARE(window.selectedExports(), QList<qint64>{lone});
    // With no job left the column steps aside, leaving its width to the message.
    QVERIFY(!view->isColumnHidden(jsoc::ExportQueueModel::JobColumn));
    for (qint64 id : ids)
        QVERIFY(queue.remove(id));
    QVERIFY(view->isColumnHidden(jsoc::ExportQueueModel::JobColumn));
}

void TestSameFieldJob::dialogShowsEachSeriesAndRefusals()
{
    const jsoc::CutoutPlacement box = aiaBox();
    ui::SameFieldDialog dialog(box, {jsoc::CutoutUnits::Pixels, true},
                               QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/12s][171]{image}"));
    dialog.setFolder(m_dir->filePath(QStringLiteral("job")));
    // The frame's own series is ticked, pixels became arcsec, the range is T_OBS ± 5 minutes.
    QCOMPARE(dialog.tickedLabels(), QStringList{QStringLiteral("AIA 171")});
    QCOMPARE(dialog.plan().members.size(), 1);
    const jsoc::ProcessingStep step = jsoc::parseProcessingText(dialog.plan().requests().first().processing).first();
    QCOMPARE(step.value(QStringLiteral("locunits")), QStringLiteral("arcsec"));
    const QList<QDateTimeEdit *> edits = dialog.findChildren<QDateTimeEdit *>();
    QCOMPARE(edits.size(), 2);
    const double tObs = taiOf(box.observationTime);
    QCOMPARE(std::lround(taiOf(edits[0]->dateTime().toString(Qt::ISODateWithMs)) - tObs), -300L);
    QCOMPARE(std::lround(taiOf(edits[1]->dateTime().toString(Qt::ISODateWithMs)) - tObs), 300L);
    QCOMPARE(dialog.queueButton()->text(), QStringLiteral("Queue 1 export"));
    // Nothing is queued before JSOC has confirmed the address (the controller asks checkAddress.sh).
    QVERIFY(!dialog.queueButton()->isEnabled());
    QVERIFY2(dialog.refusalText().contains(QLatin1String("not checked")), qPrintable(dialog.refusalText()));
    QSignalSpy asked(&dialog, &ui::SameFieldDialog::addressCheckRequested);
    dialog.checkAddress();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().first().toString(), kJobEmail);
    jsoc::AddressCheck registered;
    registered.status = 2;
    dialog.setAddressCheck(QStringLiteral("someone.else@example.org"), registered); // not the address shown: dropped
    QVERIFY(!dialog.queueButton()->isEnabled());
    dialog.setAddressCheck(kJobEmail, registered);
    QVERIFY2(dialog.queueButton()->isEnabled(), qPrintable(dialog.refusalText()));

    dialog.setTicked(QStringLiteral("AIA 193"), true);
    dialog.setTicked(QStringLiteral("HMI M 45s"), true);
    QVERIFY(dialog.addTypedSeries(QStringLiteral("hmi.sharp_720s")));
    QCOMPARE(dialog.planTable()->rowCount(), 4);
    QCOMPARE(dialog.queueButton()->text(), QStringLiteral("Queue 4 exports"));
    QVERIFY(!dialog.queueButton()->isEnabled()); // refused, in words, in its own row
    QVERIFY(dialog.planTable()->item(3, 2)->text().contains(QLatin1String("hmi.sharp_720s")));
    QVERIFY(dialog.planTable()->item(1, 1)->text().startsWith(QLatin1String("aia.lev1_euv_12s[")));
    QVERIFY(dialog.planTable()->item(1, 1)->text().endsWith(QLatin1String("][193]{image}")));
    QVERIFY(!dialog.addTypedSeries(QStringLiteral("two words")));
    dialog.setTicked(QStringLiteral("hmi.sharp_720s"), false);
    QVERIFY2(dialog.queueButton()->isEnabled(), qPrintable(dialog.refusalText()));
    QSignalSpy queued(&dialog, &ui::SameFieldDialog::queueRequested);
    QTest::mouseClick(dialog.queueButton(), Qt::LeftButton);
    QCOMPARE(queued.size(), 1);
    QCOMPARE(queued.first().at(0).value<QList<jsoc::ExportRequestOptions>>().size(), 3);
    QCOMPARE(queued.first().at(1).toString(), m_dir->filePath(QStringLiteral("job")));
    QCOMPARE(queued.first().at(2).toString(), QStringLiteral("Same field: AIA 171, AIA 193, HMI M 45s"));
}

void TestSameFieldJob::boxOnAiaFrameBecomesOneJobOverThreeSeries()
{
    // 1. An AIA 171 frame, exported plainly and downloaded by the app.
    const QString frameSet = QStringLiteral("aia.lev1_euv_12s[2014-01-01T00:00:00Z/12s][171]{image}");
    jsoc::ExportRequestOptions plain;
    plain.recordSet = frameSet;
    plain.notify = kJobEmail;
    plain.method = QStringLiteral("url");
    plain.protocol = QStringLiteral("fits");
    const qint64 plainId = m_exports->submit(plain, m_dir->filePath(QStringLiteral("plain")), true);
    QVERIFY(plainId > 0);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(plainId), 30000);
    const QString original = m_exports->queue()->downloads(plainId).first().targetPath();

    // 2. Opened in the FITS window; a box drawn with Shift+drag; "Same field in other series…".
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
    const QPoint from = QPoint(view->width() / 2, view->height() / 2) + QPoint(-80, -60);
    const QPoint to = from + QPoint(60, 45);
    QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(view, to);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, to);
    ui::CutoutPanel *panel = window.preview()->cutoutPanel();
    const fits::CutoutGeometry box = panel->geometry();
    QVERIFY2(box.valid && box.centreOnDisk, qPrintable(panel->text()));
    QVERIFY2(panel->sameFieldButton()->isEnabled(), qPrintable(panel->text()));
    const QList<QAction *> menu = view->actions(); // the image's context menu offers it too
    QVERIFY(std::any_of(menu.cbegin(), menu.cend(), [](const QAction *a) {
        return a->text() == QStringLiteral("Same field in other series…") && a->isEnabled();
    }));
    QTest::mouseClick(panel->sameFieldButton(), Qt::LeftButton);
    ui::SameFieldDialog *dialog = m_exports->sameFieldDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->tickedLabels(), QStringList{QStringLiteral("AIA 171")}); // the frame's own series

    // 3. Two more series over T_OBS ± 6 s: one record of each (HMI's range is widened to its 45 s).
    dialog->setTicked(QStringLiteral("AIA 193"), true);
    dialog->setTicked(QStringLiteral("HMI M 45s"), true);
    const QString folder = m_dir->filePath(QStringLiteral("same-field"));
    dialog->setFolder(folder);
    // The address as JSOC has it: a stranger is refused in words, the registered one is confirmed.
    dialog->setEmail(QStringLiteral("stranger@example.org"));
    dialog->checkAddress();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->addressProblem().contains(QLatin1String("stranger@example.org")), 10000);
    QVERIFY(!dialog->queueButton()->isEnabled());
    dialog->setEmail(kJobEmail);
    dialog->checkAddress();
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->queueButton()->isEnabled(), qPrintable(dialog->refusalText()), 10000);
    if (const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR"); !dir.isEmpty()) {
        dialog->resize(900, 600); // as it opens: the frame's T_OBS ± 5 minutes
        QCoreApplication::sendPostedEvents();
        QVERIFY(dialog->grab().save(QDir(dir).filePath(QStringLiteral("same-field-job.png"))));
    }
    const double tObs = taiOf(window.preview()->image()->card(QStringLiteral("T_OBS")));
    QVERIFY(tObs > 0);
    // Whole seconds, so that the 12 s sent hold exactly one AIA slot.
    dialog->setTimeRange(std::floor(tObs) - 6, std::floor(tObs) + 6);
    QCOMPARE(dialog->queueButton()->text(), QStringLiteral("Queue 3 exports"));
    const int requestsBefore = m_sim->requestCount(QStringLiteral("op=exp_request"));
    const qsizetype idsBefore = m_sim->exportDesk()->requestIds().size();

    // 4. Queued as one job; sent one after another; shown as one group.
    QSignalSpy queued(m_exports.get(), &app::ExportController::jobQueued);
    QTest::mouseClick(dialog->queueButton(), Qt::LeftButton);
    QCOMPARE(queued.size(), 1);
    const QList<qint64> ids = queued.first().first().value<QList<qint64>>();
    QCOMPARE(ids.size(), 3);
    QTRY_VERIFY(!m_exports->sameFieldDialog()); // closed once queued
    const qint64 job = m_exports->queue()->entry(ids[0])->groupId;
    QVERIFY(job > 0);
    int mostActive = 0; // members at JSOC at once, as the queue sees them
    const auto everyDone = [&] {
        int active = 0;
        for (qint64 id : ids)
            active += m_exports->queue()->entry(id)->isActive() ? 1 : 0;
        mostActive = std::max(mostActive, active);
        return std::all_of(ids.cbegin(), ids.cend(), [this](qint64 id) { return allDone(id); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(everyDone(), 60000);
    QCOMPARE(mostActive, 1);
    // At the simulator: exactly three exp_requests, three request ids, never a status 7.
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_request")) - requestsBefore, 3);
    QCOMPARE(m_sim->exportDesk()->requestIds().size() - idsBefore, 3);
    for (qint64 id : ids)
        for (const jsoc::ExportHistoryEntry &h : m_exports->queue()->history(id))
            QVERIFY2(h.jsocStatus != 7, qPrintable(h.note));
    jsoc::ExportQueueModel *model = m_exports->exportModel();
    QCOMPARE(model->index(model->rowOf(ids[0]), jsoc::ExportQueueModel::JobColumn).data().toString(),
             QStringLiteral("Same field: AIA 171, AIA 193, HMI M 45s (3 of 3 done)"));
    QVERIFY(m_exports->exportsWindow()->isVisible());

    // 5. One folder, one file per series, no two of the same name.
    QSet<QString> names;
    QStringList patches;
    for (qint64 id : ids) {
        const QList<jsoc::DownloadItem> items = m_exports->queue()->downloads(id);
        QCOMPARE(items.size(), 1);
        const QFileInfo file(items.first().targetPath());
        QVERIFY2(file.exists(), qPrintable(file.filePath()));
        QCOMPARE(file.absolutePath(), QDir::cleanPath(folder));
        names.insert(file.fileName());
        patches.append(file.filePath());
    }
    QCOMPARE(names.size(), 3);

    // 6. Each patch judged by its own header: it covers the box's sky within one of its own pixels.
    const fits::FitsLoadResult source = fits::FitsLoader::load(original, {});
    QVERIFY2(source.ok(), qPrintable(source.error));
    const QRectF wanted = skyRect(source.image, box.x0, box.y0, box.x1, box.y1);
    const QStringList instruments{QStringLiteral("AIA"), QStringLiteral("AIA"), QStringLiteral("HMI")};
    const QList<int> waves{171, 193, 0};
    for (int i = 0; i < patches.size(); ++i) {
        const fits::FitsLoadResult patch = fits::FitsLoader::load(patches[i], {});
        QVERIFY2(patch.ok(), qPrintable(patch.error));
        const fits::FitsImage &im = patch.image;
        QVERIFY2(im.card(QStringLiteral("TELESCOP")).contains(instruments[i])
                     || im.card(QStringLiteral("INSTRUME")).contains(instruments[i]),
                 qPrintable(patches[i]));
        if (waves[i] > 0)
            QCOMPARE(qRound(im.cardNumber(QStringLiteral("WAVELNTH"))), waves[i]);
        const QRectF got = skyRect(im, 1, 1, im.width, im.height);
        const double pixel = std::abs(im.cardNumber(QStringLiteral("CDELT1")));
        const QString said = QStringLiteral("%1: box %2,%3 – %4,%5″; patch %6,%7 – %8,%9″; a pixel is %10″")
                                 .arg(QFileInfo(patches[i]).fileName())
                                 .arg(wanted.left()).arg(wanted.top()).arg(wanted.right()).arg(wanted.bottom())
                                 .arg(got.left()).arg(got.top()).arg(got.right()).arg(got.bottom()).arg(pixel);
        QVERIFY2(pixel > 0, qPrintable(said));
        QVERIFY2(std::abs(got.left() - wanted.left()) <= pixel, qPrintable(said));
        QVERIFY2(std::abs(got.right() - wanted.right()) <= pixel, qPrintable(said));
        QVERIFY2(std::abs(got.top() - wanted.top()) <= pixel, qPrintable(said));
        QVERIFY2(std::abs(got.bottom() - wanted.bottom()) <= pixel, qPrintable(said));
    }
    window.close();
}

QTEST_MAIN(TestSameFieldJob)
#include "tst_samefieldjob.moc"
