// Export rules that used to be written out in several places, each now once in model/exports:
// JSOC's own words in a message, which data[] rows can be downloaded, JSOC's exptime as a time,
// and the size estimate with JSOC's 100 GB limit.
#include "model/exports/ExportCompleteness.h"
#include "model/exports/ExportSizeEstimate.h"
#include "model/exports/ExportStatusText.h"
#include "model/exports/ExportTypes.h"

#include <QTest>
#include <QTimeZone>

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
};

QTEST_GUILESS_MAIN(TestExportRules)
#include "tst_exportrules.moc"
