#pragma once

#include "model/drms/SeriesStructure.h"

#include <QList>
#include <QString>
#include <QStringView>
#include <optional>

// Active regions by NOAA number in HARP series (hmi.sharp_720s, hmi.sharp_cea_720s, their _nrt
// forms, hmi.Mharp_720s): what the user may type for one, the `[? NOAA_ARS ~ "11158" ?]`
// condition it becomes (HARPs list their regions in NOAA_ARS, "11158,11161" when a HARP holds
// two, so the match is a pattern, not equality), and the words for what the lookup found.
namespace jsoc {

// True when the series' records carry NOAA numbers: a HARPNUM (or TARPNUM) prime key and a
// NOAA_ARS keyword.
bool seriesHasNoaaRegions(const SeriesStructure &structure);

// "11158", "NOAA 11158", "AR11158", "AR 11158", "noaa11158"; NOAA's own four-digit form since
// region 10000 ("AR 2192" = 12192) too. Nothing for anything else (a HARP number such as 377
// stays a HARP number: three digits and no NOAA/AR word).
std::optional<qint64> parseNoaaRegion(QStringView text);
// Like parseNoaaRegion, but only when the text names NOAA or AR and has five digits (what the
// HARPNUM field accepts: typed a key at a time, "NOAA 1115" is not yet a region).
std::optional<qint64> parseNamedNoaaRegion(QStringView text);

// `NOAA_ARS ~ "11158"` (no brackets).
QString noaaCondition(qint64 region);
// The region of the `NOAA_ARS ~ "…"` term in a where clause, if there is one.
std::optional<qint64> noaaRegionInWhere(QStringView where);
// `where` with its NOAA term replaced by one for `region` (removed when there is none); other
// terms are kept and joined with AND.
QString whereWithNoaaRegion(const QString &where, std::optional<qint64> region);

// The record set that finds the HARP: every record of the series that holds the region.
QString noaaLookupRecordSet(const QString &series, qint64 region);
// "NOAA 11158 → HARP 377", "NOAA 11158 → HARPs 377, 379", or "No HARP carries NOAA 99999 in
// hmi.sharp_720s".
QString noaaLookupText(const QString &series, qint64 region, const QList<qint64> &harps);

} // namespace jsoc
