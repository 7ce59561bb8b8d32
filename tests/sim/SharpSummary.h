#pragma once

#include <QString>
#include <optional>

#include "sim/RecordSpace.h"
#include "sim/SeriesDef.h"

// The SHARP summary keywords of one HARP record (USFLUX, MEANGAM, MEANJZH, TOTUSJH, AREA_ACR,
// R_VALUE), from the HARP's region: a sunspot region when it carries NOAA numbers (its peak
// spot area drawn from the simulated Sun's own lifetime law, data/solar_scene.json, once per
// region), plage only otherwise; it grows and decays over the HARP's tracking window with the
// same rise rule. Flux and helicity follow the active area, so a bigger region has more of both.
// The constants, with their sources, are in series/hmi_sharp_summary.tsv.
namespace sim {

struct SharpSummaryValues {
    double usfluxMx = 0;       // USFLUX, Maxwell
    double meanGammaDeg = 0;   // MEANGAM, degrees
    double meanJzh = 0;        // MEANJZH, G^2/m
    double totUsJh = 0;        // TOTUSJH, G^2/m
    double areaAcrMh = 0;      // AREA_ACR, micro-hemispheres
    double rValue = 0;         // R_VALUE, log10 Mx
};

class SharpSummary final
{
public:
    enum class Keyword { Usflux, MeanGam, MeanJzh, TotUsJh, AreaAcr, RValue };
    static std::optional<Keyword> keywordOf(const QString &upperName);
    // Nothing for a series without HARP windows.
    static std::optional<SharpSummaryValues> at(const SeriesDef &def, const Coord &c);
    static double pick(const SharpSummaryValues &v, Keyword k);
};

} // namespace sim
