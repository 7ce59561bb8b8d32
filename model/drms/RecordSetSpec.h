#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

// The DRMS record-set grammar (protocol notes §4.1), parsed into a plain syntax tree.
// This is syntax only: binding values to prime keys and resolving times/slots is done by the
// caller with the series structure (see DrmsTime.h). `toString` writes the canonical text back,
// so a builder and a text box can round-trip through this type.
namespace drms {

// One element of a comma list inside a prime-key bracket.
struct ValueItem {
    enum class Kind {
        Value,        // `v`
        Range,        // `a-b` (inclusive)
        Duration,     // `a/d`   (half-open [a, a+d))
        First,        // `^`
        Last,         // `$`
        Index,        // `#n`          (slot index / index value)
        IndexRange,   // `#a-#b`
        IndexDuration // `#a/n`
    };
    Kind kind = Kind::Value;
    QString first;  // value, range start, or start of duration
    QString second; // range end or duration text (`1d`, `3m`, `10`)
    QString step;   // text after `@`, empty if none (`1h`, `90.0s`, `12`)
    bool operator==(const ValueItem &) const = default;
};

struct Filter {
    enum class Kind {
        Empty,    // `[]`: no constraint on this prime key
        Values,   // `[v,a-b,...]` or `[KEY=...]`
        Recnums,  // `[:#1,#2-#9]` (record numbers)
        Query,    // `[? sql ?]`
        AllVersionsQuery // `[! sql !]`
    };
    Kind kind = Kind::Empty;
    QString keyName;         // for `[KEY=...]`; empty when bound by position
    QList<ValueItem> items;  // Values / Recnums
    QString sql;             // Query: text between `?` and `?`, trimmed
    bool operator==(const Filter &) const = default;
};

struct Subset {
    QString series;            // as typed (case kept; compare case-insensitively)
    QList<Filter> filters;
    bool hasSegmentList = false;
    QStringList segments;      // `{a,b}` names, trimmed; `**ALL**` kept literally
    bool operator==(const Subset &) const = default;
};

struct RecordSetSpec {
    QList<Subset> subsets;
    bool operator==(const RecordSetSpec &) const = default;
};

struct RecordSetParseError {
    QString message; // "expected ']' after …"
    int position = 0; // 0-based character index in the input where the problem is
};

// Parses a record-set string. On failure returns nullopt and fills `error`.
std::optional<RecordSetSpec> parseRecordSet(QStringView text, RecordSetParseError *error = nullptr);

// Where a `[? … ?]` (marker '?') or `[! … !]` (marker '!') clause starting at `from` ends: the
// first `<marker>]` outside '…'/"…" quotes, else the first one at all; -1 if there is none.
qsizetype findSqlEnd(QStringView text, qsizetype from, QChar marker);

// Canonical text: `series[f1][f2]{seg1,seg2}`, subsets joined by `,`; parse(toString(x)) == x
// for every x that parse produced. SQL filters are written `[? sql ?]` / `[! sql !]`.
QString toString(const RecordSetSpec &spec);
QString toString(const Subset &subset);
QString toString(const Filter &filter);
QString toString(const ValueItem &item);

// Notes on how text becomes ValueItems (JSOC decides by the key's type, we decide by shape):
// * `@` starts a step (first `@`); a `/` makes a Duration (`a/d`), whose `d` must be a
//   duration (`1d`, `90.0s`, `10u`, `12`), as must a non-index step.
// * `#^`/`#$` are Index items with first = "^"/"$"; `#a-#b` IndexRange; `#a/n` IndexDuration.
// * A `-` splits a Range only when the whole text is not itself one number, time or duration
//   and both sides are (first such `-` from the left). So `2014-01-01T00:00:00`, `-5`,
//   `2014.01.01_00:00_-0700` stay Values; `-5--2`, `2010-07-30T13:30:34Z-2010-07-30T14:00:34Z`
//   and `2014.01.01_TAI-2014.01.02_TAI` are Ranges; text that splits nowhere (`AIA-171`) is a Value.
// * `[KEY=…]` needs KEY to be `letter|_ {letter|digit|_}`; `[? … ?]` ends at the first `?]`
//   outside '…'/"…" quotes (or the first `?]` at all when the quotes never close).
// Whitespace is allowed around subsets, commas, filters, segment names and list items.

} // namespace drms
