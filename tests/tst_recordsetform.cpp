// RecordSetForm: record-set text ⇄ builder form for every syntax form of protocol §4.1, bound to
// real series structures; error positions; the time explanation sentences under the editor.
#include "RecordSetTestStructures.h"
#include "model/drms/RecordSetForm.h"
#include "model/drms/TimeKeyExplainer.h"

#include <QtTest>

using namespace jsoc;
using Kind = KeyCondition::Kind;
using Span = KeyCondition::TimeSpan;

class TestRecordSetForm final : public QObject
{
    Q_OBJECT

private:
    QHash<QString, SeriesStructure> m_structures;

    const SeriesStructure &structure(const QString &name)
    {
        auto it = m_structures.find(name);
        if (it == m_structures.end()) {
            const bool sample = QFile::exists(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/seriesstruct_") + name
                                              + QStringLiteral(".json"));
            it = m_structures.insert(name, sample ? recordsettest::sampleStructure(name)
                                                  : recordsettest::simulatedStructure(name));
        }
        return *it;
    }

    RecordSetForm parsed(const QString &series, const QString &text)
    {
        RecordSetFormError error;
        const auto form = parseRecordSetForm(text, structure(series), &error);
        if (!form)
            qWarning() << text << "→" << error.position << error.message;
        return form.value_or(RecordSetForm());
    }

private slots:
    void structuresLoad()
    {
        QCOMPARE(structure(QStringLiteral("hmi.m_720s")).primeKeys, QStringList({"T_REC", "CAMERA"}));
        QCOMPARE(structure(QStringLiteral("hmi.m_720s")).primeKeysInfo[0].stepSeconds().value_or(0), 720.0);
        QCOMPARE(structure(QStringLiteral("hmi.sharp_720s")).primeKeys, QStringList({"HARPNUM", "T_REC"}));
        QCOMPARE(structure(QStringLiteral("aia.lev1_euv_12s")).primeKeysInfo[0].units, QStringLiteral("ISO"));
    }

    // text → form → text, for every syntax form and example of protocol §4.1. The canonical text
    // is the input unless noted; parsing the canonical text gives the same form back.
    void roundTrip_data()
    {
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        const auto row = [](const char *tag, const char *series, const char *text, const char *canonical = nullptr) {
            QTest::newRow(tag) << QString::fromUtf8(series) << QString::fromUtf8(text)
                               << QString::fromUtf8(canonical ? canonical : text);
        };
        // Examples of §4.1.
        row("issue example", "hmi.m_720s", "hmi.m_720s[2014.01.01_TAI/1d@1h]{magnetogram}");
        row("duration cadence", "hmi.m_720s", "hmi.m_720s[2014.01.01_00:00:00_TAI/1d@1h]");
        row("series case kept", "hmi.m_720s", "hmi.M_720s[2011.04.14_00:30:00_TAI/6h@2h]");
        row("3m", "hmi.v_45s", "hmi.v_45s[2013.07.03_08:42_TAI/3m]");
        row("sharp harp+time", "hmi.sharp_720s", "hmi.sharp_720s[377][2011.02.15_00:00:00_TAI]");
        row("sharp segments", "hmi.sharp_720s", "hmi.sharp_720s[4864][2014.11.30_00:00_TAI]{continuum, magnetogram}",
            "hmi.sharp_720s[4864][2014.11.30_00:00_TAI]{continuum,magnetogram}");
        row("aia iso", "aia.lev1_euv_12s", "aia.lev1_euv_12s[2025-01-01T04:33:30.000/1m@12s][171]{image}");
        row("aia list", "aia.lev1_euv_12s", "aia.lev1_euv_12s[2014.01.01_TAI/1h][171,193]");
        row("sht", "hmi.v_sht_2drls", "hmi.v_sht_2drls[2024.09.19_00:00:00_TAI]{split,rot,err}");
        row("synoptic", "hmi.synoptic_mr_720s", "hmi.synoptic_mr_720s[2150]");
        row("skip then last", "hmi.mharp_720s_nrt", "hmi.mharp_720s_nrt[][$]");
        row("time range", "hmi.v_45s", "hmi.v_45s[2014.01.01_00:00:35_TAI-2014.01.01_01:00:35_TAI]");
        row("range rounding", "hmi.m_45s", "hmi.M_45s[2012.01.01_01:01:10_TAI-2012.01.01_01:01:12_TAI]");
        row("range step", "hmi.m_45s", "hmi.m_45s[2012.01.01_00:00:34_TAI-2012.01.01_00:02:04_TAI@90.0s]");
        row("iso range", "aia.lev1_euv_12s", "aia.lev1_euv_12s[2010-07-30T13:30:34Z-2010-07-30T14:00:34Z]");
        row("zone-less", "hmi.m_720s", "hmi.m_720s[2014.01.01_00:00:00]");
        // valueset forms.
        row("first", "hmi.m_45s", "hmi.m_45s[^]");
        row("last", "hmi.m_45s", "hmi.m_45s[$]");
        row("value", "hmi.sharp_720s", "hmi.sharp_720s[377]");
        row("value list", "aia.lev1_euv_12s", "aia.lev1_euv_12s[][171,193]");
        row("value range", "hmi.sharp_720s", "hmi.sharp_720s[100-200]");
        row("range with step", "hmi.sharp_720s", "hmi.sharp_720s[100-200@10]");
        row("mixed value list", "hmi.sharp_720s", "hmi.sharp_720s[1,5-9,$]");
        row("duration from epoch", "hmi.m_45s", "hmi.m_45s[3000d]");
        row("slot duration", "hmi.m_720s", "hmi.m_720s[2014.01.01_TAI/5u]");
        row("time list", "hmi.m_45s", "hmi.m_45s[2014.01.01_TAI/1h,2014.01.02_TAI/1h]");
        row("time with step only", "hmi.m_45s", "hmi.m_45s[2014.01.01_TAI@1h]");
        // indexset forms.
        row("index first", "hmi.m_45s", "hmi.m_45s[#^]");
        row("index last", "hmi.m_45s", "hmi.m_45s[#$]");
        row("index", "hmi.m_45s", "hmi.m_45s[#123]");
        row("index range", "hmi.m_45s", "hmi.m_45s[#100-#200]");
        row("index range step", "hmi.m_45s", "hmi.m_45s[#100-#200@5]");
        row("index duration", "hmi.m_45s", "hmi.m_45s[#100/10@2]");
        // reclist forms.
        row("recnum", "hmi.m_45s", "hmi.m_45s[:#123]");
        row("recnum range", "hmi.m_45s", "hmi.m_45s[:#100-#200]");
        row("recnum first last", "hmi.m_45s", "hmi.m_45s[:#^,#$]");
        row("recnum after keys", "hmi.m_45s", "hmi.m_45s[$][2][:#100-#200]");
        // KEY= binding.
        row("named", "hmi.m_45s", "hmi.m_45s[CAMERA=2]");
        row("named case", "hmi.m_45s", "hmi.m_45s[camera = 1,2]", "hmi.m_45s[CAMERA=1,2]");
        row("named first", "hmi.m_45s", "hmi.m_45s[CAMERA=2][2014.01.01_TAI/1d]",
            "hmi.m_45s[2014.01.01_TAI/1d][CAMERA=2]");
        row("named time", "hmi.m_45s", "hmi.m_45s[T_REC=2014.01.01_TAI/1h@90s]");
        row("named and skip", "hmi.m_45s", "hmi.m_45s[][2][T_REC=$]");
        row("index keyword kept", "hmi.m_45s", "hmi.m_45s[T_REC_index=100]");
        row("key twice kept", "hmi.m_45s", "hmi.m_45s[T_REC=2014.01.01_TAI][2014.01.02_TAI]",
            "hmi.m_45s[T_REC=2014.01.01_TAI][T_REC=2014.01.02_TAI]");
        // [] skips.
        row("skip", "hmi.m_45s", "hmi.m_45s[][2]");
        row("trailing skips dropped", "hmi.m_45s", "hmi.m_45s[$][]", "hmi.m_45s[$]");
        row("only skips", "hmi.m_45s", "hmi.m_45s[][]", "hmi.m_45s");
        // SQL filters.
        row("where", "hmi.m_45s", "hmi.m_45s[? QUALITY=0 ?]");
        row("where compact", "hmi.m_45s", "hmi.m_45s[?QUALITY<2 AND EXPTIME>2?]", "hmi.m_45s[? QUALITY<2 AND EXPTIME>2 ?]");
        row("where quoted", "aia.lev1_euv_12s", "aia.lev1_euv_12s[? INSTRUME='FUV' ?]");
        row("where bracket in quotes", "aia.lev1_euv_12s", "aia.lev1_euv_12s[? WAVE_STR='?]' ?][$]",
            "aia.lev1_euv_12s[$][? WAVE_STR='?]' ?]");
        row("where time macro", "hmi.m_45s", "hmi.m_45s[$][? T_OBS>$(2014.01.01_TAI) ?]");
        row("second where kept", "hmi.m_45s", "hmi.m_45s[? QUALITY=0 ?][? CAMERA=2 ?]");
        row("all versions", "hmi.m_45s", "hmi.m_45s[! QUALITY=0 !]");
        row("where and keys", "hmi.m_45s", "hmi.m_45s[? QUALITY=0 ?][2014.01.01_TAI/1d]",
            "hmi.m_45s[2014.01.01_TAI/1d][? QUALITY=0 ?]");
        // Segment lists.
        row("no filters", "hmi.m_45s", "hmi.m_45s");
        row("segments", "hmi.sharp_720s", "hmi.sharp_720s[377]{magnetogram,bitmap}");
        row("all segments", "hmi.m_45s", "hmi.m_45s{**ALL**}");
        row("empty segments", "hmi.m_45s", "hmi.m_45s[$]{}");
        // Several subsets, spaces.
        row("several subsets", "hmi.m_45s", "hmi.m_45s[$],hmi.v_45s[$]{Dopplergram}");
        row("same series twice", "hmi.m_45s", "hmi.m_45s[$], hmi.m_45s[^]", "hmi.m_45s[$],hmi.m_45s[^]");
        row("spaces", "hmi.m_45s", "  hmi.m_45s [ 2014.01.01_TAI / 1d @ 1h ] [ 1 , 2 ] { magnetogram } ",
            "hmi.m_45s[2014.01.01_TAI/1d@1h][1,2]{magnetogram}");
    }

    void roundTrip()
    {
        QFETCH(QString, series);
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const SeriesStructure &s = structure(series);
        QVERIFY(!s.primeKeys.isEmpty());
        RecordSetFormError error;
        const auto form = parseRecordSetForm(text, s, &error);
        QVERIFY2(form.has_value(), qPrintable(QStringLiteral("%1: %2").arg(error.position).arg(error.message)));
        QCOMPARE(form->keys.size(), s.primeKeys.size());
        QCOMPARE(recordSetFormText(*form), canonical);
        const auto again = parseRecordSetForm(canonical, s, &error);
        QVERIFY(again.has_value());
        QVERIFY(*again == *form);
        // The canonical text still means the same to the grammar (same filters, maybe reordered).
        const auto a = drms::parseRecordSet(text);
        const auto b = drms::parseRecordSet(canonical);
        QVERIFY(a && b);
        QCOMPARE(b->subsets.size(), a->subsets.size());
        QCOMPARE(b->subsets.first().segments, a->subsets.first().segments);
        for (int i = 1; i < a->subsets.size(); ++i)
            QVERIFY(b->subsets[i] == a->subsets[i]);
    }

    void fieldsOfIssueExample()
    {
        const RecordSetForm f = parsed(QStringLiteral("hmi.m_720s"), QStringLiteral("hmi.m_720s[2014.01.01_TAI/1d@1h]{magnetogram}"));
        QCOMPARE(f.series, QStringLiteral("hmi.m_720s"));
        QCOMPARE(f.keys.size(), 2);
        QCOMPARE(f.keys[0].key, QStringLiteral("T_REC"));
        QCOMPARE(f.keys[0].kind, Kind::Time);
        QCOMPARE(f.keys[0].start, QStringLiteral("2014.01.01_TAI"));
        QCOMPARE(f.keys[0].span, Span::Duration);
        QCOMPARE(f.keys[0].duration, QStringLiteral("1d"));
        QCOMPARE(f.keys[0].cadence, QStringLiteral("1h"));
        QVERIFY(!f.keys[0].byName);
        QCOMPARE(f.keys[1].key, QStringLiteral("CAMERA"));
        QVERIFY(f.keys[1].isAny());
        QVERIFY(f.hasSegmentList);
        QCOMPARE(f.segments, QStringList({"magnetogram"}));
        QVERIFY(f.where.isEmpty());
        QVERIFY(!f.hasExtras());
        QCOMPARE(f.limit, 0);
    }

    void fieldsBoundByPosition()
    {
        const RecordSetForm f = parsed(QStringLiteral("hmi.sharp_720s"), QStringLiteral("hmi.sharp_720s[377][2011.02.15_00:00:00_TAI]"));
        QCOMPARE(f.keys[0].key, QStringLiteral("HARPNUM"));
        QCOMPARE(f.keys[0].kind, Kind::List);
        QCOMPARE(f.keys[0].list, QStringLiteral("377"));
        QCOMPARE(f.keys[1].kind, Kind::Time);
        QCOMPARE(f.keys[1].span, Span::Single);
        QCOMPARE(f.keys[1].start, QStringLiteral("2011.02.15_00:00:00_TAI"));
        QVERIFY(!f.hasSegmentList);

        const RecordSetForm r = parsed(QStringLiteral("hmi.v_45s"),
                                       QStringLiteral("hmi.v_45s[2014.01.01_00:00:35_TAI-2014.01.01_01:00:35_TAI@90s]"));
        QCOMPARE(r.keys[0].span, Span::End);
        QCOMPARE(r.keys[0].start, QStringLiteral("2014.01.01_00:00:35_TAI"));
        QCOMPARE(r.keys[0].end, QStringLiteral("2014.01.01_01:00:35_TAI"));
        QCOMPARE(r.keys[0].cadence, QStringLiteral("90s"));
    }

    void fieldsBoundByName()
    {
        const RecordSetForm f = parsed(QStringLiteral("hmi.m_45s"), QStringLiteral("hmi.m_45s[CAMERA=2][$]"));
        QCOMPARE(f.keys[0].kind, Kind::List); // `$` on a time key stays text
        QCOMPARE(f.keys[0].list, QStringLiteral("$"));
        QVERIFY(!f.keys[0].byName);
        QCOMPARE(f.keys[1].list, QStringLiteral("2"));
        QVERIFY(f.keys[1].byName);
    }

    void keptAsTyped()
    {
        const RecordSetForm f = parsed(QStringLiteral("hmi.m_45s"),
                                       QStringLiteral("hmi.m_45s[:#100-#200][? QUALITY=0 ?][! X=1 !][? Y=2 ?],hmi.v_45s[$]"));
        QCOMPARE(f.where, QStringLiteral("QUALITY=0"));
        QCOMPARE(f.extraFilters.size(), 3);
        QCOMPARE(f.extraFilters[0].kind, drms::Filter::Kind::Recnums);
        QCOMPARE(f.extraFilters[1].kind, drms::Filter::Kind::AllVersionsQuery);
        QCOMPARE(f.extraFilters[2].sql, QStringLiteral("Y=2"));
        QCOMPARE(f.extraSubsets.size(), 1);
        QCOMPARE(f.extraSubsets[0].series, QStringLiteral("hmi.v_45s"));
        QVERIFY(f.hasExtras());
        for (const KeyCondition &c : f.keys)
            QVERIFY(c.isAny());
    }

    // Editing the form's fields writes the expected text.
    void formToText()
    {
        RecordSetForm f = emptyRecordSetForm(structure(QStringLiteral("hmi.m_720s")));
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s"));
        f.keys[0].kind = Kind::Time;
        f.keys[0].start = QStringLiteral("2014.01.01_TAI");
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[2014.01.01_TAI]"));
        f.keys[0].span = Span::Duration;
        f.keys[0].duration = QStringLiteral("1d");
        f.keys[0].end = QStringLiteral("2014.01.03_TAI"); // ignored in Duration mode
        f.keys[0].cadence = QStringLiteral("1h");
        f.hasSegmentList = true;
        f.segments = {QStringLiteral("magnetogram")};
        f.limit = -5; // not part of the text
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[2014.01.01_TAI/1d@1h]{magnetogram}"));
        f.keys[0].span = Span::End;
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[2014.01.01_TAI-2014.01.03_TAI@1h]{magnetogram}"));
        f.keys[0].end.clear(); // no end yet: one time, no cadence
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[2014.01.01_TAI]{magnetogram}"));
        f.keys[0] = KeyCondition{QStringLiteral("T_REC")};
        f.keys[1].kind = Kind::List;
        f.keys[1].list = QStringLiteral("2,3");
        f.where = QStringLiteral("  QUALITY=0 ");
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[][2,3][? QUALITY=0 ?]{magnetogram}"));
        f.keys[1].byName = true;
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[CAMERA=2,3][? QUALITY=0 ?]{magnetogram}"));
        f.hasSegmentList = false;
        f.where.clear();
        QCOMPARE(recordSetFormText(f), QStringLiteral("hmi.m_720s[CAMERA=2,3]"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unclosed") << "hmi.m_720s" << "hmi.m_720s[2014.01.01_TAI/1d@1h" << 31 << "expected ']'";
        QTest::newRow("bad duration") << "hmi.m_720s" << "hmi.m_720s[2014.01.01_TAI/1x]" << 26 << "not a valid duration";
        QTest::newRow("bad step") << "hmi.m_720s" << "hmi.m_720s[2014.01.01_TAI/1d@zz]" << 29 << "not a valid step";
        QTest::newRow("empty item") << "hmi.sharp_720s" << "hmi.sharp_720s[1,,2]" << 17 << "empty item";
        QTest::newRow("unclosed sql") << "hmi.m_45s" << "hmi.m_45s[? QUALITY=0 ]" << 23 << "'?]'";
        QTest::newRow("segments") << "hmi.m_45s" << "hmi.m_45s{magnetogram" << 21 << "expected '}'";
        QTest::newRow("filter after segments") << "hmi.m_45s" << "hmi.m_45s{magnetogram}[$]" << 22 << "before the segment list";
        QTest::newRow("other series") << "hmi.m_45s" << "  hmi.v_45s[$]" << 2 << "names hmi.v_45s";
        QTest::newRow("too many filters") << "hmi.m_45s" << "hmi.m_45s[$][2][3]" << 15 << "2 prime key(s) (T_REC, CAMERA)";
        QTest::newRow("too many after sql") << "aia.lev1_euv_12s" << "aia.lev1_euv_12s[? A=']' ?][$][171] [1]" << 36
                                            << "prime key 3";
        QTest::newRow("unknown key") << "hmi.m_45s" << "hmi.m_45s[$][FOO=1]" << 13 << "'FOO' is not a prime key";
        QTest::newRow("empty") << "hmi.m_45s" << "   " << 0 << "empty";
        QTest::newRow("bad start") << "hmi.m_45s" << "hmi.m_45s[$]]" << 12 << "unexpected ']'";
    }

    void errors()
    {
        QFETCH(QString, series);
        QFETCH(QString, text);
        QFETCH(int, position);
        QFETCH(QString, fragment);
        RecordSetFormError error;
        QVERIFY(!parseRecordSetForm(text, structure(series), &error).has_value());
        QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
        QCOMPARE(error.position, position);
    }

    void layoutPositions()
    {
        const QString text = QStringLiteral(" a.b[1] [? x=']' ?]{s},  c.d[][:#1]");
        QCOMPARE(subsetPositions(text), QList<int>({1, 25}));
        QCOMPARE(filterPositions(text), QList<QList<int>>({{4, 8}, {28, 30}}));
    }

    void keyCondition()
    {
        const SeriesStructure &s = structure(QStringLiteral("hmi.m_720s"));
        RecordSetFormError error;
        auto c = parseKeyCondition(s.primeKeysInfo[0], u"2014.01.01_TAI-2014.01.02_TAI@2h", &error);
        QVERIFY(c);
        QCOMPARE(c->kind, Kind::Time);
        QCOMPARE(c->span, Span::End);
        QCOMPARE(c->cadence, QStringLiteral("2h"));
        QCOMPARE(keyConditionText(*c), QStringLiteral("2014.01.01_TAI-2014.01.02_TAI@2h"));
        c = parseKeyCondition(s.primeKeysInfo[1], u" 1 , 2-3 ", &error);
        QVERIFY(c);
        QCOMPARE(c->kind, Kind::List);
        QCOMPARE(c->list, QStringLiteral("1,2-3"));
        c = parseKeyCondition(s.primeKeysInfo[1], u"  ", &error);
        QVERIFY(c && c->isAny());
        QVERIFY(!parseKeyCondition(s.primeKeysInfo[1], u"1,,2", &error));
        QCOMPARE(error.position, 2);
        QVERIFY(!parseKeyCondition(s.primeKeysInfo[1], u"2][3", &error));
        QVERIFY(error.message.contains(QStringLiteral("not a list of values for CAMERA")));
        QVERIFY(!parseKeyCondition(s.primeKeysInfo[1], u"? Q=1 ?", &error));
        QVERIFY(!parseKeyCondition(s.primeKeysInfo[1], u"CAMERA=2", &error));
    }

    void explainTimes()
    {
        const PrimeKeyInfo m720 = structure(QStringLiteral("hmi.m_720s")).primeKeysInfo[0];
        const PrimeKeyInfo m45 = structure(QStringLiteral("hmi.m_45s")).primeKeysInfo[0];
        const PrimeKeyInfo aia = structure(QStringLiteral("aia.lev1_euv_12s")).primeKeysInfo[0];
        QCOMPARE(explainTime(m720, u"2014.01.01_00:00:00"),
                 QStringLiteral("Zone-less times are UTC to JSOC; 2014.01.01_00:00:00 = 2014.01.01_00:00:35_TAI "
                                "(TAI−UTC = 35 s). JSOC matches the nearest slot, 2014.01.01_00:00:00_TAI. "
                                "Slots every 720 s from 1993.01.01_00:00:00_TAI."));
        QCOMPARE(explainTime(m45, u"2014.01.01_00:00:00"),
                 QStringLiteral("Zone-less times are UTC to JSOC; 2014.01.01_00:00:00 = 2014.01.01_00:00:35_TAI "
                                "(TAI−UTC = 35 s). JSOC matches the nearest slot, 2014.01.01_00:00:45_TAI. "
                                "Slots every 45 s from 1993.01.01_00:00:00_TAI."));
        QCOMPARE(explainTime(m720, u"2014.01.01_00:00:00_TAI"),
                 QStringLiteral("2014.01.01_00:00:00_TAI = 2013.12.31_23:59:25_UTC (TAI−UTC = 35 s). "
                                "Slots every 720 s from 1993.01.01_00:00:00_TAI."));
        QCOMPARE(explainTime(m720, u"2017.06.01_00:00:00_UTC"),
                 QStringLiteral("2017.06.01_00:00:00_UTC = 2017.06.01_00:00:37_TAI (TAI−UTC = 37 s). JSOC matches "
                                "the nearest slot, 2017.06.01_00:00:00_TAI. Slots every 720 s from 1993.01.01_00:00:00_TAI."));
        // AIA's T_REC is written in ISO (UTC); its slots are on whole 12 s steps of TAI although
        // the epoch prints 4 s later (as in the real rs_list samples).
        QCOMPARE(explainTime(aia, u"2014.01.01_00:00:00"),
                 QStringLiteral("Zone-less times are UTC to JSOC; 2014.01.01_00:00:00 = 2014-01-01T00:00:00Z = "
                                "2014.01.01_00:00:35_TAI (TAI−UTC = 35 s). JSOC matches the nearest slot, "
                                "2014-01-01T00:00:01Z. Slots every 12 s on whole steps of TAI (the epoch prints as "
                                "1993.01.01_00:00:04_TAI)."));
        QCOMPARE(explainTime(aia, u"2014-01-01T00:00:01Z"),
                 QStringLiteral("2014-01-01T00:00:01Z = 2014.01.01_00:00:36_TAI (TAI−UTC = 35 s). "
                                "Slots every 12 s on whole steps of TAI (the epoch prints as "
                                "1993.01.01_00:00:04_TAI)."));
        QCOMPARE(explainTime(aia, u"2014.01.01_TAI"),
                 QStringLiteral("2014.01.01_TAI = 2013-12-31T23:59:25Z (TAI−UTC = 35 s). Slots every 12 s on whole "
                                "steps of TAI (the epoch prints as 1993.01.01_00:00:04_TAI)."));
        QCOMPARE(explainTime(m720, u""),
                 QStringLiteral("T_REC is shown in TAI. Zone-less times are UTC to JSOC. "
                                "Slots every 720 s from 1993.01.01_00:00:00_TAI."));
        QVERIFY(explainTime(aia, u"").startsWith(QStringLiteral("T_REC is shown in UTC (ISO).")));
        QCOMPARE(explainTime(m720, u"2014.13.01"),
                 QStringLiteral("'2014.13.01' is not a valid time: month 13 is out of range 1–12."));
        QCOMPARE(explainTime(m720, u"1970.01.01_00:00:00"),
                 QStringLiteral("Zone-less times are UTC to JSOC; 1970.01.01_00:00:00 = 1970.01.01_00:00:10_TAI "
                                "(TAI−UTC = 10 s). JSOC matches the nearest slot, 1970.01.01_00:00:00_TAI. "
                                "Slots every 720 s from 1993.01.01_00:00:00_TAI."));
    }

    void zones()
    {
        QVERIFY(!timeHasZone(u"2014.01.01_00:00:00"));
        QVERIFY(!timeHasZone(u"2014-01-01T00:00:00"));
        QVERIFY(!timeHasZone(u"JD_2456293.5"));
        QVERIFY(timeHasZone(u"2014.01.01_TAI"));
        QVERIFY(timeHasZone(u"2014-01-01T00:00:00Z"));
        QVERIFY(timeHasZone(u"2014.01.01_00:00_-0700"));
        QVERIFY(timeHasZone(u"2014.01.01_00:00_PST"));
        QVERIFY(!timeHasZone(u"not a time"));
        const SeriesStructure &sharp = structure(QStringLiteral("hmi.sharp_720s"));
        QCOMPARE(timeKeyZone(sharp.primeKeysInfo[1]), QStringLiteral("TAI"));
        QCOMPARE(timeKeyZone(structure(QStringLiteral("aia.lev1_euv_12s")).primeKeysInfo[0]), QStringLiteral("UTC"));
        QVERIFY(!timeKeySlots(sharp.primeKeysInfo[0]));
        QCOMPARE(describeTimeKeySlots(sharp.primeKeysInfo[0]), QString());
    }

    void explainDurations()
    {
        const PrimeKeyInfo m720 = structure(QStringLiteral("hmi.m_720s")).primeKeysInfo[0];
        const PrimeKeyInfo m45 = structure(QStringLiteral("hmi.m_45s")).primeKeysInfo[0];
        const PrimeKeyInfo aia = structure(QStringLiteral("aia.lev1_euv_12s")).primeKeysInfo[0];
        const PrimeKeyInfo harp = structure(QStringLiteral("hmi.sharp_720s")).primeKeysInfo[0];
        QCOMPARE(explainDuration(m720, u"1d"), QStringLiteral("1d = 86400 s = 120 slots."));
        QCOMPARE(explainDuration(m720, u"5u"), QStringLiteral("5u = 3600 s = 5 slots."));
        QCOMPARE(explainDuration(m720, u"100s"), QStringLiteral("100s = 100 s ≈ 0.14 slots."));
        QCOMPARE(explainDuration(m720, u"1x"), QStringLiteral("'1x' is not a duration (use e.g. 1d, 6h, 10m, 30s, 5u)."));
        QCOMPARE(explainDuration(harp, u"5u"), QStringLiteral("'5u' counts slots, but HARPNUM is not slotted."));
        QCOMPARE(explainDuration(m720, u""), QString());
        QCOMPARE(explainCadence(m720, u"1h"), QStringLiteral("@1h = every 5 slots (3600 s)."));
        QCOMPARE(explainCadence(aia, u"12s"), QStringLiteral("@12s = every slot."));
        QCOMPARE(explainCadence(m45, u"50s"), QStringLiteral("@50s is not a whole number of 45 s slots."));
        QCOMPARE(explainCadence(m45, u"h"), QStringLiteral("'@h' is not a cadence (use e.g. 1h, 12s, 10u)."));
        QCOMPARE(explainCadence(harp, u"10"), QStringLiteral("@10 = one record every 10 s."));
    }
};

QTEST_GUILESS_MAIN(TestRecordSetForm)
#include "tst_recordsetform.moc"
