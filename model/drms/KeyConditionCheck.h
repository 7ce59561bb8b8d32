#pragma once

#include "model/drms/RecordSetForm.h"
#include "model/drms/SeriesStructure.h"

#include <QString>
#include <QStringView>
#include <optional>

// What the record-set builder says about one prime-key condition before JSOC sees it: values
// checked against the key's type (a time where a time belongs, a number for an integer key) and
// against the series' first and last record, in words. JSOC itself answers a month 13 or a
// reversed range with "No records match", which tells a user nothing.
namespace jsoc {

struct KeyConditionCheck {
    enum class Level {
        Ok,
        Note,   // sendable, but likely not what was meant (outside the series' records)
        Problem // JSOC would reject it or read it as something else: do not send
    };
    Level level = Level::Ok;
    QString message; // one sentence naming the key; empty when Ok

    bool isProblem() const { return level == Level::Problem; }
};

// The time span of the series' records on one time prime key (DRMS seconds), read from the
// structure's first/last record names; nullopt ends when the interval does not say.
struct SeriesTimeSpan {
    std::optional<double> first;
    std::optional<double> last;
};
SeriesTimeSpan seriesTimeSpan(const SeriesStructure &structure, const QString &timeKey);

// The canonical DRMS text of a time typed for `key`: a time without a zone is read in the key's
// own zone (what a user looking at that key's values means), written `2014.01.01_00:00:00_TAI`
// (or `_UTC` for a UTC/ISO key), with fractions of a second only when typed. nullopt (+ error
// sentence) when it is not a time.
std::optional<QString> canonicalKeyTime(QStringView typed, const PrimeKeyInfo &key, QString *error = nullptr);
// The same instant JSOC reads from `text` (a zone-less time is UTC to JSOC), written the canonical
// way in the key's zone: for times that come from record-set text, whose meaning must not change.
std::optional<QString> explicitKeyTime(QStringView text, const PrimeKeyInfo &key);

// Checks `condition` for `key`. Time conditions: each time parses, the end is not before the start,
// durations and cadences parse, and the span meets the series' records. List conditions on
// numeric keys: every item is a number, a `a-b` range of numbers (in order), `^`, `$` or `#n`.
KeyConditionCheck checkKeyCondition(const KeyCondition &condition, const PrimeKeyInfo &key,
                                    const SeriesTimeSpan &span = {});

} // namespace jsoc
