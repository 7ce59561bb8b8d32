#pragma once

#include <QByteArray>
#include <QStringList>

#include "sim/CgiParams.h"
#include "sim/JsocInfo.h"

// The two series-list CGIs: show_series (C, hand-printed JSON, the raw-query filter quirk and the
// invalid-JSON error body) and showextseries (Python json.dumps, errMsg, no status).
namespace sim {

class SeriesCatalog;
class SeriesFactory;

class SeriesLists final
{
public:
    SeriesLists(const SeriesCatalog &catalog, const SeriesFactory &factory);

    // `rawQuery`: the undecoded query string (or form body): everything after its first '='
    // is the filter, only %XX decoded.
    CgiReply showSeries(const QByteArray &rawQuery) const;
    CgiReply showExtSeries(const CgiParams &params) const;

private:
    const QString &primeKeys(int index) const;

    const SeriesCatalog &m_catalog;
    const SeriesFactory &m_factory;
    mutable QStringList m_primeKeys; // lazily filled show_series "primekeys" texts
};

} // namespace sim
