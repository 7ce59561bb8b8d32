// ui::ExportDialog on its own (no network): what it asks for, how it shows the answers, the
// options it builds (record set as shown, protocol text, segments, processing steps, limit,
// file-name format), every reason it refuses to send, Enter in each field, and the pending-request
// note, and the url-tar suggestion. With JSOC_SCREENSHOT_DIR set, renders export-dialog.png,
// export-dialog-refusal.png, export-dialog-pending.png and export-dialog-tar.png.
#include "model/common/Preferences.h"
#include "model/exports/ExportSizeEstimate.h"
#include "model/exports/TarSuggestion.h"
#include "ui/ExportDialog.h"
#include "ui/PendingRequestNote.h"
#include "ui/ProcessingStepEditor.h"
#include "ui/RecordSetTextEdit.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace jsoc;

namespace {

SeriesStructure hmiStructure()
{
    SeriesStructure s;
    s.name = QStringLiteral("hmi.M_45s");
    s.primeKeys = {QStringLiteral("T_REC"), QStringLiteral("CAMERA")};
    KeywordInfo t;
    t.name = QStringLiteral("T_REC");
    t.type = QStringLiteral("time");
    KeywordInfo camera;
    camera.name = QStringLiteral("CAMERA");
    camera.type = QStringLiteral("int");
    s.keywords = {t, camera};
    SegmentInfo magnetogram;
    magnetogram.name = QStringLiteral("magnetogram");
    magnetogram.protocol = QStringLiteral("fits");
    magnetogram.dims = QStringLiteral("4096x4096");
    SegmentInfo other = magnetogram;
    other.name = QStringLiteral("continuum");
    s.segments = {magnetogram, other};
    return s;
}

SeriesStructure aiaStructure()
{
    SeriesStructure s;
    s.name = QStringLiteral("aia.lev1_euv_12s");
    s.primeKeys = {QStringLiteral("T_REC"), QStringLiteral("WAVELNTH")};
    KeywordInfo t;
    t.name = QStringLiteral("T_REC");
    t.type = QStringLiteral("time");
    KeywordInfo w;
    w.name = QStringLiteral("WAVELNTH");
    w.type = QStringLiteral("int");
    s.keywords = {t, w};
    SegmentInfo image;
    image.name = QStringLiteral("image");
    image.dims = QStringLiteral("4096x4096");
    SegmentInfo spikes = image;
    spikes.name = QStringLiteral("spikes");
    s.segments = {image, spikes};
    return s;
}

const QString kRecordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]");
const QString kEmail = QStringLiteral("me@example.org");
const AddressCheck kRegistered{2, QStringLiteral("Email address is valid and registered."), 3};
const AddressCheck kUnregistered{4, QStringLiteral("email address has been neither validated nor registered"), -1};

QString joined(const ui::ExportDialog &d)
{
    return d.problems().join(QLatin1Char('\n'));
}

// A dialog with everything answered: only what a test changes afterwards can block it.
void makeReady(ui::ExportDialog &d)
{
    d.setEmail(kEmail);
    d.setCount(1920, 1920LL * 15000000);
    d.setAddressCheck(kRegistered);
}

bool sendable(const ui::ExportDialog &d)
{
    return d.problems().isEmpty() && d.fetchButton()->isEnabled() && d.stageButton()->isEnabled();
}

} // namespace

class TestExportDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("jsoc-browser-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_exportdialog"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue(QLatin1String(Preferences::kDownloadFolderKey), m_settingsDir.filePath(QStringLiteral("dl")));
    }

    void asksForCountAndAddress()
    {
        QSettings().setValue(QLatin1String(Preferences::kNotifyEmailKey), kEmail);
        ui::ExportDialog d(kRecordSet, hmiStructure());
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        QSignalSpy address(&d, &ui::ExportDialog::addressCheckRequested);
        QSignalSpy structure(&d, &ui::ExportDialog::structureRequested);
        QSignalSpy pending(&d, &ui::ExportDialog::pendingCheckRequested);
        d.requestInfo();
        QCOMPARE(count.size(), 1);
        QCOMPARE(count.first().first().toString(), kRecordSet);
        QCOMPARE(structure.size(), 0); // the structure given is the record set's
        QCOMPARE(address.size(), 1);
        QCOMPARE(address.first().first().toString(), kEmail);
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Checking);
        QVERIFY(d.countText().contains(QStringLiteral("Counting")));

        d.setCount(1920, 1920LL * 15000000);
        QVERIFY2(d.countText().contains(QStringLiteral("1,920 records")), qPrintable(d.countText()));
        QVERIFY(d.countText().contains(QStringLiteral("28.8 GB")));
        d.setLimit(100);
        QVERIFY(d.countText().contains(QStringLiteral("First 100 of 1,920")));
        QVERIFY(d.countText().contains(QStringLiteral("1.5 GB")));
        d.setLimit(0);
        d.setCount(1920, -1);
        QVERIFY(d.countText().contains(QStringLiteral("size unknown")));

        QCOMPARE(pending.size(), 0);
        d.setAddressCheck(kRegistered);
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Registered);
        QCOMPARE(pending.size(), 1); // asked once the address is known to be registered
        QCOMPARE(pending.first().first().toString(), kEmail);
        QVERIFY2(sendable(d), qPrintable(joined(d)));
        QVERIFY(!d.problemsLabel()->isVisible());
    }

    void buildsOptionsFromWhatIsShown()
    {
        ui::ExportDialog d(QStringLiteral("  ") + kRecordSet + QStringLiteral("  "), hmiStructure());
        makeReady(d);
        ExportRequestOptions o = d.options();
        QCOMPARE(o.recordSet, kRecordSet);
        QCOMPARE(o.recordSet, d.recordSetEdit()->text().trimmed());
        QCOMPARE(o.method, QStringLiteral("url_quick"));
        QCOMPARE(o.protocol, QStringLiteral("as-is"));
        QCOMPARE(o.filenameFormat, QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"));
        QCOMPARE(o.limit, 0);

        // Ticking a segment writes it into the field: what is shown is what is sent.
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        d.setSegments({QStringLiteral("continuum")});
        const QString withSegment = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]{continuum}");
        QCOMPARE(d.recordSetEdit()->text(), withSegment);
        QCOMPARE(d.options().recordSet, withSegment);
        QCOMPARE(count.size(), 1);
        QCOMPARE(count.first().first().toString(), withSegment);
        d.segmentList()->item(0)->setCheckState(Qt::Checked); // a click on magnetogram
        QCOMPARE(d.recordSetEdit()->text(), QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]{magnetogram,continuum}"));
        d.setSegments({});
        QCOMPARE(d.options().recordSet, kRecordSet);

        // Typing a segment list ticks the boxes.
        d.recordSetEdit()->setFocus();
        d.setRecordSetText(kRecordSet + QStringLiteral("{magnetogram}"));
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        QCOMPARE(d.segmentList()->item(0)->checkState(), Qt::Checked);
        QCOMPARE(d.segmentList()->item(1)->checkState(), Qt::Unchecked);

        d.setMethod(QStringLiteral("url-tar"));
        d.setProtocol(QStringLiteral("jpg"));
        d.setLimit(10);
        d.setCount(1920, 1920LL * 15000000);
        o = d.options();
        QCOMPARE(o.method, QStringLiteral("url-tar"));
        QCOMPARE(o.protocol, QStringLiteral("jpg,CT=grey.sao,scaling=MINMAX,size=1"));
        QCOMPARE(o.limit, 10);
        QVERIFY2(sendable(d), qPrintable(joined(d)));

        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        QVERIFY(d.submit(true));
        QCOMPARE(submitted.size(), 1);
        const auto sent = submitted.first().at(0).value<ExportRequestOptions>();
        QCOMPARE(sent.recordSet, kRecordSet + QStringLiteral("{magnetogram}"));
        QCOMPARE(sent.recordSet, d.recordSetEdit()->text());
        QCOMPARE(submitted.first().at(2).toBool(), true);
    }

    void emptyRecordSetIsRefused()
    {
        ui::ExportDialog d{QString(), SeriesStructure()};
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        QSignalSpy structure(&d, &ui::ExportDialog::structureRequested);
        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        d.requestInfo();
        d.setEmail(kEmail);
        d.setAddressCheck(kRegistered);
        QCOMPARE(count.size(), 0); // nothing to count
        QCOMPARE(structure.size(), 0);
        QVERIFY2(joined(d).contains(QStringLiteral("Type a record set")), qPrintable(joined(d)));
        QVERIFY(!d.fetchButton()->isEnabled());
        QVERIFY(!d.stageButton()->isEnabled());
        QVERIFY(d.problemsLabel()->text().contains(QStringLiteral("Type a record set")));
        // A count that arrives anyway (a confused server) does not make it sendable.
        d.setCount(5, 5000);
        QVERIFY(!d.submit(true));
        QCOMPARE(submitted.size(), 0);
        QVERIFY(d.recordSetEdit()->isEnabled() && !d.recordSetEdit()->isReadOnly());
    }

    void unreadableRecordSetIsRefused()
    {
        ui::ExportDialog d(QStringLiteral("hmi.M_45s[2012.01.01"), hmiStructure());
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        d.requestInfo();
        makeReady(d);
        QCOMPARE(count.size(), 0);
        QVERIFY2(joined(d).contains(QStringLiteral("cannot be read at character")), qPrintable(joined(d)));
        QVERIFY(!d.segmentList()->isEnabled()); // ticks cannot be written into text that does not read
        QVERIFY(!d.submit(false));
        // JSOC's forbidden characters are refused too.
        d.setRecordSetText(kRecordSet + QStringLiteral(";drop"));
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        d.setCount(1, 1);
        QVERIFY(!joined(d).isEmpty());
        QVERIFY(!d.submit(false));
    }

    // The bug: a record set naming another series was exported with the first series' segments.
    void otherSeriesWaitsForItsStructure()
    {
        const QString aia = QStringLiteral("aia.lev1_euv_12s[2014.01.01_00:00:00_TAI/1h]");
        ui::ExportDialog d(aia, hmiStructure());
        QSignalSpy structure(&d, &ui::ExportDialog::structureRequested);
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        d.requestInfo();
        QCOMPARE(structure.size(), 1);
        QCOMPARE(structure.first().first().toString(), QStringLiteral("aia.lev1_euv_12s"));
        QCOMPARE(count.size(), 1); // counting needs no structure
        makeReady(d);
        QVERIFY2(joined(d).contains(QStringLiteral("names aia.lev1_euv_12s, but the segments and file names shown are those of hmi.M_45s")),
                 qPrintable(joined(d)));
        QVERIFY(!d.segmentList()->isEnabled());
        QVERIFY(!d.submit(true));

        // A structure of another series (a late answer) changes nothing.
        d.setStructure(hmiStructure());
        QCOMPARE(d.structure().name, QStringLiteral("hmi.M_45s"));
        QVERIFY(!sendable(d));

        d.setStructure(aiaStructure());
        QCOMPARE(d.structure().name, QStringLiteral("aia.lev1_euv_12s"));
        QCOMPARE(d.segmentList()->count(), 2);
        QCOMPARE(d.segmentList()->item(0)->text(), QStringLiteral("image"));
        QVERIFY(d.segmentList()->isEnabled());
        QCOMPARE(d.options().filenameFormat, QStringLiteral("aia.lev1_euv_12s.{T_REC:A}.{WAVELNTH}.{segment}"));
        QVERIFY2(sendable(d), qPrintable(joined(d)));

        // Back to the first series: its structure is known, nothing is asked again.
        d.setRecordSetText(kRecordSet);
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        QCOMPARE(structure.size(), 1);
        QCOMPARE(d.structure().name, QStringLiteral("hmi.M_45s"));
        QCOMPARE(d.options().filenameFormat, QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"));

        // A series whose structure cannot be loaded is refused in words.
        d.setRecordSetText(QStringLiteral("hmi.nothing_here"));
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        QCOMPARE(structure.size(), 2);
        d.setStructureFailed(QStringLiteral("hmi.other"), QStringLiteral("wrong series")); // not this one: ignored
        QVERIFY(joined(d).contains(QStringLiteral("Loading the structure of hmi.nothing_here")));
        d.setStructureFailed(QStringLiteral("hmi.nothing_here"), QStringLiteral("JSOC: unknown series hmi.nothing_here"));
        QVERIFY2(joined(d).contains(QStringLiteral("could not be loaded (JSOC: unknown series hmi.nothing_here)")),
                 qPrintable(joined(d)));
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return); // Enter asks again
        QCOMPARE(structure.size(), 3);
    }

    void severalSeriesAndUnknownSegmentsAreRefused()
    {
        ui::ExportDialog d(kRecordSet + QStringLiteral(",aia.lev1_euv_12s[2014.01.01_TAI/1h]"), hmiStructure());
        QSignalSpy structure(&d, &ui::ExportDialog::structureRequested);
        d.requestInfo();
        makeReady(d);
        QCOMPARE(structure.size(), 0);
        QVERIFY2(joined(d).contains(QStringLiteral("several series (hmi.M_45s, aia.lev1_euv_12s)")), qPrintable(joined(d)));
        QVERIFY(!d.submit(true));

        d.setRecordSetText(kRecordSet + QStringLiteral("{magnetogram,bogus}"));
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        d.setCount(10, 10);
        QVERIFY2(joined(d).contains(QStringLiteral("has no segment \"bogus\" (it has magnetogram, continuum)")),
                 qPrintable(joined(d)));
        QVERIFY(!d.submit(true));
        d.setRecordSetText(kRecordSet + QStringLiteral("{**ALL**}"));
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        d.setCount(10, 10);
        QVERIFY2(sendable(d), qPrintable(joined(d)));
    }

    // A changed record set is counted again after the typing pause; an old answer is not taken for it.
    void typingRecountsAfterAPause()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        makeReady(d);
        QVERIFY(sendable(d));
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        d.recordSetEdit()->setFocus();
        d.recordSetEdit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(d.recordSetEdit(), QStringLiteral("{continuum}"));
        QVERIFY(!sendable(d)); // the old count is not this text's
        QCOMPARE(d.recordCount(), -1);
        QCOMPARE(count.size(), 0); // not one request per key
        d.setCount(1920, 1); // the answer for the old text
        QCOMPARE(d.recordCount(), -1);
        QVERIFY(count.wait(5000));
        QCOMPARE(count.size(), 1);
        QCOMPARE(count.first().first().toString(), kRecordSet + QStringLiteral("{continuum}"));
        QCOMPARE(d.segmentList()->item(1)->checkState(), Qt::Checked);
        d.setCount(1920, 1920LL * 1000);
        QVERIFY2(sendable(d), qPrintable(joined(d)));
    }

    // The count line under the record set changes with each keystroke and answer (one line, or a
    // count with a warning under it); the fields below it must not move.
    void fieldsStayStillWhileTheCountChanges()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        makeReady(d);
        QTRY_VERIFY(d.segmentList()->isVisible());
        const auto segmentsY = [&d] { return d.segmentList()->mapTo(&d, QPoint(0, 0)).y(); };
        QApplication::processEvents();
        const int oneLine = segmentsY();
        // Many records: the count gets a warning line under it.
        d.setCount(jsoc::kManyExportRecords + 1, (jsoc::kManyExportRecords + 1) * 1000);
        QApplication::processEvents();
        QCOMPARE(segmentsY(), oneLine);
        const int withWarning = segmentsY();
        d.recordSetEdit()->setFocus();
        d.recordSetEdit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(d.recordSetEdit(), QStringLiteral("{continuum}")); // "Counted again when you stop typing"
        QApplication::processEvents();
        QCOMPARE(segmentsY(), withWarning);
        d.setCount(3, 3 * 1000); // a small count: one line
        QApplication::processEvents();
        QCOMPARE(segmentsY(), withWarning);
    }

    void countRefusals()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.setEmail(kEmail);
        d.requestInfo();
        d.setAddressCheck(kRegistered);
        QVERIFY2(joined(d).contains(QStringLiteral("Waiting for the record count")), qPrintable(joined(d)));
        QVERIFY(!d.submit(true));
        d.setCountFailed(QStringLiteral("JSOC cannot be reached"));
        QVERIFY(d.countText().contains(QStringLiteral("could not be counted")));
        QVERIFY2(joined(d).contains(QStringLiteral("could not be counted (JSOC cannot be reached)")), qPrintable(joined(d)));
        QVERIFY(!d.submit(true));
        d.setCount(0, 0);
        QVERIFY(joined(d).contains(QStringLiteral("no records")));
        QVERIFY(!d.submit(true));
        d.setCount(-5, -7); // a lie: treated as unknown, never as sendable
        QVERIFY(!d.submit(true));
        d.setCount(3, -1); // size unknown does not block
        QVERIFY2(sendable(d), qPrintable(joined(d)));
        // The older, undirected error slot still blocks a count it was waiting for.
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        d.setError(QStringLiteral("Could not count the records: timeout"));
        QVERIFY(d.countText().contains(QStringLiteral("could not be counted")));
        QVERIFY(!sendable(d));
    }

    // The bug: the whole series (178.9 TB) was offered and sent although JSOC refuses over 100 GB.
    void overJsocsLimitIsRefused()
    {
        ui::ExportDialog d(QStringLiteral("hmi.M_45s"), hmiStructure());
        makeReady(d);
        const qint64 records = 11927000;
        d.setCount(records, 178'900'000'000'000LL);
        const QString all = joined(d);
        QVERIFY2(all.contains(QStringLiteral("JSOC refuses exports over 100 GB, and this one is about 178.9 TB")), qPrintable(all));
        QVERIFY(all.contains(QStringLiteral("a shorter time range, a cadence")));
        QVERIFY(all.contains(QStringLiteral("fewer segments")));
        QVERIFY(all.contains(QStringLiteral("processing that shrinks the files")));
        QVERIFY(d.problemsLabel()->text().contains(QStringLiteral("178.9 TB")));
        QVERIFY(!d.fetchButton()->isEnabled());
        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        QVERIFY(!d.submit(true));
        QCOMPARE(submitted.size(), 0);

        // A record limit brings it under.
        d.setLimit(1000);
        QVERIFY2(sendable(d), qPrintable(joined(d)));
        d.setLimit(0);
        QVERIFY(!sendable(d));

        // So does a rebin that JSOC can size: 1 TB, rebinned by 4 a side, is 62.5 GB.
        d.setCount(100000, 1'000'000'000'000LL);
        QVERIFY(!sendable(d));
        d.setMethod(QStringLiteral("url"));
        d.stepEditor()->addStep(QStringLiteral("rebin"));
        d.stepEditor()->setValue(0, QStringLiteral("scale"), QStringLiteral("0.25"));
        QVERIFY2(d.countText().contains(QStringLiteral("62.5 GB after processing (1.0 TB as stored)")), qPrintable(d.countText()));
        QVERIFY2(sendable(d), qPrintable(joined(d)));
        // A cutout in arcsec cannot be sized here: warned, not refused (JSOC decides).
        d.stepEditor()->removeCurrentStep();
        d.stepEditor()->addStep(QStringLiteral("im_patch"));
        d.stepEditor()->setValue(0, QStringLiteral("t_ref"), QStringLiteral("2012-01-01T00:00:00"));
        d.stepEditor()->setValue(0, QStringLiteral("x"), QStringLiteral("0"));
        d.stepEditor()->setValue(0, QStringLiteral("y"), QStringLiteral("0"));
        d.stepEditor()->setValue(0, QStringLiteral("width"), QStringLiteral("100"));
        d.stepEditor()->setValue(0, QStringLiteral("height"), QStringLiteral("100"));
        d.stepEditor()->setValue(0, QStringLiteral("boxunits"), QStringLiteral("arcsec"));
        QVERIFY2(d.countText().contains(QStringLiteral("size after processing is unknown")), qPrintable(d.countText()));
        QVERIFY2(!joined(d).contains(QStringLiteral("refuses exports over 100 GB")), qPrintable(joined(d)));
    }

    void addressRefusals()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        QSignalSpy address(&d, &ui::ExportDialog::addressCheckRequested);
        d.setCount(1920, 1920LL * 15000000);
        d.setEmail(QString());
        QVERIFY2(joined(d).contains(QStringLiteral("e-mail")), qPrintable(joined(d)));
        d.checkAddress(); // nothing to ask with no address
        QCOMPARE(address.size(), 0);
        d.setEmail(QStringLiteral("not an address"));
        d.checkAddress();
        QCOMPARE(address.size(), 0);
        QVERIFY(!d.submit(true));

        d.setEmail(kEmail);
        QVERIFY2(joined(d).contains(QStringLiteral("Check the e-mail address with JSOC first")), qPrintable(joined(d)));
        QVERIFY(!d.submit(true));
        d.checkAddress();
        QCOMPARE(address.size(), 1);
        QVERIFY(joined(d).contains(QStringLiteral("Waiting for JSOC to confirm")));
        QVERIFY(!d.submit(true));
        d.setAddressCheckFailed(QStringLiteral("JSOC answered HTTP 503"));
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Unchecked);
        QVERIFY(joined(d).contains(QStringLiteral("could not be checked (JSOC answered HTTP 503)")));
        QVERIFY(!d.submit(true));
        d.setAddressCheck(kUnregistered);
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Refused);
        QVERIFY(joined(d).contains(QStringLiteral("register_email")));
        QVERIFY(!d.submit(true));
        d.setAddressCheck({3, QStringLiteral("pending"), -1});
        QVERIFY(joined(d).contains(QStringLiteral("still pending")));
        QVERIFY(!d.submit(true));
        d.setAddressCheck(kRegistered);
        QVERIFY(d.submit(true));
    }

    void processingStepsAreChecked()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        makeReady(d);
        ui::ProcessingStepEditor *steps = d.stepEditor();
        steps->addStep(QStringLiteral("im_patch"));
        QCOMPARE(steps->currentStep(), 0);
        QVERIFY(joined(d).contains(QStringLiteral("need the method url")));
        QVERIFY(!d.submit(false));

        d.setMethod(QStringLiteral("url"));
        steps->setValue(0, QStringLiteral("t_ref"), QStringLiteral("2012-01-01T00:00:00"));
        steps->setValue(0, QStringLiteral("x"), QStringLiteral("-300"));
        steps->setValue(0, QStringLiteral("y"), QStringLiteral("200"));
        steps->setValue(0, QStringLiteral("width"), QStringLiteral("100"));
        steps->setValue(0, QStringLiteral("height"), QStringLiteral("0"));
        QVERIFY(!d.submit(false));
        steps->setValue(0, QStringLiteral("height"), QStringLiteral("100"));
        QVERIFY2(sendable(d), qPrintable(joined(d)));

        // A step the series refuses (AIA-only on HMI) blocks.
        steps->addStep(QStringLiteral("aia_scale_aialev1"));
        QVERIFY2(joined(d).contains(QStringLiteral("AIA")), qPrintable(joined(d)));
        QVERIFY(!d.fetchButton()->isEnabled());
        QVERIFY(!d.submit(false));
        steps->removeCurrentStep();
        QCOMPARE(steps->steps().size(), 1);

        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        QVERIFY(d.submit(false));
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(2).toBool(), false);
        const auto sent = submitted.first().at(0).value<ExportRequestOptions>();
        QCOMPARE(sent.processing, d.options().processing);
        QCOMPARE(sent.recordSet, kRecordSet);
        QCOMPARE(QSettings().value(QLatin1String(Preferences::kNotifyEmailKey)).toString(), kEmail);
    }

    void emptyFolderBlocks()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        makeReady(d);
        d.setFolder(QString());
        QVERIFY(joined(d).contains(QStringLiteral("folder")));
        QVERIFY(!d.submit(true));
    }

    // Enter never sends: not in any field, not even when everything is ready.
    void enterNeverSubmits()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        for (QPushButton *button : d.findChildren<QPushButton *>()) {
            QVERIFY2(!button->isDefault() && !button->autoDefault(), qPrintable(button->text()));
        }
        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        QSignalSpy address(&d, &ui::ExportDialog::addressCheckRequested);
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);

        // Enter in the e-mail field checks the address, it does not send.
        d.emailEdit()->setFocus();
        d.emailEdit()->clear();
        QTest::keyClicks(d.emailEdit(), kEmail);
        QTest::keyClick(d.emailEdit(), Qt::Key_Return);
        QCOMPARE(address.size(), 1);
        QCOMPARE(address.first().first().toString(), kEmail);
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Checking);
        QTest::keyClick(d.emailEdit(), Qt::Key_Enter);
        QCOMPARE(submitted.size(), 0);

        // Enter in the record-set field counts it.
        QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
        QCOMPARE(count.size(), 1);
        d.setCount(1920, 1920LL * 15000000);
        d.setAddressCheck(kRegistered);
        QVERIFY2(sendable(d), qPrintable(joined(d)));

        // Ready, and still Enter anywhere sends nothing.
        QList<QWidget *> fields;
        for (QLineEdit *edit : d.findChildren<QLineEdit *>())
            if (edit->isVisible() && edit != d.emailEdit())
                fields.append(edit);
        for (QSpinBox *spin : d.findChildren<QSpinBox *>())
            if (spin->isVisible())
                fields.append(spin);
        for (QComboBox *combo : d.findChildren<QComboBox *>())
            if (combo->isVisible())
                fields.append(combo);
        fields.append(d.segmentList());
        for (QPushButton *button : d.findChildren<QPushButton *>())
            if (button->isVisible() && button->text() != QStringLiteral("Choose…"))
                fields.append(button);
        QVERIFY(fields.size() >= 6);
        for (QWidget *field : std::as_const(fields)) {
            field->setFocus();
            QTest::keyClick(field, Qt::Key_Return);
            QTest::keyClick(field, Qt::Key_Enter);
            QVERIFY2(submitted.isEmpty(), qPrintable(field->metaObject()->className()));
            QVERIFY(d.isVisible());
        }
        QTest::keyClick(&d, Qt::Key_Return);
        QCOMPARE(submitted.size(), 0);
        QVERIFY(d.isVisible());
    }

    void pendingRequestIsShownAndCanBeCancelled()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        makeReady(d);
        QSignalSpy cancel(&d, &ui::ExportDialog::cancelPendingRequested);
        QCOMPARE(d.pendingText(), QString());

        PendingRequestCheck pending;
        pending.answer = PendingRequestCheck::Answer::Pending;
        pending.status = 2;
        pending.requestId = QStringLiteral("JSOC_20261204_017");
        pending.started = QDateTime(QDate(2026, 12, 4), QTime(10, 15), Qt::UTC);
        pending.message = QStringLiteral("Request JSOC_20261204_017 pending since 2026.12.04_10:15:00_UTC");
        d.setPendingRequest(pending);
        const QString text = d.pendingText();
        QVERIFY2(text.contains(QStringLiteral("JSOC still has request JSOC_20261204_017 pending for this address since "
                                              "2026-12-04 10:15 UTC (it stops blocking new requests at 2026-12-04 11:15 UTC)")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("waits in the queue here")));
        QVERIFY2(sendable(d), qPrintable(joined(d))); // a pending request does not block sending
        QPushButton *button = d.pendingNote()->cancelButton();
        QCOMPARE(button->text(), QStringLiteral("Cancel it at JSOC"));
        QVERIFY(!button->isHidden());
        button->click();
        QCOMPARE(cancel.size(), 1);
        QCOMPARE(cancel.first().first().toString(), kEmail);
        QVERIFY(!button->isEnabled()); // one cancel at a time

        PendingRequestCheck cancelled = pending;
        cancelled.answer = PendingRequestCheck::Answer::Cancelled;
        d.setPendingRequest(cancelled);
        QVERIFY(d.pendingText().contains(QStringLiteral("cancelled request JSOC_20261204_017")));
        QVERIFY(button->isHidden());

        PendingRequestCheck unknownStart = pending;
        unknownStart.started = QDateTime();
        unknownStart.requestId.clear();
        d.setPendingRequest(unknownStart);
        QVERIFY2(d.pendingText().contains(QStringLiteral("a request pending for this address (it did not say since when")),
                 qPrintable(d.pendingText()));

        PendingRequestCheck odd;
        odd.answer = PendingRequestCheck::Answer::Unknown;
        odd.status = 42;
        d.setPendingRequest(odd);
        QVERIFY(d.pendingText().contains(QStringLiteral("status 42")));

        d.setPendingRequest(PendingRequestCheck{PendingRequestCheck::Answer::NoPending, 1, {}, {}, {}});
        QCOMPARE(d.pendingText(), QString());

        // An answer for an address that was edited since is not shown.
        d.setEmail(QStringLiteral("other@example.org"));
        d.setPendingRequest(pending);
        QCOMPARE(d.pendingText(), QString());
    }

    // A structure that lies (blank, doubled or unwritable segment names) gives no box that would
    // write a wrong {…} list.
    void hostileStructureGivesNoBadSegments()
    {
        SeriesStructure lying = hmiStructure();
        SegmentInfo blank;
        SegmentInfo comma;
        comma.name = QStringLiteral("b,c");
        SegmentInfo brace;
        brace.name = QStringLiteral("x}y");
        SegmentInfo twice = lying.segments.first();
        twice.name = twice.name.toUpper();
        lying.segments += {blank, comma, brace, twice};
        ui::ExportDialog d(kRecordSet, lying);
        QCOMPARE(d.segmentList()->count(), 2);
        QCOMPARE(d.segmentList()->item(0)->text(), QStringLiteral("magnetogram"));
        QCOMPARE(d.segmentList()->item(1)->text(), QStringLiteral("continuum"));
        // An empty structure answered for the record set's series changes nothing.
        d.setStructure(SeriesStructure());
        QCOMPARE(d.structure().name, QStringLiteral("hmi.M_45s"));
    }

    // Random record-set text (as typed or pasted): never sendable before a count, never a crash,
    // and what would be sent is always the text shown.
    void randomRecordSetTextIsHandled()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        makeReady(d);
        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        QRandomGenerator random(20261204);
        const QString alphabet = QStringLiteral("hmi.M_45saia[]{}?!:#@/-,=;'\" 0123456789TAI_*^$\\\t");
        for (int round = 0; round < 400; ++round) {
            QString text;
            const int length = random.bounded(40);
            for (int i = 0; i < length; ++i)
                text += alphabet.at(random.bounded(int(alphabet.size())));
            if (round % 3 == 0)
                text.prepend(kRecordSet.left(random.bounded(int(kRecordSet.size()))));
            d.setRecordSetText(text);
            QTest::keyClick(d.recordSetEdit(), Qt::Key_Return);
            QCOMPARE(d.options().recordSet, d.recordSetEdit()->text().trimmed());
            QVERIFY(!d.problems().isEmpty()); // not counted yet
            QVERIFY(!d.submit(true));
            if (round % 5 == 0 && random.bounded(2))
                d.setStructure(aiaStructure()); // answers for whatever was asked
        }
        QCOMPARE(submitted.size(), 0);
    }

    // The suggestion counts files as JSOC lists them: records x segments (none ticked: all of them).
    void tarIsSuggestedFromTheFileCount()
    {
        ui::ExportDialog d(kRecordSet + QStringLiteral("{magnetogram}"), hmiStructure());
        makeReady(d);
        d.setMethod(QStringLiteral("url"));
        QCOMPARE(d.options().recordSet, kRecordSet + QStringLiteral("{magnetogram}"));
        d.setCount(kTarSuggestionMinFiles - 1, -1);
        QCOMPARE(d.expectedFileCount(), kTarSuggestionMinFiles - 1);
        QVERIFY(d.tarNote()->isHidden());
        d.setCount(kTarSuggestionMinFiles, -1);
        QCOMPARE(d.expectedFileCount(), kTarSuggestionMinFiles);
        QVERIFY(!d.tarNote()->isHidden());
        QCOMPARE(d.tarLabel()->text().contains(suggestTarExport(kTarSuggestionMinFiles).sentence.toHtmlEscaped()), true);
        QVERIFY2(sendable(d), qPrintable(joined(d))); // advice, never a refusal

        // 50 records of two segments are 100 files: ticking none means all segments.
        d.setSegments({});
        d.setCount(50, -1);
        QCOMPARE(d.expectedFileCount(), 100);
        QVERIFY(!d.tarNote()->isHidden());
        d.setSegments({QStringLiteral("continuum")});
        d.setCount(50, -1);
        QCOMPARE(d.expectedFileCount(), 50);
        QVERIFY(d.tarNote()->isHidden());
        // A record limit lowers the files too.
        d.setSegments({});
        d.setCount(1920, -1);
        d.setLimit(10);
        QCOMPARE(d.expectedFileCount(), 20);
        QVERIFY(d.tarNote()->isHidden());
        d.setLimit(0);
        QCOMPARE(d.expectedFileCount(), 3840);
        QVERIFY(!d.tarNote()->isHidden());

        // The button switches the method, and url-tar needs no suggestion.
        d.tarButton()->click();
        QCOMPARE(d.options().method, QStringLiteral("url-tar"));
        QVERIFY(d.tarNote()->isHidden());
        QVERIFY2(sendable(d), qPrintable(joined(d)));
        d.setMethod(QStringLiteral("url_quick"));
        QVERIFY(!d.tarNote()->isHidden());
        // Over JSOC's 100 GB the refusal speaks; no advice on a request that cannot go.
        d.setCount(1920, 200'000'000'000LL);
        QVERIFY(!joined(d).isEmpty());
        QVERIFY(d.tarNote()->isHidden());
    }

    void tarIsNotSuggestedBeforeTheCount()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.setMethod(QStringLiteral("url"));
        QCOMPARE(d.expectedFileCount(), -1);
        QVERIFY(d.tarNote()->isHidden());
        d.setCountFailed(QStringLiteral("JSOC did not answer"));
        QVERIFY(d.tarNote()->isHidden());
    }

    void screenshot()
    {
        const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set JSOC_SCREENSHOT_DIR to render export-dialog.png");
        QSettings().setValue(QLatin1String(Preferences::kDownloadFolderKey), QStringLiteral("/home/me/Downloads/JSOC"));
        ui::ExportDialog d(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]"), hmiStructure());
        d.setEmail(kEmail);
        d.setMethod(QStringLiteral("url"));
        d.setProtocol(QStringLiteral("fits"));
        d.setSegments({QStringLiteral("magnetogram")});
        d.setCount(3840, 3840LL * 15200000);
        d.setAddressCheck(kRegistered);
        d.stepEditor()->addStep(QStringLiteral("im_patch"));
        d.stepEditor()->setValue(0, QStringLiteral("t_ref"), QStringLiteral("2012-01-01T12:00:00"));
        d.stepEditor()->setValue(0, QStringLiteral("x"), QStringLiteral("-517.2"));
        d.stepEditor()->setValue(0, QStringLiteral("y"), QStringLiteral("-246"));
        d.stepEditor()->setValue(0, QStringLiteral("width"), QStringLiteral("345.6"));
        d.stepEditor()->setValue(0, QStringLiteral("height"), QStringLiteral("345.6"));
        d.stepEditor()->setValue(0, QStringLiteral("boxunits"), QStringLiteral("pixels"));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.resize(d.width(), std::max(d.sizeHint().height(), d.heightForWidth(d.width())));
        QVERIFY(d.grab().save(dir + QStringLiteral("/export-dialog.png")));
    }

    void screenshotRefusal()
    {
        const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set JSOC_SCREENSHOT_DIR to render export-dialog-refusal.png");
        QSettings().setValue(QLatin1String(Preferences::kDownloadFolderKey), QStringLiteral("/home/me/Downloads/JSOC"));
        ui::ExportDialog d(QStringLiteral("hmi.M_45s"), hmiStructure());
        d.setEmail(QStringLiteral("new.user@example.org"));
        d.setCount(11927000, 178'900'000'000'000LL);
        d.setAddressCheck(kUnregistered);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.resize(d.width(), std::max(d.heightForWidth(d.width()), d.minimumSizeHint().height()));
        QVERIFY(!d.fetchButton()->isEnabled());
        QVERIFY(d.grab().save(dir + QStringLiteral("/export-dialog-refusal.png")));
    }

    void screenshotPending()
    {
        const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set JSOC_SCREENSHOT_DIR to render export-dialog-pending.png");
        QSettings().setValue(QLatin1String(Preferences::kDownloadFolderKey), QStringLiteral("/home/me/Downloads/JSOC"));
        ui::ExportDialog d(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]{magnetogram}"), hmiStructure());
        makeReady(d);
        d.setMethod(QStringLiteral("url"));
        d.setProtocol(QStringLiteral("fits"));
        PendingRequestCheck pending;
        pending.answer = PendingRequestCheck::Answer::Pending;
        pending.status = 2;
        pending.requestId = QStringLiteral("JSOC_20261204_017");
        pending.started = QDateTime(QDate(2026, 12, 4), QTime(10, 15), Qt::UTC);
        d.setPendingRequest(pending);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.resize(d.width(), std::max(d.heightForWidth(d.width()), d.minimumSizeHint().height()));
        QVERIFY(d.fetchButton()->isEnabled());
        QVERIFY(d.grab().save(dir + QStringLiteral("/export-dialog-pending.png")));
    }

    void screenshotTar()
    {
        const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set JSOC_SCREENSHOT_DIR to render export-dialog-tar.png");
        QSettings().setValue(QLatin1String(Preferences::kDownloadFolderKey), QStringLiteral("/home/me/Downloads/JSOC"));
        ui::ExportDialog d(QStringLiteral("aia.lev1_euv_12s[2014.01.01_TAI/1d@1m][171]{image}"), aiaStructure());
        makeReady(d);
        d.setCount(1440, 1440LL * 11'500'000);
        d.setMethod(QStringLiteral("url"));
        d.setProtocol(QStringLiteral("fits"));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.resize(d.width(), std::max(d.heightForWidth(d.width()), d.minimumSizeHint().height()));
        QVERIFY(d.tarNote()->isVisible());
        QVERIFY(d.fetchButton()->isEnabled());
        QVERIFY(d.grab().save(dir + QStringLiteral("/export-dialog-tar.png")));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
