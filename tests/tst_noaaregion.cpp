// Active regions by NOAA number, end to end against the simulator over loopback: the words a
// user types for a region, the `[? NOAA_ARS ~ "…" ?]` condition they become, the HARP the real
// builder shows for it (compared with the simulator's own HARP/NOAA table and with a plain listing
// of every HARP on the disk), an unknown region in words, the simulator's SQL for it, the SHARP
// summary keywords' physics, and the column presets on a SHARP and an AIA series.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <algorithm>

#include "app/gui/BrowserController.h"
#include "app/gui/RecordSetController.h"
#include "model/drms/NoaaRegion.h"
#include "model/records/ColumnPresets.h"
#include "model/table/KeywordTableModel.h"
#include "network/JsocClient.h"
#include "network/RecordListJob.h"
#include "sim/JsocSimulator.h"
#include "ui/ColumnChooserDialog.h"
#include "ui/MainWindow.h"
#include "ui/RecordSetBuilder.h"
#include "ui/RecordSetWindow.h"
#include "ui/SeriesDetailView.h"
#include "ui/ValueKeyEditor.h"

namespace {

constexpr int kTimeoutMs = 30000;
const QString kSharp = QStringLiteral("hmi.sharp_720s");

// The simulator's HARP/NOAA pairs (its data file), read here so the test does not restate them.
QList<QPair<qint64, QString>> simulatorPairs(const QString &family)
{
    QList<QPair<qint64, QString>> pairs;
    QFile f(QFINDTESTDATA("sim/series/hmi_harp_noaa.tsv"));
    if (!f.open(QIODevice::ReadOnly))
        return pairs;
    while (!f.atEnd()) {
        const QList<QByteArray> cols = f.readLine().trimmed().split('\t');
        if (cols.size() >= 3 && !cols[0].startsWith('#') && cols[0] == family.toLatin1())
            pairs.append({cols[1].toLongLong(), QString::fromLatin1(cols[2])});
    }
    return pairs;
}

struct Listing {
    jsoc::RecordTable table;
    jsoc::JsocError error;
};

Listing list(const QUrl &server, const QString &recordSet, const QStringList &keys, qint64 limit = 0)
{
    jsoc::JsocClient client(server);
    jsoc::RecordListQuery query;
    query.recordSet = recordSet;
    query.keys = keys;
    query.limit = limit;
    std::unique_ptr<jsoc::RecordListJob> job(client.recordList(query));
    QSignalSpy done(job.get(), &jsoc::JsocJob::finished);
    Listing out;
    if (!done.wait(kTimeoutMs)) {
        out.error = jsoc::JsocError{jsoc::JsocError::Kind::Timeout, QStringLiteral("no answer")};
        return out;
    }
    out.error = job->error();
    if (!out.error.isError())
        out.table = job->takeResult();
    return out;
}

qint64 countOf(const QUrl &server, const QString &recordSet)
{
    jsoc::JsocClient client(server);
    std::unique_ptr<jsoc::RecordCountJob> job(client.recordCount(recordSet));
    QSignalSpy done(job.get(), &jsoc::JsocJob::finished);
    if (!done.wait(kTimeoutMs) || job->error().isError())
        return -1;
    return job->result();
}

jsoc::SeriesStructure structureOf(const QUrl &server, const QString &series)
{
    jsoc::JsocClient client(server);
    std::unique_ptr<jsoc::SeriesStructureJob> job(client.seriesStructure(series));
    QSignalSpy done(job.get(), &jsoc::JsocJob::finished);
    if (!done.wait(kTimeoutMs) || job->error().isError())
        return {};
    jsoc::SeriesStructure s = job->result();
    if (s.name.isEmpty())
        s.name = series;
    return s;
}

QStringList values(const jsoc::RecordTable &t, const QString &key)
{
    QStringList out;
    for (qsizetype r = 0; r < t.rowCount(); ++r)
        out.append(t.keywordValue(key, r));
    return out;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

class TestNoaaRegion : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(m_sim.listen());
    }

    void whatUsersType_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<qint64>("bare");   // parseNoaaRegion, 0 = refused
        QTest::addColumn<qint64>("named");  // parseNamedNoaaRegion (the HARPNUM field), 0 = refused
        QTest::newRow("digits") << "11158" << qint64(11158) << qint64(0);
        QTest::newRow("NOAA word") << "NOAA 11158" << qint64(11158) << qint64(11158);
        QTest::newRow("AR glued") << "AR11158" << qint64(11158) << qint64(11158);
        QTest::newRow("lower case") << " noaa ar 11158 " << qint64(11158) << qint64(11158);
        QTest::newRow("NOAA's four digits") << "AR 2192" << qint64(12192) << qint64(0); // not while typing "AR 21920"
        QTest::newRow("a HARP number stays one") << "377" << qint64(0) << qint64(0);
        QTest::newRow("range") << "11158-11160" << qint64(0) << qint64(0);
        QTest::newRow("words") << "NOAA" << qint64(0) << qint64(0);
    }
    void whatUsersType()
    {
        QFETCH(QString, typed);
        QFETCH(qint64, bare);
        QFETCH(qint64, named);
        QCOMPARE(jsoc::parseNoaaRegion(typed).value_or(0), bare);
        QCOMPARE(jsoc::parseNamedNoaaRegion(typed).value_or(0), named);
    }

    void whereClauseKeepsOtherTerms()
    {
        QCOMPARE(jsoc::whereWithNoaaRegion(QString(), 11158), QStringLiteral("NOAA_ARS ~ \"11158\""));
        QCOMPARE(jsoc::whereWithNoaaRegion(QStringLiteral("QUALITY=0"), 11158), QStringLiteral("NOAA_ARS ~ \"11158\" AND QUALITY=0"));
        QCOMPARE(jsoc::whereWithNoaaRegion(QStringLiteral("NOAA_ARS ~ \"11158\" AND QUALITY=0"), 11161),
                 QStringLiteral("NOAA_ARS ~ \"11161\" AND QUALITY=0"));
        QCOMPARE(jsoc::whereWithNoaaRegion(QStringLiteral("QUALITY=0 AND NOAA_ARS ~ '11158'"), std::nullopt), QStringLiteral("QUALITY=0"));
        QCOMPARE(jsoc::noaaRegionInWhere(u"QUALITY=0 AND noaa_ars~'11161'").value_or(0), qint64(11161));
        QVERIFY(!jsoc::noaaRegionInWhere(u"NOAA_AR = 11158"));
    }

    // The simulator's SQL: a pattern match on text, PostgreSQL's error on a number, and the
    // once-per-HARP answer equal to scanning every record.
    void simulatorAnswersTheCondition()
    {
        const auto pairs = simulatorPairs(QStringLiteral("definitive"));
        QVERIFY(!pairs.isEmpty());
        for (const auto &[harp, ars] : pairs) {
            const QString region = ars.section(QLatin1Char(','), 0, 0);
            const QString set = QStringLiteral("%1[][? NOAA_ARS ~ \"%2\" ?]").arg(kSharp, region);
            const Listing one = list(m_sim.url(), set, {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS"), QStringLiteral("NOAA_AR"),
                                                       QStringLiteral("NOAA_NUM")}, 1);
            QVERIFY2(!one.error.isError(), qPrintable(one.error.message));
            QCOMPARE(values(one.table, QStringLiteral("HARPNUM")), QStringList{QString::number(harp)});
            QCOMPARE(values(one.table, QStringLiteral("NOAA_ARS")), QStringList{ars});
            QCOMPARE(values(one.table, QStringLiteral("NOAA_AR")), QStringList{region});
            QCOMPARE(values(one.table, QStringLiteral("NOAA_NUM")), QStringList{QString::number(ars.count(QLatin1Char(',')) + 1)});
            // Every record of that HARP, and only those.
            const qint64 filtered = countOf(m_sim.url(), set);
            QVERIFY(filtered > 0);
            QCOMPARE(filtered, countOf(m_sim.url(), QStringLiteral("%1[%2]").arg(kSharp).arg(harp)));
        }
        // A clause that also reads T_REC is scanned record by record: the same records.
        const QString day = QStringLiteral("%1[][2011.02.15_00:00:00_TAI/6h]").arg(kSharp);
        const qint64 perHarp = countOf(m_sim.url(), day + QStringLiteral("[? NOAA_ARS ~ \"11158\" ?]"));
        QCOMPARE(perHarp, 30);
        QCOMPARE(countOf(m_sim.url(), day + QStringLiteral("[? NOAA_ARS ~ '11158' AND T_REC > $(2000.01.01_TAI) ?]")), perHarp);
        QCOMPARE(countOf(m_sim.url(), day + QStringLiteral("[? NOAA_ARS !~ \"11158\" ?]")) + perHarp, countOf(m_sim.url(), day));
        // NOAA_AR is an integer: PostgreSQL has no pattern match for it, and JSOC passes its words on.
        const Listing wrong = list(m_sim.url(), kSharp + QStringLiteral("[][? NOAA_AR ~ \"11158\" ?]"), {QStringLiteral("HARPNUM")}, 1);
        QVERIFY(wrong.error.isError());
        QVERIFY2(wrong.error.message.contains(QStringLiteral("operator does not exist: integer ~ unknown")), qPrintable(wrong.error.message));
        // A HARP that holds two regions (seen in a month of daily listings) is found by its second.
        const Listing month = list(m_sim.url(), kSharp + QStringLiteral("[][2014.01.01_00:00:00_TAI/30d@1d]"),
                                   {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS")});
        QVERIFY2(!month.error.isError(), qPrintable(month.error.message));
        QString sharedHarp, sharedArs;
        for (qsizetype r = 0; r < month.table.rowCount() && sharedHarp.isEmpty(); ++r) {
            if (month.table.keywordValue(QStringLiteral("NOAA_ARS"), r).contains(QLatin1Char(','))) {
                sharedHarp = month.table.keywordValue(QStringLiteral("HARPNUM"), r);
                sharedArs = month.table.keywordValue(QStringLiteral("NOAA_ARS"), r);
            }
        }
        QVERIFY2(!sharedHarp.isEmpty(), "no HARP with two regions in a month");
        const Listing bySecond = list(m_sim.url(), QStringLiteral("%1[][? NOAA_ARS ~ \"%2\" ?]").arg(kSharp, sharedArs.section(QLatin1Char(','), 1, 1)),
                                      {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS")}, 1);
        QCOMPARE(values(bySecond.table, QStringLiteral("HARPNUM")), QStringList{sharedHarp});
        QCOMPARE(values(bySecond.table, QStringLiteral("NOAA_ARS")), QStringList{sharedArs});
        // Near-real-time HARPs are numbered apart; a HARP holding three regions is found by each.
        const Listing nrt = list(m_sim.url(), QStringLiteral("hmi.sharp_720s_nrt[][? NOAA_ARS ~ \"12820\" ?]"),
                                 {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS"), QStringLiteral("NOAA_NUM")}, 1);
        QVERIFY2(!nrt.error.isError(), qPrintable(nrt.error.message));
        QCOMPARE(values(nrt.table, QStringLiteral("NOAA_ARS")), QStringList{QStringLiteral("12818,12820,12821")});
        QCOMPARE(values(nrt.table, QStringLiteral("NOAA_NUM")), QStringList{QStringLiteral("3")});
    }

    // On one day: each NOAA number on the disk belongs to one HARP, NOAA_AR/NOAA_NUM agree with
    // NOAA_ARS, and the SHARP summary follows the region's size.
    void harpsOfOneDay()
    {
        const Listing day = list(m_sim.url(), kSharp + QStringLiteral("[][2011.02.15_00:00:00_TAI]"),
                                 {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS"), QStringLiteral("NOAA_AR"), QStringLiteral("NOAA_NUM"),
                                  QStringLiteral("USFLUX"), QStringLiteral("AREA_ACR"), QStringLiteral("TOTUSJH"), QStringLiteral("R_VALUE"),
                                  QStringLiteral("MEANGAM"), QStringLiteral("MEANJZH")});
        QVERIFY2(!day.error.isError(), qPrintable(day.error.message));
        QVERIFY(day.table.rowCount() >= 10);
        QSet<QString> seen;
        QList<double> withRegion, without;
        QList<QPair<double, double>> areaFlux;
        for (qsizetype r = 0; r < day.table.rowCount(); ++r) {
            const QString ars = day.table.keywordValue(QStringLiteral("NOAA_ARS"), r);
            const QStringList regions = ars == QLatin1String("MISSING") ? QStringList() : ars.split(QLatin1Char(','));
            for (const QString &n : regions) {
                QVERIFY2(!seen.contains(n), qPrintable(n + QStringLiteral(" in two HARPs")));
                seen.insert(n);
            }
            QCOMPARE(day.table.keywordValue(QStringLiteral("NOAA_NUM"), r).toInt(), int(regions.size()));
            if (!regions.isEmpty())
                QCOMPARE(day.table.keywordValue(QStringLiteral("NOAA_AR"), r), regions.first());
            const double flux = day.table.keywordValue(QStringLiteral("USFLUX"), r).toDouble();
            const double area = day.table.keywordValue(QStringLiteral("AREA_ACR"), r).toDouble();
            const double r_value = day.table.keywordValue(QStringLiteral("R_VALUE"), r).toDouble();
            const double gamma = day.table.keywordValue(QStringLiteral("MEANGAM"), r).toDouble();
            QVERIFY(flux > 1e18 && flux < 1e24);  // Mx: plage to the largest regions
            QVERIFY(gamma > 0 && gamma < 90);      // degrees from the vertical
            QVERIFY(std::fabs(day.table.keywordValue(QStringLiteral("MEANJZH"), r).toDouble()) < 0.1);
            QVERIFY(day.table.keywordValue(QStringLiteral("TOTUSJH"), r).toDouble() > 0);
            areaFlux.append({area, flux});
            (regions.isEmpty() ? without : withRegion).append(flux);
            if (regions.isEmpty())
                QCOMPARE(r_value, 0.0); // no sunspot region, no strong-field polarity line
        }
        QVERIFY(seen.contains(QStringLiteral("11158")));
        QVERIFY(!withRegion.isEmpty() && !without.isEmpty());
        QVERIFY2(median(withRegion) > 3 * median(without), "a numbered (sunspot) region has more flux than plage");
        // More active area, more flux: the ranks agree.
        std::sort(areaFlux.begin(), areaFlux.end());
        for (qsizetype i = 1; i < areaFlux.size(); ++i)
            QVERIFY(areaFlux[i].second >= areaFlux[i - 1].second);
    }

    // Through the real windows: the builder's NOAA field → condition text → the HARP shown, the
    // HARPNUM field taking "NOAA 11161", an unknown region in words, and the count.
    void builderFindsTheHarp()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openRecordSet(cache.path(), kSharp);
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        ui::RecordSetBuilder *builder = window->builder();
        QVERIFY(builder->hasNoaaField());
        QVERIFY(builder->noaaEdit()->isVisibleTo(window));
        builder->setRecordSetText(kSharp + QStringLiteral("[][2011.02.14_00:00:00_TAI/1d]"));

        QTest::keyClicks(builder->noaaEdit(), QStringLiteral("AR 11158"));
        QCOMPARE(builder->recordSetText(), kSharp + QStringLiteral("[][2011.02.14_00:00:00_TAI/1d][? NOAA_ARS ~ \"11158\" ?]"));
        QVERIFY(builder->isValid());
        const qint64 harp = simulatorPairs(QStringLiteral("definitive")).value(0).first;
        QCOMPARE(harp, qint64(377));
        QTRY_COMPARE_WITH_TIMEOUT(builder->noaaFoundText(), QStringLiteral("NOAA 11158 → HARP %1").arg(harp), kTimeoutMs);

        QSignalSpy counted(rs, &app::RecordSetController::countShown);
        window->countAction()->trigger();
        QVERIFY(counted.wait(kTimeoutMs));
        QCOMPARE(counted.first().first().toLongLong(), qint64(120)); // one day of a 12-minute HARP

        // A region between the known pairs: the HARP a plain listing of the day shows for it.
        const Listing day = list(m_sim.url(), kSharp + QStringLiteral("[][2011.02.15_00:00:00_TAI]"),
                                 {QStringLiteral("HARPNUM"), QStringLiteral("NOAA_ARS")});
        QString otherRegion, otherHarp;
        for (qsizetype r = 0; r < day.table.rowCount() && otherRegion.isEmpty(); ++r) {
            const QString ars = day.table.keywordValue(QStringLiteral("NOAA_ARS"), r);
            if (ars != QLatin1String("MISSING") && ars != QLatin1String("11158")) {
                otherRegion = ars.section(QLatin1Char(','), 0, 0);
                otherHarp = day.table.keywordValue(QStringLiteral("HARPNUM"), r);
            }
        }
        QVERIFY(!otherRegion.isEmpty());
        auto *harpField = qobject_cast<ui::ValueKeyEditor *>(builder->keyEditor(QStringLiteral("HARPNUM")));
        QVERIFY(harpField);
        harpField->lineEdit()->setFocus();
        QTest::keyClicks(harpField->lineEdit(), QStringLiteral("NOAA ") + otherRegion);
        QCOMPARE(harpField->lineEdit()->text(), QString());
        QCOMPARE(builder->noaaEdit()->text(), otherRegion);
        QVERIFY2(builder->recordSetText().endsWith(QStringLiteral("[? NOAA_ARS ~ \"%1\" ?]").arg(otherRegion)), qPrintable(builder->recordSetText()));
        QVERIFY(!builder->recordSetText().contains(QStringLiteral("11158")));
        QTRY_COMPARE_WITH_TIMEOUT(builder->noaaFoundText(), QStringLiteral("NOAA %1 → HARP %2").arg(otherRegion, otherHarp), kTimeoutMs);

        // Typed in the record-set text, the field and the answer follow.
        builder->setRecordSetText(kSharp + QStringLiteral("[][2011.02.14_00:00:00_TAI/1d][? NOAA_ARS ~ '99999' ?]"));
        QCOMPARE(builder->noaaEdit()->text(), QStringLiteral("99999"));
        QTRY_COMPARE_WITH_TIMEOUT(builder->noaaFoundText(), QStringLiteral("No HARP carries NOAA 99999 in %1").arg(kSharp), kTimeoutMs);

        // Clearing the field removes the condition.
        builder->noaaEdit()->selectAll();
        QTest::keyClick(builder->noaaEdit(), Qt::Key_Delete);
        QCOMPARE(builder->recordSetText(), kSharp + QStringLiteral("[][2011.02.14_00:00:00_TAI/1d]"));
        QCOMPARE(builder->noaaFoundText(), QString());
    }

    // The field edits only its own term of the where clause, and a failed lookup says why in words.
    void otherTermsKeptAndFailureInWords()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openRecordSet(cache.path(), kSharp);
        QVERIFY(rs);
        ui::RecordSetBuilder *builder = rs->window()->builder();
        builder->setRecordSetText(kSharp + QStringLiteral("[][2011.02.14_00:00:00_TAI/1d][? QUALITY=0 AND NOAA_ARS ~ \"11158\" ?]"));
        QCOMPARE(builder->noaaEdit()->text(), QStringLiteral("11158"));

        sim::Fault fault;
        fault.kind = sim::Fault::Kind::Http500;
        fault.pathContains = QStringLiteral("NOAA_ARS");
        fault.times = -1;
        QVERIFY(m_sim.addFault(fault));
        builder->noaaEdit()->selectAll();
        QTest::keyClicks(builder->noaaEdit(), QStringLiteral("11161"));
        QCOMPARE(builder->whereEdit()->text(), QStringLiteral("NOAA_ARS ~ \"11161\" AND QUALITY=0"));
        QTest::keyClick(builder->noaaEdit(), Qt::Key_Return); // asks at once, without waiting for the pause
        QTRY_VERIFY_WITH_TIMEOUT(builder->noaaFoundText().startsWith(QStringLiteral("NOAA 11161: ")) && !builder->noaaFoundText().contains(QStringLiteral("looking")), kTimeoutMs);
        QVERIFY2(builder->noaaFoundText().contains(QStringLiteral("500")) || builder->noaaFoundText().contains(QStringLiteral("JSOC")),
                 qPrintable(builder->noaaFoundText()));
        m_sim.clearFaults();
        QTest::keyClicks(builder->noaaEdit(), QStringLiteral("x"));
        QCOMPARE(builder->noaaFoundText(), QStringLiteral("not a NOAA region number (e.g. 11158, AR 11158)"));
        QCOMPARE(builder->whereEdit()->text(), QStringLiteral("NOAA_ARS ~ \"11161\" AND QUALITY=0")); // unchanged by a typo
    }

    void aiaHasNoNoaaField()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openRecordSet(cache.path(), QStringLiteral("aia.lev1_euv_12s"));
        QVERIFY(rs);
        QVERIFY(!rs->window()->builder()->hasNoaaField());
        QVERIFY(!rs->window()->builder()->noaaEdit()->isVisibleTo(rs->window()));
    }

    void presets_data()
    {
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QStringList>("ticked");
        QTest::addColumn<QString>("note");
        const QStringList sharp{"USFLUX", "MEANGAM", "MEANJZH", "TOTUSJH", "AREA_ACR", "R_VALUE"};
        QTest::newRow("SHARP summary, sharp") << kSharp << "SHARP summary" << sharp
                                              << "Ticked SHARP summary: USFLUX (Maxwell), MEANGAM (Degrees), MEANJZH ((G^2)/m), "
                                                 "TOTUSJH ((G^2)/m), AREA_ACR (mH), R_VALUE (Maxwell).";
        QTest::newRow("SHARP summary, AIA") << "aia.lev1_euv_12s" << "SHARP summary" << QStringList()
                                            << "aia.lev1_euv_12s has none of the SHARP summary keywords (USFLUX, MEANGAM, MEANJZH, "
                                               "TOTUSJH, AREA_ACR, R_VALUE).";
        QTest::newRow("QUALITY, sharp") << kSharp << "QUALITY" << QStringList{"QUALITY", "QUALLEV1"}
                                        << "Ticked QUALITY: QUALITY, QUALLEV1. The table explains QUALITY's set bits in words in each cell's tooltip.";
        QTest::newRow("QUALITY, AIA") << "aia.lev1_euv_12s" << "QUALITY" << QStringList{"QUALITY"}
                                      << "Ticked QUALITY: QUALITY. The table explains QUALITY's set bits in words in each cell's tooltip.";
    }
    // Presets in the Columns… dialog on the structures the simulator serves, the item model under
    // the tester; the AIA series lacks the SHARP keywords and says so.
    void presets()
    {
        QFETCH(QString, series);
        QFETCH(QString, preset);
        QFETCH(QStringList, ticked);
        QFETCH(QString, note);
        const jsoc::SeriesStructure structure = structureOf(m_sim.url(), series);
        QVERIFY(!structure.keywords.isEmpty());
        ui::ColumnChooserDialog dialog(structure, {}, {}, false);
        QAbstractItemModelTester tester(dialog.keywordModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.setFilterText(QStringLiteral("T_"));
        QVERIFY(dialog.presetButton(preset));
        dialog.presetButton(preset)->click();
        for (const QString &k : ticked)
            QVERIFY2(dialog.keywords().contains(k), qPrintable(k));
        QCOMPARE(dialog.keywords().size(), ticked.size());
        QCOMPARE(dialog.presetNote(), note);
    }

    // WCS: each series gets the WCS keywords it has, and is told what it lacks, from its structure.
    void wcsPresetOnBothSeries()
    {
        const jsoc::ColumnPreset *wcs = jsoc::columnPreset(QStringLiteral("WCS"));
        QVERIFY(wcs);
        for (const QString &series : {kSharp, QStringLiteral("aia.lev1_euv_12s")}) {
            const jsoc::SeriesStructure structure = structureOf(m_sim.url(), series);
            ui::ColumnChooserDialog dialog(structure, {}, {}, false);
            QAbstractItemModelTester tester(dialog.keywordModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            dialog.applyPreset(QStringLiteral("WCS"));
            QStringList lacking;
            for (const QString &k : wcs->keywords) {
                QCOMPARE(dialog.keywords().contains(k), structure.keyword(k) != nullptr);
                if (!structure.keyword(k))
                    lacking.append(k);
            }
            QVERIFY(dialog.keywords().contains(QStringLiteral("CDELT1")));
            QCOMPARE(dialog.presetNote().contains(QStringLiteral(" lacks ")), !lacking.isEmpty());
            for (const QString &k : lacking)
                QVERIFY(dialog.presetNote().contains(k));
        }
    }

    // Columns… → SHARP summary → OK: the table fetches the six columns, their units in the header.
    void presetColumnsReachTheTable()
    {
        QTemporaryDir cache;
        app::RecordSetController *rs = openRecordSet(cache.path(), kSharp);
        QVERIFY(rs);
        ui::RecordSetWindow *window = rs->window();
        window->builder()->setRecordSetText(kSharp + QStringLiteral("[377][2011.02.15_00:00:00_TAI/1h]"));
        QTRY_VERIFY(window->fetchAction()->isEnabled());
        QSignalSpy ended(rs, &app::RecordSetController::loadEnded);
        window->fetchAction()->trigger();
        QVERIFY(ended.wait(kTimeoutMs));
        window->columnsAction()->trigger();
        ui::ColumnChooserDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<ui::ColumnChooserDialog *>()) != nullptr);
        dialog->presetButton(QStringLiteral("SHARP summary"))->click();
        ended.clear();
        dialog->accept();
        QVERIFY(ended.wait(kTimeoutMs));
        const jsoc::KeywordTableModel *model = rs->model();
        QCOMPARE(model->rowCount(), 5);
        int usflux = -1;
        for (int c = 0; c < model->columnCount(); ++c)
            if (model->headerData(c, Qt::Horizontal).toString() == QLatin1String("USFLUX"))
                usflux = c;
        QVERIFY(usflux >= 0);
        QVERIFY(model->headerData(usflux, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("Maxwell")));
        QVERIFY(model->index(0, usflux).data().toString().contains(QStringLiteral("e+")));
    }

private:
    app::RecordSetController *openRecordSet(const QString &cacheDir, const QString &series)
    {
        app::BrowserOptions options;
        options.cacheDirectory = cacheDir;
        options.exportDirectory = cacheDir + QStringLiteral("/exports");
        options.retry.maxRetries = 0;
        options.transferTimeoutMs = 25000;
        m_browser = std::make_unique<app::BrowserController>(m_sim.url(), options);
        m_browser->openSeries(series);
        ui::SeriesDetailView *detail = m_browser->window()->detail();
        if (!QTest::qWaitFor([&] { return detail->state() == ui::SeriesDetailView::State::Structure; }, kTimeoutMs))
            return nullptr;
        detail->queryButton()->click();
        const QList<app::RecordSetController *> open = m_browser->recordSets();
        return open.isEmpty() ? nullptr : open.last();
    }

    QTemporaryDir m_settingsDir;
    sim::JsocSimulator m_sim;
    std::unique_ptr<app::BrowserController> m_browser;
};

QTEST_MAIN(TestNoaaRegion)
#include "tst_noaaregion.moc"
