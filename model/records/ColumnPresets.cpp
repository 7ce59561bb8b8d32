#include "model/records/ColumnPresets.h"

namespace jsoc {

const QList<ColumnPreset> &columnPresets()
{
    static const QList<ColumnPreset> presets = {
        {QStringLiteral("SHARP summary"),
         QStringLiteral("The space-weather summary of each HARP (Bobra et al. 2014): total unsigned flux, mean "
                        "inclination, mean and total current helicity, active-pixel area, Schrijver's R"),
         {QStringLiteral("USFLUX"), QStringLiteral("MEANGAM"), QStringLiteral("MEANJZH"), QStringLiteral("TOTUSJH"),
          QStringLiteral("AREA_ACR"), QStringLiteral("R_VALUE")},
         {}},
        {QStringLiteral("WCS"),
         QStringLiteral("Where each image looks: reference pixel and value, scale, rotation, units and projection, "
                        "the Sun's radius and distance, and the observer's Carrington position"),
         {QStringLiteral("CRPIX1"), QStringLiteral("CRPIX2"), QStringLiteral("CRVAL1"), QStringLiteral("CRVAL2"),
          QStringLiteral("CDELT1"), QStringLiteral("CDELT2"), QStringLiteral("CROTA2"), QStringLiteral("CUNIT1"),
          QStringLiteral("CUNIT2"), QStringLiteral("CTYPE1"), QStringLiteral("CTYPE2"), QStringLiteral("RSUN_OBS"),
          QStringLiteral("DSUN_OBS"), QStringLiteral("CRLT_OBS"), QStringLiteral("CRLN_OBS")},
         {}},
        {QStringLiteral("QUALITY"),
         QStringLiteral("The QUALITY word (its set bits explained in words in each cell's tooltip) and, where the "
                        "series has it, the level-1 quality it was made from (QUALLEV1)"),
         {QStringLiteral("QUALITY"), QStringLiteral("QUALLEV1")},
         {QStringLiteral("QUALLEV1")}},
    };
    return presets;
}

const ColumnPreset *columnPreset(const QString &name)
{
    for (const ColumnPreset &p : columnPresets())
        if (p.name.compare(name, Qt::CaseInsensitive) == 0)
            return &p;
    return nullptr;
}

ColumnPresetFit fitColumnPreset(const ColumnPreset &preset, const SeriesStructure &structure)
{
    ColumnPresetFit fit;
    QStringList shown;
    for (const QString &name : preset.keywords) {
        const KeywordInfo *k = structure.keyword(name);
        if (!k) {
            if (!preset.optional.contains(name))
                fit.missing.append(name);
            continue;
        }
        fit.present.append(k->name);
        const QString units = k->units == QLatin1String("none") ? QString() : k->units;
        fit.units.append(units);
        shown.append(units.isEmpty() ? k->name : QStringLiteral("%1 (%2)").arg(k->name, units));
    }
    const QString series = structure.name.isEmpty() ? QStringLiteral("this series") : structure.name;
    if (fit.present.isEmpty()) {
        QStringList required = preset.keywords;
        for (const QString &o : preset.optional)
            required.removeAll(o);
        fit.summary = QStringLiteral("%1 has none of the %2 keywords (%3)").arg(series, preset.name, required.join(QStringLiteral(", ")));
        return fit;
    }
    fit.summary = QStringLiteral("%1: %2").arg(preset.name, shown.join(QStringLiteral(", ")));
    if (!fit.missing.isEmpty())
        fit.summary += QStringLiteral(". %1 lacks %2").arg(series, fit.missing.join(QStringLiteral(", ")));
    return fit;
}

} // namespace jsoc
