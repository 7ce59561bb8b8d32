#include "model/fits/FitsPixelReader.h"

#include "model/fits/CfitsioMessage.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>

#include <QFile>

#include <fitsio.h>

namespace fits {
namespace {

template<typename T> constexpr int cfitsioType();
template<> constexpr int cfitsioType<std::uint8_t>() { return TBYTE; }
template<> constexpr int cfitsioType<short>() { return TSHORT; }
template<> constexpr int cfitsioType<int>() { return TINT; }
template<> constexpr int cfitsioType<long long>() { return TLONGLONG; }

// What one band of rows contributed.
struct BandResult {
    QString error;
    std::vector<std::uint32_t> histogram;
    double sum = 0.0;
    std::int64_t valid = 0;
    float min = std::numeric_limits<float>::infinity();
    float max = -std::numeric_limits<float>::infinity();
};

void fillSliceCoordinates(const PixelReadPlan &plan, long *first, long *last)
{
    long long rest = plan.slice;
    for (int i = 2; i < plan.naxis; ++i) {
        first[i] = last[i] = long(rest % plan.naxes[i]) + 1;
        rest /= plan.naxes[i];
    }
}

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
    std::vector<T> raw(std::size_t(chunk) * std::size_t(width));
    long first[9], last[9], inc[9];
    std::fill(std::begin(inc), std::end(inc), 1L);
    fillSliceCoordinates(plan, first, last);
    first[0] = 1;
    last[0] = width;
    const bool hasBlank = plan.hasBlank;
    const T blank = T(plan.blank);
    const double scale = plan.bscale, zero = plan.bzero;
    for (long long y = y0; y < y1; y += chunk) {
        const long long rows = std::min<long long>(chunk, y1 - y);
        first[1] = long(y + 1);
        last[1] = long(y + rows);
        int status = 0, anyNull = 0;
        // No null value: cfitsio hands back the stored integers untouched; BLANK is handled below.
        fits_read_subset(f, cfitsioType<T>(), first, last, inc, nullptr, raw.data(), &anyNull, &status);
        if (status) {
            r->error = cfitsioMessage(status);
            return;
        }
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

// Opens a second handle on the same HDU for a worker thread.
fitsfile *openAgain(const PixelReadPlan &plan)
{
    fitsfile *f = nullptr;
    int status = 0, type = 0;
    fits_open_diskfile(&f, QFile::encodeName(plan.path).constData(), READONLY, &status);
    fits_movabs_hdu(f, plan.hduIndex + 1, &type, &status);
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
    long first[9], last[9], inc[9];
    std::fill(std::begin(inc), std::end(inc), 1L);
    fillSliceCoordinates(plan, first, last);
    first[0] = first[1] = 1;
    last[0] = image->width;
    last[1] = image->height;
    float nullValue = std::numeric_limits<float>::quiet_NaN();
    int anyNull = 0, status = 0;
    // TFLOAT with a NaN null value: cfitsio applies BSCALE/BZERO, ZBLANK and dithering.
    fits_read_subset(f, TFLOAT, first, last, inc, &nullValue, image->pixels.data(), &anyNull, &status);
    if (status) {
        *error = cfitsioMessage(status);
        return false;
    }
    image->stats = FitsImage::computeStats(image->pixels);
    return true;
}

} // namespace

bool FitsPixelReader::read(fitsfile *f, const PixelReadPlan &plan, FitsImage *image, QString *error)
{
    switch (plan.bitpix) {
    case BYTE_IMG: return readInteger<std::uint8_t>(f, plan, image, error);
    case SHORT_IMG: return readInteger<short>(f, plan, image, error);
    case LONG_IMG: return readInteger<int>(f, plan, image, error);
    case LONGLONG_IMG: return readInteger<long long>(f, plan, image, error);
    default: return readFloat(f, plan, image, error);
    }
}

} // namespace fits
