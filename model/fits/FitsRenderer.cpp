#include "model/fits/FitsRenderer.h"

#include "model/fits/ColourMap.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace fits {
namespace {

// The LUT step of value v; NaN and values below the low limit give step 0.
struct Quantiser {
    float low = 0.0f;
    float scale = 0.0f; // steps per data unit
    int step(float v) const
    {
        const float t = (v - low) * scale;
        if (!(t > 0.0f))
            return 0;
        return t >= float(FitsRenderer::kLutSize - 1) ? FitsRenderer::kLutSize - 1 : int(t);
    }
};

Quantiser quantiser(const Limits &limits)
{
    const double span = limits.high - limits.low;
    return Quantiser{float(limits.low), span > 0 ? float((FitsRenderer::kLutSize - 1) / span) : 0.0f};
}

void renderRows(const FitsImage &image, const uchar *lut, Quantiser q, uchar *bits, qsizetype stride, int rowFrom,
                int rowTo)
{
    for (int y = rowFrom; y < rowTo; ++y) {
        // QImage row 0 is the top: it shows the last FITS row.
        const float *src = image.pixels.data() + std::size_t(image.height - 1 - y) * std::size_t(image.width);
        uchar *dst = bits + stride * y;
        for (int x = 0; x < image.width; ++x) {
            const float v = src[x];
            dst[x] = v == v ? lut[q.step(v)] : uchar(ColourMap::kBlankIndex); // v != v: NaN = blank
        }
    }
}

} // namespace

std::vector<uchar> FitsRenderer::buildLut(const FitsImage &image, const StretchSpec &stretch, const Limits &limits)
{
    std::vector<uchar> lut(kLutSize);
    if (stretch.kind == StretchKind::HistEq) {
        // Equalise over the pixels inside the limits: the index is the cumulative fraction.
        std::vector<std::int64_t> counts(kLutSize, 0);
        const Quantiser q = quantiser(limits);
        std::int64_t total = 0;
        for (const float v : image.pixels) {
            if (!(v >= limits.low && v <= limits.high))
                continue;
            ++counts[q.step(v)];
            ++total;
        }
        std::int64_t cumulative = 0;
        for (int i = 0; i < kLutSize; ++i) {
            cumulative += counts[i];
            const double f = total > 0 ? double(cumulative) / double(total) : double(i) / (kLutSize - 1);
            lut[i] = uchar(std::clamp(int(f * kTopIndex + 0.5), 0, kTopIndex));
        }
        return lut;
    }
    for (int i = 0; i < kLutSize; ++i) {
        const double y = Stretch::apply(stretch, double(i) / double(kLutSize - 1));
        lut[i] = uchar(std::clamp(int(y * kTopIndex + 0.5), 0, kTopIndex));
    }
    return lut;
}

QImage FitsRenderer::renderIndices(const FitsImage &image, const StretchSpec &stretch, const Limits &limits)
{
    if (image.isNull())
        return {};
    QImage out(image.width, image.height, QImage::Format_Indexed8);
    if (out.isNull())
        return {};
    out.setColorTable(ColourMap::displayTable(QStringLiteral("gray"), false, ColourMap::kDefaultBlank));
    const std::vector<uchar> lut = buildLut(image, stretch, limits);
    const Quantiser q = quantiser(limits);
    // Two halves on two threads: the pass is memory bound and the machines have two cores or more.
    const int split = image.height / 2;
    uchar *bits = out.bits(); // detach once here, not from two threads
    const qsizetype stride = out.bytesPerLine();
    if (std::size_t(image.width) * std::size_t(image.height) >= (std::size_t(1) << 20)) {
        std::thread top([&] { renderRows(image, lut.data(), q, bits, stride, 0, split); });
        renderRows(image, lut.data(), q, bits, stride, split, image.height);
        top.join();
    } else {
        renderRows(image, lut.data(), q, bits, stride, 0, image.height);
    }
    return out;
}

QImage FitsRenderer::render(const FitsImage &image, const RenderSettings &settings)
{
    QImage out = renderIndices(image, settings.stretch, settings.limits);
    if (!out.isNull())
        out.setColorTable(ColourMap::displayTable(settings.colourMap, settings.invert, settings.blankColour));
    return out;
}

} // namespace fits
