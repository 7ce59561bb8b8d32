#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "sim/SeriesDef.h"

// Series structures kept as data files (tests/sim/series/<name>.json): the real prime keys,
// keywords, segments and links of series we have no recorded series_struct body for, each file
// saying where its structure comes from. The format is described in tests/sim/series/README.md.
namespace sim::seriesfile {

// Where the data files are (tests/sim/series in the source tree).
QString directory();

struct Listing {
    QString name;          // JSOC's case ("hmi.v_avg120")
    QString note;          // the series description
    QStringList primeKeys; // in series order
};

// Every series file, read once (a handful of small files).
const QList<Listing> &listings();
const Listing *listing(const QString &name); // case-insensitive; nullptr when there is no file

// Fills `def` (note, storage facts, prime keys with their record domains, keywords, segments,
// links) from the series' file. False with `error` set when the file is missing or malformed.
bool load(const QString &name, SeriesDef &def, QString *error);

} // namespace sim::seriesfile
