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
    std::sort(values.begin(), values.end());
    const auto rank = [&](double p) { return double(values[size_t(std::lround(p * double(n - 1)))]); };
    s.min = values.front();
    s.max = values.back();
    s.median = rank(0.5);
    s.p01 = rank(0.01);
    s.p10 = rank(0.10);
    s.p25 = rank(0.25);
    s.p75 = rank(0.75);
    s.p90 = rank(0.90);
    s.p95 = rank(0.95);
    s.p98 = rank(0.98);
    s.p99 = rank(0.99);
    return s;
}

} // namespace sim
