#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <optional>

// What the export desk needs from the record synthesiser: the records a record set selects,
// and the segments of their series. Implemented by the jsoc_info side of the simulator.
namespace sim {

struct SimSegment {
    QString name;     // "magnetogram"
    QString protocol; // "fits", "link via lev1", ...
    QString dims;     // "4096x4096"
};

struct SimRecord {
    QString spec;   // canonical record spec as JSOC prints it: "hmi.M_45s[2012.01.01_01:01:30_TAI][2]"
    qint64 recnum = 0;
    // Prime-key values in series order, formatted as JSOC prints them ("2012.01.01_01:01:30_TAI", "2").
    QList<QPair<QString, QString>> primeKeys;
    // Added by h3: where jsoc_info places the record's storage unit, so exported paths can agree
    // with rs_list's segment paths (and the real quick-export sample's /SUM41/D280342572/S00010).
    qint64 sunum = 0;
    QString recordDir; // "/SUM41/D280342572/S00010"; empty when the storage unit is offline
};

struct SimSelection {
    QString series;             // canonical case, e.g. "hmi.M_45s"
    QList<SimRecord> records;   // in prime-key order
    QList<SimSegment> segments; // after any `{seg,...}` filter in the record set
    bool hasQualityKeyword = false;
};

class SimRecordSource
{
public:
    virtual ~SimRecordSource() = default;
    // Records selected by `recordSet` (limit > 0: first n, < 0: last |n|, 0: all).
    // nullopt + `error` (JSOC's own error text) when the set cannot be parsed or the series is unknown.
    // Must not allocate per record beyond the result for huge sets: callers pass a limit.
    virtual std::optional<SimSelection> select(const QString &recordSet, qint64 limit, QString *error) const = 0;
    // Total records selected, without materialising them.
    virtual std::optional<qint64> count(const QString &recordSet, QString *error) const = 0;
};

} // namespace sim
