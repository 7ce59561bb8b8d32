// Tile-compressed images whose keywords crash cfitsio 4.2 (SIGFPE on ZTILEn = 0 while merely
// moving to the HDU, on a Rice block size of 0 while decoding) or make it misbehave. Each file is
// made here from a good one written by cfitsio, by changing one card, and goes through every way
// the app reads FITS: FitsLoader::load (path), loadBytes, readHeaders (jsoc-cli header, the header
// view) and the frame player's folder scan. On the old code the first of them killed the process.
#include "model/fitsfile/FitsCompressionCheck.h"
#include "model/fitsfile/VisibleText.h"
#include "model/fits/FitsFrameSet.h"
#include "model/fits/FitsHeaderCards.h"
#include "model/fits/FitsLoader.h"
#include "model/fitsfile/FitsStructure.h"
#include "support/FitsTestFiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fitsio.h>

using namespace fits;

namespace {

using testsupport::readFileBytes;
using testsupport::withFitsCard;
using testsupport::writeCompressedFits;
using testsupport::writeFileBytes;

struct Mutation {
    const char *name;
    int compression;
    int bitpix;
    QByteArray key;
    QByteArray value;
    const char *words; // in the refusal
};

const QList<Mutation> kMutations{
    {"rice-ztile1-0", RICE_1, SHORT_IMG, "ZTILE1", "0", "ZTILE1 = 0"},
    {"rice-ztile2-0", RICE_1, SHORT_IMG, "ZTILE2", "0", "ZTILE2 = 0"},
    {"gzip-ztile1-0", GZIP_1, SHORT_IMG, "ZTILE1", "0", "ZTILE1 = 0"},
    {"hcompress-ztile2-0", HCOMPRESS_1, SHORT_IMG, "ZTILE2", "0", "ZTILE2 = 0"},
    {"plio-ztile1-0", PLIO_1, SHORT_IMG, "ZTILE1", "0", "ZTILE1 = 0"},
    {"float-ztile1-0", RICE_1, FLOAT_IMG, "ZTILE1", "0", "ZTILE1 = 0"},
    {"rice-blocksize-0", RICE_1, SHORT_IMG, "ZVAL1", "0", "ZVAL1 = 0"},
    {"rice-blocksize-huge", RICE_1, SHORT_IMG, "ZVAL1", "100000", "ZVAL1 = 100000"}, // read past a buffer (fuzzing)
    {"ztile1-negative", RICE_1, SHORT_IMG, "ZTILE1", "-1", "ZTILE1 = -1"},
    {"ztile-larger-than-image", RICE_1, SHORT_IMG, "ZTILE1", "1000", "larger than ZNAXIS1"},
    {"znaxis-0", RICE_1, SHORT_IMG, "ZNAXIS", "0", "ZNAXIS = 0"},
    {"znaxis-7", RICE_1, SHORT_IMG, "ZNAXIS", "7", "ZNAXIS = 7"},
    {"znaxis1-0", RICE_1, SHORT_IMG, "ZNAXIS1", "0", "ZNAXIS1 = 0"},
    {"znaxis1-huge", RICE_1, SHORT_IMG, "ZNAXIS1", "1099511627776", "ZNAXIS1 = 1099511627776"},
    {"naxis2-0", RICE_1, SHORT_IMG, "NAXIS2", "0", "NAXIS2 = 0"},
    {"zdither0-0", RICE_1, FLOAT_IMG, "ZDITHER0", "0", "ZDITHER0 = 0"},
    {"zquantiz-unknown", RICE_1, FLOAT_IMG, "ZQUANTIZ", "'BOGUS'", "ZQUANTIZ"},
    {"zbitpix-12", RICE_1, SHORT_IMG, "ZBITPIX", "12", "ZBITPIX = 12"},
    {"zcmptype-escape", RICE_1, SHORT_IMG, "ZCMPTYPE", "'\x1b[2J'", "\\x1b"},
};

} // namespace

class TestFitsCompression final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void goodFilesPassTheCheck();
    void crashingKeywordsAreRefusedInWords_data();
    void crashingKeywordsAreRefusedInWords();
    void otherHdusStayReadable();
    void blockedKeywordIsHarmless();
    void folderScanKeepsGoodFramesAndNamesTheBadOne();
    void controlBytesShowAsEscapes();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestFitsCompression::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestFitsCompression::goodFilesPassTheCheck()
{
    for (int c : {RICE_1, GZIP_1, GZIP_2, HCOMPRESS_1, PLIO_1}) {
        for (int bitpix : {SHORT_IMG, FLOAT_IMG}) {
            if (c == PLIO_1 && bitpix == FLOAT_IMG)
                continue;
            const QString file = writeCompressedFits(path(QStringLiteral("good.fits")), c, bitpix);
            QVERIFY(!file.isEmpty());
            const FitsStructure s = FitsStructure::scanFile(file);
            QVERIFY2(s.isWhole(), qPrintable(s.problem));
            QVERIFY(FitsCompressionCheck::isCompressedImage(s.hdus[1]));
            QVERIFY2(FitsCompressionCheck::problem(s.hdus[1]).isEmpty(), qPrintable(FitsCompressionCheck::problem(s.hdus[1])));
            const FitsLoadResult r = FitsLoader::load(file);
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.image.width, 64);
        }
    }
}

void TestFitsCompression::crashingKeywordsAreRefusedInWords_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < kMutations.size(); ++i)
        QTest::newRow(kMutations[i].name) << i;
}

void TestFitsCompression::crashingKeywordsAreRefusedInWords()
{
    QFETCH(int, index);
    const Mutation &m = kMutations[index];
    const QString good = writeCompressedFits(path(QStringLiteral("base-%1.fits").arg(index)), m.compression, m.bitpix);
    QVERIFY(!good.isEmpty());
    const QByteArray bytes = withFitsCard(readFileBytes(good), m.key, m.value);
    QVERIFY2(!bytes.isEmpty(), "the card to change is not in HDU 1");
    const QString file = writeFileBytes(path(QString::fromLatin1(m.name) + QStringLiteral(".fits")), bytes);
    QVERIFY(!file.isEmpty());

    const FitsLoadResult fromPath = FitsLoader::load(file);
    QVERIFY(!fromPath.ok());
    QVERIFY2(fromPath.error.contains(QStringLiteral("HDU 1 is a tile-compressed image with")), qPrintable(fromPath.error));
    QVERIFY2(fromPath.error.contains(QLatin1String(m.words)), qPrintable(fromPath.error));
    QVERIFY2(fromPath.error.contains(QStringLiteral("cfitsio cannot read it")), qPrintable(fromPath.error));
    const FitsLoadResult fromBytes = FitsLoader::loadBytes(bytes);
    QCOMPARE(fromBytes.error, fromPath.error);
    FitsLoadOptions chosen;
    chosen.hdu = 1;
    QVERIFY(!FitsLoader::load(file, chosen).ok());
    QVERIFY(!FitsLoader::loadBytes(bytes, chosen).ok());

    // The header listing still shows both HDUs, the refused one from its raw cards.
    QString error;
    FitsHeaderListInfo list;
    const QVector<FitsHduInfo> hdus = FitsLoader::readHeaders(file, &error, &list);
    QCOMPARE(hdus.size(), 2);
    QCOMPARE(list.totalHdus, 2);
    QCOMPARE(hdus[1].kind, QStringLiteral("compressed image"));
    QVERIFY2(hdus[1].summary.contains(QLatin1String(m.words)), qPrintable(hdus[1].summary));
    QVERIFY(hdus[1].cards.size() > 10);
    QVERIFY(hdus[1].refused);
    QVERIFY(!hdus[1].holdsImage); // an image, but not one to show
    QVERIFY(list.problem.contains(QStringLiteral("cfitsio cannot read it")));
}

void TestFitsCompression::otherHdusStayReadable()
{
    // A primary image, a compressed image with ZTILE1 = 0, then another image: the primary loads,
    // the refused HDU and the one after it are listed and refused by name.
    const QString file = path(QStringLiteral("three.fits"));
    QFile::remove(file);
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(file).constData(), &status);
    long axes[2] = {10, 8};
    fits_create_img(f, SHORT_IMG, 2, axes, &status);
    std::vector<short> pixels(80, 7);
    fits_write_img(f, TSHORT, 1, 80, pixels.data(), &status);
    fits_set_compression_type(f, RICE_1, &status);
    fits_create_img(f, SHORT_IMG, 2, axes, &status);
    fits_write_img(f, TSHORT, 1, 80, pixels.data(), &status);
    fits_set_compression_type(f, 0, &status);
    fits_create_img(f, SHORT_IMG, 2, axes, &status);
    fits_write_img(f, TSHORT, 1, 80, pixels.data(), &status);
    fits_close_file(f, &status);
    QCOMPARE(status, 0);
    const QByteArray bytes = withFitsCard(readFileBytes(file), "ZTILE1", "0");
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!writeFileBytes(file, bytes).isEmpty());

    const FitsLoadResult r = FitsLoader::load(file);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.hduIndex, 0);
    QCOMPARE(r.image.hdus.size(), 3);
    QVERIFY(r.image.hdus[1].summary.contains(QStringLiteral("ZTILE1 = 0")));
    FitsLoadOptions third;
    third.hdu = 2;
    const FitsLoadResult after = FitsLoader::load(file, third);
    QVERIFY(!after.ok());
    QVERIFY2(after.error.contains(QStringLiteral("after HDU 1")), qPrintable(after.error));
    QString error;
    QCOMPARE(FitsLoader::readHeaders(file, &error).size(), 3);
}

void TestFitsCompression::blockedKeywordIsHarmless()
{
    // BLOCKED = T (a deprecated tape-blocking flag) in the primary header changes nothing.
    const QString file = writeCompressedFits(path(QStringLiteral("blocked.fits")), RICE_1, SHORT_IMG, "BLOCKED");
    QVERIFY(!file.isEmpty());
    const FitsLoadResult r = FitsLoader::load(file);
    QVERIFY2(r.ok(), qPrintable(r.error));
}

void TestFitsCompression::folderScanKeepsGoodFramesAndNamesTheBadOne()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    for (const char *name : {"aia.2011-02-15T000001Z.171.fits", "aia.2011-02-15T000013Z.171.fits"})
        QVERIFY(!writeCompressedFits(folder.filePath(QLatin1String(name)), RICE_1, SHORT_IMG).isEmpty());
    const QString base = writeCompressedFits(path(QStringLiteral("bad-base.fits")), RICE_1, SHORT_IMG);
    const QString bad = folder.filePath(QStringLiteral("aia.2011-02-15T000007Z.171.fits"));
    QVERIFY(!writeFileBytes(bad, withFitsCard(readFileBytes(base), "ZTILE1", "0")).isEmpty());

    QString error;
    const FitsFrameSet set = FitsFrameSet::fromFolder(folder.path(), &error);
    QCOMPARE(set.size(), 2);
    QCOMPARE(set.unreadable().size(), 1);
    QVERIFY2(set.unreadable().first().contains(QStringLiteral("aia.2011-02-15T000007Z.171.fits")), qPrintable(set.unreadable().first()));
    QVERIFY2(set.unreadable().first().contains(QStringLiteral("ZTILE1 = 0")), qPrintable(set.unreadable().first()));

    const FitsFrameSet around = FitsFrameSet::fromFolderOf(folder.filePath(QStringLiteral("aia.2011-02-15T000001Z.171.fits")));
    QCOMPARE(around.size(), 2);
    QCOMPARE(around.unreadable().size(), 1);
    // Opened on the bad file itself: it stays (it was asked for) and nothing crashes.
    const FitsFrameSet self = FitsFrameSet::fromFolderOf(bad);
    QVERIFY(self.indexOf(bad) >= 0);
}

void TestFitsCompression::controlBytesShowAsEscapes()
{
    QCOMPARE(fits::visibleText(QStringLiteral("plain 'text' / ok")), QStringLiteral("plain 'text' / ok"));
    QCOMPARE(fits::visibleText(QString::fromLatin1("a\x1b[31mred\x07")), QStringLiteral("a\\x1b[31mred\\x07"));
    // C1 controls (a Latin-1 byte 0x9B is a one-byte CSI on some terminals) and DEL.
    QCOMPARE(fits::visibleText(QString::fromLatin1("x\x9b" "2Jy\x7f")), QStringLiteral("x\\x9b2Jy\\x7f"));
    // A header card with an escape sequence in its value and comment, through the display path.
    FitsCard card;
    card.raw = QByteArray("OBJECT  = '\x1b]0;pwned\x07' / \x1b[2J").leftJustified(80);
    card.key = QStringLiteral("OBJECT");
    card.value = QString::fromLatin1("\x1b]0;pwned\x07");
    card.comment = QString::fromLatin1("\x1b[2J");
    const QVector<FitsCard> shown = FitsHeaderCards::forDisplay({card});
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown[0].value, QStringLiteral("\\x1b]0;pwned\\x07"));
    QCOMPARE(shown[0].comment, QStringLiteral("\\x1b[2J"));
    for (QChar c : shown[0].value + shown[0].comment)
        QVERIFY(c.unicode() >= 0x20 && c.unicode() != 0x7F);
}

QTEST_GUILESS_MAIN(TestFitsCompression)
#include "tst_fits_compression.moc"
