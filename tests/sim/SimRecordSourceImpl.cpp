#include "sim/SimRecordSourceImpl.h"

#include "sim/JsocInfo.h"
#include "sim/RecordQuery.h"
#include "sim/RecordRegistry.h"
#include "sim/SeriesFactory.h"

namespace sim {

SimRecordSourceImpl::SimRecordSourceImpl(const SeriesFactory &factory) : m_factory(factory) {}

std::optional<SimSelection> SimRecordSourceImpl::select(const QString &recordSet, qint64 limit, QString *error) const
{
    RecordQuery::Error err = RecordQuery::Error::None;
    QString message;
    const auto plans = RecordQuery::resolve(m_factory, recordSet, &err, &message);
    if (!plans) {
        if (error)
            *error = message;
        return std::nullopt;
    }
    const auto records = RecordQuery::select(*plans, limit, &message);
    if (!records) {
        if (error)
            *error = message;
        return std::nullopt;
    }
    const SubsetPlan &first = plans->front();
    const SeriesDef &def = *first.series;
    SimSelection sel;
    sel.series = def.name;
    sel.hasQualityKeyword = def.keywordOf(QStringLiteral("QUALITY")) >= 0;
    for (const SegmentDef &s : def.segments) {
        if (first.hasSegmentList && !first.segments.contains(QLatin1String("**ALL**"))
            && !first.segments.contains(s.name, Qt::CaseInsensitive))
            continue;
        sel.segments.append(SimSegment{s.name, s.protocol, s.dims.value_or(QString())});
    }
    sel.records.reserve(qsizetype(records->size()));
    for (const SelectedRecord &r : *records) {
        SimRecord rec;
        rec.spec = recordspace::spec(*r.series, r.coord);
        // So the FITS file of this record, when asked for, is written from the record itself.
        for (const SubsetPlan &p : *plans)
            if (p.series.get() == r.series) {
                RecordRegistry::remember(rec.spec, RecordIdentity{p.series, r.coord});
                break;
            }
        rec.recnum = r.recnum();
        rec.sunum = JsocInfo::sunumOf(r);
        rec.recordDir = JsocInfo::recordDir(r);
        for (int p = 0; p < r.series->pkeys.size(); ++p)
            rec.primeKeys.append({r.series->pkeys[p].name, recordspace::keyText(*r.series, p, r.coord[size_t(p)])});
        sel.records.append(std::move(rec));
    }
    return sel;
}

std::optional<qint64> SimRecordSourceImpl::count(const QString &recordSet, QString *error) const
{
    RecordQuery::Error err = RecordQuery::Error::None;
    QString message;
    QString ds = recordSet;
    const qsizetype brace = ds.indexOf('{');
    if (brace >= 0)
        ds.truncate(brace);
    const auto plans = RecordQuery::resolve(m_factory, ds, &err, &message);
    if (!plans) {
        if (error)
            *error = message;
        return std::nullopt;
    }
    const auto n = RecordQuery::count(*plans, &message);
    if (!n && error)
        *error = message;
    return n;
}

} // namespace sim
