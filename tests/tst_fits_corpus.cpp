// FITS files "from anywhere" (tests/support/FitsCorpus: gzip, .Z, .zip, .bz2, every BITPIX, every tile
// compression with BSCALE/BZERO, dithered floats, images after tables, tables, light curves and
// hostile files) opened through FitsLoader. Pixel values are checked against the values the
// generator wrote (exact when lossless) and against cfitsio's own imcopy, the referee of "cfitsio
// reads it": imcopy decompresses the HDU to a plain file that cfitsio's fits_read_img reads back.
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsTable.h"
#include "model/fits/FitsTableModel.h"
#include "model/fits/FitsTableTime.h"
#include "support/FitsCorpus.h"
#include "support/FitsTestFiles.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fitsio.h>

#include <cmath>

using namespace fits;
using namespace testsupport;

namespace {

// cfitsio's own reading of HDU `hdu` (extended file name syntax: it inflates .gz and decompresses
// tiles itself), scaling applied, as doubles.
std::vector<double> refereePixels(const QString &path, int hdu, QString *why)
{
    fitsfile *f = nullptr;
    int status = 0;
    fits_open_file(&f, QFile::encodeName(QStringLiteral("%1[%2]").arg(path).arg(hdu)).constData(), READONLY, &status);
    long axes[2] = {0, 0};
    fits_get_img_size(f, 2, axes, &status);
    std::vector<double> values(std::size_t(std::max(0L, axes[0])) * std::size_t(std::max(0L, axes[1])));
    double nullValue = NAN;
    int anyNull = 0;
    fits_read_img(f, TDOUBLE, 1, LONGLONG(values.size()), &nullValue, values.data(), &anyNull, &status);
    int closeStatus = 0;
    fits_close_file(f, &closeStatus);
    if (status) {
        *why = QStringLiteral("cfitsio status %1 reading %2").arg(status).arg(path);
        return {};
    }
    return values;
}

// cfitsio's imcopy, as a user would run it: 'file[hdu]' to a plain FITS file. True when it reads it.
bool imcopyReads(const QString &path, int hdu, const QString &scratch, QString *why)
{
    const QString out = scratch + QStringLiteral("/imcopy-out.fits");
    QFile::remove(out);
    QProcess imcopy;
    imcopy.start(QStringLiteral("imcopy"), {QStringLiteral("%1[%2]").arg(path).arg(hdu), out});
    if (!imcopy.waitForFinished(60000) || imcopy.exitCode() != 0) {
        *why = QStringLiteral("imcopy failed: ") + QString::fromLocal8Bit(imcopy.readAllStandardError() + imcopy.readAllStandardOutput());
        return false;
    }
    return true;
}

} // namespace

class TestFitsCorpus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void imagesOpen_data();
    void imagesOpen();
    void imageAfterTable();
    void truncatedLaterHduOpensTheRest();
    void hostileFilesSayWhy_data();
    void hostileFilesSayWhy();
    void gzipBombIsRefusedInWords();
    void filesFromCompressItselfOpen_data();
    void filesFromCompressItselfOpen();
    void filesFromZipItselfOpen_data();
    void filesFromZipItselfOpen();
    void zipArchivesAreWellFormed_data();
    void zipArchivesAreWellFormed();
    void damagedContainersSayWhy_data();
    void damagedContainersSayWhy();
    void containerBombsAreRefusedInWords_data();
    void containerBombsAreRefusedInWords();
    void manyCardsOpenBounded();
    void tableOnlyFileSaysWhatItHolds();
    void binaryTableReads();
    void asciiTableReads();
    void tableRowsAreCappedInWords();
    void tableClaimingAbillionRowsSaysSo();
    void lightCurveTimes_data();
    void lightCurveTimes();
    void tableModelShowsCells();
    void timeAxisOfHandMadeTables();
    void imageHduIsNotATable();

private:
    QString at(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    QTemporaryDir m_scratch;
};

void TestFitsCorpus::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("imcopy")).isEmpty(),
             "imcopy (libcfitsio-bin, scripts/install-deps.sh) is the referee");
    const QString failure = writeFitsCorpus(m_dir.path());
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    // The fuzz run's seeds (tests/fuzz/build_fuzzer.sh): the same files, kept in a folder of one's choosing.
    if (const QString keep = qEnvironmentVariable("JSOC_FITS_CORPUS_OUT"); !keep.isEmpty())
        QVERIFY(writeFitsCorpus(keep).isEmpty());
}

void TestFitsCorpus::imagesOpen_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("hdu");        // where the image is (imcopy's extension number)
    QTest::addColumn<int>("bitpix");
    QTest::addColumn<double>("tolerance"); // 0: lossless, the written values exactly
    // The file imcopy and cfitsio read as the referee: the same one, except where cfitsio 4.2
    // cannot (it decodes .Z and .bz2 only under those names, and inflates zip no longer): there
    // the plain file the container holds (and zipArchivesAreWellFormed checks the zip itself).
    QTest::addColumn<QString>("referee");
    for (int bitpix : {8, 16, 32, 64, -32, -64})
        QTest::newRow(corpus::bitpixName(bitpix)) << QString::fromLatin1(corpus::bitpixName(bitpix)) << 0 << bitpix << 0.0 << QString();
    QTest::newRow("scaled int16") << QString::fromLatin1(corpus::kScaled16) << 0 << 16 << 0.0 << QString();
    QTest::newRow("uint16") << QString::fromLatin1(corpus::kUnsigned16) << 0 << 16 << 0.0 << QString();
    QTest::newRow("gzip float") << QString::fromLatin1(corpus::kGzip) << 0 << -32 << 0.0 << QString();
    QTest::newRow("gzip .fts int16") << QString::fromLatin1(corpus::kGzipFts) << 0 << 16 << 0.0 << QString();
    QTest::newRow("compress .Z float") << QString::fromLatin1(corpus::kCompressFloat) << 0 << -32 << 0.0 << QString();
    QTest::newRow("compress .Z 10-bit int16") << QString::fromLatin1(corpus::kCompressScaled) << 0 << 16 << 0.0 << QString();
    QTest::newRow(".Z under a plain name") << QString::fromLatin1(corpus::kCompressNamedPlain) << 0 << -32 << 0.0
                                            << QString::fromLatin1(corpus::bitpixName(-32));
    QTest::newRow("zip deflated int16") << QString::fromLatin1(corpus::kZipDeflate) << 0 << 16 << 0.0
                                           << QString::fromLatin1(corpus::kScaled16);
    QTest::newRow("zip stored float") << QString::fromLatin1(corpus::kZipStored) << 0 << -32 << 0.0
                                         << QString::fromLatin1(corpus::bitpixName(-32));
    QTest::newRow("bzip2 float") << QString::fromLatin1(corpus::kBzip2) << 0 << -32 << 0.0 << QString();
    for (const QString &c : corpusTileCompressions())
        QTest::newRow(qPrintable(c)) << tileCompressedName(c) << 1 << 16 << 0.0 << QString();
    // Quantised floats, q = 16: cfitsio's noise estimate of this image (a ±40 checkerboard) makes
    // its step about 2.5, so a value is within 1.3 of the one written (half a step).
    QTest::newRow("gzip'd Rice file") << QString::fromLatin1(corpus::kGzipTiles) << 1 << 16 << 0.0 << QString();
    QTest::newRow("float BZERO rice") << QString::fromLatin1(corpus::kFloatBzero) << 1 << -32 << 1.3 << QString();
    QTest::newRow("dither 1") << QString::fromLatin1(corpus::kDither1) << 1 << -32 << 1.3 << QString();
    QTest::newRow("dither 2") << QString::fromLatin1(corpus::kDither2) << 1 << -32 << 1.3 << QString();
}

void TestFitsCorpus::imagesOpen()
{
    QFETCH(QString, name);
    QFETCH(int, hdu);
    QFETCH(int, bitpix);
    QFETCH(double, tolerance);
    QFETCH(QString, referee);
    const QString refereePath = at(referee.isEmpty() ? name : referee);
    const FitsLoadResult r = FitsLoader::load(at(name));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.hduIndex, hdu);
    QCOMPARE(r.image.bitpix, bitpix);
    QCOMPARE(r.image.width, kCorpusWidth);
    QCOMPARE(r.image.height, kCorpusHeight);
    QString why;
    // imcopy (cfitsio 4.2) refuses BITPIX 64 images ("illegal datatype code value"): the library reads them.
    if (bitpix != 64)
        QVERIFY2(imcopyReads(refereePath, hdu, m_scratch.path(), &why), qPrintable(why));
    const std::vector<double> cfitsioPixels = refereePixels(refereePath, hdu, &why);
    QVERIFY2(cfitsioPixels.size() == r.image.pixels.size(), qPrintable(why));
    const bool dithered = tolerance > 0;
    for (int y = 0; y < kCorpusHeight; ++y) {
        for (int x = 0; x < kCorpusWidth; ++x) {
            const std::size_t i = std::size_t(y) * kCorpusWidth + x;
            const float got = r.image.pixels[i];
            // cfitsio's own reading, to float precision (the viewer holds floats).
            if (std::abs(double(got) - cfitsioPixels[i]) > 1e-6 * std::max(1.0, std::abs(cfitsioPixels[i])))
                QFAIL(qPrintable(QStringLiteral("(%1, %2): %3, imcopy says %4").arg(x).arg(y).arg(got).arg(cfitsioPixels[i])));
            // What was written (with its noise, for the quantised files).
            const double written = dithered ? noisyCorpusPixel(x, y) : corpusPixel(x, y);
            const double allowed = dithered ? tolerance : 0.0;
            if (std::abs(double(got) - written) > allowed)
                QFAIL(qPrintable(QStringLiteral("(%1, %2): %3, written %4").arg(x).arg(y).arg(got).arg(written)));
        }
    }
}

void TestFitsCorpus::imageAfterTable()
{
    const FitsLoadResult r = FitsLoader::load(at(QString::fromLatin1(corpus::kImageAfterTable)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.hduIndex, 2);
    QCOMPARE(r.image.hdus.size(), 3);
    QCOMPARE(r.image.hdus[1].kind, QStringLiteral("binary table"));
    QCOMPARE(r.image.hdus[1].summary, QStringLiteral("3 columns × 5 rows"));
    QCOMPARE(r.image.pixels[3 * kCorpusWidth + 7], float(corpusPixel(7, 3)));
}

void TestFitsCorpus::truncatedLaterHduOpensTheRest()
{
    const QString path = at(QString::fromLatin1(corpus::kTruncatedLater));
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.hduIndex, 0);
    QCOMPARE(r.image.pixels[5 * kCorpusWidth + 9], float(corpusPixel(9, 5)));
    QVERIFY2(r.warning.contains(QStringLiteral("HDU 1")), qPrintable(r.warning));
    QVERIFY2(r.warning.contains(QStringLiteral("the file ends at byte 12520")), qPrintable(r.warning));
    // The damaged HDU itself: words, not pixels.
    FitsLoadOptions second;
    second.hdu = 1;
    const FitsLoadResult r1 = FitsLoader::load(path, second);
    QVERIFY(!r1.ok());
    QVERIFY2(r1.error.contains(QStringLiteral("truncated")), qPrintable(r1.error));
    // The header listing shows both.
    QString error;
    const QVector<FitsHduInfo> headers = FitsLoader::readHeaders(path, &error);
    QCOMPARE(headers.size(), 2);
}

void TestFitsCorpus::hostileFilesSayWhy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("words");
    QTest::newRow("corrupt tile") << QString::fromLatin1(corpus::kCorruptTile) << QStringLiteral("HDU 1 is damaged: Rice-compressed tile");
    QTest::newRow("corrupt GZIP_1 tile") << QString::fromLatin1(corpus::kCorruptGzipTile) << QStringLiteral("HDU 1 cannot be read");
    QTest::newRow("corrupt HCOMPRESS_1 tile") << QString::fromLatin1(corpus::kCorruptHcompressTile) << QStringLiteral("HDU 1 cannot be read");
    QTest::newRow("NAXIS1 2^31") << QString::fromLatin1(corpus::kHugeNaxis) << QStringLiteral("2147483648");
}

void TestFitsCorpus::hostileFilesSayWhy()
{
    QFETCH(QString, name);
    QFETCH(QString, words);
    QElapsedTimer clock;
    clock.start();
    const FitsLoadResult r = FitsLoader::load(at(name));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(words), qPrintable(r.error));
    QVERIFY2(clock.elapsed() < 10000, "a hostile file must not hang the loader");
}

void TestFitsCorpus::gzipBombIsRefusedInWords()
{
    const QString path = at(QString::fromLatin1(corpus::kGzipBomb));
    QVERIFY(QFileInfo(path).size() < 1 << 20);
    FitsLoadOptions small;
    small.maxInflatedBytes = 16 << 20;
    const FitsLoadResult r = FitsLoader::load(path, small);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("16 MiB")), qPrintable(r.error));
    QString error;
    QVERIFY(FitsLoader::readHeaders(path, &error, nullptr, small.maxInflatedBytes).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("16 MiB")), qPrintable(error));
    // Under the default cap it is a legal 8192 × 8192 image of zeros.
    const FitsLoadResult whole = FitsLoader::load(path);
    QVERIFY2(whole.ok(), qPrintable(whole.error));
    QCOMPARE(whole.image.width, 8192);
    QCOMPARE(whole.image.pixels[8192 * 4000 + 17], 0.0f);
}

void TestFitsCorpus::filesFromCompressItselfOpen_data()
{
    QTest::addColumn<int>("bits");
    for (int bits : {9, 10, 12, 16})
        QTest::newRow(qPrintable(QStringLiteral("compress -b %1").arg(bits))) << bits;
}

// Debian's compress(1) (ncompress), beside the corpus's own encoder, on the 8 MB file of 100 000
// cards: its CLEARs come from its compression-ratio check, not only from a full table. 9-bit
// files, which cfitsio and gzip cannot decode, are refused in words.
void TestFitsCorpus::filesFromCompressItselfOpen()
{
    QFETCH(int, bits);
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("compress")).isEmpty(), "compress (ncompress, scripts/install-deps.sh)");
    const QString path = m_scratch.filePath(QStringLiteral("ncompress-%1.fits.Z").arg(bits));
    QProcess compress;
    compress.setStandardOutputFile(path);
    compress.start(QStringLiteral("compress"), {QStringLiteral("-b"), QString::number(bits), QStringLiteral("-c"),
                                                at(QString::fromLatin1(corpus::kManyCards))});
    QVERIFY(compress.waitForFinished(60000) && compress.exitCode() == 0);
    const FitsLoadResult r = FitsLoader::load(path);
    if (bits == 9) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("9-bit codes")), qPrintable(r.error));
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY2(r.warning.isEmpty(), qPrintable(r.warning));
    QString why;
    QVERIFY2(imcopyReads(path, 0, m_scratch.path(), &why), qPrintable(why));
    for (int y = 0; y < kCorpusHeight; ++y) {
        for (int x = 0; x < kCorpusWidth; ++x) {
            if (r.image.pixels[std::size_t(y) * kCorpusWidth + x] != float(corpusPixel(x, y)))
                QFAIL(qPrintable(QStringLiteral("(%1, %2) differs").arg(x).arg(y)));
        }
    }
}

void TestFitsCorpus::filesFromZipItselfOpen_data()
{
    QTest::addColumn<QStringList>("arguments"); // zip's, before the archive's name
    QTest::addColumn<bool>("fromStdin");
    QTest::newRow("deflated") << QStringList{QStringLiteral("-q")} << false;
    QTest::newRow("stored") << QStringList{QStringLiteral("-q"), QStringLiteral("-0")} << false;
    // From a pipe: zip writes 0xffffffff sizes and a zip64 extra field in the local header; only the
    // central directory holds the real ones.
    QTest::newRow("streamed") << QStringList{QStringLiteral("-q")} << true;
}

// Debian's zip(1), beside the corpus's own writer.
void TestFitsCorpus::filesFromZipItselfOpen()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, fromStdin);
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("zip")).isEmpty(), "zip (scripts/install-deps.sh)");
    const QString plain = at(QString::fromLatin1(corpus::kScaled16));
    const QString path = m_scratch.filePath(QStringLiteral("zip-%1.zip").arg(QString::fromLatin1(QTest::currentDataTag())));
    QFile::remove(path);
    QProcess zip;
    if (fromStdin) {
        zip.setStandardInputFile(plain);
        zip.start(QStringLiteral("zip"), arguments << path << QStringLiteral("-"));
    } else {
        zip.start(QStringLiteral("zip"), arguments << QStringLiteral("-j") << path << plain);
    }
    QVERIFY(zip.waitForFinished(60000) && zip.exitCode() == 0);
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.width, kCorpusWidth);
    for (int y = 0; y < kCorpusHeight; ++y) {
        for (int x = 0; x < kCorpusWidth; ++x) {
            if (r.image.pixels[std::size_t(y) * kCorpusWidth + x] != float(corpusPixel(x, y)))
                QFAIL(qPrintable(QStringLiteral("(%1, %2) differs").arg(x).arg(y)));
        }
    }
}

void TestFitsCorpus::zipArchivesAreWellFormed_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("plain");
    QTest::newRow("deflated") << QString::fromLatin1(corpus::kZipDeflate) << QString::fromLatin1(corpus::kScaled16);
    QTest::newRow("stored") << QString::fromLatin1(corpus::kZipStored) << QString::fromLatin1(corpus::bitpixName(-32));
}

// Debian's cfitsio 4.2 no longer unzips (imcopy says "error uncompressing image" even for a file
// made by zip(1)): Python's zipfile, with its CRC test, referees the archives instead.
void TestFitsCorpus::zipArchivesAreWellFormed()
{
    QFETCH(QString, name);
    QFETCH(QString, plain);
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import sys, zipfile\n"
                                 "z = zipfile.ZipFile(sys.argv[1])\n"
                                 "assert z.testzip() is None and len(z.infolist()) == 1\n"
                                 "sys.stdout.buffer.write(z.read(z.infolist()[0]))"),
                  at(name)});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    QFile original(at(plain));
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(python.readAllStandardOutput(), original.readAll());
}

void TestFitsCorpus::damagedContainersSayWhy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("words");
    // LZW has no end marker: half a .Z file decodes to half a FITS file, which the loader names.
    QTest::newRow("truncated .Z") << QString::fromLatin1(corpus::kTruncatedCompress) << QStringLiteral("The file is truncated");
    QTest::newRow("truncated .zip") << QString::fromLatin1(corpus::kTruncatedZip) << QStringLiteral("The zip'd file is truncated");
    QTest::newRow("truncated .bz2") << QString::fromLatin1(corpus::kTruncatedBzip2) << QStringLiteral("The bzip2'd file is truncated");
    QTest::newRow("corrupt .Z") << QString::fromLatin1(corpus::kCorruptCompress) << QStringLiteral("The compress'd (.Z) file is damaged");
    QTest::newRow("corrupt .zip") << QString::fromLatin1(corpus::kCorruptZip) << QStringLiteral("CRC-32");
    QTest::newRow("corrupt .bz2") << QString::fromLatin1(corpus::kCorruptBzip2) << QStringLiteral("The bzip2'd file is damaged");
}

void TestFitsCorpus::damagedContainersSayWhy()
{
    QFETCH(QString, name);
    QFETCH(QString, words);
    const FitsLoadResult r = FitsLoader::load(at(name));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(words), qPrintable(r.error));
    QString error;
    QVERIFY(FitsLoader::readHeaders(at(name), &error).size() <= 1);
    if (!name.endsWith(QLatin1String(".Z")) || !name.startsWith(QLatin1String("truncated")))
        QVERIFY2(error.contains(words), qPrintable(error));
}

void TestFitsCorpus::containerBombsAreRefusedInWords_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow(".Z") << QString::fromLatin1(corpus::kBombCompress);
    QTest::newRow(".zip") << QString::fromLatin1(corpus::kBombZip);
    QTest::newRow(".bz2") << QString::fromLatin1(corpus::kBombBzip2);
}

void TestFitsCorpus::containerBombsAreRefusedInWords()
{
    QFETCH(QString, name);
    const QString path = at(name);
    QVERIFY(QFileInfo(path).size() < 64 << 10);
    FitsLoadOptions small;
    small.maxInflatedBytes = 1 << 20;
    const FitsLoadResult r = FitsLoader::load(path, small);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("more than 1 MiB")), qPrintable(r.error));
    QString error;
    QVERIFY(FitsLoader::readHeaders(path, &error, nullptr, small.maxInflatedBytes).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("more than 1 MiB")), qPrintable(error));
    // Under the default cap it is a legal image of zeros.
    const FitsLoadResult whole = FitsLoader::load(path);
    QVERIFY2(whole.ok(), qPrintable(whole.error));
    QCOMPARE(whole.image.width, corpus::kContainerBombSide);
    QCOMPARE(whole.image.pixels[std::size_t(corpus::kContainerBombSide) * 1000 + 17], 0.0f);
}

void TestFitsCorpus::manyCardsOpenBounded()
{
    QElapsedTimer clock;
    clock.start();
    const FitsLoadResult r = FitsLoader::load(at(QString::fromLatin1(corpus::kManyCards)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.pixels[2 * kCorpusWidth + 3], float(corpusPixel(3, 2)));
    QVERIFY(r.image.cards.size() >= 100000);
    qInfo("100 000 cards opened in %lld ms", qint64(clock.elapsed()));
    QVERIFY(clock.elapsed() < 20000);
}

void TestFitsCorpus::tableOnlyFileSaysWhatItHolds()
{
    const FitsLoadResult r = FitsLoader::load(at(QString::fromLatin1(corpus::kBinaryTable)));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("binary table, 3 columns × 128 rows")), qPrintable(r.error));
    QVERIFY(r.noImage);
}

void TestFitsCorpus::binaryTableReads()
{
    const FitsTableResult r = FitsTableReader::read(at(QString::fromLatin1(corpus::kBinaryTable)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const FitsTable &t = r.table;
    QCOMPARE(t.summary(), QStringLiteral("binary table, 3 columns × 128 rows"));
    QCOMPARE(t.hduIndex, 1);
    QCOMPARE(t.extname, QStringLiteral("EVENTS"));
    QCOMPARE(t.rowsRead, 128);
    QCOMPARE(t.columns[0].name, QStringLiteral("INDEX"));
    QCOMPARE(t.columns[0].value(77), 77 * 3 + 1.0);
    QCOMPARE(t.columns[1].repeat, 4);
    QCOMPARE(t.columns[1].unit, QStringLiteral("ct/s"));
    QCOMPARE(t.columns[1].value(9, 3), 9.75);
    QCOMPARE(t.columns[2].kind, FitsTableColumn::Kind::Text);
    QCOMPARE(t.columns[2].text[127], QStringLiteral("row127"));
    QVERIFY(t.note.isEmpty());
}

void TestFitsCorpus::asciiTableReads()
{
    const FitsTableResult r = FitsTableReader::read(at(QString::fromLatin1(corpus::kAsciiTable)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.table.summary(), QStringLiteral("ASCII table, 3 columns × 20 rows"));
    QCOMPARE(r.table.columns[0].text[3], QStringLiteral("star3"));
    QCOMPARE(r.table.columns[1].value(3), 5.375);
    QCOMPARE(r.table.columns[2].value(7), 49.0);
}

void TestFitsCorpus::tableRowsAreCappedInWords()
{
    FitsTableOptions small;
    small.maxCells = 6 * 50; // 6 kept values a row (1 + 4 + one 8-byte string): 50 rows
    const FitsTableResult r = FitsTableReader::read(at(QString::fromLatin1(corpus::kBinaryTable)), small);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.table.rowCount, 128);
    QVERIFY(r.table.rowsRead < 128 && r.table.rowsRead > 0);
    QCOMPARE(r.table.columns[2].text.size(), r.table.rowsRead);
    QVERIFY2(r.table.note.contains(QStringLiteral("of 128 rows")), qPrintable(r.table.note));
}

void TestFitsCorpus::tableClaimingAbillionRowsSaysSo()
{
    const QByteArray bytes = withFitsCard(readFileBytes(at(QString::fromLatin1(corpus::kBinaryTable))), "NAXIS2", "1000000000");
    QVERIFY(!bytes.isEmpty());
    QElapsedTimer clock;
    clock.start();
    const FitsTableResult r = FitsTableReader::readBytes(bytes);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("truncated")), qPrintable(r.error));
    QVERIFY(clock.elapsed() < 5000);
}

void TestFitsCorpus::lightCurveTimes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("timeColumn");
    QTest::addColumn<QString>("fluxColumn");
    QTest::newRow("GOES XRS: TIME after MJDREF + TIMEZERO") << QString::fromLatin1(corpus::kGoesCurve) << "TIME" << "FLUX";
    QTest::newRow("EVE: MJD") << QString::fromLatin1(corpus::kEveCurve) << "MJD" << "IRR_0304";
    QTest::newRow("LYRA: ISO strings") << QString::fromLatin1(corpus::kLyraCurve) << "DATE-OBS" << "CHANNEL1";
}

void TestFitsCorpus::lightCurveTimes()
{
    QFETCH(QString, name);
    QFETCH(QString, timeColumn);
    QFETCH(QString, fluxColumn);
    const FitsTableResult r = FitsTableReader::read(at(name));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const FitsTableTime time = FitsTableTime::of(r.table);
    QVERIFY(time.found());
    QCOMPARE(r.table.columns[time.column].name, timeColumn);
    QCOMPARE(qint64(time.unixSeconds.size()), qint64(kCurveRows));
    // The known start, 2011-02-15T01:50:00 UTC, is Unix time 1297734600.
    QDateTime start = QDateTime::fromString(QString::fromLatin1(kCurveStartUtc), Qt::ISODateWithMs);
    start.setTimeSpec(Qt::UTC);
    QCOMPARE(start.toSecsSinceEpoch(), 1297734600);
    for (int row : {0, 1, 150, kCurveRows - 1}) {
        const double expected = 1297734600.0 + row * kCurveCadenceSeconds;
        if (std::abs(time.unixSeconds[std::size_t(row)] - expected) > 1e-3)
            QFAIL(qPrintable(QStringLiteral("row %1: %2, expected %3").arg(row).arg(time.unixSeconds[std::size_t(row)], 0, 'f', 4).arg(expected, 0, 'f', 4)));
    }
    int flux = -1;
    for (int c = 0; c < r.table.columns.size(); ++c)
        if (r.table.columns[c].name == fluxColumn)
            flux = c;
    QVERIFY(flux >= 0);
    QCOMPARE(float(r.table.columns[flux].value(100)), float(curveFlux(100)));
}

void TestFitsCorpus::tableModelShowsCells()
{
    FitsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const FitsTableResult r = FitsTableReader::read(at(QString::fromLatin1(corpus::kBinaryTable)));
    QVERIFY2(r.ok(), qPrintable(r.error));
    model.setTable(r.table);
    QCOMPARE(model.rowCount(), 128);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("COUNTS [ct/s]"));
    QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
    QCOMPARE(model.index(5, 0).data().toString(), QStringLiteral("16"));
    QCOMPARE(model.index(5, 1).data().toString(), QStringLiteral("5, 5.25, 5.5, 5.75"));
    QCOMPARE(model.index(5, 2).data().toString(), QStringLiteral("row5"));
    QCOMPARE(model.index(5, 1).data(FitsTableModel::RawValueRole).toDouble(), 5.0);
    model.setTable({});
    QCOMPARE(model.rowCount(), 0);
}

void TestFitsCorpus::timeAxisOfHandMadeTables()
{
    // JD 2455607.5 is 2011-02-15T00:00:00 UTC (MJD 55607, Unix 1297728000).
    FitsTable jd;
    jd.rowCount = jd.rowsRead = 2;
    FitsTableColumn column;
    column.name = QStringLiteral("JD");
    column.values = {2455607.5, 2455607.75};
    jd.columns << column;
    FitsTableTime t = FitsTableTime::of(jd);
    QVERIFY(t.found());
    QCOMPARE(t.unixSeconds[0], 1297728000.0);
    QCOMPARE(t.unixSeconds[1], 1297728000.0 + 6 * 3600.0);
    // TIME in days (TIMEUNIT 'd') after DATE-OBS, no MJDREF.
    FitsTable days;
    days.rowCount = days.rowsRead = 1;
    column.name = QStringLiteral("TIME");
    column.values = {0.5};
    days.columns << column;
    days.keywords = {{QStringLiteral("DATE-OBS"), QStringLiteral("2011-02-15T00:00:00")}, {QStringLiteral("TIMEUNIT"), QStringLiteral("d")}};
    t = FitsTableTime::of(days);
    QVERIFY(t.found());
    QCOMPARE(t.unixSeconds[0], 1297728000.0 + 12 * 3600.0);
    // MJDREFI + MJDREFF (Fermi/RHESSI style) and a D exponent.
    days.keywords = {{QStringLiteral("MJDREFI"), QStringLiteral("55607")}, {QStringLiteral("MJDREFF"), QStringLiteral("0.25D0")}};
    column.values = {60.0};
    days.columns[0] = column;
    t = FitsTableTime::of(days);
    QCOMPARE(t.unixSeconds[0], 1297728000.0 + 6 * 3600.0 + 60.0);
    // A TIME column with no epoch at all is no time axis: nothing is made up.
    days.keywords.clear();
    QVERIFY(!FitsTableTime::of(days).found());
    // ISO strings: fractions, a Z, a space for the T, a leap day, a zone offset (general parser).
    FitsTable iso;
    iso.rowCount = iso.rowsRead = 5;
    FitsTableColumn text;
    text.kind = FitsTableColumn::Kind::Text;
    text.name = QStringLiteral("DATE_OBS");
    text.text = {QStringLiteral("2011-02-15T00:00:00.250Z"), QStringLiteral("2011-02-15 06:00:00"),
                 QStringLiteral("2012-02-29T23:59:59.5"), QStringLiteral("2011-02-15T01:00:00+01:00"), QStringLiteral("not a time")};
    iso.columns << text;
    t = FitsTableTime::of(iso);
    QVERIFY(t.found());
    QCOMPARE(t.unixSeconds[0], 1297728000.25);
    QCOMPARE(t.unixSeconds[1], 1297728000.0 + 6 * 3600.0);
    QCOMPARE(t.unixSeconds[2], double(QDateTime(QDate(2012, 2, 29), QTime(23, 59, 59), Qt::UTC).toSecsSinceEpoch()) + 0.5);
    QCOMPARE(t.unixSeconds[3], 1297728000.0); // 01:00 at UTC+1
    QVERIFY(std::isnan(t.unixSeconds[4]));
}

void TestFitsCorpus::imageHduIsNotATable()
{
    FitsTableOptions options;
    options.hdu = 2;
    const FitsTableResult r = FitsTableReader::read(at(QString::fromLatin1(corpus::kImageAfterTable)), options);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("not a table")), qPrintable(r.error));
    // With no HDU named, the table before the image is found.
    const FitsTableResult first = FitsTableReader::read(at(QString::fromLatin1(corpus::kImageAfterTable)));
    QVERIFY2(first.ok(), qPrintable(first.error));
    QCOMPARE(first.table.hduIndex, 1);
    QCOMPARE(first.table.rowCount, 5);
}

QTEST_GUILESS_MAIN(TestFitsCorpus)
#include "tst_fits_corpus.moc"
