// The fast preview path: a plane area-averaged while it is decoded (FitsLoadOptions::maxSide, what
// `jsoc-cli preview --size` uses) must be the same image, bit for bit, as the full float plane
// averaged afterwards, and so give the same limits, the same Indexed8 picture and the same PNG.
// The reference average is computed here independently, one output pixel at a time. Damaged
// tiles in either decoding band (two threads from a megapixel up) end in words, never a crash.
#include "model/fits/FitsFrameCache.h"
#include "model/fits/FitsLoader.h"
#include "model/fits/FitsPixelReader.h"
#include "model/fits/FitsPreview.h"
#include "model/fits/RiceTileDecoder.h"
#include "sim/FitsFactory.h"
#include "support/FitsTestFiles.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fitsio.h>

#include <cmath>
#include <cstring>

using namespace fits;

namespace {

// One output pixel = the mean of the finite source pixels of its box, summed row by row in double.
FitsImage referenceAverage(const FitsImage &full, int maxSide)
{
    const double factor = double(std::max(full.width, full.height)) / maxSide;
    FitsImage out;
    out.width = std::max(1, int(std::lround(full.width / factor)));
    out.height = std::max(1, int(std::lround(full.height / factor)));
    out.pixels.resize(std::size_t(out.width) * std::size_t(out.height));
    const auto edge = [](int i, int source, int target) { return std::min(source, int(std::floor(double(i) * source / target))); };
    for (int oy = 0; oy < out.height; ++oy) {
        const int y0 = edge(oy, full.height, out.height);
        const int y1 = std::min(full.height, std::max(y0 + 1, edge(oy + 1, full.height, out.height)));
        for (int ox = 0; ox < out.width; ++ox) {
            const int x0 = edge(ox, full.width, out.width);
            const int x1 = std::min(full.width, std::max(x0 + 1, edge(ox + 1, full.width, out.width)));
            double sum = 0;
            int n = 0;
            for (int y = y0; y < y1; ++y) {
                for (int x = x0; x < x1; ++x) {
                    const float v = full.at(x, y);
                    if (std::isfinite(v)) {
                        sum += v;
                        ++n;
                    }
                }
            }
            out.pixels[std::size_t(oy) * std::size_t(out.width) + std::size_t(ox)] =
                n > 0 ? float(sum / n) : std::numeric_limits<float>::quiet_NaN();
        }
    }
    out.stats = FitsImage::computeStats(out.pixels);
    return out;
}

// Pixel by pixel: equal bits, or both blank.
int firstDifference(const FitsImage &a, const FitsImage &b)
{
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        const float x = a.pixels[i], y = b.pixels[i];
        if (std::isnan(x) && std::isnan(y))
            continue;
        if (std::memcmp(&x, &y, sizeof x) != 0)
            return int(i);
    }
    return -1;
}

QByteArray pngOf(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG", 80);
    return bytes;
}

sim::SolarImageSpec hmiMagnetogramSpec()
{
    sim::SolarImageSpec s;
    s.series = QStringLiteral("hmi.M_45s");
    s.segment = QStringLiteral("magnetogram");
    s.recordSpec = QStringLiteral("hmi.M_45s[2012.01.01_01:01:30_TAI][2]");
    s.recnum = 3790000;
    s.primeKeys = {{QStringLiteral("T_REC"), QStringLiteral("2012.01.01_01:01:30_TAI")}, {QStringLiteral("CAMERA"), QStringLiteral("2")}};
    return s;
}

// Sets the compressed length of tile row `row` (a 1PB descriptor) to `length` bytes: the tile
// then ends in the middle of its Rice stream.
bool shortenTile(const QString &path, long row, int length)
{
    fitsfile *f = nullptr;
    int status = 0, type = 0;
    fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &status);
    fits_movabs_hdu(f, 2, &type, &status);
    LONGLONG headStart = 0, dataStart = 0, dataEnd = 0;
    fits_get_hduaddrll(f, &headStart, &dataStart, &dataEnd, &status);
    long rowBytes = 0;
    fits_read_key(f, TLONG, "NAXIS1", &rowBytes, nullptr, &status);
    char form[FLEN_VALUE] = {};
    fits_read_key(f, TSTRING, "TFORM1", form, nullptr, &status);
    fits_close_file(f, &status);
    if (status || QByteArray(form).left(2) != "1P")
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || !file.seek(dataStart + LONGLONG(row) * rowBytes))
        return false;
    const char bigEndian[4] = {char(length >> 24), char(length >> 16), char(length >> 8), char(length)};
    return file.write(bigEndian, 4) == 4;
}

// The stored integers of HDU 1 as cfitsio itself decodes them, with BSCALE/BZERO/BLANK.
struct CfitsioPlane {
    std::vector<short> stored;
    double bscale = 1, bzero = 0;
    long long blank = 0;
    bool hasBlank = false;
    bool ourDecoder = false; // FitsPixelReader decodes this HDU's tiles itself
};

CfitsioPlane readWithCfitsio(const QString &path)
{
    CfitsioPlane p;
    fitsfile *f = nullptr;
    int status = 0, type = 0, bitpix = 0, naxis = 0;
    long naxes[2] = {0, 0};
    fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &status);
    fits_movabs_hdu(f, 2, &type, &status);
    fits_get_img_param(f, 2, &bitpix, &naxis, naxes, &status);
    int s = 0;
    fits_read_key(f, TDOUBLE, "BSCALE", &p.bscale, nullptr, &s);
    s = 0;
    fits_read_key(f, TDOUBLE, "BZERO", &p.bzero, nullptr, &s);
    s = 0;
    fits_read_key(f, TLONGLONG, "BLANK", &p.blank, nullptr, &s);
    p.hasBlank = s == 0;
    p.ourDecoder = FitsPixelReader::decodesRiceItself(f, bitpix, naxis, naxes[0], naxes[1]);
    p.stored.resize(std::size_t(naxes[0]) * std::size_t(naxes[1]));
    fits_set_bscale(f, 1.0, 0.0, &status);
    int anyNull = 0;
    fits_read_img(f, TSHORT, 1, LONGLONG(p.stored.size()), nullptr, p.stored.data(), &anyNull, &status);
    fits_close_file(f, &status);
    if (status)
        p.stored.clear();
    return p;
}

// The compressed bytes of tile row `row` (1-based) of HDU 1.
std::vector<unsigned char> tileBytes(const QString &path, long row)
{
    fitsfile *f = nullptr;
    int status = 0, type = 0, anyNull = 0;
    fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &status);
    fits_movabs_hdu(f, 2, &type, &status);
    LONGLONG length = 0, offset = 0;
    fits_read_descriptll(f, 1, row, &length, &offset, &status);
    std::vector<unsigned char> bytes(std::size_t(std::max<LONGLONG>(length, 0)));
    unsigned char zero = 0;
    fits_read_col(f, TBYTE, 1, row, 1, length, &zero, bytes.data(), &anyNull, &status);
    fits_close_file(f, &status);
    if (status)
        bytes.clear();
    return bytes;
}

// A 1000 × 1100 int16 image in RICE_1 tiles of 1000 × 7 rows (the last tile 1 row), with BLANK and
// BSCALE, written by cfitsio: over a megapixel, so two threads, whose bands start inside a tile.
QString writeTallTileRice(const QString &path)
{
    constexpr long kW = 1000, kH = 1100;
    std::vector<short> data(std::size_t(kW * kH));
    for (long y = 0; y < kH; ++y)
        for (long x = 0; x < kW; ++x)
            data[std::size_t(y * kW + x)] = short((x * 37 + y * y * 11) % 5000 - 2500 + ((x + y) % 13 == 0 ? 20000 : 0));
    data[123] = -32768; // BLANK
    fitsfile *f = nullptr;
    int status = 0;
    QFile::remove(path);
    fits_create_file(&f, QFile::encodeName(path).constData(), &status);
    long axes[2] = {kW, kH}, tile[2] = {kW, 7};
    fits_set_compression_type(f, RICE_1, &status);
    fits_set_tile_dim(f, 2, tile, &status);
    fits_create_img(f, SHORT_IMG, 2, axes, &status);
    double bscale = 0.25;
    long long blank = -32768;
    fits_update_key(f, TDOUBLE, "BSCALE", &bscale, nullptr, &status);
    fits_update_key(f, TLONGLONG, "BLANK", &blank, nullptr, &status);
    fits_set_bscale(f, 1.0, 0.0, &status);
    fits_write_img(f, TSHORT, 1, LONGLONG(data.size()), data.data(), &status);
    fits_close_file(f, &status);
    return status ? QString() : path;
}

} // namespace

class TestFitsFastPath : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void averagedDecodeEqualsFullDecode_data();
    void averagedDecodeEqualsFullDecode();
    void previewPictureAndPngAreTheSame_data();
    void previewPictureAndPngAreTheSame();
    void smallImageIsNotAveraged();
    void damagedTileInEitherBandIsAnError_data();
    void damagedTileInEitherBandIsAnError();
    void truncatedFileIsAnError();
    void frameCacheDecodesAheadAveraged();
    void ownRiceDecoderEqualsCfitsio_data();
    void ownRiceDecoderEqualsCfitsio();
    void riceDecoderStaysInsideDamagedTiles();
    void tilesOfSeveralRows();

private:
    QTemporaryDir m_dir;
    QString m_aia;
    QString m_hmi;
};

void TestFitsFastPath::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    // 1024²: from a megapixel up the loader decodes on two threads, in two bands of rows.
    m_aia = m_dir.filePath(QStringLiteral("aia.fits"));
    QVERIFY2(sim::FitsFactory::writeSolarImage(m_aia, 1024, &error), qPrintable(error));
    // HMI: BSCALE 0.1 and BLANK off the disk, so scaling and blanks go through the averaged path.
    m_hmi = m_dir.filePath(QStringLiteral("hmi.fits"));
    QVERIFY2(sim::FitsFactory::writeSolarImage(m_hmi, 1024, hmiMagnetogramSpec(), &error), qPrintable(error));
}

void TestFitsFastPath::averagedDecodeEqualsFullDecode_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("maxSide");
    const QString riceShort = testsupport::writeCompressedFits(m_dir.filePath(QStringLiteral("rs.fits")), RICE_1, SHORT_IMG);
    const QString riceFloat = testsupport::writeCompressedFits(m_dir.filePath(QStringLiteral("rf.fits")), RICE_1, FLOAT_IMG);
    const QString gzipShort = testsupport::writeCompressedFits(m_dir.filePath(QStringLiteral("gs.fits")), GZIP_1, SHORT_IMG);
    QTest::newRow("aia-1024-to-256") << m_aia << 256;
    QTest::newRow("aia-1024-to-300") << m_aia << 300; // boxes of 3 and 4 pixels
    QTest::newRow("hmi-1024-to-256") << m_hmi << 256;
    QTest::newRow("hmi-1024-to-1000") << m_hmi << 1000; // mostly 1-pixel boxes
    QTest::newRow("rice-int16-64x48-to-10") << riceShort << 10;
    QTest::newRow("rice-float-64x48-to-17") << riceFloat << 17;
    QTest::newRow("gzip-int16-64x48-to-5") << gzipShort << 5;
}

void TestFitsFastPath::averagedDecodeEqualsFullDecode()
{
    QFETCH(QString, file);
    QFETCH(int, maxSide);
    QVERIFY(!file.isEmpty());
    const FitsLoadResult full = FitsLoader::load(file);
    QVERIFY2(full.ok(), qPrintable(full.error));
    FitsLoadOptions options;
    options.maxSide = maxSide;
    const FitsLoadResult fast = FitsLoader::load(file, options);
    QVERIFY2(fast.ok(), qPrintable(fast.error));

    const FitsImage reference = referenceAverage(full.image, maxSide);
    const FitsImage averaged = full.image.downsampled(maxSide);
    QCOMPARE(fast.image.width, reference.width);
    QCOMPARE(fast.image.height, reference.height);
    QVERIFY(fast.image.width < full.image.width || fast.image.height < full.image.height);
    QCOMPARE(firstDifference(fast.image, reference), -1);
    QCOMPARE(firstDifference(averaged, reference), -1);

    // Statistics of the averaged pixels, as downsampled() gives them; no raw histogram there.
    QCOMPARE(fast.image.stats.min, reference.stats.min);
    QCOMPARE(fast.image.stats.max, reference.stats.max);
    QCOMPARE(fast.image.stats.mean, reference.stats.mean);
    QCOMPARE(fast.image.stats.validCount, reference.stats.validCount);
    QCOMPARE(fast.image.stats.blankCount, reference.stats.blankCount);
    QVERIFY(fast.image.stats.validCount > 0);
    QVERIFY(fast.image.rawHistogram.empty());
    // The facts of the plane are those of the file.
    QCOMPARE(fast.image.hduIndex, full.image.hduIndex);
    QCOMPARE(fast.image.bitpix, full.image.bitpix);
    QCOMPARE(fast.image.compression, full.image.compression);
    QCOMPARE(fast.image.headerText(), full.image.headerText());
    QCOMPARE(fast.image.hdus.size(), full.image.hdus.size());
}

void TestFitsFastPath::previewPictureAndPngAreTheSame_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("scale");
    QTest::addColumn<QString>("clip");
    QTest::newRow("aia-linear-99.5") << m_aia << "linear" << "99.5";
    QTest::newRow("aia-log-zscale") << m_aia << "log" << "zscale";
    QTest::newRow("aia-histeq-minmax") << m_aia << "histeq" << "minmax";
    QTest::newRow("hmi-linear-99.5") << m_hmi << "linear" << "99.5"; // hmimag: symmetric limits
    QTest::newRow("hmi-asinh-99") << m_hmi << "asinh" << "99";
}

void TestFitsFastPath::previewPictureAndPngAreTheSame()
{
    QFETCH(QString, file);
    QFETCH(QString, scale);
    QFETCH(QString, clip);
    PreviewOptions options;
    QVERIFY(StretchSpec::parse(scale, &options.stretch));
    QVERIFY(ClipSpec::parse(clip, &options.clip));
    options.maxSize = 256;
    const FitsLoadResult full = FitsLoader::load(file);
    QVERIFY2(full.ok(), qPrintable(full.error));
    FitsLoadOptions load;
    load.maxSide = options.maxSize;
    const FitsLoadResult fast = FitsLoader::load(file, load);
    QVERIFY2(fast.ok(), qPrintable(fast.error));

    const PreviewResult slow = FitsPreview::render(full.image, options);
    const PreviewResult quick = FitsPreview::render(fast.image, options);
    QVERIFY2(slow.ok(), qPrintable(slow.error));
    QVERIFY2(quick.ok(), qPrintable(quick.error));
    QCOMPARE(quick.limits.low, slow.limits.low);
    QCOMPARE(quick.limits.high, slow.limits.high);
    QVERIFY(slow.limits.high > slow.limits.low);
    QCOMPARE(quick.colourMap, slow.colourMap);
    QCOMPARE(quick.image.format(), QImage::Format_Indexed8);
    QCOMPARE(quick.image.size(), slow.image.size());
    QCOMPARE(quick.image.colorTable(), slow.image.colorTable());
    QCOMPARE(quick.image, slow.image);
    // The picture has contrast (not one colour), so equality says something.
    QVERIFY(quick.image.pixelIndex(0, 0) != quick.image.pixelIndex(quick.image.width() / 2, quick.image.height() / 2));
    QCOMPARE(pngOf(quick.image), pngOf(slow.image));
}

void TestFitsFastPath::smallImageIsNotAveraged()
{
    const QString path = testsupport::writeCompressedFits(m_dir.filePath(QStringLiteral("small.fits")), RICE_1, SHORT_IMG);
    FitsLoadOptions options;
    options.maxSide = 64; // 64 × 48 already fits
    const FitsLoadResult fast = FitsLoader::load(path, options);
    const FitsLoadResult full = FitsLoader::load(path);
    QVERIFY2(fast.ok(), qPrintable(fast.error));
    QCOMPARE(fast.image.width, 64);
    QCOMPARE(fast.image.height, 48);
    QCOMPARE(firstDifference(fast.image, full.image), -1);
    QCOMPARE(fast.image.rawHistogram, full.image.rawHistogram);
}

void TestFitsFastPath::damagedTileInEitherBandIsAnError_data()
{
    QTest::addColumn<int>("row");
    QTest::newRow("first band") << 100;
    QTest::newRow("second band") << 900; // decoded by the second thread
    QTest::newRow("last tile") << 1023;
}

void TestFitsFastPath::damagedTileInEitherBandIsAnError()
{
    QFETCH(int, row);
    const QString path = m_dir.filePath(QStringLiteral("damaged-%1.fits").arg(row));
    QFile::remove(path);
    QVERIFY(QFile::copy(m_aia, path));
    QVERIFY(shortenTile(path, row, 3));
    for (const int maxSide : {0, 256}) {
        FitsLoadOptions options;
        options.maxSide = maxSide;
        const FitsLoadResult r = FitsLoader::load(path, options);
        QVERIFY2(!r.ok(), qPrintable(QStringLiteral("maxSide %1 read a damaged tile without complaint").arg(maxSide)));
        QVERIFY2(r.error.contains(QLatin1String("HDU 1")), qPrintable(r.error));
        QVERIFY(r.image.pixels.empty());
    }
}

void TestFitsFastPath::truncatedFileIsAnError()
{
    QFile source(m_aia);
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray bytes = source.readAll();
    const QString path = m_dir.filePath(QStringLiteral("truncated.fits"));
    QVERIFY(!testsupport::writeFileBytes(path, bytes.left(bytes.size() * 3 / 4)).isEmpty());
    FitsLoadOptions options;
    options.maxSide = 256;
    const FitsLoadResult r = FitsLoader::load(path, options);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.size() > 20, qPrintable(r.error));
}

void TestFitsFastPath::frameCacheDecodesAheadAveraged()
{
    FitsFrameCache cache;
    cache.setNorthUp(false);
    cache.setMaxSide(256);
    cache.setFrames({m_aia, m_hmi});
    QSignalSpy ready(&cache, &FitsFrameCache::frameReady);
    cache.request(0, 1);
    QVERIFY(ready.wait(20000));
    QCOMPARE(ready.first().at(0).toInt(), 0);
    const auto shown = ready.first().at(1).value<std::shared_ptr<const FitsImage>>();
    QVERIFY(shown);
    FitsLoadOptions options;
    options.maxSide = 256;
    const FitsLoadResult direct = FitsLoader::load(m_aia, options);
    QCOMPARE(shown->width, 256);
    QCOMPARE(firstDifference(*shown, direct.image), -1);
    // The next frame was decoded ahead, averaged too.
    QTRY_VERIFY_WITH_TIMEOUT(cache.isCached(1), 20000);
    ready.clear();
    cache.request(1, 1);
    QCOMPARE(ready.size(), 1); // from the cache, at once
    QCOMPARE(ready.first().at(1).value<std::shared_ptr<const FitsImage>>()->width, 256);
    // Another size drops what was decoded at the old one.
    cache.setMaxSide(0);
    QVERIFY(!cache.isCached(1));
}

void TestFitsFastPath::ownRiceDecoderEqualsCfitsio_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("aia") << m_aia;
    QTest::newRow("hmi") << m_hmi; // BSCALE 0.1, BLANK off the disk
}

void TestFitsFastPath::ownRiceDecoderEqualsCfitsio()
{
    QFETCH(QString, file);
    const CfitsioPlane reference = readWithCfitsio(file);
    QVERIFY(!reference.stored.empty());
    QVERIFY(reference.ourDecoder); // JSOC's layout: the loader takes our decoder
    const FitsLoadResult r = FitsLoader::load(file);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.pixels.size(), reference.stored.size());
    std::int64_t blanks = 0;
    for (std::size_t i = 0; i < reference.stored.size(); ++i) {
        const short v = reference.stored[i];
        const bool blank = reference.hasBlank && v == reference.blank;
        blanks += blank ? 1 : 0;
        const float expected = blank ? std::numeric_limits<float>::quiet_NaN() : float(double(v) * reference.bscale + reference.bzero);
        const float got = r.image.pixels[i];
        if (!(got == expected || (std::isnan(got) && std::isnan(expected))))
            QFAIL(qPrintable(QStringLiteral("pixel %1: %2, cfitsio says %3").arg(i).arg(got).arg(expected)));
    }
    QCOMPARE(r.image.stats.blankCount, blanks);
}

void TestFitsFastPath::riceDecoderStaysInsideDamagedTiles()
{
    // A whole-row tile of the AIA image, cut short and scrambled: the decoder says no, or decodes
    // garbage, but never writes past the tile's pixels (and reads only through bounds checks).
    const std::vector<unsigned char> good = tileBytes(m_aia, 512);
    QVERIFY(good.size() > 16);
    constexpr int kPixels = 1024, kGuard = 64;
    std::vector<short> out(kPixels + kGuard);
    const auto guardIntact = [&out] {
        return std::all_of(out.begin() + kPixels, out.end(), [](short v) { return v == short(0x5a5a); });
    };
    std::fill(out.begin(), out.end(), short(0x5a5a));
    QVERIFY(RiceTileDecoder::decodeShorts(good.data(), good.size(), 32, out.data(), kPixels));
    QVERIFY(guardIntact());
    for (std::size_t length = 0; length < good.size(); ++length) {
        std::fill(out.begin(), out.end(), short(0x5a5a));
        const std::vector<unsigned char> cut(good.begin(), good.begin() + std::ptrdiff_t(length));
        const bool ok = RiceTileDecoder::decodeShorts(cut.data(), cut.size(), 32, out.data(), kPixels);
        if (length < good.size() * 3 / 4)
            QVERIFY2(!ok, qPrintable(QStringLiteral("a tile cut to %1 of %2 bytes decoded").arg(length).arg(good.size())));
        QVERIFY(guardIntact());
    }
    QRandomGenerator random(17);
    int refused = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<unsigned char> bad = good;
        for (int k = 0; k < 1 + trial % 8; ++k)
            bad[random.bounded(int(bad.size()))] = uchar(random.bounded(256));
        if (trial % 3 == 0)
            std::fill(bad.begin() + std::ptrdiff_t(bad.size() / 2), bad.end(), uchar(0)); // a run of zeros
        std::fill(out.begin(), out.end(), short(0x5a5a));
        refused += RiceTileDecoder::decodeShorts(bad.data(), bad.size(), 32, out.data(), kPixels) ? 0 : 1;
        QVERIFY(guardIntact());
    }
    QVERIFY2(refused > 600, qPrintable(QString::number(refused))); // the zero-filled third at least
}

void TestFitsFastPath::tilesOfSeveralRows()
{
    const QString path = writeTallTileRice(m_dir.filePath(QStringLiteral("tall-tiles.fits")));
    QVERIFY(!path.isEmpty());
    const CfitsioPlane reference = readWithCfitsio(path);
    QVERIFY(reference.ourDecoder);
    QCOMPARE(reference.bscale, 0.25);
    const FitsLoadResult full = FitsLoader::load(path);
    QVERIFY2(full.ok(), qPrintable(full.error));
    for (std::size_t i = 0; i < reference.stored.size(); ++i) {
        const short v = reference.stored[i];
        const float expected = v == reference.blank ? std::numeric_limits<float>::quiet_NaN() : float(double(v) * 0.25);
        const float got = full.image.pixels[i];
        if (!(got == expected || (std::isnan(got) && std::isnan(expected))))
            QFAIL(qPrintable(QStringLiteral("pixel %1: %2, cfitsio says %3").arg(i).arg(got).arg(expected)));
    }
    for (const int maxSide : {37, 64, 199, 1099}) {
        FitsLoadOptions options;
        options.maxSide = maxSide;
        const FitsLoadResult fast = FitsLoader::load(path, options);
        QVERIFY2(fast.ok(), qPrintable(fast.error));
        QCOMPARE(firstDifference(fast.image, referenceAverage(full.image, maxSide)), -1);
    }
}

QTEST_GUILESS_MAIN(TestFitsFastPath)
#include "tst_fits_fastpath.moc"
