#include "sim/RecordTruth.h"

#include <cmath>
#include <unordered_map>

#include "sim/SdoEclipses.h"

namespace sim {

namespace {

constexpr double kJdOfDrmsEpoch = 2443144.5; // 1977.01.01_00:00:00_TAI
constexpr double kLightSpeed = 299792458.0;  // [m/s]

// QUALITY bits, as JSOC's lev1 (AIA) and lev1.5 (HMI) definitions name them.
constexpr quint32 kAiaEclipse = 0x2000;        // Q_ACS_ECLP: ACS_ECLP == YES
constexpr quint32 kHmiNoData = 0x80000000u;    // QUAL_NODATA: no observable produced
constexpr quint32 kHmiEclipse = 0x100;         // QUAL_ECLIPSE: a filtergram was taken in eclipse
constexpr quint32 kHmiPoorQuality = 0x20;      // QUAL_POORQUALITY

// Start of Carrington rotation n (Meeus ch. 29), DRMS seconds: the time of a synoptic record.
double carringtonStart(int n)
{
    const double m = (281.96 + 26.882476 * n) * M_PI / 180.0;
    const double jd = 2398140.2270 + 27.2752316 * n + 0.1454 * std::sin(m) - 0.0085 * std::sin(2 * m) - 0.0141 * std::cos(2 * m);
    return (jd - kJdOfDrmsEpoch) * 86400.0;
}

qint64 keyValue(const SeriesDef &def, const Coord &c, int p)
{
    return def.pkeys[p].values[size_t(c[size_t(p)])];
}

const ChannelConstants *constantsOf(const SeriesDef &def, qint64 wave)
{
    if (def.isAia)
        return InstrumentConstants::channel(QStringLiteral("AIA"), int(wave));
    if (def.harpKey >= 0 || def.carRotKey >= 0 || def.timeKey < 0)
        return nullptr; // patches and synoptic maps are not full-disk images of one instant
    if (def.isHmi)
        return InstrumentConstants::channel(QStringLiteral("HMI"), 6173);
    if (def.instrument == QLatin1String("MDI"))
        return InstrumentConstants::channel(QStringLiteral("MDI"), 6768);
    return nullptr;
}

double stepOf(const SeriesDef &def)
{
    return def.timeKey >= 0 ? def.pkeys[def.timeKey].axis.step : 0.0;
}

struct StatsKey {
    const ChannelConstants *constants;
    int channel;
    double step;
    bool operator==(const StatsKey &o) const { return constants == o.constants && channel == o.channel && step == o.step; }
};
struct StatsKeyHash {
    size_t operator()(const StatsKey &k) const
    {
        return std::hash<const void *>()(k.constants) * 31 + std::hash<double>()(k.step) * 7 + size_t(k.channel);
    }
};

} // namespace

double RecordTruth::tRecOf(const SeriesDef &def, const Coord &c)
{
    if (def.timeKey >= 0)
        return def.pkeys[def.timeKey].axis.timeOf(c[size_t(def.timeKey)]);
    if (def.carRotKey >= 0)
        return carringtonStart(int(keyValue(def, c, def.carRotKey)));
    return 0.0;
}

qint64 RecordTruth::wavelengthOf(const SeriesDef &def, const Coord &c)
{
    return def.waveKey >= 0 ? keyValue(def, c, def.waveKey) : 0;
}

// Kept once computed: recomputing the full ephemeris for every row of every request made the
// simulator, not the client, the slowest part of a 200,000-record query. Bounded: a map that
// grows past kMaxKept times starts over.
const Ephemeris &RecordTruth::ephemerisAt(double t)
{
    constexpr size_t kMaxKept = size_t(1) << 19; // ~60 MB at most
    thread_local std::unordered_map<double, Ephemeris> kept;
    if (const auto it = kept.find(t); it != kept.end())
        return it->second;
    if (kept.size() >= kMaxKept)
        kept.clear();
    return kept.emplace(t, SolarEphemeris::at(t)).first->second;
}

RecordObservation RecordTruth::observe(const SeriesDef &def, const Coord &c)
{
    RecordObservation o;
    o.tRec = tRecOf(def, c);
    o.wavelength = wavelengthOf(def, c);
    o.camera = def.cameraKey >= 0 ? int(keyValue(def, c, def.cameraKey)) : def.camera;
    o.constants = constantsOf(def, o.wavelength);
    o.ephemeris = &ephemerisAt(o.tRec);
    o.tObs = o.dateObs = o.tRec;
    if (!o.constants)
        return o;
    const ChannelConstants &k = *o.constants;
    o.exptime = k.exptime;
    if (def.isAia) {
        o.camera = k.telescope;
        o.tObs = o.tRec + k.tObsOffset;
        o.dateObs = o.tObs - o.exptime / 2.0;
        if (const ShadowPassage *p = SdoEclipses::at(o.tRec))
            o.quality |= kAiaEclipse; // in the umbra there is no record at all (isGapSlot)
    } else if (def.isHmi) {
        // T_REC is the observation time at 1 AU: light reaches SDO earlier when it is closer.
        o.tObs = o.tRec - (SolarEphemeris::kAu - o.ephemeris->dsunObs) / kLightSpeed;
        const double lead = InstrumentConstants::dateObsLead(QStringLiteral("HMI"), stepOf(def));
        o.dateObs = o.tObs - lead;
        if (const ShadowPassage *p = SdoEclipses::firstOverlapping(o.dateObs, o.tObs + lead)) {
            o.quality |= kHmiEclipse | kHmiPoorQuality;
            if (o.tObs >= p->umbraStart && o.tObs < p->umbraEnd)
                o.quality = kHmiNoData | kHmiEclipse;
        }
    } else {
        o.tObs = o.tRec + std::min(k.tObsOffset, stepOf(def) / 2.0);
        o.dateObs = o.tObs - InstrumentConstants::dateObsLead(def.instrument, stepOf(def));
    }
    // The ephemeris keywords describe the Sun as SDO saw it, at T_OBS (T_REC's served only for the
    // light-time step above).
    o.ephemeris = &ephemerisAt(o.tObs);
    o.noImage = (o.quality & kNoImage) != 0;
    return o;
}

bool RecordTruth::hasGaps(const SeriesDef &def)
{
    return def.isAia && def.timeKey >= 0 && def.waveKey >= 0;
}

bool RecordTruth::isGapSlot(const SeriesDef &def, qint64 slot)
{
    if (!hasGaps(def))
        return false;
    const double t = def.pkeys[def.timeKey].axis.timeOf(slot);
    const ShadowPassage *p = SdoEclipses::at(t);
    return p && t >= p->umbraStart && t < p->umbraEnd;
}

std::vector<std::pair<qint64, qint64>> RecordTruth::gapSlots(const SeriesDef &def, qint64 lo, qint64 hi)
{
    std::vector<std::pair<qint64, qint64>> out;
    if (!hasGaps(def) || hi < lo)
        return out;
    const drms::SlotAxis &axis = def.pkeys[def.timeKey].axis;
    for (const ShadowPassage &p : SdoEclipses::between(axis.timeOf(lo), axis.timeOf(hi) + axis.step)) {
        // Slots whose time lies in [umbraStart, umbraEnd).
        const qint64 first = std::max(lo, qint64(std::ceil((p.umbraStart - axis.epoch) / axis.step)));
        const qint64 last = std::min(hi, qint64(std::ceil((p.umbraEnd - axis.epoch) / axis.step)) - 1);
        if (first <= last)
            out.emplace_back(first, last);
    }
    return out;
}

std::optional<SceneChannel> RecordTruth::channelOf(const SeriesDef &def, qint64 wavelength, const QString &segment)
{
    if (def.isAia) {
        switch (wavelength) {
        case 94: return SceneChannel::Aia94;
        case 131: return SceneChannel::Aia131;
        case 171: return SceneChannel::Aia171;
        case 193: return SceneChannel::Aia193;
        case 211: return SceneChannel::Aia211;
        case 304: return SceneChannel::Aia304;
        case 335: return SceneChannel::Aia335;
        case 1600: return SceneChannel::Aia1600;
        case 1700: return SceneChannel::Aia1700;
        case 4500: return SceneChannel::Aia4500;
        default: return std::nullopt;
        }
    }
    const QString s = def.name.toLower(), g = segment.toLower();
    if (g == QLatin1String("bitmap") || g.contains(QLatin1String("mask")) || g.contains(QLatin1String("conf")))
        return std::nullopt;
    if (g.contains(QLatin1String("magnetogram")) || s.contains(QLatin1String(".m_")) || g == QLatin1String("br")
        || g == QLatin1String("bp") || g == QLatin1String("bt") || g == QLatin1String("field"))
        return SceneChannel::Magnetogram;
    if (g.contains(QLatin1String("doppler")) || s.contains(QLatin1String(".v_")))
        return SceneChannel::Dopplergram;
    if (g.contains(QLatin1String("linewidth")) || s.contains(QLatin1String(".lw_")))
        return SceneChannel::LineWidth;
    if (g.contains(QLatin1String("linedepth")) || s.contains(QLatin1String(".ld_")))
        return SceneChannel::LineDepth;
    return SceneChannel::Continuum;
}

std::optional<SceneChannel> RecordTruth::channelOf(const SeriesDef &def, const Coord &c)
{
    if (def.segments.isEmpty())
        return std::nullopt;
    // Per series and wavelength, kept: this is asked for every row of a listing.
    const qint64 wave = wavelengthOf(def, c);
    thread_local std::unordered_map<const SeriesDef *, std::pair<qint64, std::optional<SceneChannel>>> kept;
    auto it = kept.find(&def);
    if (it != kept.end() && it->second.first == wave)
        return it->second.second;
    if (kept.size() > 1024)
        kept.clear();
    const auto channel = channelOf(def, wave, def.segments.front().name);
    kept[&def] = {wave, channel};
    return channel;
}

SceneGeometry RecordTruth::geometry(const RecordObservation &o, int edge)
{
    SceneGeometry g;
    const ChannelConstants *k = o.constants ? o.constants : InstrumentConstants::channel(QStringLiteral("HMI"), 6173);
    const int detector = k ? k->detector : 4096;
    if (edge <= 0)
        edge = detector;
    const double scale = double(detector) / double(edge); // detector pixels per image pixel
    g.width = g.height = edge;
    g.cdelt = (k ? k->cdelt : 0.5) * scale;
    g.crpix1 = ((k ? k->crpix1 : 0.5 * detector + 0.5) - 0.5) / scale + 0.5;
    g.crpix2 = ((k ? k->crpix2 : 0.5 * detector + 0.5) - 0.5) / scale + 0.5;
    g.crota2 = k ? k->crota2 : 0.0;
    g.rsunArcsec = o.ephemeris->rsunObs;
    g.b0Deg = o.ephemeris->crltObs;
    g.l0Deg = o.ephemeris->crlnObs;
    g.obsVrMs = o.ephemeris->obsVr;
    return g;
}

namespace {

// The statistics of a channel's scene at a multiple of kStatisticsStep, kept once computed.
SceneStatistics statisticsAtStep(const RecordObservation &o, SceneChannel channel, double step)
{
    const StatsKey key{o.constants, int(channel), step};
    constexpr size_t kMaxKept = 1 << 16;
    thread_local std::unordered_map<StatsKey, SceneStatistics, StatsKeyHash> kept;
    if (const auto it = kept.find(key); it != kept.end())
        return it->second;
    if (kept.size() >= kMaxKept)
        kept.clear();
    RecordObservation at = o;
    at.ephemeris = &RecordTruth::ephemerisAt(step);
    const SceneStatistics s = SolarScene::statistics(channel, RecordTruth::geometry(at, RecordTruth::kStatisticsEdge), step, o.exptime);
    kept.emplace(key, s);
    return s;
}

} // namespace

std::optional<SceneStatistics> RecordTruth::statistics(const SeriesDef &def, const Coord &c)
{
    return statistics(def, c, observe(def, c));
}

std::optional<SceneStatistics> RecordTruth::statistics(const SeriesDef &def, const Coord &c, const RecordObservation &o)
{
    const auto channel = channelOf(def, c);
    if (!o.constants || o.noImage || !channel)
        return std::nullopt;
    // The full-disk statistics change slowly (active regions rotate 3.3 deg in 6 h): they are
    // computed at the steps around T_OBS and interpolated, so a 200,000-row listing renders a
    // few hundred scenes, not 200,000 images. Interpolation keeps min <= percentiles <= max.
    // A dopplergram's values all carry SDO's own radial velocity, which swings by ±3 km/s over
    // a day: interpolate without it and add that of T_OBS.
    const bool doppler = *channel == SceneChannel::Dopplergram;
    auto shifted = [](SceneStatistics x, double by) {
        for (double *v : {&x.min, &x.max, &x.mean, &x.median, &x.p01, &x.p10, &x.p25, &x.p75, &x.p90, &x.p95, &x.p98, &x.p99})
            *v += by;
        return x;
    };
    auto atStep = [&](double step) {
        const SceneStatistics x = statisticsAtStep(o, *channel, step);
        return doppler ? shifted(x, -ephemerisAt(step).obsVr) : x;
    };
    const double here = doppler ? o.ephemeris->obsVr : 0.0; // OBS_VR of the record, as its image has it
    const double t0 = std::floor(o.tObs / kStatisticsStep) * kStatisticsStep;
    const double f = (o.tObs - t0) / kStatisticsStep;
    const SceneStatistics a = atStep(t0);
    if (f <= 0.0)
        return shifted(a, here);
    const SceneStatistics b = atStep(t0 + kStatisticsStep);
    auto mix = [f](double x, double y) { return x + (y - x) * f; };
    SceneStatistics s;
    s.min = mix(a.min, b.min);
    s.max = mix(a.max, b.max);
    s.mean = mix(a.mean, b.mean);
    s.median = mix(a.median, b.median);
    s.rms = mix(a.rms, b.rms);
    s.skew = mix(a.skew, b.skew);
    s.kurt = mix(a.kurt, b.kurt);
    s.p01 = mix(a.p01, b.p01);
    s.p10 = mix(a.p10, b.p10);
    s.p25 = mix(a.p25, b.p25);
    s.p75 = mix(a.p75, b.p75);
    s.p90 = mix(a.p90, b.p90);
    s.p95 = mix(a.p95, b.p95);
    s.p98 = mix(a.p98, b.p98);
    s.p99 = mix(a.p99, b.p99);
    return shifted(s, here);
}

bool RecordTruth::dataOnDiskOnly(const RecordObservation &o)
{
    return o.constants && o.constants->telescope == 0;
}

bool RecordTruth::onDisk(const SceneGeometry &g, int col, int row)
{
    const double x = (col + 1.0 - g.crpix1) * g.cdelt, y = (row + 1.0 - g.crpix2) * g.cdelt;
    return x * x + y * y < g.rsunArcsec * g.rsunArcsec;
}

qint64 RecordTruth::pixelCount(const RecordObservation &o)
{
    const SceneGeometry g = geometry(o, 0);
    if (!dataOnDiskOnly(o))
        return qint64(g.width) * g.height;
    const double r = g.rsunArcsec / g.cdelt;
    return qint64(std::llround(M_PI * r * r));
}

double RecordTruth::sceneTime(const RecordObservation &o)
{
    return o.tObs;
}

} // namespace sim
