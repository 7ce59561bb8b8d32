#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// Everything jsoc_info?op=series_struct says about a series (protocol §3.4), plus per-prime-key
// facts derived from the companion keywords (T_REC_epoch, T_REC_step, …).
// Nulls and `[null]` arrays become empty strings / empty lists; "NA" Interval fields become empty.
namespace jsoc {

struct KeywordInfo {
    QString name;
    QString type;     // char short int longlong float double time string (or "link" if unresolvable)
    QString recscope; // variable constant index ts_eq ts_slot slot enum carr segment
    QString defval;   // default rendered in the keyword's format ("nan", "-2147483648", …)
    QString units;
    QString note;
    QString linkinfo; // "<link>-><target key>" for linked keywords, else empty

    bool isTime() const { return type == QLatin1String("time"); }
    bool isInteger() const;
    bool isReal() const;
};

struct SegmentInfo {
    QString name;
    QString type;
    QString units;    // empty when JSON null (linked segment)
    QString protocol; // fits, fitz, generic, "link via lev1", …
    QString dims;     // "4096x4096", "VARxVAR", empty when null
    QString note;
};

struct LinkInfo {
    QString name;
    QString target;   // series name
    QString kind;     // STATIC / DYNAMIC
    QString note;
};

struct PrimeKeyInfo {
    QString name;        // user-visible name (T_REC, never T_REC_index)
    bool slotted = false;
    QString step;        // primekeysinfo `step` text ("45.0"), empty when not slotted
    // Derived from the keyword list (empty when not found):
    QString type;        // keyword type ("time", "int", …)
    QString recscope;    // "ts_eq", "variable", …
    QString units;       // keyword units ("TAI", "ISO", "none", …)
    QString epoch;       // <KEY>_epoch defval, e.g. "1993.01.01_00:00:00_TAI"
    QString stepValue;   // <KEY>_step defval, e.g. "45.0" (falls back to `step`)
    QString stepUnits;   // <KEY>_step units, e.g. "seconds"

    bool isTime() const { return type == QLatin1String("time"); }
    // Step in seconds for a slotted time key (step × unit factor); nullopt if unknown.
    std::optional<double> stepSeconds() const;
};

struct SeriesInterval {
    QString firstRecord;                // "hmi.M_45s[2010.03.29_08:00:00_TAI][2]"; empty for "NA"
    std::optional<qint64> firstRecnum;  // nullopt for "NA"
    QString lastRecord;
    std::optional<qint64> lastRecnum;
    qint64 maxRecnum = 0;

    bool isEmpty() const { return !firstRecnum.has_value() && !lastRecnum.has_value(); }
};

struct SeriesStructure {
    QString name;            // the name that was asked for (JSOC's body does not repeat it)
    QString note;
    int retention = 0;
    int stagingRetention = 0;
    int unitSize = 0;
    bool archive = false;
    int tapeGroup = 0;
    QString owner;           // only with o=1
    QStringList primeKeys;
    QList<PrimeKeyInfo> primeKeysInfo; // same order as primeKeys, enriched from keywords
    QStringList dbIndex;
    QList<KeywordInfo> keywords;
    QList<SegmentInfo> segments;
    QList<LinkInfo> links;
    SeriesInterval interval;

    // Case-sensitive lookups (JSOC keyword names are case-sensitive in output).
    const KeywordInfo *keyword(const QString &name) const;
    const SegmentInfo *segment(const QString &name) const;
    const PrimeKeyInfo *primeKey(const QString &name) const;
    // Fills PrimeKeyInfo's derived fields from `keywords`. Called by the parser.
    void derivePrimeKeyInfo();
};

} // namespace jsoc
