#include "support/FitsCorpus.h"

#include "support/CompressedContainers.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <fitsio.h>
#include <zlib.h>

#include <cmath>
#include <vector>

namespace testsupport {
namespace {

// Every corpus image holds values written by cfitsio through this one plan.
struct CorpusImageSpec {
    int bitpix = SHORT_IMG;
    double bscale = 1.0;
    double bzero = 0.0;
    bool dither = false; // add a little noise so quantisation has something to do
};

// The stored value of physical value `p` under the spec's scaling.
double storedOfCorpus(const CorpusImageSpec &spec, double p)
{
    return (p - spec.bzero) / spec.bscale;
}


template<typename T>
void writeCorpusAs(fitsfile *f, int datatype, const std::vector<double> &stored, int *status)
{
    std::vector<T> typed(stored.size());
    for (std::size_t i = 0; i < stored.size(); ++i)
        typed[i] = T(stored[i]);
    fits_write_img(f, datatype, 1, LONGLONG(typed.size()), typed.data(), status);
}

// Writes the current (just created) image HDU's pixels in its own stored type, scaling off so the
// exact integers land in the file; BSCALE/BZERO cards then say how to read them back.
void writeCorpusPixels(fitsfile *f, const CorpusImageSpec &spec, int *status)
{
    if (spec.bscale != 1.0 || spec.bzero != 0.0) {
        fits_write_key(f, TDOUBLE, "BSCALE", const_cast<double *>(&spec.bscale), "physical = BZERO + BSCALE * stored", status);
        fits_write_key(f, TDOUBLE, "BZERO", const_cast<double *>(&spec.bzero), nullptr, status);
        fits_set_bscale(f, 1.0, 0.0, status);
    }
    std::vector<double> stored(std::size_t(kCorpusWidth) * kCorpusHeight);
    for (int y = 0; y < kCorpusHeight; ++y)
        for (int x = 0; x < kCorpusWidth; ++x)
            stored[std::size_t(y) * kCorpusWidth + x]
                = storedOfCorpus(spec, spec.dither ? noisyCorpusPixel(x, y) : corpusPixel(x, y));
    // cfitsio compresses only data handed over in the image's own type.
    switch (spec.bitpix) {
    case BYTE_IMG: writeCorpusAs<unsigned char>(f, TBYTE, stored, status); break;
    case SHORT_IMG: writeCorpusAs<short>(f, TSHORT, stored, status); break;
    case LONG_IMG: writeCorpusAs<int>(f, TINT, stored, status); break;
    case LONGLONG_IMG: writeCorpusAs<LONGLONG>(f, TLONGLONG, stored, status); break;
    case FLOAT_IMG: writeCorpusAs<float>(f, TFLOAT, stored, status); break;
    default: fits_write_img(f, TDOUBLE, 1, LONGLONG(stored.size()), stored.data(), status); break;
    }
}

void createCorpusImage(fitsfile *f, const CorpusImageSpec &spec, int *status)
{
    long axes[2] = {kCorpusWidth, kCorpusHeight};
    fits_create_img(f, spec.bitpix, 2, axes, status);
    writeCorpusPixels(f, spec, status);
}

QString cfitsioFailure(const QString &what, int status)
{
    char text[FLEN_STATUS] = {};
    fits_get_errstatus(status, text);
    fits_clear_errmsg();
    return QStringLiteral("%1: cfitsio status %2 (%3)").arg(what).arg(status).arg(QString::fromLatin1(text));
}

// Creates `path` afresh ("!" lets cfitsio overwrite; a .gz name makes it gzip the file).
fitsfile *createCorpusFile(const QString &path, int *status)
{
    QFile::remove(path);
    fitsfile *f = nullptr;
    fits_create_file(&f, QFile::encodeName(path).constData(), status);
    return f;
}

QString closeCorpusFile(fitsfile *f, const QString &path, int status)
{
    fits_close_file(f, &status);
    return status ? cfitsioFailure(path, status) : QString();
}

QString writeSimpleImage(const QString &path, const CorpusImageSpec &spec)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    createCorpusImage(f, spec, &status);
    return closeCorpusFile(f, path, status);
}

QString writeTileCompressed(const QString &path, int compression, const CorpusImageSpec &spec, int quantizeMethod = 0)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    fits_set_compression_type(f, compression, &status);
    long tile[2] = {16, 8};
    fits_set_tile_dim(f, 2, tile, &status);
    if (quantizeMethod) {
        fits_set_quantize_method(f, quantizeMethod, &status);
        fits_set_quantize_level(f, 16.0f, &status);
    }
    createCorpusImage(f, spec, &status);
    return closeCorpusFile(f, path, status);
}

// A binary table of 3 columns × 128 rows: an integer, a vector and a string column.
void createCorpusBinaryTable(fitsfile *f, int rows, int *status)
{
    char *names[] = {const_cast<char *>("INDEX"), const_cast<char *>("COUNTS"), const_cast<char *>("NAME")};
    char *forms[] = {const_cast<char *>("J"), const_cast<char *>("4E"), const_cast<char *>("8A")};
    char *units[] = {const_cast<char *>(""), const_cast<char *>("ct/s"), const_cast<char *>("")};
    fits_create_tbl(f, BINARY_TBL, rows, 3, names, forms, units, "EVENTS", status);
    std::vector<int> index(rows);
    std::vector<float> counts(std::size_t(rows) * 4);
    std::vector<QByteArray> nameBytes(rows);
    std::vector<char *> namePtrs(rows);
    for (int r = 0; r < rows; ++r) {
        index[r] = r * 3 + 1;
        for (int k = 0; k < 4; ++k)
            counts[std::size_t(r) * 4 + k] = float(r) + 0.25f * float(k);
        nameBytes[r] = "row" + QByteArray::number(r);
        namePtrs[r] = nameBytes[r].data();
    }
    fits_write_col(f, TINT, 1, 1, 1, rows, index.data(), status);
    fits_write_col(f, TFLOAT, 2, 1, 1, LONGLONG(counts.size()), counts.data(), status);
    fits_write_col(f, TSTRING, 3, 1, 1, rows, namePtrs.data(), status);
}

QString writeBinaryTable(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    createCorpusBinaryTable(f, 128, &status);
    return closeCorpusFile(f, path, status);
}

QString writeAsciiTable(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    char *names[] = {const_cast<char *>("STAR"), const_cast<char *>("MAG"), const_cast<char *>("N")};
    char *forms[] = {const_cast<char *>("A10"), const_cast<char *>("F8.3"), const_cast<char *>("I6")};
    char *units[] = {const_cast<char *>(""), const_cast<char *>("mag"), const_cast<char *>("")};
    const int rows = 20;
    fits_create_tbl(f, ASCII_TBL, rows, 3, names, forms, units, "CATALOG", &status);
    for (int r = 0; r < rows; ++r) {
        QByteArray star = "star" + QByteArray::number(r);
        char *s = star.data();
        double mag = 5.0 + 0.125 * r;
        int n = r * r;
        fits_write_col(f, TSTRING, 1, r + 1, 1, 1, &s, &status);
        fits_write_col(f, TDOUBLE, 2, r + 1, 1, 1, &mag, &status);
        fits_write_col(f, TINT, 3, r + 1, 1, 1, &n, &status);
    }
    return closeCorpusFile(f, path, status);
}

QString writeImageAfterTable(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    createCorpusBinaryTable(f, 5, &status);
    createCorpusImage(f, CorpusImageSpec{LONG_IMG}, &status);
    return closeCorpusFile(f, path, status);
}

QDateTime curveStart()
{
    QDateTime start = QDateTime::fromString(QString::fromLatin1(kCurveStartUtc), Qt::ISODateWithMs);
    start.setTimeSpec(Qt::UTC); // the string is UTC, not local time
    return start;
}

// Days since 1858-11-17 00:00 UTC (MJD 0); the Unix epoch is MJD 40587.
double mjdOfCorpus(const QDateTime &utc)
{
    return 40587.0 + double(utc.toMSecsSinceEpoch()) / 86400000.0;
}

// GOES XRS-style: TIME in seconds after TIMEZERO, itself seconds after MJDREF; FLUX[2] (two channels).
QString writeGoesCurve(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    char *names[] = {const_cast<char *>("TIME"), const_cast<char *>("FLUX")};
    char *forms[] = {const_cast<char *>("D"), const_cast<char *>("2E")};
    char *units[] = {const_cast<char *>("s"), const_cast<char *>("W/m2")};
    fits_create_tbl(f, BINARY_TBL, kCurveRows, 2, names, forms, units, "FLUXES", &status);
    double mjdref = 50814.0; // 1998-01-01
    const double dayStartMjd = std::floor(mjdOfCorpus(curveStart()));
    double timezero = (dayStartMjd - mjdref) * 86400.0;
    const double sinceDay = (mjdOfCorpus(curveStart()) - dayStartMjd) * 86400.0;
    fits_write_key(f, TSTRING, "TIMESYS", const_cast<char *>("UTC"), nullptr, &status);
    fits_write_key(f, TDOUBLE, "MJDREF", &mjdref, "1998-01-01", &status);
    fits_write_key(f, TDOUBLE, "TIMEZERO", &timezero, "s after MJDREF: start of the day", &status);
    fits_write_key(f, TSTRING, "TIMEUNIT", const_cast<char *>("s"), nullptr, &status);
    for (int r = 0; r < kCurveRows; ++r) {
        double t = std::round(sinceDay) + r * kCurveCadenceSeconds;
        float flux[2] = {float(curveFlux(r)), float(curveFlux(r) * 0.1)};
        fits_write_col(f, TDOUBLE, 1, r + 1, 1, 1, &t, &status);
        fits_write_col(f, TFLOAT, 2, r + 1, 1, 2, flux, &status);
    }
    return closeCorpusFile(f, path, status);
}

// EVE-style: MJD in days, irradiance columns.
QString writeEveCurve(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    char *names[] = {const_cast<char *>("MJD"), const_cast<char *>("IRR_0304"), const_cast<char *>("IRR_0335")};
    char *forms[] = {const_cast<char *>("D"), const_cast<char *>("E"), const_cast<char *>("E")};
    char *units[] = {const_cast<char *>("d"), const_cast<char *>("W/m2"), const_cast<char *>("W/m2")};
    fits_create_tbl(f, BINARY_TBL, kCurveRows, 3, names, forms, units, "LINES", &status);
    const double start = mjdOfCorpus(curveStart());
    for (int r = 0; r < kCurveRows; ++r) {
        double mjd = start + r * kCurveCadenceSeconds / 86400.0;
        float a = float(curveFlux(r)), b = float(curveFlux(r) * 2);
        fits_write_col(f, TDOUBLE, 1, r + 1, 1, 1, &mjd, &status);
        fits_write_col(f, TFLOAT, 2, r + 1, 1, 1, &a, &status);
        fits_write_col(f, TFLOAT, 3, r + 1, 1, 1, &b, &status);
    }
    return closeCorpusFile(f, path, status);
}

// LYRA-style: ISO time strings and four channels.
QString writeLyraCurve(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    fits_create_img(f, SHORT_IMG, 0, nullptr, &status);
    char *names[] = {const_cast<char *>("DATE-OBS"), const_cast<char *>("CHANNEL1"), const_cast<char *>("CHANNEL2"),
                     const_cast<char *>("CHANNEL3"), const_cast<char *>("CHANNEL4")};
    char *forms[] = {const_cast<char *>("23A"), const_cast<char *>("E"), const_cast<char *>("E"),
                     const_cast<char *>("E"), const_cast<char *>("E")};
    fits_create_tbl(f, BINARY_TBL, kCurveRows, 5, names, forms, nullptr, "IRRADIANCE", &status);
    for (int r = 0; r < kCurveRows; ++r) {
        QByteArray iso = curveStart().addMSecs(qint64(r * kCurveCadenceSeconds * 1000)).toString(Qt::ISODateWithMs).left(23).toLatin1();
        char *s = iso.data();
        fits_write_col(f, TSTRING, 1, r + 1, 1, 1, &s, &status);
        for (int c = 0; c < 4; ++c) {
            float v = float(curveFlux(r) * (c + 1));
            fits_write_col(f, TFLOAT, 2 + c, r + 1, 1, 1, &v, &status);
        }
    }
    return closeCorpusFile(f, path, status);
}

QByteArray readCorpusBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString writeCorpusBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return QStringLiteral("cannot write %1").arg(path);
    return {};
}

// A primary float image and an int32 extension image, cut off in the middle of the extension's data.
QString writeTruncatedLater(const QString &path)
{
    int status = 0;
    fitsfile *f = createCorpusFile(path, &status);
    createCorpusImage(f, CorpusImageSpec{FLOAT_IMG}, &status);
    createCorpusImage(f, CorpusImageSpec{LONG_IMG}, &status);
    if (const QString e = closeCorpusFile(f, path, status); !e.isEmpty())
        return e;
    const QByteArray bytes = readCorpusBytes(path);
    // Primary: 1 header block + 4800 bytes of data (2 blocks); the extension header is one block.
    return writeCorpusBytes(path, bytes.left(2880 * 4 + 1000));
}

// A Rice image whose heap has been overwritten in the middle: the tile descriptors stay sane.
QString writeCorruptTile(const QString &path, int compression)
{
    if (const QString e = writeTileCompressed(path, compression, CorpusImageSpec{SHORT_IMG}); !e.isEmpty())
        return e;
    QByteArray bytes = readCorpusBytes(path);
    int at = bytes.indexOf("END     ", 2880); // the compressed table's header ends here
    const int dataStart = (at / 2880 + 1) * 2880;
    const int heapMiddle = dataStart + 12 * 8 + 200; // past the descriptors (12 tiles × 8 bytes)
    for (int i = heapMiddle; i < heapMiddle + 300 && i < bytes.size(); ++i)
        bytes[i] = char(0xA5 ^ (i * 7));
    return writeCorpusBytes(path, bytes);
}

QByteArray corpusCard(const QByteArray &text)
{
    return text.leftJustified(80, ' ', true);
}

QByteArray corpusValueCard(const char *key, const QByteArray &value)
{
    return corpusCard(QByteArray(key).leftJustified(8) + "= " + value.rightJustified(20));
}

QByteArray padCorpusBlock(QByteArray bytes, char fill)
{
    bytes.append(QByteArray((2880 - bytes.size() % 2880) % 2880, fill));
    return bytes;
}

// The whole of `from`, gzip'd into `to` (as VSO and colleagues hand files on).
QString gzipCorpusFile(const QString &from, const QString &to)
{
    const QByteArray bytes = readCorpusBytes(from);
    gzFile gz = gzopen(QFile::encodeName(to).constData(), "wb6");
    if (!gz || bytes.isEmpty())
        return QStringLiteral("cannot gzip %1").arg(from);
    const bool ok = gzwrite(gz, bytes.constData(), unsigned(bytes.size())) == bytes.size();
    return gzclose(gz) == Z_OK && ok ? QString() : QStringLiteral("cannot gzip %1").arg(from);
}

// NAXIS1 = 2^31 over one data block.
QString writeHugeNaxis(const QString &path)
{
    QByteArray header = corpusValueCard("SIMPLE", "T") + corpusValueCard("BITPIX", "16") + corpusValueCard("NAXIS", "2")
                        + corpusValueCard("NAXIS1", "2147483648") + corpusValueCard("NAXIS2", "1") + corpusCard("END");
    return writeCorpusBytes(path, padCorpusBlock(header, ' ') + QByteArray(2880, '\0'));
}

// 100 000 HISTORY cards before a small int16 image.
QString writeManyCards(const QString &path)
{
    QByteArray header = corpusValueCard("SIMPLE", "T") + corpusValueCard("BITPIX", "16") + corpusValueCard("NAXIS", "2")
                        + corpusValueCard("NAXIS1", QByteArray::number(kCorpusWidth))
                        + corpusValueCard("NAXIS2", QByteArray::number(kCorpusHeight));
    header.reserve(100010 * 80);
    for (int i = 0; i < 100000; ++i)
        header += corpusCard("HISTORY step " + QByteArray::number(i) + " of a long pipeline");
    header += corpusCard("END");
    QByteArray data;
    for (int y = 0; y < kCorpusHeight; ++y) {
        for (int x = 0; x < kCorpusWidth; ++x) {
            const int v = int(corpusPixel(x, y));
            data.append(char((v >> 8) & 0xff)).append(char(v & 0xff)); // big-endian
        }
    }
    return writeCorpusBytes(path, padCorpusBlock(header, ' ') + padCorpusBlock(data, '\0'));
}

// A valid 8192 × 8192 BITPIX 8 file of zeros, gzip'd: 64 MiB inflated from about 64 KiB.
QString writeGzipBomb(const QString &path)
{
    const int side = 8192;
    QByteArray header = corpusValueCard("SIMPLE", "T") + corpusValueCard("BITPIX", "8") + corpusValueCard("NAXIS", "2")
                        + corpusValueCard("NAXIS1", QByteArray::number(side))
                        + corpusValueCard("NAXIS2", QByteArray::number(side)) + corpusCard("END");
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "wb9");
    if (!gz)
        return QStringLiteral("cannot write %1").arg(path);
    const QByteArray head = padCorpusBlock(header, ' ');
    bool ok = gzwrite(gz, head.constData(), unsigned(head.size())) == head.size();
    const QByteArray zeros(1 << 20, '\0');
    for (int i = 0; ok && i < side * side / zeros.size(); ++i)
        ok = gzwrite(gz, zeros.constData(), unsigned(zeros.size())) == zeros.size();
    const int padding = (2880 - (side * side) % 2880) % 2880; // the data unit ends on a block
    ok = ok && gzwrite(gz, zeros.constData(), unsigned(padding)) == padding;
    return gzclose(gz) == Z_OK && ok ? QString() : QStringLiteral("cannot gzip %1").arg(path);
}

// A valid BITPIX 8 image of zeros: corpus::kContainerBombSide² bytes, a few KiB once compressed.
QByteArray containerBombFits()
{
    const int side = corpus::kContainerBombSide;
    const QByteArray header = corpusValueCard("SIMPLE", "T") + corpusValueCard("BITPIX", "8") + corpusValueCard("NAXIS", "2")
                              + corpusValueCard("NAXIS1", QByteArray::number(side))
                              + corpusValueCard("NAXIS2", QByteArray::number(side)) + corpusCard("END");
    return padCorpusBlock(header, ' ') + padCorpusBlock(QByteArray(qsizetype(side) * side, '\0'), '\0');
}

// The .Z, .zip and .bz2 files, made from plain corpus files already written in `dir`.
QString writeContainerFiles(const QDir &dir)
{
    auto at = [&dir](const char *name) { return dir.filePath(QString::fromLatin1(name)); };
    const QByteArray floats = readCorpusBytes(at(corpus::bitpixName(-32)));
    const QByteArray scaled = readCorpusBytes(at(corpus::kScaled16));
    if (floats.isEmpty() || scaled.isEmpty())
        return QStringLiteral("the plain files the containers hold are missing");
    QStringList failures;
    auto write = [&](const char *name, const QByteArray &bytes) {
        const QString e = bytes.size() < 16 ? QStringLiteral("cannot make %1").arg(QString::fromLatin1(name)) : writeCorpusBytes(at(name), bytes);
        if (!e.isEmpty())
            failures << e;
    };
    const QByteArray compressed = unixCompressed(floats, 16);
    write(corpus::kCompressFloat, compressed);
    write(corpus::kCompressScaled, unixCompressed(scaled, 10));
    write(corpus::kCompressNamedPlain, compressed);
    const QByteArray stored = zipOfOne(floats, "bitpix-32.fits", false);
    write(corpus::kZipDeflate, zipOfOne(scaled, "scaled-int16.fits", true));
    write(corpus::kZipStored, stored);
    const QByteArray bzipped = bzip2Compressed(floats);
    write(corpus::kBzip2, bzipped);
    write(corpus::kTruncatedCompress, compressed.left(compressed.size() / 2));
    write(corpus::kTruncatedZip, stored.left(stored.size() / 2));
    write(corpus::kTruncatedBzip2, bzipped.left(bzipped.size() / 2));
    QByteArray corruptCompress = compressed;
    for (int i = 3; i < 9; ++i)
        corruptCompress[i] = char(0xff); // the first code becomes 511: no byte
    write(corpus::kCorruptCompress, corruptCompress);
    QByteArray corruptZip = stored;
    const qsizetype pixelByte = 30 + qsizetype(qstrlen("bitpix-32.fits")) + 2880 + 1001; // inside the data unit
    corruptZip[pixelByte] = char(corruptZip[pixelByte] ^ 0x10);
    write(corpus::kCorruptZip, corruptZip);
    QByteArray corruptBzip2 = bzipped;
    for (qsizetype i = bzipped.size() / 2; i < bzipped.size() / 2 + 16; ++i)
        corruptBzip2[i] = char(corruptBzip2[i] ^ 0x5a);
    write(corpus::kCorruptBzip2, corruptBzip2);
    const QByteArray bomb = containerBombFits();
    write(corpus::kBombCompress, unixCompressed(bomb, 16));
    write(corpus::kBombZip, zipOfOne(bomb, "bomb.fits", true));
    write(corpus::kBombBzip2, bzip2Compressed(bomb));
    return failures.join(QStringLiteral("; "));
}

} // namespace

double corpusPixel(int x, int y)
{
    return double((x * 5 + y * 3) % 200 + ((x + y) % 2) * 40);
}

double noisyCorpusPixel(int x, int y)
{
    return corpusPixel(x, y) + 0.37 * std::sin(double(y * kCorpusWidth + x) * 12.9898);
}

double curveFlux(int row)
{
    // A flare-like profile: quiet 1e-6, rising to 1e-4 at row 100, decaying after it.
    const double t = row - 100.0;
    return 1e-6 + 1e-4 * (t < 0 ? std::exp(-t * t / 400.0) : std::exp(-t / 60.0));
}

QString tileCompressedName(const QString &compression)
{
    return QStringLiteral("tile-%1.fits").arg(compression);
}

QStringList corpusTileCompressions()
{
    return {QStringLiteral("RICE_1"), QStringLiteral("GZIP_1"), QStringLiteral("GZIP_2"), QStringLiteral("HCOMPRESS_1"),
            QStringLiteral("PLIO_1")};
}

QString writeFitsCorpus(const QString &dirPath)
{
    QDir dir(dirPath);
    if (!dir.mkpath(QStringLiteral(".")))
        return QStringLiteral("cannot create %1").arg(dirPath);
    auto at = [&dir](const char *name) { return dir.filePath(QString::fromLatin1(name)); };
    QStringList failures;
    auto note = [&failures](const QString &e) {
        if (!e.isEmpty())
            failures << e;
    };
    for (int bitpix : {8, 16, 32, 64, -32, -64})
        note(writeSimpleImage(at(corpus::bitpixName(bitpix)), CorpusImageSpec{bitpix}));
    note(writeSimpleImage(at(corpus::kScaled16), CorpusImageSpec{SHORT_IMG, 0.5, -100.0}));
    note(writeSimpleImage(at(corpus::kUnsigned16), CorpusImageSpec{SHORT_IMG, 1.0, 32768.0}));
    note(writeSimpleImage(at(corpus::kGzip), CorpusImageSpec{FLOAT_IMG}));
    note(writeSimpleImage(at(corpus::kGzipFts), CorpusImageSpec{SHORT_IMG, 0.5, -100.0}));
    const int codes[] = {RICE_1, GZIP_1, GZIP_2, HCOMPRESS_1, PLIO_1};
    const QStringList names = corpusTileCompressions();
    for (int i = 0; i < names.size(); ++i)
        note(writeTileCompressed(dir.filePath(tileCompressedName(names[i])), codes[i], CorpusImageSpec{SHORT_IMG, 0.5, -100.0}));
    note(gzipCorpusFile(dir.filePath(tileCompressedName(QStringLiteral("RICE_1"))), at(corpus::kGzipTiles)));
    note(writeTileCompressed(at(corpus::kFloatBzero), RICE_1, CorpusImageSpec{FLOAT_IMG, 1.0, 10.0, true}, SUBTRACTIVE_DITHER_1));
    note(writeTileCompressed(at(corpus::kDither1), RICE_1, CorpusImageSpec{FLOAT_IMG, 1.0, 0.0, true}, SUBTRACTIVE_DITHER_1));
    note(writeTileCompressed(at(corpus::kDither2), GZIP_1, CorpusImageSpec{FLOAT_IMG, 1.0, 0.0, true}, SUBTRACTIVE_DITHER_2));
    note(writeImageAfterTable(at(corpus::kImageAfterTable)));
    note(writeBinaryTable(at(corpus::kBinaryTable)));
    note(writeAsciiTable(at(corpus::kAsciiTable)));
    note(writeGoesCurve(at(corpus::kGoesCurve)));
    note(writeEveCurve(at(corpus::kEveCurve)));
    note(writeLyraCurve(at(corpus::kLyraCurve)));
    note(writeTruncatedLater(at(corpus::kTruncatedLater)));
    note(writeCorruptTile(at(corpus::kCorruptTile), RICE_1));
    note(writeCorruptTile(at(corpus::kCorruptGzipTile), GZIP_1));
    note(writeCorruptTile(at(corpus::kCorruptHcompressTile), HCOMPRESS_1));
    note(writeHugeNaxis(at(corpus::kHugeNaxis)));
    note(writeManyCards(at(corpus::kManyCards)));
    note(writeGzipBomb(at(corpus::kGzipBomb)));
    note(writeContainerFiles(dir));
    return failures.join(QStringLiteral("; "));
}

} // namespace testsupport
