#include "SolarScene.h"

#include "SceneFrame.h"
#include "SceneParameters.h"
#include "SceneRowRenderer.h"
#include "SceneSampleStatistics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

namespace sim {

namespace {

// Bands of rows are dealt out to threads in turn (bands, so that each thread reuses its noise
// lattice rows); every pixel is a pure function of its position, so the split cannot change a
// value.
void renderGrid(const SceneFrame &frame, int rowFirst, int rowStep, int rows, int colFirst, int colStep,
                int cols, float *out)
{
    const SceneParameters &p = SceneParameters::builtIn();
    const long long work = (long long)rows * cols;
    const int threads = work < 200000 ? 1 : int(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
    constexpr int kBand = 64;
    auto run = [&](int first) {
        SceneRowRenderer renderer(frame, p);
        for (int band = first * kBand; band < rows; band += threads * kBand)
            for (int r = band; r < std::min(rows, band + kBand); ++r)
                renderer.render(rowFirst + r * rowStep, colFirst, colStep, cols, out + size_t(r) * cols);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(run, t);
    run(0);
    for (std::thread &t : pool)
        t.join();
}

bool keepsOffDisk(SceneChannel c) { return isAiaChannel(c); }

using StatisticsKey = std::tuple<int, int, int, double, double, double, double, double, double, double, double,
                                 double, double>;

StatisticsKey keyOf(SceneChannel c, const SceneGeometry &g, double tai, double exposure)
{
    return {int(c), g.width, g.height, g.crpix1, g.crpix2, g.cdelt, g.crota2, g.rsunArcsec, g.b0Deg, g.l0Deg,
            g.obsVrMs, tai, exposure};
}

} // namespace

namespace {
// A geometry without a Sun in it (no plate scale or radius) renders as zeros.
bool hasSun(const SceneGeometry &g) { return g.cdelt > 0 && g.rsunArcsec > 0; }
}

void SolarScene::render(SceneChannel c, const SceneGeometry &g, double tai, double exposureSeconds, float *out)
{
    if (g.width <= 0 || g.height <= 0)
        return;
    if (!hasSun(g)) {
        std::fill(out, out + size_t(g.width) * g.height, 0.0f);
        return;
    }
    const SceneFrame frame = SceneFrame::make(c, g, tai, exposureSeconds, SceneParameters::builtIn());
    renderGrid(frame, 0, 1, g.height, 0, 1, g.width, out);
}

bool SolarScene::onDisk(const SceneGeometry &g, int col, int row)
{
    if (!hasSun(g))
        return false;
    SceneFrame frame;
    frame.setWcs(g);
    return frame.onDisk(col, row);
}

SceneStatistics SolarScene::statistics(SceneChannel c, const SceneGeometry &g, double tai, double exposureSeconds)
{
    static std::mutex lock;
    static std::map<StatisticsKey, SceneStatistics> memo;
    const StatisticsKey key = keyOf(c, g, tai, exposureSeconds);
    {
        const std::lock_guard<std::mutex> guard(lock);
        const auto it = memo.find(key);
        if (it != memo.end())
            return it->second;
    }
    SceneStatistics s;
    if (g.width > 0 && g.height > 0 && hasSun(g)) {
        // Every step-th pixel of the very image render() makes, about 512 x 512 of them.
        const int step = std::max(1, (std::max(g.width, g.height) + 511) / 512);
        const int cols = (g.width - step / 2 + step - 1) / step, rows = (g.height - step / 2 + step - 1) / step;
        std::vector<float> sample(size_t(rows) * cols);
        const SceneFrame frame = SceneFrame::make(c, g, tai, exposureSeconds, SceneParameters::builtIn());
        renderGrid(frame, step / 2, step, rows, step / 2, step, cols, sample.data());
        if (!keepsOffDisk(c)) {
            // HMI observables exist on the disk only; JSOC's statistics skip the rest.
            std::vector<float> disk;
            disk.reserve(sample.size());
            for (int r = 0; r < rows; ++r)
                for (int k = 0; k < cols; ++k)
                    if (frame.onDisk(step / 2 + k * step, step / 2 + r * step))
                        disk.push_back(sample[size_t(r) * cols + k]);
            sample.swap(disk);
        }
        s = sceneStatisticsOf(sample);
    }
    const std::lock_guard<std::mutex> guard(lock);
    if (memo.size() > 256)
        memo.clear();
    memo.emplace(key, s);
    return s;
}

} // namespace sim
