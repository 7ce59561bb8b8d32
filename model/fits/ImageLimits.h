#pragma once

#include "model/fits/FitsImage.h"

#include <QString>
#include <span>
#include <vector>

// Display limits (the data values shown as the darkest and brightest colour).
// Percentiles are exact, with numpy's default "linear" interpolation between ranks, found in O(n)
// by histogram narrowing rather than by sorting 16 M pixels. "99.5" means the central 99.5 %:
// the 0.25th and 99.75th percentiles, as DS9 and astropy's PercentileInterval use it.
// ZScale is IRAF's algorithm (as in DS9 and astropy's ZScaleInterval with its defaults).
// Non-finite pixels (blanks) are ignored everywhere.
namespace fits {

enum class ClipMode { MinMax, Percentile, ZScale, Manual };

struct ClipSpec {
    ClipMode mode = ClipMode::Percentile;
    double percent = 99.5; // central percentage kept, for Percentile
    double low = 0.0;      // for Manual
    double high = 1.0;     // for Manual

    QString name() const; // "minmax", "99.5", "zscale", "manual"
    // Accepts "minmax", "zscale", a percentage such as "99", "99.5", "99.9" (50 < p <= 100),
    // and "LOW:HIGH" for manual limits.
    static bool parse(const QString &text, ClipSpec *spec);
};

struct Limits {
    double low = 0.0;
    double high = 1.0;
    bool operator==(const Limits &o) const { return low == o.low && high == o.high; }
};

class ImageLimits final
{
public:
    static Limits compute(const FitsImage &image, const ClipSpec &clip);

    static Limits minMax(const FitsImage &image);
    static Limits percentile(std::span<const float> pixels, double percent);
    static Limits zscale(std::span<const float> pixels, int samples = 1000, double contrast = 0.25);

    // The q-quantiles (q in [0, 1]) of the finite pixels, numpy "linear" definition; NaN if none.
    static std::vector<double> quantiles(std::span<const float> pixels, const std::vector<double> &q);
};

} // namespace fits
