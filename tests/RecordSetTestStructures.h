#pragma once

// Series structures for the record-set builder tests: the real series_struct samples parsed with
// the app's own parser, and hmi.m_720s as the simulator serves it (no real sample of that series).
#include "model/drms/SeriesStructure.h"
#include "network/replies/JsocParsers.h"
#include "sim/CgiParams.h"
#include "sim/JsocInfo.h"
#include "sim/SeriesCatalog.h"
#include "sim/SeriesFactory.h"

#include <QFile>
#include <QString>
#include <QtTest>

namespace recordsettest {

inline jsoc::SeriesStructure structureFromBody(const QByteArray &body, const QString &name)
{
    jsoc::SeriesStructure s;
    const jsoc::JsocError e = jsoc::parse::seriesStructure(body, s);
    if (e.isError())
        qWarning() << "series_struct of" << name << ":" << e.message;
    s.name = name;
    return s;
}

// `name` as in seriesstruct_<name>.json (hmi.m_45s, aia.lev1_euv_12s, hmi.sharp_720s, …).
inline jsoc::SeriesStructure sampleStructure(const QString &name)
{
    QFile f(QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples/seriesstruct_") + name + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing series_struct sample for %s", qPrintable(name));
    return structureFromBody(f.readAll(), name);
}

// Any catalogued series, through the simulator's jsoc_info?op=series_struct (no socket needed).
inline jsoc::SeriesStructure simulatedStructure(const QString &name)
{
    const QString samples = QStringLiteral(JSOC_SHARED_DIR "/jsoc-samples");
    sim::SeriesCatalog catalog(samples + QStringLiteral("/series_catalog_aia_hmi_mdi.json"), 300);
    sim::SeriesFactory factory(catalog, samples);
    sim::JsocInfo info(factory);
    sim::CgiParams params;
    params.insert(QStringLiteral("op"), QStringLiteral("series_struct"));
    params.insert(QStringLiteral("ds"), name);
    const sim::CgiReply reply = info.handle(params);
    return structureFromBody(reply.body, name);
}

} // namespace recordsettest
