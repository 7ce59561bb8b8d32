#include "model/fits/FitsLoader.h"
#include "model/fits/FitsLog.h"

#include "model/fits/CfitsioMessage.h"
#include "model/fits/CompressedImageHeader.h"
#include "model/fitsfile/FitsCompressionCheck.h"
#include "model/fits/FitsUncompress.h"
#include "model/fits/FitsPixelReader.h"
#include "model/fits/FitsRiceCheck.h"
#include "model/fitsfile/FitsStructure.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <QFile>
#include <QSet>
#include <QFileInfo>
#include <QThread>
#include <QtConcurrentRun>

#include <fitsio.h>

namespace fits {
namespace {

constexpr int kMaxAxes = 9;

// Owns a fitsfile*; closes it on every path out of the loader.
class FitsHandle final
{
public:
    FitsHandle() = default;
    ~FitsHandle()
    {
        if (m_file) {
            int status = 0;
            fits_close_file(m_file, &status);
        }
    }
    FitsHandle(const FitsHandle &) = delete;
    FitsHandle &operator=(const FitsHandle &) = delete;
    fitsfile **ptr() { return &m_file; }
    fitsfile *get() const { return m_file; }
    // cfitsio's memory driver keeps these two addresses until the file is closed. It reads whole
    // 2880-byte blocks and was seen (by the fuzz target, cfitsio 4.2) to read past the end of a
    // buffer that is not a multiple of 2880 bytes, so the bytes are copied into a padded buffer.
    QByteArray padded;
    void *memoryBuffer = nullptr;
    size_t memorySize = 0;

private:
    fitsfile *m_file = nullptr;
};

QString dequote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\''))) {
        value = value.mid(1, value.size() - 2);
        value.replace(QStringLiteral("''"), QStringLiteral("'"));
        while (value.endsWith(QLatin1Char(' ')))
            value.chop(1);
    }
    return value;
}

FitsCard parseCard(const char *card80)
{
    FitsCard c;
    c.raw = QByteArray(card80, 80);
    const QString text = QString::fromLatin1(c.raw);
    const bool hasValue = text.mid(8, 2) == QLatin1String("= ");
    const QString key = text.left(8).trimmed();
    c.key = key;
    if (!hasValue) {
        c.comment = text.mid(8).trimmed();
        return c;
    }
    char value[FLEN_VALUE] = {};
    char comment[FLEN_COMMENT] = {};
    int status = 0;
    QByteArray card = c.raw; // cfitsio's prototype is not const-correct
    fits_parse_value(card.data(), value, comment, &status);
    if (status == 0) {
        c.value = dequote(QString::fromLatin1(value));
        c.comment = QString::fromLatin1(comment).trimmed();
    } else {
        c.value = text.mid(10).trimmed(); // malformed value: show it as written
        fits_clear_errmsg();
    }
    return c;
}

QString typeName(int bitpix)
{
    switch (bitpix) {
    case BYTE_IMG: return QStringLiteral("uint8");
    case SHORT_IMG: return QStringLiteral("int16");
    case LONG_IMG: return QStringLiteral("int32");
    case LONGLONG_IMG: return QStringLiteral("int64");
    case FLOAT_IMG: return QStringLiteral("float32");
    case DOUBLE_IMG: return QStringLiteral("float64");
    default: return QStringLiteral("BITPIX %1").arg(bitpix);
    }
}

// What the current HDU holds, as far as image loading cares.
struct HduShape {
    bool compressed = false;
    int bitpix = 0;
    int naxis = 0;
    std::array<LONGLONG, kMaxAxes> naxes {};
    QString compression;     // ZCMPTYPE
};

// The header of the image a tile-compressed HDU holds (BITPIX, NAXISn, ... as cfitsio
// translates them from ZBITPIX, ZNAXISn, ...): the one header the file's own cards do not give.
bool readImageHeader(fitsfile *f, int index, QVector<FitsCard> *cards, QString *error)
{
    int status = 0;
    char *header = nullptr;
    int nkeys = 0;
    status = compressedImageHeaderText(f, &header, &nkeys); // fits_convert_hdr2str, without its 32 MiB memset
    if (status) {
        *error = QStringLiteral("HDU %1 has an unreadable header: %2").arg(index).arg(cfitsioMessage(status));
        int freeStatus = 0; // cfitsio calls do nothing with a non-zero status: it would leak
        if (header)
            fits_free_memory(header, &freeStatus);
        return false;
    }
    cards->reserve(nkeys);
    const std::size_t length = std::strlen(header);
    for (std::size_t off = 0; off + 80 <= length; off += 80) {
        FitsCard card = parseCard(header + off);
        if (card.key == QLatin1String("END") && card.value.isEmpty())
            break;
        cards->push_back(std::move(card));
    }
    int freeStatus = 0;
    fits_free_memory(header, &freeStatus);
    return true;
}

// `raw` is the same HDU as the pre-scan read it: its cards are the header, read once. cfitsio is
// asked only for what it interprets (the HDU type, the image size, a compressed image's header).
bool readCurrentHdu(fitsfile *f, const FitsHduLayout &raw, FitsHduInfo *info, HduShape *shape, QString *error)
{
    const int index = raw.index;
    int status = 0;
    int hduType = 0;
    fits_get_hdu_type(f, &hduType, &status);
    const bool compressed = fits_is_compressed_image(f, &status) != 0;
    if (status) {
        *error = QStringLiteral("HDU %1 has an unreadable header: %2").arg(index).arg(cfitsioMessage(status));
        return false;
    }

    info->index = index;
    info->cards.clear();
    if (compressed) {
        if (!readImageHeader(f, index, &info->cards, error))
            return false;
    } else {
        info->cards.reserve(raw.keptCards());
        for (int i = 0; i < raw.keptCards(); ++i)
            info->cards.push_back(parseCard(raw.card(i).data()));
    }

    shape->compressed = compressed;
    if (hduType == IMAGE_HDU || compressed) {
        fits_get_img_paramll(f, kMaxAxes, &shape->bitpix, &shape->naxis, shape->naxes.data(), &status);
        if (status) {
            *error = QStringLiteral("HDU %1: the image size cannot be read: %2").arg(index).arg(cfitsioMessage(status));
            return false;
        }
        if (shape->naxis > kMaxAxes) {
            *error = QStringLiteral("HDU %1 has %2 axes; at most %3 are supported").arg(index).arg(shape->naxis).arg(kMaxAxes);
            return false;
        }
        bool anyPixel = shape->naxis > 0;
        for (int i = 0; i < shape->naxis; ++i)
            anyPixel = anyPixel && shape->naxes[i] > 0;
        info->holdsImage = anyPixel;
        if (compressed) {
            char cmp[FLEN_VALUE] = {};
            int s = 0;
            fits_read_key(f, TSTRING, "ZCMPTYPE", cmp, nullptr, &s);
            if (s)
                fits_clear_errmsg();
            shape->compression = QString::fromLatin1(cmp).trimmed();
        }
        QStringList dims;
        for (int i = 0; i < shape->naxis; ++i)
            dims << QString::number(shape->naxes[i]);
        info->kind = compressed ? QStringLiteral("compressed image") : QStringLiteral("image");
        if (!anyPixel)
            info->summary = QStringLiteral("no data");
        else
            info->summary = dims.join(QStringLiteral(" × ")) + QLatin1Char(' ') + typeName(shape->bitpix)
                            + (compressed ? QStringLiteral(" (%1)").arg(shape->compression) : QString());
    } else {
        long rows = 0;
        int cols = 0;
        fits_get_num_rows(f, &rows, &status);
        fits_get_num_cols(f, &cols, &status);
        if (status)
            fits_clear_errmsg();
        info->kind = hduType == ASCII_TBL ? QStringLiteral("ascii table") : QStringLiteral("binary table");
        info->summary = (cols == 1 ? QStringLiteral("1 column") : QStringLiteral("%1 columns").arg(cols))
                        + (rows == 1 ? QStringLiteral(" × 1 row") : QStringLiteral(" × %1 rows").arg(rows));
    }
    return true;
}

// What the file's own bytes say before cfitsio reads them (FitsStructure): cfitsio may visit
// only the first `safeHdus` HDUs. It stops before the first HDU whose header the raw walker could
// not parse and before the first tile-compressed image whose keywords would crash cfitsio
// (FitsCompressionCheck); `refusal` says why in words.
struct PreScan {
    FitsStructure structure;
    int safeHdus = 0;
    QString refusal;
};

// A tile-compressed image whose header gives a Z keyword twice: FitsCompressionCheck checks the
// first, but cfitsio reads whichever its search meets first from where it stands (a second
// ZTILE2 = 'BYTEPIX' divided by zero in cfitsio 4.2, found by the fuzz run).
QString repeatedCompressionKeyword(const FitsHduLayout &hdu)
{
    if (!FitsCompressionCheck::isCompressedImage(hdu))
        return {};
    QSet<QByteArray> seen;
    for (int i = 0; i < hdu.keptCards(); ++i) {
        const QByteArray key = FitsStructure::keywordOf(hdu.card(i)).toByteArray();
        if (!key.startsWith('Z'))
            continue;
        if (seen.contains(key))
            return QStringLiteral("HDU %1 is a tile-compressed image whose header gives %2 twice; cfitsio could read either")
                .arg(hdu.index).arg(QString::fromLatin1(key));
        seen.insert(key);
    }
    return {};
}

PreScan preScan(const QString &path, const QByteArray *memory)
{
    PreScan p;
    p.structure = memory ? FitsStructure::scanBytes(*memory) : FitsStructure::scanFile(path);
    const QVector<FitsHduLayout> &hdus = p.structure.hdus;
    p.safeHdus = int(hdus.size());
    for (int i = 0; i < hdus.size(); ++i) {
        QString problem = FitsCompressionCheck::problem(hdus[i]);
        if (problem.isEmpty())
            problem = repeatedCompressionKeyword(hdus[i]);
        if (!problem.isEmpty()) {
            p.safeHdus = i;
            p.refusal = problem;
            break;
        }
    }
    if (p.refusal.isEmpty() && p.structure.totalHdus > hdus.size())
        p.refusal = QStringLiteral("only the first %1 of %2 HDUs are read").arg(hdus.size()).arg(p.structure.totalHdus);
    else if (p.refusal.isEmpty() && !p.structure.isWhole())
        p.refusal = p.structure.problem;
    return p;
}

// A header shown from the raw cards, for HDUs cfitsio is not allowed to read.
FitsHduInfo rawHduInfo(const FitsHduLayout &layout, const QString &why)
{
    FitsHduInfo info;
    info.index = layout.index;
    const bool compressed = FitsCompressionCheck::isCompressedImage(layout);
    info.kind = compressed ? QStringLiteral("compressed image")
                : layout.index == 0 || layout.xtension == "IMAGE" ? QStringLiteral("image")
                : layout.xtension == "BINTABLE"                 ? QStringLiteral("binary table")
                : layout.xtension == "TABLE"                    ? QStringLiteral("ascii table")
                                                                 : QString::fromLatin1(layout.xtension).toLower();
    info.summary = QStringLiteral("not read: %1").arg(why);
    info.refused = true;
    info.cards.reserve(layout.keptCards());
    for (int i = 0; i < layout.keptCards(); ++i)
        info.cards.push_back(parseCard(layout.card(i).data()));
    return info;
}

// Opens `path` (literally: no cfitsio extended-name syntax) or the bytes in `memory`.
bool openFits(FitsHandle &handle, const QString &path, const QByteArray *memory, qint64 *size, QString *error)
{
    QByteArray head;
    if (memory) {
        *size = memory->size();
        head = memory->left(80);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("Cannot open %1: %2").arg(path, file.errorString());
            return false;
        }
        *size = file.size();
        head = file.read(80);
    }
    if (*size == 0) {
        *error = QStringLiteral("The file is empty (0 bytes); it is not a FITS file.");
        return false;
    }
    if (!head.startsWith("SIMPLE  =")) {
        *error = QStringLiteral("This is not a FITS file: it does not begin with the card 'SIMPLE  ='.");
        return false;
    }
    if (*size < 2880) {
        *error = QStringLiteral("The file is truncated: %1 bytes, less than one 2880-byte FITS header block.").arg(*size);
        return false;
    }
    int status = 0;
    if (memory) {
        if (memory->size() % 2880 == 0) {
            // Whole blocks: cfitsio reads (READONLY never writes) the caller's bytes, which outlive
            // the handle; no copy of a gzip'd file's inflated gigabyte.
            handle.memoryBuffer = const_cast<char *>(memory->constData());
            handle.memorySize = size_t(memory->size());
        } else {
            handle.padded = *memory;
            handle.padded.append(QByteArray((2880 - memory->size() % 2880) % 2880, '\0'));
            handle.memoryBuffer = handle.padded.data();
            handle.memorySize = size_t(handle.padded.size());
        }
        fits_open_memfile(handle.ptr(), "memory.fits", READONLY, &handle.memoryBuffer, &handle.memorySize, 0, nullptr,
                          &status);
    } else {
        fits_open_diskfile(handle.ptr(), QFile::encodeName(path).constData(), READONLY, &status);
    }
    if (status) {
        *error = QStringLiteral("This FITS file cannot be read: %1").arg(cfitsioMessage(status));
        return false;
    }
    return true;
}

// Walks the HDUs cfitsio may visit; stops quietly at the end of the file and with an error only
// when no HDU at all could be read (a damaged trailing HDU still lets the viewer show the image
// before it).
QVector<FitsHduInfo> scanHdus(fitsfile *f, const PreScan &pre, QVector<HduShape> *shapes, QString *error, QString *warning)
{
    QVector<FitsHduInfo> hdus;
    for (int i = 0; i < pre.safeHdus; ++i) {
        int status = 0;
        int type = 0;
        fits_movabs_hdu(f, i + 1, &type, &status);
        if (status) {
            const bool end = status == END_OF_FILE;
            const QString why = cfitsioMessage(status);
            if (!end && warning)
                *warning = QStringLiteral("HDU %1 cannot be read: %2").arg(i).arg(why);
            if (hdus.isEmpty())
                *error = QStringLiteral("This FITS file cannot be read: %1").arg(why);
            break;
        }
        FitsHduInfo info;
        HduShape shape;
        QString hduError;
        if (!readCurrentHdu(f, pre.structure.hdus[i], &info, &shape, &hduError)) {
            if (warning)
                *warning = hduError;
            if (hdus.isEmpty())
                *error = hduError;
            break;
        }
        hdus.push_back(std::move(info));
        shapes->push_back(shape);
    }
    return hdus;
}

// Every HDU of the file, for load() and readHeaders() alike: those cfitsio may visit read
// through it, the rest listed from their raw cards. `warning` (may be null) gets why not every HDU
// was read when the file still has an HDU to show.
QVector<FitsHduInfo> listHdus(fitsfile *f, const PreScan &pre, QVector<HduShape> *shapes, QString *error, QString *warning)
{
    QVector<FitsHduInfo> hdus = scanHdus(f, pre, shapes, error, warning);
    if (hdus.isEmpty() && !pre.refusal.isEmpty())
        *error = QStringLiteral("This FITS file cannot be read: %1.").arg(pre.refusal);
    if (warning && warning->isEmpty() && hdus.size() == pre.safeHdus && !pre.refusal.isEmpty())
        *warning = pre.refusal;
    for (int i = int(hdus.size()); i < pre.structure.hdus.size(); ++i) {
        hdus.push_back(rawHduInfo(pre.structure.hdus[i], i == pre.safeHdus && !pre.refusal.isEmpty()
                                                              ? pre.refusal
                                                              : QStringLiteral("an earlier HDU cannot be read")));
        shapes->push_back(HduShape{});
    }
    return hdus;
}

// Each tile's (length, offset) descriptor must point inside the heap: cfitsio allocates the
// claimed length before reading it, so a damaged descriptor would cost gigabytes (found by fuzzing).
bool checkTileDescriptors(fitsfile *f, LONGLONG rows, LONGLONG rowBytes, LONGLONG heap, int hdu, QString *error)
{
    LONGLONG heapStart = rowBytes * rows;
    int s = 0;
    fits_read_key(f, TLONGLONG, "THEAP", &heapStart, nullptr, &s);
    if (s)
        fits_clear_errmsg();
    const double heapEnd = double(rowBytes) * double(rows) + double(std::max<LONGLONG>(heap, 0));
    for (const char *name : {"COMPRESSED_DATA", "GZIP_COMPRESSED_DATA", "UNCOMPRESSED_DATA"}) {
        int column = 0;
        int status = 0;
        fits_get_colnum(f, CASEINSEN, const_cast<char *>(name), &column, &status);
        if (status) {
            fits_clear_errmsg();
            continue;
        }
        int typecode = 0;
        LONGLONG repeat = 0, width = 0;
        fits_get_coltypell(f, column, &typecode, &repeat, &width, &status);
        if (status || typecode >= 0) { // variable-length columns have negative type codes
            fits_clear_errmsg();
            continue;
        }
        for (LONGLONG row = 1; row <= rows; ++row) {
            LONGLONG length = 0, offset = 0;
            fits_read_descriptll(f, column, row, &length, &offset, &status);
            if (status || length < 0 || offset < 0
                || double(heapStart) + double(offset) + double(length) * double(std::max<LONGLONG>(width, 1)) > heapEnd) {
                fits_clear_errmsg();
                *error = QStringLiteral("HDU %1 is damaged: compressed tile %2 points outside the file's data.")
                             .arg(hdu).arg(row);
                return false;
            }
        }
    }
    return true;
}

// The value of the ZVALn paired with ZNAMEn = `name` (Rice's BLOCKSIZE, BYTEPIX), or `fallback`.
int riceParameterOf(fitsfile *f, const char *name, int fallback)
{
    for (int n = 1; n <= 9; ++n) {
        char key[FLEN_KEYWORD] = {}, value[FLEN_VALUE] = {};
        int status = 0;
        std::snprintf(key, sizeof key, "ZNAME%d", n);
        fits_read_key(f, TSTRING, key, value, nullptr, &status);
        if (status) {
            fits_clear_errmsg();
            return fallback;
        }
        if (QByteArray(value).trimmed().toUpper() == name) {
            int v = fallback;
            std::snprintf(key, sizeof key, "ZVAL%d", n);
            fits_read_key(f, TINT, key, &v, nullptr, &status);
            if (status)
                fits_clear_errmsg();
            return status ? fallback : v;
        }
    }
    return fallback;
}

// Every Rice tile walked as cfitsio's decoder will read it (FitsRiceCheck): a damaged tile would
// make the decoder read past its buffer, so it is refused here, in words.
bool checkRiceTiles(fitsfile *f, LONGLONG rows, int hdu, QString *error)
{
    int status = 0, column = 0, zaxes = 0;
    fits_get_colnum(f, CASEINSEN, const_cast<char *>("COMPRESSED_DATA"), &column, &status);
    fits_read_key(f, TINT, "ZNAXIS", &zaxes, nullptr, &status);
    if (status || zaxes < 1 || zaxes > kMaxAxes) {
        fits_clear_errmsg();
        return true; // no Rice column: nothing cfitsio's Rice decoder will read
    }
    std::array<LONGLONG, kMaxAxes> axes {}, tiles {}, tileCounts {};
    for (int d = 0; d < zaxes; ++d) {
        char key[FLEN_KEYWORD] = {};
        std::snprintf(key, sizeof key, "ZNAXIS%d", d + 1);
        fits_read_key(f, TLONGLONG, key, &axes[d], nullptr, &status);
        std::snprintf(key, sizeof key, "ZTILE%d", d + 1);
        int tileStatus = 0;
        tiles[d] = d == 0 ? axes[0] : 1; // cfitsio's default: one image row a tile
        fits_read_key(f, TLONGLONG, key, &tiles[d], nullptr, &tileStatus);
        if (tileStatus)
            fits_clear_errmsg();
        if (status || axes[d] < 1 || tiles[d] < 1) {
            fits_clear_errmsg();
            return true; // FitsCompressionCheck already refused such headers
        }
        tileCounts[d] = (axes[d] + tiles[d] - 1) / tiles[d];
    }
    RiceTileShape shape;
    shape.blockSize = riceParameterOf(f, "BLOCKSIZE", 32);
    shape.bytesPerPixel = riceParameterOf(f, "BYTEPIX", 4);
    std::vector<unsigned char> bytes;
    for (LONGLONG row = 1; row <= rows; ++row) {
        // The tile's own size: edge tiles are cut by the image's edge.
        LONGLONG index = row - 1;
        shape.pixels = 1;
        for (int d = 0; d < zaxes; ++d) {
            const LONGLONG at = index % tileCounts[d];
            index /= tileCounts[d];
            shape.pixels *= std::min(tiles[d], axes[d] - at * tiles[d]);
        }
        LONGLONG length = 0, offset = 0;
        fits_read_descriptll(f, column, row, &length, &offset, &status);
        if (status || length <= 0) {
            fits_clear_errmsg();
            continue; // an empty tile is read from UNCOMPRESSED_DATA or GZIP_COMPRESSED_DATA
        }
        bytes.resize(std::size_t(length));
        int anyNull = 0;
        unsigned char zero = 0;
        fits_read_col(f, TBYTE, column, row, 1, length, &zero, bytes.data(), &anyNull, &status);
        if (status || !FitsRiceCheck::tileStaysInside(bytes.data(), bytes.size(), shape)) {
            fits_clear_errmsg();
            *error = QStringLiteral("HDU %1 is damaged: Rice-compressed tile %2 of %3 is corrupt (its code runs past its %4 bytes).")
                         .arg(hdu).arg(row).arg(rows).arg(length);
            return false;
        }
    }
    return true;
}

// Checks the claimed sizes against the bytes the file really has, before any allocation.
bool checkDataFits(fitsfile *f, const HduShape &shape, std::int64_t planePixels, int slice, qint64 fileSize,
                   int hdu, QString *error)
{
    int status = 0;
    LONGLONG headStart = 0, dataStart = 0, dataEnd = 0;
    fits_get_hduaddrll(f, &headStart, &dataStart, &dataEnd, &status);
    if (status) {
        *error = QStringLiteral("HDU %1: %2").arg(hdu).arg(cfitsioMessage(status));
        return false;
    }
    const qint64 available = fileSize - qint64(dataStart);
    if (!shape.compressed) {
        const double needed = double(std::abs(shape.bitpix) / 8) * double(planePixels) * double(slice + 1);
        if (double(available) < needed) {
            *error = QStringLiteral("The file is truncated: HDU %1 needs %2 bytes of image data but only %3 remain.")
                         .arg(hdu).arg(qint64(needed)).arg(std::max<qint64>(available, 0));
            return false;
        }
        return true;
    }
    // The compression name, the tile sizes and the tile count against the table's rows were
    // checked from the raw header (FitsCompressionCheck) before cfitsio saw the file.
    // The compressed table: one row per tile, NAXIS1 bytes a row, plus a PCOUNT-byte heap.
    LONGLONG rowBytes = 0, rows = 0, heap = 0;
    fits_read_key(f, TLONGLONG, "NAXIS1", &rowBytes, nullptr, &status);
    fits_read_key(f, TLONGLONG, "NAXIS2", &rows, nullptr, &status);
    int heapStatus = 0;
    fits_read_key(f, TLONGLONG, "PCOUNT", &heap, nullptr, &heapStatus);
    if (status) {
        *error = QStringLiteral("HDU %1: the compressed image table is malformed: %2").arg(hdu).arg(cfitsioMessage(status));
        return false;
    }
    fits_clear_errmsg();
    const double tableBytes = double(rowBytes) * double(rows) + double(std::max<LONGLONG>(heap, 0));
    if (double(available) < tableBytes) {
        *error = QStringLiteral("The file is truncated: HDU %1 needs %2 bytes of compressed data but only %3 remain.")
                     .arg(hdu).arg(qint64(tableBytes)).arg(std::max<qint64>(available, 0));
        return false;
    }
    if (!checkTileDescriptors(f, rows, rowBytes, heap, hdu, error))
        return false;
    // int16 Rice tiles in rows are decoded by the pixel reader's own decoder, which checks every
    // byte of a tile as it decodes it: walking them all first would cost as much again, on one core.
    if (FitsPixelReader::decodesRiceItself(f, shape.bitpix, shape.naxis, shape.naxes[0], shape.naxis >= 2 ? shape.naxes[1] : 1))
        return true;
    return !shape.compression.startsWith(QLatin1String("RICE")) || checkRiceTiles(f, rows, hdu, error);
}

FitsLoadResult loadFrom(const QString &path, const QByteArray *memory, const FitsLoadOptions &options)
{
    FitsLoadResult result;
    QByteArray inflated;
    if (!memory && FitsUncompress::readIfCompressed(path, options.maxInflatedBytes, &inflated, &result.error)) {
        if (!result.ok())
            return result;
        memory = &inflated;
    }
    // The raw scan first: cfitsio reads no header, not even the primary one, before it.
    const PreScan pre = preScan(path, memory);
    FitsHandle handle;
    qint64 fileSize = 0;
    if (!openFits(handle, path, memory, &fileSize, &result.error))
        return result;
    fitsfile *f = handle.get();

    QVector<HduShape> shapes;
    QString warning;
    QVector<FitsHduInfo> hdus = listHdus(f, pre, &shapes, &result.error, &warning);
    if (!result.ok())
        return result;

    int hdu = options.hdu;
    if (hdu < 0) {
        for (int i = 0; i < shapes.size() && hdu < 0; ++i) {
            if (hdus[i].holdsImage)
                hdu = i;
        }
        if (hdu < 0) {
            QStringList what;
            for (const FitsHduInfo &h : hdus)
                what << QStringLiteral("HDU %1: %2, %3").arg(h.index).arg(h.kind, h.summary);
            if (!warning.isEmpty() && warning == pre.refusal)
                result.error = warning.left(1).toUpper() + warning.mid(1) + QStringLiteral(", and no HDU before it holds an image.");
            else if (!warning.isEmpty())
                result.error = warning + QStringLiteral(", and no HDU before it holds an image (%1).")
                                             .arg(what.join(QStringLiteral("; ")));
            else
                result.error = QStringLiteral("No image data in this file (%1).").arg(what.join(QStringLiteral("; ")));
            result.noImage = true;
            result.image.hdus = std::move(hdus);
            return result;
        }
    } else if (hdu >= shapes.size()) {
        result.error = QStringLiteral("HDU %1 does not exist: the file has %2 HDU(s) (0 to %3).")
                           .arg(hdu).arg(shapes.size()).arg(shapes.size() - 1);
        return result;
    } else if (hdu >= pre.safeHdus) {
        result.error = hdu == pre.safeHdus && !pre.refusal.isEmpty()
                           ? pre.refusal.left(1).toUpper() + pre.refusal.mid(1) + QLatin1Char('.')
                           : QStringLiteral("HDU %1 cannot be read: it lies after HDU %2, which cannot be read (%3).")
                                 .arg(hdu).arg(pre.safeHdus).arg(pre.refusal);
        return result;
    } else if (!hdus[hdu].holdsImage) {
        result.error = QStringLiteral("HDU %1 is a %2 (%3), not an image.").arg(hdu).arg(hdus[hdu].kind, hdus[hdu].summary);
        return result;
    }

    const HduShape &shape = shapes[hdu];
    const LONGLONG width = shape.naxes[0];
    const LONGLONG height = shape.naxis >= 2 ? shape.naxes[1] : 1;
    LONGLONG planes = 1;
    for (int i = 2; i < shape.naxis; ++i) {
        if (planes > (LONGLONG(1) << 40) / shape.naxes[i]) {
            result.error = QStringLiteral("HDU %1 claims an absurd number of image planes.").arg(hdu);
            return result;
        }
        planes *= shape.naxes[i];
    }
    if (width > options.maxPixels || height > options.maxPixels || width * height > options.maxPixels) {
        result.error = QStringLiteral("HDU %1 claims an image of %2 × %3 pixels, more than this viewer's limit of %4 pixels "
                                      "per plane; the header is probably damaged.")
                           .arg(hdu).arg(width).arg(height).arg(options.maxPixels);
        return result;
    }
    if (options.slice < 0 || options.slice >= planes) {
        result.error = QStringLiteral("Plane %1 does not exist: HDU %2 has %3 plane(s) (0 to %4).")
                           .arg(options.slice).arg(hdu).arg(planes).arg(planes - 1);
        return result;
    }

    int status = 0;
    int type = 0;
    fits_movabs_hdu(f, hdu + 1, &type, &status);
    if (status) {
        result.error = QStringLiteral("HDU %1 cannot be read: %2").arg(hdu).arg(cfitsioMessage(status));
        return result;
    }
    if (!checkDataFits(f, shape, width * height, options.slice, fileSize, hdu, &result.error))
        return result;

    FitsImage &image = result.image;
    image.width = int(width);
    image.height = int(height);
    image.hduIndex = hdu;
    image.bitpix = shape.bitpix;
    image.compression = shape.compression;
    image.sliceIndex = options.slice;
    image.sliceCount = int(std::min<LONGLONG>(planes, std::numeric_limits<int>::max()));
    image.cards = hdus[hdu].cards;

    try {
        if (options.maxSide <= 0) // else the reader allocates only the averaged image
            image.pixels.resize(std::size_t(width) * std::size_t(height));
    } catch (const std::bad_alloc &) {
        result = {};
        result.error = QStringLiteral("Not enough memory for a %1 × %2 image.").arg(width).arg(height);
        return result;
    }
    PixelReadPlan plan;
    plan.path = memory ? QString() : path;
    plan.hduIndex = hdu;
    plan.bitpix = shape.bitpix;
    plan.naxis = shape.naxis;
    std::copy(shape.naxes.begin(), shape.naxes.end(), plan.naxes);
    plan.slice = options.slice;
    plan.compressed = shape.compressed;
    plan.bscale = image.cardNumber(QStringLiteral("BSCALE"), 1.0);
    plan.bzero = image.cardNumber(QStringLiteral("BZERO"), 0.0);
    double blank = image.cardNumber(QStringLiteral("BLANK"));
    if (!std::isfinite(blank) && shape.compressed) {
        double zblank = 0;
        int s = 0;
        fits_read_key(f, TDOUBLE, "ZBLANK", &zblank, nullptr, &s);
        if (s == 0)
            blank = zblank;
        else
            fits_clear_errmsg();
    }
    plan.hasBlank = std::isfinite(blank);
    plan.blank = plan.hasBlank ? (long long)(blank) : 0;
    if (shape.compressed) {
        LONGLONG tileRows = 1;
        int s = 0;
        fits_read_key(f, TLONGLONG, "ZTILE2", &tileRows, nullptr, &s);
        if (s)
            fits_clear_errmsg();
        plan.tileRows = std::max<LONGLONG>(1, tileRows);
    }
    // Two decoding threads pay off from about a megapixel (an SDO image is 16).
    plan.threads = !memory && width * height >= (LONGLONG(1) << 20) && QThread::idealThreadCount() >= 2 ? 2 : 1;
    if (qEnvironmentVariableIntValue("JSOC_FITS_THREADS") == 1) // for measuring the single-thread path
        plan.threads = 1;
    plan.maxSide = options.maxSide;
    QString readError;
    const bool read = plan.maxSide > 0 ? FitsPixelReader::readDownsampled(f, plan, &image, &readError)
                                       : FitsPixelReader::read(f, plan, &image, &readError);
    if (!read) {
        result = {};
        result.error = QStringLiteral("The image data in HDU %1 cannot be read: %2").arg(hdu).arg(readError);
        return result;
    }
    image.hdus = std::move(hdus);
    result.warning = warning;
    return result;
}

} // namespace

FitsLoadResult FitsLoader::load(const QString &path, const FitsLoadOptions &options)
{
    FitsLoadResult result = loadFrom(path, nullptr, options);
    if (result.ok())
        qCDebug(lcFits).noquote() << QStringLiteral("loaded %1: HDU %2, %3 x %4")
                                         .arg(path, QString::number(result.image.hduIndex), QString::number(result.image.width),
                                              QString::number(result.image.height));
    else
        qCDebug(lcFits).noquote() << QStringLiteral("not loaded %1: %2").arg(path, result.error);
    return result;
}

FitsLoadResult FitsLoader::loadBytes(const QByteArray &bytes, const FitsLoadOptions &options)
{
    return loadFrom(QString(), &bytes, options);
}

QFuture<FitsLoadResult> FitsLoader::loadAsync(const QString &path, const FitsLoadOptions &options)
{
    return QtConcurrent::run([path, options] { return load(path, options); });
}

QVector<FitsHduInfo> FitsLoader::readHeaders(const QString &path, QString *error, FitsHeaderListInfo *list,
                                             std::int64_t maxInflatedBytes)
{
    QString message;
    QByteArray inflated;
    const bool gzipped = FitsUncompress::readIfCompressed(path, maxInflatedBytes, &inflated, &message);
    if (!message.isEmpty()) {
        if (error)
            *error = message;
        return {};
    }
    const QByteArray *memory = gzipped ? &inflated : nullptr;
    const PreScan pre = preScan(path, memory); // before cfitsio reads anything, as in load()
    FitsHandle handle;
    qint64 size = 0;
    if (!openFits(handle, path, memory, &size, &message)) {
        if (error)
            *error = message;
        return {};
    }
    QVector<HduShape> shapes;
    QVector<FitsHduInfo> hdus = listHdus(handle.get(), pre, &shapes, &message, nullptr);
    if (list) {
        list->totalHdus = std::max<int>(pre.structure.totalHdus, int(hdus.size()));
        list->problem = pre.refusal;
    }
    if (error)
        *error = message;
    return hdus;
}

QString FitsLoader::visitTableHdu(const QString &path, const QByteArray *memory, int hdu, std::int64_t maxInflatedBytes,
                                  const HduVisitor &visit)
{
    QString message;
    QByteArray inflated;
    if (!memory && FitsUncompress::readIfCompressed(path, maxInflatedBytes, &inflated, &message)) {
        if (!message.isEmpty())
            return message;
        memory = &inflated;
    }
    const PreScan pre = preScan(path, memory);
    FitsHandle handle;
    qint64 size = 0;
    if (!openFits(handle, path, memory, &size, &message))
        return message;
    QVector<HduShape> shapes;
    const QVector<FitsHduInfo> hdus = listHdus(handle.get(), pre, &shapes, &message, nullptr);
    if (!message.isEmpty())
        return message;
    const auto isTable = [](const FitsHduInfo &h) { return h.kind.endsWith(QLatin1String("table")); };
    if (hdu < 0) {
        for (int i = 0; i < std::min<int>(pre.safeHdus, int(hdus.size())) && hdu < 0; ++i) {
            if (isTable(hdus[i]))
                hdu = i;
        }
        if (hdu < 0)
            return QStringLiteral("This file holds no table that can be read.");
    }
    if (hdu >= hdus.size())
        return QStringLiteral("HDU %1 does not exist: the file has %2 HDU(s).").arg(hdu).arg(hdus.size());
    if (hdu >= pre.safeHdus || hdus[hdu].refused)
        return QStringLiteral("HDU %1 cannot be read: %2.").arg(hdu).arg(hdus[hdu].summary);
    if (!isTable(hdus[hdu]))
        return QStringLiteral("HDU %1 is a %2 (%3), not a table.").arg(hdu).arg(hdus[hdu].kind, hdus[hdu].summary);
    int status = 0;
    int type = 0;
    fits_movabs_hdu(handle.get(), hdu + 1, &type, &status);
    if (status)
        return QStringLiteral("HDU %1 cannot be read: %2").arg(hdu).arg(cfitsioMessage(status));
    // The table's bytes must be in the file before cfitsio is asked for rows.
    const FitsHduLayout &layout = pre.structure.hdus[hdu];
    if (layout.dataStart + layout.dataBytes > size)
        return QStringLiteral("The file is truncated: HDU %1 needs %2 bytes of table data but only %3 remain.")
            .arg(hdu).arg(layout.dataBytes).arg(std::max<qint64>(0, size - layout.dataStart));
    return visit(handle.get(), hdus[hdu]);
}

} // namespace fits
