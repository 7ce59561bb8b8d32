// FitsFileCheck / FitsStructure: the download check reads a FITS file's own bytes. Its layout and
// sums are cross-checked against cfitsio (fits_get_hduaddrll, fits_verify_chksum) on the real
// samples and on files cfitsio writes here (compressed images, tables with a heap, checksums),
// then the check is shown to catch truncation, flipped bytes, trailing junk and absurd headers.
#include "model/fitsfile/FitsChecksum.h"
#include "model/fitsfile/FitsFileCheck.h"
#include "model/fitsfile/FitsStructure.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fitsio.h>

using namespace fits;
using Verdict = FitsFileCheck::Verdict;

namespace {

const QString kSamples = QStringLiteral(JSOC_SHARED_DIR "/fits-samples");

QByteArray card(const QByteArray &text)
{
    return text.leftJustified(80, ' ', true);
}

// A header from `cards` (END added, padded) followed by `data` padded with zeros.
QByteArray hdu(const QList<QByteArray> &cards, const QByteArray &data = {})
{
    QByteArray out;
    for (const QByteArray &c : cards)
        out += card(c);
    out += card("END");
    out += QByteArray((2880 - out.size() % 2880) % 2880, ' ');
    out += data;
    out += QByteArray((2880 - data.size() % 2880) % 2880, '\0');
    return out;
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

QStringList sampleFiles()
{
    QStringList out;
    for (const QFileInfo &fi : QDir(kSamples).entryInfoList({QStringLiteral("*.fits")}, QDir::Files, QDir::Name))
        out << fi.absoluteFilePath();
    return out;
}

// Every HDU, through cfitsio: (header start, data start, data end) and the checksum verdicts.
struct CfitsioView {
    QVector<std::array<qint64, 3>> addresses;
    QVector<int> dataStatus, hduStatus; // 1 verified, 0 no keyword, -1 wrong
    int status = 0;
};

CfitsioView cfitsioView(const QString &path)
{
    CfitsioView v;
    fitsfile *f = nullptr;
    fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &v.status);
    if (v.status)
        return v;
    int n = 0;
    fits_get_num_hdus(f, &n, &v.status);
    for (int i = 1; i <= n && v.status == 0; ++i) {
        int type = 0;
        fits_movabs_hdu(f, i, &type, &v.status);
        LONGLONG head = 0, data = 0, end = 0;
        fits_get_hduaddrll(f, &head, &data, &end, &v.status);
        v.addresses.push_back({qint64(head), qint64(data), qint64(end)});
        int ds = 0, hs = 0;
        fits_verify_chksum(f, &ds, &hs, &v.status);
        v.dataStatus << ds;
        v.hduStatus << hs;
    }
    int s = 0;
    fits_close_file(f, &s);
    return v;
}

// Adds DATASUM and CHECKSUM to every HDU of `path` with cfitsio.
bool addChecksums(const QString &path)
{
    fitsfile *f = nullptr;
    int status = 0;
    fits_open_diskfile(&f, QFile::encodeName(path).constData(), READWRITE, &status);
    int n = 0;
    fits_get_num_hdus(f, &n, &status);
    for (int i = 1; i <= n && status == 0; ++i) {
        int type = 0;
        fits_movabs_hdu(f, i, &type, &status);
        fits_write_chksum(f, &status);
    }
    fits_close_file(f, &status);
    return status == 0;
}

// An empty primary, a Rice-compressed int16 image (as JSOC exports), a binary table with a
// variable-length column (a heap behind the rows) and a float image extension.
bool writeMixedFile(const QString &path)
{
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    fits_set_compression_type(f, RICE_1, &status);
    long axes[2] = {300, 200};
    fits_create_img(f, SHORT_IMG, 2, axes, &status);
    std::vector<short> pixels(300 * 200);
    for (std::size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = short((i * 37) % 2000 - 1000);
    fits_write_img(f, TSHORT, 1, LONGLONG(pixels.size()), pixels.data(), &status);
    fits_set_compression_type(f, 0, &status);
    char *names[] = {const_cast<char *>("TIME"), const_cast<char *>("SAMPLES")};
    char *forms[] = {const_cast<char *>("1D"), const_cast<char *>("1PJ")};
    fits_create_tbl(f, BINARY_TBL, 0, 2, names, forms, nullptr, "EVENTS", &status);
    for (int row = 1; row <= 5; ++row) {
        double t = row * 1.5;
        std::vector<int> samples(row * 7, row);
        fits_write_col(f, TDOUBLE, 1, row, 1, 1, &t, &status);
        fits_write_col(f, TINT, 2, row, 1, LONGLONG(samples.size()), samples.data(), &status);
    }
    long fa[1] = {1001};
    fits_create_img(f, FLOAT_IMG, 1, fa, &status);
    std::vector<float> values(1001, 2.5f);
    fits_write_img(f, TFLOAT, 1, 1001, values.data(), &status);
    fits_close_file(f, &status);
    return status == 0;
}

QByteArray primary(const QList<QByteArray> &axes, int bitpix = 8)
{
    QList<QByteArray> cards{"SIMPLE  =                    T", "BITPIX  = " + QByteArray::number(bitpix).rightJustified(20),
                            "NAXIS   = " + QByteArray::number(axes.size()).rightJustified(20)};
    for (int i = 0; i < axes.size(); ++i)
        cards << ("NAXIS" + QByteArray::number(i + 1)).leftJustified(8) + "= " + axes[i].rightJustified(20);
    return hdu(cards);
}

} // namespace

class TestFitsFileCheck final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void samplesAreSoundAndLaidOutAsCfitsioSees();
    void cfitsioChecksumsVerify();
    void randomGroupsAreSized();
    void truncatedCopies();
    void flippedBytesAreMismatches();
    void trailingBytesAreDamage();
    void notFits();
    void absurdSizesAreDamageNotWraps();
    void blankAndZeroChecksumsMeanNotComputed();
    void unreadable();
    void onesComplementSum();
    void readsNearDiskSpeed();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestFitsFileCheck::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(sampleFiles().size() >= 2, qPrintable(kSamples));
    QVERIFY(writeMixedFile(path(QStringLiteral("mixed.fits"))));
}

void TestFitsFileCheck::samplesAreSoundAndLaidOutAsCfitsioSees()
{
    QStringList files = sampleFiles();
    files << path(QStringLiteral("mixed.fits"));
    for (const QString &file : files) {
        const FitsFileCheck check = FitsFileCheck::verify(file);
        QVERIFY2(check.isSound(), qPrintable(file + QStringLiteral(": ") + check.problem));
        QVERIFY(FitsFileCheck::looksLikeFits(file));
        const FitsStructure s = FitsStructure::scanFile(file);
        QVERIFY2(s.isWhole(), qPrintable(s.problem));
        const CfitsioView cf = cfitsioView(file);
        QCOMPARE(cf.status, 0);
        QCOMPARE(s.hdus.size(), cf.addresses.size());
        QCOMPARE(check.hdus, int(cf.addresses.size()));
        for (int i = 0; i < s.hdus.size(); ++i) {
            QCOMPARE(s.hdus[i].headerStart, cf.addresses[i][0]);
            QCOMPARE(s.hdus[i].dataStart, cf.addresses[i][1]);
            QCOMPARE(s.hdus[i].dataEnd(), cf.addresses[i][2]);
        }
        QCOMPARE(s.hdus.back().dataEnd(), QFileInfo(file).size());
    }
    // The mixed file: the compressed image and the table are BINTABLEs with a heap.
    const FitsStructure mixed = FitsStructure::scanFile(path(QStringLiteral("mixed.fits")));
    QCOMPARE(mixed.hdus.size(), 4);
    QCOMPARE(mixed.hdus[1].xtension, QByteArray("BINTABLE"));
    QCOMPARE(mixed.hdus[1].logical("ZIMAGE"), std::optional<bool>(true));
    QVERIFY(mixed.hdus[1].pcount > 0);
    QVERIFY(mixed.hdus[2].pcount > 0);
    QCOMPARE(mixed.hdus[2].value("EXTNAME"), std::optional<QByteArray>("EVENTS"));
}

void TestFitsFileCheck::cfitsioChecksumsVerify()
{
    QStringList files = sampleFiles();
    files << path(QStringLiteral("mixed.fits"));
    for (const QString &source : files) {
        const QString copy = path(QStringLiteral("summed-") + QFileInfo(source).fileName());
        QFile::remove(copy);
        QVERIFY(QFile::copy(source, copy));
        QFile(copy).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QVERIFY(addChecksums(copy));
        const CfitsioView cf = cfitsioView(copy);
        for (int i = 0; i < cf.dataStatus.size(); ++i) {
            QCOMPARE(cf.dataStatus[i], 1);
            QCOMPARE(cf.hduStatus[i], 1);
        }
        const FitsFileCheck check = FitsFileCheck::verify(copy);
        QVERIFY2(check.isSound(), qPrintable(copy + QStringLiteral(": ") + check.problem));
        QCOMPARE(check.checksummedHdus, int(cf.dataStatus.size()));
        QCOMPARE(check.checksummedHdus, check.hdus);
    }
}

void TestFitsFileCheck::randomGroupsAreSized()
{
    // 3 groups of 2 parameters + a 4 × 5 int16 array each: 2 × 3 × (2 + 20) = 132 bytes.
    QByteArray data(132, '\0');
    const QByteArray bytes = hdu({"SIMPLE  =                    T", "BITPIX  =                   16",
                                  "NAXIS   =                    3", "NAXIS1  =                    0",
                                  "NAXIS2  =                    4", "NAXIS3  =                    5",
                                  "GROUPS  =                    T", "PCOUNT  =                    2",
                                  "GCOUNT  =                    3"},
                                 data);
    const QString file = path(QStringLiteral("groups.fits"));
    QVERIFY(writeAll(file, bytes));
    const FitsStructure s = FitsStructure::scanFile(file);
    QVERIFY2(s.isWhole(), qPrintable(s.problem));
    QVERIFY(s.hdus[0].randomGroups);
    QCOMPARE(s.hdus[0].dataBytes, qint64(132));
    const CfitsioView cf = cfitsioView(file);
    QCOMPARE(cf.status, 0);
    QCOMPARE(s.hdus[0].dataEnd(), cf.addresses[0][2]);
    QVERIFY(FitsFileCheck::verify(file).isSound());
}

void TestFitsFileCheck::truncatedCopies()
{
    const QByteArray whole = readAll(path(QStringLiteral("mixed.fits")));
    const FitsStructure s = FitsStructure::scanBytes(whole);
    QVERIFY(s.isWhole());
    // Inside the first header, just after a header (no data yet), inside data,
    // one byte short of the end (the last padding block's last byte).
    const QList<qint64> cuts{100, 2000, s.hdus[1].dataStart, s.hdus[1].dataStart + 1000, s.hdus[2].headerStart + 80,
                             whole.size() - 1, whole.size() - 2880};
    for (qint64 cut : cuts) {
        const QString file = path(QStringLiteral("cut.fits"));
        QVERIFY(writeAll(file, whole.left(cut)));
        const FitsFileCheck check = FitsFileCheck::verify(file);
        QVERIFY2(check.verdict == Verdict::Truncated, qPrintable(QString::number(cut) + QStringLiteral(": ") + check.problem));
        QVERIFY(check.problem.contains(QStringLiteral("ends")));
    }
}

void TestFitsFileCheck::flippedBytesAreMismatches()
{
    const QString summed = path(QStringLiteral("summed-mixed.fits"));
    if (!QFileInfo::exists(summed))
        QSKIP("needs cfitsioChecksumsVerify");
    const QByteArray whole = readAll(summed);
    const FitsStructure s = FitsStructure::scanBytes(whole);
    QVERIFY(s.isWhole());
    struct Flip { qint64 at; const char *what; };
    const QList<Flip> flips{{s.hdus[1].dataStart + 17, "DATASUM"},          // compressed image bytes
                            {s.hdus[2].dataStart + s.hdus[2].dataBytes - 3, "DATASUM"}, // table heap
                            {s.hdus[3].dataStart + 4000, "DATASUM"},       // float data
                            {s.hdus[0].headerStart + 80 * 3 + 40, "CHECKSUM"}}; // a header comment
    for (const Flip &flip : flips) {
        QByteArray bytes = whole;
        bytes[flip.at] = char(bytes[flip.at] ^ 0x10);
        const QString file = path(QStringLiteral("flipped.fits"));
        QVERIFY(writeAll(file, bytes));
        const FitsFileCheck check = FitsFileCheck::verify(file);
        QVERIFY2(check.verdict == Verdict::ChecksumMismatch, qPrintable(check.problem));
        QVERIFY2(check.problem.contains(QLatin1String(flip.what)), qPrintable(check.problem));
        // cfitsio agrees that something is wrong in that HDU.
        const CfitsioView cf = cfitsioView(file);
        bool cfitsioFlags = false;
        for (int i = 0; i < cf.hduStatus.size(); ++i)
            cfitsioFlags = cfitsioFlags || cf.hduStatus[i] == -1 || cf.dataStatus[i] == -1;
        QVERIFY(cfitsioFlags);
    }
}

void TestFitsFileCheck::trailingBytesAreDamage()
{
    const QByteArray whole = readAll(kSamples + QStringLiteral("/aia_171_level1.fits"));
    for (const QByteArray &junk : {QByteArray("\n"), QByteArray(2880, '\0'), QByteArray("<html>not found</html>"),
                                   QByteArray(5000, 'x')}) {
        const QString file = path(QStringLiteral("junk.fits"));
        QVERIFY(writeAll(file, whole + junk));
        const FitsFileCheck check = FitsFileCheck::verify(file);
        QVERIFY2(check.verdict == Verdict::Damaged, qPrintable(check.problem));
        QVERIFY2(check.problem.contains(QStringLiteral("follow the last HDU")), qPrintable(check.problem));
    }
}

void TestFitsFileCheck::notFits()
{
    const QString text = path(QStringLiteral("text.fits"));
    QVERIFY(writeAll(text, QByteArray("This is a plain text file that only pretends to be FITS by its name.\n").repeated(100)));
    QCOMPARE(FitsFileCheck::verify(text).verdict, Verdict::NotFits);
    QVERIFY(!FitsFileCheck::looksLikeFits(text));
    const QString small = path(QStringLiteral("small.fits"));
    QVERIFY(writeAll(small, QByteArray("thirty-six bytes of text, no header\n")));
    QCOMPARE(QFileInfo(small).size(), qint64(36));
    QCOMPARE(FitsFileCheck::verify(small).verdict, Verdict::NotFits);
    const QString empty = path(QStringLiteral("empty.fits"));
    QVERIFY(writeAll(empty, QByteArray()));
    QCOMPARE(FitsFileCheck::verify(empty).verdict, Verdict::NotFits);
    // A FITS start cut short is a truncated FITS file, not "not FITS".
    const QString start = path(QStringLiteral("start.fits"));
    QVERIFY(writeAll(start, QByteArray("SIMPLE  =                    T")));
    QVERIFY(FitsFileCheck::looksLikeFits(start));
    QCOMPARE(FitsFileCheck::verify(start).verdict, Verdict::Truncated);
}

void TestFitsFileCheck::absurdSizesAreDamageNotWraps()
{
    const QList<QList<QByteArray>> claims{
        {"4611686018427387904"},                          // 2^62 bytes
        {"4611686018427387904", "4"},                     // 2^64: wraps to 0 in 64 bits
        {"9223372036854775807", "9223372036854775807"},   // the largest int64, squared
        {"99999999999999999999"},                         // not even an int64
        {"-5"},
    };
    for (const QList<QByteArray> &axes : claims) {
        const QString file = path(QStringLiteral("absurd.fits"));
        QVERIFY(writeAll(file, primary(axes, 16)));
        const FitsFileCheck check = FitsFileCheck::verify(file);
        QVERIFY2(check.verdict == Verdict::Damaged, qPrintable(axes.join(' ') + ": " + check.problem.toUtf8()));
    }
    // BITPIX that is not a FITS type; NAXIS beyond 999; mandatory keywords out of order.
    QVERIFY(writeAll(path(QStringLiteral("bitpix.fits")), primary({"10"}, 12)));
    QCOMPARE(FitsFileCheck::verify(path(QStringLiteral("bitpix.fits"))).verdict, Verdict::Damaged);
    QVERIFY(writeAll(path(QStringLiteral("naxis.fits")), hdu({"SIMPLE  =                    T", "BITPIX  =                    8",
                                                             "NAXIS   =                 1000"})));
    QCOMPARE(FitsFileCheck::verify(path(QStringLiteral("naxis.fits"))).verdict, Verdict::Damaged);
    QVERIFY(writeAll(path(QStringLiteral("order.fits")), hdu({"SIMPLE  =                    T", "NAXIS   =                    0",
                                                             "BITPIX  =                    8"})));
    QCOMPARE(FitsFileCheck::verify(path(QStringLiteral("order.fits"))).verdict, Verdict::Damaged);
    // A header without END that runs into the end of the file is cut short.
    QByteArray noEnd;
    for (const char *c : {"SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0"})
        noEnd += card(c);
    noEnd += QByteArray(2880 - noEnd.size(), ' ');
    QVERIFY(writeAll(path(QStringLiteral("noend.fits")), noEnd));
    QCOMPARE(FitsFileCheck::verify(path(QStringLiteral("noend.fits"))).verdict, Verdict::Truncated);
    // A real claim that exceeds the file is a short file.
    QVERIFY(writeAll(path(QStringLiteral("short.fits")), primary({"4096", "4096"}, 16)));
    QCOMPARE(FitsFileCheck::verify(path(QStringLiteral("short.fits"))).verdict, Verdict::Truncated);
}

void TestFitsFileCheck::blankAndZeroChecksumsMeanNotComputed()
{
    const QByteArray data(8, '\x01');
    const QByteArray bytes = hdu({"SIMPLE  =                    T", "BITPIX  =                    8",
                                  "NAXIS   =                    1", "NAXIS1  =                    8",
                                  "CHECKSUM= '0000000000000000'", "DATASUM = '          '"},
                                 data);
    QVERIFY(writeAll(path(QStringLiteral("zeros.fits")), bytes));
    const FitsFileCheck check = FitsFileCheck::verify(path(QStringLiteral("zeros.fits")));
    QVERIFY2(check.isSound(), qPrintable(check.problem));
    QCOMPARE(check.checksummedHdus, 0);
    // A DATASUM that is no number is not a match.
    QByteArray unknown = bytes;
    unknown.replace("DATASUM = '          '", "DATASUM = 'UNKNOWN   '");
    QVERIFY(writeAll(path(QStringLiteral("unknown.fits")), unknown));
    QCOMPARE(FitsFileCheck::verify(path(QStringLiteral("unknown.fits"))).verdict, Verdict::ChecksumMismatch);
    // The right DATASUM: 8 bytes of 0x01 are the words 0x01010101 twice.
    QByteArray right = bytes;
    right.replace("DATASUM = '          '", "DATASUM = '33686018  '");
    QVERIFY(writeAll(path(QStringLiteral("right.fits")), right));
    const FitsFileCheck rightCheck = FitsFileCheck::verify(path(QStringLiteral("right.fits")));
    QVERIFY2(rightCheck.isSound(), qPrintable(rightCheck.problem));
    QCOMPARE(rightCheck.checksummedHdus, 1);
}

void TestFitsFileCheck::unreadable()
{
    const FitsFileCheck check = FitsFileCheck::verify(path(QStringLiteral("no-such-file.fits")));
    QCOMPARE(check.verdict, Verdict::Unreadable);
    QVERIFY(!check.problem.isEmpty());
    QVERIFY(!FitsFileCheck::looksLikeFits(path(QStringLiteral("no-such-file.fits"))));
}

void TestFitsFileCheck::onesComplementSum()
{
    // End-around carry: 0xFFFFFFFF + 0x00000002 = 0x00000002 (carry 1 added back to 1).
    const char words[] = {'\xFF', '\xFF', '\xFF', '\xFF', 0, 0, 0, 2};
    QCOMPARE(FitsChecksum::add(0, words, 8), quint32(2));
    QCOMPARE(FitsChecksum::combine(0xFFFFFFFFu, 1), quint32(1));
    // Chunked and whole sums agree, at any split on a word boundary.
    QByteArray bytes(4 * 1001, '\0');
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 131 + 7) & 0xFF);
    const quint32 whole = FitsChecksum::add(0, bytes.constData(), bytes.size());
    for (int split : {4, 12, 400, 2000, 4000}) {
        const quint32 parts = FitsChecksum::add(FitsChecksum::add(0, bytes.constData(), split), bytes.constData() + split,
                                                bytes.size() - split);
        QCOMPARE(parts, whole);
    }
}

void TestFitsFileCheck::readsNearDiskSpeed()
{
    // 96 MiB of int32 data with checksums: report the rate (the page cache is what is measured
    // on a second read; the figure is for the record, not an assertion of a machine's speed).
    const QString file = path(QStringLiteral("big.fits"));
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(file).constData(), &status);
    long axes[2] = {4096, 6144};
    fits_create_img(f, LONG_IMG, 2, axes, &status);
    std::vector<int> row(4096);
    for (long y = 0; y < axes[1] && status == 0; ++y) {
        for (int x = 0; x < 4096; ++x)
            row[x] = int(x * 2654435761u + y);
        fits_write_img(f, TINT, y * 4096 + 1, 4096, row.data(), &status);
    }
    fits_write_chksum(f, &status);
    fits_close_file(f, &status);
    QCOMPARE(status, 0);
    (void)FitsFileCheck::verify(file); // warm the page cache
    QElapsedTimer timer;
    timer.start();
    const FitsFileCheck check = FitsFileCheck::verify(file);
    const double seconds = std::max<qint64>(timer.nsecsElapsed(), 1) / 1e9;
    QVERIFY2(check.isSound(), qPrintable(check.problem));
    QCOMPARE(check.checksummedHdus, 1);
    qInfo("verified %.0f MiB in %.3f s: %.0f MiB/s", QFileInfo(file).size() / 1048576.0, seconds,
          QFileInfo(file).size() / 1048576.0 / seconds);
    QFile::remove(file);
}

QTEST_GUILESS_MAIN(TestFitsFileCheck)
#include "tst_fits_filecheck.moc"
