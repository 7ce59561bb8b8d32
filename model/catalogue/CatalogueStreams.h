#pragma once

#include <QDataStream>

#include "model/drms/SeriesStructure.h"
#include "model/drms/SeriesSummary.h"

// QDataStream forms of the catalogue value types, for the on-disk catalogue cache. The cache
// files carry their own format version (SeriesCatalogueCache::kFormatVersion); bump it when a
// field is added here.
namespace jsoc {

QDataStream &operator<<(QDataStream &out, const KeywordInfo &k);
QDataStream &operator>>(QDataStream &in, KeywordInfo &k);
QDataStream &operator<<(QDataStream &out, const SegmentInfo &s);
QDataStream &operator>>(QDataStream &in, SegmentInfo &s);
QDataStream &operator<<(QDataStream &out, const LinkInfo &l);
QDataStream &operator>>(QDataStream &in, LinkInfo &l);
QDataStream &operator<<(QDataStream &out, const PrimeKeyInfo &p);
QDataStream &operator>>(QDataStream &in, PrimeKeyInfo &p);
QDataStream &operator<<(QDataStream &out, const SeriesSummary &s);
QDataStream &operator>>(QDataStream &in, SeriesSummary &s);
QDataStream &operator<<(QDataStream &out, const SeriesStructure &s);
QDataStream &operator>>(QDataStream &in, SeriesStructure &s);

} // namespace jsoc
