// Simulated Sun rendering speed: ms per full frame (wall, and CPU summed over threads) (default 4096 x 4096) for each SolarScene
// channel, with AIA or HMI geometry from the simulator's ephemeris; and the statistics() call
// (a sparse sample, memoised) for comparison. Goal: a 4096^2 frame well under a second.
// With --png DIR it also writes each channel as a PNG (log scale for AIA, linear for HMI) to
// look at.
//
// Usage: bench_solar_scene [--size N] [--repeat N] [--date yyyy-MM-ddTHH:mm:ss] [--png DIR [--png-size N]]
#include "sim/SolarEphemeris.h"
#include "sim/SolarScene.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

namespace {

using sim::SceneChannel;

// CPU time of the whole process (all threads): the machine may be shared, so wall time alone
// would measure the neighbours too.
double processCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct ChannelInfo {
    SceneChannel channel;
    const char *name;
    bool aia;
    double exposure;
};

const ChannelInfo kChannels[] = {
    {SceneChannel::Aia94, "aia94", true, 2.9},       {SceneChannel::Aia131, "aia131", true, 2.9},
    {SceneChannel::Aia171, "aia171", true, 2.0},     {SceneChannel::Aia193, "aia193", true, 2.0},
    {SceneChannel::Aia211, "aia211", true, 2.9},     {SceneChannel::Aia304, "aia304", true, 2.9},
    {SceneChannel::Aia335, "aia335", true, 2.9},     {SceneChannel::Aia1600, "aia1600", true, 2.9},
    {SceneChannel::Aia1700, "aia1700", true, 1.0},   {SceneChannel::Aia4500, "aia4500", true, 1.0},
    {SceneChannel::Continuum, "hmi_ic", false, 0},   {SceneChannel::Magnetogram, "hmi_m", false, 0},
    {SceneChannel::Dopplergram, "hmi_v", false, 0},  {SceneChannel::LineWidth, "hmi_lw", false, 0},
    {SceneChannel::LineDepth, "hmi_ld", false, 0},
};

sim::SceneGeometry geometryFor(bool aia, int size, double tai)
{
    const sim::Ephemeris e = sim::SolarEphemeris::at(tai);
    sim::SceneGeometry g;
    g.width = g.height = size;
    g.crpix1 = g.crpix2 = size / 2.0 + 0.5;
    // Full-resolution plate scales (AIA 0.6"/px, HMI 0.504"/px), scaled to the asked size.
    g.cdelt = (aia ? 0.6 : 0.504) * 4096.0 / size;
    g.crota2 = aia ? 0.0 : 180.0;
    g.rsunArcsec = e.rsunObs;
    g.b0Deg = e.crltObs;
    g.l0Deg = e.crlnObs;
    g.obsVrMs = e.obsVr;
    return g;
}

QImage toImage(const ChannelInfo &c, const std::vector<float> &v, int size, const sim::SceneStatistics &s)
{
    QImage img(size, size, QImage::Format_Grayscale8);
    double lo, hi;
    bool logScale = c.aia && c.channel != SceneChannel::Aia4500 && c.channel != SceneChannel::Aia1700;
    if (c.channel == SceneChannel::Magnetogram) {
        lo = -300;
        hi = 300;
    } else if (c.channel == SceneChannel::Dopplergram) {
        lo = -2500 + s.median;
        hi = 2500 + s.median;
    } else if (logScale) {
        lo = std::log10(std::max(0.5, s.p25 * 0.5));
        hi = std::log10(std::max(1.0, s.max * 0.7));
    } else {
        lo = 0;
        hi = s.max;
    }
    for (int j = 0; j < size; ++j) {
        uchar *line = img.scanLine(size - 1 - j); // FITS row 1 at the bottom
        for (int i = 0; i < size; ++i) {
            double x = v[size_t(j) * size + i];
            if (logScale)
                x = std::log10(std::max(x, 0.01));
            line[i] = uchar(std::clamp((x - lo) / (hi - lo), 0.0, 1.0) * 255.0);
        }
    }
    return img;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto value = [&](const QString &name, const QString &fallback) {
        const int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const int size = value(QStringLiteral("--size"), QStringLiteral("4096")).toInt();
    const int repeat = std::max(1, value(QStringLiteral("--repeat"), QStringLiteral("3")).toInt());
    const QString pngDir = value(QStringLiteral("--png"), QString());
    const int pngSize = value(QStringLiteral("--png-size"), QStringLiteral("1024")).toInt();
    QDateTime when = QDateTime::fromString(value(QStringLiteral("--date"), QStringLiteral("2014-01-01T00:00:00")), Qt::ISODate);
    when.setTimeSpec(Qt::UTC);
    const double tai = sim::SolarEphemeris::drmsTaiOf(when);

    QTextStream out(stdout);
    out << "SolarScene at " << when.toString(Qt::ISODate) << ", " << size << "x" << size << ", best of " << repeat << "\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n").arg(QStringLiteral("channel"), -9).arg(QStringLiteral("render ms"), 10)
               .arg(QStringLiteral("cpu ms"), 8).arg(QStringLiteral("stats ms"), 9).arg(QStringLiteral("mean"), 12)
               .arg(QStringLiteral("median"), 12);
    std::vector<float> image(size_t(size) * size);
    for (const ChannelInfo &c : kChannels) {
        const sim::SceneGeometry g = geometryFor(c.aia, size, tai);
        double best = 1e300, bestCpu = 1e300;
        for (int r = 0; r < repeat; ++r) {
            QElapsedTimer t;
            t.start();
            const double cpu0 = processCpuMs();
            sim::SolarScene::render(c.channel, g, tai, c.exposure, image.data());
            bestCpu = std::min(bestCpu, processCpuMs() - cpu0);
            best = std::min(best, t.nsecsElapsed() / 1e6);
        }
        QElapsedTimer t;
        t.start();
        const sim::SceneStatistics s = sim::SolarScene::statistics(c.channel, g, tai + 1.0, c.exposure);
        const double statsMs = t.nsecsElapsed() / 1e6;
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n").arg(QLatin1String(c.name), -9).arg(best, 10, 'f', 1)
                   .arg(bestCpu, 8, 'f', 1).arg(statsMs, 9, 'f', 1).arg(s.mean, 12, 'g', 6).arg(s.median, 12, 'g', 6);
        out.flush();
        if (!pngDir.isEmpty()) {
            QDir().mkpath(pngDir);
            const sim::SceneGeometry pg = geometryFor(c.aia, pngSize, tai);
            std::vector<float> small(size_t(pngSize) * pngSize);
            sim::SolarScene::render(c.channel, pg, tai, c.exposure, small.data());
            const sim::SceneStatistics ps = sim::SolarScene::statistics(c.channel, pg, tai, c.exposure);
            toImage(c, small, pngSize, ps).save(pngDir + QLatin1Char('/') + QLatin1String(c.name) + QStringLiteral(".png"));
        }
    }
    return 0;
}
