#include "model/fits/FitsPixelReader.h"

#include "model/fits/BoxDownsample.h"
#include "model/fits/CfitsioMessage.h"
#include "model/fits/RiceTileRows.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>
#include <type_traits>

#include <QFile>

#include <fitsio.h>

namespace fits {
namespace {

template<typename T> constexpr int cfitsioType();
template<> constexpr int cfitsioType<std::uint8_t>() { return TBYTE; }
template<> constexpr int cfitsioType<short>() { return TSHORT; }
template<> constexpr int cfitsioType<int>() { return TINT; }
template<> constexpr int cfitsioType<long long>() { return TLONGLONG; }

// Stored integers as decoded: not zero-filled first (the decoder writes every element).
template<typename T>
using StoredBuffer = std::vector<T, PixelAllocator<T>>;

// What one band of rows contributed.
struct BandResult {
    QString error;
    std::vector<std::uint32_t> histogram;
    double sum = 0.0;
    std::int64_t valid = 0;
    float min = std::numeric_limits<float>::infinity();
    float max = -std::numeric_limits<float>::infinity();
};

// fits_read_subset's corners for whole rows [y0, y1) of the plane `plan.slice` (1-based, inclusive).
struct PlaneRowSubset {
    long first[9], last[9], inc[9];
    PlaneRowSubset(const PixelReadPlan &plan, int width, int y0, int y1)
    {
        std::fill(std::begin(inc), std::end(inc), 1L);
        long long rest = plan.slice;
        for (int i = 2; i < plan.naxis; ++i) {
            first[i] = last[i] = long(rest % plan.naxes[i]) + 1;
            rest /= plan.naxes[i];
        }
        first[0] = 1;
        last[0] = width;
        first[1] = long(y0 + 1);
        last[1] = long(y1);
    }
};

// Where one thread's stored integers come from: our Rice decoder for the plain JSOC layout
// (plan.ownRice), cfitsio's fits_read_subset for everything else.
template<typename T>
class StoredRowSource
{
public:
    StoredRowSource(fitsfile *f, const PixelReadPlan &plan, int width)
        : m_file(f)
        , m_plan(plan)
        , m_width(width)
    {
        if constexpr (std::is_same_v<T, short>) {
            QString ignored; // suits() was checked on the first handle; cfitsio reads if this fails
            m_rice = plan.ownRice && m_riceRows.open(f, width, int(plan.naxes[1]), &ignored);
        }
    }
    // Rows [y0, y1) as stored (no scaling, no null check); false with a message.
    bool read(int y0, int y1, T *out, QString *error)
    {
        if constexpr (std::is_same_v<T, short>) {
            if (m_rice)
                return m_riceRows.readRows(y0, y1, out, error);
        }
        PlaneRowSubset rows(m_plan, m_width, y0, y1);
        int status = 0, anyNull = 0;
        // No null value: cfitsio hands back the stored integers untouched; BLANK is handled by the caller.
        fits_read_subset(m_file, cfitsioType<T>(), rows.first, rows.last, rows.inc, nullptr, out, &anyNull, &status);
        if (status) {
            *error = cfitsioMessage(status);
            return false;
        }
        return true;
    }

private:
    fitsfile *m_file;
    const PixelReadPlan &m_plan;
    int m_width;
    bool m_rice = false;
    RiceTileRows m_riceRows;
};

template<typename T>
void readBand(fitsfile *f, const PixelReadPlan &plan, int width, int y0, int y1, float *pixels, BandResult *r)
{
    constexpr bool histogrammed = sizeof(T) <= 2;
    constexpr int offset = std::is_same_v<T, short> ? -32768 : 0;
    if (histogrammed)
        r->histogram.assign(std::size_t(1) << (8 * sizeof(T)), 0);
    // About a million pixels per read keeps the raw buffer small; whole tiles per read.
    const long long tileRows = std::max<long long>(1, plan.tileRows);
    long long chunk = std::max<long long>(1, (1 << 20) / std::max(1, width));
    chunk = ((chunk + tileRows - 1) / tileRows) * tileRows;
    StoredBuffer<T> raw(std::size_t(chunk) * std::size_t(width));
    StoredRowSource<T> source(f, plan, width);
    const bool hasBlank = plan.hasBlank;
    const T blank = T(plan.blank);
    const double scale = plan.bscale, zero = plan.bzero;
    for (long long y = y0; y < y1; y += chunk) {
        const long long rows = std::min<long long>(chunk, y1 - y);
        if (!source.read(int(y), int(y + rows), raw.data(), &r->error))
            return;
        const std::size_t n = std::size_t(rows) * std::size_t(width);
        float *out = pixels + std::size_t(y) * std::size_t(width);
        for (std::size_t i = 0; i < n; ++i) {
            const T v = raw[i];
            if (hasBlank && v == blank) {
                out[i] = std::numeric_limits<float>::quiet_NaN();
                continue;
            }
            const float p = float(double(v) * scale + zero);
            out[i] = p;
            if constexpr (histogrammed) {
                ++r->histogram[std::size_t(int(v) - offset)];
            } else {
                r->min = std::min(r->min, p);
                r->max = std::max(r->max, p);
                r->sum += p;
                ++r->valid;
            }
        }
    }
}

// Opens a second handle on the same HDU for a worker thread. Integer data is read as stored
// (scaling applied by us); floating-point data keeps cfitsio's own scaling.
fitsfile *openAgain(const PixelReadPlan &plan)
{
    fitsfile *f = nullptr;
    int status = 0, type = 0;
    fits_open_diskfile(&f, QFile::encodeName(plan.path).constData(), READONLY, &status);
    fits_movabs_hdu(f, plan.hduIndex + 1, &type, &status);
    if (plan.bitpix > 0)
        fits_set_bscale(f, 1.0, 0.0, &status);
    if (status) {
        int s = 0;
        if (f)
            fits_close_file(f, &s);
        return nullptr;
    }
    return f;
}

template<typename T>
bool readInteger(fitsfile *f, const PixelReadPlan &plan, FitsImage *image, QString *error)
{
    int status = 0;
    fits_set_bscale(f, 1.0, 0.0, &status); // stored integers; scaling is applied in readBand
    if (status) {
        *error = cfitsioMessage(status);
        return false;
    }
    const int w = image->width, h = image->height;
    const long long tileRows = std::max<long long>(1, plan.tileRows);
    long long split = plan.threads > 1 && h >= 256 ? ((h / 2 + tileRows - 1) / tileRows) * tileRows : h;
    split = std::min<long long>(split, h);
    BandResult top, bottom;
    fitsfile *second = split < h ? openAgain(plan) : nullptr;
    if (second) {
        std::thread worker([&] { readBand<T>(second, plan, w, int(split), h, image->pixels.data(), &top); });
        readBand<T>(f, plan, w, 0, int(split), image->pixels.data(), &bottom);
        worker.join();
        int s = 0;
        fits_close_file(second, &s);
    } else {
        readBand<T>(f, plan, w, 0, h, image->pixels.data(), &bottom);
    }
    if (!bottom.error.isEmpty() || !top.error.isEmpty()) {
        *error = bottom.error.isEmpty() ? top.error : bottom.error;
        return false;
    }
    FitsStats &s = image->stats;
    if constexpr (sizeof(T) <= 2) {
        if (!top.histogram.empty()) {
            for (std::size_t i = 0; i < bottom.histogram.size(); ++i)
                bottom.histogram[i] += top.histogram[i];
        }
        image->rawHistogram = std::move(bottom.histogram);
        image->rawOffset = std::is_same_v<T, short> ? -32768 : 0;
        image->rawScale = plan.bscale;
        image->rawZero = plan.bzero;
        double sum = 0.0;
        std::int64_t valid = 0;
        float lo = std::numeric_limits<float>::infinity(), hi = -lo;
        for (std::size_t i = 0; i < image->rawHistogram.size(); ++i) {
            const std::uint32_t c = image->rawHistogram[i];
            if (c == 0)
                continue;
            const float v = float(image->physicalOfBin(int(i)));
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sum += double(v) * c;
            valid += c;
        }
        s.validCount = valid;
        if (valid > 0) {
            s.min = lo;
            s.max = hi;
            s.mean = sum / double(valid);
        }
    } else {
        s.validCount = bottom.valid + top.valid;
        if (s.validCount > 0) {
            s.min = std::min(bottom.min, top.min);
            s.max = std::max(bottom.max, top.max);
            s.mean = (bottom.sum + top.sum) / double(s.validCount);
        }
    }
    s.blankCount = std::int64_t(image->pixels.size()) - s.validCount;
    return true;
}

bool readFloat(fitsfile *f, const PixelReadPlan &plan, FitsImage *image, QString *error)
{
    PlaneRowSubset rows(plan, image->width, 0, image->height);
    float nullValue = std::numeric_limits<float>::quiet_NaN();
    int anyNull = 0, status = 0;
    // TFLOAT with a NaN null value: cfitsio applies BSCALE/BZERO, ZBLANK and dithering.
    fits_read_subset(f, TFLOAT, rows.first, rows.last, rows.inc, &nullValue, image->pixels.data(), &anyNull, &status);
    if (status) {
        *error = cfitsioMessage(status);
        return false;
    }
    image->stats = FitsImage::computeStats(image->pixels);
    return true;
}

// Source rows [y0, y1) as physical values (BLANK → NaN) into `out`, read as the stored type T
// with the same conversion readBand() applies. Returns the cfitsio status.
template<typename T>
int readPhysicalRows(fitsfile *f, const PixelReadPlan &plan, int width, int y0, int y1, StoredBuffer<T> &raw,
                     float *out, StoredRowSource<T> *source, QString *error)
{
    const std::size_t n = std::size_t(y1 - y0) * std::size_t(width);
    int status = 0, anyNull = 0;
    if constexpr (std::is_same_v<T, float>) {
        PlaneRowSubset rows(plan, width, y0, y1);
        float nullValue = std::numeric_limits<float>::quiet_NaN();
        fits_read_subset(f, TFLOAT, rows.first, rows.last, rows.inc, &nullValue, out, &anyNull, &status);
        if (status)
            *error = cfitsioMessage(status);
        return status;
    } else {
        if (raw.size() < n)
            raw.resize(n);
        if (!source->read(y0, y1, raw.data(), error))
            return -1;
        const bool hasBlank = plan.hasBlank;
        const T blank = T(plan.blank);
        const double scale = plan.bscale, zero = plan.bzero;
        for (std::size_t i = 0; i < n; ++i) {
            const T v = raw[i];
            out[i] = hasBlank && v == blank ? std::numeric_limits<float>::quiet_NaN() : float(double(v) * scale + zero);
        }
        return 0;
    }
}

// Output rows [oy0, oy1) of the averaged image, decoded in groups of about a million source
// pixels: only a group's rows exist at full resolution at any time.
template<typename T>
void readAveragedBand(fitsfile *f, const PixelReadPlan &plan, const BoxGrid &grid, int width, int oy0, int oy1,
                      float *outPixels, QString *error)
{
    if (oy0 >= oy1)
        return;
    const int rowsPerOutput = std::max(1, grid.rowEnd(oy0) - grid.rowStart(oy0));
    // Groups of about 128 K pixels: decoded and averaged while still in the core's cache.
    const int group = std::max(1, (1 << 17) / std::max(1, width * rowsPerOutput));
    StoredBuffer<T> raw;
    StoredRowSource<T> source(f, plan, width);
    PixelBuffer physical;
    std::vector<double> sum;
    std::vector<int> count;
    // 8/16-bit data: every stored value's physical value in a table (readPhysicalRows' formula,
    // NaN for BLANK); the rows are then averaged straight from the stored integers.
    constexpr bool tabulated = std::is_integral_v<T> && sizeof(T) <= 2;
    constexpr int tableOffset = std::is_same_v<T, short> ? -32768 : 0;
    std::vector<float> physicalOf;
    if constexpr (tabulated) {
        physicalOf.resize(std::size_t(1) << (8 * sizeof(T)));
        for (std::size_t i = 0; i < physicalOf.size(); ++i) {
            const T v = T(int(i) + tableOffset);
            physicalOf[i] = plan.hasBlank && v == T(plan.blank) ? std::numeric_limits<float>::quiet_NaN()
                                                                  : float(double(v) * plan.bscale + plan.bzero);
        }
    }
    for (int oy = oy0; oy < oy1; oy += group) {
        const int oyEnd = std::min(oy1, oy + group);
        const int y0 = grid.rowStart(oy), y1 = grid.rowEnd(oyEnd - 1);
        const std::size_t n = std::size_t(y1 - y0) * std::size_t(width);
        if constexpr (tabulated) {
            if (raw.size() < n)
                raw.resize(n);
            if (!source.read(y0, y1, raw.data(), error))
                return;
            for (int o = oy; o < oyEnd; ++o)
                grid.averageStoredRow(raw.data() + std::size_t(grid.rowStart(o) - y0) * std::size_t(width), o,
                                      physicalOf.data(), tableOffset, outPixels + std::size_t(o) * std::size_t(grid.outWidth()),
                                      sum, count);
            continue;
        }
        if (physical.size() < n)
            physical.resize(n);
        if (readPhysicalRows<T>(f, plan, width, y0, y1, raw, physical.data(), &source, error) != 0)
            return;
        for (int o = oy; o < oyEnd; ++o)
            grid.averageRow(physical.data() + std::size_t(grid.rowStart(o) - y0) * std::size_t(width), o,
                            outPixels + std::size_t(o) * std::size_t(grid.outWidth()), sum, count);
    }
}

template<typename T>
bool readAveraged(fitsfile *f, const PixelReadPlan &plan, const BoxGrid &grid, FitsImage *image, QString *error)
{
    const int w = image->width;
    const int outH = grid.outHeight();
    // Two bands of output rows, each thread with its own fitsfile (cfitsio handles are not shared).
    const int split = plan.threads > 1 && !plan.path.isEmpty() && outH >= 2 ? outH / 2 : outH;
    fitsfile *second = split < outH ? openAgain(plan) : nullptr;
    QString firstError, secondError;
    float *out = image->pixels.data();
    if (second) {
        std::thread worker([&] { readAveragedBand<T>(second, plan, grid, w, split, outH, out, &secondError); });
        readAveragedBand<T>(f, plan, grid, w, 0, split, out, &firstError);
        worker.join();
        int s = 0;
        fits_close_file(second, &s);
    } else {
        readAveragedBand<T>(f, plan, grid, w, 0, outH, out, &firstError);
    }
    if (!firstError.isEmpty() || !secondError.isEmpty()) {
        *error = firstError.isEmpty() ? secondError : firstError;
        return false;
    }
    return true;
}

// The plan with ownRice set when our Rice decoder can read this HDU (RiceTileRows::suits()).
// JSOC_FITS_CFITSIO_RICE=1 keeps cfitsio's decoder, for measuring one against the other.
PixelReadPlan planWithOwnRice(fitsfile *f, const PixelReadPlan &plan, int width, int height)
{
    PixelReadPlan p = plan;
    p.ownRice = plan.compressed && FitsPixelReader::decodesRiceItself(f, plan.bitpix, plan.naxis, width, height);
    return p;
}

} // namespace

bool FitsPixelReader::decodesRiceItself(fitsfile *f, int bitpix, int naxis, long long width, long long height)
{
    return bitpix == SHORT_IMG && naxis == 2 && width <= std::numeric_limits<int>::max()
           && height <= std::numeric_limits<int>::max() && qEnvironmentVariableIntValue("JSOC_FITS_CFITSIO_RICE") != 1
           && RiceTileRows::suits(f, int(width), int(height));
}

bool FitsPixelReader::readDownsampled(fitsfile *f, const PixelReadPlan &given, FitsImage *image, QString *error)
{
    const PixelReadPlan plan = planWithOwnRice(f, given, image->width, image->height);
    const BoxGrid grid(image->width, image->height, plan.maxSide);
    const std::size_t outPixels = std::size_t(grid.outWidth()) * std::size_t(grid.outHeight());
    try {
        image->pixels.resize(outPixels);
    } catch (const std::bad_alloc &) {
        *error = QStringLiteral("not enough memory for %1 × %2 pixels").arg(grid.outWidth()).arg(grid.outHeight());
        return false;
    }
    if (!grid.shrinks())
        return read(f, plan, image, error);
    int status = 0;
    if (plan.bitpix > 0)
        fits_set_bscale(f, 1.0, 0.0, &status); // stored integers; scaling is applied in readPhysicalRows
    if (status) {
        *error = cfitsioMessage(status);
        return false;
    }
    bool ok = false;
    switch (plan.bitpix) {
    case BYTE_IMG: ok = readAveraged<std::uint8_t>(f, plan, grid, image, error); break;
    case SHORT_IMG: ok = readAveraged<short>(f, plan, grid, image, error); break;
    case LONG_IMG: ok = readAveraged<int>(f, plan, grid, image, error); break;
    case LONGLONG_IMG: ok = readAveraged<long long>(f, plan, grid, image, error); break;
    default: ok = readAveraged<float>(f, plan, grid, image, error); break;
    }
    if (!ok)
        return false;
    image->width = grid.outWidth();
    image->height = grid.outHeight();
    image->rawHistogram.clear();
    image->stats = FitsImage::computeStats(image->pixels);
    return true;
}

bool FitsPixelReader::read(fitsfile *f, const PixelReadPlan &given, FitsImage *image, QString *error)
{
    const PixelReadPlan plan = planWithOwnRice(f, given, image->width, image->height);
    switch (plan.bitpix) {
    case BYTE_IMG: return readInteger<std::uint8_t>(f, plan, image, error);
    case SHORT_IMG: return readInteger<short>(f, plan, image, error);
    case LONG_IMG: return readInteger<int>(f, plan, image, error);
    case LONGLONG_IMG: return readInteger<long long>(f, plan, image, error);
    default: return readFloat(f, plan, image, error);
    }
}

} // namespace fits
