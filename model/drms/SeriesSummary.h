#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One entry of a series listing (showextseries?info=1 or show_series).
namespace jsoc {

struct SeriesSummary {
    QString name;          // as JSOC spells it, e.g. "hmi.M_45s"
    QString description;   // may be empty
    QStringList primeKeys; // only filled by the show_series fallback (showextseries has none)
};

using SeriesList = QList<SeriesSummary>;

} // namespace jsoc
