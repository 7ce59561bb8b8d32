#include "model/catalogue/SeriesFieldTable.h"

namespace jsoc {

namespace {

// JSOC writes "none" for unit-less keywords; an empty cell reads better.
QString unitsText(const QString &units)
{
    return units.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0 ? QString() : units;
}

} // namespace

SeriesFieldTable SeriesFieldTable::primeKeys(const SeriesStructure &s)
{
    SeriesFieldTable t;
    t.headers = {QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Units"),
                 QStringLiteral("Slotted"), QStringLiteral("Step"), QStringLiteral("Epoch")};
    for (const PrimeKeyInfo &p : s.primeKeysInfo) {
        QString step;
        if (p.slotted) {
            step = p.stepValue.isEmpty() ? p.step : p.stepValue;
            const QString units = unitsText(p.stepUnits);
            if (!step.isEmpty() && !units.isEmpty())
                step += QLatin1Char(' ') + units;
        }
        t.rows.append({p.name, p.type, unitsText(p.units),
                       p.slotted ? QStringLiteral("yes") : QStringLiteral("no"), step, p.epoch});
    }
    return t;
}

SeriesFieldTable SeriesFieldTable::keywords(const SeriesStructure &s)
{
    SeriesFieldTable t;
    t.headers = {QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Scope"),
                 QStringLiteral("Units"), QStringLiteral("Default"), QStringLiteral("Description")};
    for (const KeywordInfo &k : s.keywords) {
        QString note = k.note;
        if (!k.linkinfo.isEmpty())
            note = note.isEmpty() ? QStringLiteral("linked: %1").arg(k.linkinfo)
                                  : QStringLiteral("%1 (linked: %2)").arg(note, k.linkinfo);
        t.rows.append({k.name, k.type, k.recscope, unitsText(k.units), k.defval, note});
    }
    return t;
}

SeriesFieldTable SeriesFieldTable::segments(const SeriesStructure &s)
{
    SeriesFieldTable t;
    t.headers = {QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Units"),
                 QStringLiteral("Protocol"), QStringLiteral("Dims"), QStringLiteral("Description")};
    for (const SegmentInfo &g : s.segments)
        t.rows.append({g.name, g.type, unitsText(g.units), g.protocol, g.dims, g.note});
    return t;
}

SeriesFieldTable SeriesFieldTable::links(const SeriesStructure &s)
{
    SeriesFieldTable t;
    t.headers = {QStringLiteral("Name"), QStringLiteral("Target series"), QStringLiteral("Kind"),
                 QStringLiteral("Description")};
    t.seriesColumn = 1;
    for (const LinkInfo &l : s.links)
        t.rows.append({l.name, l.target, l.kind, l.note});
    return t;
}

} // namespace jsoc
