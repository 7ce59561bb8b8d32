// FitsLoader on the real SDO samples and on files written here with cfitsio: every BITPIX,
// BSCALE/BZERO, BLANK, NaN, each tile compression, cubes, and damaged or hostile files.
// Expected pixel values are computed in the test from the raw numbers written (or, for the
// samples, decoded from the file bytes by hand), never by the loader's own code path.
#include "model/fits/FitsLoader.h"
#include "model/fits/ImageLimits.h"
#include "sim/FitsFactory.h"

#include <QFile>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <fitsio.h>

#include <cmath>
#include <cstring>
#include <functional>

using namespace fits;

namespace {

const QString kSamples = QStringLiteral(JSOC_SHARED_DIR "/fits-samples/");

// Reads an uncompressed BITPIX -64 primary image by hand: header blocks up to END, then
// big-endian doubles. Independent of cfitsio.
std::vector<double> readFloat64Primary(const QString &path, int *width, int *height)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    qsizetype offset = 0;
    *width = *height = 0;
    bool end = false;
    while (!end && offset + 2880 <= bytes.size()) {
        for (int c = 0; c < 36; ++c) {
            const QByteArray card = bytes.mid(offset + c * 80, 80);
            if (card.startsWith("NAXIS1  ="))
                *width = card.mid(10, 20).trimmed().toInt();
            if (card.startsWith("NAXIS2  ="))
                *height = card.mid(10, 20).trimmed().toInt();
            if (card.startsWith("END     "))
                end = true;
        }
        offset += 2880;
    }
    std::vector<double> values(std::size_t(*width) * std::size_t(*height));
    for (std::size_t i = 0; i < values.size(); ++i) {
        quint64 bits = qFromBigEndian<quint64>(bytes.constData() + offset + qsizetype(i) * 8);
        std::memcpy(&values[i], &bits, 8);
    }
    return values;
}

// Writes a FITS file with cfitsio. `body` writes the HDUs into the open file.
QString writeFits(const QTemporaryDir &dir, const QString &name, const std::function<void(fitsfile *, int *)> &body)
{
    const QString path = dir.filePath(name);
    QFile::remove(path);
    fitsfile *f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, QFile::encodeName(path).constData(), &status);
    if (status)
        return {};
    body(f, &status);
    fits_close_file(f, &status);
    return status == 0 ? path : QString();
}

template<typename T>
void writeTyped(fitsfile *f, int type, const std::vector<double> &raw, int *status)
{
    std::vector<T> typed(raw.begin(), raw.end());
    fits_write_img(f, type, 1, LONGLONG(typed.size()), typed.data(), status);
}

void writeAs(fitsfile *f, int bitpix, const std::vector<double> &raw, int *status)
{
    switch (bitpix) {
    case BYTE_IMG: writeTyped<unsigned char>(f, TBYTE, raw, status); break;
    case SHORT_IMG: writeTyped<short>(f, TSHORT, raw, status); break;
    case LONG_IMG: writeTyped<int>(f, TINT, raw, status); break;
    case FLOAT_IMG: writeTyped<float>(f, TFLOAT, raw, status); break;
    default: writeTyped<double>(f, TDOUBLE, raw, status); break;
    }
}

void emptyPrimary(fitsfile *f, int *status)
{
    fits_create_img(f, BYTE_IMG, 0, nullptr, status);
}

QByteArray cardText(const char *text)
{
    return QByteArray(text).leftJustified(80, ' ', true);
}

QByteArray handHeader(const QList<QByteArray> &cards)
{
    QByteArray h;
    for (const QByteArray &c : cards)
        h += cardText(c.constData());
    h += cardText("END");
    return h.leftJustified(((h.size() + 2879) / 2880) * 2880, ' ');
}

QString writeBytes(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    return path;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool sameFloat(float got, double expected)
{
    if (std::isnan(expected))
        return std::isnan(got);
    return std::abs(double(got) - expected) <= 1e-6 * std::max(1.0, std::abs(expected));
}

} // namespace

class TestFitsLoader final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void realAiaSampleMatchesHandDecoding();
    void realHmiSampleAndHeaderCards();
    void everyBitpixWithScaling_data();
    void everyBitpixWithScaling();
    void blankAndNanBecomeNan();
    void unsignedShortConvention();
    void tileCompressions_data();
    void tileCompressions();
    void quantisedFloatCompressionKeepsNan();
    void compressedFileHasEmptyPrimaryAndImageHeader();
    void cubeSlices();
    void compressedCubeSlices();
    void chosenHdu();
    void solarImageMatchesCfitsioScaledRead();
    void loadBytesEqualsLoad();
    void loadAsyncDeliversValue();

    void emptyFileIsRejected();
    void garbageIsRejected();
    void truncatedDataIsRejected();
    void truncatedHeaderIsRejected();
    void hugeNaxisIsRejectedWithoutAllocation();
    void largeClaimWithoutDataIsTruncated();
    void tableOnlyFileHasNoImage();
    void headerCardsAreTheFilesOwn();
    void unsupportedCompressionIsNamed();
    void compressedHugeClaimIsRejected();

private:
    QTemporaryDir m_dir;
};

void TestFitsLoader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFile::exists(kSamples + QStringLiteral("aia_171_level1.fits")));
}

void TestFitsLoader::realAiaSampleMatchesHandDecoding()
{
    const QString path = kSamples + QStringLiteral("aia_171_level1.fits");
    int w = 0, h = 0;
    const std::vector<double> expected = readFloat64Primary(path, &w, &h);
    QCOMPARE(w, 128);
    QCOMPARE(h, 128);

    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.width, 128);
    QCOMPARE(r.image.height, 128);
    QCOMPARE(r.image.bitpix, -64);
    QCOMPARE(r.image.hduIndex, 0);
    QCOMPARE(r.image.sliceCount, 1);
    double mn = INFINITY, mx = -INFINITY, sum = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY2(sameFloat(r.image.pixels[i], expected[i]), qPrintable(QString::number(i)));
        mn = std::min(mn, expected[i]);
        mx = std::max(mx, expected[i]);
        sum += expected[i];
    }
    QCOMPARE(r.image.stats.validCount, std::int64_t(128 * 128));
    QCOMPARE(r.image.stats.blankCount, std::int64_t(0));
    QVERIFY(sameFloat(r.image.stats.min, mn));
    QVERIFY(sameFloat(r.image.stats.max, mx));
    QVERIFY(std::abs(r.image.stats.mean - sum / expected.size()) < 1e-3);
    // Row 0 is FITS row 1: pixel (x=3, y=5) is element 5*128+3 of the file's data.
    QVERIFY(sameFloat(r.image.at(3, 5), expected[5 * 128 + 3]));

    QCOMPARE(r.image.card(QStringLiteral("TELESCOP")), QStringLiteral("SDO/AIA"));
    QCOMPARE(r.image.cardNumber(QStringLiteral("WAVELNTH")), 171.0);
    QCOMPARE(r.image.hdus.size(), 1);
    QCOMPARE(r.image.hdus[0].kind, QStringLiteral("image"));
    QCOMPARE(r.image.hdus[0].summary, QStringLiteral("128 × 128 float64"));

    const FitsCaption caption = FitsCaption::fromImage(r.image);
    QCOMPARE(caption.wavelength, QStringLiteral("171 Å"));
    QCOMPARE(caption.date, QStringLiteral("2011-02-15T00:00:00.34"));
    QCOMPARE(caption.exposure, QStringLiteral("2.00 s"));
    QVERIFY(caption.text().startsWith(QStringLiteral("SDO/AIA (AIA_3) 171 Å · 2011-02-15")));
}

void TestFitsLoader::realHmiSampleAndHeaderCards()
{
    const QString path = kSamples + QStringLiteral("resampled_hmi.fits");
    int w = 0, h = 0;
    const std::vector<double> expected = readFloat64Primary(path, &w, &h);
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.width, 100);
    QCOMPARE(r.image.height, 100);
    int nan = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY(sameFloat(r.image.pixels[i], expected[i]));
        nan += std::isnan(expected[i]) ? 1 : 0;
    }
    QCOMPARE(r.image.stats.blankCount, std::int64_t(nan));
    // String values lose quotes and trailing blanks; comments are split off.
    QCOMPARE(r.image.card(QStringLiteral("CONTENT")), QStringLiteral("CONTINUUM INTENSITY"));
    QCOMPARE(r.image.card(QStringLiteral("cunit1")), QStringLiteral("arcsec"));
    bool sawSimple = false;
    for (const FitsCard &c : r.image.cards) {
        QCOMPARE(c.raw.size(), 80);
        if (c.key == QLatin1String("SIMPLE")) {
            sawSimple = true;
            QCOMPARE(c.value, QStringLiteral("T"));
            QCOMPARE(c.comment, QStringLiteral("conforms to FITS standard"));
        }
    }
    QVERIFY(sawSimple);
}

void TestFitsLoader::everyBitpixWithScaling_data()
{
    QTest::addColumn<int>("bitpix");
    QTest::addColumn<double>("bscale");
    QTest::addColumn<double>("bzero");
    QTest::newRow("8") << 8 << 1.0 << 0.0;
    QTest::newRow("8 signed") << 8 << 1.0 << -128.0;
    QTest::newRow("16") << 16 << 1.0 << 0.0;
    QTest::newRow("16 scaled") << 16 << 0.25 << 100.0;
    QTest::newRow("32") << 32 << 1.0 << 0.0;
    QTest::newRow("32 scaled") << 32 << 1e-3 << -5.0;
    QTest::newRow("64") << 64 << 1.0 << 0.0;
    QTest::newRow("64 scaled") << 64 << 2.0 << 1.0;
    QTest::newRow("-32") << -32 << 1.0 << 0.0;
    QTest::newRow("-32 scaled") << -32 << 3.0 << 0.5;
    QTest::newRow("-64") << -64 << 1.0 << 0.0;
}

void TestFitsLoader::everyBitpixWithScaling()
{
    QFETCH(int, bitpix);
    QFETCH(double, bscale);
    QFETCH(double, bzero);
    const int w = 37, h = 23; // odd sizes: rows are not a power of two
    const std::size_t n = std::size_t(w) * h;
    std::vector<double> raw(n);
    QRandomGenerator rng(uint(bitpix + 1000));
    for (std::size_t i = 0; i < n; ++i) {
        switch (bitpix) {
        case 8: raw[i] = double(rng.bounded(256)); break;
        case 16: raw[i] = double(int(rng.bounded(65536)) - 32768); break;
        case 32: raw[i] = double(int(rng.bounded(2000001)) - 1000000); break;
        case 64: raw[i] = double(qint64(rng.bounded(2000001)) - 1000000) * 1000.0; break;
        default: raw[i] = rng.generateDouble() * 2e4 - 1e4; break;
        }
    }
    const QString path = writeFits(m_dir, QStringLiteral("bitpix%1.fits").arg(bitpix), [&](fitsfile *f, int *status) {
        long naxes[2] = {w, h};
        fits_create_img(f, bitpix, 2, naxes, status);
        if (bscale != 1.0 || bzero != 0.0) {
            fits_write_key(f, TDOUBLE, "BSCALE", &bscale, nullptr, status);
            fits_write_key(f, TDOUBLE, "BZERO", &bzero, nullptr, status);
            fits_set_bscale(f, 1.0, 0.0, status); // write raw numbers, scaling only in the header
        }
        fits_write_img(f, TDOUBLE, 1, LONGLONG(n), raw.data(), status);
    });
    QVERIFY(!path.isEmpty());
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.bitpix, bitpix);
    QCOMPARE(r.image.width, w);
    QCOMPARE(r.image.height, h);
    for (std::size_t i = 0; i < n; ++i) {
        double expected = raw[i] * bscale + bzero;
        if (bitpix == -32)
            expected = double(float(raw[i])) * bscale + bzero; // stored as float32
        QVERIFY2(sameFloat(r.image.pixels[i], expected),
                 qPrintable(QStringLiteral("pixel %1: %2 != %3").arg(i).arg(r.image.pixels[i]).arg(expected)));
    }
}

void TestFitsLoader::blankAndNanBecomeNan()
{
    // int16 with BLANK = -32768 and scaling; float with NaN.
    std::vector<short> raw = {1, 2, -32768, 4, 5, -32768};
    const QString intPath = writeFits(m_dir, QStringLiteral("blank16.fits"), [&](fitsfile *f, int *status) {
        long naxes[2] = {3, 2};
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        long blank = -32768;
        double bscale = 2.0, bzero = 10.0;
        fits_write_key(f, TLONG, "BLANK", &blank, nullptr, status);
        fits_write_key(f, TDOUBLE, "BSCALE", &bscale, nullptr, status);
        fits_write_key(f, TDOUBLE, "BZERO", &bzero, nullptr, status);
        fits_set_bscale(f, 1.0, 0.0, status);
        fits_write_img(f, TSHORT, 1, 6, raw.data(), status);
    });
    FitsLoadResult r = FitsLoader::load(intPath);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.pixels[0], 12.0f);
    QCOMPARE(r.image.pixels[1], 14.0f);
    QVERIFY(std::isnan(r.image.pixels[2]));
    QVERIFY(std::isnan(r.image.pixels[5]));
    QCOMPARE(r.image.stats.blankCount, std::int64_t(2));
    QCOMPARE(r.image.stats.validCount, std::int64_t(4));
    QCOMPARE(r.image.stats.min, 12.0f);
    QCOMPARE(r.image.stats.max, 20.0f);
    QCOMPARE(r.image.stats.mean, (12.0 + 14 + 18 + 20) / 4);

    std::vector<float> fl = {1.5f, NAN, 3.5f, NAN};
    const QString floatPath = writeFits(m_dir, QStringLiteral("nan32.fits"), [&](fitsfile *f, int *status) {
        long naxes[2] = {2, 2};
        fits_create_img(f, FLOAT_IMG, 2, naxes, status);
        fits_write_img(f, TFLOAT, 1, 4, fl.data(), status);
    });
    r = FitsLoader::load(floatPath);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.pixels[0], 1.5f);
    QVERIFY(std::isnan(r.image.pixels[1]));
    QCOMPARE(r.image.stats.blankCount, std::int64_t(2));
    QCOMPARE(r.image.stats.mean, 2.5);
}

void TestFitsLoader::unsignedShortConvention()
{
    std::vector<unsigned short> raw = {0, 1, 32767, 32768, 65535, 40000};
    const QString path = writeFits(m_dir, QStringLiteral("ushort.fits"), [&](fitsfile *f, int *status) {
        long naxes[2] = {6, 1};
        fits_create_img(f, USHORT_IMG, 2, naxes, status); // BITPIX 16, BZERO 32768
        fits_write_img(f, TUSHORT, 1, 6, raw.data(), status);
    });
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.bitpix, 16);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(r.image.pixels[std::size_t(i)], float(raw[std::size_t(i)]));
}

void TestFitsLoader::tileCompressions_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<int>("bitpix");
    QTest::addColumn<QString>("name");
    QTest::newRow("rice int16") << RICE_1 << SHORT_IMG << QStringLiteral("RICE_1");
    QTest::newRow("rice int32") << RICE_1 << LONG_IMG << QStringLiteral("RICE_1");
    QTest::newRow("rice uint8") << RICE_1 << BYTE_IMG << QStringLiteral("RICE_1");
    QTest::newRow("gzip1 int16") << GZIP_1 << SHORT_IMG << QStringLiteral("GZIP_1");
    QTest::newRow("gzip2 int32") << GZIP_2 << LONG_IMG << QStringLiteral("GZIP_2");
    QTest::newRow("gzip2 float lossless") << GZIP_2 << FLOAT_IMG << QStringLiteral("GZIP_2");
    QTest::newRow("gzip1 double lossless") << GZIP_1 << DOUBLE_IMG << QStringLiteral("GZIP_1");
    QTest::newRow("plio int32") << PLIO_1 << LONG_IMG << QStringLiteral("PLIO_1");
    QTest::newRow("hcompress int16") << HCOMPRESS_1 << SHORT_IMG << QStringLiteral("HCOMPRESS_1");
}

void TestFitsLoader::tileCompressions()
{
    QFETCH(int, algorithm);
    QFETCH(int, bitpix);
    QFETCH(QString, name);
    const int w = 64, h = 48;
    const std::size_t n = std::size_t(w) * h;
    std::vector<double> raw(n);
    QRandomGenerator rng(uint(algorithm * 100 + bitpix + 500));
    for (std::size_t i = 0; i < n; ++i) {
        const int x = int(i % w), y = int(i / w);
        double v = 100.0 + 3.0 * x + 2.0 * y + double(rng.bounded(20)); // smooth + noise, like a real image
        if (bitpix == FLOAT_IMG || bitpix == DOUBLE_IMG)
            v = v * 0.37 - 11.0;
        if (bitpix == BYTE_IMG)
            v = double(int(v) % 256);
        raw[i] = v;
    }
    const QString file = QStringLiteral("comp_%1_%2.fits").arg(name).arg(bitpix);
    const QString path = writeFits(m_dir, file, [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, algorithm, status);
        if (bitpix < 0)
            fits_set_quantize_level(f, 0.0, status); // lossless floats
        long naxes[2] = {w, h};
        fits_create_img(f, bitpix, 2, naxes, status);
        // Compressed images must be written in their own type (cfitsio converts no types there).
        writeAs(f, bitpix, raw, status);
    });
    QVERIFY(!path.isEmpty());
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.hduIndex, 1);
    QCOMPARE(r.image.compression, name);
    QCOMPARE(r.image.bitpix, bitpix);
    QCOMPARE(r.image.width, w);
    QCOMPARE(r.image.height, h);
    for (std::size_t i = 0; i < n; ++i) {
        const double expected = bitpix == FLOAT_IMG ? double(float(raw[i])) : raw[i];
        QVERIFY2(sameFloat(r.image.pixels[i], expected),
                 qPrintable(QStringLiteral("pixel %1: %2 != %3").arg(i).arg(r.image.pixels[i]).arg(expected)));
    }
}

void TestFitsLoader::quantisedFloatCompressionKeepsNan()
{
    const int w = 40, h = 30;
    std::vector<float> raw(std::size_t(w) * h);
    QRandomGenerator rng(7);
    for (std::size_t i = 0; i < raw.size(); ++i)
        raw[i] = 1000.0f + float(rng.generateDouble() * 50.0);
    // Blank pixels are written as a flag value that cfitsio records as ZBLANK.
    raw[17] = -1e30f;
    raw[600] = -1e30f;
    const QString path = writeFits(m_dir, QStringLiteral("quantised.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, RICE_1, status);
        fits_set_quantize_level(f, 16.0, status); // lossy: noise / 16 steps
        long naxes[2] = {w, h};
        fits_create_img(f, FLOAT_IMG, 2, naxes, status);
        float flag = -1e30f;
        fits_write_imgnull(f, TFLOAT, 1, LONGLONG(raw.size()), raw.data(), &flag, status);
    });
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.stats.blankCount, std::int64_t(2));
    QVERIFY(std::isnan(r.image.pixels[17]));
    QVERIFY(std::isnan(r.image.pixels[600]));
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] > -1e29f)
            QVERIFY2(std::abs(r.image.pixels[i] - raw[i]) < 2.0f, qPrintable(QString::number(i)));
    }
}

void TestFitsLoader::compressedFileHasEmptyPrimaryAndImageHeader()
{
    std::vector<short> raw(16 * 8, 7);
    const QString path = writeFits(m_dir, QStringLiteral("jsoc_like.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, RICE_1, status);
        long naxes[2] = {16, 8};
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        char telescope[] = "SDO/AIA";
        fits_write_key(f, TSTRING, "TELESCOP", telescope, nullptr, status);
        fits_write_img(f, TSHORT, 1, LONGLONG(raw.size()), raw.data(), status);
    });
    QString error;
    const QVector<FitsHduInfo> hdus = FitsLoader::readHeaders(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(hdus.size(), 2);
    QCOMPARE(hdus[0].summary, QStringLiteral("no data"));
    QCOMPARE(hdus[1].kind, QStringLiteral("compressed image"));
    QCOMPARE(hdus[1].summary, QStringLiteral("16 × 8 int16 (RICE_1)"));
    QVERIFY(!hdus[0].holdsImage);
    QVERIFY(hdus[1].holdsImage);
    // The header of the image, not of the binary table that stores it.
    QStringList keys;
    for (const FitsCard &c : hdus[1].cards)
        keys << c.key;
    QVERIFY(keys.contains(QStringLiteral("TELESCOP")));
    QVERIFY(keys.contains(QStringLiteral("NAXIS1")));
    QVERIFY(!keys.contains(QStringLiteral("TTYPE1")));
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.card(QStringLiteral("BITPIX")), QStringLiteral("16"));
    QCOMPARE(r.image.card(QStringLiteral("NAXIS1")), QStringLiteral("16"));
    QCOMPARE(r.image.card(QStringLiteral("TELESCOP")), QStringLiteral("SDO/AIA"));
    QCOMPARE(r.image.hdus.size(), 2);
}

void TestFitsLoader::cubeSlices()
{
    const int w = 5, h = 4, d = 3;
    std::vector<int> raw(std::size_t(w) * h * d);
    for (std::size_t i = 0; i < raw.size(); ++i)
        raw[i] = int(i) * 3 - 7;
    const QString path = writeFits(m_dir, QStringLiteral("cube.fits"), [&](fitsfile *f, int *status) {
        long naxes[3] = {w, h, d};
        fits_create_img(f, LONG_IMG, 3, naxes, status);
        fits_write_img(f, TINT, 1, LONGLONG(raw.size()), raw.data(), status);
    });
    for (int s = 0; s < d; ++s) {
        FitsLoadOptions o;
        o.slice = s;
        const FitsLoadResult r = FitsLoader::load(path, o);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.image.sliceCount, d);
        QCOMPARE(r.image.sliceIndex, s);
        for (int i = 0; i < w * h; ++i)
            QCOMPARE(r.image.pixels[std::size_t(i)], float(raw[std::size_t(s * w * h + i)]));
    }
    FitsLoadOptions bad;
    bad.slice = 3;
    const FitsLoadResult r = FitsLoader::load(path, bad);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("Plane 3 does not exist")), qPrintable(r.error));
}

void TestFitsLoader::compressedCubeSlices()
{
    const int w = 20, h = 10, d = 4;
    std::vector<short> raw(std::size_t(w) * h * d);
    for (std::size_t i = 0; i < raw.size(); ++i)
        raw[i] = short(int(i % 997) - 400);
    const QString path = writeFits(m_dir, QStringLiteral("cube_rice.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, RICE_1, status);
        long naxes[3] = {w, h, d};
        fits_create_img(f, SHORT_IMG, 3, naxes, status);
        fits_write_img(f, TSHORT, 1, LONGLONG(raw.size()), raw.data(), status);
    });
    FitsLoadOptions o;
    o.slice = 2;
    const FitsLoadResult r = FitsLoader::load(path, o);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.sliceCount, d);
    for (int i = 0; i < w * h; ++i)
        QCOMPARE(r.image.pixels[std::size_t(i)], float(raw[std::size_t(2 * w * h + i)]));
}

void TestFitsLoader::chosenHdu()
{
    std::vector<short> a(4, 1), b(4, 2);
    const QString path = writeFits(m_dir, QStringLiteral("two_images.fits"), [&](fitsfile *f, int *status) {
        long naxes[2] = {2, 2};
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        fits_write_img(f, TSHORT, 1, 4, a.data(), status);
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        fits_write_img(f, TSHORT, 1, 4, b.data(), status);
    });
    FitsLoadOptions o;
    QCOMPARE(FitsLoader::load(path, o).image.pixels[0], 1.0f);
    o.hdu = 1;
    QCOMPARE(FitsLoader::load(path, o).image.pixels[0], 2.0f);
    o.hdu = 5;
    const FitsLoadResult r = FitsLoader::load(path, o);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("HDU 5 does not exist")), qPrintable(r.error));
}

void TestFitsLoader::solarImageMatchesCfitsioScaledRead()
{
    // A JSOC-like file (empty primary, RICE_1 int16, BSCALE/BZERO/BLANK) big enough for the
    // two-thread decoder; the reference is cfitsio's own scaled TFLOAT read with NaN for BLANK.
    const QString path = m_dir.filePath(QStringLiteral("solar1024.fits"));
    QString error;
    QVERIFY2(sim::FitsFactory::writeSolarImage(path, 1024, &error), qPrintable(error));
    std::vector<float> expected(1024 * 1024);
    {
        fitsfile *f = nullptr;
        int status = 0, type = 0, anyNull = 0;
        float nan = NAN;
        fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &status);
        fits_movabs_hdu(f, 2, &type, &status);
        fits_read_img(f, TFLOAT, 1, LONGLONG(expected.size()), &nan, expected.data(), &anyNull, &status);
        fits_close_file(f, &status);
        QCOMPARE(status, 0);
    }
    const FitsLoadResult r = FitsLoader::load(path);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.hduIndex, 1);
    QCOMPARE(r.image.bitpix, 16);
    QCOMPARE(r.image.compression, QStringLiteral("RICE_1"));
    std::int64_t blanks = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        blanks += std::isnan(expected[i]) ? 1 : 0;
        if (!sameFloat(r.image.pixels[i], expected[i]))
            QFAIL(qPrintable(QStringLiteral("pixel %1: %2 != %3").arg(i).arg(r.image.pixels[i]).arg(expected[i])));
    }
    QCOMPARE(r.image.stats.blankCount, blanks);
    // The raw-histogram statistics and percentiles equal those computed from the pixels.
    const FitsStats s = FitsImage::computeStats(r.image.pixels);
    QCOMPARE(r.image.stats.validCount, s.validCount);
    QCOMPARE(r.image.stats.min, s.min);
    QCOMPARE(r.image.stats.max, s.max);
    QVERIFY(std::abs(r.image.stats.mean - s.mean) < 1e-6 * std::max(1.0, std::abs(s.mean)));
    QVERIFY(!r.image.rawHistogram.empty());
    ClipSpec clip;
    const Limits fromHistogram = ImageLimits::compute(r.image, clip);
    const Limits fromPixels = ImageLimits::percentile(r.image.pixels, 99.5);
    QCOMPARE(fromHistogram.low, fromPixels.low);
    QCOMPARE(fromHistogram.high, fromPixels.high);
}

void TestFitsLoader::loadBytesEqualsLoad()
{
    const QString path = kSamples + QStringLiteral("aia_171_level1.fits");
    const FitsLoadResult fromFile = FitsLoader::load(path);
    const FitsLoadResult fromBytes = FitsLoader::loadBytes(readAll(path));
    QVERIFY2(fromBytes.ok(), qPrintable(fromBytes.error));
    QCOMPARE(fromBytes.image.width, fromFile.image.width);
    QVERIFY(std::memcmp(fromBytes.image.pixels.data(), fromFile.image.pixels.data(),
                        fromFile.image.pixels.size() * sizeof(float)) == 0);
    QCOMPARE(fromBytes.image.cards.size(), fromFile.image.cards.size());
}

void TestFitsLoader::loadAsyncDeliversValue()
{
    QFutureWatcher<FitsLoadResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(FitsLoader::loadAsync(kSamples + QStringLiteral("resampled_hmi.fits")));
    QVERIFY(finished.wait(10000));
    const FitsLoadResult r = watcher.result();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.width, 100);
}

void TestFitsLoader::emptyFileIsRejected()
{
    const FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("empty.fits"), {}));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("empty")), qPrintable(r.error));
    QVERIFY(r.image.pixels.empty());
}

void TestFitsLoader::garbageIsRejected()
{
    QByteArray junk(6000, '\0');
    QRandomGenerator rng(3);
    for (char &c : junk)
        c = char(rng.bounded(256));
    FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("junk.fits"), junk));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("not a FITS file")), qPrintable(r.error));
    // Garbage after a valid first card.
    junk.replace(0, 80, cardText("SIMPLE  =                    T"));
    r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("junk2.fits"), junk));
    QVERIFY(!r.ok());
    QVERIFY(!r.error.isEmpty());
    r = FitsLoader::load(m_dir.filePath(QStringLiteral("does-not-exist.fits")));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(QStringLiteral("Cannot open")), qPrintable(r.error));
}

void TestFitsLoader::truncatedDataIsRejected()
{
    const QByteArray whole = readAll(kSamples + QStringLiteral("aia_171_level1.fits"));
    // The last 1408 bytes are block padding: cutting 2000 loses real pixels.
    for (const qsizetype cut : {whole.size() - 2000, whole.size() / 2}) {
        const FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("cut.fits"), whole.left(cut)));
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("truncated")), qPrintable(r.error));
    }
    // A truncated compressed file.
    std::vector<short> raw(256 * 256);
    for (std::size_t i = 0; i < raw.size(); ++i)
        raw[i] = short(i * 7919 % 30000);
    const QString path = writeFits(m_dir, QStringLiteral("rice_full.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, RICE_1, status);
        long naxes[2] = {256, 256};
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        fits_write_img(f, TSHORT, 1, LONGLONG(raw.size()), raw.data(), status);
    });
    const QByteArray rice = readAll(path);
    const FitsLoadResult r =
        FitsLoader::load(writeBytes(m_dir, QStringLiteral("rice_cut.fits"), rice.left(rice.size() * 2 / 3)));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("truncated")) || r.error.contains(QStringLiteral("cannot be read")),
             qPrintable(r.error));
}

void TestFitsLoader::truncatedHeaderIsRejected()
{
    const QByteArray whole = readAll(kSamples + QStringLiteral("aia_171_level1.fits"));
    FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("head.fits"), whole.left(5000)));
    QVERIFY(!r.ok());
    QVERIFY(!r.error.isEmpty());
    r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("tiny.fits"), whole.left(100)));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("truncated")), qPrintable(r.error));
}

void TestFitsLoader::hugeNaxisIsRejectedWithoutAllocation()
{
    const QByteArray header = handHeader({"SIMPLE  =                    T", "BITPIX  =                   16",
                                          "NAXIS   =                    2", "NAXIS1  =           2000000000",
                                          "NAXIS2  =           2000000000"});
    const FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("huge.fits"), header));
    QVERIFY(!r.ok());
    // Refused by the viewer's limit or, before cfitsio, by the raw header walk (8 EB of data).
    QVERIFY2(r.error.contains(QStringLiteral("limit")) || r.error.contains(QStringLiteral("more than any file holds")),
             qPrintable(r.error));
    QVERIFY(r.image.pixels.capacity() == 0);

    const QByteArray cube = handHeader({"SIMPLE  =                    T", "BITPIX  =                  -64",
                                        "NAXIS   =                    4", "NAXIS1  =                 1000",
                                        "NAXIS2  =                 1000", "NAXIS3  =              1000000",
                                        "NAXIS4  =              1000000"});
    const FitsLoadResult c = FitsLoader::load(writeBytes(m_dir, QStringLiteral("hugecube.fits"), cube));
    QVERIFY(!c.ok());
    QVERIFY(c.image.pixels.capacity() == 0);
}

void TestFitsLoader::largeClaimWithoutDataIsTruncated()
{
    // 10000 × 10000 is within the limit, but the file holds only its header: refuse before allocating.
    const QByteArray header = handHeader({"SIMPLE  =                    T", "BITPIX  =                  -32",
                                          "NAXIS   =                    2", "NAXIS1  =                10000",
                                          "NAXIS2  =                10000"});
    const FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("claim.fits"), header));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("truncated")), qPrintable(r.error));
    QVERIFY(r.image.pixels.capacity() == 0);
}

void TestFitsLoader::tableOnlyFileHasNoImage()
{
    const QString path = writeFits(m_dir, QStringLiteral("table.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        char c1[] = "TIME", c2[] = "FLUX";
        char f1[] = "D", f2[] = "E";
        char *names[] = {c1, c2};
        char *forms[] = {f1, f2};
        fits_create_tbl(f, BINARY_TBL, 3, 2, names, forms, nullptr, "DATA", status);
        double t[3] = {1, 2, 3};
        fits_write_col(f, TDOUBLE, 1, 1, 1, 3, t, status);
    });
    FitsLoadResult r = FitsLoader::load(path);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(QStringLiteral("No image data")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("binary table, 2 columns × 3 rows")), qPrintable(r.error));
    FitsLoadOptions o;
    o.hdu = 1;
    r = FitsLoader::load(path, o);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("not an image")), qPrintable(r.error));
    QString error;
    const QVector<FitsHduInfo> hdus = FitsLoader::readHeaders(path, &error);
    QCOMPARE(hdus.size(), 2);
    QVERIFY(!hdus[0].holdsImage && !hdus[1].holdsImage);
}

// The header is read once, from the file's own bytes: every HDU that is not a compressed image
// lists exactly the records cfitsio reads from it, in order, END excluded.
void TestFitsLoader::headerCardsAreTheFilesOwn()
{
    std::vector<float> pixels(6 * 4, 1.5f);
    const QString made = writeFits(m_dir, QStringLiteral("image_and_table.fits"), [&](fitsfile *f, int *status) {
        long naxes[2] = {6, 4};
        fits_create_img(f, FLOAT_IMG, 2, naxes, status);
        char origin[] = "it's a test";
        fits_write_key(f, TSTRING, "ORIGIN", origin, "quote inside", status);
        fits_write_comment(f, "a comment card", status);
        fits_write_img(f, TFLOAT, 1, LONGLONG(pixels.size()), pixels.data(), status);
        char c1[] = "TIME", f1[] = "D";
        char *names[] = {c1};
        char *forms[] = {f1};
        fits_create_tbl(f, BINARY_TBL, 2, 1, names, forms, nullptr, "DATA", status);
    });
    QVERIFY(!made.isEmpty());
    for (const QString &path : {made, kSamples + QStringLiteral("aia_171_level1.fits"),
                                kSamples + QStringLiteral("resampled_hmi.fits")}) {
        QString error;
        const QVector<FitsHduInfo> hdus = FitsLoader::readHeaders(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        fitsfile *f = nullptr;
        int status = 0;
        fits_open_diskfile(&f, QFile::encodeName(path).constData(), READONLY, &status);
        QCOMPARE(status, 0);
        int count = 0;
        fits_get_num_hdus(f, &count, &status);
        QCOMPARE(hdus.size(), count);
        for (int i = 0; i < count; ++i) {
            int type = 0, keys = 0, more = 0;
            fits_movabs_hdu(f, i + 1, &type, &status);
            if (fits_is_compressed_image(f, &status))
                continue; // listed as the image it holds (compressedFileHasEmptyPrimaryAndImageHeader)
            fits_get_hdrspace(f, &keys, &more, &status);
            QCOMPARE(hdus[i].cards.size(), keys);
            for (int k = 0; k < keys; ++k) {
                char record[FLEN_CARD] = {};
                fits_read_record(f, k + 1, record, &status);
                QCOMPARE(hdus[i].cards[k].raw, QByteArray(record).leftJustified(80, ' '));
            }
        }
        QCOMPARE(status, 0);
        fits_close_file(f, &status);
    }
    const FitsLoadResult r = FitsLoader::load(made);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.image.card(QStringLiteral("ORIGIN")), QStringLiteral("it's a test"));
    QCOMPARE(r.image.hdus.size(), 2);
    QCOMPARE(r.image.hdus[1].kind, QStringLiteral("binary table"));
    QVERIFY(r.image.hdus[0].holdsImage);
    QVERIFY(!r.image.hdus[1].holdsImage);
}

void TestFitsLoader::unsupportedCompressionIsNamed()
{
    std::vector<short> raw(32 * 32, 5);
    const QString path = writeFits(m_dir, QStringLiteral("rice_small.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, RICE_1, status);
        long naxes[2] = {32, 32};
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        fits_write_img(f, TSHORT, 1, LONGLONG(raw.size()), raw.data(), status);
    });
    QByteArray bytes = readAll(path);
    const qsizetype at = bytes.indexOf("'RICE_1  '");
    QVERIFY(at > 0);
    bytes.replace(at, 10, "'ZSTD_1  '");
    const FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("zstd.fits"), bytes));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("ZSTD_1")) || r.error.contains(QStringLiteral("compression")),
             qPrintable(r.error));
}

void TestFitsLoader::compressedHugeClaimIsRejected()
{
    std::vector<short> raw(32 * 32, 5);
    const QString path = writeFits(m_dir, QStringLiteral("rice_claim.fits"), [&](fitsfile *f, int *status) {
        emptyPrimary(f, status);
        fits_set_compression_type(f, RICE_1, status);
        long naxes[2] = {32, 32};
        fits_create_img(f, SHORT_IMG, 2, naxes, status);
        fits_write_img(f, TSHORT, 1, LONGLONG(raw.size()), raw.data(), status);
    });
    QByteArray bytes = readAll(path);
    // ZNAXIS2 = 32 → 16000: the table still has 32 rows (tiles) for 16000 needed.
    const qsizetype at = bytes.indexOf("ZNAXIS2 =");
    QVERIFY(at > 0);
    bytes.replace(at, 30, QByteArray("ZNAXIS2 =                16000"));
    const FitsLoadResult r = FitsLoader::load(writeBytes(m_dir, QStringLiteral("rice_claim2.fits"), bytes));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("HDU 1")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("tiles")), qPrintable(r.error));
    QVERIFY(r.image.pixels.capacity() == 0);
}

QTEST_GUILESS_MAIN(TestFitsLoader)
#include "tst_fits_loader.moc"
