#pragma once

#include <QList>
#include <QString>

#include "sim/SeriesDef.h"

// The NOAA active-region numbers a HARP carries (NOAA_AR, NOAA_NUM, NOAA_ARS), from the real
// HARP/NOAA pairs in series/hmi_harp_noaa.tsv: between two known pairs NOAA numbers follow HARP
// numbers at the rate the pairs show, so each number belongs to one HARP, in order of first
// sighting, and about one HARP in four carries one; now and then a region shares the HARP of the
// one numbered before it (the data file's rate), so some HARPs hold two or three. HMI HARP series only (definitive and _nrt are
// numbered apart); other HARP-like series have no pairs and answer `known() == false`.
namespace sim {

class HarpNoaaNumbers final
{
public:
    // True when the series' HARPs follow a family of pairs in the data file.
    static bool known(const SeriesDef &def);
    // NOAA numbers of HARP `harp` in ascending order; empty when it carries none.
    static QList<qint64> numbers(const SeriesDef &def, qint64 harp);
};

} // namespace sim
