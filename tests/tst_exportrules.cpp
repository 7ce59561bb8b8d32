// Export rules that used to be written out in several places, each now once in model/exports:
// JSOC's own words in a message, which data[] rows can be downloaded, JSOC's exptime as a time,
// and the size estimate with JSOC's 100 GB limit, before and after processing (size ratios).
#include "model/exports/ExportCompleteness.h"
#include "model/exports/ExportSizeEstimate.h"
#include "model/exports/ExportStatusText.h"
#include "model/exports/ExportTypes.h"
#include "model/exports/ProcessingSizeRatio.h"
#include "model/drms/SeriesStructure.h"

#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace jsoc;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

} // namespace

class TestExportRules final : public QObject
{
    Q_OBJECT

private slots:
    void jsocSaidQuotesTrimmedWordsOrNothing()
    {
        QCOMPARE(jsocSaid(QStringLiteral("  Too many pending requests\n")), QStringLiteral("JSOC said: \"Too many pending requests\"."));
        QVERIFY(jsocSaid(QString()).isEmpty());
        QVERIFY(jsocSaid(QStringLiteral(" \t\n")).isEmpty());
        // The status line carries the same words once, between the meaning and the advice.
        const QString line = exportStatusLine(4, ExportStatusContext::AfterPoll, QStringLiteral(" bad record set "));
        QCOMPARE(line.count(QStringLiteral("JSOC said")), qsizetype(1));
        QVERIFY2(line.contains(QStringLiteral("(status 4). JSOC said: \"bad record set\". Read JSOC's message")), qPrintable(line));
        QVERIFY(!exportStatusLine(4, ExportStatusContext::AfterPoll, QStringLiteral("  ")).contains(QStringLiteral("JSOC said")));
    }

    // One rule decides the URLs and the completeness count, so they cannot disagree.
    void downloadableRowsAreTheSameForUrlsAndCompleteness()
    {
        ExportStatus s;
        s.status = 0;
        s.requestId = QStringLiteral("JSOC_20200410_001");
        s.dir = QStringLiteral("/SUM1/D1/S00000");
        s.count = 4;
        s.files = {{QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI][2]"), QStringLiteral("a.fits")},
                   {QStringLiteral("hmi.M_45s[2012.01.01_00:00:45_TAI][2]"), QStringLiteral("NoDataFile")},
                   {QStringLiteral("hmi.M_45s[2012.01.01_00:01:30_TAI][2]"), QString()},
                   {QStringLiteral("hmi.M_45s[2012.01.01_00:02:15_TAI][2]"), QStringLiteral("sub/b.fits")}};
        QVERIFY(isDownloadableRow(s.files[0]));
        QVERIFY(!isDownloadableRow(s.files[1]));
        QVERIFY(!isDownloadableRow(s.files[2]));
        QVERIFY(isDownloadableRow(s.files[3]));

        const QList<ExportDownload> urls = exportDownloads(s, QUrl(QStringLiteral("http://127.0.0.1:9")));
        const ExportCompleteness c = exportCompleteness(s);
        QCOMPARE(urls.size(), 2);
        QCOMPARE(c.usable, qint64(urls.size()));
        QCOMPARE(c.noData, qint64(1));
        QCOMPARE(c.unnamed, qint64(1));
        QVERIFY(c.isShort());
        // The name as JSOC wrote it travels with each URL, for the download row's checks.
        QCOMPARE(urls[0].serverName, QStringLiteral("a.fits"));
        QCOMPARE(urls[1].serverName, QStringLiteral("sub/b.fits"));
        QCOMPARE(urls[1].filename, QStringLiteral("b.fits"));
        QCOMPARE(urls[1].url.path(), QStringLiteral("/SUM1/D1/S00000/sub/b.fits"));

        ExportStatus tar = s;
        tar.tarfile = QStringLiteral("/SUM1/D1/S00000/JSOC_20200410_001.tar");
        const QList<ExportDownload> one = exportDownloads(tar, QUrl(QStringLiteral("http://127.0.0.1:9")));
        QCOMPARE(one.size(), 1);
        QCOMPARE(one[0].serverName, tar.tarfile);
        QCOMPARE(exportCompleteness(tar).usable, qint64(one.size()));
    }

    void exptimeReadsInItsOwnZone()
    {
        // As JSOC writes it (expstatus_complete_fits_1file.json): UT.
        QCOMPARE(exportTimeUtc(QStringLiteral("2020.04.10_00:14:11_UT")), utc(2020, 4, 10, 0, 14, 11));
        // No zone: UTC, as DRMS reads a time without one.
        QCOMPARE(exportTimeUtc(QStringLiteral("2020.04.10_00:14:11")), utc(2020, 4, 10, 0, 14, 11));
        // TAI ran 37 s ahead of UTC in 2020, 34 s in 2010: the zone is honoured, not cut off.
        QCOMPARE(exportTimeUtc(QStringLiteral("2020.04.10_00:14:11_TAI")), utc(2020, 4, 10, 0, 13, 34));
        QCOMPARE(exportTimeUtc(QStringLiteral("2010.01.01_00:00:34_TAI")), utc(2010, 1, 1, 0, 0, 0));
        QCOMPARE(exportTimeUtc(QStringLiteral("2020-04-10T00:14:11Z")), utc(2020, 4, 10, 0, 14, 11));
        QCOMPARE(exportTimeUtc(QStringLiteral(" 2020.04.10_00:14:11_UT\n")), utc(2020, 4, 10, 0, 14, 11));
        QVERIFY(!exportTimeUtc(QString()).isValid());
        QVERIFY(!exportTimeUtc(QStringLiteral("soon")).isValid());
        QVERIFY(!exportTimeUtc(QStringLiteral("-4712.01.01_11:59:28_TAI")).isValid()); // DRMS's missing time
    }

    void sizeFollowsTheRecordLimit()
    {
        const qint64 perRecord = 15 * 1000 * 1000;
        ExportSizeEstimate all = estimateExportSize(1920, 1920 * perRecord, 0);
        QCOMPARE(all.records, qint64(1920));
        QCOMPARE(all.totalRecords, qint64(1920));
        QCOMPARE(all.bytes, 1920 * perRecord);
        QVERIFY(!all.isLimited());
        QVERIFY(all.warning().isEmpty());

        const ExportSizeEstimate first = estimateExportSize(1920, 1920 * perRecord, 100);
        QCOMPARE(first.records, qint64(100));
        QVERIFY(first.isLimited());
        QCOMPARE(first.bytes, 100 * perRecord);

        const ExportSizeEstimate overLimit = estimateExportSize(10, 10 * perRecord, 50);
        QCOMPARE(overLimit.records, qint64(10));
        QVERIFY(!overLimit.isLimited());
        QCOMPARE(overLimit.bytes, 10 * perRecord);

        QCOMPARE(estimateExportSize(1920, -1, 0).bytes, qint64(-1));
        QCOMPARE(estimateExportSize(0, 0, 0).bytes, qint64(0));
        QCOMPARE(estimateExportSize(0, 5000, 0).records, qint64(0));
    }

    void jsocRefusesAboveOneHundredGigabytes()
    {
        const qint64 limit = 100LL * 1000 * 1000 * 1000;
        const ExportSizeEstimate atLimit = estimateExportSize(1000, limit, 0);
        QVERIFY(!atLimit.exceedsJsocLimit());
        QVERIFY(atLimit.warning().isEmpty());
        const ExportSizeEstimate above = estimateExportSize(1000, limit + 1, 0);
        QVERIFY(above.exceedsJsocLimit());
        QVERIFY2(above.warning().contains(QStringLiteral("JSOC refuses exports above 100 GB (status 3)")), qPrintable(above.warning()));
        // A record limit that brings it under 100 GB takes the refusal away.
        QVERIFY(!estimateExportSize(1000, limit * 2, 400).exceedsJsocLimit());
        // Unknown size: nothing to refuse.
        QVERIFY(!estimateExportSize(1000, -1, 0).exceedsJsocLimit());
    }

    void manyRecordsWarnEvenWhenSmall()
    {
        QVERIFY(estimateExportSize(100000, 1000, 0).warning().isEmpty());
        const ExportSizeEstimate many = estimateExportSize(100001, 1000, 0);
        QVERIFY(many.hasManyRecords());
        QVERIFY2(many.warning().contains(QStringLiteral("this many records")), qPrintable(many.warning()));
        QVERIFY(estimateExportSize(100001, 1000, 100000).warning().isEmpty()); // the limit counts
        // Both at once: the certain refusal is the one said.
        const ExportSizeEstimate both = estimateExportSize(200000, 200000LL * 15 * 1000 * 1000, 0);
        QVERIFY(both.warning().contains(QStringLiteral("100 GB")));
    }

    // The size ratio of each step, and of chains (ratios multiply, each step sees the image the
    // step before made).
    void processingSizeRatios()
    {
        const ProcessingImage hmi{4096, 4096, 0.5};
        const auto ratio = [&](const QString &text, const ProcessingImage &image) {
            return processingSizeRatio(parseProcessingText(text), image);
        };
        const auto near = [](double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b)); };
        QVERIFY(ratio(QString(), {}).known);
        QCOMPARE(ratio(QString(), {}).ratio, 1.0);
        // jsoc_rebin: a whole factor a side, squared.
        QCOMPARE(ratio(QStringLiteral("rebin,method=boxcar,scale=0.25"), {}).ratio, 1.0 / 16);
        QCOMPARE(ratio(QStringLiteral("rebin,method=boxcar,scale=0.3"), {}).ratio, 1.0 / 9); // 1/0.3 rounds to 3
        QCOMPARE(ratio(QStringLiteral("rebin,method=boxcar,scale=2.4"), {}).ratio, 4.0);
        QCOMPARE(ratio(QStringLiteral("rebin,method=boxcar,scale=0.0001"), {}).ratio, 1.0 / 1e8);
        // im_patch in pixels: the box over the image; arcsec and degrees need the plate scale.
        QCOMPARE(ratio(QStringLiteral("im_patch,boxunits=pixels,width=512,height=256"), hmi).ratio, 512.0 * 256 / (4096.0 * 4096));
        QVERIFY(near(ratio(QStringLiteral("im_patch,boxunits=arcsec,width=345.6,height=345.6"), hmi).ratio,
                     691.2 * 691.2 / (4096.0 * 4096)));
        const ProcessingSizeRatio noScale = ratio(QStringLiteral("im_patch,boxunits=arcsec,width=345.6,height=345.6"), {4096, 4096, 0});
        QVERIFY(!noScale.known);
        QVERIFY2(noScale.unknownWhy.contains(QStringLiteral("plate scale")), qPrintable(noScale.unknownWhy));
        const ProcessingSizeRatio noSize = ratio(QStringLiteral("im_patch,boxunits=pixels,width=512,height=512"), {});
        QVERIFY(!noSize.known);
        QVERIFY2(noSize.unknownWhy.contains(QStringLiteral("image size")), qPrintable(noSize.unknownWhy));
        QVERIFY(ratio(QStringLiteral("hg_patch,boxunits=degrees,width=10,height=10"), hmi).known);
        // After a rebin by 2 the pixel box is a share of the 2048-pixel image: 512^2 of 4096^2 overall.
        QVERIFY(near(ratio(QStringLiteral("rebin,method=boxcar,scale=0.5|im_patch,boxunits=pixels,width=512,height=512"), hmi).ratio,
                     512.0 * 512 / (4096.0 * 4096)));
        // resize: (old plate scale / new)^2 with rescale=1; registration alone keeps the size.
        QCOMPARE(ratio(QStringLiteral("resize,rescale=0"), {}).ratio, 1.0);
        QCOMPARE(ratio(QStringLiteral("resize,rescale=1,scale_to=1.0"), hmi).ratio, 0.25);
        QVERIFY(!ratio(QStringLiteral("resize,rescale=1,scale_to=1.0"), {4096, 4096, 0}).known);
        // Maproj: cols x rows over the image.
        QCOMPARE(ratio(QStringLiteral("Maproj,cols=1024,rows=512"), hmi).ratio, 1024.0 * 512 / (4096.0 * 4096));
        QVERIFY(!ratio(QStringLiteral("Maproj,cols=1024,rows=512"), {}).known);
        // aia_scale: 1 for the whole image (AIA level 1 is already about 0.6"/pixel), a cutout by its pixels.
        QCOMPARE(ratio(QStringLiteral("aia_scale_aialev1"), {}).ratio, 1.0);
        QCOMPARE(ratio(QStringLiteral("aia_scale_other,wide=1024,high=1024"), {4096, 4096, 0}).ratio, 1.0 / 16);
        QVERIFY(!ratio(QStringLiteral("aia_scale_orig,wide=1024,high=1024"), {}).known);
        // HmiB2ptr: Bp, Bt, Br for field, inclination, azimuth; lat and lon with l=1, three errors with e=1.
        QCOMPARE(ratio(QStringLiteral("HmiB2ptr,l=0"), {}).ratio, 1.0);
        QCOMPARE(ratio(QStringLiteral("HmiB2ptr,l=1,ambweak=2"), {}).ratio, 5.0 / 3);
        QCOMPARE(ratio(QStringLiteral("HmiB2ptr,l=1,e=1"), {}).ratio, 8.0 / 3);
        // Lies and junk: unknown, in words, never a number.
        for (const char *junk : {"sharpen,x=1", "rebin,scale=nan", "rebin,scale=-2", "rebin,scale=", "Maproj,cols=1e300,rows=1e300",
                                 "im_patch,boxunits=furlongs,width=1,height=1", "im_patch,boxunits=pixels,width=0,height=5",
                                 "rebin,scale=1e308|rebin,scale=1e308"}) {
            const ProcessingSizeRatio r = ratio(QLatin1String(junk), hmi);
            QVERIFY2(!r.known && !r.unknownWhy.isEmpty(), junk);
        }
        QCOMPARE(processingSizeRatio({}, {-5, 4096, std::nan("")}).ratio, 1.0); // no steps: hostile image data is not read
        QVERIFY(!ratio(QStringLiteral("im_patch,boxunits=pixels,width=1,height=1"), {-4096, 4096, 0.5}).known);
    }

    void imageFromTheSeriesStructure()
    {
        SeriesStructure s;
        s.segments = {{QStringLiteral("bitmap"), QStringLiteral("char"), {}, {}, QStringLiteral("VARxVAR"), {}},
                      {QStringLiteral("image"), QStringLiteral("int"), {}, {}, QString(), {}},
                      {QStringLiteral("magnetogram"), QStringLiteral("int"), {}, {}, QStringLiteral("4096x4096"), {}},
                      {QStringLiteral("small"), QStringLiteral("int"), {}, {}, QStringLiteral("1024x512"), {}}};
        ProcessingImage image = processingImageFromStructure(s);
        QCOMPARE(image.width, 4096);
        QCOMPARE(image.height, 4096);
        QCOMPARE(image.arcsecPerPixel, 0.0); // no CDELT1
        image = processingImageFromStructure(s, {QStringLiteral("small")});
        QCOMPARE(image.width, 1024);
        QCOMPARE(image.height, 512);
        QCOMPARE(processingImageFromStructure(s, {QStringLiteral("bitmap")}).width, 0);
        QCOMPARE(processingImageFromStructure(s, {QStringLiteral("nothing")}).width, 0);
        // The plate scale only when it is one number for the whole series, in arcsec.
        s.keywords = {{QStringLiteral("CDELT1"), QStringLiteral("float"), QStringLiteral("variable"), QStringLiteral("nan"),
                       QStringLiteral("arcsec/pixel"), {}, {}}};
        QCOMPARE(processingImageFromStructure(s).arcsecPerPixel, 0.0);
        s.keywords.first().recscope = QStringLiteral("constant");
        s.keywords.first().defval = QStringLiteral("0.6");
        QCOMPARE(processingImageFromStructure(s).arcsecPerPixel, 0.6);
        s.keywords.first().units = QStringLiteral("degree");
        QCOMPARE(processingImageFromStructure(s).arcsecPerPixel, 0.0);
        for (const char *dims : {"0x4096", "4096x", "x", "4096x4096x3", "-1x5", "99999999x2", "4096 x 4096 junk"}) {
            s.segments = {{QStringLiteral("a"), QStringLiteral("int"), {}, {}, QLatin1String(dims), {}}};
            QCOMPARE(processingImageFromStructure(s).width, 0);
        }
    }

    // The estimate, the 100 GB rule and the words all use the size after processing.
    void sizeAfterProcessing()
    {
        const qint64 perRecord = 15200000;
        const qint64 stored = 10000 * perRecord; // 152 GB as stored
        const ExportSizeEstimate plain = estimateExportSize(10000, stored, 0);
        QVERIFY(plain.exceedsJsocLimit());
        QVERIFY(!plain.processed);
        QCOMPARE(plain.storedBytes, stored);
        QCOMPARE(plain.sizeText(), QStringLiteral(", about 152.0 GB as stored"));

        const ProcessingSizeRatio quarter = processingSizeRatio(parseProcessingText(QStringLiteral("rebin,method=boxcar,scale=0.5")));
        const ExportSizeEstimate rebinned = estimateExportSize(10000, stored, 0, quarter);
        QVERIFY(rebinned.processed);
        QCOMPARE(rebinned.bytes, stored / 4);
        QCOMPARE(rebinned.storedBytes, stored);
        QVERIFY(!rebinned.exceedsJsocLimit());
        QVERIFY(rebinned.warning().isEmpty());
        QCOMPARE(rebinned.sizeText(), QStringLiteral(", about 38.0 GB after processing (152.0 GB as stored)"));
        // The limit and the ratio both count.
        QCOMPARE(estimateExportSize(10000, stored, 100, quarter).bytes, 100 * perRecord / 4);

        // Made bigger by processing: refused even though the stored size is fine.
        const ProcessingSizeRatio bigger = processingSizeRatio(parseProcessingText(QStringLiteral("rebin,method=boxcar,scale=2")));
        const ExportSizeEstimate grown = estimateExportSize(2000, 2000 * perRecord, 0, bigger);
        QCOMPARE(grown.bytes, 2000 * perRecord * 4);
        QVERIFY(grown.exceedsJsocLimit());
        QVERIFY2(grown.warning().contains(QStringLiteral("even after processing")), qPrintable(grown.warning()));

        // Unknown ratio: the size after processing is unknown, said with the reason; above 100 GB
        // as stored the warning says JSOC may refuse it.
        const ProcessingSizeRatio unknown =
            processingSizeRatio(parseProcessingText(QStringLiteral("im_patch,boxunits=arcsec,width=100,height=100")), {4096, 4096, 0});
        const ExportSizeEstimate open = estimateExportSize(10000, stored, 0, unknown);
        QCOMPARE(open.bytes, qint64(-1));
        QVERIFY(!open.exceedsJsocLimit());
        QVERIFY2(open.sizeText().startsWith(QStringLiteral(", size unknown after processing (im_patch with boxunits=arcsec")),
                 qPrintable(open.sizeText()));
        QVERIFY(open.sizeText().endsWith(QStringLiteral("; 152.0 GB as stored)")));
        QVERIFY2(open.warning().contains(QStringLiteral("size after processing is unknown")), qPrintable(open.warning()));
        QVERIFY(estimateExportSize(10, 10 * perRecord, 0, unknown).warning().isEmpty());
        QCOMPARE(estimateExportSize(10, -1, 0, quarter).sizeText(), QStringLiteral(", size unknown"));
        QCOMPARE(estimateExportSize(10, -1, 0).sizeText(), QStringLiteral(", size unknown"));
        // No steps: the estimate as stored, word for word.
        const ExportSizeEstimate none = estimateExportSize(10000, stored, 0, processingSizeRatio({}, {}));
        QVERIFY(!none.processed);
        QCOMPARE(none.bytes, stored);
        QCOMPARE(none.sizeText(), plain.sizeText());
        QCOMPARE(none.warning(), plain.warning());
        QCOMPARE(quarter.steps, 1);
        // A ratio handed in by hand that is not a number is treated as unknown, not as a size.
        ProcessingSizeRatio lie;
        lie.steps = 1;
        lie.ratio = std::nan("");
        QCOMPARE(estimateExportSize(10, 10 * perRecord, 0, lie).bytes, qint64(-1));
        lie.ratio = std::numeric_limits<double>::infinity();
        QCOMPARE(estimateExportSize(10, 10 * perRecord, 0, lie).bytes, qint64(-1));
        lie.ratio = 1e300;
        QVERIFY(estimateExportSize(10, 10 * perRecord, 0, lie).exceedsJsocLimit()); // clamped, not wrapped
        QVERIFY(estimateExportSize(10, 10 * perRecord, 0, lie).bytes > 0);
    }
};

QTEST_GUILESS_MAIN(TestExportRules)
#include "tst_exportrules.moc"
