#include "model/catalogue/CatalogueStreams.h"

namespace jsoc {

QDataStream &operator<<(QDataStream &out, const KeywordInfo &k)
{
    return out << k.name << k.type << k.recscope << k.defval << k.units << k.note << k.linkinfo;
}

QDataStream &operator>>(QDataStream &in, KeywordInfo &k)
{
    return in >> k.name >> k.type >> k.recscope >> k.defval >> k.units >> k.note >> k.linkinfo;
}

QDataStream &operator<<(QDataStream &out, const SegmentInfo &s)
{
    return out << s.name << s.type << s.units << s.protocol << s.dims << s.note;
}

QDataStream &operator>>(QDataStream &in, SegmentInfo &s)
{
    return in >> s.name >> s.type >> s.units >> s.protocol >> s.dims >> s.note;
}

QDataStream &operator<<(QDataStream &out, const LinkInfo &l)
{
    return out << l.name << l.target << l.kind << l.note;
}

QDataStream &operator>>(QDataStream &in, LinkInfo &l)
{
    return in >> l.name >> l.target >> l.kind >> l.note;
}

QDataStream &operator<<(QDataStream &out, const PrimeKeyInfo &p)
{
    return out << p.name << p.slotted << p.step << p.type << p.recscope << p.units << p.epoch
               << p.stepValue << p.stepUnits;
}

QDataStream &operator>>(QDataStream &in, PrimeKeyInfo &p)
{
    return in >> p.name >> p.slotted >> p.step >> p.type >> p.recscope >> p.units >> p.epoch
              >> p.stepValue >> p.stepUnits;
}

namespace {

void writeOptional(QDataStream &out, const std::optional<qint64> &v)
{
    out << v.has_value() << v.value_or(0);
}

void readOptional(QDataStream &in, std::optional<qint64> &v)
{
    bool has = false;
    qint64 value = 0;
    in >> has >> value;
    v = has ? std::optional<qint64>(value) : std::nullopt;
}

} // namespace

QDataStream &operator<<(QDataStream &out, const SeriesSummary &s)
{
    return out << s.name << s.description << s.primeKeys;
}

QDataStream &operator>>(QDataStream &in, SeriesSummary &s)
{
    return in >> s.name >> s.description >> s.primeKeys;
}

QDataStream &operator<<(QDataStream &out, const SeriesStructure &s)
{
    out << s.name << s.note << qint32(s.retention) << qint32(s.stagingRetention) << qint32(s.unitSize)
        << s.archive << qint32(s.tapeGroup) << s.owner << s.primeKeys << s.primeKeysInfo << s.dbIndex
        << s.keywords << s.segments << s.links;
    out << s.interval.firstRecord;
    writeOptional(out, s.interval.firstRecnum);
    out << s.interval.lastRecord;
    writeOptional(out, s.interval.lastRecnum);
    out << s.interval.maxRecnum;
    return out;
}

QDataStream &operator>>(QDataStream &in, SeriesStructure &s)
{
    qint32 retention = 0, staging = 0, unitSize = 0, tapeGroup = 0;
    in >> s.name >> s.note >> retention >> staging >> unitSize >> s.archive >> tapeGroup >> s.owner
        >> s.primeKeys >> s.primeKeysInfo >> s.dbIndex >> s.keywords >> s.segments >> s.links;
    s.retention = retention;
    s.stagingRetention = staging;
    s.unitSize = unitSize;
    s.tapeGroup = tapeGroup;
    in >> s.interval.firstRecord;
    readOptional(in, s.interval.firstRecnum);
    in >> s.interval.lastRecord;
    readOptional(in, s.interval.lastRecnum);
    in >> s.interval.maxRecnum;
    return in;
}

} // namespace jsoc
