#include "model/drms/SeriesStructure.h"

namespace jsoc {

bool KeywordInfo::isInteger() const
{
    return type == QLatin1String("short") || type == QLatin1String("int")
        || type == QLatin1String("longlong") || type == QLatin1String("char");
}

bool KeywordInfo::isReal() const
{
    return type == QLatin1String("float") || type == QLatin1String("double");
}

std::optional<double> PrimeKeyInfo::stepSeconds() const
{
    const QString text = stepValue.isEmpty() ? step : stepValue;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || value <= 0.0)
        return std::nullopt;
    const QString u = stepUnits.toLower();
    // DRMS step units: seconds by default; minutes/hours/days spelled in several ways.
    if (u.isEmpty() || u.startsWith(QLatin1String("sec")) || u == QLatin1String("s") || u == QLatin1String("none"))
        return value;
    if (u.startsWith(QLatin1String("min")) || u == QLatin1String("m"))
        return value * 60.0;
    if (u.startsWith(QLatin1String("hour")) || u == QLatin1String("h"))
        return value * 3600.0;
    if (u.startsWith(QLatin1String("day")) || u == QLatin1String("d"))
        return value * 86400.0;
    return value;
}

const KeywordInfo *SeriesStructure::keyword(const QString &name) const
{
    for (const KeywordInfo &k : keywords)
        if (k.name == name)
            return &k;
    return nullptr;
}

const SegmentInfo *SeriesStructure::segment(const QString &name) const
{
    for (const SegmentInfo &s : segments)
        if (s.name == name)
            return &s;
    return nullptr;
}

const PrimeKeyInfo *SeriesStructure::primeKey(const QString &name) const
{
    for (const PrimeKeyInfo &p : primeKeysInfo)
        if (p.name == name)
            return &p;
    return nullptr;
}

void SeriesStructure::derivePrimeKeyInfo()
{
    // Older bodies may lack primekeysinfo: synthesise entries from primekeys.
    if (primeKeysInfo.isEmpty()) {
        for (const QString &name : primeKeys) {
            PrimeKeyInfo info;
            info.name = name;
            primeKeysInfo.append(info);
        }
    }
    for (PrimeKeyInfo &info : primeKeysInfo) {
        if (const KeywordInfo *k = keyword(info.name)) {
            info.type = k->type;
            info.recscope = k->recscope;
            info.units = k->units;
            if (k->recscope == QLatin1String("ts_eq") || k->recscope == QLatin1String("ts_slot")
                || k->recscope == QLatin1String("slot"))
                info.slotted = true;
        }
        if (const KeywordInfo *e = keyword(info.name + QLatin1String("_epoch")))
            info.epoch = e->defval;
        if (const KeywordInfo *s = keyword(info.name + QLatin1String("_step"))) {
            info.stepValue = s->defval;
            info.stepUnits = s->units;
        }
        if (info.stepValue.isEmpty())
            info.stepValue = info.step;
    }
}

} // namespace jsoc
