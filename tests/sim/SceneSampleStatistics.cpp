#include "SceneSampleStatistics.h"

#include <algorithm>
#include <cmath>

namespace sim {

SceneStatistics sceneStatisticsOf(std::vector<float> &values)
{
    SceneStatistics s;
    const size_t n = values.size();
    if (n == 0)
        return s;
    double sum = 0;
    for (const float v : values)
        sum += v;
    s.mean = sum / double(n);
    double m2 = 0, m3 = 0, m4 = 0;
    for (const float v : values) {
        const double d = v - s.mean, d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
    }
    m2 /= double(n);
    m3 /= double(n);
    m4 /= double(n);
    s.rms = std::sqrt(m2);
    s.skew = m2 > 0 ? m3 / (m2 * s.rms) : 0.0;
    s.kurt = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
    // Ranks in increasing order, each found by partitioning what lies above the previous one:
    // linear time, where a full sort would cost several times more.
    const double quantiles[] = {0.01, 0.10, 0.25, 0.5, 0.75, 0.90, 0.95, 0.98, 0.99};
    double *targets[] = {&s.p01, &s.p10, &s.p25, &s.median, &s.p75, &s.p90, &s.p95, &s.p98, &s.p99};
    auto from = values.begin();
    for (int i = 0; i < 9; ++i) {
        const auto at = values.begin() + std::lround(quantiles[i] * double(n - 1));
        std::nth_element(from, at, values.end());
        *targets[i] = *at;
        from = at;
    }
    s.min = *std::min_element(values.begin(), values.end());
    s.max = *std::max_element(values.begin(), values.end());
    return s;
}

} // namespace sim
