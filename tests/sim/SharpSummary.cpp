#include "sim/SharpSummary.h"

#include <QFile>
#include <QHash>
#include <algorithm>
#include <cmath>

#include "sim/HarpNoaaNumbers.h"
#include "sim/RecordTruth.h"
#include "sim/SceneParameters.h"
#include "sim/SeriesFile.h"
#include "sim/SimHash.h"
#include "sim/SolarEphemeris.h"

namespace sim {

namespace {

constexpr double kSecondsPerDay = 86400.0;

struct Constants {
    double acrPerSpotMsh = 0, activePixelFieldG = 0, plageAcrMedianMh = 0, plageAcrSigmaLn = 0;
    double meanGammaMedianDeg = 0, meanGammaSdDeg = 0, meanGammaAtWindowEnds = 1, totusjhPerUsflux = 0, totusjhSigmaLn = 0;
    double meanJzhMedianAbs = 0, hemisphericRuleFraction = 0, rValueAt1e21Mx = 0, rValuePerDecade = 0;
};

const Constants &constants()
{
    static const Constants c = [] {
        QHash<QByteArray, double> v;
        QFile f(seriesfile::directory() + QStringLiteral("/hmi_sharp_summary.tsv"));
        if (!f.open(QIODevice::ReadOnly))
            qWarning("jsoc-sim: cannot open %s", qPrintable(f.fileName()));
        while (f.isOpen() && !f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            const QList<QByteArray> cols = line.split('\t');
            if (!line.isEmpty() && !line.startsWith('#') && cols.size() >= 2)
                v.insert(cols[0], cols[1].toDouble());
        }
        Constants k;
        k.acrPerSpotMsh = v.value("acrPerSpotMsh");
        k.activePixelFieldG = v.value("activePixelFieldG");
        k.plageAcrMedianMh = v.value("plageAcrMedianMh");
        k.plageAcrSigmaLn = v.value("plageAcrSigmaLn");
        k.meanGammaMedianDeg = v.value("meanGammaMedianDeg");
        k.meanGammaSdDeg = v.value("meanGammaSdDeg");
        k.meanGammaAtWindowEnds = v.value("meanGammaAtWindowEnds", 1.0);
        k.totusjhPerUsflux = v.value("totusjhPerUsflux");
        k.totusjhSigmaLn = v.value("totusjhSigmaLn");
        k.meanJzhMedianAbs = v.value("meanJzhMedianAbs");
        k.hemisphericRuleFraction = v.value("hemisphericRuleFraction");
        k.rValueAt1e21Mx = v.value("rValueAt1e21Mx");
        k.rValuePerDecade = v.value("rValuePerDecade");
        return k;
    }();
    return c;
}

// Draws of one HARP, the same every time it is asked for.
struct HarpDraws {
    quint64 state;
    double uniform() { return unitDouble(mix(state++)); }
    double gaussian()
    {
        const double u1 = std::max(1e-12, uniform()), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
};

double smooth01(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

} // namespace

std::optional<SharpSummary::Keyword> SharpSummary::keywordOf(const QString &up)
{
    if (up == QLatin1String("USFLUX")) return Keyword::Usflux;
    if (up == QLatin1String("MEANGAM")) return Keyword::MeanGam;
    if (up == QLatin1String("MEANJZH")) return Keyword::MeanJzh;
    if (up == QLatin1String("TOTUSJH")) return Keyword::TotUsJh;
    if (up == QLatin1String("AREA_ACR")) return Keyword::AreaAcr;
    if (up == QLatin1String("R_VALUE")) return Keyword::RValue;
    return std::nullopt;
}

double SharpSummary::pick(const SharpSummaryValues &v, Keyword k)
{
    switch (k) {
    case Keyword::Usflux: return v.usfluxMx;
    case Keyword::MeanGam: return v.meanGammaDeg;
    case Keyword::MeanJzh: return v.meanJzh;
    case Keyword::TotUsJh: return v.totUsJh;
    case Keyword::AreaAcr: return v.areaAcrMh;
    case Keyword::RValue: return v.rValue;
    }
    return 0;
}

std::optional<SharpSummaryValues> SharpSummary::at(const SeriesDef &def, const Coord &c)
{
    if (def.harpKey < 0 || def.windowOuterKey != def.harpKey || def.windows.empty() || def.timeKey < 0)
        return std::nullopt;
    const Constants &k = constants();
    const ActiveRegionRules &rules = SceneParameters::builtIn().regions;
    const qint64 harpIndex = c[size_t(def.harpKey)];
    const qint64 harp = def.pkeys[def.harpKey].values[size_t(harpIndex)];
    const auto window = def.windows[size_t(harpIndex)];
    const drms::SlotAxis &axis = def.pkeys[def.timeKey].axis;
    const double start = axis.timeOf(window.first), end = axis.timeOf(window.second);
    const double t = RecordTruth::tRecOf(def, c);

    HarpDraws d{mix(def.seed ^ (quint64(harp) * 0x9E3779B97F4A7C15ULL))};
    const QList<qint64> noaa = HarpNoaaNumbers::known(def) ? HarpNoaaNumbers::numbers(def, harp) : QList<qint64>{};
    const int regions = int(noaa.size());
    // The region's life: the simulated Sun's lognormal lifetime law; a numbered region has spots.
    const double lifetime = std::min(rules.maxLifetimeDays, rules.lifetimeMedianDays * std::exp(rules.lifetimeSigmaLn * d.gaussian()));
    const double plageAcr = k.plageAcrMedianMh * std::exp(k.plageAcrSigmaLn * d.gaussian());
    const double peakSpotMsh = regions * rules.spotAreaMshPerLifetimeDay * lifetime;
    // HARPs are first seen when the region emerges on the disk, or already grown as it rotates in.
    const double tracked = std::max(kSecondsPerDay, end - start);
    const double emergence = start - d.uniform() * 0.5 * std::min(lifetime * kSecondsPerDay, tracked);
    const double ageDays = std::max(0.0, (t - emergence) / kSecondsPerDay);
    const double rise = std::min(rules.riseDaysMax, rules.riseFractionOfLife * lifetime);
    const double grown = smooth01(ageDays / rise);
    const double spotLeft = ageDays < rise ? grown : std::max(0.0, 1.0 - (ageDays - rise) / std::max(1e-3, lifetime - rise));
    // The plage outlives the spots and spreads (flux kept, a little lost each lifetime).
    const double plageLeft = grown * std::exp(-std::max(0.0, ageDays - rise) / (lifetime * (1.0 + rules.decayedPlageLifetimes)));

    SharpSummaryValues v;
    v.areaAcrMh = k.acrPerSpotMsh * peakSpotMsh * spotLeft + plageAcr * plageLeft * (1.0 + regions);
    const double rsunCm = SolarEphemeris::kRsunRef * 100.0;
    const double mhCm2 = 1e-6 * 2.0 * M_PI * rsunCm * rsunCm;
    v.usfluxMx = v.areaAcrMh * mhCm2 * k.activePixelFieldG;
    v.totUsJh = v.usfluxMx * k.totusjhPerUsflux * std::exp(k.totusjhSigmaLn * d.gaussian());
    // Lower towards the ends of the tracking window, as the real HARP 3604 reads near the limbs.
    const double passage = std::clamp((t - start) / std::max(1.0, end - start), 0.0, 1.0);
    const double limb = k.meanGammaAtWindowEnds + (1.0 - k.meanGammaAtWindowEnds) * std::sin(M_PI * passage);
    v.meanGammaDeg = std::clamp((k.meanGammaMedianDeg + k.meanGammaSdDeg * d.gaussian()) * limb, 5.0, 85.0);
    // Hemispheric helicity rule: negative in the north, positive in the south, mostly.
    const double north = d.uniform() < 0.5 ? 1.0 : -1.0;
    const double sign = d.uniform() < k.hemisphericRuleFraction ? -north : north;
    v.meanJzh = sign * k.meanJzhMedianAbs * std::exp(0.5 * d.gaussian());
    v.rValue = regions == 0 || v.usfluxMx <= 0 ? 0.0
                                               : std::max(0.0, k.rValueAt1e21Mx + k.rValuePerDecade * std::log10(v.usfluxMx / 1e21));
    return v;
}

} // namespace sim
