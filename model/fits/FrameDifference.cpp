#include "model/fits/FrameDifference.h"

#include "model/fits/FrameAlign.h"

#include <cmath>
#include <limits>
#include <vector>

namespace fits {
namespace {

constexpr float kCompareBlank = std::numeric_limits<float>::quiet_NaN();

double exposureSecondsOf(const FitsImage &image)
{
    const double t = image.cardNumber(QStringLiteral("EXPTIME"));
    return std::isfinite(t) && t > 0 ? t : std::numeric_limits<double>::quiet_NaN();
}

// The `q` quantile of |f(v)| over the finite values; NaN when there are none.
template<typename Magnitude>
double magnitudeQuantile(const PixelBuffer &pixels, double q, Magnitude magnitude)
{
    std::vector<float> m;
    m.reserve(pixels.size());
    for (const float v : pixels) {
        const double a = magnitude(v);
        if (std::isfinite(a))
            m.push_back(float(a));
    }
    const std::vector<double> r = ImageLimits::quantiles(m, {q});
    return r.empty() ? std::numeric_limits<double>::quiet_NaN() : r.front();
}

} // namespace

QString FrameDifference::modeName(FrameMode mode)
{
    switch (mode) {
    case FrameMode::Normal: return QStringLiteral("normal");
    case FrameMode::RunningDifference: return QStringLiteral("running");
    case FrameMode::BaseDifference: return QStringLiteral("base");
    case FrameMode::Ratio: return QStringLiteral("ratio");
    }
    return {};
}

bool FrameDifference::parseMode(const QString &text, FrameMode *mode)
{
    for (FrameMode m : {FrameMode::Normal, FrameMode::RunningDifference, FrameMode::BaseDifference, FrameMode::Ratio}) {
        if (text.compare(modeName(m), Qt::CaseInsensitive) == 0) {
            *mode = m;
            return true;
        }
    }
    return false;
}

int FrameDifference::partnerOf(FrameMode mode, int index, int base)
{
    switch (mode) {
    case FrameMode::RunningDifference: return index > 0 ? index - 1 : -1;
    case FrameMode::BaseDifference:
    case FrameMode::Ratio: return base;
    case FrameMode::Normal: break;
    }
    return -1;
}

FrameCompareResult FrameDifference::compare(const FitsImage &frame, const FitsImage &other, const FrameCompareOptions &options)
{
    FrameCompareResult out;
    if (options.mode == FrameMode::Normal) {
        out.image = frame;
        return out;
    }
    // Running difference: the previous frame moves onto this one's grid. Base and ratio: this
    // frame moves onto the base's grid, so a whole movie shares one grid.
    const bool ontoBase = options.mode != FrameMode::RunningDifference;
    FitsImage moved;
    const FitsImage *a = &frame; // minuend / numerator
    const FitsImage *b = &other;
    if (options.alignByWcs && !FrameAlign::sameGrid(frame, other)) {
        AlignResult aligned = ontoBase ? FrameAlign::ontoGridOf(other, frame) : FrameAlign::ontoGridOf(frame, other);
        if (!aligned.ok()) {
            out.error = aligned.error;
            return out;
        }
        moved = std::move(aligned.image);
        (ontoBase ? a : b) = &moved;
        out.notes << QStringLiteral("aligned by WCS");
    }
    if (a->width != b->width || a->height != b->height) {
        out.error = QStringLiteral("The frames differ in size (%1 × %2 and %3 × %4); turn on Align by WCS to compare them.")
                        .arg(a->width).arg(a->height).arg(b->width).arg(b->height);
        return out;
    }

    double scaleA = 1.0, scaleB = 1.0;
    if (options.normaliseExposure) {
        const double ea = exposureSecondsOf(frame), eb = exposureSecondsOf(other);
        if (std::isfinite(ea) && std::isfinite(eb)) {
            scaleA = 1.0 / ea;
            scaleB = 1.0 / eb;
            out.notes << QStringLiteral("divided by EXPTIME (%1 s, %2 s)").arg(ea, 0, 'f', 3).arg(eb, 0, 'f', 3);
        } else {
            out.notes << QStringLiteral("not divided by EXPTIME (a frame has none)");
        }
    }

    out.image = a->withoutPixels();
    out.image.width = a->width;
    out.image.height = a->height;
    out.image.pixels.resize(a->pixels.size());
    const bool ratio = options.mode == FrameMode::Ratio;
    const float *pa = a->pixels.data();
    const float *pb = b->pixels.data();
    float *dst = out.image.pixels.data();
    const std::size_t n = a->pixels.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double va = double(pa[i]) * scaleA, vb = double(pb[i]) * scaleB;
        if (!ratio)
            dst[i] = float(va - vb); // NaN in either stays NaN
        else
            dst[i] = vb != 0.0 ? float(va / vb) : kCompareBlank; // no ±inf in a picture
    }
    out.image.stats = FitsImage::computeStats(out.image.pixels);
    return out;
}

QString FrameDifference::unitOf(const FitsImage &frame, const FrameCompareOptions &options)
{
    if (options.mode == FrameMode::Ratio)
        return QStringLiteral("ratio");
    QString unit = frame.card(QStringLiteral("BUNIT")).trimmed();
    if (unit.isEmpty())
        unit = frame.card(QStringLiteral("PIXLUNIT")).trimmed(); // AIA level 1 says DN there
    if (options.normaliseExposure && std::isfinite(exposureSecondsOf(frame)))
        unit = unit.isEmpty() ? QStringLiteral("/ s") : unit + QStringLiteral(" / s");
    return unit;
}

Limits FrameDifference::limitsFor(const FitsImage &compared, FrameMode mode, const ClipSpec &clip)
{
    if (mode == FrameMode::Normal || clip.mode == ClipMode::Manual)
        return ImageLimits::compute(compared, clip);
    // Ratios are centred on 1 just as differences are on 0: |r − 1| plays the part of |d|.
    const double centre = mode == FrameMode::Ratio ? 1.0 : 0.0;
    double q = std::numeric_limits<double>::quiet_NaN();
    if (clip.mode == ClipMode::Percentile) {
        q = magnitudeQuantile(compared.pixels, clip.percent / 100.0, [centre](float v) { return std::abs(double(v) - centre); });
    } else {
        const Limits l = ImageLimits::compute(compared, clip); // min/max or zscale, then made symmetric
        q = std::max(std::abs(l.low - centre), std::abs(l.high - centre));
    }
    if (!std::isfinite(q) || q <= 0)
        q = mode == FrameMode::Ratio ? 0.5 : 1.0; // nothing changed: any window around the centre
    return Limits{centre - q, centre + q};
}

} // namespace fits
