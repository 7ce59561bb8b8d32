// The argument checks of the export dialog (model/exports/ExportOptionsCheck.h): every message a user can
// meet before a request is sent, and the protocol / process texts that go on the wire.
#include "model/exports/ExportOptionsCheck.h"

#include <QTest>

using namespace jsoc;

namespace {

ExportRequestOptions validOptions()
{
    ExportRequestOptions o;
    o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/3m]{magnetogram}");
    o.notify = QStringLiteral("user@example.org");
    o.method = QStringLiteral("url");
    o.protocol = QStringLiteral("fits");
    return o;
}

bool anyContains(const QStringList &messages, const QString &text)
{
    for (const QString &m : messages)
        if (m.contains(text, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

class TestExportOptions final : public QObject
{
    Q_OBJECT

private slots:
    void validRequestHasNoProblems()
    {
        QCOMPARE(checkExportOptions(validOptions()), QStringList());
        ExportRequestOptions quick = validOptions();
        quick.method = QStringLiteral("url_quick");
        quick.protocol = QStringLiteral("as-is");
        QCOMPARE(checkExportOptions(quick), QStringList());
    }

    void recordSetProblems()
    {
        ExportRequestOptions o = validOptions();
        o.recordSet.clear();
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("no record set")));
        o.recordSet = QStringLiteral("hmi.M_45s[2012.01.01");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("cannot be read")));
        o.recordSet = QStringLiteral("hmi.M_45s[? QUALITY=0; drop ?]");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("';'")));
        o.recordSet = QStringLiteral("hmi.M_45s[? T_OBS='x ?]");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("single quote")));
    }

    void emailMethodProtocolLimit()
    {
        QVERIFY(checkEmailSyntax(QStringLiteral("a@b.org")).isEmpty());
        QVERIFY(checkEmailSyntax(QString()).contains(QStringLiteral("registered")));
        QVERIFY(!checkEmailSyntax(QStringLiteral("no-at-sign.org")).isEmpty());
        QVERIFY(!checkEmailSyntax(QStringLiteral("a@b")).isEmpty());
        QVERIFY(!checkEmailSyntax(QStringLiteral("a b@c.org")).isEmpty());
        ExportRequestOptions o = validOptions();
        o.method = QStringLiteral("ftp");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("Unknown method")));
        o = validOptions();
        o.protocol = QStringLiteral("png");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("Unknown protocol")));
        o = validOptions();
        o.limit = -3;
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("negative")));
    }

    void filenameFormat()
    {
        QVERIFY(checkFilenameFormat(QString()).isEmpty());
        QVERIFY(checkFilenameFormat(QStringLiteral("hmi.m_45s.{T_REC:A}.{CAMERA}.{segment}")).isEmpty());
        QVERIFY(anyContains(checkFilenameFormat(QStringLiteral("a/{segment}")), QStringLiteral("'/'")));
        QVERIFY(anyContains(checkFilenameFormat(QStringLiteral("x.{segment")), QStringLiteral("unbalanced")));
        QVERIFY(anyContains(checkFilenameFormat(QStringLiteral("x.segment}")), QStringLiteral("unbalanced")));
        QVERIFY(anyContains(checkFilenameFormat(QStringLiteral("x.{}.fits")), QStringLiteral("empty field")));
        QVERIFY(anyContains(checkFilenameFormat(QStringLiteral("same.fits")), QStringLiteral("same name")));
    }

    void imageProtocol()
    {
        ImageProtocolOptions image;
        QCOMPARE(protocolText(QStringLiteral("jpg"), image), QStringLiteral("jpg,CT=grey.sao,scaling=MINMAX,size=1"));
        QCOMPARE(protocolText(QStringLiteral("fits"), image), QStringLiteral("fits"));
        QVERIFY(checkImageProtocol(image).isEmpty());
        image.colourTable = QStringLiteral("rainbow");
        QVERIFY(anyContains(checkImageProtocol(image), QStringLiteral("colour table")));
        image = {};
        image.scaling = QStringLiteral("MINMAXGIVEN");
        QVERIFY(anyContains(checkImageProtocol(image), QStringLiteral("numeric minimum")));
        image.min = QStringLiteral("100");
        image.max = QStringLiteral("-100");
        QVERIFY(anyContains(checkImageProtocol(image), QStringLiteral("below")));
        image.max = QStringLiteral("500");
        QVERIFY(checkImageProtocol(image).isEmpty());
        QCOMPARE(protocolText(QStringLiteral("mp4"), image),
                 QStringLiteral("mp4,CT=grey.sao,scaling=MINMAXGIVEN,size=1,min=100,max=500"));
        image.size = 0;
        QVERIFY(anyContains(checkImageProtocol(image), QStringLiteral("size")));
    }

    void imPatchArguments()
    {
        ProcessingStep step = defaultProcessingStep(QStringLiteral("im_patch"));
        const QStringList missing = checkProcessingStep(step);
        QVERIFY(anyContains(missing, QStringLiteral("Reference time is needed")));
        QVERIFY(anyContains(missing, QStringLiteral("Width is needed")));
        step.setValue(QStringLiteral("t_ref"), QStringLiteral("2025-01-01T04:33:30.000"));
        step.setValue(QStringLiteral("x"), QStringLiteral("-517.2"));
        step.setValue(QStringLiteral("y"), QStringLiteral("-246"));
        step.setValue(QStringLiteral("width"), QStringLiteral("345.6"));
        step.setValue(QStringLiteral("height"), QStringLiteral("345.6"));
        QCOMPARE(checkProcessingStep(step), QStringList());
        QCOMPARE(processingText({step}),
                 QStringLiteral("im_patch,t_ref=2025-01-01T04:33:30.000,t=0,r=0,c=0,locunits=arcsec,boxunits=arcsec,"
                                "x=-517.2,y=-246,width=345.6,height=345.6"));
        QCOMPARE(parseProcessingText(processingText({step})), QList<ProcessingStep>{step});

        ProcessingStep bad = step;
        bad.setValue(QStringLiteral("width"), QStringLiteral("-1"));
        QVERIFY(anyContains(checkProcessingStep(bad), QStringLiteral("above 0")));
        bad = step;
        bad.setValue(QStringLiteral("x"), QStringLiteral("left"));
        QVERIFY(anyContains(checkProcessingStep(bad), QStringLiteral("must be a number")));
        bad = step;
        bad.setValue(QStringLiteral("t_ref"), QStringLiteral("yesterday"));
        QVERIFY(anyContains(checkProcessingStep(bad), QStringLiteral("not a time")));
        bad = step;
        bad.setValue(QStringLiteral("locunits"), QStringLiteral("furlongs"));
        QVERIFY(anyContains(checkProcessingStep(bad), QStringLiteral("one of arcsec")));
        bad = step;
        bad.setValue(QStringLiteral("x"), QStringLiteral("1,2"));
        QVERIFY(anyContains(checkProcessingStep(bad), QStringLiteral("separate the arguments")));
        bad = step;
        bad.setValue(QStringLiteral("zoom"), QStringLiteral("2"));
        QVERIFY(anyContains(checkProcessingStep(bad), QStringLiteral("no argument \"zoom\"")));
    }

    void otherSteps()
    {
        for (const ProcessingStepSpec &spec : processingStepSpecs()) {
            const ProcessingStep step = defaultProcessingStep(spec.name);
            const bool allDefaults = std::all_of(spec.fields.cbegin(), spec.fields.cend(),
                                                 [](const ProcessingField &f) { return !f.defaultValue.isEmpty(); });
            QCOMPARE(checkProcessingStep(step, QStringLiteral("aia.lev1_euv_12s")).isEmpty(), allDefaults);
        }
        ProcessingStep rebin = defaultProcessingStep(QStringLiteral("rebin"));
        QCOMPARE(processingText({rebin}), QStringLiteral("rebin,scale=0.5,method=boxcar"));
        rebin.setValue(QStringLiteral("scale"), QStringLiteral("0"));
        QVERIFY(anyContains(checkProcessingStep(rebin), QStringLiteral("above 0")));
        const ProcessingStep aia = defaultProcessingStep(QStringLiteral("aia_scale_aialev1"));
        QVERIFY(checkProcessingStep(aia, QStringLiteral("aia.lev1_euv_12s")).isEmpty());
        QVERIFY(anyContains(checkProcessingStep(aia, QStringLiteral("hmi.M_45s")), QStringLiteral("AIA series only")));
        QVERIFY(anyContains(checkProcessingStep({QStringLiteral("Maproj"), {}}), QStringLiteral("Unknown processing step")));
    }

    void processingInRequest()
    {
        ExportRequestOptions o = validOptions();
        o.processing = processingText({defaultProcessingStep(QStringLiteral("rebin"))});
        QCOMPARE(checkExportOptions(o), QStringList());
        o.method = QStringLiteral("url_quick");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("need the method url")));
        o.method = QStringLiteral("url");
        o.processing = o.processing + QLatin1Char('|') + o.processing;
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("appears twice")));
        o.processing = processingText({defaultProcessingStep(QStringLiteral("aia_scale_orig"))});
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("AIA series only")));
    }

    void requestIds()
    {
        QVERIFY(checkRequestId(QStringLiteral("JSOC_20140101_123")).isEmpty());
        QVERIFY(checkRequestId(QStringLiteral(" JSOC_20200410_003_IN ")).isEmpty());
        QVERIFY(checkRequestId(QStringLiteral("JSOC_20200410_003_X_IN")).isEmpty());
        QVERIFY(!checkRequestId(QString()).isEmpty());
        QVERIFY(checkRequestId(QStringLiteral("JSOC_2014_1")).contains(QStringLiteral("JSOC_20140101_123")));
        QVERIFY(!checkRequestId(QStringLiteral("jsoc_20140101_123; rm")).isEmpty());
    }

    void addressAdvice()
    {
        const QString email = QStringLiteral("me@example.org");
        QVERIFY(addressCheckAdvice(email, {2, QStringLiteral("Email address is valid and registered."), 7}).isEmpty());
        const QString pending = addressCheckAdvice(email, {3, QStringLiteral("pending"), -1});
        QVERIFY(pending.contains(QStringLiteral("pending")) && pending.contains(QStringLiteral("confirmation")));
        const QString unknown = addressCheckAdvice(email, {4, QStringLiteral("neither"), -1});
        QVERIFY(unknown.contains(QStringLiteral("not registered")) && unknown.contains(QStringLiteral("register_email")));
        QVERIFY(addressCheckAdvice(email, {-2, QStringLiteral("Not a valid email address."), -1}).contains(QStringLiteral("Correct")));
        QVERIFY(addressCheckAdvice(email, {-6, QString(), -1}).contains(QStringLiteral("status -6")));
    }
};

QTEST_GUILESS_MAIN(TestExportOptions)
#include "tst_exportoptions.moc"
