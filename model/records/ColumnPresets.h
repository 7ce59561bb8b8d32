#pragma once

#include "model/drms/SeriesStructure.h"

#include <QList>
#include <QString>
#include <QStringList>

// Named sets of keyword-table columns a user asks for often: the SHARP summary of a HARP series,
// the WCS of an image series, its QUALITY words. A preset names keywords; applied to a series it
// keeps those the series has (in the preset's order, with their units) and says which it lacks.
namespace jsoc {

struct ColumnPreset {
    QString name;             // "SHARP summary"
    QString description;      // one sentence, for a tooltip
    QStringList keywords;     // in the order the table should show them
    QStringList optional;     // kept when the series has them, never reported as lacking
};

// SHARP summary, WCS, QUALITY.
const QList<ColumnPreset> &columnPresets();
const ColumnPreset *columnPreset(const QString &name);

struct ColumnPresetFit {
    QStringList present;      // the series' own spelling, preset order
    QStringList units;        // per present keyword ("Maxwell"; empty for none)
    QStringList missing;      // required keywords the series lacks
    // "Ticked USFLUX (Maxwell), MEANGAM (Degrees) …" and/or "aia.lev1_euv_12s lacks …";
    // "… has none of the SHARP summary keywords (…)" when nothing fits.
    QString summary;
    bool fitsNone() const { return present.isEmpty(); }
};

ColumnPresetFit fitColumnPreset(const ColumnPreset &preset, const SeriesStructure &structure);

} // namespace jsoc
