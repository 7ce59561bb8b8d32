#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <memory>

#include "sim/SeriesDef.h"

// Builds (and caches) the SeriesDef of any catalogued series: the five real series_struct samples
// verbatim, plausible structures for the other real aia/hmi/mdi series (prime keys and cadence
// from the name), and small deterministic structures for generated user/project series.
namespace sim {

class SeriesCatalog;

class SeriesFactory final
{
public:
    SeriesFactory(const SeriesCatalog &catalog, const QString &samplesDir);
    ~SeriesFactory();

    // nullptr for an unknown series. Case-insensitive.
    std::shared_ptr<const SeriesDef> series(const QString &name) const;
    // show_series "primekeys" text ("T_REC, CAMERA"), cheap (no keyword lists built).
    QString primeKeysText(int catalogIndex) const;

private:
    std::shared_ptr<SeriesDef> build(int catalogIndex) const;

    const SeriesCatalog &m_catalog;
    QString m_samplesDir;
    mutable QMutex m_mutex;
    mutable QHash<int, std::shared_ptr<const SeriesDef>> m_cache;
    mutable QHash<QString, std::shared_ptr<const SeriesDef>> m_templates; // sample defs by lower name
};

} // namespace sim
