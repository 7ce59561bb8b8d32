// ui::ExportDialog on its own (no network): what it asks for, how it shows the answers, the
// options it builds (protocol text, segments, processing steps, limit, file-name format) and that
// it refuses to send while a check fails. With JSOC_SCREENSHOT_DIR set, renders export-dialog.png.
#include "model/common/Preferences.h"
#include "ui/ExportDialog.h"
#include "ui/ProcessingStepEditor.h"

#include <QSettings>
#include <QSignalSpy>
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

const QString kRecordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]");

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
        QSettings().setValue(QLatin1String(Preferences::kNotifyEmailKey), QStringLiteral("me@example.org"));
        ui::ExportDialog d(kRecordSet, hmiStructure());
        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        QSignalSpy address(&d, &ui::ExportDialog::addressCheckRequested);
        d.requestInfo();
        QCOMPARE(count.size(), 1);
        QCOMPARE(count.first().first().toString(), kRecordSet);
        QCOMPARE(address.size(), 1);
        QCOMPARE(address.first().first().toString(), QStringLiteral("me@example.org"));
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Checking);
        QVERIFY(d.countText().contains(QStringLiteral("Counting")));

        d.setCount(1920, 1920LL * 15000000);
        QVERIFY2(d.countText().contains(QStringLiteral("1,920 records")), qPrintable(d.countText()));
        QVERIFY(d.countText().contains(QStringLiteral("28.8 GB")));
        d.setLimit(100);
        QVERIFY(d.countText().contains(QStringLiteral("First 100 of 1,920")));
        QVERIFY(d.countText().contains(QStringLiteral("1.5 GB")));
        d.setLimit(0);
        d.setCount(200000, 200000LL * 15000000);
        QVERIFY(d.countText().contains(QStringLiteral("100 GB")));
        d.setCount(0, 0);
        QVERIFY(d.problems().join(QLatin1Char(' ')).contains(QStringLiteral("no records")));
        d.setCount(1920, -1);
        QVERIFY(d.countText().contains(QStringLiteral("size unknown")));
        d.setError(QStringLiteral("Could not count the records: JSOC cannot be reached"));
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Unchecked);

        d.setAddressCheck({2, QStringLiteral("Email address is valid and registered."), 3});
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Registered);
        QVERIFY2(d.problems().isEmpty(), qPrintable(d.problems().join(QLatin1Char('\n'))));
        d.setAddressCheck({4, QStringLiteral("email address has been neither validated nor registered"), -1});
        QCOMPARE(d.addressState(), ui::ExportDialog::AddressState::Refused);
        QVERIFY(d.problems().join(QLatin1Char(' ')).contains(QStringLiteral("register_email")));
        QVERIFY(!d.submit(true));
    }

    void buildsOptions()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.setEmail(QStringLiteral("me@example.org"));
        ExportRequestOptions o = d.options();
        QCOMPARE(o.recordSet, kRecordSet);
        QCOMPARE(o.method, QStringLiteral("url_quick"));
        QCOMPARE(o.protocol, QStringLiteral("as-is"));
        QCOMPARE(o.filenameFormat, QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}"));
        QCOMPARE(o.limit, 0);

        QSignalSpy count(&d, &ui::ExportDialog::countRequested);
        d.setSegments({QStringLiteral("continuum")});
        QCOMPARE(d.options().recordSet, QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]{continuum}"));
        QCOMPARE(count.size(), 1);
        d.setSegments({});
        QCOMPARE(d.options().recordSet, kRecordSet);

        d.setMethod(QStringLiteral("url-tar"));
        d.setProtocol(QStringLiteral("jpg"));
        d.setLimit(10);
        o = d.options();
        QCOMPARE(o.method, QStringLiteral("url-tar"));
        QCOMPARE(o.protocol, QStringLiteral("jpg,CT=grey.sao,scaling=MINMAX,size=1"));
        QCOMPARE(o.limit, 10);
        QVERIFY2(d.problems().isEmpty(), qPrintable(d.problems().join(QLatin1Char('\n'))));
    }

    void processingStepsAreChecked()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.setEmail(QStringLiteral("me@example.org"));
        ui::ProcessingStepEditor *steps = d.stepEditor();
        steps->addStep(QStringLiteral("im_patch"));
        QCOMPARE(steps->currentStep(), 0);
        const QString all = d.problems().join(QLatin1Char('\n'));
        QVERIFY(all.contains(QStringLiteral("Reference time is needed")));
        QVERIFY(all.contains(QStringLiteral("need the method url")));
        QVERIFY(!d.submit(false));

        d.setMethod(QStringLiteral("url"));
        steps->setValue(0, QStringLiteral("t_ref"), QStringLiteral("2012-01-01T00:00:00"));
        steps->setValue(0, QStringLiteral("x"), QStringLiteral("-300"));
        steps->setValue(0, QStringLiteral("y"), QStringLiteral("200"));
        steps->setValue(0, QStringLiteral("width"), QStringLiteral("100"));
        steps->setValue(0, QStringLiteral("height"), QStringLiteral("0"));
        QVERIFY(d.problems().join(QLatin1Char(' ')).contains(QStringLiteral("above 0")));
        steps->setValue(0, QStringLiteral("height"), QStringLiteral("100"));
        QVERIFY2(d.problems().isEmpty(), qPrintable(d.problems().join(QLatin1Char('\n'))));
        QVERIFY(d.options().processing.startsWith(QStringLiteral("im_patch,t_ref=2012-01-01T00:00:00,t=0")));

        steps->addStep(QStringLiteral("aia_scale_aialev1"));
        QVERIFY(d.problems().join(QLatin1Char(' ')).contains(QStringLiteral("AIA series only")));
        steps->removeCurrentStep();
        QCOMPARE(steps->steps().size(), 1);

        QSignalSpy submitted(&d, &ui::ExportDialog::submitted);
        QVERIFY(d.submit(false));
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(2).toBool(), false);
        const auto sent = submitted.first().at(0).value<ExportRequestOptions>();
        QCOMPARE(sent.processing, d.options().processing);
        QCOMPARE(QSettings().value(QLatin1String(Preferences::kNotifyEmailKey)).toString(), QStringLiteral("me@example.org"));
    }

    void emptyFolderAndEmailBlock()
    {
        ui::ExportDialog d(kRecordSet, hmiStructure());
        d.setFolder(QString());
        const QString all = d.problems().join(QLatin1Char('\n'));
        QVERIFY(all.contains(QStringLiteral("folder")));
        QVERIFY(all.contains(QStringLiteral("e-mail")));
        QSignalSpy address(&d, &ui::ExportDialog::addressCheckRequested);
        d.checkAddress(); // nothing to ask with no address
        QCOMPARE(address.size(), 0);
    }

    void screenshot()
    {
        const QString dir = qEnvironmentVariable("JSOC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set JSOC_SCREENSHOT_DIR to render export-dialog.png");
        QSettings().setValue(QLatin1String(Preferences::kDownloadFolderKey), QStringLiteral("/home/me/Downloads/JSOC"));
        ui::ExportDialog d(QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/1d]"), hmiStructure());
        d.setEmail(QStringLiteral("me@example.org"));
        d.setMethod(QStringLiteral("url"));
        d.setProtocol(QStringLiteral("fits"));
        d.setSegments({QStringLiteral("magnetogram")});
        d.setCount(3840, 3840LL * 15200000);
        d.setAddressCheck({2, QStringLiteral("Email address is valid and registered."), 3});
        d.stepEditor()->addStep(QStringLiteral("im_patch"));
        d.stepEditor()->setValue(0, QStringLiteral("t_ref"), QStringLiteral("2012-01-01T12:00:00"));
        d.stepEditor()->setValue(0, QStringLiteral("x"), QStringLiteral("-517.2"));
        d.stepEditor()->setValue(0, QStringLiteral("y"), QStringLiteral("-246"));
        d.stepEditor()->setValue(0, QStringLiteral("width"), QStringLiteral("345.6"));
        d.stepEditor()->setValue(0, QStringLiteral("height"), QStringLiteral("345.6"));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(d.grab().save(dir + QStringLiteral("/export-dialog.png")));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
