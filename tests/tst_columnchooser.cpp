// ColumnChooserDialog on the real AIA and HMI series_struct samples: prime keys always on,
// chosen keywords in series order, search by name/units/description, All/None on the filtered
// list, segments and the Online box; the list model under QAbstractItemModelTester.
#include "network/replies/JsocParsers.h"
#include "ui/ColumnChooserDialog.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTreeView>
#include <QtTest>

using namespace jsoc;
using ui::ColumnChooserDialog;

namespace {

SeriesStructure structureOf(const QString &file, const QString &name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/") + file);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(file));
    SeriesStructure s;
    if (parse::seriesStructure(f.readAll(), s).isError())
        qFatal("bad sample %s", qPrintable(file));
    s.name = name;
    return s;
}

QStringList namesShown(const QAbstractItemModel *model)
{
    QStringList names;
    for (int r = 0; r < model->rowCount(); ++r)
        names.append(model->index(r, ColumnChooserDialog::NameColumn).data().toString());
    return names;
}

int rowOf(const QAbstractItemModel *model, const QString &name)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, ColumnChooserDialog::NameColumn).data().toString() == name)
            return r;
    return -1;
}

QPushButton *button(QWidget *parent, const QString &text)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>())
        if (b->text() == text)
            return b;
    return nullptr;
}

} // namespace

class TestColumnChooser : public QObject
{
    Q_OBJECT

private slots:
    void listsKeywordsWithPrimeKeysFirst()
    {
        const SeriesStructure aia = structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"), QStringLiteral("aia.lev1_euv_12s"));
        ColumnChooserDialog d(aia, {QStringLiteral("QUALITY"), QStringLiteral("EXPTIME"), QStringLiteral("T_REC")}, {}, false);
        QAbstractItemModelTester tester(d.keywordModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModel *model = d.keywordModel();
        QCOMPARE(model->rowCount(), aia.keywords.size());
        QCOMPARE(model->columnCount(), int(ColumnChooserDialog::ColumnCount));
        // Prime keys head the list, ticked, not user-checkable.
        QCOMPARE(aia.primeKeys, (QStringList{QStringLiteral("T_REC"), QStringLiteral("WAVELNTH")}));
        QCOMPARE(namesShown(model).mid(0, 2), aia.primeKeys);
        for (int r = 0; r < 2; ++r) {
            const QModelIndex i = model->index(r, 0);
            QCOMPARE(i.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
            QVERIFY(!(i.flags() & Qt::ItemIsUserCheckable));
            QVERIFY(i.data(Qt::ToolTipRole).toString().contains(QStringLiteral("always shown")));
        }
        // The rest in series order; the chosen ones come back in series order too (EXPTIME before QUALITY),
        // and prime keys are never listed by keywords().
        QCOMPARE(d.keywords(), (QStringList{QStringLiteral("EXPTIME"), QStringLiteral("QUALITY")}));
        // Name, type, units, note.
        const int row = rowOf(model, QStringLiteral("EXPTIME"));
        QVERIFY(row >= 2);
        QCOMPARE(model->index(row, ColumnChooserDialog::TypeColumn).data().toString(), QStringLiteral("double"));
        QCOMPARE(model->index(row, ColumnChooserDialog::UnitsColumn).data().toString(), QStringLiteral("sec"));
        QCOMPARE(model->index(row, ColumnChooserDialog::DescriptionColumn).data().toString(),
                 QStringLiteral("Exposure duration: mean shutter open time"));

        // Ticking through the model (what a click does).
        const int r2 = rowOf(model, QStringLiteral("R_SUN"));
        QVERIFY(model->setData(model->index(r2, 0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(d.keywords(), (QStringList{QStringLiteral("EXPTIME"), QStringLiteral("QUALITY"), QStringLiteral("R_SUN")}));
        QVERIFY(model->setData(model->index(row, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(d.keywords(), (QStringList{QStringLiteral("QUALITY"), QStringLiteral("R_SUN")}));
    }

    void searchAndSelectAllNone()
    {
        const SeriesStructure aia = structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"), QStringLiteral("aia.lev1_euv_12s"));
        ColumnChooserDialog d(aia, {QStringLiteral("QUALITY")}, {}, false);
        QAbstractItemModelTester tester(d.keywordModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModel *model = d.keywordModel();

        // Typing in the search box filters by name, units and description, case-insensitively.
        QLineEdit *search = d.findChild<QLineEdit *>();
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("temperature"));
        QStringList shown = namesShown(model);
        QVERIFY(!shown.isEmpty());
        for (const QString &name : shown) {
            const KeywordInfo *k = aia.keyword(name);
            QVERIFY(k);
            QVERIFY2(k->note.contains(QStringLiteral("temperature"), Qt::CaseInsensitive) || name.contains(QStringLiteral("temperature"), Qt::CaseInsensitive),
                     qPrintable(name));
        }
        int expected = 0;
        for (const KeywordInfo &k : aia.keywords)
            if (k.name.contains(QStringLiteral("temperature"), Qt::CaseInsensitive) || k.note.contains(QStringLiteral("temperature"), Qt::CaseInsensitive)
                || k.units.contains(QStringLiteral("temperature"), Qt::CaseInsensitive) || k.type.contains(QStringLiteral("temperature"), Qt::CaseInsensitive))
                ++expected;
        QCOMPARE(shown.size(), expected);

        // "All" ticks just the filtered keywords; QUALITY stays.
        QPushButton *all = button(&d, QStringLiteral("All"));
        QPushButton *none = button(&d, QStringLiteral("None"));
        QVERIFY(all && none);
        all->click();
        QStringList chosen = d.keywords();
        QCOMPARE(chosen.size(), shown.size() + 1);
        QVERIFY(chosen.contains(QStringLiteral("QUALITY")));
        for (const QString &name : shown)
            QVERIFY(chosen.contains(name));

        // Units search: "arcsec".
        d.setFilterText(QStringLiteral("ARCSEC"));
        shown = namesShown(model);
        QVERIFY(shown.contains(QStringLiteral("RSUN_OBS")));
        QVERIFY(!shown.contains(QStringLiteral("EXPTIME")));

        // Clearing the search and "None" unticks everything (prime keys stay on, unlisted).
        search->clear();
        QCOMPARE(model->rowCount(), aia.keywords.size());
        none->click();
        QVERIFY(d.keywords().isEmpty());
        QCOMPARE(model->index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        all->click();
        QCOMPARE(d.keywords().size(), aia.keywords.size() - aia.primeKeys.size());
        QStringList seriesOrder;
        for (const KeywordInfo &k : aia.keywords)
            if (!aia.primeKeys.contains(k.name))
                seriesOrder.append(k.name);
        QCOMPARE(d.keywords(), seriesOrder);
    }

    void segmentsAndOnline()
    {
        const SeriesStructure hmi = structureOf(QStringLiteral("seriesstruct_hmi.sharp_720s.json"), QStringLiteral("hmi.sharp_720s"));
        QVERIFY(hmi.segments.size() > 2);
        const QString second = hmi.segments[1].name;
        ColumnChooserDialog d(hmi, {}, {second, QStringLiteral("no_such_segment")}, true);
        QCOMPARE(d.segments(), QStringList{second});
        QVERIFY(d.onlineColumn());
        QListWidget *list = d.segmentList();
        QCOMPARE(list->count(), hmi.segments.size());
        QVERIFY(list->item(0)->text().startsWith(hmi.segments[0].name));
        list->item(0)->setCheckState(Qt::Checked);
        QCOMPARE(d.segments(), (QStringList{hmi.segments[0].name, second}));
        d.onlineBox()->setChecked(false);
        QVERIFY(!d.onlineColumn());
        QCOMPARE(d.windowTitle(), QStringLiteral("Columns of hmi.sharp_720s"));
    }

    void unknownChosenNamesKept()
    {
        const SeriesStructure hmi = structureOf(QStringLiteral("seriesstruct_hmi.m_45s.json"), QStringLiteral("hmi.M_45s"));
        ColumnChooserDialog d(hmi, {QStringLiteral("*recnum*"), QStringLiteral("DATAMEAN")}, {}, false);
        QCOMPARE(d.keywords(), (QStringList{QStringLiteral("DATAMEAN"), QStringLiteral("*recnum*")}));
        QCOMPARE(d.keywordModel()->rowCount(), hmi.keywords.size() + 1);
    }

    void renderPng()
    {
        const SeriesStructure aia = structureOf(QStringLiteral("seriesstruct_aia.lev1_euv_12s.json"), QStringLiteral("aia.lev1_euv_12s"));
        ColumnChooserDialog d(aia, {QStringLiteral("EXPTIME"), QStringLiteral("QUALITY"), QStringLiteral("DATAMEAN")},
                              {QStringLiteral("image")}, true);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(d.grab().toImage().save(QDir::temp().filePath(QStringLiteral("columnchooser_aia.png"))));
        d.setFilterText(QStringLiteral("sun"));
        QVERIFY(d.grab().toImage().save(QDir::temp().filePath(QStringLiteral("columnchooser_aia_search.png"))));
    }
};

QTEST_MAIN(TestColumnChooser)
#include "tst_columnchooser.moc"
