// url-tar exports: when to suggest one (TarSuggestion), reading a tar (TarArchive), the packing
// list (ExportPackingList) and unpacking into a folder (ExportTarUnpack). The good tars come from
// the simulator over a loopback socket (an url-tar export, downloaded) and from /usr/bin/tar
// (GNU and pax formats); the hostile ones are built byte by byte here, each with a correct
// header checksum unless the checksum is the point.
#include "model/exports/ExportPackingList.h"
#include "model/exports/ExportTarUnpack.h"
#include "model/exports/NoOverwritePlacement.h"
#include "model/exports/TarArchive.h"
#include "model/exports/TarSuggestion.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "sim/ExportDesk.h"
#include "sim/FileServerTar.h"
#include "sim/JsocSimulator.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace jsoc;

namespace {

// ---- Tars built byte by byte ----------------------------------------------------------------

void putOctal(QByteArray &h, int at, int width, qint64 value)
{
    const QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    std::memcpy(h.data() + at, digits.constData(), size_t(width - 1));
    h[at + width - 1] = '\0';
}

void sealChecksum(QByteArray &h)
{
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (const char c : std::as_const(h))
        sum += static_cast<unsigned char>(c);
    putOctal(h, 148, 7, sum);
}

struct Header {
    QByteArray name;
    qint64 size = 0;
    char type = '0';
    QByteArray link;
    QByteArray prefix;
    bool gnuMagic = false;
};

QByteArray header(const Header &m)
{
    QByteArray h(512, '\0');
    std::memcpy(h.data(), m.name.constData(), size_t(qMin<qsizetype>(m.name.size(), 100)));
    putOctal(h, 100, 8, 0644);
    putOctal(h, 108, 8, 1000);
    putOctal(h, 116, 8, 1000);
    putOctal(h, 124, 12, m.size);
    putOctal(h, 136, 12, 1700000000);
    h[156] = m.type;
    std::memcpy(h.data() + 157, m.link.constData(), size_t(qMin<qsizetype>(m.link.size(), 100)));
    if (m.gnuMagic) {
        std::memcpy(h.data() + 257, "ustar  ", 8);
    } else {
        std::memcpy(h.data() + 257, "ustar", 6);
        std::memcpy(h.data() + 263, "00", 2);
        std::memcpy(h.data() + 345, m.prefix.constData(), size_t(qMin<qsizetype>(m.prefix.size(), 155)));
    }
    sealChecksum(h);
    return h;
}

QByteArray padded(const QByteArray &data)
{
    return data + QByteArray((512 - data.size() % 512) % 512, '\0');
}

QByteArray fileMember(const QByteArray &name, const QByteArray &data, char type = '0')
{
    return header({name, data.size(), type}) + padded(data);
}

QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    // The length counts itself: try the digits until they agree.
    const qsizetype body = key.size() + value.size() + 3; // ' ', '=', '\n'
    qsizetype len = body + 1;
    while (QByteArray::number(len).size() + body != len)
        ++len;
    return QByteArray::number(len) + ' ' + key + '=' + value + '\n';
}

QByteArray paxHeader(const QByteArray &records, char type = 'x')
{
    return header({"PaxHeaders/x", records.size(), type}) + padded(records);
}

QByteArray gnuLong(const QByteArray &name, char type = 'L')
{
    const QByteArray data = name + '\0';
    return header({"././@LongLink", data.size(), type, {}, {}, true}) + padded(data);
}

QByteArray endOfArchive()
{
    return QByteArray(1024, '\0');
}

QByteArray indexJson(const QStringList &files, const QString &id = QStringLiteral("JSOC_20261204_001"))
{
    QJsonArray data;
    for (const QString &f : files)
        data.append(QJsonObject{{QStringLiteral("record"), QStringLiteral("hmi.M_45s[2012.01.01_00:00:45_TAI][2]")},
                                {QStringLiteral("filename"), f}});
    return QJsonDocument(QJsonObject{{QStringLiteral("requestid"), id}, {QStringLiteral("status"), QStringLiteral("0")},
                                     {QStringLiteral("data"), data}})
        .toJson();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Every name in the folder, hidden ones (our temporaries) included.
QStringList everything(const QString &folder)
{
    QStringList names = QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

QString fitsVerdict(const QString &path, const QString &name)
{
    if (!name.endsWith(QLatin1String(".fits")) && !fits::FitsFileCheck::looksLikeFits(path))
        return {};
    const fits::FitsFileCheck check = fits::FitsFileCheck::verify(path);
    return check.isSound() ? QString() : check.problem;
}

QString problemsOf(const TarUnpackResult &r)
{
    return r.problems.join(QLatin1String(" | "));
}

bool anyProblemContains(const TarUnpackResult &r, const QString &words)
{
    for (const QString &p : r.problems)
        if (p.contains(words))
            return true;
    return false;
}

// Every member's name and data, or the reader's error.
struct Walk {
    QList<TarEntry> entries;
    QList<QByteArray> data;
    bool ended = false;
    QString error;
};

// A pipe-like device: no size, so the reader learns of a short tar only when the bytes stop.
class SequentialBytes final : public QIODevice
{
public:
    explicit SequentialBytes(const QByteArray &bytes) : m_bytes(bytes) { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_bytes.size() - m_at + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        // Odd small pieces, as a pipe gives them.
        const qint64 n = std::min({maxSize, qint64(m_bytes.size() - m_at), qint64(333)});
        std::memcpy(data, m_bytes.constData() + m_at, size_t(n));
        m_at += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_at = 0;
};

Walk walk(const QByteArray &tar, bool sequential = false)
{
    Walk w;
    QBuffer buffer;
    buffer.setData(tar);
    buffer.open(QIODevice::ReadOnly);
    SequentialBytes pipe(tar);
    TarReader reader(sequential ? static_cast<QIODevice *>(&pipe) : &buffer);
    for (int guard = 0; guard < 100000; ++guard) {
        TarEntry e;
        const TarReader::Step step = reader.next(&e);
        if (step == TarReader::Step::End) {
            w.ended = true;
            return w;
        }
        if (step == TarReader::Step::Failed) {
            w.error = reader.error();
            return w;
        }
        QByteArray data;
        char piece[700];
        for (;;) {
            const qint64 n = reader.read(piece, sizeof piece);
            if (n < 0) {
                w.error = reader.error();
                w.entries.append(e);
                w.data.append(data);
                return w;
            }
            if (n == 0)
                break;
            data.append(piece, n);
        }
        w.entries.append(e);
        w.data.append(data);
    }
    w.error = QStringLiteral("did not end");
    return w;
}

} // namespace

class TstTarUnpack final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    // When to suggest url-tar.
    void suggestionThresholdAndWords();

    // The reader.
    void readerWalksSimulatorTar();
    void readerLongNamesGnuPaxAndPrefix();
    void readerBase256Size();
    void readerRefusesGarbledHeaders_data();
    void readerRefusesGarbledHeaders();
    void readerOnAPipeFindsTruncationByTheBytes();
    void readerRandomMutationsNeverHangOrLie();
    void readerReplaysFuzzRegressions();

    // The packing list.
    void packingListFromSimulatorAndHostile();

    // Unpacking.
    void simulatorExportRoundTrip();
    void simulatorTarWithoutStatusListWaitsForIndex();
    void gnuAndPaxTarsFromUsrBinTar();
    void refusesMembersThatLeaveTheFolder_data();
    void refusesMembersThatLeaveTheFolder();
    void truncatedTarKeepsOnlyWholeListedFiles();
    void checksumAndSizeLiesStopCleanly();
    void extraAndMissingFilesNamed();
    void noPackingListKeepsNothing();
    void existingFilesSameOrDifferent();
    void damagedFitsIsNotKept();
    void duplicateAndEmptyMembers();
    void cancelMidwayLeavesNothingHalfWritten();
    void junkFilesAreRefusedInWords();
    void randomMutationsLeaveNothingStrayOnDisk();

private:
    QByteArray httpGet(const QString &pathAndQuery, int *status = nullptr);
    QString dir(const QString &name) const { return m_tmp.path() + QLatin1Char('/') + name; }
    QString tarFile(const QByteArray &bytes, const QString &name = QStringLiteral("t.tar"))
    {
        const QString path = dir(name);
        return writeAll(path, bytes) ? path : QString();
    }

    std::unique_ptr<sim::JsocSimulator> m_sim;
    QNetworkAccessManager m_nam;
    QTemporaryDir m_tmp;
    // From one url-tar export of the simulator, made once.
    QString m_simTar;
    QStringList m_simFiles;      // data[].filename
    QByteArray m_simFits;        // the first file, downloaded on its own
    int m_case = 0;
};

QByteArray TstTarUnpack::httpGet(const QString &pathAndQuery, int *status)
{
    QNetworkReply *reply = m_nam.get(QNetworkRequest(QUrl(m_sim->url().toString() + pathAndQuery)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20000))
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

void TstTarUnpack::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_sim = std::make_unique<sim::JsocSimulator>();
    QVERIFY(m_sim->listen());
    QVERIFY(m_sim->registerAddress(QStringLiteral("jsoc@example.com")));
    QVERIFY(m_sim->exportDesk());
    m_sim->exportDesk()->options().queuedMs = 0;
    m_sim->exportDesk()->options().processingMs = 0;

    const QString ds = QStringLiteral("hmi.M_45s[2012.01.01_00:00:00_TAI/5m]");
    const QByteArray submitted = httpGet(QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_request&format=json&ds=%1"
                                                        "&notify=jsoc%40example.com&method=url-tar&protocol=fits")
                                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(ds))));
    const QString id = QJsonDocument::fromJson(submitted).object().value(QStringLiteral("requestid")).toString();
    QVERIFY2(id.startsWith(QLatin1String("JSOC_")), submitted.constData());
    QJsonObject done;
    QTRY_VERIFY_WITH_TIMEOUT((done = QJsonDocument::fromJson(httpGet(QStringLiteral("/cgi-bin/ajax/jsoc_fetch?op=exp_status&requestid=") + id))
                                         .object())
                                     .value(QStringLiteral("status"))
                                     .toVariant()
                                     .toInt()
                                 == 0,
                             20000);
    const QString tarfile = done.value(QStringLiteral("tarfile")).toString();
    QVERIFY2(tarfile.endsWith(id + QStringLiteral(".tar")), qPrintable(QJsonDocument(done).toJson()));
    for (const QJsonValue &row : done.value(QStringLiteral("data")).toArray())
        m_simFiles.append(row.toObject().value(QStringLiteral("filename")).toString());
    QCOMPARE(m_simFiles.size(), 7); // 5 minutes of 45 s records
    int status = 0;
    const QByteArray tar = httpGet(tarfile, &status);
    QCOMPARE(status, 200);
    m_simTar = tarFile(tar, QStringLiteral("sim.tar"));
    QVERIFY(!m_simTar.isEmpty());
    m_simFits = httpGet(done.value(QStringLiteral("dir")).toString() + QLatin1Char('/') + m_simFiles.first(), &status);
    QCOMPARE(status, 200);
    QVERIFY(m_simFits.startsWith("SIMPLE  ="));
}

void TstTarUnpack::init()
{
    ++m_case;
}

void TstTarUnpack::suggestionThresholdAndWords()
{
    QVERIFY(!suggestTarExport(-1).suggest);
    QVERIFY(!suggestTarExport(0).suggest);
    QVERIFY(!suggestTarExport(99).suggest);
    QVERIFY(suggestTarExport(99).sentence.isEmpty());
    QVERIFY(suggestTarExport(100).suggest);
    QVERIFY(!suggestTarExport(std::numeric_limits<qint64>::max()).suggest);
    const TarSuggestion day = suggestTarExport(1440, 21'600'000'000LL);
    QVERIFY(day.suggest);
    QVERIFY2(day.sentence.startsWith(QStringLiteral("1,440 files: ask for one tar (url-tar).")), qPrintable(day.sentence));
    QVERIFY2(day.sentence.contains(QStringLiteral("7 min 12 s–24 min 00 s")), qPrintable(day.sentence));
    QVERIFY2(day.sentence.contains(QStringLiteral("about 2 × 21.6 GB")), qPrintable(day.sentence));
    QVERIFY(!suggestTarExport(1440).sentence.contains(QStringLiteral("2 ×")));
    QVERIFY(!suggestTarExport(1440, std::numeric_limits<qint64>::max()).sentence.contains(QStringLiteral("2 ×")));
}

void TstTarUnpack::readerWalksSimulatorTar()
{
    const Walk w = walk(readAll(m_simTar));
    QVERIFY2(w.ended, qPrintable(w.error));
    QCOMPARE(w.entries.size(), m_simFiles.size() + 2);
    QCOMPARE(w.entries.first().name, m_simFiles.first().toUtf8());
    QCOMPARE(w.entries.first().type, TarEntry::Type::File);
    QCOMPARE(w.data.first(), m_simFits);
    QCOMPARE(w.entries.at(w.entries.size() - 2).name, QByteArray("index.json"));
    QCOMPARE(w.entries.last().name, QByteArray("index.txt"));
    QCOMPARE(w.entries.at(1).headerOffset, 512 + (m_simFits.size() + 511) / 512 * 512);
}

void TstTarUnpack::readerLongNamesGnuPaxAndPrefix()
{
    const QByteArray longName(150, 'n');
    QByteArray tar = gnuLong(longName) + fileMember("short", "gnu")
                     + paxHeader(paxRecord("path", "pax-" + longName) + paxRecord("mtime", "1.5")) + fileMember("short2", "pax")
                     + header({"base", 6, '0', {}, "some/prefix"}) + padded("prefix")
                     + paxHeader(paxRecord("comment", "global"), 'g') + fileMember("plain", "")
                     + gnuLong("target-" + longName, 'K') + header({"link", 0, '2', "short"});
    tar += endOfArchive();
    const Walk w = walk(tar);
    QVERIFY2(w.ended, qPrintable(w.error));
    QCOMPARE(w.entries.size(), 5);
    QCOMPARE(w.entries[0].name, longName);
    QCOMPARE(w.data[0], QByteArray("gnu"));
    QCOMPARE(w.entries[0].headerOffset, 0);
    QCOMPARE(w.entries[1].name, "pax-" + longName);
    QCOMPARE(w.data[1], QByteArray("pax"));
    QCOMPARE(w.entries[2].name, QByteArray("some/prefix/base"));
    QCOMPARE(w.entries[3].name, QByteArray("plain"));
    QCOMPARE(w.entries[4].type, TarEntry::Type::SymbolicLink);
    QCOMPARE(w.entries[4].linkName, "target-" + longName);

    // A pax size overrides the header's.
    const QByteArray sized = paxHeader(paxRecord("size", "4")) + header({"f", 0}) + padded("four") + endOfArchive();
    const Walk s = walk(sized);
    QVERIFY2(s.ended, qPrintable(s.error));
    QCOMPARE(s.data.first(), QByteArray("four"));
    // A pax GNU sparse file is not a plain file.
    const Walk sparse = walk(paxHeader(paxRecord("GNU.sparse.major", "1")) + fileMember("sp", "x") + endOfArchive());
    QVERIFY(sparse.ended);
    QCOMPARE(sparse.entries.first().type, TarEntry::Type::Other);
    QCOMPARE(sparse.entries.first().typeInWords(), QStringLiteral("a sparse file"));
    // A lone zero block at the end is accepted, as GNU tar does.
    QVERIFY(walk(fileMember("f", "x") + QByteArray(512, '\0')).ended);
}

void TstTarUnpack::readerBase256Size()
{
    QByteArray h = header({"big", 0});
    h[124] = char(0x80);
    std::memset(h.data() + 125, 0, 11);
    h[135] = 5; // 5 bytes, in base-256
    sealChecksum(h);
    const Walk w = walk(h + padded("12345") + endOfArchive());
    QVERIFY2(w.ended, qPrintable(w.error));
    QCOMPARE(w.data.first(), QByteArray("12345"));
    // Negative base-256 is refused.
    h[124] = char(0xff);
    sealChecksum(h);
    QVERIFY(walk(h + padded("12345") + endOfArchive()).error.contains(QStringLiteral("no readable size")));
}

void TstTarUnpack::readerRefusesGarbledHeaders_data()
{
    QTest::addColumn<QByteArray>("tar");
    QTest::addColumn<QString>("words");
    const QByteArray good = fileMember("a.fits", QByteArray(1000, 'a')) + fileMember("b.fits", "b") + endOfArchive();
    QTest::newRow("empty") << QByteArray() << QStringLiteral("ends at offset 0 before its first member without its end-of-archive marker");
    QTest::newRow("cut inside data") << good.left(700)
                                     << QStringLiteral("Member \"a.fits\" at offset 0 claims 1000 bytes, but only 188 bytes of the tar are left");
    QTest::newRow("cut at member boundary") << good.left(1536 + 1024)
                                            << QStringLiteral("ends at offset 2560 after member \"b.fits\" without its end-of-archive marker");
    QTest::newRow("cut inside header") << good.left(1536 + 100) << QStringLiteral("ends inside a header at offset 1536");
    QByteArray bad = good;
    bad[1536 + 3] = 'X'; // b.fits's name
    QTest::newRow("checksum") << bad << QStringLiteral("header at offset 1536 (member \"b.fXts\", after member \"a.fits\") fails its checksum");
    QByteArray lie = header({"a.fits", 1 << 20});
    QTest::newRow("size beyond file") << lie + padded("a") + endOfArchive()
                                      << QStringLiteral("claims 1048576 bytes, but only 1536 bytes of the tar are left");
    QByteArray huge = header({"a", 0});
    std::memcpy(huge.data() + 124, "77777777777", 11);
    sealChecksum(huge);
    QTest::newRow("size 8 GiB") << huge + padded("a") + endOfArchive() << QStringLiteral("claims 8589934591 bytes");
    QByteArray letters = header({"a", 0});
    std::memcpy(letters.data() + 124, "0000000001x", 11);
    sealChecksum(letters);
    QTest::newRow("size not octal") << letters + padded("a") + endOfArchive() << QStringLiteral("no readable size");
    QTest::newRow("huge pax header") << header({"p", kMaxPackingListBytes, 'x'}) + QByteArray(4096, 'z')
                                     << QStringLiteral("pax header at offset 0 claims");
    QTest::newRow("garbled pax") << paxHeader("99 path=x\n") + fileMember("f", "x") + endOfArchive()
                                 << QStringLiteral("pax header at offset 0 is damaged");
    QTest::newRow("pax size not a number") << paxHeader(paxRecord("size", "-4")) + fileMember("f", "x") + endOfArchive()
                                           << QStringLiteral("is not a size");
    // Found by fuzz_tar_reader: the digits check went on summing the bytes after a non-digit.
    QTest::newRow("pax size digits then junk") << paxHeader(paxRecord("size", "99999999999999999~")) + fileMember("f", "x") + endOfArchive()
                                               << QStringLiteral("is not a size");
    QTest::newRow("long name then end") << gnuLong("name") + endOfArchive()
                                        << QStringLiteral("after a pax or GNU long-name header with no member");
    QTest::newRow("data after zero block") << QByteArray(512, '\0') + fileMember("f", "x")
                                           << QStringLiteral("data after a zero block at offset 0");
    QTest::newRow("random bytes") << QByteArray(4096, 'q') << QStringLiteral("fails its checksum");
}

void TstTarUnpack::readerRefusesGarbledHeaders()
{
    QFETCH(QByteArray, tar);
    QFETCH(QString, words);
    const Walk w = walk(tar);
    QVERIFY(!w.ended);
    QVERIFY2(w.error.contains(words), qPrintable(w.error));
}

void TstTarUnpack::readerOnAPipeFindsTruncationByTheBytes()
{
    const QByteArray good = fileMember("a.fits", QByteArray(1000, 'a')) + fileMember("b.fits", "b") + endOfArchive();
    const Walk whole = walk(good, true);
    QVERIFY2(whole.ended, qPrintable(whole.error));
    QCOMPARE(whole.data, (QList<QByteArray>{QByteArray(1000, 'a'), QByteArray("b")}));
    const Walk cut = walk(good.left(700), true);
    QVERIFY(!cut.ended);
    QCOMPARE(cut.error, QStringLiteral("The tar ends inside member \"a.fits\" at offset 700, 812 bytes short: it is truncated."));
    QVERIFY(cut.data.first().isEmpty()); // the short piece is reported, not handed out
    // Cut in the padding: the data are whole, the skip to the next header is not.
    const Walk padding = walk(good.left(1518), true);
    QCOMPARE(padding.data.first(), QByteArray(1000, 'a'));
    QCOMPARE(padding.error, QStringLiteral("The tar ends inside member \"a.fits\" (offset 1518, 0 bytes of data unread): it is truncated."));
    const Walk lie = walk(header({"a.fits", 1 << 20}) + padded("a") + endOfArchive(), true);
    QVERIFY2(lie.error.startsWith(QStringLiteral("The tar ends inside member \"a.fits\" at offset 2048")), qPrintable(lie.error));
}

// Fuzz-regression style: thousands of mutations of a real tar (seeded, so a failure repeats).
// The reader must end or fail in words, never hang, never hand out more data than the tar holds.
void TstTarUnpack::readerRandomMutationsNeverHangOrLie()
{
    const QByteArray original = gnuLong(QByteArray(120, 'g')) + fileMember("x", "data")
                                + paxHeader(paxRecord("path", "p") + paxRecord("size", "3")) + fileMember("y", "abc")
                                + readAll(m_simTar).left(8192) + endOfArchive();
    QRandomGenerator random(4291);
    for (int round = 0; round < 3000; ++round) {
        QByteArray tar = original;
        const int edits = 1 + int(random.bounded(8));
        for (int e = 0; e < edits; ++e)
            tar[int(random.bounded(tar.size()))] = char(random.bounded(256));
        if (random.bounded(4) == 0)
            tar.truncate(int(random.bounded(tar.size())));
        const Walk w = walk(tar);
        QVERIFY2(w.ended || !w.error.isEmpty(), qPrintable(QStringLiteral("round %1").arg(round)));
        qint64 total = 0;
        for (const QByteArray &d : w.data)
            total += d.size();
        QVERIFY(total <= tar.size());
    }
}

// Every input that once broke a rule of fuzz_tar_reader (tests/fuzz/regressions-tar), as a file,
// as a pipe, and unpacked: each ends or fails in words. (The sanitizers see them in the fuzz build.)
void TstTarUnpack::readerReplaysFuzzRegressions()
{
    const QString folder = QFINDTESTDATA("fuzz/regressions-tar");
    QVERIFY(!folder.isEmpty());
    const QFileInfoList inputs = QDir(folder).entryInfoList(QDir::Files);
    QVERIFY(!inputs.isEmpty());
    for (const QFileInfo &input : inputs) {
        const QByteArray bytes = readAll(input.absoluteFilePath());
        for (const bool pipe : {false, true}) {
            const Walk w = walk(bytes, pipe);
            QVERIFY2(w.ended || !w.error.isEmpty(), qPrintable(input.fileName()));
        }
        const TarUnpackResult r = unpackExportTar(input.absoluteFilePath(), dir(QStringLiteral("replay-") + input.baseName()), {});
        QVERIFY2(r.ok || !r.problems.isEmpty(), qPrintable(input.fileName()));
    }
}

void TstTarUnpack::packingListFromSimulatorAndHostile()
{
    const Walk w = walk(readAll(m_simTar));
    const ExportPackingList json = parseIndexJson(w.data.at(w.data.size() - 2));
    QVERIFY2(json.isValid(), qPrintable(json.error));
    QCOMPARE(json.files, m_simFiles);
    QVERIFY(json.requestId.startsWith(QLatin1String("JSOC_")));
    const ExportPackingList txt = parseIndexTxt(w.data.last());
    QVERIFY2(txt.isValid(), qPrintable(txt.error));
    QCOMPARE(txt.files, m_simFiles);
    QCOMPARE(txt.requestId, json.requestId);

    QCOMPARE(parseIndexJson(indexJson({QStringLiteral("a.fits"), QStringLiteral("NoDataFile")})).files, QStringList{QStringLiteral("a.fits")});
    QVERIFY(parseIndexJson("{\"data\":[{\"sunum\":\"1\",\"path\":\"/SUM1\"}]}").error.contains(QStringLiteral("storage units")));
    QVERIFY(parseIndexJson("junk").error.contains(QStringLiteral("not JSON")));
    QVERIFY(parseIndexJson("[1]").error.contains(QStringLiteral("not a JSON object")));
    QVERIFY(parseIndexJson("{\"data\":3}").error.contains(QStringLiteral("no data list")));
    QVERIFY(parseIndexJson("{\"data\":[{\"filename\":7}]}").error.contains(QStringLiteral("row 1")));
    QVERIFY(parseIndexTxt("version=1\n# DATA SU\n1 2 3\n").error.contains(QStringLiteral("storage units")));
    QVERIFY(parseIndexTxt("version=1\n").error.contains(QStringLiteral("no \"# DATA\" section")));
    QVERIFY(parseIndexTxt("\x01\x02junk\n# DATA\n").error.contains(QStringLiteral("line 1")));
    QVERIFY(parseIndexTxt("# DATA\nrecordonly\n").error.contains(QStringLiteral("line 2 names a record but no file")));
    QCOMPARE(parseIndexTxt("# DATA\nr1\ta.fits\nr2\tNoDataFile\n").files, QStringList{QStringLiteral("a.fits")});
}

void TstTarUnpack::simulatorExportRoundTrip()
{
    const QString out = dir(QStringLiteral("round"));
    TarUnpackOptions options;
    options.expectedFiles = m_simFiles;
    options.verifyFile = fitsVerdict;
    QList<qint64> progress;
    qint64 total = 0;
    options.progress = [&](qint64 done, qint64 all) {
        progress.append(done);
        total = all;
    };
    const TarUnpackResult r = unpackExportTar(m_simTar, out, options);
    QVERIFY2(r.ok, qPrintable(problemsOf(r)));
    QCOMPARE(r.files.size(), m_simFiles.size());
    QCOMPARE(r.alreadyPresent, 0);
    QCOMPARE(r.unverifiedFits, 0);
    QCOMPARE(r.summary(), QStringLiteral("Unpacked 7 files."));
    QStringList expected = m_simFiles;
    expected.sort();
    QCOMPARE(everything(out), expected); // no packing list, no temporaries
    QCOMPARE(r.files.first(), QDir(out).absoluteFilePath(m_simFiles.first()));
    QCOMPARE(readAll(r.files.first()), m_simFits);
    for (const QString &f : r.files)
        QVERIFY2(fits::FitsFileCheck::verify(f).isSound(), qPrintable(f));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(total, QFileInfo(m_simTar).size());
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QVERIFY(progress.last() <= total);

    // Again into the same folder: the same bytes are already there, and that is fine.
    const TarUnpackResult again = unpackExportTar(m_simTar, out, options);
    QVERIFY2(again.ok, qPrintable(problemsOf(again)));
    QCOMPARE(again.alreadyPresent, m_simFiles.size());
    QCOMPARE(again.summary(), QStringLiteral("Unpacked 7 files (7 already there)."));
    QCOMPARE(everything(out), expected);

    // Without a verifier the FITS files are counted as unchecked, in words.
    const TarUnpackResult unchecked = unpackExportTar(m_simTar, dir(QStringLiteral("unchecked")), {});
    QVERIFY2(unchecked.ok, qPrintable(problemsOf(unchecked)));
    QCOMPARE(unchecked.unverifiedFits, m_simFiles.size());
    QVERIFY(unchecked.summary().contains(QStringLiteral("FITS not checked: 7 files")));
}

void TstTarUnpack::simulatorTarWithoutStatusListWaitsForIndex()
{
    // The tar's own index.json decides; a status list that disagrees with it is reported.
    const QString out = dir(QStringLiteral("ownlist"));
    const TarUnpackResult r = unpackExportTar(m_simTar, out, {});
    QVERIFY2(r.ok, qPrintable(problemsOf(r)));
    QCOMPARE(r.files.size(), m_simFiles.size());

    TarUnpackOptions lying;
    lying.expectedFiles = m_simFiles.mid(1) + QStringList{QStringLiteral("ghost.fits")};
    const TarUnpackResult d = unpackExportTar(m_simTar, dir(QStringLiteral("disagree")), lying);
    QVERIFY(!d.ok);
    QVERIFY2(anyProblemContains(d, QStringLiteral("The tar's index.json disagrees with JSOC's status answer: only the tar lists ")
                                       + m_simFiles.first() + QStringLiteral(". only JSOC's status answer lists ghost.fits.")),
             qPrintable(problemsOf(d)));
    QVERIFY(anyProblemContains(d, QStringLiteral("Missing from the tar: 1 file that JSOC's status answer names: ghost.fits.")));
    QVERIFY(anyProblemContains(d, QStringLiteral("Not unpacked: 1 file in the tar that JSOC's status answer does not name: ") + m_simFiles.first()));
    QVERIFY(!QFileInfo::exists(dir(QStringLiteral("disagree/")) + m_simFiles.first()));
    QCOMPARE(everything(dir(QStringLiteral("disagree"))).size(), m_simFiles.size() - 1);
}

void TstTarUnpack::gnuAndPaxTarsFromUsrBinTar()
{
    const QString src = dir(QStringLiteral("tarsrc%1").arg(m_case));
    QVERIFY(QDir().mkpath(src));
    const QString longName = QString(140, QLatin1Char('L')) + QStringLiteral(".fits");
    const QStringList files{QStringLiteral("short.fits"), longName};
    QVERIFY(writeAll(src + QStringLiteral("/short.fits"), m_simFits));
    QVERIFY(writeAll(src + QLatin1Char('/') + longName, m_simFits));
    QVERIFY(writeAll(src + QStringLiteral("/index.json"), indexJson(files)));
    for (const QString &format : {QStringLiteral("gnu"), QStringLiteral("pax"), QStringLiteral("ustar")}) {
        const QString tar = dir(format + QStringLiteral(".tar"));
        QProcess p;
        // "." makes a "./" directory entry and "./name" members, as people pack a folder.
        const QStringList members = format == QLatin1String("ustar") ? QStringList{QStringLiteral("short.fits"), QStringLiteral("index.json")}
                                                                    : QStringList{QStringLiteral(".")};
        p.start(QStringLiteral("/usr/bin/tar"), QStringList{QStringLiteral("--format=") + format, QStringLiteral("-cf"), tar,
                                                            QStringLiteral("-C"), src} + members);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = dir(QStringLiteral("from-") + format);
        TarUnpackOptions options;
        options.verifyFile = fitsVerdict;
        const TarUnpackResult r = unpackExportTar(tar, out, options);
        if (format == QLatin1String("ustar")) {
            // ustar cannot hold the long name: tar left it out, and the list says it is missing.
            QVERIFY(!r.ok);
            QVERIFY2(anyProblemContains(r, QStringLiteral("Missing from the tar: 1 file that the tar's index.json names: ") + longName),
                     qPrintable(problemsOf(r)));
            QCOMPARE(everything(out), QStringList{QStringLiteral("short.fits")});
            continue;
        }
        QVERIFY2(r.ok, qPrintable(format + QStringLiteral(": ") + problemsOf(r)));
        QCOMPARE(r.files.size(), 2);
        QCOMPARE(readAll(out + QLatin1Char('/') + longName), m_simFits);
    }
}

void TstTarUnpack::refusesMembersThatLeaveTheFolder_data()
{
    QTest::addColumn<QByteArray>("member");
    QTest::addColumn<QString>("words");
    const QByteArray outside = (m_tmp.path() + QStringLiteral("/outside/x")).toUtf8();
    QTest::newRow("dotdot") << fileMember("../x", "evil") << QStringLiteral("tries to leave the download folder");
    QTest::newRow("dotdot deeper") << fileMember("a/../../x", "evil") << QStringLiteral("tries to leave the download folder");
    QTest::newRow("absolute") << fileMember(outside, "evil") << QStringLiteral("it has an absolute path");
    QTest::newRow("subdirectory") << fileMember("sub/x", "evil") << QStringLiteral("contains a directory separator");
    QTest::newRow("symlink") << header({"x", 0, '2', outside}) << QStringLiteral("it is a symbolic link to \"") + QString::fromUtf8(outside);
    QTest::newRow("hardlink") << header({"x", 0, '1', "/etc/passwd"}) << QStringLiteral("it is a hard link to \"/etc/passwd\"");
    QTest::newRow("char device") << header({"x", 0, '3'}) << QStringLiteral("it is a character device");
    QTest::newRow("block device") << header({"x", 0, '4'}) << QStringLiteral("it is a block device");
    QTest::newRow("fifo") << header({"x", 0, '6'}) << QStringLiteral("it is a FIFO");
    QTest::newRow("directory") << header({"x", 0, '5'}) << QStringLiteral("it is a directory");
    QTest::newRow("unknown type") << fileMember("x", "data", 'Z') << QStringLiteral("an entry of unknown type 'Z'");
    QTest::newRow("pax path dotdot") << paxHeader(paxRecord("path", "../x")) + fileMember("harmless", "evil")
                                     << QStringLiteral("tries to leave the download folder");
    QTest::newRow("pax path NUL") << paxHeader(paxRecord("path", QByteArray("x\0/../../y", 10))) + fileMember("harmless", "evil")
                                  << QStringLiteral("NUL byte");
    QTest::newRow("GNU long name dotdot") << gnuLong("../../x") + fileMember("harmless", "evil")
                                          << QStringLiteral("tries to leave the download folder");
    QTest::newRow("control character") << fileMember("x\x1b[2J", "evil") << QStringLiteral("control character");
    QTest::newRow("not UTF-8") << fileMember("x\xff\xfe", "evil") << QStringLiteral("not UTF-8");
    QTest::newRow("our .part name") << fileMember("x.part", "evil") << QStringLiteral("reserved for partial downloads");
    QTest::newRow("prefix dotdot") << header({"x", 4, '0', {}, ".."}) + padded("evil") << QStringLiteral("tries to leave");
}

void TstTarUnpack::refusesMembersThatLeaveTheFolder()
{
    QFETCH(QByteArray, member);
    QFETCH(QString, words);
    const QString out = dir(QStringLiteral("hostile%1/in").arg(m_case));
    const QString tar = tarFile(fileMember("index.json", indexJson({QStringLiteral("x")})) + member + fileMember("x", "good")
                                    + endOfArchive(),
                                QStringLiteral("hostile%1.tar").arg(m_case));
    const TarUnpackResult r = unpackExportTar(tar, out, {});
    QVERIFY(!r.ok);
    QVERIFY2(anyProblemContains(r, QStringLiteral("Refused")) && anyProblemContains(r, words), qPrintable(problemsOf(r)));
    // Nothing landed beside the folder or in the absolute place; the good member still did.
    QCOMPARE(everything(dir(QStringLiteral("hostile%1").arg(m_case))), QStringList{QStringLiteral("in")});
    QVERIFY(!QFileInfo::exists(m_tmp.path() + QStringLiteral("/outside/x")));
    QVERIFY(!QFileInfo::exists(m_tmp.path() + QStringLiteral("/x")));
    QCOMPARE(everything(out), QStringList{QStringLiteral("x")});
    QCOMPARE(readAll(out + QStringLiteral("/x")), QByteArray("good"));
    QVERIFY(!QFileInfo(out + QStringLiteral("/x")).isSymLink());
}

void TstTarUnpack::truncatedTarKeepsOnlyWholeListedFiles()
{
    const QByteArray whole = readAll(m_simTar);
    const qint64 firstSize = 512 + (m_simFits.size() + 511) / 512 * 512;
    // Cut in the middle of the second file's data.
    const QString tar = tarFile(whole.left(firstSize + 512 + 100), QStringLiteral("cut.tar"));
    const QString out = dir(QStringLiteral("cut"));
    TarUnpackOptions options;
    options.expectedFiles = m_simFiles;
    options.verifyFile = fitsVerdict;
    const TarUnpackResult r = unpackExportTar(tar, out, options);
    QVERIFY(!r.ok);
    QVERIFY2(anyProblemContains(r, QStringLiteral("Member \"%1\" at offset %2 claims %3 bytes, but only 100 bytes of the tar are left")
                                       .arg(m_simFiles.at(1))
                                       .arg(firstSize)
                                       .arg(m_simFits.size())),
             qPrintable(problemsOf(r)));
    QVERIFY(anyProblemContains(r, QStringLiteral("Not reached: 6 files that JSOC's status answer names: ")));
    QCOMPARE(r.files.size(), 1);
    QCOMPARE(everything(out), QStringList{m_simFiles.first()});

    // Without the status list the first file waits for the tar's index, which never comes.
    const TarUnpackResult own = unpackExportTar(tar, dir(QStringLiteral("cut-own")), {});
    QVERIFY(!own.ok);
    QVERIFY2(anyProblemContains(own, QStringLiteral("Not kept: 1 file, complete, but the packing list that would confirm them was not reached: ") + m_simFiles.first()),
             qPrintable(problemsOf(own)));
    QCOMPARE(everything(dir(QStringLiteral("cut-own"))), QStringList{});
}

void TstTarUnpack::checksumAndSizeLiesStopCleanly()
{
    const QByteArray whole = readAll(m_simTar);
    const qint64 second = 512 + (m_simFits.size() + 511) / 512 * 512;
    QByteArray bad = whole;
    bad[second + 10] = char(bad[second + 10] ^ 0x01);
    const QString out = dir(QStringLiteral("badsum"));
    TarUnpackOptions options;
    options.expectedFiles = m_simFiles;
    const TarUnpackResult r = unpackExportTar(tarFile(bad, QStringLiteral("badsum.tar")), out, options);
    QVERIFY(!r.ok);
    QVERIFY2(anyProblemContains(r, QStringLiteral("The header at offset %1").arg(second))
                 && anyProblemContains(r, QStringLiteral("fails its checksum")),
             qPrintable(problemsOf(r)));
    QCOMPARE(everything(out), QStringList{m_simFiles.first()});

    QByteArray lie = whole;
    QByteArray h = lie.mid(second, 512);
    putOctal(h, 124, 12, whole.size());
    sealChecksum(h);
    lie.replace(second, 512, h);
    const TarUnpackResult l = unpackExportTar(tarFile(lie, QStringLiteral("lie.tar")), dir(QStringLiteral("lie")), options);
    QVERIFY(!l.ok);
    QVERIFY2(anyProblemContains(l, QStringLiteral("Member \"%1\" at offset %2 claims %3 bytes").arg(m_simFiles.at(1)).arg(second).arg(whole.size())),
             qPrintable(problemsOf(l)));
    QCOMPARE(everything(dir(QStringLiteral("lie"))), QStringList{m_simFiles.first()});
}

void TstTarUnpack::extraAndMissingFilesNamed()
{
    // Built by the simulator's own tar writer from files on disk.
    const QString src = dir(QStringLiteral("extra-src"));
    QVERIFY(QDir().mkpath(src));
    QVERIFY(writeAll(src + QStringLiteral("/a.fits"), m_simFits));
    QVERIFY(writeAll(src + QStringLiteral("/c.fits"), m_simFits));
    QVERIFY(writeAll(src + QStringLiteral("/kw"), "T_REC=x\n"));
    QVERIFY(writeAll(src + QStringLiteral("/index.json"),
                     indexJson({QStringLiteral("a.fits"), QStringLiteral("b.fits"), QStringLiteral("NoDataFile")})));
    const QString tar = dir(QStringLiteral("extra.tar"));
    QString error;
    QVERIFY2(sim::FileServerTar::write(tar,
                                       {{QStringLiteral("a.fits"), src + QStringLiteral("/a.fits")},
                                        {QStringLiteral("c.fits"), src + QStringLiteral("/c.fits")},
                                        {QStringLiteral("JSOC_20261204_001.keywords.txt"), src + QStringLiteral("/kw")},
                                        {QStringLiteral("index.json"), src + QStringLiteral("/index.json")}},
                                       1700000000, &error),
             qPrintable(error));
    const QString out = dir(QStringLiteral("extra"));
    const TarUnpackResult r = unpackExportTar(tar, out, {});
    QVERIFY(!r.ok);
    QCOMPARE(r.problems,
             (QStringList{QStringLiteral("Not unpacked: 1 file in the tar that the tar's index.json does not name: c.fits."),
                          QStringLiteral("Missing from the tar: 1 file that the tar's index.json names: b.fits.")}));
    QCOMPARE(everything(out), (QStringList{QStringLiteral("JSOC_20261204_001.keywords.txt"), QStringLiteral("a.fits")}));
}

void TstTarUnpack::noPackingListKeepsNothing()
{
    const QString tar = tarFile(fileMember("a.fits", m_simFits) + fileMember("index.html", "<html>") + endOfArchive(),
                                QStringLiteral("nolist.tar"));
    const QString out = dir(QStringLiteral("nolist"));
    const TarUnpackResult r = unpackExportTar(tar, out, {});
    QVERIFY(!r.ok);
    QCOMPARE(r.problems, QStringList{QStringLiteral("Not kept: the tar holds no packing list (index.json or index.txt) to check its "
                                                    "1 file against: a.fits.")});
    QCOMPARE(everything(out), QStringList{});
    // A damaged packing list is named, and nothing unlisted lands.
    const QString junk = tarFile(fileMember("index.json", "{not json") + fileMember("a.fits", m_simFits) + endOfArchive(),
                                 QStringLiteral("junklist.tar"));
    const TarUnpackResult j = unpackExportTar(junk, dir(QStringLiteral("junklist")), {});
    QVERIFY(anyProblemContains(j, QStringLiteral("The export's index.json cannot be read: it is not JSON")));
    QCOMPARE(everything(dir(QStringLiteral("junklist"))), QStringList{});
    // An empty archive says so.
    const TarUnpackResult e = unpackExportTar(tarFile(endOfArchive(), QStringLiteral("empty.tar")), dir(QStringLiteral("empty")), {});
    QCOMPARE(e.problems, QStringList{QStringLiteral("The tar holds no files and no packing list.")});
}

void TstTarUnpack::existingFilesSameOrDifferent()
{
    const QString out = dir(QStringLiteral("existing"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(writeAll(out + QStringLiteral("/a.fits"), "mine, not JSOC's"));
    QVERIFY(writeAll(out + QStringLiteral("/b.fits"), m_simFits));
    QVERIFY(QFile::link(m_tmp.path() + QStringLiteral("/nowhere"), out + QStringLiteral("/c.fits")));
    const QString tar = tarFile(fileMember("index.json", indexJson({QStringLiteral("a.fits"), QStringLiteral("b.fits"), QStringLiteral("c.fits")}))
                                    + fileMember("a.fits", m_simFits) + fileMember("b.fits", m_simFits) + fileMember("c.fits", m_simFits)
                                    + endOfArchive(),
                                QStringLiteral("existing.tar"));
    const TarUnpackResult r = unpackExportTar(tar, out, {});
    QVERIFY(!r.ok);
    QVERIFY2(anyProblemContains(r, QStringLiteral("Did not overwrite \"a.fits\": a different file of that name is already in the folder.")),
             qPrintable(problemsOf(r)));
    QVERIFY2(anyProblemContains(r, QStringLiteral("c.fits")) && anyProblemContains(r, QStringLiteral("symbolic link")),
             qPrintable(problemsOf(r)));
    QCOMPARE(r.files, QStringList{out + QStringLiteral("/b.fits")});
    QCOMPARE(r.alreadyPresent, 1);
    QCOMPARE(readAll(out + QStringLiteral("/a.fits")), QByteArray("mine, not JSOC's"));
    QVERIFY(!QFileInfo::exists(m_tmp.path() + QStringLiteral("/nowhere")));
    QCOMPARE(everything(out), (QStringList{QStringLiteral("a.fits"), QStringLiteral("b.fits"), QStringLiteral("c.fits")}));

    // The placement itself: a file that appears after the look is never replaced.
    const QString temp = out + QStringLiteral("/temp");
    QVERIFY(writeAll(temp, "new"));
    const Placement p = placeWithoutOverwrite(temp, out + QStringLiteral("/a.fits"));
    QCOMPARE(p.outcome, Placement::Outcome::Different);
    QVERIFY(!QFileInfo::exists(temp));
    QVERIFY(!sameFileBytes(out + QStringLiteral("/a.fits"), out + QStringLiteral("/b.fits")));
    QVERIFY(!sameFileBytes(out + QStringLiteral("/missing"), out + QStringLiteral("/missing")));
}

void TstTarUnpack::damagedFitsIsNotKept()
{
    const QByteArray cut = m_simFits.left(m_simFits.size() - 2880);
    const QString tar = tarFile(fileMember("index.json", indexJson({QStringLiteral("a.fits"), QStringLiteral("b.fits")}))
                                    + fileMember("a.fits", cut) + fileMember("b.fits", m_simFits) + endOfArchive(),
                                QStringLiteral("damaged.tar"));
    const QString out = dir(QStringLiteral("damaged"));
    TarUnpackOptions options;
    options.verifyFile = fitsVerdict;
    const TarUnpackResult r = unpackExportTar(tar, out, options);
    QVERIFY(!r.ok);
    QCOMPARE(r.problems.size(), 1);
    QVERIFY2(r.problems.first().startsWith(QStringLiteral("\"a.fits\" from the tar is not sound, not kept: ")), qPrintable(problemsOf(r)));
    QCOMPARE(everything(out), QStringList{QStringLiteral("b.fits")});
}

void TstTarUnpack::duplicateAndEmptyMembers()
{
    const QString tar = tarFile(fileMember("index.json", indexJson({QStringLiteral("a.fits"), QStringLiteral("e.fits")}))
                                    + fileMember("a.fits", m_simFits) + fileMember("a.fits", "second, different")
                                    + fileMember("e.fits", "") + endOfArchive(),
                                QStringLiteral("dup.tar"));
    const QString out = dir(QStringLiteral("dup"));
    const TarUnpackResult r = unpackExportTar(tar, out, {});
    QVERIFY(!r.ok);
    QVERIFY2(anyProblemContains(r, QStringLiteral("Refused member \"a.fits\" of the tar (offset %1): a file of that name came earlier in the tar.")
                                       .arg(512 + 512 * ((indexJson({QStringLiteral("a.fits"), QStringLiteral("e.fits")}).size() + 511) / 512) + 512
                                            + 512 * ((m_simFits.size() + 511) / 512))),
             qPrintable(problemsOf(r)));
    QVERIFY(anyProblemContains(r, QStringLiteral("\"e.fits\" is empty in the tar")));
    QCOMPARE(readAll(out + QStringLiteral("/a.fits")), m_simFits);
    QCOMPARE(everything(out), QStringList{QStringLiteral("a.fits")});
}

void TstTarUnpack::cancelMidwayLeavesNothingHalfWritten()
{
    QByteArray big(5 << 20, '\0');
    for (qsizetype i = 0; i < big.size(); i += 4096)
        big[i] = char(i / 4096);
    const QString tar = tarFile(fileMember("index.json", indexJson({QStringLiteral("small"), QStringLiteral("big")}))
                                    + fileMember("small", "s") + fileMember("big", big) + endOfArchive(),
                                QStringLiteral("big.tar"));
    const QString out = dir(QStringLiteral("cancel"));
    std::atomic<bool> cancel = false;
    TarUnpackOptions options;
    options.cancel = &cancel;
    int calls = 0;
    bool sawTemporary = false;
    options.progress = [&](qint64 done, qint64) {
        // Two pieces into "big": its temporary exists, its final name does not.
        if (done > 3 * 1024 * 1024 && !cancel) {
            for (const QString &name : everything(out))
                sawTemporary = sawTemporary || name.startsWith(QLatin1String(".jsoc-untar-"));
            QVERIFY(!QFileInfo::exists(out + QStringLiteral("/big")));
            cancel = true;
        }
        ++calls;
    };
    const TarUnpackResult r = unpackExportTar(tar, out, options);
    QVERIFY(r.cancelled);
    QVERIFY(!r.ok);
    QVERIFY(sawTemporary);
    QCOMPARE(r.problems.size(), 1);
    QVERIFY2(r.problems.first().startsWith(QStringLiteral("Unpacking was cancelled in \"big\" at offset")), qPrintable(problemsOf(r)));
    QCOMPARE(everything(out), QStringList{QStringLiteral("small")});
    QVERIFY(calls >= 3);

    // Cancelled before the first member: nothing at all.
    std::atomic<bool> already = true;
    TarUnpackOptions early;
    early.cancel = &already;
    const TarUnpackResult e = unpackExportTar(tar, dir(QStringLiteral("cancel-early")), early);
    QVERIFY(e.cancelled);
    QCOMPARE(e.problems, QStringList{QStringLiteral("Unpacking was cancelled at offset 0 of the tar.")});
    QCOMPARE(everything(dir(QStringLiteral("cancel-early"))), QStringList{});
}

void TstTarUnpack::junkFilesAreRefusedInWords()
{
    const TarUnpackResult missing = unpackExportTar(dir(QStringLiteral("no-such.tar")), dir(QStringLiteral("junk")), {});
    QVERIFY(!missing.ok);
    QVERIFY(missing.problems.first().startsWith(QStringLiteral("Cannot open the tar ")));
    QVERIFY(writeAll(dir(QStringLiteral("a-file")), "x"));
    const TarUnpackResult notFolder = unpackExportTar(m_simTar, dir(QStringLiteral("a-file")), {});
    QVERIFY(notFolder.problems.first().startsWith(QStringLiteral("Cannot use the folder ")));
    const TarUnpackResult fits = unpackExportTar(tarFile(m_simFits, QStringLiteral("fits.tar")), dir(QStringLiteral("junk")), {});
    QVERIFY(!fits.ok);
    QVERIFY2(fits.summary().contains(QStringLiteral("fails its checksum")), qPrintable(fits.summary()));
    QCOMPARE(everything(dir(QStringLiteral("junk"))), QStringList{});
}

// Fuzz-regression style for the unpacker: mutated tars (seeded) never leave a temporary, never
// write beside the folder, and every file reported is really there; a failure always has words.
void TstTarUnpack::randomMutationsLeaveNothingStrayOnDisk()
{
    const QByteArray original = fileMember("index.json", indexJson({QStringLiteral("a.fits"), QStringLiteral("b")}))
                                + gnuLong("a.fits") + fileMember("x", m_simFits.left(3000))
                                + paxHeader(paxRecord("path", "b")) + fileMember("y", "bee") + header({"l", 0, '2', "../.."})
                                + endOfArchive();
    const QString root = dir(QStringLiteral("mutations"));
    QVERIFY(QDir().mkpath(root));
    QRandomGenerator random(4291);
    for (int round = 0; round < 300; ++round) {
        QByteArray tar = original;
        const int edits = int(random.bounded(6));
        for (int e = 0; e < edits; ++e)
            tar[int(random.bounded(tar.size()))] = char(random.bounded(256));
        if (random.bounded(3) == 0)
            tar.truncate(int(random.bounded(tar.size())));
        const QString path = root + QStringLiteral("/m.tar");
        QVERIFY(writeAll(path, tar));
        const QString out = root + QStringLiteral("/out%1").arg(round);
        const TarUnpackResult r = unpackExportTar(path, out, {});
        const QString context = QStringLiteral("round %1: %2").arg(round).arg(problemsOf(r));
        QVERIFY2(r.ok == r.problems.isEmpty(), qPrintable(context));
        QVERIFY2(everything(root) == (QStringList{QStringLiteral("m.tar"), QStringLiteral("out%1").arg(round)}), qPrintable(context));
        const QStringList present = everything(out);
        for (const QString &name : present)
            QVERIFY2(!name.startsWith(QLatin1String(".jsoc-untar-")), qPrintable(context));
        QCOMPARE(qsizetype(present.size()), r.files.size());
        for (const QString &file : r.files)
            QVERIFY2(QFileInfo(file).isFile() && QFileInfo(file).absolutePath() == QDir(out).absolutePath(), qPrintable(context));
        QDir(out).removeRecursively();
    }
}

QTEST_GUILESS_MAIN(TstTarUnpack)
#include "tst_tarunpack.moc"
