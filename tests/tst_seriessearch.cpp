#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "model/catalogue/SeriesSearch.h"
#include "model/catalogue/SeriesSearchProxy.h"
#include "model/catalogue/SeriesTreeModel.h"

using jsoc::SeriesSearch;
using jsoc::SeriesSearchProxy;
using jsoc::SeriesTreeModel;

namespace {

jsoc::SeriesList fixture()
{
    return {
        {QStringLiteral("aia.lev1"), QStringLiteral("AIA Level 1"), {}},
        {QStringLiteral("aia.lev1_euv_12s"), QStringLiteral("AIA Level 1, 12 second cadence"), {}},
        {QStringLiteral("hmi.M_45s"), QStringLiteral("magnetograms with a cadence of 45 seconds."), {}},
        {QStringLiteral("hmi.V_45s"), QStringLiteral("Dopplergrams with a cadence of 45 seconds."), {}},
        {QStringLiteral("hmi.sharp_720s"), QStringLiteral("Spaceweather HMI Active Region Patch"), {}},
        {QStringLiteral("mdi.fd_M_96m_lev182"), QStringLiteral("MDI full-disk magnetograms"), {}},
        {QStringLiteral("su_alice.m_test"), QStringLiteral("scratch"), {}},
    };
}

bool matches(const SeriesSearch &s, const QString &name, const QString &description = {})
{
    return s.matches(SeriesSearch::fold(name), SeriesSearch::fold(description));
}

// All series names visible through the proxy, depth-first.
QStringList visibleSeries(const QAbstractItemModel &m, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        const QString name = i.data(SeriesTreeModel::SeriesNameRole).toString();
        if (!name.isEmpty())
            out << name;
        out << visibleSeries(m, i);
    }
    return out;
}

} // namespace

class TestSeriesSearch final : public QObject
{
    Q_OBJECT

private slots:
    void textTermsMatchNameOrDescriptionCaseInsensitively()
    {
        const SeriesSearch s = SeriesSearch::parse(QStringLiteral("HMI 45S"), SeriesSearch::Mode::Text);
        QVERIFY(s.isValid());
        QVERIFY(!s.isEmpty());
        QVERIFY(matches(s, QStringLiteral("hmi.M_45s")));
        QVERIFY(!matches(s, QStringLiteral("hmi.sharp_720s")));
        const SeriesSearch d = SeriesSearch::parse(QStringLiteral("dopplergram"), SeriesSearch::Mode::Text);
        QVERIFY(matches(d, QStringLiteral("hmi.V_45s"), QStringLiteral("Dopplergrams with a cadence")));
        QVERIFY(!matches(d, QStringLiteral("hmi.M_45s"), QStringLiteral("magnetograms")));
        // Regex metacharacters are literal in text mode.
        const SeriesSearch dot = SeriesSearch::parse(QStringLiteral("aia.lev1"), SeriesSearch::Mode::Text);
        QVERIFY(matches(dot, QStringLiteral("aia.lev1_euv_12s")));
        QVERIFY(!matches(dot, QStringLiteral("aiaxlev1")));
    }

    void regexModeAnchorsOnNameAndDescriptionSeparately()
    {
        const SeriesSearch s = SeriesSearch::parse(QStringLiteral("^hmi\\.[mv]_45S$"), SeriesSearch::Mode::Regex);
        QVERIFY(s.isValid());
        QVERIFY(matches(s, QStringLiteral("hmi.M_45s"), QStringLiteral("x")));
        QVERIFY(matches(s, QStringLiteral("hmi.V_45s")));
        QVERIFY(!matches(s, QStringLiteral("hmi.M_45s_nrt")));
        const SeriesSearch desc = SeriesSearch::parse(QStringLiteral("^spaceweather"), SeriesSearch::Mode::Regex);
        QVERIFY(matches(desc, QStringLiteral("hmi.sharp_720s"), QStringLiteral("Spaceweather HMI")));
    }

    void invalidRegexIsReportedAndMatchesNothing()
    {
        const SeriesSearch s = SeriesSearch::parse(QStringLiteral("hmi.(m"), SeriesSearch::Mode::Regex);
        QVERIFY(!s.isValid());
        QVERIFY(s.errorString().contains(QStringLiteral("Invalid regular expression")));
        QVERIFY(!matches(s, QStringLiteral("hmi.(m")));
        // The same text is fine in text mode.
        QVERIFY(SeriesSearch::parse(QStringLiteral("hmi.(m"), SeriesSearch::Mode::Text).isValid());
    }

    void leadingNotInverts()
    {
        const SeriesSearch s = SeriesSearch::parse(QStringLiteral("NOT hmi"), SeriesSearch::Mode::Text);
        QVERIFY(s.isNegated());
        QVERIFY(!matches(s, QStringLiteral("hmi.M_45s")));
        QVERIFY(matches(s, QStringLiteral("aia.lev1")));
        const SeriesSearch r = SeriesSearch::parse(QStringLiteral("NOT ^aia"), SeriesSearch::Mode::Regex);
        QVERIFY(!matches(r, QStringLiteral("aia.lev1")));
        QVERIFY(matches(r, QStringLiteral("hmi.aia_like")));
        // Lower-case "not" is an ordinary term, and "NOT " alone filters nothing yet.
        QVERIFY(!SeriesSearch::parse(QStringLiteral("not hmi"), SeriesSearch::Mode::Text).isNegated());
        const SeriesSearch bare = SeriesSearch::parse(QStringLiteral("NOT "), SeriesSearch::Mode::Text);
        QVERIFY(bare.isEmpty());
        QVERIFY(matches(bare, QStringLiteral("anything")));
    }

    void joinedFormAndNarrowing()
    {
        const QString joined = SeriesSearch::joined(QStringLiteral("hmi.M_45s"), QStringLiteral("Magnetograms"));
        QVERIFY(SeriesSearch::parse(QStringLiteral("45S magneto"), SeriesSearch::Mode::Text).matchesJoined(joined));
        QVERIFY(!SeriesSearch::parse(QStringLiteral("45smagneto"), SeriesSearch::Mode::Text).matchesJoined(joined));
        QVERIFY(SeriesSearch::parse(QStringLiteral("^magneto"), SeriesSearch::Mode::Regex).matchesJoined(joined));
        QVERIFY(SeriesSearch::parse(QStringLiteral("_45s$"), SeriesSearch::Mode::Regex).matchesJoined(joined));
        QVERIFY(!SeriesSearch::parse(QStringLiteral("45s.*magneto"), SeriesSearch::Mode::Regex).matchesJoined(joined));
        QVERIFY(!SeriesSearch::parse(QStringLiteral("NOT 45s"), SeriesSearch::Mode::Text).matchesJoined(joined));
        QVERIFY(SeriesSearch::parse(QStringLiteral("NOT ^aia"), SeriesSearch::Mode::Regex).matchesJoined(joined));

        auto text = [](const char *q) { return SeriesSearch::parse(QString::fromUtf8(q), SeriesSearch::Mode::Text); };
        QVERIFY(text("hmi.m").narrows(text("hmi")));
        QVERIFY(text("hmi m").narrows(text("hmi")));
        QVERIFY(!text("hm").narrows(text("hmi")));
        QVERIFY(!text("hmi").narrows(text("")));
        QVERIFY(!text("NOT hmi").narrows(text("NOT hm")));
        QVERIFY(!SeriesSearch::parse(QStringLiteral("hmi."), SeriesSearch::Mode::Regex)
                     .narrows(SeriesSearch::parse(QStringLiteral("hmi"), SeriesSearch::Mode::Regex)));
    }

    void typingAndBackspacingCountLikeABruteForceScan()
    {
        SeriesTreeModel tree;
        SeriesSearchProxy proxy;
        proxy.setSourceModel(&tree);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tree.setSeries(fixture());
        const QStringList typed{QStringLiteral("m"), QStringLiteral("ma"), QStringLiteral("mag"), QStringLiteral("ma"),
                                QStringLiteral("m"), QStringLiteral("m 4"), QStringLiteral("m 45"), QStringLiteral("m 4")};
        for (const QString &q : typed) {
            const SeriesSearch s = SeriesSearch::parse(q, SeriesSearch::Mode::Text);
            proxy.setSearch(s);
            int expected = 0;
            for (const auto &series : fixture())
                expected += matches(s, series.name, series.description) ? 1 : 0;
            QCOMPARE(proxy.matchCount(), expected);
            QCOMPARE(visibleSeries(proxy).size(), expected);
        }
    }

    void proxyFiltersRecursivelyAndCounts()
    {
        SeriesTreeModel tree;
        SeriesSearchProxy proxy;
        QAbstractItemModelTester treeTester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&tree);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tree.setSeries(fixture());

        QCOMPARE(proxy.summaryText(), QStringLiteral("7 series"));
        QCOMPARE(proxy.rowCount(), 4); // aia hmi mdi user

        QSignalSpy applied(&proxy, &SeriesSearchProxy::searchApplied);
        proxy.setSearch(SeriesSearch::parse(QStringLiteral("magnetogram"), SeriesSearch::Mode::Text));
        QCOMPARE(applied.count(), 1);
        QCOMPARE(visibleSeries(proxy), (QStringList{QStringLiteral("hmi.M_45s"), QStringLiteral("mdi.fd_M_96m_lev182")}));
        QCOMPARE(proxy.matchCount(), 2);
        QCOMPARE(proxy.summaryText(), QStringLiteral("2 of 7 series"));
        QCOMPARE(proxy.rowCount(), 2);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("hmi  (1 of 3)"));
        QCOMPARE(proxy.matchCountUnder(proxy.index(0, 0)), 1);

        proxy.setSearch(SeriesSearch::parse(QStringLiteral("M_"), SeriesSearch::Mode::Text));
        QCOMPARE(visibleSeries(proxy), (QStringList{QStringLiteral("hmi.M_45s"), QStringLiteral("mdi.fd_M_96m_lev182"),
                                                    QStringLiteral("su_alice.m_test")}));
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("user series  (1 of 1)"));
        QCOMPARE(proxy.index(0, 0, proxy.index(2, 0)).data().toString(), QStringLiteral("su_alice  (1 of 1)"));

        proxy.setSearch(SeriesSearch::parse(QStringLiteral("NOT ^(aia|hmi)\\."), SeriesSearch::Mode::Regex));
        QCOMPARE(visibleSeries(proxy), (QStringList{QStringLiteral("mdi.fd_M_96m_lev182"), QStringLiteral("su_alice.m_test")}));
        QCOMPARE(proxy.summaryText(), QStringLiteral("2 of 7 series"));

        proxy.setSearch(SeriesSearch::parse(QStringLiteral("nothing-like-this"), SeriesSearch::Mode::Text));
        QCOMPARE(proxy.rowCount(), 0);
        QCOMPARE(proxy.summaryText(), QStringLiteral("0 of 7 series"));

        proxy.setSearch(SeriesSearch());
        QCOMPARE(visibleSeries(proxy).size(), 7);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("aia  (2)"));
    }

    void invalidSearchKeepsThePreviousFilter()
    {
        SeriesTreeModel tree;
        SeriesSearchProxy proxy;
        proxy.setSourceModel(&tree);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tree.setSeries(fixture());
        proxy.setSearch(SeriesSearch::parse(QStringLiteral("^aia"), SeriesSearch::Mode::Regex));
        QCOMPARE(proxy.matchCount(), 2);
        proxy.setSearch(SeriesSearch::parse(QStringLiteral("^aia("), SeriesSearch::Mode::Regex));
        QCOMPARE(proxy.matchCount(), 2);
        QCOMPARE(proxy.search().query(), QStringLiteral("^aia"));
    }

    void catalogueResetReappliesTheSearch()
    {
        SeriesTreeModel tree;
        SeriesSearchProxy proxy;
        proxy.setSourceModel(&tree);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tree.setSeries(fixture());
        proxy.setSearch(SeriesSearch::parse(QStringLiteral("lev1"), SeriesSearch::Mode::Text));
        QCOMPARE(proxy.matchCount(), 3);
        auto more = fixture();
        more.append({QStringLiteral("aia.lev1_new"), QString(), {}});
        tree.setSeries(more, {QStringLiteral("aia.lev1_new")});
        QCOMPARE(proxy.matchCount(), 4);
        QCOMPARE(visibleSeries(proxy).size(), 4);
        QCOMPARE(proxy.summaryText(), QStringLiteral("4 of 8 series"));
    }
};

QTEST_GUILESS_MAIN(TestSeriesSearch)
#include "tst_seriessearch.moc"
