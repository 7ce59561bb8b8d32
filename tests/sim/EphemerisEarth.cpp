#include "sim/EphemerisEarth.h"

#include "sim/EphemerisDataFile.h"

#include <QtGlobal>
#include <array>
#include <limits>
#include <vector>

namespace sim::ephemeris {
namespace {

constexpr double kAu = 149597870700.0;                 // [m] IAU 2012
constexpr double kMillennium = 365250.0 * 86400.0;     // [s] the series' time unit

struct Term {
    int coordinate = 0; // 0 x, 1 y, 2 z
    int power = 0;      // of T
    double amplitude = 0, phase = 0, frequency = 0;
};

struct Series {
    std::vector<Term> terms;
    double frame[3][3] = {}; // ecliptic J2000 (VSOP87) → equator J2000
};

const Series &series()
{
    static const Series s = [] {
        Series out;
        int frameRow = 0;
        for (const QStringList &f : dataFileRows("ephemeris_vsop87a_earth.txt")) {
            if (f.at(0) == QLatin1String("frame") && f.size() == 4 && frameRow < 3) {
                for (int c = 0; c < 3; ++c)
                    out.frame[frameRow][c] = f.at(c + 1).toDouble();
                ++frameRow;
            } else if (f.size() == 5) {
                out.terms.push_back({f.at(0).at(0).unicode() - 'x', f.at(1).toInt(), f.at(2).toDouble(),
                                     f.at(3).toDouble(), f.at(4).toDouble()});
            }
        }
        if (frameRow != 3 || out.terms.empty())
            qFatal("jsoc-sim: ephemeris_vsop87a_earth.txt lacks its frame rows or terms");
        return out;
    }();
    return s;
}

Vec3 toEquator(const Series &s, const double v[3])
{
    return {s.frame[0][0] * v[0] + s.frame[0][1] * v[1] + s.frame[0][2] * v[2],
            s.frame[1][0] * v[0] + s.frame[1][1] * v[1] + s.frame[1][2] * v[2],
            s.frame[2][0] * v[0] + s.frame[2][1] * v[1] + s.frame[2][2] * v[2]};
}

// The series summed at one time: ~600 terms, 10-20 µs.
EarthState seriesAt(double jdTdb)
{
    const Series &s = series();
    const double t = (jdTdb - 2451545.0) / 365250.0;
    double tPower[7] = {1.0};
    for (int p = 1; p < 7; ++p)
        tPower[p] = tPower[p - 1] * t;
    double position[3] = {}, rate[3] = {}; // AU, AU per millennium
    for (const Term &term : s.terms) {
        const double angle = term.phase + term.frequency * t;
        const double c = std::cos(angle), sn = std::sin(angle);
        position[term.coordinate] += term.amplitude * c * tPower[term.power];
        rate[term.coordinate] += -term.amplitude * term.frequency * sn * tPower[term.power];
        if (term.power > 0)
            rate[term.coordinate] += term.amplitude * c * term.power * tPower[term.power - 1];
    }
    EarthState e;
    e.position = toEquator(s, position) * kAu;
    e.velocity = toEquator(s, rate) * (kAu / kMillennium);
    return e;
}

// The series once an hour, kept for the last few hours asked: record queries walk through time,
// and a 200,000-record query would otherwise spend seconds summing the series.
constexpr double kNodeDays = 1.0 / 24.0;

EarthState nodeAt(qint64 node)
{
    struct Kept {
        qint64 node = std::numeric_limits<qint64>::min();
        EarthState state;
    };
    thread_local std::array<Kept, 4> kept;
    Kept &slot = kept[size_t(node & 3)];
    if (slot.node != node) {
        slot.node = node;
        slot.state = seriesAt(2451545.0 + double(node) * kNodeDays);
    }
    return slot.state;
}

} // namespace

EarthState earthAt(double jdTdb)
{
    // Cubic Hermite between the hourly positions and velocities: the error goes as h⁴ times the
    // orbit's fourth derivative (the Moon's 4,700 km monthly swing included), under a millimetre.
    const double x = (jdTdb - 2451545.0) / kNodeDays;
    const qint64 node = qint64(std::floor(x));
    const double s = x - double(node), h = kNodeDays * 86400.0;
    const EarthState a = nodeAt(node), b = nodeAt(node + 1);
    const double s2 = s * s, s3 = s2 * s;
    EarthState e;
    e.position = a.position * (2 * s3 - 3 * s2 + 1) + a.velocity * ((s3 - 2 * s2 + s) * h)
                 + b.position * (-2 * s3 + 3 * s2) + b.velocity * ((s3 - s2) * h);
    e.velocity = (a.position * (6 * s2 - 6 * s) + b.position * (-6 * s2 + 6 * s)) * (1.0 / h)
                 + a.velocity * (3 * s2 - 4 * s + 1) + b.velocity * (3 * s2 - 2 * s);
    return e;
}

} // namespace sim::ephemeris
