// TableWriter (jsoc-cli query): CSV (RFC 4180) and TSV (escaped) rows must read back to exactly the
// cells written, whatever bytes the cells hold, and a missing cell must stay distinguishable
// where the format can say so. Cells are random mixes of the bytes that need care.
// Also the CSV field rule itself (csv::writeField/appendField), which the table's CSV export shares.
#include <QBuffer>
#include <QRandomGenerator>
#include <QTest>

#include "model/records/CsvField.h"
#include "model/records/TableWriter.h"

using jsoc::TableWriter;

namespace {

// An RFC 4180 reader: rows of fields, CRLF line ends, quoted fields with doubled quotes.
QList<QList<QByteArray>> readCsv(const QByteArray &text, bool *ok)
{
    QList<QList<QByteArray>> rows;
    QList<QByteArray> row;
    QByteArray field;
    *ok = true;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (text[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n) {
                    *ok = false;
                    return rows;
                }
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
        } else {
            while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n' && text[i] != '"')
                field += text[i++];
            if (i < n && text[i] == '"') { // a quote inside an unquoted field is not RFC 4180
                *ok = false;
                return rows;
            }
        }
        if (i < n && text[i] == ',') {
            row.append(field);
            field.clear();
            ++i;
        } else if (i + 1 < n && text[i] == '\r' && text[i + 1] == '\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            i += 2;
        } else {
            *ok = false;
            return rows;
        }
    }
    return rows;
}

QByteArray unescapeTsv(const QByteArray &field)
{
    QByteArray out;
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char c = field[++i];
        out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
    }
    return out;
}

QList<QList<QByteArray>> readTsv(const QByteArray &text)
{
    QList<QList<QByteArray>> rows;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        QList<QByteArray> row;
        for (const QByteArray &f : line.split('\t'))
            row.append(unescapeTsv(f));
        rows.append(row);
    }
    return rows;
}

QByteArray randomCell(QRandomGenerator &rng)
{
    static const char alphabet[] = {'a', 'Z', '0', ',', '"', '\t', '\n', '\r', '\\', ' ', '.', '\xc3', '\xa9'};
    QByteArray cell;
    const int length = int(rng.bounded(0, 40));
    for (int i = 0; i < length; ++i)
        cell += alphabet[rng.bounded(int(sizeof alphabet))];
    if (rng.bounded(5) == 0)
        cell += QByteArray(int(rng.bounded(100, 3000)), 'x'); // long cells cross buffer growth
    return cell;
}

struct Written {
    QByteArray text;
    QList<QList<QByteArray>> cells; // header then rows, missing cells as ""
};

Written writeRandomTable(TableWriter::Format format, quint32 seed)
{
    QRandomGenerator rng(seed);
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    Written w;
    TableWriter writer(out, format);
    const QStringList header{QStringLiteral("T_REC"), QStringLiteral("A,B"), QStringLiteral("Q\"")};
    writer.writeHeader(header);
    QList<QByteArray> headerBytes;
    for (const QString &h : header)
        headerBytes.append(h.toUtf8());
    w.cells.append(headerBytes);
    for (int r = 0; r < 20000; ++r) { // over the 1 MiB flush threshold
        QList<QByteArray> row;
        QList<bool> gone;
        std::vector<TableWriter::RawCell> raw;
        for (int c = 0; c < 3; ++c) {
            const bool missing = rng.bounded(10) == 0;
            row.append(missing ? QByteArray() : randomCell(rng));
            gone.append(missing);
        }
        for (int c = 0; c < 3; ++c)
            raw.push_back({QByteArrayView(row[c]), gone[c]});
        writer.writeRawRow(raw);
        w.cells.append(row);
    }
    writer.finish();
    w.text = out.data();
    return w;
}

} // namespace

class TestTableWriter : public QObject
{
    Q_OBJECT

private slots:
    void csvReadsBackEveryCell()
    {
        const Written w = writeRandomTable(TableWriter::Format::Csv, 5);
        bool ok = false;
        const auto rows = readCsv(w.text, &ok);
        QVERIFY(ok);
        QCOMPARE(rows.size(), w.cells.size());
        for (qsizetype r = 0; r < rows.size(); ++r)
            QCOMPARE(rows[r], w.cells[r]);
    }

    void tsvReadsBackEveryCell()
    {
        const Written w = writeRandomTable(TableWriter::Format::Tsv, 6);
        QVERIFY(!w.text.contains('\r'));
        const auto rows = readTsv(w.text);
        QCOMPARE(rows.size(), w.cells.size());
        for (qsizetype r = 0; r < rows.size(); ++r)
            QCOMPARE(rows[r], w.cells[r]);
    }

    // The RFC's own shapes, and QString rows write the same bytes as raw rows.
    void csvShapes()
    {
        QBuffer a, b;
        a.open(QIODevice::WriteOnly);
        b.open(QIODevice::WriteOnly);
        TableWriter viaText(a, TableWriter::Format::Csv), viaRaw(b, TableWriter::Format::Csv);
        const QStringList values{QStringLiteral("plain"), QStringLiteral("a,b"), QStringLiteral("say \"hi\""),
                                 QStringLiteral("two\r\nlines"), QString(), QStringLiteral("caf\u00e9")};
        viaText.writeRow(values);
        std::vector<QByteArray> utf8;
        std::vector<TableWriter::RawCell> cells;
        for (const QString &v : values)
            utf8.push_back(v.toUtf8());
        for (size_t i = 0; i < utf8.size(); ++i)
            cells.push_back({QByteArrayView(utf8[i]), values[qsizetype(i)].isNull()});
        viaRaw.writeRawRow(cells);
        viaText.finish();
        viaRaw.finish();
        QCOMPARE(a.data(), b.data());
        QCOMPARE(a.data(), QByteArray("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",,caf\xc3\xa9\r\n"));
    }

    // One field alone reads back to its bytes, is quoted exactly when it holds a byte that needs
    // it, stays within maxFieldBytes(), and both entry points write the same bytes.
    void csvFieldReadsBack()
    {
        QRandomGenerator rng(7);
        for (int i = 0; i < 5000; ++i) {
            const QByteArray cell = randomCell(rng);
            QByteArray appended("x,"); // after other text, as in a row
            jsoc::csv::appendField(appended, cell);
            QByteArray written(jsoc::csv::maxFieldBytes(cell.size()), '\0');
            written.truncate(jsoc::csv::writeField(written.data(), cell) - written.data());
            QCOMPARE(appended.mid(2), written);
            QVERIFY(written.size() <= jsoc::csv::maxFieldBytes(cell.size()));
            const bool special = cell.contains(',') || cell.contains('"') || cell.contains('\r') || cell.contains('\n');
            QCOMPARE(jsoc::csv::needsQuoting(cell), special);
            QCOMPARE(written.startsWith('"'), special);
            bool ok = false;
            const auto rows = readCsv(written + "\r\n", &ok);
            QVERIFY(ok);
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows[0], QList<QByteArray>{cell});
        }
    }

    // The byte that asks for quotes found wherever it stands in a cell (8-byte steps and the
    // tail alike), and neighbours that are not special (space, '+', tab, UTF-8) never taken for one.
    void csvFieldFindsEveryPosition()
    {
        for (int length = 1; length <= 40; ++length) {
            for (int at = 0; at < length; ++at) {
                for (const char special : {',', '"', '\n', '\r'}) {
                    QByteArray cell(length, '0');
                    cell[at] = special;
                    QVERIFY2(jsoc::csv::needsQuoting(cell), cell.toPercentEncoding().constData());
                }
                for (const char plain : {' ', '+', '\t', '-', '\x80', '\xff', '\0'}) {
                    QByteArray cell(length, '0');
                    cell[at] = plain;
                    QVERIFY2(!jsoc::csv::needsQuoting(cell), cell.toPercentEncoding().constData());
                }
            }
        }
    }

    void csvFieldShapes()
    {
        const auto field = [](QByteArrayView v) {
            QByteArray out;
            jsoc::csv::appendField(out, v);
            return out;
        };
        QCOMPARE(field(""), QByteArray(""));
        QCOMPARE(field("2014.01.01_00:00:00_TAI"), QByteArray("2014.01.01_00:00:00_TAI"));
        QCOMPARE(field("a,b"), QByteArray("\"a,b\""));
        QCOMPARE(field("\""), QByteArray("\"\"\"\""));
        QCOMPARE(field("\r"), QByteArray("\"\r\""));
        QCOMPARE(field("\n"), QByteArray("\"\n\""));
        QCOMPARE(field("tab\there"), QByteArray("tab\there")); // only TSV cares about tabs
        QCOMPARE(field("caf\xc3\xa9 \"x\""), QByteArray("\"caf\xc3\xa9 \"\"x\"\"\""));
    }
};

QTEST_GUILESS_MAIN(TestTableWriter)
#include "tst_tablewriter.moc"
