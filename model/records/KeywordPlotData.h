#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "model/records/RecordTable.h"
#include "model/drms/SeriesStructure.h"

// Plot-ready series of numeric keywords against a time keyword (or against another numeric
// keyword: DATAMEAN against EXPTIME), built from an rs_list table. For a time, x is Unix epoch
// seconds in UTC (what QCPAxisTickerDateTime and QDateTime expect), so a DRMS
// time is shifted by TAI−UTC and by the 1970→1977 epoch offset. Records whose time or value is
// MISSING, unparseable or not finite are skipped (and counted), never plotted as zero.
// Points are sorted by time (stable, so equal times keep table order); `rows` maps each point
// back to its record (row in RecordTable order).
namespace jsoc {

struct KeywordPlotSeries {
    QString keyword;
    QString units;            // the keyword's units as series_struct gives them ("" for none)
    int axis = 0;             // index into KeywordPlotData::units: one y axis per distinct unit
    std::vector<double> x;    // Unix seconds, UTC, ascending
    std::vector<double> y;
    std::vector<int> rows;    // source row of each point
    // gapBefore[i]: a skipped record (MISSING/invalid value) lies between point i-1 and i in
    // time, so a line drawn through the points should break there.
    std::vector<bool> gapBefore;
    qsizetype missing = 0;    // value was "MISSING"
    qsizetype invalid = 0;    // value was not a number (text, "nan", "Invalid KeyLink", …)
    qsizetype noTime = 0;     // the record's x (time or number) was MISSING or unparseable

    qsizetype pointCount() const { return qsizetype(x.size()); }
    qsizetype skipped() const { return missing + invalid + noTime; }
    // Index of the point of `sourceRow`, -1 if that record is not plotted.
    qsizetype indexOfRow(int sourceRow) const;
};

struct KeywordPlotData {
    QString timeKey;                       // the x keyword: a time keyword, or a numeric one
    bool xIsTime = true;                   // false: x is the numeric keyword's own values
    QString xUnits;                        // a numeric x keyword's units ("" for none)
    std::vector<KeywordPlotSeries> series; // one per requested keyword found in the table
    QStringList units;                     // distinct units in first-use order ("" = unitless)
    QStringList absentKeywords;            // requested but not columns of the table
    qsizetype recordCount = 0;
    qsizetype validTimes = 0;              // records with a usable time
    QString message;                       // why nothing can be plotted; empty when something can

    bool hasPoints() const;
    // Keywords sharing the y axis `axis`, in request order.
    QStringList keywordsOnAxis(int axis) const;
    // "OSCNMEAN: 11 MISSING; ROI_SUM: 11 MISSING" (empty when nothing was skipped).
    QString skippedSummary() const;

    // Builds the series. `keywords` should be numeric (integer keywords may be hex "0x…");
    // keywords unknown to `structure` (pseudo-keys like *recnum*) are parsed as numbers too.
    static KeywordPlotData build(const RecordTable &table, const SeriesStructure &structure,
                                 const QString &timeKey, const QStringList &keywords);
};

// DRMS seconds (TAI, since 1977.01.01_00:00:00_TAI) → Unix seconds (UTC, since 1970-01-01).
double drmsToUnixUtc(double drmsSeconds);
// Unix seconds (UTC) of a keyword time text as JSOC prints it; nullopt for MISSING or bad text.
std::optional<double> parseTimeToUnixUtc(QByteArrayView text);
// A keyword value as a number: decimal/exponent text, or "0x…" hexadecimal when `allowHex`
// (JSOC prints some integer keywords, e.g. QUALITY, in hex). Surrounding blanks are ignored.
// nullopt for MISSING, text, NaN and infinities.
std::optional<double> parseKeywordNumber(QByteArrayView text, bool allowHex);

} // namespace jsoc
