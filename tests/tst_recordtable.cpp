// StringColumn keeps big appended columns as shared chunks instead of copying them; every way
// of building a column must read back the same cells.
#include <QTest>

#include <vector>

#include "model/common/LargeMemory.h"
#include "model/records/RecordTable.h"

using jsoc::StringColumn;

namespace {

// `rows` cells of roughly `width` bytes, each different ("c<start+i>-xxxx…").
StringColumn makeColumn(int start, int rows, int width, std::vector<QByteArray> *reference)
{
    StringColumn column;
    for (int i = 0; i < rows; ++i) {
        QByteArray cell = "c" + QByteArray::number(start + i) + '-';
        cell += QByteArray((start + i) % width, 'x');
        column.append(cell);
        reference->push_back(cell);
    }
    return column;
}

void compare(const StringColumn &column, const std::vector<QByteArray> &reference)
{
    QCOMPARE(column.size(), qsizetype(reference.size()));
    for (size_t row = 0; row < reference.size(); ++row) {
        if (column.raw(qsizetype(row)) != reference[row])
            QFAIL(qPrintable(QStringLiteral("row %1 differs").arg(row)));
    }
    QVERIFY(column.raw(-1).isEmpty());
    QVERIFY(column.raw(column.size()).isEmpty());
}

} // namespace

class TestRecordTable : public QObject
{
    Q_OBJECT

private slots:
    void bigAndSmallAppendsReadBackInOrder()
    {
        std::vector<QByteArray> reference;
        StringColumn column = makeColumn(0, 10, 7, &reference);         // a tail of its own
        column.append(makeColumn(10, 20000, 13, &reference));          // big: shared as a chunk
        column.append(makeColumn(20010, 3, 5, &reference));            // small: copied into the tail
        column.append("after");
        reference.push_back("after");
        column.append(makeColumn(20014, 30000, 11, &reference));       // big again
        column.append(StringColumn());                                 // nothing
        compare(column, reference);

        qsizetype bytes = 0;
        for (const QByteArray &cell : reference)
            bytes += cell.size();
        QCOMPARE(column.byteSize(), bytes);
    }

    void equalityIgnoresChunking()
    {
        std::vector<QByteArray> a;
        std::vector<QByteArray> b;
        StringColumn chunked = makeColumn(0, 100, 3, &a);
        chunked.append(makeColumn(100, 20000, 9, &a));
        StringColumn flat;
        for (const QByteArray &cell : a)
            flat.append(cell);
        QVERIFY(chunked == flat);
        flat.append("one more");
        QVERIFY(!(chunked == flat));
        Q_UNUSED(b);
    }

    void copiesAreIndependent()
    {
        std::vector<QByteArray> reference;
        StringColumn column = makeColumn(0, 5, 4, &reference);
        column.append(makeColumn(5, 20000, 9, &reference));
        const StringColumn copy = column; // shares every buffer
        column.append("changed");
        compare(copy, reference);
        reference.push_back("changed");
        compare(column, reference);

        StringColumn self = copy;
        self.append(self); // appending a column to itself doubles it
        std::vector<QByteArray> doubled = reference;
        doubled.pop_back();
        const std::vector<QByteArray> once = doubled;
        doubled.insert(doubled.end(), once.begin(), once.end());
        compare(self, doubled);

        self.clear();
        QVERIFY(self.isEmpty());
        QCOMPARE(self.byteSize(), 0);
        QVERIFY(self.raw(0).isEmpty());
    }

    // The parser reserves an upper bound (exact rows, a generous byte count), fills the column
    // and squeezes it: the cells must be the same as a column grown cell by cell.
    void reservedThenSqueezedKeepsEveryCell()
    {
        std::vector<QByteArray> reference;
        const StringColumn grown = makeColumn(0, 300000, 40, &reference);
        StringColumn reserved;
        reserved.reserve(qsizetype(reference.size()), 64 * 1024 * 1024, true);
        for (const QByteArray &cell : reference)
            reserved.append(cell);
        reserved.squeeze();
        compare(reserved, reference);
        QVERIFY(reserved == grown);
        QCOMPARE(reserved.byteSize(), grown.byteSize());

        // A wrong row hint only costs growth, never cells.
        StringColumn tooSmall;
        tooSmall.reserve(10, 10, true);
        for (const QByteArray &cell : reference)
            tooSmall.append(cell);
        compare(tooSmall, reference);
    }

    // The memory hints may be given on buffers that already hold data: they must not change it.
    void memoryHintsKeepContents()
    {
        QByteArray buffer(24 * 1024 * 1024 + 123, Qt::Uninitialized);
        for (qsizetype i = 0; i < buffer.size(); ++i)
            buffer[i] = char((i * 131) >> 7);
        const QByteArray before = buffer; // shares; detached below on the first write
        buffer.detach();
        jsoc::adviseHugePages(buffer.data(), buffer.size());
        jsoc::prefaultForWriting(buffer.data(), buffer.size());
        jsoc::prefaultForWriting(buffer.data() + 1, buffer.size() - 1); // unaligned start
        QVERIFY(buffer == before);
        jsoc::adviseHugePages(nullptr, 1 << 30); // ignored, not a crash
        jsoc::prefaultForWriting(nullptr, 1 << 30);
    }
};

QTEST_GUILESS_MAIN(TestRecordTable)
#include "tst_recordtable.moc"
