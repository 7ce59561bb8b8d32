#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "model/catalogue/FavouriteSeriesModel.h"
#include "model/catalogue/RecentSeriesModel.h"

namespace {

QStringList rows(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data().toString();
    return out;
}

} // namespace

class TestSeriesBookmarks final : public QObject
{
    Q_OBJECT

private slots:
    void recentMovesToFrontAndTrims()
    {
        jsoc::RecentSeriesModel model(3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &jsoc::RecentSeriesModel::namesChanged);
        model.add(QStringLiteral("aia.lev1"));
        model.add(QStringLiteral("hmi.M_45s"));
        model.add(QStringLiteral("hmi.V_45s"));
        QCOMPARE(rows(model), (QStringList{QStringLiteral("hmi.V_45s"), QStringLiteral("hmi.M_45s"), QStringLiteral("aia.lev1")}));
        model.add(QStringLiteral("AIA.lev1"));
        QCOMPARE(rows(model), (QStringList{QStringLiteral("AIA.lev1"), QStringLiteral("hmi.V_45s"), QStringLiteral("hmi.M_45s")}));
        model.add(QStringLiteral("mdi.x"));
        QCOMPARE(rows(model), (QStringList{QStringLiteral("mdi.x"), QStringLiteral("AIA.lev1"), QStringLiteral("hmi.V_45s")}));
        model.add(QStringLiteral("mdi.x")); // already first: nothing happens
        QCOMPARE(changed.count(), 5);
        model.add(QStringLiteral("  "));
        QCOMPARE(model.rowCount(), 3);

        model.setNames({QStringLiteral("a.1"), QStringLiteral("A.1"), QStringLiteral("b.2"), QStringLiteral("c.3"), QStringLiteral("d.4")});
        QCOMPARE(model.names(), (QStringList{QStringLiteral("a.1"), QStringLiteral("b.2"), QStringLiteral("c.3")}));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void favouritesStaySortedAndToggle()
    {
        jsoc::FavouriteSeriesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.add(QStringLiteral("hmi.M_45s"));
        model.add(QStringLiteral("aia.lev1"));
        model.add(QStringLiteral("HMI.m_45s")); // duplicate, other case
        model.add(QStringLiteral("mdi.x"));
        QCOMPARE(rows(model), (QStringList{QStringLiteral("aia.lev1"), QStringLiteral("hmi.M_45s"), QStringLiteral("mdi.x")}));
        QVERIFY(model.contains(QStringLiteral("AIA.LEV1")));
        QVERIFY(!model.toggle(QStringLiteral("aia.lev1")));
        QVERIFY(!model.contains(QStringLiteral("aia.lev1")));
        QVERIFY(model.toggle(QStringLiteral("sha.z")));
        QCOMPARE(rows(model), (QStringList{QStringLiteral("hmi.M_45s"), QStringLiteral("mdi.x"), QStringLiteral("sha.z")}));
        model.remove(QStringLiteral("not.there"));
        QCOMPARE(model.rowCount(), 3);
        model.setNames({QStringLiteral("z.1"), QStringLiteral("b.1"), QStringLiteral("B.1"), QString()});
        QCOMPARE(model.names(), (QStringList{QStringLiteral("b.1"), QStringLiteral("z.1")}));
    }

    // Both lists read the settings by one rule: trimmed, blanks dropped, each series once with
    // the spelling seen first; favourites then sort, recent keeps the order and its capacity.
    void storedNamesAreCleanedAlike()
    {
        const QStringList stored{QStringLiteral(" hmi.M_45s "), QStringLiteral("\t"), QStringLiteral("aia.lev1"),
                                 QStringLiteral("HMI.m_45s"), QStringLiteral("mdi.x"), QStringLiteral("AIA.LEV1 ")};
        jsoc::FavouriteSeriesModel favourites;
        QAbstractItemModelTester favouritesTester(&favourites, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy favouritesChanged(&favourites, &jsoc::FavouriteSeriesModel::namesChanged);
        favourites.setNames(stored);
        QCOMPARE(favourites.names(), (QStringList{QStringLiteral("aia.lev1"), QStringLiteral("hmi.M_45s"), QStringLiteral("mdi.x")}));
        QCOMPARE(favouritesChanged.count(), 1);

        jsoc::RecentSeriesModel recent(2);
        QAbstractItemModelTester recentTester(&recent, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy recentChanged(&recent, &jsoc::RecentSeriesModel::namesChanged);
        recent.setNames(stored);
        QCOMPARE(recent.names(), (QStringList{QStringLiteral("hmi.M_45s"), QStringLiteral("aia.lev1")}));
        recent.clear();
        recent.clear(); // already empty: nothing to say
        QCOMPARE(recentChanged.count(), 2);
        QCOMPARE(recent.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSeriesBookmarks)
#include "tst_seriesbookmarks.moc"
