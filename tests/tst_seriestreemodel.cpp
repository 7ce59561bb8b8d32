#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "model/catalogue/SeriesTreeModel.h"

using jsoc::SeriesList;
using jsoc::SeriesTreeModel;

namespace {

SeriesList fixture()
{
    return {
        {QStringLiteral("hmi.M_45s"), QStringLiteral("magnetograms with a cadence of 45 seconds."), {}},
        {QStringLiteral("aia.lev1"), QStringLiteral("AIA Level 1"), {}},
        {QStringLiteral("su_bob.test"), QStringLiteral("Bob's test"), {}},
        {QStringLiteral("hmi.V_45s"), QStringLiteral("Dopplergrams"), {}},
        {QStringLiteral("aia.lev1_euv_12s"), QStringLiteral("AIA Level 1, 12 second cadence"), {}},
        {QStringLiteral("su_alice.x"), QString(), {}},
        {QStringLiteral("su_alice.y"), QString(), {}},
        {QStringLiteral("HMI.m_45s"), QStringLiteral("duplicate in another case"), {}},
        {QStringLiteral("mdi.fd_M_96m_lev182"), QStringLiteral("MDI magnetograms"), {}},
    };
}

QStringList childTexts(const QAbstractItemModel &m, const QModelIndex &parent)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r)
        out << m.index(r, 0, parent).data().toString();
    return out;
}

} // namespace

class TestSeriesTreeModel final : public QObject
{
    Q_OBJECT

private slots:
    void groupsByNamespaceWithUserNodeLast()
    {
        SeriesTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSeries(fixture());

        QCOMPARE(model.seriesCount(), 8); // HMI.m_45s is a case-insensitive duplicate
        QCOMPARE(childTexts(model, {}), (QStringList{QStringLiteral("aia  (2)"), QStringLiteral("hmi  (2)"),
                                                     QStringLiteral("mdi  (1)"), QStringLiteral("user series  (3)")}));
        const QModelIndex user = model.index(3, 0);
        QCOMPARE(user.data(SeriesTreeModel::NodeKindRole).toInt(), int(SeriesTreeModel::NodeKind::UserSeries));
        QCOMPARE(childTexts(model, user), (QStringList{QStringLiteral("su_alice  (2)"), QStringLiteral("su_bob  (1)")}));
        QCOMPARE(childTexts(model, model.index(0, 0, user)), (QStringList{QStringLiteral("su_alice.x"), QStringLiteral("su_alice.y")}));
        QCOMPARE(childTexts(model, model.index(1, 0)), (QStringList{QStringLiteral("hmi.M_45s"), QStringLiteral("hmi.V_45s")}));
    }

    void seriesRolesAndLookup()
    {
        SeriesTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSeries(fixture());

        const QModelIndex m45 = model.indexOfSeries(QStringLiteral("HMI.m_45S"));
        QVERIFY(m45.isValid());
        QCOMPARE(m45.data(SeriesTreeModel::SeriesNameRole).toString(), QStringLiteral("hmi.M_45s"));
        QCOMPARE(m45.siblingAtColumn(SeriesTreeModel::DescriptionColumn).data().toString(),
                 QStringLiteral("magnetograms with a cadence of 45 seconds."));
        QCOMPARE(m45.parent().data(SeriesTreeModel::GroupLabelRole).toString(), QStringLiteral("hmi"));
        QCOMPARE(model.rowCount(m45), 0);
        QVERIFY(model.flags(m45).testFlag(Qt::ItemNeverHasChildren));
        QVERIFY(!model.indexOfSeries(QStringLiteral("hmi.nope")).isValid());
        QVERIFY(model.containsSeries(QStringLiteral("su_bob.TEST")));
        QCOMPARE(SeriesTreeModel::namespaceOf(QStringLiteral("aia.lev1")), QStringLiteral("aia"));
        QCOMPARE(SeriesTreeModel::namespaceOf(QStringLiteral("nodot")), QStringLiteral("nodot"));
    }

    void newSeriesAreMarkedAndCounted()
    {
        SeriesTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSeries(fixture(), {QStringLiteral("AIA.LEV1"), QStringLiteral("su_bob.test")});
        QCOMPARE(model.newSeriesCount(), 2);
        QVERIFY(model.indexOfSeries(QStringLiteral("aia.lev1")).data(SeriesTreeModel::IsNewRole).toBool());
        QVERIFY(!model.indexOfSeries(QStringLiteral("aia.lev1_euv_12s")).data(SeriesTreeModel::IsNewRole).toBool());
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("aia  (2, 1 new)"));
        QCOMPARE(model.index(3, 0).data(SeriesTreeModel::NewCountRole).toInt(), 1);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.clearNewMarks();
        QVERIFY(changed.count() >= 2);
        QCOMPARE(model.newSeriesCount(), 0);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("aia  (2)"));
        QVERIFY(!model.indexOfSeries(QStringLiteral("aia.lev1")).data(SeriesTreeModel::IsNewRole).toBool());
    }

    void replacingTheCatalogueResets()
    {
        SeriesTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSeries(fixture());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSeries({{QStringLiteral("sha.one"), QString(), {}}});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(childTexts(model, {}), QStringList{QStringLiteral("sha  (1)")});
        QCOMPARE(model.series().size(), 1);
        model.setSeries({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.seriesCount(), 0);
    }

    void roundTripsTheSortedList()
    {
        SeriesTreeModel model;
        model.setSeries(fixture());
        const SeriesList back = model.series();
        QCOMPARE(back.size(), 8);
        QCOMPARE(back.first().name, QStringLiteral("aia.lev1"));
        QCOMPARE(back.last().name, QStringLiteral("su_bob.test"));
    }
};

QTEST_GUILESS_MAIN(TestSeriesTreeModel)
#include "tst_seriestreemodel.moc"
