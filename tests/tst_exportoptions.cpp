// The argument checks of the export dialog (model/exports/ExportOptionsCheck.h): every message a user can
// meet before a request is sent, and the protocol / process texts that go on the wire.
#include "model/exports/ExportOptionsCheck.h"
#include "model/exports/ProcessingSizeRatio.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

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

QStringList keysOf(const QString &step)
{
    QStringList keys;
    if (const ProcessingStepSpec *spec = processingStepSpec(step))
        for (const ProcessingField &f : spec->fields)
            keys.append(f.key);
    return keys;
}

// A value each field accepts on its own (ranges respected), for round trips.
QString sampleValue(const ProcessingField &f)
{
    using Kind = ProcessingField::Kind;
    switch (f.kind) {
    case Kind::Number:
        return QStringLiteral("12.5");
    case Kind::PositiveNumber:
        return QStringLiteral("1.5");
    case Kind::Integer:
        return QStringLiteral("2");
    case Kind::Flag:
        return QStringLiteral("1");
    case Kind::Choice:
        return f.choices.last();
    case Kind::Time:
        return QStringLiteral("2014-01-01T00:00:00");
    case Kind::Duration:
        return QStringLiteral("720s");
    }
    return {};
}

ProcessingStep validImPatch()
{
    ProcessingStep step = defaultProcessingStep(QStringLiteral("im_patch"));
    step.setValue(QStringLiteral("t_ref"), QStringLiteral("2012-01-01T00:00:00"));
    step.setValue(QStringLiteral("x"), QStringLiteral("-300"));
    step.setValue(QStringLiteral("y"), QStringLiteral("200"));
    step.setValue(QStringLiteral("width"), QStringLiteral("100"));
    step.setValue(QStringLiteral("height"), QStringLiteral("100"));
    return step;
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

    // The nine steps of JSOC's export page, each with the argument names its module reads.
    void catalogueHasTheNineStepsWithTheirRealArguments()
    {
        QStringList names;
        for (const ProcessingStepSpec &spec : processingStepSpecs())
            names.append(spec.name);
        names.sort();
        QCOMPARE(names, QStringList({QStringLiteral("HmiB2ptr"), QStringLiteral("Maproj"), QStringLiteral("aia_scale_aialev1"),
                                     QStringLiteral("aia_scale_orig"), QStringLiteral("aia_scale_other"), QStringLiteral("hg_patch"),
                                     QStringLiteral("im_patch"), QStringLiteral("rebin"), QStringLiteral("resize")}));
        QCOMPARE(keysOf(QStringLiteral("im_patch")).mid(0, 10),
                 QStringList({QStringLiteral("t_ref"), QStringLiteral("t"), QStringLiteral("r"), QStringLiteral("c"),
                              QStringLiteral("locunits"), QStringLiteral("boxunits"), QStringLiteral("x"), QStringLiteral("y"),
                              QStringLiteral("width"), QStringLiteral("height")}));
        QCOMPARE(keysOf(QStringLiteral("hg_patch")) << QStringLiteral("A"), keysOf(QStringLiteral("im_patch")));
        QCOMPARE(keysOf(QStringLiteral("rebin")).mid(0, 4), QStringList({QStringLiteral("method"), QStringLiteral("scale"),
                                                                          QStringLiteral("FWHM"), QStringLiteral("nvector")}));
        const QStringList resize = keysOf(QStringLiteral("resize"));
        for (const char *key : {"regrid", "center_to", "rescale", "scale_to", "c", "do_stretchmarks"})
            QVERIFY2(resize.contains(QLatin1String(key)), key);
        for (const char *invented : {"scale", "regridtype", "crop"})
            QVERIFY2(!resize.contains(QLatin1String(invented)), invented);
        QCOMPARE(keysOf(QStringLiteral("Maproj")),
                 QStringList({QStringLiteral("map"), QStringLiteral("grid"), QStringLiteral("clon"), QStringLiteral("clat"),
                              QStringLiteral("scale"), QStringLiteral("cols"), QStringLiteral("rows"), QStringLiteral("A")}));
        for (const char *aia : {"aia_scale_aialev1", "aia_scale_orig", "aia_scale_other"})
            QCOMPARE(keysOf(QLatin1String(aia)), QStringList({QStringLiteral("mpt"), QStringLiteral("xc"), QStringLiteral("yc"),
                                                              QStringLiteral("wide"), QStringLiteral("high")}));
        QCOMPARE(keysOf(QStringLiteral("HmiB2ptr")), QStringList({QStringLiteral("l"), QStringLiteral("ambweak"), QStringLiteral("e")}));
        // im_patch.c: the flag t disables tracking, so t=1 is a box fixed on the disk.
        const ProcessingField *t = processingStepSpec(QStringLiteral("im_patch"))->field(QStringLiteral("t"));
        QVERIFY(t && t->label.startsWith(QStringLiteral("No tracking")));
        QCOMPARE(t->defaultValue, QStringLiteral("0"));
        QVERIFY(!processingStepSpec(QStringLiteral("maproj")));
        QVERIFY(!processingStepSpec(QString()));
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
        // The text drms's own tests send (protocol §3.8).
        QCOMPARE(processingText({step}),
                 QStringLiteral("im_patch,t_ref=2025-01-01T04:33:30.000,t=0,r=0,c=0,locunits=arcsec,boxunits=arcsec,"
                                "x=-517.2,y=-246,width=345.6,height=345.6"));
        const ProcessingStep parsed = parseProcessingText(processingText({step})).first();
        for (const auto &arg : step.args) // blank optional arguments are left out of the text
            QCOMPARE(parsed.value(arg.first), arg.second);
        QCOMPARE(processingText(parseProcessingText(processingText({step}))), processingText({step}));

        const auto problemsWith = [&](const char *key, const QString &value) {
            ProcessingStep bad = step;
            bad.setValue(QLatin1String(key), value);
            return checkProcessingStep(bad);
        };
        QVERIFY(anyContains(problemsWith("width", QStringLiteral("-1")), QStringLiteral("above 0")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("left")), QStringLiteral("must be a number")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("nan")), QStringLiteral("must be a number")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("inf")), QStringLiteral("must be a number")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("1e999")), QStringLiteral("must be a number")));
        QVERIFY(anyContains(problemsWith("t_ref", QStringLiteral("yesterday")), QStringLiteral("not a time")));
        QVERIFY(anyContains(problemsWith("locunits", QStringLiteral("furlongs")), QStringLiteral("one of arcsec")));
        QVERIFY(anyContains(problemsWith("t", QStringLiteral("yes")), QStringLiteral("one of 0, 1")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("1,2")), QStringLiteral("may not contain")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("1|rebin")), QStringLiteral("may not contain")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("1;drop")), QStringLiteral("may not contain")));
        QVERIFY(anyContains(problemsWith("x", QStringLiteral("1\n2")), QStringLiteral("may not contain")));
        QVERIFY(anyContains(problemsWith("zoom", QStringLiteral("2")), QStringLiteral("no argument \"zoom\"")));
        QVERIFY(anyContains(problemsWith("cadence", QStringLiteral("720")), QStringLiteral("with its unit")));
        QVERIFY(anyContains(problemsWith("cadence", QStringLiteral("-5m")), QStringLiteral("with its unit")));
        QVERIFY(problemsWith("cadence", QStringLiteral("12m")).isEmpty());
        QVERIFY(anyContains(problemsWith("car_rot", QStringLiteral("2100.5")), QStringLiteral("whole number")));
        QVERIFY(anyContains(problemsWith("car_rot", QStringLiteral("99999999999999999999")), QStringLiteral("from 1 to 100000")));
        QVERIFY(anyContains(problemsWith("width", QStringLiteral("1e300")), QStringLiteral("from 0 to 100000")));
        QVERIFY(problemsWith("t_stop", QStringLiteral("2025-01-01T00:00:00")).isEmpty());
        ProcessingStep backwards = step;
        backwards.setValue(QStringLiteral("t_start"), QStringLiteral("2025-01-02T00:00:00"));
        backwards.setValue(QStringLiteral("t_stop"), QStringLiteral("2025-01-01T00:00:00"));
        QVERIFY(anyContains(checkProcessingStep(backwards), QStringLiteral("after the stop time")));

        // Located by Carrington coordinates: car_rot instead of t_ref, and degrees in range.
        ProcessingStep carr = step;
        carr.setValue(QStringLiteral("t_ref"), QString());
        carr.setValue(QStringLiteral("locunits"), QStringLiteral("carrlong"));
        carr.setValue(QStringLiteral("x"), QStringLiteral("295"));
        carr.setValue(QStringLiteral("y"), QStringLiteral("5"));
        QVERIFY(anyContains(checkProcessingStep(carr), QStringLiteral("needed with locunits=carrlong")));
        QVERIFY(!anyContains(checkProcessingStep(carr), QStringLiteral("Reference time")));
        carr.setValue(QStringLiteral("car_rot"), QStringLiteral("2009"));
        QCOMPARE(checkProcessingStep(carr), QStringList());
        carr.setValue(QStringLiteral("x"), QStringLiteral("361"));
        QVERIFY(anyContains(checkProcessingStep(carr), QStringLiteral("from 0 to 360")));
        ProcessingStep stony = step;
        stony.setValue(QStringLiteral("locunits"), QStringLiteral("stony"));
        stony.setValue(QStringLiteral("x"), QStringLiteral("30"));
        stony.setValue(QStringLiteral("y"), QStringLiteral("-91"));
        QVERIFY(anyContains(checkProcessingStep(stony), QStringLiteral("latitude")));
    }

    // drms's test: {"rebin": {"method": "boxcar", "scale": 0.25}} -> process=n=0|rebin,method=boxcar,scale=0.25
    void rebinArguments()
    {
        ProcessingStep rebin = defaultProcessingStep(QStringLiteral("rebin"));
        QCOMPARE(checkProcessingStep(rebin), QStringList());
        rebin.setValue(QStringLiteral("scale"), QStringLiteral("0.25"));
        QCOMPARE(processingText({rebin}), QStringLiteral("rebin,method=boxcar,scale=0.25"));
        for (const char *bad : {"0", "-0.5", "nan", "inf", "", "  ", "0x10", "1/4", "1e300", "17", "0.0001"}) {
            ProcessingStep b = rebin;
            b.setValue(QStringLiteral("scale"), QLatin1String(bad));
            QVERIFY2(!checkProcessingStep(b).isEmpty(), bad);
        }
        ProcessingStep gaussian = rebin;
        gaussian.setValue(QStringLiteral("method"), QStringLiteral("gaussian"));
        const QStringList needs = checkProcessingStep(gaussian);
        QVERIFY(anyContains(needs, QStringLiteral("FWHM")) && anyContains(needs, QStringLiteral("vector length")));
        gaussian.setValue(QStringLiteral("FWHM"), QStringLiteral("4"));
        gaussian.setValue(QStringLiteral("nvector"), QStringLiteral("9"));
        QCOMPARE(checkProcessingStep(gaussian), QStringList());
        QCOMPARE(processingText({gaussian}), QStringLiteral("rebin,method=gaussian,scale=0.25,FWHM=4,nvector=9"));
        ProcessingStep boxcarWithFwhm = rebin;
        boxcarWithFwhm.setValue(QStringLiteral("FWHM"), QStringLiteral("4"));
        QVERIFY(anyContains(checkProcessingStep(boxcarWithFwhm), QStringLiteral("method=gaussian only")));
        gaussian.setValue(QStringLiteral("nvector"), QStringLiteral("9.5"));
        QVERIFY(anyContains(checkProcessingStep(gaussian), QStringLiteral("whole number")));
    }

    void resizeArguments()
    {
        ProcessingStep resize = defaultProcessingStep(QStringLiteral("resize"));
        QCOMPARE(checkProcessingStep(resize), QStringList());
        QCOMPARE(processingText({resize}), QStringLiteral("resize,regrid=1,center_to=0,rescale=0,c=0,do_stretchmarks=0"));
        resize.setValue(QStringLiteral("rescale"), QStringLiteral("1"));
        QVERIFY(anyContains(checkProcessingStep(resize), QStringLiteral("needed with rescale=1")));
        resize.setValue(QStringLiteral("scale_to"), QStringLiteral("0.6"));
        QCOMPARE(checkProcessingStep(resize), QStringList());
        resize.setValue(QStringLiteral("rescale"), QStringLiteral("0"));
        QVERIFY(anyContains(checkProcessingStep(resize), QStringLiteral("only with rescale=1")));
        resize.setValue(QStringLiteral("center_to"), QStringLiteral("3"));
        QVERIFY(anyContains(checkProcessingStep(resize), QStringLiteral("one of 0, 1, 2")));
        // The names the old form invented are refused by name.
        const QList<ProcessingStep> old = parseProcessingText(QStringLiteral("resize,scale=0.6,rescale=1,regridtype=bicubic,crop=0"));
        const QStringList problems = checkProcessingStep(old.first());
        for (const char *invented : {"\"scale\"", "\"regridtype\"", "\"crop\""})
            QVERIFY2(anyContains(problems, QStringLiteral("no argument %1").arg(QLatin1String(invented))), invented);
    }

    void aiaScaleArguments()
    {
        for (const char *name : {"aia_scale_aialev1", "aia_scale_orig", "aia_scale_other"}) {
            ProcessingStep aia = defaultProcessingStep(QLatin1String(name));
            QCOMPARE(checkProcessingStep(aia), QStringList());
            QCOMPARE(processingText({aia}), QLatin1String(name)); // every argument optional
            aia.setValue(QStringLiteral("mpt"), QStringLiteral("aia.master_pointing3h"));
            QCOMPARE(checkProcessingStep(aia), QStringList());
            aia.setValue(QStringLiteral("xc"), QStringLiteral("-500"));
            QVERIFY(anyContains(checkProcessingStep(aia), QStringLiteral("both its width (wide) and height (high)")));
            aia.setValue(QStringLiteral("wide"), QStringLiteral("1024"));
            aia.setValue(QStringLiteral("high"), QStringLiteral("1024"));
            QCOMPARE(checkProcessingStep(aia), QStringList());
            QCOMPARE(processingText({aia}), QStringLiteral("%1,mpt=aia.master_pointing3h,xc=-500,wide=1024,high=1024").arg(QLatin1String(name)));
            for (const auto &[key, value] : {std::pair{"wide", "0"}, {"wide", "4097"}, {"high", "12.5"}, {"xc", "5000"},
                                             {"mpt", "my.pointing"}, {"yc", "nan"}}) {
                ProcessingStep b = aia;
                b.setValue(QLatin1String(key), QLatin1String(value));
                QVERIFY2(!checkProcessingStep(b).isEmpty(), qPrintable(QStringLiteral("%1=%2").arg(QLatin1String(key), QLatin1String(value))));
            }
        }
    }

    void maprojAndHmiB2ptrArguments()
    {
        ProcessingStep map = defaultProcessingStep(QStringLiteral("Maproj"));
        const QStringList missing = checkProcessingStep(map);
        for (const char *label : {"longitude", "latitude", "Map scale", "Columns", "Rows"})
            QVERIFY2(anyContains(missing, QLatin1String(label)), label);
        map.setValue(QStringLiteral("clon"), QStringLiteral("120"));
        map.setValue(QStringLiteral("clat"), QStringLiteral("-15.5"));
        map.setValue(QStringLiteral("scale"), QStringLiteral("0.03"));
        map.setValue(QStringLiteral("cols"), QStringLiteral("512"));
        map.setValue(QStringLiteral("rows"), QStringLiteral("256"));
        QCOMPARE(checkProcessingStep(map), QStringList());
        QCOMPARE(processingText({map}), QStringLiteral("Maproj,map=carree,clon=120,clat=-15.5,scale=0.03,cols=512,rows=256"));
        for (const auto &[key, value] : {std::pair{"clat", "91"}, {"clon", "-1"}, {"cols", "0"}, {"rows", "1e3"},
                                         {"cols", "99999999"}, {"map", "mercator"}, {"grid", "-5"}, {"scale", "0"}}) {
            ProcessingStep b = map;
            b.setValue(QLatin1String(key), QLatin1String(value));
            QVERIFY2(!checkProcessingStep(b).isEmpty(), qPrintable(QStringLiteral("%1=%2").arg(QLatin1String(key), QLatin1String(value))));
        }
        map.setValue(QStringLiteral("map"), QStringLiteral("Postel"));
        map.setValue(QStringLiteral("grid"), QStringLiteral("10"));
        QCOMPARE(checkProcessingStep(map), QStringList());

        ProcessingStep b2ptr = defaultProcessingStep(QStringLiteral("HmiB2ptr"));
        QCOMPARE(checkProcessingStep(b2ptr), QStringList());
        QCOMPARE(processingText({b2ptr}), QStringLiteral("HmiB2ptr,l=1,ambweak=2")); // what JSOC's page sends, spelled out
        b2ptr.setValue(QStringLiteral("ambweak"), QStringLiteral("3"));
        QVERIFY(anyContains(checkProcessingStep(b2ptr), QStringLiteral("one of 0, 1, 2")));
    }

    void seriesRefusals()
    {
        const QList<ProcessingStep> rebin{defaultProcessingStep(QStringLiteral("rebin"))};
        for (const char *sharp : {"hmi.sharp_720s", "HMI.SHARP_720S", "hmi.sharp_720s_nrt", "hmi.sharp_cea_720s",
                                  "hmi.Sharp_CEA_720s_nrt", "hmi.cea_720s", " hmi.sharp_720s "}) {
            const QStringList p = checkProcessingForSeries(rebin, QLatin1String(sharp));
            QVERIFY2(anyContains(p, QStringLiteral("does not process")) && anyContains(p, QStringLiteral("remove the processing")), sharp);
            QVERIFY(seriesRefusesProcessing(QLatin1String(sharp)));
            QVERIFY(checkProcessingForSeries({}, QLatin1String(sharp)).isEmpty()); // no steps, nothing to refuse
        }
        QVERIFY(!seriesRefusesProcessing(QStringLiteral("hmi.sharp_720s_x")));
        QVERIFY(!seriesRefusesProcessing(QStringLiteral("hmi.mharp_720s")));
        QVERIFY(checkProcessingForSeries(rebin, QStringLiteral("hmi.M_45s")).isEmpty());
        QVERIFY(checkProcessingForSeries(rebin, QString()).isEmpty());

        const QList<ProcessingStep> b2ptr{defaultProcessingStep(QStringLiteral("HmiB2ptr"))};
        QVERIFY(checkProcessingForSeries(b2ptr, QStringLiteral("hmi.B_720s")).isEmpty());
        QVERIFY(checkProcessingForSeries(b2ptr, QStringLiteral("HMI.b_720S")).isEmpty());
        QVERIFY(anyContains(checkProcessingForSeries(b2ptr, QStringLiteral("hmi.B_720s_nrt")), QStringLiteral("hmi.B_720s only")));
        QVERIFY(anyContains(checkProcessingForSeries(b2ptr, QStringLiteral("hmi.M_45s")), QStringLiteral("hmi.B_720s only")));

        const QList<ProcessingStep> orig{defaultProcessingStep(QStringLiteral("aia_scale_orig"))};
        QVERIFY(checkProcessingForSeries(orig, QStringLiteral("aia.lev1")).isEmpty());
        QVERIFY(checkProcessingForSeries(orig, QStringLiteral("AIA.LEV1")).isEmpty());
        QVERIFY(anyContains(checkProcessingForSeries(orig, QStringLiteral("aia.lev1_euv_12s")), QStringLiteral("Use aia_scale_aialev1")));
        QVERIFY(anyContains(checkProcessingForSeries(orig, QStringLiteral("hmi.M_45s")), QStringLiteral("aia.lev1 only")));
        const QList<ProcessingStep> lev1{defaultProcessingStep(QStringLiteral("aia_scale_aialev1"))};
        for (const char *ok : {"aia.lev1_euv_12s", "aia.lev1_uv_24s", "AIA.lev1_vis_1h", "aia.lev1"})
            QVERIFY2(checkProcessingForSeries(lev1, QLatin1String(ok)).isEmpty(), ok);
        for (const char *bad : {"aia.lev1p5", "aia.lev2", "hmi.M_45s", "aia.lev1x"})
            QVERIFY2(anyContains(checkProcessingForSeries(lev1, QLatin1String(bad)), QStringLiteral("AIA series only")), bad);
        // aia_scale_other is what JSOC's page sends for helioprojective series that are not AIA level 1.
        QVERIFY(checkProcessingForSeries({defaultProcessingStep(QStringLiteral("aia_scale_other"))}, QStringLiteral("hmi.M_45s")).isEmpty());
        // checkProcessingStep says the same for its one step.
        QVERIFY(anyContains(checkProcessingStep(lev1.first(), QStringLiteral("hmi.M_45s")), QStringLiteral("AIA series only")));
        QVERIFY(checkProcessingStep(lev1.first(), QStringLiteral("aia.lev1_euv_12s")).isEmpty());
    }

    void chains()
    {
        ProcessingStep patch = validImPatch();
        ProcessingStep rebin = defaultProcessingStep(QStringLiteral("rebin"));
        ProcessingStep b2ptr = defaultProcessingStep(QStringLiteral("HmiB2ptr"));
        const QList<ProcessingStep> chain{b2ptr, patch, rebin};
        const QString text = processingText(chain);
        QCOMPARE(text.count(QLatin1Char('|')), qsizetype(2));
        QVERIFY(text.startsWith(QStringLiteral("HmiB2ptr,l=1,ambweak=2|im_patch,")));
        QVERIFY(text.endsWith(QStringLiteral("|rebin,method=boxcar,scale=0.5")));
        QCOMPARE(parseProcessingText(text).size(), 3);
        QCOMPARE(processingText(parseProcessingText(text)), text);
        QCOMPARE(processingTextProblems(text), QStringList());
        // After HmiB2ptr, im_patch and rebin must process all three field components.
        const QStringList needA = checkProcessingChain(chain, QStringLiteral("hmi.B_720s"));
        QCOMPARE(needA.size(), 2);
        QVERIFY(anyContains(needA, QStringLiteral("im_patch after HmiB2ptr must process all segments")));
        QVERIFY(anyContains(needA, QStringLiteral("set A=1 (all segments) in rebin")));
        QVERIFY(checkProcessingChain({patch, rebin, b2ptr}, QStringLiteral("hmi.B_720s")).isEmpty()); // before it: no matter
        for (ProcessingStep *s : {&patch, &rebin})
            s->setValue(QStringLiteral("A"), QStringLiteral("1"));
        const QList<ProcessingStep> withA{b2ptr, patch, rebin};
        QCOMPARE(checkProcessingChain(withA, QStringLiteral("hmi.B_720s")), QStringList());
        QVERIFY(processingText(withA).contains(QStringLiteral(",A=1|rebin,method=boxcar,scale=0.5,A=1")));
        // Each step's arguments are checked, and the series rule is said once for the chain.
        ProcessingStep badRebin = rebin;
        badRebin.setValue(QStringLiteral("scale"), QStringLiteral("-1"));
        const QStringList p = checkProcessingChain({b2ptr, patch, badRebin, b2ptr}, QStringLiteral("hmi.M_45s"));
        QVERIFY(anyContains(p, QStringLiteral("above 0")));
        QVERIFY(anyContains(p, QStringLiteral("appears twice")));
        QCOMPARE(std::count_if(p.cbegin(), p.cend(), [](const QString &m) { return m.contains(QStringLiteral("hmi.B_720s only")); }), 1);
        // hg_patch does not honour a record limit.
        ProcessingStep hg = validImPatch();
        hg.name = QStringLiteral("hg_patch");
        QCOMPARE(checkProcessingChain({hg}, QStringLiteral("hmi.M_45s"), 0), QStringList());
        QVERIFY(anyContains(checkProcessingChain({hg}, QStringLiteral("hmi.M_45s"), 10), QStringLiteral("record limit")));
        QVERIFY(!anyContains(checkProcessingChain({patch}, QStringLiteral("hmi.M_45s"), 10), QStringLiteral("record limit")));
        // Unknown names in words; a name written in the wrong case gets its right spelling.
        QVERIFY(anyContains(checkProcessingStep({QStringLiteral("sharpen"), {}}), QStringLiteral("Unknown processing step \"sharpen\"")));
        QVERIFY(anyContains(checkProcessingStep({QStringLiteral("sharpen"), {}}), QStringLiteral("im_patch")));
        QVERIFY(anyContains(checkProcessingStep({QStringLiteral("maproj"), {}}), QStringLiteral("write Maproj")));
        QVERIFY(anyContains(checkProcessingStep({QString(), {}}), QStringLiteral("Unknown processing step")));
        QVERIFY(checkProcessingChain({}, QStringLiteral("hmi.sharp_720s"), 5).isEmpty());
    }

    void processingTextAsText()
    {
        QVERIFY(processingTextProblems(QString()).isEmpty());
        QVERIFY(parseProcessingText(QString()).isEmpty());
        QVERIFY(parseProcessingText(QStringLiteral(" | |")).isEmpty());
        const struct {
            const char *text;
            const char *says;
        } cases[] = {{"rebin||resize", "is empty"},
                     {"|rebin", "is empty"},
                     {"rebin|", "is empty"},
                     {"rebin,", "empty argument"},
                     {"rebin,,scale=1", "empty argument"},
                     {"rebin,scale", "has no value"},
                     {"rebin,=3", "no argument name"},
                     {"rebin,scale=1,scale=2", "twice"},
                     {"rebin scale=1", "not a step name"},
                     {"; drop table", "not a step name"},
                     {"=rebin", "not a step name"},
                     {"1rebin", "not a step name"},
                     {"re-bin,scale=1", "not a step name"}};
        for (const auto &c : cases)
            QVERIFY2(anyContains(processingTextProblems(QLatin1String(c.text)), QLatin1String(c.says)), c.text);
        // A value holding '=' stays whole, and is then refused by the step's check.
        const QList<ProcessingStep> eq = parseProcessingText(QStringLiteral("rebin,scale=0.5=1"));
        QCOMPARE(eq.first().value(QStringLiteral("scale")), QStringLiteral("0.5=1"));
        QVERIFY(anyContains(checkProcessingStep(eq.first()), QStringLiteral("may not contain")));
    }

    // Every step with a value in every argument survives text -> steps -> text unchanged.
    void everyStepRoundTrips()
    {
        for (const ProcessingStepSpec &spec : processingStepSpecs()) {
            ProcessingStep step{spec.name, {}};
            for (const ProcessingField &f : spec.fields) {
                step.setValue(f.key, sampleValue(f));
                QVERIFY2(checkProcessingStep({spec.name, {{f.key, sampleValue(f)}}}).filter(f.label).filter(QStringLiteral("must")).isEmpty(),
                         qPrintable(spec.name + QLatin1Char(' ') + f.key));
            }
            const QString text = processingText({step});
            QCOMPARE(parseProcessingText(text), QList<ProcessingStep>{step});
            QCOMPARE(processingText(parseProcessingText(text)), text);
            QCOMPARE(processingTextProblems(text), QStringList());
            // Defaults are valid exactly when no required argument lacks one.
            const bool complete = std::all_of(spec.fields.cbegin(), spec.fields.cend(),
                                              [](const ProcessingField &f) { return !f.required || !f.defaultValue.isEmpty(); });
            const ProcessingStep defaults = defaultProcessingStep(spec.name);
            QCOMPARE(checkProcessingStep(defaults).isEmpty(), complete);
        }
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
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("aia.lev1 only")));
        o.processing = QStringLiteral("rebin,method=boxcar,scale=0.5||");
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("is empty")));
        ProcessingStep hg = validImPatch();
        hg.name = QStringLiteral("hg_patch");
        o.processing = processingText({hg});
        QCOMPARE(checkExportOptions(o), QStringList());
        o.limit = 5;
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("record limit")));
        o = validOptions();
        o.recordSet = QStringLiteral("HMI.Sharp_720s[377][2011.02.15_00:00:00_TAI]");
        o.processing = processingText({defaultProcessingStep(QStringLiteral("rebin"))});
        QVERIFY(anyContains(checkExportOptions(o), QStringLiteral("does not process")));
        o.processing = QStringLiteral("   ");
        QCOMPARE(checkExportOptions(o), QStringList()); // blank means no processing
    }

    // Fuzz-regression style: random texts built from the characters that matter never crash the
    // parser or the checks, every message is words, and text -> steps -> text settles at once.
    void randomProcessingTextsAreSafe()
    {
        QRandomGenerator random(20261204);
        const QStringList pieces{QStringLiteral("|"), QStringLiteral(","), QStringLiteral("="), QStringLiteral(" "),
                                 QStringLiteral("rebin"), QStringLiteral("im_patch"), QStringLiteral("Maproj"), QStringLiteral("scale"),
                                 QStringLiteral("method"), QStringLiteral("gaussian"), QStringLiteral("0.5"), QStringLiteral("-1"),
                                 QStringLiteral("nan"), QStringLiteral("1e308"), QStringLiteral("cols"), QStringLiteral("rows"),
                                 QStringLiteral(";"), QStringLiteral("'"), QStringLiteral("\n"), QStringLiteral("\xe9"),
                                 QStringLiteral("hg_patch"), QStringLiteral("width"), QStringLiteral("boxunits"), QStringLiteral("pixels"),
                                 QStringLiteral("%2")};
        for (int round = 0; round < 3000; ++round) {
            QString text;
            const int n = int(random.bounded(12));
            for (int i = 0; i < n; ++i)
                text += pieces.at(int(random.bounded(qsizetype(pieces.size()))));
            const QList<ProcessingStep> steps = parseProcessingText(text);
            const QStringList problems = processingTextProblems(text) + checkProcessingChain(steps, QStringLiteral("hmi.M_45s"), 3);
            for (const QString &m : problems)
                QVERIFY2(m.size() > 10 && !m.contains(QStringLiteral("%1")), qPrintable(text + QStringLiteral(" -> ") + m));
            const QString once = processingText(steps);
            QCOMPARE(processingText(parseProcessingText(once)), once);
            const ProcessingSizeRatio ratio = processingSizeRatio(steps, {4096, 4096, 0.5});
            QVERIFY(ratio.known ? std::isfinite(ratio.ratio) && ratio.ratio >= 0 : !ratio.unknownWhy.isEmpty());
        }
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
