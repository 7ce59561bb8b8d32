// app::ExportController against the simulator's export desk over loopback: the export dialog's
// count, size estimate and address check; Fetch now (request → poll → download complete files);
// Stage only then Download later; adding a request id staged elsewhere; a restart with the same
// data folder resuming the request without sending it twice; remove and cancel.
#include "app/gui/ExportController.h"
#include "model/exports/DownloadQueueModel.h"
#include "model/exports/ExportQueue.h"
#include "model/exports/ExportQueueModel.h"
#include "network/DownloadManager.h"
#include "network/ExportPoller.h"
#include "network/JsocClient.h"
#include "sim/AddressBook.h"
#include "sim/ExportDesk.h"
#include "sim/JsocSimulator.h"
#include "support/TinyDisk.h"
#include "ui/ExportDialog.h"
#include "ui/ExportsWindow.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace jsoc;
using State = ExportQueueEntry::State;
using DState = DownloadItem::State;

namespace {
const QString kRecordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/2m]{magnetogram}");
const QString kEmail = QStringLiteral("user@example.com");
} // namespace

class TestExportController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void dialogShowsCountSizeAndAddress();
    void dialogExplainsUnregisteredAndPendingAddresses();
    void fetchNowDownloadsCompleteFiles();
    void stageOnlyThenDownloadLater();
    void addRequestIdDownloadsWhatWasStagedElsewhere();
    void addRequestIdRefusesUnknownIds();
    void addRequestIdKeepsJsocsCompletionTime();
    void restartWithSameDataDirResumes();
    void secondRequestOfSameEmailWaitsInOurQueue();
    void removeDropsExportAndItsDownloads();
    void windowButtonsDriveTheDownloads();
    void dialogSaysWhenJsocCannotBeReached();
    // issue 11
    void fullDownloadFolderRefusedBeforeSending();
    void queueWriteFailureShownInTheWindow();

private:
    std::unique_ptr<app::ExportController> makeController();
    SeriesStructure structure();
    ExportRequestOptions options(const QString &email = kEmail) const;
    bool allDownloadsDone(app::ExportController &c, qint64 exportId, int *count = nullptr) const;
    void verifyFilesMatchServer(app::ExportController &c, qint64 exportId);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::JsocSimulator> m_sim;
    std::unique_ptr<JsocClient> m_client;
};

void TestExportController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("jsoc-browser-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_exportcontroller"));
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestExportController::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QSettings().setValue(QStringLiteral("download/folder"), m_dir->filePath(QStringLiteral("downloads")));
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    for (const char *address : {"user@example.com", "elsewhere@example.com", "a@example.com", "b@example.com"})
        QVERIFY(m_sim->registerAddress(QString::fromLatin1(address)));
    m_sim->exportDesk()->addressBook().setStatus(QStringLiteral("pending.person@example.com"), 3);
    auto &o = m_sim->exportDesk()->options();
    o.queuedMs = 200;
    o.processingMs = 200;
    m_client = std::make_unique<JsocClient>(m_sim->url());
    m_client->setRetryPolicy({1, 10, 2.0});
}

void TestExportController::cleanup()
{
    m_client.reset();
    m_sim.reset();
    m_dir.reset();
}

std::unique_ptr<app::ExportController> TestExportController::makeController()
{
    auto c = std::make_unique<app::ExportController>(m_client.get(), m_dir->filePath(QStringLiteral("data")));
    ExportPoller::Options o;
    o.pollInitialMs = 40;
    o.pollMaxMs = 150;
    o.busyRetryMs = 100;
    c->poller()->setOptions(o);
    return c;
}

SeriesStructure TestExportController::structure()
{
    SeriesStructureJob *job = m_client->seriesStructure(QStringLiteral("hmi.M_45s"));
    QSignalSpy done(job, &JsocJob::finished);
    if (!done.wait(10000))
        qWarning("series structure did not arrive");
    job->deleteLater();
    return job->result();
}

ExportRequestOptions TestExportController::options(const QString &email) const
{
    ExportRequestOptions o;
    o.recordSet = kRecordSet;
    o.notify = email;
    o.method = QStringLiteral("url");
    o.protocol = QStringLiteral("fits");
    return o;
}

bool TestExportController::allDownloadsDone(app::ExportController &c, qint64 exportId, int *count) const
{
    int n = 0;
    for (const DownloadItem &d : c.downloads()->items()) {
        if (d.exportId != exportId)
            continue;
        ++n;
        if (d.state != DState::Done)
            return false;
    }
    if (count)
        *count = n;
    return n > 0;
}

void TestExportController::verifyFilesMatchServer(app::ExportController &c, qint64 exportId)
{
    int checked = 0;
    for (const DownloadItem &d : c.queue()->downloads(exportId)) {
        QCOMPARE(d.state, DState::Done);
        const QFileInfo local(d.targetPath());
        QVERIFY2(local.exists(), qPrintable(d.targetPath()));
        QVERIFY(!QFileInfo::exists(d.partPath()));
        const QString served = m_sim->exportDesk()->diskPath(d.url.path());
        QVERIFY(!served.isEmpty());
        QCOMPARE(local.size(), QFileInfo(served).size());
        QFile f(d.targetPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(6) == "SIMPLE");
        ++checked;
    }
    QVERIFY(checked > 0);
}

void TestExportController::dialogShowsCountSizeAndAddress()
{
    auto c = makeController();
    c->start();
    QSettings().setValue(QStringLiteral("export/notifyEmail"), kEmail);
    c->openExportDialog(kRecordSet, structure(), nullptr);
    ui::ExportDialog *d = c->dialog();
    QVERIFY(d);
    RecordCountJob *count = m_client->recordCount(kRecordSet);
    QSignalSpy counted(count, &JsocJob::finished);
    QVERIFY(counted.wait(5000));
    QVERIFY(count->result() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(d->recordCount(), count->result(), 5000);
    count->deleteLater();
    // The e-mail from the settings was checked on opening.
    QTRY_COMPARE_WITH_TIMEOUT(d->addressState(), ui::ExportDialog::AddressState::Registered, 5000);
    QCOMPARE(d->options().notify, kEmail);
    // drms's default file-name format from the prime keys.
    QCOMPARE(d->options().filenameFormat, QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"));
    QVERIFY2(d->problems().isEmpty(), qPrintable(d->problems().join(QLatin1Char('\n'))));
}

void TestExportController::dialogExplainsUnregisteredAndPendingAddresses()
{
    auto c = makeController();
    c->openExportDialog(kRecordSet, structure(), nullptr);
    ui::ExportDialog *d = c->dialog();
    QSignalSpy asked(d, &ui::ExportDialog::addressCheckRequested);
    d->setEmail(QStringLiteral("unknown.person@example.com"));
    d->checkAddress();
    QCOMPARE(asked.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(d->addressState(), ui::ExportDialog::AddressState::Refused, 5000);
    QVERIFY(d->problems().join(QLatin1Char(' ')).contains(QStringLiteral("not registered")));
    QSignalSpy submitted(d, &ui::ExportDialog::submitted);
    QVERIFY(!d->submit(true));
    QCOMPARE(submitted.size(), 0);

    d->setEmail(QStringLiteral("pending.person@example.com"));
    QCOMPARE(d->addressState(), ui::ExportDialog::AddressState::Unchecked);
    d->checkAddress();
    QTRY_COMPARE_WITH_TIMEOUT(d->addressState(), ui::ExportDialog::AddressState::Refused, 5000);
    QVERIFY(d->problems().join(QLatin1Char(' ')).contains(QStringLiteral("pending")));
    QVERIFY(c->queue()->entries().isEmpty());
}

void TestExportController::fetchNowDownloadsCompleteFiles()
{
    auto c = makeController();
    QAbstractItemModelTester downloadsTester(c->downloadModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    c->start();
    c->openExportDialog(kRecordSet, structure(), nullptr);
    ui::ExportDialog *d = c->dialog();
    d->setEmail(kEmail);
    d->checkAddress();
    d->setFolder(m_dir->filePath(QStringLiteral("fetched")));
    d->setMethod(QStringLiteral("url"));
    d->setProtocol(QStringLiteral("fits"));
    QSignalSpy submitted(c.get(), &app::ExportController::exportSubmitted);
    // Sending waits for the count, the size and the address check: nothing unchecked goes out.
    QTRY_VERIFY2_WITH_TIMEOUT(d->problems().isEmpty(), qPrintable(d->problems().join('\n')), 5000);
    QVERIFY(d->submit(true));
    QCOMPARE(submitted.size(), 1);
    const qint64 id = submitted.first().first().toLongLong();
    // The e-mail and folder are remembered for the next dialog.
    QCOMPARE(QSettings().value(QStringLiteral("export/notifyEmail")).toString(), kEmail);

    int files = 0;
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*c, id, &files), 15000);
    QCOMPARE(c->queue()->entry(id)->state, State::Done);
    QCOMPARE(c->queue()->entry(id)->options.filenameFormat, QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"));
    verifyFilesMatchServer(*c, id);
    QCOMPARE(c->downloadModel()->rowCount(), files);
    QVERIFY(c->exportsWindow()->isVisible());
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 1);
}

void TestExportController::stageOnlyThenDownloadLater()
{
    auto c = makeController();
    c->start();
    const QString folder = m_dir->filePath(QStringLiteral("staged"));
    const qint64 id = c->submit(options(), folder, false);
    QVERIFY(id > 0);
    QVERIFY(c->isStageOnly(id));
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(id)->state, State::Done, 10000);
    // Staged: the files are known (and listed) but nothing is fetched.
    QTRY_VERIFY(c->downloadModel()->rowCount() > 0);
    const QList<DownloadItem> staged = c->queue()->downloads(id);
    QVERIFY(!staged.isEmpty());
    for (const DownloadItem &d : staged) {
        QCOMPARE(d.state, DState::Paused);
        QVERIFY2(d.error.contains(QStringLiteral("Staged at JSOC until")), qPrintable(d.error));
        QVERIFY(!QFileInfo::exists(d.targetPath()));
    }
    QCOMPARE(c->downloadModel()->rowCount(), staged.size());

    ui::ExportsWindow *w = c->exportsWindow();
    w->selectExport(id);
    QPushButton *download = w->button(QStringLiteral("download"));
    QVERIFY(download->isEnabled());
    download->click();
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*c, id), 15000);
    verifyFilesMatchServer(*c, id);
    QVERIFY(!c->isStageOnly(id));
    QTRY_COMPARE(w->totalBar()->value(), w->totalBar()->maximum());
}

void TestExportController::addRequestIdDownloadsWhatWasStagedElsewhere()
{
    // Another program staged this export.
    ExportJob *job = m_client->requestExport(options(QStringLiteral("elsewhere@example.com")));
    QSignalSpy done(job, &JsocJob::finished);
    QVERIFY(done.wait(5000));
    const QString requestId = job->result().requestId;
    job->deleteLater();
    QVERIFY(requestId.startsWith(QStringLiteral("JSOC_")));

    auto c = makeController();
    c->start();
    ui::ExportsWindow *w = c->exportsWindow();
    QSignalSpy added(c.get(), &app::ExportController::requestIdAdded);
    QVERIFY(w->addRequestId(requestId, true));
    QVERIFY(added.wait(5000));
    const qint64 id = added.first().first().toLongLong();
    QCOMPARE(c->queue()->entry(id)->requestId, requestId);
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*c, id), 15000);
    verifyFilesMatchServer(*c, id);
    // Followed, never sent again.
    QCOMPARE(m_sim->exportDesk()->requestIds(), QStringList{requestId});
    QCOMPARE(c->queue()->downloads(id).first().folder,
             QDir(QSettings().value(QStringLiteral("download/folder")).toString()).absolutePath());

    // The same id again is merged with its row: no second row, nothing asked of JSOC anew.
    QSignalSpy refused(c.get(), &app::ExportController::requestIdRefused);
    QVERIFY(w->addRequestId(requestId, true));
    QCOMPARE(refused.size(), 0);
    QCOMPARE(added.size(), 2);
    QCOMPARE(added.last().first().toLongLong(), id);
    QCOMPARE(c->queue()->entries().size(), 1);
    QVERIFY2(w->message().contains(QStringLiteral("already in the queue as export #%1").arg(id)), qPrintable(w->message()));
}

void TestExportController::addRequestIdRefusesUnknownIds()
{
    auto c = makeController();
    c->start();
    ui::ExportsWindow *w = c->exportsWindow();
    QSignalSpy entered(w, &ui::ExportsWindow::requestIdEntered);
    QVERIFY(!w->addRequestId(QStringLiteral("not an id"), true));
    QCOMPARE(entered.size(), 0);
    QSignalSpy refused(c.get(), &app::ExportController::requestIdRefused);
    QVERIFY(w->addRequestId(QStringLiteral("JSOC_20990101_999"), true));
    QVERIFY(refused.wait(5000));
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("JSOC_20990101_999")),
             qPrintable(refused.first().first().toString()));
    QVERIFY(w->message().contains(QStringLiteral("JSOC cannot give")));
    QVERIFY(c->queue()->entries().isEmpty());
}

// An export staged elsewhere counts its 7 days from JSOC's exptime, not from when we first saw it.
void TestExportController::addRequestIdKeepsJsocsCompletionTime()
{
    m_sim->exportDesk()->options().queuedMs = 0; // complete by the time it is added
    m_sim->exportDesk()->options().processingMs = 0;
    ExportJob *job = m_client->requestExport(options(QStringLiteral("elsewhere@example.com")));
    QSignalSpy submitted(job, &JsocJob::finished);
    QVERIFY(submitted.wait(5000));
    const QString requestId = job->result().requestId;
    job->deleteLater();
    ExportJob *status = m_client->exportStatus(requestId);
    QSignalSpy answered(status, &JsocJob::finished);
    QVERIFY(answered.wait(5000));
    status->deleteLater();
    QCOMPARE(status->result().status, 0);
    // JSOC writes exptime to the second, in UT: "2020.04.10_00:14:11_UT".
    const QString exptime = status->result().exptime;
    QVERIFY2(exptime.endsWith(QStringLiteral("_UT")), qPrintable(exptime));
    QDateTime expected = QDateTime::fromString(exptime.left(19), QStringLiteral("yyyy.MM.dd_HH:mm:ss"));
    expected.setTimeZone(QTimeZone::utc());
    QVERIFY(expected.isValid());

    auto c = makeController();
    c->start();
    QSignalSpy added(c.get(), &app::ExportController::requestIdAdded);
    QVERIFY(c->exportsWindow()->addRequestId(requestId, true));
    QVERIFY(added.wait(5000));
    const qint64 id = added.first().first().toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*c, id), 15000);
    // Stored with the Done state itself (one write), so a kill -9 cannot leave the later date.
    QTRY_COMPARE(c->queue()->entry(id)->completed, expected);
    const auto history = c->queue()->history(id);
    QCOMPARE(history.last().state, State::Done);
}

void TestExportController::restartWithSameDataDirResumes()
{
    m_sim->exportDesk()->options().queuedMs = 800;
    qint64 fetchId = 0;
    qint64 stageId = 0;
    {
        auto c = makeController();
        c->start();
        fetchId = c->submit(options(QStringLiteral("a@example.com")), m_dir->filePath(QStringLiteral("a")), true);
        ExportRequestOptions b = options(QStringLiteral("b@example.com"));
        b.recordSet = QStringLiteral("hmi.M_45s[2012.01.02_00:00:00_TAI/1m]{magnetogram}"); // JSOC would merge equal ones
        stageId = c->submit(b, m_dir->filePath(QStringLiteral("b")), false);
        QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(fetchId)->state, State::Pending, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(stageId)->state, State::Pending, 5000);
    } // "quit" while JSOC still prepares both
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);

    auto c = makeController();
    QCOMPARE(c->exportModel()->rowCount(), 2);
    c->start();
    QTRY_VERIFY_WITH_TIMEOUT(allDownloadsDone(*c, fetchId), 15000);
    verifyFilesMatchServer(*c, fetchId);
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(stageId)->state, State::Done, 10000);
    for (const DownloadItem &d : c->queue()->downloads(stageId))
        QCOMPARE(d.state, DState::Paused); // still "stage only" after the restart
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);
}

void TestExportController::secondRequestOfSameEmailWaitsInOurQueue()
{
    m_sim->exportDesk()->options().queuedMs = 600;
    auto c = makeController();
    c->start();
    const qint64 first = c->submit(options(), m_dir->filePath(QStringLiteral("one")), false);
    ExportRequestOptions other = options();
    other.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_01:00:00_TAI/1m]{magnetogram}");
    const qint64 second = c->submit(other, m_dir->filePath(QStringLiteral("two")), false);
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(first)->state, State::Pending, 5000);
    // Says which request it waits behind, and until when JSOC would count that one at most.
    QTRY_VERIFY_WITH_TIMEOUT(c->queue()->entry(second)->message.contains(QStringLiteral("Waiting behind export #%1").arg(first)),
                             5000);
    QVERIFY2(c->queue()->entry(second)->message.contains(QLatin1String("JSOC takes one request per e-mail address")),
             qPrintable(c->queue()->entry(second)->message));
    QCOMPARE(c->queue()->entry(second)->state, State::Queued);
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(second)->state, State::Done, 15000);
    QCOMPARE(m_sim->exportDesk()->requestIds().size(), 2);
}

void TestExportController::removeDropsExportAndItsDownloads()
{
    auto c = makeController();
    c->start();
    const qint64 id = c->submit(options(), m_dir->filePath(QStringLiteral("gone")), false);
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(id)->state, State::Done, 10000);
    QTRY_VERIFY(c->downloadModel()->rowCount() > 0);
    ui::ExportsWindow *w = c->exportsWindow();
    QAbstractItemModelTester exportsTester(w->exportView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w->selectExport(id);
    w->button(QStringLiteral("removeExport"))->click();
    QVERIFY(!c->queue()->entry(id));
    QCOMPARE(c->exportModel()->rowCount(), 0);
    QCOMPARE(c->downloadModel()->rowCount(), 0);
    QVERIFY(c->queue()->downloads(id).isEmpty());
}

void TestExportController::windowButtonsDriveTheDownloads()
{
    auto c = makeController();
    c->start();
    ui::ExportsWindow *w = c->exportsWindow();
    w->setConnectionsPerHost(3);
    QCOMPARE(c->downloads()->connectionsPerHost(), 3);
    w->setConnectionsPerHost(1);
    const qint64 id = c->submit(options(), m_dir->filePath(QStringLiteral("buttons")), false);
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(id)->state, State::Done, 10000);
    QTRY_VERIFY(c->downloadModel()->rowCount() >= 2);
    const QList<DownloadItem> items = c->queue()->downloads(id);
    const qint64 first = items.at(0).id;
    const qint64 second = items.at(1).id;

    w->selectDownloads({first});
    QVERIFY(w->button(QStringLiteral("resume"))->isEnabled());
    w->button(QStringLiteral("resume"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(c->downloads()->item(first).state, DState::Done, 10000);
    QVERIFY(QFileInfo::exists(items.at(0).targetPath()));
    QCOMPARE(c->downloads()->item(second).state, DState::Paused); // only the selected one ran

    w->selectDownloads({second});
    w->button(QStringLiteral("cancelDownload"))->click();
    QCOMPARE(c->downloads()->item(second).state, DState::Cancelled);
    QCOMPARE(c->queue()->downloads(id).at(1).state, DState::Cancelled);
    const int row = c->downloadModel()->rowOf(second);
    QCOMPARE(c->downloadModel()->index(row, 0).data(DownloadQueueModel::StateRole).toInt(), int(DState::Cancelled));

    // Resume all starts what is left of the staged files.
    w->button(QStringLiteral("resumeAll"))->click();
    for (const DownloadItem &d : items.mid(2))
        QTRY_COMPARE_WITH_TIMEOUT(c->downloads()->item(d.id).state, DState::Done, 10000);
    QVERIFY(!QFileInfo::exists(items.at(1).targetPath()));
}

void TestExportController::dialogSaysWhenJsocCannotBeReached()
{
    // A port nobody listens on (the simulator's, after it closed).
    const QUrl gone = m_sim->url();
    m_sim.reset();
    JsocClient client(gone);
    client.setRetryPolicy({0, 10, 2.0});
    app::ExportController c(&client, m_dir->filePath(QStringLiteral("data")));
    c.openExportDialog(kRecordSet, SeriesStructure(), nullptr);
    ui::ExportDialog *d = c.dialog();
    QTRY_VERIFY_WITH_TIMEOUT(d->countText().contains(QStringLiteral("could not be counted")), 5000);
    QCOMPARE(d->recordCount(), -1);
    d->setEmail(kEmail);
    d->checkAddress();
    QTRY_COMPARE_WITH_TIMEOUT(d->addressState(), ui::ExportDialog::AddressState::Unchecked, 5000);
}

void TestExportController::fullDownloadFolderRefusedBeforeSending()
{
    testsupport::TinyDisk disk(m_dir->filePath(QStringLiteral("full")));
    if (!disk.isMounted())
        QSKIP("needs root to mount a small tmpfs");
    QVERIFY(disk.fill());
    auto c = makeController();
    c->start();
    QSignalSpy said(c.get(), &app::ExportController::message);
    // The folder exists and its permission bits allow writing: only a real write finds it full.
    QCOMPARE(c->submit(options(), disk.path(), true), 0);
    QVERIFY(!said.isEmpty());
    const QString text = said.last().at(0).toString();
    QVERIFY2(said.last().at(1).toBool() && text.contains(QStringLiteral("download folder")), qPrintable(text));
    QVERIFY(c->queue()->entries().isEmpty());
    QTest::qWait(100); // nothing may go out; checks an absence, not a synchronisation
    QCOMPARE(m_sim->requestCount(QStringLiteral("op=exp_request")), 0);
}

void TestExportController::queueWriteFailureShownInTheWindow()
{
    testsupport::TinyDisk disk(m_dir->filePath(QStringLiteral("tiny")));
    if (!disk.isMounted())
        QSKIP("needs root to mount a small tmpfs");
    m_sim->exportDesk()->options().queuedMs = 600;
    m_sim->exportDesk()->options().processingMs = 600;
    auto c = std::make_unique<app::ExportController>(m_client.get(), disk.path());
    ExportPoller::Options o;
    o.pollInitialMs = 40;
    o.pollMaxMs = 150;
    c->poller()->setOptions(o);
    QVERIFY(c->isOpen());
    c->start();
    ui::ExportsWindow *w = c->exportsWindow();
    QSignalSpy said(c.get(), &app::ExportController::message);
    const qint64 id = c->submit(options(), m_dir->filePath(QStringLiteral("out")), true);
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(c->queue()->entry(id)->state, State::Pending, 5000);
    const QString requestId = c->queue()->entry(id)->requestId;
    QVERIFY(disk.fill());
    auto failureSaid = [&] {
        for (const auto &args : said)
            if (args.at(1).toBool() && args.at(0).toString().contains(QStringLiteral("Cannot write the export queue")))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(failureSaid(), 15000);
    QVERIFY2(w->message().contains(QStringLiteral("Cannot write the export queue")) && w->message().contains(requestId),
             qPrintable(w->message()));
    QVERIFY(!c->poller()->isRunning());
    if (const QString shots = qEnvironmentVariable("JSOC_SCREENSHOT_DIR"); !shots.isEmpty()) {
        w->resize(1100, 500);
        w->show();
        w->grab().save(QDir(shots).filePath(QStringLiteral("exports-queue-unwritable.png")));
    }
    c.reset();
}

QTEST_MAIN(TestExportController)
#include "tst_exportcontroller.moc"
