#include "model/fits/RiceTileRows.h"

#include "model/fits/CfitsioMessage.h"
#include "model/fits/RiceTileDecoder.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace fits {
namespace {

// ZVALn of the ZNAMEn called `name`, or `fallback` when there is none.
int riceTileParameter(fitsfile *f, const char *name, int fallback)
{
    for (int i = 1; i <= 9; ++i) {
        char key[FLEN_KEYWORD] = {}, value[FLEN_VALUE] = {};
        int status = 0;
        std::snprintf(key, sizeof key, "ZNAME%d", i);
        fits_read_key(f, TSTRING, key, value, nullptr, &status);
        if (status) {
            fits_clear_errmsg();
            return fallback;
        }
        if (QString::fromLatin1(value).trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0) {
            int v = fallback;
            std::snprintf(key, sizeof key, "ZVAL%d", i);
            fits_read_key(f, TINT, key, &v, nullptr, &status);
            if (status)
                fits_clear_errmsg();
            return status ? fallback : v;
        }
    }
    return fallback;
}

long long riceTileKey(fitsfile *f, const char *key, long long fallback)
{
    long long v = fallback;
    int status = 0;
    fits_read_key(f, TLONGLONG, key, &v, nullptr, &status);
    if (status) {
        fits_clear_errmsg();
        return fallback;
    }
    return v;
}

} // namespace

bool RiceTileRows::suits(fitsfile *f, int width, int height)
{
    char type[FLEN_VALUE] = {};
    int status = 0, fields = 0;
    fits_read_key(f, TSTRING, "ZCMPTYPE", type, nullptr, &status);
    fits_read_key(f, TINT, "TFIELDS", &fields, nullptr, &status);
    if (status) {
        fits_clear_errmsg();
        return false;
    }
    return QString::fromLatin1(type).trimmed() == QLatin1String("RICE_1") && fields == 1
           && riceTileKey(f, "ZBITPIX", 0) == 16 && riceTileKey(f, "ZNAXIS", 0) == 2
           && riceTileKey(f, "ZNAXIS1", 0) == width && riceTileKey(f, "ZNAXIS2", 0) == height
           && riceTileKey(f, "ZTILE1", width) == width && riceTileKey(f, "ZTILE2", 1) >= 1
           && riceTileParameter(f, "BYTEPIX", 4) == 2 && riceTileParameter(f, "BLOCKSIZE", 32) > 0;
}

bool RiceTileRows::open(fitsfile *f, int width, int height, QString *error)
{
    int hdu = 0;
    m_hdu = fits_get_hdu_num(f, &hdu) - 1;
    if (!suits(f, width, height)) {
        *error = QStringLiteral("not a plain RICE_1 int16 image in rows");
        return false;
    }
    int status = 0;
    fits_get_colnum(f, CASEINSEN, const_cast<char *>("COMPRESSED_DATA"), &m_column, &status);
    if (status) {
        *error = cfitsioMessage(status);
        return false;
    }
    m_file = f;
    m_width = width;
    m_height = height;
    m_blockSize = riceTileParameter(f, "BLOCKSIZE", 32);
    m_tileRows = riceTileKey(f, "ZTILE2", 1);
    m_tiles = (height + m_tileRows - 1) / m_tileRows;
    return true;
}

bool RiceTileRows::decodeTile(long long tile, short *out, QString *error)
{
    const long long rows = std::min<long long>(m_tileRows, m_height - tile * m_tileRows);
    LONGLONG length = 0, offset = 0;
    int status = 0;
    fits_read_descriptll(m_file, m_column, tile + 1, &length, &offset, &status);
    if (status || length <= 0) {
        *error = status ? cfitsioMessage(status) : QStringLiteral("Rice-compressed tile %1 of %2 is empty").arg(tile + 1).arg(m_tiles);
        return false;
    }
    m_bytes.resize(std::size_t(length));
    int anyNull = 0;
    unsigned char zero = 0;
    fits_read_col(m_file, TBYTE, m_column, tile + 1, 1, length, &zero, m_bytes.data(), &anyNull, &status);
    if (status) {
        *error = cfitsioMessage(status);
        return false;
    }
    if (!RiceTileDecoder::decodeShorts(m_bytes.data(), m_bytes.size(), m_blockSize, out, rows * m_width)) {
        // The words FitsLoader uses for a tile found damaged before decoding.
        *error = QStringLiteral("HDU %1 is damaged: Rice-compressed tile %2 of %3 is corrupt (its code runs past its %4 bytes).")
                     .arg(m_hdu).arg(tile + 1).arg(m_tiles).arg(length);
        return false;
    }
    return true;
}

bool RiceTileRows::readRows(int y0, int y1, short *out, QString *error)
{
    for (long long tile = y0 / m_tileRows; tile * m_tileRows < y1; ++tile) {
        const long long top = tile * m_tileRows;
        const long long bottom = std::min<long long>(top + m_tileRows, m_height);
        if (top >= y0 && bottom <= y1) { // the whole tile is wanted: straight into place
            if (!decodeTile(tile, out + std::size_t(top - y0) * std::size_t(m_width), error))
                return false;
            continue;
        }
        m_tile.resize(std::size_t(bottom - top) * std::size_t(m_width));
        if (!decodeTile(tile, m_tile.data(), error))
            return false;
        const long long from = std::max<long long>(top, y0), to = std::min<long long>(bottom, y1);
        std::memcpy(out + std::size_t(from - y0) * std::size_t(m_width), m_tile.data() + std::size_t(from - top) * std::size_t(m_width),
                    std::size_t(to - from) * std::size_t(m_width) * sizeof(short));
    }
    return true;
}

} // namespace fits
