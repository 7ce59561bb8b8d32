#include <QAbstractItemModelTester>
#include <QFile>
#include <QTest>

#include "model/catalogue/SeriesFieldTable.h"
#include "model/catalogue/SeriesFieldTableModel.h"
#include "network/replies/JsocParsers.h"

namespace {

jsoc::SeriesStructure loadSample(const QString &file, const QString &name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + file);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(f.fileName()));
    jsoc::SeriesStructure s;
    const jsoc::JsocError error = jsoc::parse::seriesStructure(f.readAll(), s);
    if (error.isError())
        qFatal("sample does not parse: %s", qPrintable(error.message));
    s.name = name;
    return s;
}

} // namespace

class TestSeriesFieldTable final : public QObject
{
    Q_OBJECT

private slots:
    void primeKeysOfHmiM45s()
    {
        const auto s = loadSample(QStringLiteral("seriesstruct_hmi.m_45s.json"), QStringLiteral("hmi.M_45s"));
        const auto t = jsoc::SeriesFieldTable::primeKeys(s);
        QCOMPARE(t.headers.size(), 6);
        QCOMPARE(t.rows.size(), 2);
        QCOMPARE(t.rows[0][0], QStringLiteral("T_REC"));
        QCOMPARE(t.rows[0][1], QStringLiteral("time"));
        QCOMPARE(t.rows[0][3], QStringLiteral("yes"));
        QCOMPARE(t.rows[0][4], QStringLiteral("45.0 seconds"));
        QCOMPARE(t.rows[0][5], QStringLiteral("1993.01.01_00:00:00_TAI"));
        QCOMPARE(t.rows[1][0], QStringLiteral("CAMERA"));
        QCOMPARE(t.rows[1][3], QStringLiteral("no"));
        QCOMPARE(t.rows[1][4], QString());
    }

    void keywordsSegmentsLinks()
    {
        const auto s = loadSample(QStringLiteral("seriesstruct_hmi.sharp_720s.json"), QStringLiteral("hmi.sharp_720s"));
        const auto k = jsoc::SeriesFieldTable::keywords(s);
        QCOMPARE(k.rows.size(), s.keywords.size());
        QCOMPARE(k.rows[0], (QStringList{QStringLiteral("cparms_sg000"), QStringLiteral("string"), QStringLiteral("variable"),
                                        QString(), QStringLiteral("compress Rice"), QString()}));
        const auto g = jsoc::SeriesFieldTable::segments(s);
        QCOMPARE(g.rows.size(), s.segments.size());
        QVERIFY(!g.rows.isEmpty());
        const auto l = jsoc::SeriesFieldTable::links(s);
        QCOMPARE(l.seriesColumn, 1);
        QCOMPARE(l.rows.size(), 2);
        QCOMPARE(l.rows[0], (QStringList{QStringLiteral("BHARP"), QStringLiteral("hmi.Bharp_720s"), QStringLiteral("DYNAMIC"), QStringLiteral("Bharp")}));
    }

    void linkedSegmentsOfAia()
    {
        const auto s = loadSample(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"), QStringLiteral("aia.lev1_euv_12s"));
        const auto g = jsoc::SeriesFieldTable::segments(s);
        QVERIFY(!g.rows.isEmpty());
        QVERIFY(g.rows[0][3].startsWith(QStringLiteral("link via")));
        QCOMPARE(g.rows[0][4], QString()); // dims null
    }

    void modelExposesCellsAndLinkedSeries()
    {
        const auto s = loadSample(QStringLiteral("seriesstruct_hmi.sharp_720s.json"), QStringLiteral("hmi.sharp_720s"));
        jsoc::SeriesFieldTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTable(jsoc::SeriesFieldTable::links(s));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Target series"));
        QCOMPARE(model.index(1, 1).data(jsoc::SeriesFieldTableModel::LinkedSeriesRole).toString(), QStringLiteral("hmi.Mharp_720s"));
        QCOMPARE(model.index(1, 0).data(jsoc::SeriesFieldTableModel::LinkedSeriesRole).toString(), QString());
        model.setTable(jsoc::SeriesFieldTable::primeKeys(s));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 6);
        model.setTable({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSeriesFieldTable)
#include "tst_seriesfieldtable.moc"
