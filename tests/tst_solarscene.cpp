// The simulated Sun (sim::SolarScene): deterministic, physically shaped images. Positions are
// measured back from the rendered pixels with this file's own WCS and heliographic formulae
// (FITS paper II, Thompson 2006), independent of the renderer's matrices.
#include "sim/ActiveRegionCatalogue.h"
#include "sim/SceneFrame.h"
#include "sim/SceneParameters.h"
#include "sim/SceneRowRenderer.h"
#include "sim/SceneSolarCycle.h"
#include "sim/SolarEphemeris.h"
#include "sim/SolarScene.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

using sim::SceneChannel;
using sim::SceneGeometry;
using sim::SolarScene;

namespace {

constexpr double kDeg = M_PI / 180.0;

double taiOf(int y, int m, int d, int h = 0, int min = 0)
{
    return sim::SolarEphemeris::drmsTaiOf(QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC));
}

// Full disk (or a cutout when crpix is moved), with the observer from the ephemeris.
SceneGeometry geometryAt(double tai, int size, double cdelt, double crota2)
{
    const sim::Ephemeris e = sim::SolarEphemeris::at(tai);
    SceneGeometry g;
    g.width = g.height = size;
    g.crpix1 = g.crpix2 = size / 2.0 + 0.5;
    g.cdelt = cdelt;
    g.crota2 = crota2;
    g.rsunArcsec = e.rsunObs;
    g.b0Deg = e.crltObs;
    g.l0Deg = e.crlnObs;
    g.obsVrMs = e.obsVr;
    return g;
}

std::vector<float> render(SceneChannel c, const SceneGeometry &g, double tai, double exposure = 2.0)
{
    std::vector<float> v(size_t(g.width) * g.height);
    SolarScene::render(c, g, tai, exposure, v.data());
    return v;
}

// Pixel (0-based) <-> helioprojective (solar radii), FITS CROTA2 convention.
struct Sky {
    double x, y;
};
Sky skyOf(const SceneGeometry &g, double col, double row)
{
    const double dx = (col + 1 - g.crpix1) * g.cdelt, dy = (row + 1 - g.crpix2) * g.cdelt;
    const double c = std::cos(g.crota2 * kDeg), s = std::sin(g.crota2 * kDeg);
    return {(c * dx - s * dy) / g.rsunArcsec, (s * dx + c * dy) / g.rsunArcsec};
}
void pixelOf(const SceneGeometry &g, Sky p, double *col, double *row)
{
    const double c = std::cos(g.crota2 * kDeg), s = std::sin(g.crota2 * kDeg);
    const double x = p.x * g.rsunArcsec, y = p.y * g.rsunArcsec;
    *col = (c * x + s * y) / g.cdelt + g.crpix1 - 1;
    *row = (-s * x + c * y) / g.cdelt + g.crpix2 - 1;
}

// Heliographic (Stonyhurst longitude, latitude; degrees) <-> helioprojective on the disk.
Sky skyOfHeliographic(const SceneGeometry &g, double stonyLon, double lat)
{
    const double b0 = g.b0Deg * kDeg, th = lat * kDeg, ph = stonyLon * kDeg;
    return {std::cos(th) * std::sin(ph), std::sin(th) * std::cos(b0) - std::cos(th) * std::cos(ph) * std::sin(b0)};
}
void heliographicOf(const SceneGeometry &g, Sky p, double *stonyLon, double *lat, double *mu)
{
    const double z = std::sqrt(std::max(0.0, 1 - p.x * p.x - p.y * p.y)), b0 = g.b0Deg * kDeg;
    *lat = std::asin(p.y * std::cos(b0) + z * std::sin(b0)) / kDeg;
    *stonyLon = std::atan2(p.x, z * std::cos(b0) - p.y * std::sin(b0)) / kDeg;
    *mu = z;
}

double wrap180(double a)
{
    a = std::fmod(a + 540.0, 360.0) - 180.0;
    return a;
}

// Where a bipole is: the midpoint of its two spot cores (pixels above 70 % of each polarity's
// peak, field-weighted), which stays put while the spots shrink or grow.
struct Centroid {
    double carrLon = 0, lat = 0, stonyLon = 0;
    int pixels = 0;
};
// Only pixels within `radius` degrees of (carrLon, lat) count: the region, not its neighbours.
Centroid fieldCentroid(const SceneGeometry &g, const std::vector<float> &b, double threshold, double carrLon,
                       double lat0, double radius)
{
    auto near = [&](int i, int j, double *lon, double *lat, double *mu) {
        heliographicOf(g, skyOf(g, i, j), lon, lat, mu);
        const double dLon = wrap180(*lon + g.l0Deg - carrLon) * std::cos(lat0 * kDeg);
        return *mu > 0 && std::hypot(dLon, *lat - lat0) < radius;
    };
    float hi = 0, lo = 0;
    for (int j = 0; j < g.height; ++j)
        for (int i = 0; i < g.width; ++i) {
            double lon, lat, mu;
            const float v = b[size_t(j) * g.width + i];
            if (std::abs(v) > threshold && near(i, j, &lon, &lat, &mu)) {
                hi = std::max(hi, v);
                lo = std::min(lo, v);
            }
        }
    Centroid c;
    double core[2][3] = {}, stony[2] = {}, weight[2] = {};
    for (int j = 0; j < g.height; ++j)
        for (int i = 0; i < g.width; ++i) {
            const float v = b[size_t(j) * g.width + i];
            const int s = v > 0 ? 0 : 1;
            if (std::abs(v) < threshold || (s == 0 ? v < 0.7f * hi : v > 0.7f * lo))
                continue;
            double lon, lat, mu;
            if (!near(i, j, &lon, &lat, &mu))
                continue;
            const double wt = std::abs(v), cl = (lon + g.l0Deg) * kDeg;
            core[s][0] += wt * std::cos(lat * kDeg) * std::cos(cl);
            core[s][1] += wt * std::cos(lat * kDeg) * std::sin(cl);
            core[s][2] += wt * std::sin(lat * kDeg);
            stony[s] += wt * lon;
            weight[s] += wt;
            ++c.pixels;
        }
    if (weight[0] <= 0 || weight[1] <= 0)
        return {};
    double m[3];
    for (int k = 0; k < 3; ++k)
        m[k] = core[0][k] / weight[0] + core[1][k] / weight[1];
    c.carrLon = std::atan2(m[1], m[0]) / kDeg;
    c.lat = std::atan2(m[2], std::hypot(m[0], m[1])) / kDeg;
    c.stonyLon = 0.5 * (stony[0] / weight[0] + stony[1] / weight[1]);
    return c;
}

// No other region near enough to disturb measurements of this one.
bool isolated(const sim::ActiveRegion &a, const std::vector<sim::ActiveRegion> &regions)
{
    for (const sim::ActiveRegion &o : regions)
        if (o.seed != a.seed && o.plageFieldG > 5
            && std::hypot(wrap180(o.lonDeg - a.lonDeg) * std::cos(a.latDeg * kDeg), o.latDeg - a.latDeg) < 20)
            return false;
    return true;
}

// The spotted region nearest disk centre at a time (from the catalogue, the renderer's input).
bool spottedRegion(double tai, const SceneGeometry &g, double minAbsLat, double maxStony, sim::ActiveRegion *out)
{
    const auto regions = sim::ActiveRegionCatalogue::at(tai, sim::SceneParameters::builtIn());
    double best = 1e9;
    for (const sim::ActiveRegion &a : regions) {
        const double stony = wrap180(a.lonDeg - g.l0Deg);
        if (a.spotAreaMsh < 100 || std::abs(a.latDeg) < minAbsLat || std::abs(stony) > maxStony)
            continue;
        if (isolated(a, regions) && std::abs(stony) < best) {
            best = std::abs(stony);
            *out = a;
        }
    }
    return best < 1e9;
}

// A cutout geometry at fine scale whose field of view holds the given Stonyhurst position.
SceneGeometry cutoutAround(SceneGeometry g, double stonyLon, double lat, int size, double cdelt)
{
    const Sky p = skyOfHeliographic(g, stonyLon, lat);
    g.width = g.height = size;
    g.cdelt = cdelt;
    g.crota2 = 0;
    // disk centre placed so that p lands in the middle of the cutout
    g.crpix1 = size / 2.0 + 0.5 - p.x * g.rsunArcsec / cdelt;
    g.crpix2 = size / 2.0 + 0.5 - p.y * g.rsunArcsec / cdelt;
    return g;
}

double median(std::vector<float> v)
{
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

} // namespace

class TestSolarScene : public QObject
{
    Q_OBJECT

private slots:
    void sameInputsSameFloatsOnAnyThreads();
    void continuumFollowsTheLimbDarkeningLaw();
    void magnetogramIsBalancedWithStrongBipoles();
    void magnetogramNoiseRisesTowardTheLimb();
    void bipolesObeyHaleAndJoy();
    void regionsRotateDifferentiallyBetweenFrames();
    void activityFollowsTheCycle();
    void dopplergramShowsRotationAndObserverMotion();
    void channelsShowDifferentLayers();
    void coronaFallsWithHeightAndOpensAtThePolesAtMinimum();
    void statisticsAgreeWithTheFullImage();
};

void TestSolarScene::sameInputsSameFloatsOnAnyThreads()
{
    const double tai = taiOf(2014, 1, 1);
    for (SceneChannel c : {SceneChannel::Aia171, SceneChannel::Magnetogram, SceneChannel::Aia304}) {
        const SceneGeometry g = geometryAt(tai, 640, 0.6 * 4096 / 640, c == SceneChannel::Magnetogram ? 180.0 : 0.0);
        const std::vector<float> a = render(c, g, tai), b = render(c, g, tai);
        QVERIFY(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
        // One renderer, one row at a time, in reverse order: the threaded image's values.
        const sim::SceneFrame frame = sim::SceneFrame::make(c, g, tai, 2.0, sim::SceneParameters::builtIn());
        sim::SceneRowRenderer single(frame, sim::SceneParameters::builtIn());
        std::vector<float> row(size_t(g.width));
        for (int j = g.height - 1; j >= 0; --j) {
            single.render(j, 0, 1, g.width, row.data());
            QVERIFY2(std::memcmp(row.data(), a.data() + size_t(j) * g.width, row.size() * sizeof(float)) == 0,
                     qPrintable(QStringLiteral("row %1").arg(j)));
        }
        // A different time is a different image (noise and rotation), not the same bytes.
        const std::vector<float> later = render(c, g, tai + 45.0);
        QVERIFY(std::memcmp(a.data(), later.data(), a.size() * sizeof(float)) != 0);
    }
}

void TestSolarScene::continuumFollowsTheLimbDarkeningLaw()
{
    // Near the 2019 minimum: few spots to disturb the rings.
    const double tai = taiOf(2019, 12, 10);
    const SceneGeometry g = geometryAt(tai, 512, 0.504 * 8, 180.0);
    const std::vector<float> img = render(SceneChannel::Continuum, g, tai);
    const sim::PhotosphereParams &ph = sim::SceneParameters::builtIn().photosphere;
    std::vector<std::vector<float>> rings(10);
    for (int j = 0; j < g.height; ++j)
        for (int i = 0; i < g.width; ++i) {
            const Sky p = skyOf(g, i, j);
            const double r2 = p.x * p.x + p.y * p.y;
            if (r2 >= 1)
                continue;
            const double mu = std::sqrt(1 - r2);
            const int ring = std::min(9, int(mu * 10));
            // only pixels near the ring's middle mu, so the law is evaluated where measured
            if (std::abs(mu - (ring + 0.5) / 10) < 0.02)
                rings[ring].push_back(img[size_t(j) * g.width + i]);
        }
    const double centre = median(rings[9]);
    for (int ring = 1; ring < 10; ++ring) {
        const double mu = (ring + 0.5) / 10, m1 = 1 - mu;
        const double law = ph.continuumDnPerS * (1 - ph.continuumU1 * m1 - ph.continuumU2 * m1 * m1);
        const double measured = median(rings[ring]);
        QVERIFY2(std::abs(measured / law - 1) < 0.01,
                 qPrintable(QStringLiteral("mu %1: %2 vs law %3").arg(mu).arg(measured).arg(law)));
    }
    // The law itself is the Sun's at 6173 A: about 0.4-0.5 of the centre at mu = 0.15.
    const double limb = median(rings[1]) / centre;
    QVERIFY2(limb > 0.35 && limb < 0.55, qPrintable(QString::number(limb)));
    // Outside the disk an HMI observable is nothing.
    QCOMPARE(img[0], 0.0f);
}

void TestSolarScene::magnetogramIsBalancedWithStrongBipoles()
{
    for (const double tai : {taiOf(2014, 1, 1), taiOf(2024, 5, 8), taiOf(2019, 12, 10)}) {
        const SceneGeometry g = geometryAt(tai, 1024, 0.504 * 4, 180.0);
        const std::vector<float> b = render(SceneChannel::Magnetogram, g, tai);
        double sum = 0, sumAbs = 0;
        long n = 0;
        float lo = 0, hi = 0;
        for (int j = 0; j < g.height; ++j)
            for (int i = 0; i < g.width; ++i) {
                if (!SolarScene::onDisk(g, i, j))
                    continue;
                const float v = b[size_t(j) * g.width + i];
                sum += v;
                sumAbs += std::abs(v);
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                ++n;
            }
        const double mean = sum / n, meanAbs = sumAbs / n;
        // Real full-disk means are a few gauss at most; the unsigned mean is noise and network.
        QVERIFY2(std::abs(mean) < 3.0, qPrintable(QString::number(mean)));
        QVERIFY2(meanAbs > 5 && meanAbs < 40, qPrintable(QString::number(meanAbs)));
        if (tai < taiOf(2019, 1, 1) || tai > taiOf(2021, 1, 1)) {
            // Active Sun: spots of both signs, hundreds to thousands of gauss.
            QVERIFY2(hi > 800 && hi < 4000, qPrintable(QString::number(hi)));
            QVERIFY2(lo < -800 && lo > -4000, qPrintable(QString::number(lo)));
        }
    }
}

void TestSolarScene::magnetogramNoiseRisesTowardTheLimb()
{
    // Two frames a second apart show the same Sun with independent noise: their difference
    // over sqrt(2) (median absolute deviation, robust) is the noise, ~7 G at disk centre and
    // larger toward the limb, as in hmi.M_45s.
    const double tai = taiOf(2019, 12, 10);
    const SceneGeometry g = geometryAt(tai, 1024, 0.504 * 4, 180.0);
    const std::vector<float> b0 = render(SceneChannel::Magnetogram, g, tai);
    const std::vector<float> b1 = render(SceneChannel::Magnetogram, g, tai + 1.0);
    std::vector<float> b(b0.size());
    for (size_t k = 0; k < b.size(); ++k)
        b[k] = float((b1[k] - b0[k]) / std::sqrt(2.0));
    auto spread = [&](double x, double y) {
        double col, row;
        pixelOf(g, {x, y}, &col, &row);
        std::vector<float> box;
        for (int j = int(row) - 20; j <= int(row) + 20; ++j)
            for (int i = int(col) - 20; i <= int(col) + 20; ++i)
                box.push_back(b[size_t(j) * g.width + i]);
        const float m = float(median(box));
        for (float &v : box)
            v = std::abs(v - m);
        return 1.4826 * median(box);
    };
    const double centre = spread(0.0, -0.3), limb = spread(-0.93, -0.2);
    QVERIFY2(centre > 5 && centre < 9, qPrintable(QString::number(centre)));
    QVERIFY2(limb > 1.4 * centre && limb < 20, qPrintable(QStringLiteral("%1 vs %2").arg(limb).arg(centre)));
}

void TestSolarScene::bipolesObeyHaleAndJoy()
{
    // Cycle 24 (2014): northern leading polarity negative; cycle 25 (2024): positive.
    int checked[2] = {0, 0};
    std::vector<double> times;
    for (int k = 0; k < 40; ++k) {
        times.push_back(taiOf(2013, 6, 1) + k * 11 * 86400.0);
        times.push_back(taiOf(2023, 6, 1) + k * 11 * 86400.0);
    }
    for (const double tai : times) {
        const bool cycle24 = tai < taiOf(2019, 1, 1);
        if (checked[cycle24] >= 3)
            continue;
        const SceneGeometry full = geometryAt(tai, 1024, 0.6 * 4, 0.0);
        sim::ActiveRegion a;
        if (!spottedRegion(tai, full, 5.0, 45.0, &a))
            continue;
        const double stony = wrap180(a.lonDeg - full.l0Deg);
        const SceneGeometry g = cutoutAround(full, stony, a.latDeg, 200, 1.2);
        const std::vector<float> b = render(SceneChannel::Magnetogram, g, tai);
        const auto maxIt = std::max_element(b.begin(), b.end()), minIt = std::min_element(b.begin(), b.end());
        const int iMax = int(maxIt - b.begin()), iMin = int(minIt - b.begin());
        double lonPos, latPos, lonNeg, latNeg, mu;
        heliographicOf(g, skyOf(g, iMax % g.width, iMax / g.width), &lonPos, &latPos, &mu);
        heliographicOf(g, skyOf(g, iMin % g.width, iMin / g.width), &lonNeg, &latNeg, &mu);
        QVERIFY(*maxIt > 500 && *minIt < -500);
        const bool positiveLeads = lonPos > lonNeg; // leading = westward = larger longitude
        const bool north = a.latDeg > 0;
        const bool expectPositiveLead = north != cycle24;
        QVERIFY2(positiveLeads == expectPositiveLead,
                 qPrintable(QStringLiteral("lat %1 cycle %2").arg(a.latDeg).arg(a.cycle)));
        // Joy's law: the leading polarity is nearer the equator (tilt scatter allows a few
        // exceptions in the Sun; the catalogue's regions here are checked by their measured tilt).
        const double leadLat = positiveLeads ? latPos : latNeg, trailLat = positiveLeads ? latNeg : latPos;
        if (std::abs(a.tiltDeg) > 3.0)
            QCOMPARE(std::abs(leadLat) < std::abs(trailLat), a.tiltDeg > 0);
        ++checked[cycle24];
    }
    QVERIFY2(checked[0] >= 3 && checked[1] >= 3, qPrintable(QStringLiteral("%1 %2").arg(checked[0]).arg(checked[1])));
}

void TestSolarScene::regionsRotateDifferentiallyBetweenFrames()
{
    const sim::SceneParameters &p = sim::SceneParameters::builtIn();
    // Minutes apart: the same region, moved by the Sun's rotation (~13.2 deg/day synodic) plus
    // its own drift, measured in a 0.5"/px cutout.
    {
        double t0 = taiOf(2014, 1, 1);
        sim::ActiveRegion a;
        while (!spottedRegion(t0, geometryAt(t0, 1024, 2.0, 0.0), 0.0, 40.0, &a) && t0 < taiOf(2014, 6, 1))
            t0 += 5 * 86400.0;
        const double t1 = t0 + 12 * 60;
        const SceneGeometry full0 = geometryAt(t0, 1024, 2.0, 0.0), full1 = geometryAt(t1, 1024, 2.0, 0.0);
        QVERIFY(spottedRegion(t0, full0, 0.0, 40.0, &a));
        const double stony = wrap180(a.lonDeg - full0.l0Deg);
        SceneGeometry g0 = cutoutAround(full0, stony, a.latDeg, 320, 0.5);
        SceneGeometry g1 = full1;
        g1.width = g1.height = g0.width;
        g1.cdelt = g0.cdelt;
        g1.crota2 = 0;
        g1.crpix1 = g0.crpix1;
        g1.crpix2 = g0.crpix2;
        const double window = 0.5 * a.separationDeg + 4.0;
        const Centroid c0 = fieldCentroid(g0, render(SceneChannel::Magnetogram, g0, t0), 300, a.lonDeg, a.latDeg, window);
        const Centroid c1 = fieldCentroid(g1, render(SceneChannel::Magnetogram, g1, t1), 300, a.lonDeg, a.latDeg, window);
        QVERIFY(c0.pixels > 10 && c1.pixels > 10);
        const double days = (t1 - t0) / 86400.0;
        const double drift = sim::ActiveRegionCatalogue::driftDegPerDay(a.latDeg, p) * days;
        const double expectedStony = drift - wrap180(full1.l0Deg - full0.l0Deg);
        QVERIFY2(expectedStony > 0.09 && expectedStony < 0.13, qPrintable(QString::number(expectedStony)));
        QVERIFY2(std::abs((c1.stonyLon - c0.stonyLon) - expectedStony) < 0.01,
                 qPrintable(QStringLiteral("moved %1 deg, expected %2").arg(c1.stonyLon - c0.stonyLon).arg(expectedStony)));
        QVERIFY2(std::abs(wrap180(c1.carrLon - c0.carrLon) - drift) < 0.005,
                 qPrintable(QStringLiteral("Carrington %1").arg(wrap180(c1.carrLon - c0.carrLon))));
    }
    // Days apart, at a latitude where differential rotation shows: the region falls behind the
    // Carrington frame at the magnetic-feature rate (Snodgrass & Ulrich), ~13 deg/day across
    // the disk.
    int checked = 0;
    for (double t0 = taiOf(2011, 6, 5); t0 < taiOf(2014, 12, 1) && checked < 2; t0 += 5 * 86400.0) {
        const double t1 = t0 + 3 * 86400.0;
        const SceneGeometry g0 = geometryAt(t0, 1024, 2.0, 0.0);
        const SceneGeometry g1 = geometryAt(t1, 1024, 2.0, 0.0);
        sim::ActiveRegion a;
        if (!spottedRegion(t0, g0, 18.0, 40.0, &a) || wrap180(a.lonDeg - g0.l0Deg) > 0
            || a.ageDays + 3 > a.lifetimeDays * 0.8 || !isolated(a, sim::ActiveRegionCatalogue::at(t1, p)))
            continue;
        const double stony = wrap180(a.lonDeg - g0.l0Deg);
        const SceneGeometry c0g = cutoutAround(g0, stony, a.latDeg, 400, 1.0);
        const SceneGeometry c1g = cutoutAround(g1, stony + 39.6, a.latDeg, 400, 1.0);
        const double window = 0.5 * a.separationDeg + 4.0;
        const Centroid c0 = fieldCentroid(c0g, render(SceneChannel::Magnetogram, c0g, t0), 300, a.lonDeg, a.latDeg, window);
        const Centroid c1 = fieldCentroid(c1g, render(SceneChannel::Magnetogram, c1g, t1), 300, a.lonDeg, a.latDeg, window);
        if (c0.pixels < 10 || c1.pixels < 10)
            continue;
        const double drift = sim::ActiveRegionCatalogue::driftDegPerDay(a.latDeg, p) * 3.0;
        QVERIFY2(drift < -0.4, qPrintable(QString::number(drift))); // rigid rotation would be 0
        QVERIFY2(std::abs(wrap180(c1.carrLon - c0.carrLon) - drift) < 0.05,
                 qPrintable(QStringLiteral("lat %1: Carrington drift %2, rate law %3").arg(a.latDeg)
                                .arg(wrap180(c1.carrLon - c0.carrLon)).arg(drift)));
        const double perDay = (c1.stonyLon - c0.stonyLon) / 3.0;
        QVERIFY2(perDay > 12.6 && perDay < 13.4, qPrintable(QString::number(perDay)));
        ++checked;
    }
    QVERIFY2(checked >= 1, "no isolated high-latitude region found");
}

void TestSolarScene::activityFollowsTheCycle()
{
    const sim::SceneParameters &p = sim::SceneParameters::builtIn();
    auto spotted = [&](double from, double to, double *meanAbsLat) {
        int n = 0;
        double lat = 0;
        for (double t = from; t < to; t += 27 * 86400.0)
            for (const sim::ActiveRegion &a : sim::ActiveRegionCatalogue::at(t, p))
                if (a.spotAreaMsh > 0) {
                    ++n;
                    lat += std::abs(a.latDeg);
                }
        if (meanAbsLat)
            *meanAbsLat = n ? lat / n : 0;
        return n;
    };
    double lat2012, lat2018;
    const int n2014 = spotted(taiOf(2014, 1, 1), taiOf(2015, 1, 1), nullptr);
    const int n2019 = spotted(taiOf(2019, 7, 1), taiOf(2020, 7, 1), nullptr);
    const int n2024 = spotted(taiOf(2024, 1, 1), taiOf(2025, 1, 1), nullptr);
    spotted(taiOf(2011, 6, 1), taiOf(2013, 1, 1), &lat2012);
    spotted(taiOf(2017, 6, 1), taiOf(2019, 1, 1), &lat2018);
    QVERIFY2(n2014 > 4 * std::max(1, n2019), qPrintable(QStringLiteral("%1 vs %2").arg(n2014).arg(n2019)));
    QVERIFY2(n2024 > 4 * std::max(1, n2019), qPrintable(QStringLiteral("%1 vs %2").arg(n2024).arg(n2019)));
    // The butterfly diagram: regions emerge nearer the equator as the cycle ages.
    QVERIFY2(lat2012 > lat2018 + 6, qPrintable(QStringLiteral("%1 vs %2").arg(lat2012).arg(lat2018)));
    // Polar fields: north negative before cycle 24's maximum, positive after (and at the 2019
    // minimum), then reversing again after cycle 25's.
    const sim::SceneSolarCycle cycle(p);
    QVERIFY(cycle.northPolarFraction(2010.0) < -0.5);
    QVERIFY(cycle.northPolarFraction(2019.5) > 0.5);
    QVERIFY(cycle.northPolarFraction(2027.5) < -0.5);
}

void TestSolarScene::dopplergramShowsRotationAndObserverMotion()
{
    const double tai = taiOf(2014, 3, 1);
    const SceneGeometry g = geometryAt(tai, 512, 0.504 * 8, 180.0);
    const std::vector<float> v = render(SceneChannel::Dopplergram, g, tai);
    auto boxMedian = [&](double x, double y) {
        double col, row;
        pixelOf(g, {x, y}, &col, &row);
        std::vector<float> box;
        for (int j = int(row) - 4; j <= int(row) + 4; ++j)
            for (int i = int(col) - 4; i <= int(col) + 4; ++i)
                box.push_back(v[size_t(j) * g.width + i]);
        return median(box);
    };
    const sim::SceneParameters &p = sim::SceneParameters::builtIn();
    const double equatorial = (p.plasmaRotation.a - p.earthOrbitDegPerDay) * kDeg / 86400.0 * sim::SolarEphemeris::kRsunRef;
    const double west = boxMedian(0.9, 0.0), east = boxMedian(-0.9, 0.0), centre = boxMedian(0.0, 0.0);
    // The west limb recedes: about 2 km/s each side at 0.9 R.
    const double rotation = (west - east) / 2;
    QVERIFY2(std::abs(rotation - 0.9 * equatorial * std::cos(g.b0Deg * kDeg)) < 150,
             qPrintable(QStringLiteral("%1 vs %2").arg(rotation).arg(0.9 * equatorial)));
    QVERIFY2(equatorial > 1800 && equatorial < 2100, qPrintable(QString::number(equatorial)));
    // The centre: the observer's own motion plus convective blueshift.
    QVERIFY2(std::abs(centre - (g.obsVrMs + p.photosphere.convectiveBlueshiftMs)) < 150,
             qPrintable(QStringLiteral("%1 vs OBS_VR %2").arg(centre).arg(g.obsVrMs)));
}

void TestSolarScene::channelsShowDifferentLayers()
{
    const double tai = taiOf(2014, 1, 1);
    const SceneGeometry g = geometryAt(tai, 512, 0.6 * 8, 0.0);
    struct Layer {
        SceneChannel c;
        std::vector<float> img;
        double diskMedian = 0;
    };
    std::vector<Layer> layers;
    for (SceneChannel c : {SceneChannel::Aia94, SceneChannel::Aia171, SceneChannel::Aia193, SceneChannel::Aia304,
                           SceneChannel::Aia1600, SceneChannel::Aia1700})
        layers.push_back({c, render(c, g, tai, 2.0)});
    std::vector<size_t> disk, shell;
    for (int j = 0; j < g.height; ++j)
        for (int i = 0; i < g.width; ++i) {
            const Sky p = skyOf(g, i, j);
            const double r = std::hypot(p.x, p.y);
            if (r < 0.95)
                disk.push_back(size_t(j) * g.width + i);
            else if (r > 1.08 && r < 1.12)
                shell.push_back(size_t(j) * g.width + i);
        }
    auto medianOf = [](const std::vector<float> &img, const std::vector<size_t> &at) {
        std::vector<float> v;
        for (size_t k : at)
            v.push_back(img[k]);
        return median(v);
    };
    for (Layer &l : layers)
        l.diskMedian = medianOf(l.img, disk);
    const Layer &a94 = layers[0], &a171 = layers[1], &a193 = layers[2], &a1600 = layers[4];
    // Hot loops: the 94 A active regions stand far above its quiet Sun, more than 171's do.
    auto contrast = [&](const Layer &l) {
        std::vector<float> v;
        for (size_t k : disk)
            v.push_back(l.img[k]);
        std::sort(v.begin(), v.end());
        return v[size_t(0.999 * (v.size() - 1))] / l.diskMedian;
    };
    QVERIFY2(contrast(a94) > 1.5 * contrast(a171), qPrintable(QStringLiteral("%1 vs %2").arg(contrast(a94)).arg(contrast(a171))));
    // Quiet Sun: 94 is faint and unstructured where 171 shows the network.
    std::vector<size_t> quiet;
    for (size_t k : disk)
        if (a94.img[k] < 2 * a94.diskMedian)
            quiet.push_back(k);
    auto correlation = [&](const Layer &x, const Layer &y) {
        double mx = 0, my = 0;
        for (size_t k : quiet) {
            mx += x.img[k];
            my += y.img[k];
        }
        mx /= quiet.size();
        my /= quiet.size();
        double sxy = 0, sxx = 0, syy = 0;
        for (size_t k : quiet) {
            const double dx = x.img[k] - mx, dy = y.img[k] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / std::sqrt(sxx * syy);
    };
    const double r94 = correlation(a94, a171), r193 = correlation(a171, a193);
    QVERIFY2(std::abs(r94) < 0.3, qPrintable(QString::number(r94)));
    QVERIFY2(r193 > r94 + 0.2, qPrintable(QStringLiteral("%1 vs %2").arg(r193).arg(r94)));
    // Corona above the limb in the EUV, nothing in the UV continuum.
    QVERIFY(medianOf(a171.img, shell) > 0.1 * a171.diskMedian);
    QVERIFY(medianOf(a1600.img, shell) < 0.02 * a1600.diskMedian);
    // Levels differ by channel as the instrument's do (DN for the exposure).
    QVERIFY(a171.diskMedian > 20 * a94.diskMedian);
}

void TestSolarScene::coronaFallsWithHeightAndOpensAtThePolesAtMinimum()
{
    // Median 171 A level in thin shells above the limb falls with height, near the real AIA
    // sample's (2011-02-15: 87, 21, 7 DN/s at 1.075, 1.15, 1.3 R within a factor 2).
    auto shellMedian = [](const std::vector<float> &img, const SceneGeometry &g, double r0, double r1,
                          double minAbsY) {
        std::vector<float> v;
        for (int j = 0; j < g.height; ++j)
            for (int i = 0; i < g.width; ++i) {
                const Sky p = skyOf(g, i, j);
                const double r = std::hypot(p.x, p.y);
                if (r >= r0 && r < r1 && std::abs(p.y) / r >= minAbsY)
                    v.push_back(img[size_t(j) * g.width + i]);
            }
        return median(v);
    };
    const double t2011 = taiOf(2011, 2, 15);
    const SceneGeometry g = geometryAt(t2011, 512, 0.6 * 8, 0.0);
    const std::vector<float> a171 = render(SceneChannel::Aia171, g, t2011, 1.0);
    const double real[3] = {87, 21, 7}, radius[3] = {1.075, 1.15, 1.3};
    double previous = 1e9;
    for (int k = 0; k < 3; ++k) {
        const double level = shellMedian(a171, g, radius[k] - 0.02, radius[k] + 0.02, 0.0);
        QVERIFY2(level < previous && level > real[k] / 2 && level < real[k] * 2,
                 qPrintable(QStringLiteral("%1 R: %2 DN/s").arg(radius[k]).arg(level)));
        previous = level;
    }
    // At the 2019 minimum the polar corona is a hole in 193 A (above the polar limb, as on the
    // disk); at the 2014 maximum it is not.
    double ratio[2] = {};
    for (const double tai : {taiOf(2019, 12, 10), taiOf(2014, 1, 1)}) {
        const SceneGeometry h = geometryAt(tai, 512, 0.6 * 8, 0.0);
        const std::vector<float> a193 = render(SceneChannel::Aia193, h, tai, 2.0);
        const double polar = shellMedian(a193, h, 1.03, 1.08, 0.95), equatorial = [&] {
            std::vector<float> v;
            for (int j = 0; j < h.height; ++j)
                for (int i = 0; i < h.width; ++i) {
                    const Sky p = skyOf(h, i, j);
                    const double r = std::hypot(p.x, p.y);
                    if (r >= 1.03 && r < 1.08 && std::abs(p.y) / r < 0.3)
                        v.push_back(a193[size_t(j) * h.width + i]);
                }
            return median(v);
        }();
        ratio[tai > taiOf(2019, 1, 1) ? 0 : 1] = polar / equatorial;
    }
    QVERIFY2(ratio[0] < 0.3 && ratio[0] < 0.5 * ratio[1],
             qPrintable(QStringLiteral("polar/equatorial: minimum %1, maximum %2").arg(ratio[0]).arg(ratio[1])));
}

void TestSolarScene::statisticsAgreeWithTheFullImage()
{
    const double tai = taiOf(2014, 1, 1);
    for (SceneChannel c : {SceneChannel::Aia171, SceneChannel::Aia94, SceneChannel::Continuum, SceneChannel::Magnetogram}) {
        const bool aia = c == SceneChannel::Aia171 || c == SceneChannel::Aia94;
        const SceneGeometry g = geometryAt(tai, 2048, (aia ? 0.6 : 0.504) * 2, aia ? 0.0 : 180.0);
        const std::vector<float> img = render(c, g, tai, 2.0);
        std::vector<float> kept;
        for (int j = 0; j < g.height; ++j)
            for (int i = 0; i < g.width; ++i)
                if (aia || SolarScene::onDisk(g, i, j))
                    kept.push_back(img[size_t(j) * g.width + i]);
        double sum = 0;
        for (float v : kept)
            sum += v;
        const double mean = sum / kept.size();
        double m2 = 0;
        for (float v : kept)
            m2 += (v - mean) * (v - mean);
        const double rms = std::sqrt(m2 / kept.size());
        std::sort(kept.begin(), kept.end());
        auto pct = [&](double q) { return double(kept[size_t(std::lround(q * (kept.size() - 1)))]); };
        const sim::SceneStatistics s = SolarScene::statistics(c, g, tai, 2.0);
        // Within 1 % of the value, or of the spread where the value is near zero (magnetogram).
        auto check = [&](const char *what, double sample, double full) {
            const double tolerance = 0.01 * std::max(std::abs(full), rms);
            QVERIFY2(std::abs(sample - full) <= tolerance,
                     qPrintable(QStringLiteral("channel %1 %2: sample %3, full %4").arg(int(c)).arg(QLatin1String(what))
                                    .arg(sample).arg(full)));
        };
        check("mean", s.mean, mean);
        check("rms", s.rms, rms);
        check("median", s.median, pct(0.5));
        check("p01", s.p01, pct(0.01));
        check("p10", s.p10, pct(0.10));
        check("p25", s.p25, pct(0.25));
        check("p75", s.p75, pct(0.75));
        check("p90", s.p90, pct(0.90));
        check("p95", s.p95, pct(0.95));
        check("p98", s.p98, pct(0.98));
        check("p99", s.p99, pct(0.99));
        QVERIFY(s.min >= kept.front() && s.max <= kept.back() && s.min <= s.mean && s.mean <= s.max);
    }
}

QTEST_GUILESS_MAIN(TestSolarScene)
#include "tst_solarscene.moc"
