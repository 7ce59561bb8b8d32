// KeywordPlotData (time conversion, number parsing, MISSING/gap handling, unit groups) on real
// JSOC samples with expected values computed independently (QJsonDocument + QDateTime), and
// KeywordPlotWidget offscreen: graphs, y axes per unit, gaps, click → recordClicked, drag, zoom.
#include "model/common/DisplayFormat.h"
#include "model/records/KeywordPlotData.h"
#include "network/JsocClient.h"
#include "network/replies/JsocParsers.h"
#include "sim/JsocSimulator.h"
#include "ui/KeywordPlotWidget.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

using namespace jsoc;

namespace {

QByteArray sample(const QString &name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    return f.readAll();
}

RecordTable tableOf(const QByteArray &body)
{
    RecordTable t;
    const JsocError e = parse::recordList(body, t);
    if (e.isError())
        qFatal("rs_list parse failed: %s", qPrintable(e.message));
    return t;
}

SeriesStructure structureOf(const QString &name)
{
    SeriesStructure s;
    const JsocError e = parse::seriesStructure(sample(name), s);
    if (e.isError())
        qFatal("series_struct parse failed: %s", qPrintable(e.message));
    return s;
}

// The sample's values of `keyword`, read with QJsonDocument (not the project's parser).
QStringList jsonValues(const QByteArray &body, const QString &keyword)
{
    const QJsonObject root = QJsonDocument::fromJson(QString::fromLatin1(body).toUtf8()).object();
    for (const QJsonValue &k : root.value(QLatin1String("keywords")).toArray()) {
        if (k.toObject().value(QLatin1String("name")).toString() != keyword)
            continue;
        QStringList out;
        for (const QJsonValue &v : k.toObject().value(QLatin1String("values")).toArray())
            out.append(v.toString());
        return out;
    }
    return {};
}

double isoUtcSeconds(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        qFatal("bad ISO time %s", qPrintable(iso));
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

double utcSeconds(int y, int mo, int d, int h, int mi, double s)
{
    return double(QDateTime(QDate(y, mo, d), QTime(h, mi, 0), Qt::UTC).toSecsSinceEpoch()) + s;
}

// Times out of order, a MISSING and an unreadable time, a MISSING value between two good ones,
// an "Invalid KeyLink", hex QUALITY (the shape of a real rs_list body).
const QByteArray kMixedBody =
    R"({"keywords":[{"name":"T_REC","values":["2012.01.01_00:02:15_TAI","2012.01.01_00:00:45_TAI","MISSING",)"
    R"("2012.01.01_00:01:30_TAI","2012.01.01_00:03:00_TAI","2012.01.01_00:03:45_TAI","garbage"]},)"
    R"({"name":"DATAMEAN","values":["3.5","1.5","9","MISSING","4.5","Invalid KeyLink","7"]},)"
    R"({"name":"QUALITY","values":["0x00000400","0x00000000","0x0","0x80000000","0x00000001","0x2","0x3"]}],)"
    R"("segments":[],"links":[],"count":7,"runtime":0.010,"status":0})"
    "\n";

SeriesStructure mixedStructure()
{
    SeriesStructure s;
    s.name = QStringLiteral("hmi.test");
    s.primeKeys = {QStringLiteral("T_REC")};
    KeywordInfo t;
    t.name = QStringLiteral("T_REC");
    t.type = QStringLiteral("time");
    t.units = QStringLiteral("TAI");
    KeywordInfo mean;
    mean.name = QStringLiteral("DATAMEAN");
    mean.type = QStringLiteral("float");
    mean.units = QStringLiteral("DN/s");
    KeywordInfo quality;
    quality.name = QStringLiteral("QUALITY");
    quality.type = QStringLiteral("int");
    quality.units = QStringLiteral("none");
    s.keywords = {t, mean, quality};
    s.derivePrimeKeyInfo();
    return s;
}

QString outputPath(const QString &name)
{
    return QDir::temp().filePath(name);
}

} // namespace

class TestKeywordPlot : public QObject
{
    Q_OBJECT

private slots:
    void timeConversion()
    {
        // ISO/"Z" times are UTC: Unix seconds are the calendar time itself.
        QCOMPARE(*parseTimeToUnixUtc("2014-01-01T00:00:01Z"), utcSeconds(2014, 1, 1, 0, 0, 1));
        QVERIFY(std::abs(*parseTimeToUnixUtc("2014-01-01T00:00:08.57Z") - utcSeconds(2014, 1, 1, 0, 0, 8.57)) < 1e-6);
        // TAI: TAI−UTC was 34 s in early 2012, 35 s from July 2012, 37 s from 2017.
        QCOMPARE(*parseTimeToUnixUtc("2012.01.01_00:00:45_TAI"), utcSeconds(2012, 1, 1, 0, 0, 11));
        QCOMPARE(*parseTimeToUnixUtc("2012.07.01_00:00:35_TAI"), utcSeconds(2012, 7, 1, 0, 0, 0));
        QCOMPARE(*parseTimeToUnixUtc("2017.01.01_00:00:37_TAI"), utcSeconds(2017, 1, 1, 0, 0, 0));
        QCOMPARE(*parseTimeToUnixUtc("2014.01.01_00:00:00_UTC"), utcSeconds(2014, 1, 1, 0, 0, 0));
        // The DRMS epoch itself: 1977.01.01_00:00:00_TAI = 1976-12-31 23:59:45 UTC (TAI−UTC 15 s).
        QCOMPARE(drmsToUnixUtc(0.0), utcSeconds(1976, 12, 31, 23, 59, 45));
        QVERIFY(!parseTimeToUnixUtc("MISSING"));
        QVERIFY(!parseTimeToUnixUtc("garbage"));
        QVERIFY(!parseTimeToUnixUtc(""));
        QVERIFY(!parseTimeToUnixUtc("-4712.01.01_11:59:28_TAI")); // the DRMS missing time
    }

    void numberParsing()
    {
        QCOMPARE(*parseKeywordNumber("0x80000000", true), 2147483648.0);
        QCOMPARE(*parseKeywordNumber("0x00000400", true), 1024.0);
        QVERIFY(!parseKeywordNumber("0x80000000", false));
        QCOMPARE(*parseKeywordNumber("2.902051", false), 2.902051);
        QCOMPARE(*parseKeywordNumber(" 42 ", false), 42.0);
        QCOMPARE(*parseKeywordNumber("-1739.760", false), -1739.76);
        QCOMPARE(*parseKeywordNumber("1.5e3", false), 1500.0);
        QCOMPARE(*parseKeywordNumber("+5", true), 5.0);
        QCOMPARE(*parseKeywordNumber("147096672338.47", false), 147096672338.47);
        QVERIFY(!parseKeywordNumber("MISSING", true));
        QVERIFY(!parseKeywordNumber("nan", false));
        QVERIFY(!parseKeywordNumber("inf", false));
        QVERIFY(!parseKeywordNumber("Invalid KeyLink", true));
        QVERIFY(!parseKeywordNumber("12abc", false));
        QVERIFY(!parseKeywordNumber("", false));
        QVERIFY(!parseKeywordNumber("0x", true));
    }

    void aiaSampleSeries()
    {
        const QByteArray body = sample(QStringLiteral("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
        const RecordTable table = tableOf(body);
        const SeriesStructure structure = structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"));
        const QStringList keys = {QStringLiteral("EXPTIME"), QStringLiteral("DATAMEAN"), QStringLiteral("QUALITY"),
                                  QStringLiteral("OSCNMEAN"), QStringLiteral("R_SUN"), QStringLiteral("NOT_A_KEY")};
        const KeywordPlotData data = KeywordPlotData::build(table, structure, QStringLiteral("T_OBS"), keys);
        QVERIFY(data.message.isEmpty());
        QCOMPARE(data.recordCount, 11);
        QCOMPARE(data.validTimes, 11);
        QCOMPARE(data.absentKeywords, QStringList{QStringLiteral("NOT_A_KEY")});
        QCOMPARE(int(data.series.size()), 5);
        // Units in first-use order: sec (EXPTIME), none → "" (DATAMEAN, QUALITY, OSCNMEAN), pixel (R_SUN).
        QCOMPARE(data.units, (QStringList{QStringLiteral("sec"), QString(), QStringLiteral("pixel")}));
        QCOMPARE(data.series[0].axis, 0);
        QCOMPARE(data.series[1].axis, 1);
        QCOMPARE(data.series[2].axis, 1);
        QCOMPARE(data.series[3].axis, 1);
        QCOMPARE(data.series[4].axis, 2);
        QCOMPARE(data.keywordsOnAxis(1), (QStringList{QStringLiteral("DATAMEAN"), QStringLiteral("QUALITY"), QStringLiteral("OSCNMEAN")}));

        const QStringList tObs = jsonValues(body, QStringLiteral("T_OBS"));
        QCOMPARE(tObs.size(), 11);
        for (const int s : {0, 1, 4}) {
            const KeywordPlotSeries &series = data.series[size_t(s)];
            const QStringList values = jsonValues(body, series.keyword);
            QCOMPARE(series.pointCount(), 11);
            QCOMPARE(series.skipped(), 0);
            for (int i = 0; i < 11; ++i) {
                QCOMPARE(series.rows[size_t(i)], i); // already in time order
                QVERIFY2(std::abs(series.x[size_t(i)] - isoUtcSeconds(tObs[i])) < 1e-6, qPrintable(tObs[i]));
                QCOMPARE(series.y[size_t(i)], values[i].toDouble());
            }
        }
        // QUALITY is hex ("0x00000000"): parsed base 16 for an integer keyword.
        const QStringList quality = jsonValues(body, QStringLiteral("QUALITY"));
        for (int i = 0; i < 11; ++i)
            QCOMPARE(data.series[2].y[size_t(i)], double(quality[i].mid(2).toUInt(nullptr, 16)));
        // OSCNMEAN is MISSING in every record: no points, all counted.
        QCOMPARE(data.series[3].pointCount(), 0);
        QCOMPARE(data.series[3].missing, 11);
        QVERIFY(data.skippedSummary().contains(QStringLiteral("OSCNMEAN: 11 MISSING")));
        QVERIFY(data.hasPoints());
    }

    void hmiSampleTaiTimes()
    {
        const QByteArray body = sample(QStringLiteral("rslist_hmi.M_45s_2rec.json"));
        const KeywordPlotData data = KeywordPlotData::build(tableOf(body), structureOf(QStringLiteral("seriesstruct_hmi.m_45s.json")),
                                                            QStringLiteral("T_REC"), {QStringLiteral("CAR_ROT"), QStringLiteral("WAVELNTH")});
        QCOMPARE(int(data.series.size()), 2);
        // 2012.01.01_00:00:45_TAI and 00:01:30_TAI, TAI−UTC = 34 s.
        const std::vector<double> expectedX{utcSeconds(2012, 1, 1, 0, 0, 11), utcSeconds(2012, 1, 1, 0, 0, 56)};
        QCOMPARE(data.series[0].x, expectedX);
        QCOMPARE(data.series[0].y, (std::vector<double>{2118, 2118}));
        QCOMPARE(data.series[1].y, (std::vector<double>{6173.0, 6173.0}));
    }

    void missingTimesValuesAndGaps()
    {
        const KeywordPlotData data = KeywordPlotData::build(tableOf(kMixedBody), mixedStructure(), QStringLiteral("T_REC"),
                                                            {QStringLiteral("DATAMEAN"), QStringLiteral("QUALITY")});
        QCOMPARE(data.validTimes, 5);
        QCOMPARE(data.units, (QStringList{QStringLiteral("DN/s"), QString()}));
        const KeywordPlotSeries &mean = data.series[0];
        // Time order: row 1 (00:00:45), 3 (01:30, MISSING value), 0 (02:15), 4 (03:00), 5 (03:45, Invalid KeyLink).
        QCOMPARE(mean.rows, (std::vector<int>{1, 0, 4}));
        QCOMPARE(mean.y, (std::vector<double>{1.5, 3.5, 4.5}));
        QCOMPARE(mean.gapBefore, (std::vector<bool>{false, true, false}));
        QCOMPARE(mean.missing, 1);
        QCOMPARE(mean.invalid, 1);
        QCOMPARE(mean.noTime, 2);
        QCOMPARE(mean.x[1], utcSeconds(2012, 1, 1, 0, 2, 15 - 34));
        const KeywordPlotSeries &quality = data.series[1];
        QCOMPARE(quality.rows, (std::vector<int>{1, 3, 0, 4, 5}));
        QCOMPARE(quality.y, (std::vector<double>{0.0, 2147483648.0, 1024.0, 1.0, 2.0}));
        QCOMPARE(quality.skipped(), 2);
        QCOMPARE(quality.indexOfRow(0), 2);
        QCOMPARE(quality.indexOfRow(2), -1);
        QVERIFY(data.skippedSummary().contains(QStringLiteral("DATAMEAN: 1 MISSING, 1 not numeric, 2 without T_REC")));
    }

    void messages()
    {
        const RecordTable table = tableOf(kMixedBody);
        const SeriesStructure structure = mixedStructure();
        QVERIFY(KeywordPlotData::build(table, structure, QStringLiteral("T_OBS"), {QStringLiteral("DATAMEAN")})
                    .message.contains(QStringLiteral("T_OBS is not a column")));
        QVERIFY(!KeywordPlotData::build(table, structure, QString(), {QStringLiteral("DATAMEAN")}).message.isEmpty());
        QVERIFY(KeywordPlotData::build(table, structure, QStringLiteral("T_REC"), {}).message.contains(QStringLiteral("No keywords")));
        // A time column that is all MISSING.
        const RecordTable noTimes = tableOf(R"({"keywords":[{"name":"T_REC","values":["MISSING","MISSING"]},)"
                                            R"({"name":"DATAMEAN","values":["1","2"]}],"segments":[],"links":[],"count":2,"runtime":0.01,"status":0})");
        const KeywordPlotData data = KeywordPlotData::build(noTimes, structure, QStringLiteral("T_REC"), {QStringLiteral("DATAMEAN")});
        QCOMPARE(data.message, QStringLiteral("T_REC has no valid times (all 2 records are MISSING or unreadable)."));
        QVERIFY(!data.hasPoints());
        // Values all MISSING.
        const RecordTable noValues = tableOf(R"({"keywords":[{"name":"T_REC","values":["2012.01.01_TAI"]},)"
                                             R"({"name":"DATAMEAN","values":["MISSING"]}],"segments":[],"links":[],"count":1,"runtime":0.01,"status":0})");
        QCOMPARE(KeywordPlotData::build(noValues, structure, QStringLiteral("T_REC"), {QStringLiteral("DATAMEAN")}).message,
                 QStringLiteral("DATAMEAN has no numeric values (DATAMEAN: 1 MISSING)."));
        // Zero records (rs_list sends no columns at all).
        const RecordTable empty = tableOf(R"({"count":0,"runtime":0.01,"status":0})");
        QVERIFY(!KeywordPlotData::build(empty, structure, QStringLiteral("T_REC"), {QStringLiteral("DATAMEAN")}).message.isEmpty());
    }

    // A keyword against another keyword (DATAMEAN against EXPTIME, the AIA 304 sample): x is the
    // x keyword's own values, ascending, and the widget draws a scatter plot with a number axis.
    void keywordAgainstKeyword()
    {
        const QByteArray body = sample(QStringLiteral("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
        const SeriesStructure structure = structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"));
        const KeywordPlotData data = KeywordPlotData::build(tableOf(body), structure, QStringLiteral("EXPTIME"),
                                                            {QStringLiteral("DATAMEAN")});
        QVERIFY2(data.message.isEmpty(), qPrintable(data.message));
        QVERIFY(!data.xIsTime);
        QCOMPARE(data.xUnits, QStringLiteral("sec"));
        const KeywordPlotSeries &series = data.series.front();
        QCOMPARE(series.pointCount(), 11);
        QVERIFY(std::is_sorted(series.x.begin(), series.x.end()));
        const QStringList exptime = jsonValues(body, QStringLiteral("EXPTIME"));
        const QStringList datamean = jsonValues(body, QStringLiteral("DATAMEAN"));
        for (qsizetype p = 0; p < series.pointCount(); ++p) {
            const int row = series.rows[size_t(p)];
            QCOMPARE(series.x[size_t(p)], exptime[row].toDouble());
            QCOMPARE(series.y[size_t(p)], datamean[row].toDouble());
        }
        // An x keyword without values says so in words.
        const KeywordPlotData none = KeywordPlotData::build(tableOf(body), structure, QStringLiteral("OSCNMEAN"),
                                                            {QStringLiteral("DATAMEAN")});
        QCOMPARE(none.message, QStringLiteral("OSCNMEAN has no valid values (all 11 records are MISSING or unreadable)."));

        ui::KeywordPlotWidget w;
        w.resize(900, 500);
        w.setData(tableOf(body), structure, QStringLiteral("EXPTIME"), {QStringLiteral("DATAMEAN")});
        QCustomPlot *plot = w.customPlot();
        QVERIFY(!plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>());
        QCOMPARE(plot->xAxis->label(), QStringLiteral("EXPTIME [sec]"));
        QCOMPARE(w.graph(QStringLiteral("DATAMEAN"))->lineStyle(), QCPGraph::lsNone);
        QCOMPARE(w.graph(QStringLiteral("DATAMEAN"))->dataCount(), 11);
        const QCPRange x = plot->xAxis->range();
        QVERIFY(x.contains(series.x.front()) && x.contains(series.x.back()));
        // Back to time: dates and a line again.
        w.setData(tableOf(body), structure, QStringLiteral("T_REC"), {QStringLiteral("DATAMEAN")});
        QVERIFY(plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>());
        QCOMPARE(w.graph(QStringLiteral("DATAMEAN"))->lineStyle(), QCPGraph::lsLine);
        QVERIFY(plot->xAxis->label().startsWith(QStringLiteral("T_REC (UTC)")));
    }

    // Counts in the skipped summary read like every other count: 1,500 MISSING, not 1500.
    void skippedCountsHaveSeparators()
    {
        QByteArray times, values;
        for (int i = 0; i < 1501; ++i) {
            times += (i ? "," : "") + QByteArray("\"2012.01.01_00:00:45_TAI\"");
            values += (i ? "," : "") + QByteArray(i == 0 ? "\"1.5\"" : "\"MISSING\"");
        }
        const QByteArray body = R"({"keywords":[{"name":"T_REC","values":[)" + times + R"(]},{"name":"DATAMEAN","values":[)"
            + values + R"(]}],"segments":[],"links":[],"count":1501,"runtime":0.01,"status":0})";
        const KeywordPlotData data = KeywordPlotData::build(tableOf(body), mixedStructure(), QStringLiteral("T_REC"),
                                                            {QStringLiteral("DATAMEAN")});
        QCOMPARE(data.series.front().missing, 1500);
        QCOMPARE(data.skippedSummary(), QStringLiteral("DATAMEAN: %1 MISSING").arg(jsoc::format::count(1500)));
        QCOMPARE(jsoc::format::count(1500).size(), 5); // grouped, whatever the separator
    }

    void widgetGraphsAxesAndGaps()
    {
        ui::KeywordPlotWidget w;
        w.resize(900, 500);
        const QByteArray body = sample(QStringLiteral("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
        w.setData(tableOf(body), structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json")), QStringLiteral("T_REC"),
                  {QStringLiteral("EXPTIME"), QStringLiteral("DATAMEAN"), QStringLiteral("DATAMEDN"), QStringLiteral("R_SUN")});
        QVERIFY(w.message().isEmpty());
        QCustomPlot *plot = w.customPlot();
        QCOMPARE(plot->graphCount(), 4);
        QCOMPARE(w.valueAxisCount(), 3); // sec, none, pixel
        QCOMPARE(plot->axisRect()->axes(QCPAxis::atLeft | QCPAxis::atRight).size(), 3);
        QCOMPARE(w.valueAxis(QStringLiteral("DATAMEAN")), w.valueAxis(QStringLiteral("DATAMEDN")));
        QVERIFY(w.valueAxis(QStringLiteral("EXPTIME")) != w.valueAxis(QStringLiteral("R_SUN")));
        QCOMPARE(w.valueAxis(QStringLiteral("EXPTIME"))->label(), QStringLiteral("EXPTIME [sec]"));
        QCOMPARE(w.valueAxis(QStringLiteral("DATAMEAN"))->label(), QStringLiteral("DATAMEAN, DATAMEDN"));
        QCOMPARE(w.graph(QStringLiteral("EXPTIME"))->dataCount(), 11);
        QCOMPARE(plot->legend->itemCount(), 4);
        QVERIFY(plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>());
        QVERIFY(plot->xAxis->label().startsWith(QStringLiteral("T_REC (UTC)")));
        // All points inside the fitted view.
        const QCPRange x = plot->xAxis->range();
        QVERIFY(x.contains(utcSeconds(2014, 1, 1, 0, 0, 1)) && x.contains(utcSeconds(2014, 1, 1, 0, 2, 1)));

        // Only the same axis count when units repeat; one axis for a single keyword.
        w.setData(tableOf(body), structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json")), QStringLiteral("T_REC"),
                  {QStringLiteral("DATAMEAN")});
        QCOMPARE(plot->graphCount(), 1);
        QCOMPARE(w.valueAxisCount(), 1);
        QCOMPARE(plot->axisRect()->axes(QCPAxis::atLeft | QCPAxis::atRight).size(), 2); // yAxis + the frame's right edge
        QVERIFY(!plot->yAxis2->tickLabels());

        // MISSING is a gap (a NaN between the neighbours), never a zero.
        w.setData(tableOf(kMixedBody), mixedStructure(), QStringLiteral("T_REC"), {QStringLiteral("DATAMEAN")});
        QCPGraph *g = w.graph(QStringLiteral("DATAMEAN"));
        QCOMPARE(g->dataCount(), 4); // 3 points + 1 break
        int nans = 0;
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            QVERIFY(it->value != 0.0);
            nans += std::isnan(it->value) ? 1 : 0;
        }
        QCOMPARE(nans, 1);
        QVERIFY(std::isnan((g->data()->constBegin() + 1)->value));
    }

    void widgetMessages()
    {
        ui::KeywordPlotWidget w;
        const RecordTable noTimes = tableOf(R"({"keywords":[{"name":"T_REC","values":["MISSING"]},)"
                                            R"({"name":"DATAMEAN","values":["1"]}],"segments":[],"links":[],"count":1,"runtime":0.01,"status":0})");
        w.setData(noTimes, mixedStructure(), QStringLiteral("T_REC"), {QStringLiteral("DATAMEAN")});
        QVERIFY(w.message().contains(QStringLiteral("no valid times")));
        QCOMPARE(w.graph(QStringLiteral("DATAMEAN"))->dataCount(), 0);
    }

    void clickSelectsRecord()
    {
        ui::KeywordPlotWidget w;
        w.resize(900, 500);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QByteArray body = sample(QStringLiteral("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"));
        w.setData(tableOf(body), structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json")), QStringLiteral("T_REC"),
                  {QStringLiteral("EXPTIME"), QStringLiteral("DATAMEAN")});
        QCustomPlot *plot = w.customPlot();
        QSignalSpy clicked(&w, &ui::KeywordPlotWidget::recordClicked);

        // The pixel of record 7's DATAMEAN point, computed from the axes (not from the widget).
        const QStringList tRec = jsonValues(body, QStringLiteral("T_REC"));
        const QStringList mean = jsonValues(body, QStringLiteral("DATAMEAN"));
        QCPAxis *meanAxis = w.valueAxis(QStringLiteral("DATAMEAN"));
        const QPoint p7(qRound(plot->xAxis->coordToPixel(isoUtcSeconds(tRec[7]))), qRound(meanAxis->coordToPixel(mean[7].toDouble())));
        QCOMPARE(w.pointPosition(QStringLiteral("DATAMEAN"), 7)->toPoint(), p7);
        QTest::mouseClick(plot, Qt::LeftButton, {}, p7 + QPoint(3, -2)); // a few pixels off still hits
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 7);
        QCOMPARE(w.selectedRecord(), 7);
        QCOMPARE(plot->graphCount(), 4);   // two graphs + a highlight ring on each
        QCOMPARE(plot->itemCount(), 1);    // the vertical time marker
        QCOMPARE(plot->legend->itemCount(), 2);

        // The neighbour record 8, via the EXPTIME graph.
        const QPointF p8 = *w.pointPosition(QStringLiteral("EXPTIME"), 8);
        QTest::mouseClick(plot, Qt::LeftButton, {}, p8.toPoint());
        QCOMPARE(clicked.size(), 2);
        QCOMPARE(clicked.at(1).at(0).toInt(), 8);

        // Empty space: nothing.
        const QRect r = plot->axisRect()->rect();
        QTest::mouseClick(plot, Qt::LeftButton, {}, QPoint(r.left() + 2, r.center().y() + 3));
        QCOMPARE(w.recordNear(QPointF(r.left() + 2, r.center().y() + 3)), -1);
        QCOMPARE(clicked.size(), 2);

        // A drag pans and selects nothing.
        const QCPRange before = plot->xAxis->range();
        QTest::mousePress(plot, Qt::LeftButton, {}, p7);
        QMouseEvent move(QEvent::MouseMove, QPointF(p7 + QPoint(80, 0)), plot->mapToGlobal(QPointF(p7 + QPoint(80, 0))),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, p7 + QPoint(80, 0));
        QCOMPARE(clicked.size(), 2);
        QVERIFY(plot->xAxis->range().lower < before.lower);

        // Wheel zooms time and the values follow the points left in view (the bug: y stayed as it
        // was); Ctrl+wheel zooms the values only; Fit restores.
        QToolButton *fit = w.findChild<QToolButton *>();
        QVERIFY(fit);
        fit->click();
        const QCPRange x0 = plot->xAxis->range();
        const QCPRange y0 = meanAxis->range();
        const QPointF centre = plot->axisRect()->rect().center();
        for (int turn = 0; turn < 3; ++turn) { // well in: a few points left
            QWheelEvent wheel(centre, plot->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            QApplication::sendEvent(plot, &wheel);
        }
        QVERIFY(plot->xAxis->range().size() < x0.size());
        double visibleLo = std::numeric_limits<double>::infinity(), visibleHi = -visibleLo;
        for (int i = 0; i < tRec.size(); ++i) {
            bool number = false;
            const double value = mean[i].toDouble(&number);
            if (number && plot->xAxis->range().contains(isoUtcSeconds(tRec[i]))) {
                visibleLo = std::min(visibleLo, value);
                visibleHi = std::max(visibleHi, value);
            }
        }
        QVERIFY(visibleLo <= visibleHi);
        QTRY_VERIFY(meanAxis->range() != y0);
        QVERIFY(meanAxis->range().contains(visibleLo) && meanAxis->range().contains(visibleHi));
        QVERIFY(meanAxis->range().size() <= y0.size());
        fit->click();
        QCOMPARE(meanAxis->range(), y0);
        QWheelEvent ctrlWheel(centre, plot->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
                              Qt::NoScrollPhase, false);
        QApplication::sendEvent(plot, &ctrlWheel);
        QCOMPARE(plot->xAxis->range(), x0);
        QVERIFY(meanAxis->range().size() < y0.size());
        fit->click();
        QCOMPARE(meanAxis->range(), y0);
    }

    void setSelectedRecordMarks()
    {
        ui::KeywordPlotWidget w;
        w.resize(600, 400);
        w.setData(tableOf(kMixedBody), mixedStructure(), QStringLiteral("T_REC"),
                  {QStringLiteral("DATAMEAN"), QStringLiteral("QUALITY")});
        QSignalSpy clicked(&w, &ui::KeywordPlotWidget::recordClicked);
        w.setSelectedRecord(3); // QUALITY has it, DATAMEAN is MISSING there
        QCOMPARE(w.customPlot()->graphCount(), 3);
        QCOMPARE(w.customPlot()->itemCount(), 1);
        w.setSelectedRecord(0); // in both
        QCOMPARE(w.customPlot()->graphCount(), 4);
        w.setSelectedRecord(2); // no time: nothing to mark
        QCOMPARE(w.customPlot()->graphCount(), 2);
        QCOMPARE(w.customPlot()->itemCount(), 0);
        w.setSelectedRecord(-1);
        QCOMPARE(w.customPlot()->graphCount(), 2);
        QCOMPARE(clicked.size(), 0);
        // New data clears the selection.
        w.setSelectedRecord(0);
        w.setData(tableOf(kMixedBody), mixedStructure(), QStringLiteral("T_REC"), {QStringLiteral("QUALITY")});
        QCOMPARE(w.selectedRecord(), -1);
        QCOMPARE(w.customPlot()->graphCount(), 1);
    }

    // Renders the real AIA sample and a longer simulated HMI query to PNG for a person to look at.
    void renderPngs()
    {
        {
            ui::KeywordPlotWidget w;
            w.resize(960, 540);
            w.setData(tableOf(sample(QStringLiteral("rslist_aia.lev1_euv_12s_304_allkeys_R1.json"))),
                      structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json")), QStringLiteral("T_OBS"),
                      {QStringLiteral("EXPTIME"), QStringLiteral("DATAMEAN"), QStringLiteral("R_SUN"), QStringLiteral("OSCNMEAN")});
            w.setSelectedRecord(4);
            const QImage image = w.grab().toImage();
            QVERIFY(!image.isNull());
            QVERIFY(image.save(outputPath(QStringLiteral("keywordplot_aia_sample.png"))));
        }
        sim::JsocSimulator sim;
        QVERIFY(sim.listen());
        JsocClient client(sim.url());
        auto *structureJob = client.seriesStructure(QStringLiteral("hmi.M_45s"));
        QSignalSpy structureDone(structureJob, &JsocJob::finished);
        QVERIFY(structureDone.wait(10000));
        QVERIFY2(!structureJob->error().isError(), qPrintable(structureJob->error().message));
        RecordListQuery q;
        q.recordSet = QStringLiteral("hmi.M_45s[2014.01.01_00:00:00_TAI/12h@6m]");
        q.keys = {QStringLiteral("T_REC"), QStringLiteral("DATAMEAN"), QStringLiteral("DATARMS"), QStringLiteral("OBS_VR")};
        auto *listJob = client.recordList(q);
        QSignalSpy listDone(listJob, &JsocJob::finished);
        QVERIFY(listDone.wait(10000));
        QVERIFY2(!listJob->error().isError(), qPrintable(listJob->error().message));
        const RecordTable table = listJob->takeResult();
        QVERIFY(table.rowCount() >= 100);

        ui::KeywordPlotWidget w;
        w.resize(960, 540);
        w.setData(table, structureJob->result(), QStringLiteral("T_REC"),
                  {QStringLiteral("DATAMEAN"), QStringLiteral("DATARMS"), QStringLiteral("OBS_VR")});
        QVERIFY(w.message().isEmpty());
        QCOMPARE(w.customPlot()->graphCount(), 3);
        w.setSelectedRecord(40);
        QVERIFY(w.grab().toImage().save(outputPath(QStringLiteral("keywordplot_hmi_sim.png"))));
        // The same records, DATAMEAN and DATARMS against OBS_VR: a scatter plot.
        w.setData(table, structureJob->result(), QStringLiteral("OBS_VR"), {QStringLiteral("DATAMEAN"), QStringLiteral("DATARMS")});
        QVERIFY(w.message().isEmpty());
        QVERIFY(w.grab().toImage().save(outputPath(QStringLiteral("keywordplot_hmi_scatter.png"))));
        delete structureJob;
        delete listJob;
    }
};

QTEST_MAIN(TestKeywordPlot)
#include "tst_keywordplot.moc"
