#pragma once

#include "model/drms/RecordSetSpec.h"
#include "model/drms/SeriesStructure.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

// The form state of a record-set query for one series (what the record-set builder edits):
// one condition per prime key in series order, an optional `[? where ?]` clause, the segment
// list and the record limit. Text ⇄ form goes through drms::parseRecordSet / drms::toString.
//
// Binding (as the simulator and the keyword-table loader read it): a `[…]` filter without a
// name takes the next prime key in series order (`[]` skips one); `[KEY=…]` binds by name
// (case-insensitive) and does not move the position; `[? ?]`, `[! !]` and `[:#…]` bind to no key.
//
// What the fields cannot show is kept so that text → form → text loses nothing:
// * time-key conditions other than one time, `a-b` or `a/d` (with an optional `@step`) —
//   `^`, `$`, `#n`, lists, `3000d` — are kept as List text;
// * `[! … !]`, `[:#…]` and any `[? … ?]` after the first are kept in extraFilters;
// * subsets after the first are kept in extraSubsets.
// The canonical text writes key filters first (positionally while no key is named; once a key
// is named, the later constrained keys are named too, so the binding cannot change), then
// `[? where ?]`, then extraFilters, then `{segments}`, then `,` and the extra subsets.
namespace jsoc {

struct KeyCondition {
    enum class Kind {
        Any,  // no constraint: `[]`, or the filter omitted
        List, // the bracket's item list as text: `171,193`, `377`, `100-200`, `^`, `$`, `#5`
        Time  // time keys only: start, then nothing / an end / a duration, optional cadence
    };
    enum class TimeSpan {
        Single,  // `[start]` (JSOC matches the nearest slot of a slotted key)
        End,     // `[start-end]` (inclusive)
        Duration // `[start/duration]` (half-open)
    };

    QString key;       // prime key name as in the structure
    Kind kind = Kind::Any;
    bool byName = false; // written `[KEY=…]`
    QString list;        // List: item text, canonical (items joined by ',')
    QString start;       // Time: times as typed (any DRMS time form)
    TimeSpan span = TimeSpan::Single;
    QString end;         // Time + End
    QString duration;    // Time + Duration: `1d`, `6h`, `10m`, `30s`, `5u`
    QString cadence;     // Time + End/Duration: step after `@` (`1h`, `12s`); empty = every slot

    bool isAny() const { return kind == Kind::Any; }
    bool operator==(const KeyCondition &) const = default;
};

struct RecordSetForm {
    QString series;                   // as typed (or the structure's name for a new form)
    QList<KeyCondition> keys;         // one per prime key of the structure, in series order
    QString where;                    // SQL of the first `[? … ?]`; empty = no clause
    bool hasSegmentList = false;      // `{…}` present (no braces = every segment)
    QStringList segments;             // names as typed; `**ALL**` kept literally
    qint64 limit = 0;                 // 0 none, >0 first N, <0 last N (not part of the text)
    QList<drms::Filter> extraFilters; // kept verbatim: `[! !]`, `[:#…]`, further `[? ?]`
    QList<drms::Subset> extraSubsets; // subsets after the first, kept verbatim

    // Anything here that the fields do not show (for a "kept as typed" note).
    bool hasExtras() const { return !extraFilters.isEmpty() || !extraSubsets.isEmpty(); }
    bool operator==(const RecordSetForm &) const = default;
};

struct RecordSetFormError {
    QString message;   // a sentence: "expected ']' to close the filter opened at 10"
    int position = 0;  // 0-based character index in the text
};

// The empty form for `structure`: its name, every key Any, no clause, no segment list.
RecordSetForm emptyRecordSetForm(const SeriesStructure &structure);

// Parses `text` and binds its first subset to `structure`'s prime keys. Errors (with their
// position): syntax errors, a first subset naming another series (skipped when the
// structure has no name), more positional filters than prime keys, `KEY=` naming no prime
// key, a key constrained twice. The limit is not in the text: the result has limit 0.
std::optional<RecordSetForm> parseRecordSetForm(QStringView text, const SeriesStructure &structure,
                                                RecordSetFormError *error = nullptr);

// Canonical text of the form (the limit is not written). For a form that parseRecordSetForm
// produced, parseRecordSetForm(recordSetFormText(f)) == f.
QString recordSetFormText(const RecordSetForm &form);

// The inside of one key's bracket for `condition` (no brackets, no `KEY=`): `171,193`,
// `2014.01.01_TAI/1d@1h`; empty for Any.
QString keyConditionText(const KeyCondition &condition);

// Parses the inside of one bracket (`171,193`, `2014.01.01_TAI-2014.01.02_TAI@1h`) into a
// condition for `key` (Time when it is a time key and the items fit the time fields, else
// List; empty text = Any). Error positions are relative to `items`.
std::optional<KeyCondition> parseKeyCondition(const PrimeKeyInfo &key, QStringView items,
                                              RecordSetFormError *error = nullptr);

// Start of each top-level `[` filter of each subset in `text`, for pointing at a filter in an
// error. Only meaningful for text that drms::parseRecordSet accepts.
QList<QList<int>> filterPositions(QStringView text);
// Start of each subset (its series name) in `text` (text that drms::parseRecordSet accepts).
QList<int> subsetPositions(QStringView text);

} // namespace jsoc
