#include <QTest>

#include "model/records/RecordPageCache.h"

namespace {

// A one-column page whose cells name the page, so the order pages come out in is visible.
jsoc::RecordTable page(int index, int rows = 2)
{
    jsoc::RecordTable t;
    jsoc::KeywordColumn k;
    k.name = QStringLiteral("T_REC");
    for (int r = 0; r < rows; ++r)
        k.values.append(QByteArray("p") + QByteArray::number(index) + '.' + QByteArray::number(r));
    t.keywords.push_back(k);
    t.count = rows;
    return t;
}

QString firstCell(const jsoc::RecordTable &t)
{
    return t.keywords.at(0).values.value(0);
}

} // namespace

class TestRecordPageCache final : public QObject
{
    Q_OBJECT

private slots:
    void inOrderPagesComeOutAtOnce()
    {
        jsoc::RecordPageCache cache;
        cache.reset(1);
        QVERIFY(cache.insert(1, 0, page(0)));
        const auto ready = cache.takeReady();
        QCOMPARE(ready.size(), size_t(1));
        QCOMPARE(firstCell(ready[0]), QStringLiteral("p0.0"));
        QCOMPARE(cache.nextIndex(), 1);
        QCOMPARE(cache.pendingCount(), 0);
        QVERIFY(cache.takeReady().empty());
    }

    void outOfOrderPagesWaitForTheGap()
    {
        jsoc::RecordPageCache cache;
        cache.reset(7);
        QVERIFY(cache.insert(7, 2, page(2)));
        QVERIFY(cache.insert(7, 1, page(1)));
        QVERIFY(cache.takeReady().empty()); // page 0 missing: nothing may be released
        QCOMPARE(cache.pendingCount(), 2);
        QCOMPARE(cache.nextIndex(), 0);

        QVERIFY(cache.insert(7, 0, page(0)));
        const auto ready = cache.takeReady();
        QCOMPARE(ready.size(), size_t(3));
        QCOMPARE(firstCell(ready[0]), QStringLiteral("p0.0"));
        QCOMPARE(firstCell(ready[1]), QStringLiteral("p1.0"));
        QCOMPARE(firstCell(ready[2]), QStringLiteral("p2.0"));
        QCOMPARE(cache.nextIndex(), 3);
        QCOMPARE(cache.pendingCount(), 0);

        // A later gap holds back only what follows it.
        QVERIFY(cache.insert(7, 5, page(5)));
        QVERIFY(cache.insert(7, 3, page(3)));
        const auto next = cache.takeReady();
        QCOMPARE(next.size(), size_t(1));
        QCOMPARE(firstCell(next[0]), QStringLiteral("p3.0"));
        QCOMPARE(cache.nextIndex(), 4);
        QCOMPARE(cache.pendingCount(), 1);
    }

    void staleGenerationIsDropped()
    {
        jsoc::RecordPageCache cache;
        cache.reset(1);
        QVERIFY(cache.insert(1, 1, page(1)));
        cache.reset(2);
        QCOMPARE(cache.generation(), quint64(2));
        QCOMPARE(cache.pendingCount(), 0); // reset forgot generation 1's page
        QVERIFY(!cache.insert(1, 0, page(0)));
        QVERIFY(!cache.insert(3, 0, page(0))); // a future token is not ours either
        QCOMPARE(cache.pendingCount(), 0);
        QVERIFY(cache.takeReady().empty());
        QVERIFY(cache.insert(2, 0, page(0)));
        QCOMPARE(cache.takeReady().size(), size_t(1));
    }

    void duplicateIndexIsDropped()
    {
        jsoc::RecordPageCache cache;
        cache.reset(4);
        QVERIFY(cache.insert(4, 1, page(1, 2)));
        QVERIFY(!cache.insert(4, 1, page(1, 5))); // still pending: the first copy stays
        QVERIFY(cache.insert(4, 0, page(0)));
        const auto ready = cache.takeReady();
        QCOMPARE(ready.size(), size_t(2));
        QCOMPARE(ready[1].rowCount(), qsizetype(2));
        QVERIFY(!cache.insert(4, 0, page(0))); // already released
        QVERIFY(!cache.insert(4, 1, page(1)));
        QVERIFY(!cache.insert(4, -1, page(0)));
        QCOMPARE(cache.pendingCount(), 0);
        QCOMPARE(cache.nextIndex(), 2);
    }

    void resetStartsOver()
    {
        jsoc::RecordPageCache cache;
        cache.reset(1);
        QVERIFY(cache.insert(1, 0, page(0)));
        QVERIFY(cache.insert(1, 1, page(1)));
        QCOMPARE(cache.takeReady().size(), size_t(2));
        QVERIFY(cache.insert(1, 3, page(3)));
        cache.reset(1); // same token again: everything forgotten, index 0 accepted again
        QCOMPARE(cache.nextIndex(), 0);
        QCOMPARE(cache.pendingCount(), 0);
        QVERIFY(cache.insert(1, 0, page(0)));
        QCOMPARE(cache.takeReady().size(), size_t(1));
    }

    void emptyPagesCountAsPages()
    {
        jsoc::RecordPageCache cache;
        cache.reset(9);
        QVERIFY(cache.insert(9, 1, page(1)));
        QVERIFY(cache.insert(9, 0, jsoc::RecordTable())); // zero-record window
        const auto ready = cache.takeReady();
        QCOMPARE(ready.size(), size_t(2));
        QCOMPARE(ready[0].rowCount(), qsizetype(0));
        QCOMPARE(firstCell(ready[1]), QStringLiteral("p1.0"));
    }
};

QTEST_GUILESS_MAIN(TestRecordPageCache)
#include "tst_recordpagecache.moc"
