#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "model/table/CsvExportJob.h"
#include "model/table/KeywordTableModel.h"

using jsoc::CsvExportJob;
using jsoc::KeywordTableModel;
using jsoc::RecordTable;

namespace {

jsoc::KeywordInfo keyword(const char *name, const char *type)
{
    jsoc::KeywordInfo k;
    k.name = QLatin1String(name);
    k.type = QLatin1String(type);
    return k;
}

// Three records with the values CSV must quote, a MISSING, a segment and recinfo.
void fillSmall(KeywordTableModel &model)
{
    jsoc::SeriesStructure s;
    s.name = QStringLiteral("hmi.mharp_720s");
    s.keywords = {keyword("HARPNUM", "int"), keyword("NOAA_ARS", "string"), keyword("T_REC", "time")};
    RecordTable t;
    t.keywords.resize(3);
    t.keywords[0].name = QStringLiteral("HARPNUM");
    t.keywords[1].name = QStringLiteral("NOAA_ARS");
    t.keywords[2].name = QStringLiteral("T_REC");
    for (const char *v : {"6314", "17", "MISSING"})
        t.keywords[0].values.append(QByteArrayView(v));
    for (const char *v : {"12818,12820,12821", "say \"hi\"", "line\nbreak"})
        t.keywords[1].values.append(QByteArrayView(v));
    for (const char *v : {"2021.05.01_05:24:00_TAI", "2021.05.01_05:12:00_TAI", "2021.05.01_05:00:00_TAI"})
        t.keywords[2].values.append(QByteArrayView(v));
    jsoc::SegmentColumn seg;
    seg.name = QStringLiteral("bitmap");
    for (const char *v : {"/SUM1/D1/S00000/bitmap.fits", "NoDataDirectory", "/SUM1/D3/S00000/bitmap.fits"})
        seg.values.append(QByteArrayView(v));
    t.segments.push_back(seg);
    t.hasRecInfo = true;
    for (const char *v : {"hmi.mharp_720s[6314][2021.05.01_05:24:00_TAI]", "b", "c"})
        t.recInfoNames.append(QByteArrayView(v));
    t.recInfoOnline = {1, 0, 1};
    t.count = 3;
    QVERIFY(model.addPage(model.beginQuery(s), 0, t));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void fillLarge(KeywordTableModel &model, int rows)
{
    jsoc::SeriesStructure s;
    s.name = QStringLiteral("aia.lev1_euv_12s");
    s.keywords = {keyword("FSN", "int"), keyword("QUALITY", "int")};
    RecordTable t;
    t.keywords.resize(2);
    t.keywords[0].name = QStringLiteral("FSN");
    t.keywords[1].name = QStringLiteral("QUALITY");
    for (int r = 0; r < rows; ++r) {
        t.keywords[0].values.append(QByteArray::number(80982794 + 8 * r));
        t.keywords[1].values.append("0x00000000");
    }
    t.count = rows;
    QVERIFY(model.addPage(model.beginQuery(s), 0, t));
}

} // namespace

class TestCsvExport final : public QObject
{
    Q_OBJECT

private slots:
    void writesRfc4180InViewOrder()
    {
        KeywordTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fillSmall(model);
        // View order: T_REC ascending puts the records in reverse arrival order.
        model.sort(model.columnForName(QStringLiteral("T_REC")), Qt::AscendingOrder);
        QTRY_VERIFY(!model.isSorting());
        QCOMPARE(model.sourceRow(0), 2);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("harps.csv"));
        CsvExportJob job;
        QSignalSpy finished(&job, &CsvExportJob::finished);
        QSignalSpy progress(&job, &CsvExportJob::progress);
        job.start(model, path);
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(finished.at(0).at(1).toString(), QString());
        QVERIFY(!job.isRunning());
        QCOMPARE(progress.size(), 1);
        QCOMPARE(progress.at(0).at(0).toLongLong(), 3);
        QCOMPARE(progress.at(0).at(1).toLongLong(), 3);

        const QByteArray expected =
            "HARPNUM,NOAA_ARS,T_REC,bitmap,Online\r\n"
            ",\"line\nbreak\",2021.05.01_05:00:00_TAI,/SUM1/D3/S00000/bitmap.fits,Y\r\n"
            "17,\"say \"\"hi\"\"\",2021.05.01_05:12:00_TAI,NoDataDirectory,N\r\n"
            "6314,\"12818,12820,12821\",2021.05.01_05:24:00_TAI,/SUM1/D1/S00000/bitmap.fits,Y\r\n";
        QCOMPARE(readAll(path), expected);
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    }

    void progressIsThrottledAndReplacesOldFile()
    {
        KeywordTableModel model;
        fillLarge(model, 120000);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fsn.csv"));
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old export\r\n");
        }
        CsvExportJob job;
        QSignalSpy finished(&job, &CsvExportJob::finished);
        QSignalSpy progress(&job, &CsvExportJob::progress);
        job.start(model, path);
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(progress.size(), 3); // 50k, 100k, done
        QCOMPARE(progress.at(0).at(0).toLongLong(), 50000);
        QCOMPARE(progress.at(1).at(0).toLongLong(), 100000);
        QCOMPARE(progress.at(2).at(0).toLongLong(), 120000);
        QCOMPARE(progress.at(2).at(1).toLongLong(), 120000);
        const QByteArray csv = readAll(path);
        QVERIFY(csv.startsWith("FSN,QUALITY\r\n80982794,0x00000000\r\n80982802,0x00000000\r\n"));
        QCOMPARE(csv.count("\r\n"), 120001);
        QVERIFY(csv.endsWith(QByteArray::number(80982794 + 8 * 119999) + ",0x00000000\r\n"));
    }

    void cancelLeavesNoFileUnderTheFinalName()
    {
        KeywordTableModel model;
        fillLarge(model, 200000);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cancelled.csv"));
        const QString kept = dir.filePath(QStringLiteral("kept.csv"));
        {
            QFile old(kept);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("previous\r\n");
        }
        for (const QString &target : {path, kept}) {
            CsvExportJob job;
            QSignalSpy finished(&job, &CsvExportJob::finished);
            job.start(model, target);
            job.cancel();
            QVERIFY(finished.wait(20000));
            QCOMPARE(finished.at(0).at(0).toBool(), false);
            QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Export cancelled."));
            QVERIFY(!QFile::exists(target + QStringLiteral(".part")));
        }
        QVERIFY(!QFile::exists(path));
        QCOMPARE(readAll(kept), QByteArray("previous\r\n")); // an earlier file survives a cancelled export
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("kept.csv")});
    }

    void unwritableFolderFailsWithAMessage()
    {
        KeywordTableModel model;
        fillSmall(model);
        QTemporaryDir dir;
        // A regular file where a folder should be: fails for every user, root included.
        const QString notAFolder = dir.filePath(QStringLiteral("plain-file"));
        {
            QFile f(notAFolder);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        const QString path = notAFolder + QStringLiteral("/out.csv");
        CsvExportJob job;
        QSignalSpy finished(&job, &CsvExportJob::finished);
        job.start(model, path);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        const QString message = finished.at(0).at(1).toString();
        QVERIFY2(message.startsWith(QStringLiteral("Cannot write \"")) && message.contains(QStringLiteral("out.csv.part")),
                 qPrintable(message));
        QVERIFY(!QFile::exists(path));
    }

    void emptyTableWritesAnEmptyFile()
    {
        KeywordTableModel model;
        jsoc::SeriesStructure s;
        model.beginQuery(s);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.csv"));
        CsvExportJob job;
        QSignalSpy finished(&job, &CsvExportJob::finished);
        job.start(model, path);
        QVERIFY(finished.wait(10000));
        QVERIFY(finished.at(0).at(0).toBool());
        QCOMPARE(QFileInfo(path).size(), 0); // no columns: an empty file, not a blank line
    }
};

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
