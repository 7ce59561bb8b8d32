#pragma once

#include <QString>
#include <QStringView>
#include <optional>

// DRMS time: seconds since 1977.01.01_00:00:00_TAI, as JSOC stores it internally.
// Parsing and formatting follow JSOC's timeio rules (protocol notes §4.2): a time string
// without a zone is UTC; TAI−UTC comes from the leap-second table.
namespace drms {

// The DRMS "missing" time (-4712.01.01_11:59:28_TAI).
inline constexpr double kMissingTime = -211087684832.184;

// Parses any time form JSOC accepts: `2014.01.01_00:00:00_TAI`, truncated fields
// (`2014.01.01`, `2014.1.1_00:00`), zones TAI/UTC/UT/Z/TDT/TT/ISO, `JD_…`/`MJD_…`,
// numeric offsets, ISO 8601 `2014-01-01T00:00:00[.fff][Z]`. Returns DRMS seconds (TAI).
// On failure returns nullopt and, when `error` is given, a sentence saying what is wrong.
std::optional<double> parseTime(QStringView text, QString *error = nullptr);

// How a time is written. TAI: `2012.01.01_00:00:45_TAI`; UTC: `…_UTC`;
// ISO: `2014-01-01T00:00:01Z` (UTC) with `precision` decimals of seconds.
enum class TimeStyle { Tai, Utc, Iso };
QString formatTime(double drmsSeconds, TimeStyle style = TimeStyle::Tai, int precision = 0);

// TAI−UTC in seconds at the given DRMS (TAI) time (leap-second table; 10 s before 1972).
double taiMinusUtc(double drmsSeconds);

// Durations as in `/1d`, `@45s`, `@12`, `2h`: number + s|m|h|d (seconds when no unit), or
// `u` = slots of a slotted key (needs `slotStep` > 0). Returns seconds.
std::optional<double> parseDuration(QStringView text, double slotStep = 0.0);

// A slotted key's axis: slot index = nearest slot to (t - epoch) / step (JSOC's ts_eq
// rounds to the nearest slot; `roundDown` gives ts_slot behaviour).
struct SlotAxis {
    double epoch = 0.0; // DRMS seconds
    double step = 0.0;  // seconds
    qint64 indexOf(double t, bool roundDown = false) const;
    double timeOf(qint64 index) const { return epoch + double(index) * step; }
};

} // namespace drms
