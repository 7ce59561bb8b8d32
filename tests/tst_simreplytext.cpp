// The simulator writes big rs_list replies through fast text writers (sim/FastText,
// sim/KeywordCells, sim/ReplyBuffer). They promise the same bytes as the slow path they replace
// (printf, drms::formatTime, KeywordSynth::appendText + jsocjson::appendString): checked here
// value by value, on edge cases and on many generated values.
#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "model/drms/DrmsTime.h"
#include "sim/FastText.h"
#include "sim/JsocJson.h"
#include "sim/KeywordCells.h"
#include "sim/KeywordSynth.h"
#include "sim/RecordQuery.h"
#include "sim/ReplyBuffer.h"
#include "sim/SeriesCatalog.h"
#include "sim/SeriesFactory.h"

using namespace sim;

namespace {

QByteArray printed(const char *format, auto... args)
{
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, format, args...);
    return QByteArray(buf, n);
}

QByteArray fixedFast(double v, int decimals)
{
    char buf[fasttext::kMaxNumberText + 8];
    return QByteArray(buf, fasttext::writeFixed(buf, v, decimals) - buf);
}

QByteArray samplesDir() { return JSOC_SHARED_DIR "/jsoc-samples"; }

} // namespace

class TestSimReplyText : public QObject
{
    Q_OBJECT

private slots:
    void integersAsPrintf()
    {
        std::vector<qint64> values{0, 1, -1, 9, 10, 99, 100, -100, 2147483647, -2147483648LL, 4294967295LL,
                                   std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min()};
        QRandomGenerator rng(7);
        for (int i = 0; i < 20000; ++i)
            values.push_back(qint64(rng.generate64()) >> (i % 60));
        char buf[32];
        for (const qint64 v : values) {
            QCOMPARE(QByteArray(buf, fasttext::writeInt(buf, v) - buf), printed("%lld", static_cast<long long>(v)));
            QCOMPARE(QByteArray(buf, fasttext::writeHex32(buf, v) - buf),
                     printed("0x%08llx", static_cast<unsigned long long>(v) & 0xffffffffULL));
        }
    }

    // "%.*f" must round exactly as glibc does: correctly, from the binary value, halves to even.
    void fixedAsPrintf()
    {
        const double edge[] = {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 0.045, 1e-7, -1e-7,
                               123456.789, 9.999999, 0.9999999, 99.995, 1e15, 1e20, -1e20, 1.7976931348623157e308,
                               4.9e-324, 17592186044415.5, 8796093022207.75, std::nan(""),
                               std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        for (const double v : edge)
            for (int d = 0; d <= fasttext::kMaxFixedDecimals; ++d)
                QCOMPARE(fixedFast(v, d), printed("%.*f", d, v));

        QRandomGenerator rng(11);
        for (int i = 0; i < 200000; ++i) {
            const int d = int(rng.bounded(fasttext::kMaxFixedDecimals + 1));
            double v;
            switch (i % 4) {
            case 0: // any magnitude the keywords have
                v = (rng.generateDouble() - 0.5) * std::pow(10.0, rng.bounded(-6, 12));
                break;
            case 1: // exact halves at the last printed digit: the hard case
                v = (double(rng.bounded(-1000000, 1000000)) + 0.5) / std::pow(10.0, d % 8);
                break;
            case 2: // a few ulps from a half
                v = std::nextafter((double(rng.bounded(0, 100000)) + 0.5) / 100.0, (i & 8) ? 1e9 : -1e9);
                break;
            default: { // arbitrary bit patterns
                quint64 bits = rng.generate64();
                std::memcpy(&v, &bits, sizeof v);
            }
            }
            QCOMPARE(fixedFast(v, d), printed("%.*f", d, v));
        }
    }

    // Time text as drms::formatTime gives it, including leap seconds, zones and the missing time.
    void timesAsFormatTime()
    {
        const double leap2016 = drms::parseTime(QStringLiteral("2016.12.31_23:59:59_UTC")).value_or(0);
        QVERIFY(leap2016 > 0);
        std::vector<double> times{0.0, -1.0, 0.5, 0.9999, 86399.9996, leap2016 - 0.4, leap2016, leap2016 + 0.5,
                                  leap2016 + 1, leap2016 + 1.9996, leap2016 + 2, leap2016 + 86400,
                                  drms::parseTime(QStringLiteral("-4712.01.01_12:00:00_TAI")).value_or(0), -2.1e11, 3.1e14,
                                  std::nan("")};
        QRandomGenerator rng(3);
        for (int i = 0; i < 30000; ++i)
            times.push_back(1.0e9 + rng.generateDouble() * 4.0e8); // 1990 to 2003
        for (int i = 0; i < 3000; ++i)                            // records 45 s apart across a leap second
            times.push_back(leap2016 - 60000 + 45.0 * i + 0.25);
        for (const drms::TimeStyle style : {drms::TimeStyle::Tai, drms::TimeStyle::Utc, drms::TimeStyle::Iso}) {
            for (int precision : {-1, 0, 1, 2, 3, 6}) {
                fasttext::TimeWriter writer(style, precision);
                for (const double t : times) {
                    char buf[96];
                    const QByteArray fast(buf, writer.write(buf, t) - buf);
                    QCOMPARE(fast, drms::formatTime(t, style, precision).toLatin1());
                }
            }
        }
    }

    void replyBufferEscapesAsJsocJson()
    {
        QByteArray slow, fast;
        const QByteArray texts[] = {"", "plain", "a/b", "q\"uote", "back\\slash", "tab\tnew\nline\r", "\x01\x1f",
                                    "caf\xc3\xa9", QByteArray(5000, 'x')};
        {
            ReplyBuffer w(fast, 4); // tiny hint: must grow
            for (const QByteArray &t : texts) {
                jsocjson::appendString(slow, t);
                slow.append(',');
                w.appendString(t);
                w.append(',');
            }
        }
        QCOMPARE(fast, slow);
    }

    // Every keyword of real series, over records the simulator really serves: KeywordCells
    // writes what the slow path writes.
    void keywordCellsAsKeywordSynth()
    {
        SeriesCatalog catalog(samplesDir() + "/series_catalog_aia_hmi_mdi.json");
        QVERIFY2(catalog.loadError().isEmpty(), qPrintable(catalog.loadError()));
        SeriesFactory factory(catalog, samplesDir());
        const QString sets[] = {
            QStringLiteral("hmi.M_45s[2016.12.31_23:00:00_TAI/3h]"),
            QStringLiteral("hmi.v_45s[2014.01.01_TAI/2h]"),
            QStringLiteral("aia.lev1_euv_12s[2014.01.01_TAI/10m][171,193]"),
            QStringLiteral("hmi.sharp_cea_720s[3604]"),
            QStringLiteral("mdi.fd_M_96m_lev182[1999.01.01_TAI/3d]"),
        };
        int checked = 0;
        for (const QString &ds : sets) {
            RecordQuery::Error error = RecordQuery::Error::None;
            QString message;
            const auto plans = RecordQuery::resolve(factory, ds, &error, &message);
            QVERIFY2(plans, qPrintable(ds + ": " + message));
            const auto records = RecordQuery::select(*plans, 0, &message);
            QVERIFY2(records && !records->empty(), qPrintable(ds + ": " + message));
            const SeriesDef &def = *records->front().series;
            for (int kw = 0; kw < def.keywords.size(); ++kw) {
                KeywordCells cells(def, kw);
                QByteArray fast, slow, text;
                {
                    ReplyBuffer w(fast, 16);
                    for (const SelectedRecord &r : *records) {
                        cells.write(w, r);
                        w.append(',');
                    }
                }
                for (const SelectedRecord &r : *records) {
                    text.truncate(0);
                    KeywordSynth::appendText(text, def, kw, KeywordSynth::value(def, r.coord, r.ordinal, kw));
                    jsocjson::appendString(slow, text);
                    slow.append(',');
                }
                QVERIFY2(fast == slow, qPrintable(ds + " " + def.keywords[kw].name));
                ++checked;
            }
        }
        QVERIFY(checked > 100);
    }
};

QTEST_GUILESS_MAIN(TestSimReplyText)
#include "tst_simreplytext.moc"
