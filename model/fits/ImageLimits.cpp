#include "model/fits/ImageLimits.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fits {
namespace {

constexpr int kBins = 65536;
constexpr std::size_t kCollectLimit = std::size_t(1) << 20; // values gathered for nth_element at most

// The one bin formula every pass uses, so a value lands in the same bin each time.
struct Binning {
    float lo = 0.0f;
    float scale = 0.0f;
    int bin(float v) const
    {
        const float t = (v - lo) * scale;
        if (!(t > 0.0f))
            return 0;
        return t >= float(kBins - 1) ? kBins - 1 : int(t);
    }
};

// Selects rank `rank` (0-based, among finite values satisfying all `path` bins) by narrowing.
// Used only when one histogram bin holds more than kCollectLimit values.
float selectDeep(std::span<const float> pixels, std::vector<std::pair<Binning, int>> path, std::int64_t rank,
                 float lo, float hi)
{
    auto member = [&path](float v) {
        if (!std::isfinite(v))
            return false;
        for (const auto &[b, target] : path) {
            if (b.bin(v) != target)
                return false;
        }
        return true;
    };
    for (int depth = 0; depth < 6; ++depth) {
        // One pass: member min/max and a histogram over the nominal window.
        Binning b{lo, hi > lo ? float(kBins) / (hi - lo) : 0.0f};
        std::vector<std::int64_t> counts(kBins, 0);
        float mn = std::numeric_limits<float>::infinity(), mx = -mn;
        std::int64_t total = 0;
        for (const float v : pixels) {
            if (!member(v))
                continue;
            ++counts[b.bin(v)];
            mn = std::min(mn, v);
            mx = std::max(mx, v);
            ++total;
        }
        if (total == 0)
            return std::numeric_limits<float>::quiet_NaN();
        if (mn == mx)
            return mn; // a bin of identical values (masked or saturated pixels)
        std::int64_t before = 0;
        int target = 0;
        while (target < kBins - 1 && before + counts[target] <= rank)
            before += counts[target++];
        rank -= before;
        if (std::size_t(counts[target]) <= kCollectLimit || depth == 5) {
            std::vector<float> values;
            values.reserve(std::size_t(counts[target]));
            for (const float v : pixels) {
                if (member(v) && b.bin(v) == target)
                    values.push_back(v);
            }
            rank = std::clamp<std::int64_t>(rank, 0, std::int64_t(values.size()) - 1);
            std::nth_element(values.begin(), values.begin() + rank, values.end());
            return values[std::size_t(rank)];
        }
        path.push_back({b, target});
        const float edgeLo = lo + float(target) / b.scale;
        const float edgeHi = lo + float(target + 1) / b.scale;
        lo = std::max(mn, edgeLo);
        hi = std::min(mx, edgeHi);
        if (!(hi > lo))
            hi = mx;
    }
    return std::numeric_limits<float>::quiet_NaN();
}

// Values at the given ranks (0-based among the `count` finite pixels in [lo, hi]).
std::vector<float> selectRanks(std::span<const float> pixels, const std::vector<std::int64_t> &ranks, float lo,
                               float hi)
{
    std::vector<float> out(ranks.size(), lo);
    if (!(hi > lo))
        return out;
    const Binning b{lo, float(kBins) / (hi - lo)};
    std::vector<std::int64_t> counts(kBins, 0);
    for (const float v : pixels) {
        if (std::isfinite(v))
            ++counts[b.bin(v)];
    }
    // Which bin each rank falls in, and its rank inside that bin.
    std::vector<int> bins(ranks.size());
    std::vector<std::int64_t> inner(ranks.size());
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        std::int64_t before = 0;
        int t = 0;
        while (t < kBins - 1 && before + counts[t] <= ranks[i])
            before += counts[t++];
        bins[i] = t;
        inner[i] = ranks[i] - before;
    }
    // Gather the values of every (small) target bin in one pass.
    std::vector<int> slotOf(kBins, -1);
    std::vector<std::vector<float>> gathered;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const int bin = bins[i];
        if (std::size_t(counts[bin]) > kCollectLimit || slotOf[bin] >= 0)
            continue;
        slotOf[bin] = int(gathered.size());
        gathered.emplace_back();
        gathered.back().reserve(std::size_t(counts[bin]));
    }
    if (!gathered.empty()) {
        for (const float v : pixels) {
            if (!std::isfinite(v))
                continue;
            const int slot = slotOf[b.bin(v)];
            if (slot >= 0)
                gathered[std::size_t(slot)].push_back(v);
        }
    }
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const int slot = slotOf[bins[i]];
        if (slot < 0) {
            out[i] = selectDeep(pixels, {{b, bins[i]}}, inner[i], lo + float(bins[i]) / b.scale,
                                lo + float(bins[i] + 1) / b.scale);
            continue;
        }
        std::vector<float> values = gathered[std::size_t(slot)]; // copy: several ranks may share a bin
        const std::int64_t k = std::clamp<std::int64_t>(inner[i], 0, std::int64_t(values.size()) - 1);
        std::nth_element(values.begin(), values.begin() + k, values.end());
        out[i] = values[std::size_t(k)];
    }
    return out;
}

std::vector<double> quantilesIn(std::span<const float> pixels, const std::vector<double> &qs, float lo, float hi,
                                std::int64_t count)
{
    std::vector<double> out(qs.size(), std::numeric_limits<double>::quiet_NaN());
    if (count <= 0)
        return out;
    std::vector<std::int64_t> ranks;
    for (const double q : qs) {
        const double pos = std::clamp(q, 0.0, 1.0) * double(count - 1);
        const auto k = std::int64_t(std::floor(pos));
        ranks.push_back(k);
        ranks.push_back(std::min(k + 1, count - 1));
    }
    const std::vector<float> values = selectRanks(pixels, ranks, lo, hi);
    for (std::size_t i = 0; i < qs.size(); ++i) {
        const double pos = std::clamp(qs[i], 0.0, 1.0) * double(count - 1);
        const double frac = pos - std::floor(pos);
        const double a = values[2 * i];
        const double b = values[2 * i + 1];
        out[i] = a + (b - a) * frac;
    }
    return out;
}

// The same quantiles from the exact raw histogram of 8/16-bit images (no pass over the pixels).
// Only for BSCALE > 0, where the order of stored integers is the order of physical values.
std::vector<double> quantilesFromHistogram(const FitsImage &image, const std::vector<double> &qs)
{
    const std::int64_t count = image.stats.validCount;
    std::vector<double> out(qs.size(), std::numeric_limits<double>::quiet_NaN());
    if (count <= 0)
        return out;
    const auto valueAt = [&image](std::int64_t rank) {
        std::int64_t seen = 0;
        for (std::size_t i = 0; i < image.rawHistogram.size(); ++i) {
            seen += image.rawHistogram[i];
            if (seen > rank)
                return image.physicalOfBin(int(i));
        }
        return double(image.stats.max);
    };
    for (std::size_t i = 0; i < qs.size(); ++i) {
        const double pos = std::clamp(qs[i], 0.0, 1.0) * double(count - 1);
        const auto k = std::int64_t(std::floor(pos));
        const double a = valueAt(k);
        const double b = valueAt(std::min(k + 1, count - 1));
        out[i] = a + (b - a) * (pos - std::floor(pos));
    }
    return out;
}

} // namespace

QString ClipSpec::name() const
{
    switch (mode) {
    case ClipMode::MinMax: return QStringLiteral("minmax");
    case ClipMode::Percentile: return QString::number(percent, 'g', 6);
    case ClipMode::ZScale: return QStringLiteral("zscale");
    case ClipMode::Manual: return QStringLiteral("manual");
    }
    return {};
}

bool ClipSpec::parse(const QString &text, ClipSpec *spec)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("minmax") || t == QLatin1String("min/max")) {
        *spec = ClipSpec{ClipMode::MinMax};
        return true;
    }
    if (t == QLatin1String("zscale")) {
        *spec = ClipSpec{ClipMode::ZScale};
        return true;
    }
    const int colon = t.indexOf(QLatin1Char(':'));
    if (colon > 0) {
        bool okLow = false, okHigh = false;
        const double low = t.left(colon).toDouble(&okLow);
        const double high = t.mid(colon + 1).toDouble(&okHigh);
        if (!okLow || !okHigh || !std::isfinite(low) || !std::isfinite(high) || !(high > low))
            return false;
        *spec = ClipSpec{ClipMode::Manual, 0.0, low, high};
        return true;
    }
    QString number = t;
    if (number.endsWith(QLatin1Char('%')))
        number.chop(1);
    bool ok = false;
    const double p = number.toDouble(&ok);
    if (!ok || !(p > 50.0) || p > 100.0)
        return false;
    *spec = ClipSpec{ClipMode::Percentile, p};
    return true;
}

Limits ImageLimits::compute(const FitsImage &image, const ClipSpec &clip)
{
    Limits limits;
    switch (clip.mode) {
    case ClipMode::MinMax:
        limits = minMax(image);
        break;
    case ClipMode::Percentile: {
        const double q = (100.0 - clip.percent) / 200.0;
        const bool exact = !image.rawHistogram.empty() && image.rawScale > 0;
        const std::vector<double> v = exact ? quantilesFromHistogram(image, {q, 1.0 - q})
                                            : quantilesIn(image.pixels, {q, 1.0 - q}, image.stats.min, image.stats.max,
                                                          image.stats.validCount);
        limits = image.stats.validCount > 0 ? Limits{v[0], v[1]} : Limits{0.0, 1.0};
        break;
    }
    case ClipMode::ZScale:
        limits = zscale(image.pixels);
        break;
    case ClipMode::Manual:
        limits = Limits{clip.low, clip.high};
        break;
    }
    return limits;
}

Limits ImageLimits::minMax(const FitsImage &image)
{
    if (image.stats.validCount == 0)
        return {0.0, 1.0};
    return {image.stats.min, image.stats.max};
}

std::vector<double> ImageLimits::quantiles(std::span<const float> pixels, const std::vector<double> &q)
{
    const FitsStats s = FitsImage::computeStats(pixels);
    return quantilesIn(pixels, q, s.min, s.max, s.validCount);
}

Limits ImageLimits::percentile(std::span<const float> pixels, double percent)
{
    const double q = (100.0 - percent) / 200.0;
    const std::vector<double> v = quantiles(pixels, {q, 1.0 - q});
    if (!std::isfinite(v[0]))
        return {0.0, 1.0};
    return {v[0], v[1]};
}

Limits ImageLimits::zscale(std::span<const float> pixels, int samples, double contrast)
{
    // Sample: every stride-th finite value of the flattened image, at most `samples` of them.
    std::int64_t finite = 0;
    for (const float v : pixels)
        finite += std::isfinite(v) ? 1 : 0;
    if (finite == 0)
        return {0.0, 1.0};
    const std::int64_t stride = std::max<std::int64_t>(1, finite / samples);
    std::vector<double> s;
    s.reserve(std::size_t(samples));
    std::int64_t index = 0;
    for (const float v : pixels) {
        if (!std::isfinite(v))
            continue;
        if (index++ % stride == 0 && std::int64_t(s.size()) < samples)
            s.push_back(v);
    }
    std::sort(s.begin(), s.end());
    const int n = int(s.size());
    const double zmin = s.front();
    const double zmax = s.back();
    const int center = (n - 1) / 2;
    const double median = (n % 2 == 1) ? s[std::size_t(center)] : 0.5 * (s[std::size_t(center)] + s[std::size_t(center) + 1]);

    // Fit a line to the sorted samples, rejecting outliers (2.5 sigma, grown by 1 %) up to 5 times.
    const int minPixels = std::max(5, int(n * 0.5));
    const int grow = std::max(1, int(n * 0.01));
    std::vector<char> bad(std::size_t(n), 0);
    int good = n;
    int lastGood = n;
    double slope = 0.0;
    for (int iteration = 0; iteration < 5; ++iteration) {
        if (good < minPixels)
            break;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int i = 0; i < n; ++i) {
            if (bad[std::size_t(i)])
                continue;
            sx += i;
            sy += s[std::size_t(i)];
            sxx += double(i) * i;
            sxy += double(i) * s[std::size_t(i)];
            ++m;
        }
        const double det = m * sxx - sx * sx;
        slope = det != 0.0 ? (m * sxy - sx * sy) / det : 0.0;
        const double intercept = (sy - slope * sx) / m;
        // Standard deviation of the residuals of the good samples.
        double rs = 0, rss = 0;
        for (int i = 0; i < n; ++i) {
            if (bad[std::size_t(i)])
                continue;
            const double r = s[std::size_t(i)] - (slope * i + intercept);
            rs += r;
            rss += r * r;
        }
        const double mean = rs / m;
        const double threshold = 2.5 * std::sqrt(std::max(0.0, rss / m - mean * mean));
        std::vector<char> flagged = bad; // rejections accumulate over iterations
        for (int i = 0; i < n; ++i) {
            const double r = s[std::size_t(i)] - (slope * i + intercept);
            if (r < -threshold || r > threshold)
                flagged[std::size_t(i)] = 1;
        }
        // Grow each rejected sample over a window of `grow` samples (numpy convolve "same" placement).
        std::fill(bad.begin(), bad.end(), 0);
        for (int i = 0; i < n; ++i) {
            if (!flagged[std::size_t(i)])
                continue;
            const int from = std::max(0, i - (grow - 1) / 2);
            const int to = std::min(n - 1, i + grow / 2);
            for (int j = from; j <= to; ++j)
                bad[std::size_t(j)] = 1;
        }
        good = int(std::count(bad.begin(), bad.end(), 0));
        if (good >= lastGood)
            break;
        lastGood = good;
    }
    double z1 = zmin;
    double z2 = zmax;
    if (good >= minPixels) {
        if (contrast > 0)
            slope /= contrast;
        z1 = std::max(zmin, median - (center - 1) * slope); // IRAF's 1-based centre, kept for parity
        z2 = std::min(zmax, median + (n - center) * slope);
    }
    return {z1, z2};
}

} // namespace fits
