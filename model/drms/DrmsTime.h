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
// Also: GMT, PST/PDT/MST/MDT/CST/CDT/EST/EDT, military letters (A–I, K–Z), offsets written
// `+01`, `+0100`, `+01:00` (local − UTC). `JD_n`/`MJD_n` are UTC unless a zone follows
// (`JD_2456293.5_TAI`). Second 60 (a leap second, `2016.12.31_23:59:60_UTC`) is accepted in
// minute 59; on a day without a leap second it equals the next minute's 00. Case-insensitive.
// Hand-written scanner (no regex, no allocation on success).
// On failure returns nullopt and, when `error` is given, a sentence saying what is wrong.
std::optional<double> parseTime(QStringView text, QString *error = nullptr);

// How a time is written. TAI: `2012.01.01_00:00:45_TAI`; UTC: `…_UTC`;
// ISO: `2014-01-01T00:00:01Z` (UTC) with `precision` decimals of seconds (0…9, rounded).
// Negative precision drops trailing fields like JSOC (-1 → `…_11:59_TAI`, -2 → `…_11_TAI`,
// -3 → date only), truncating rather than rounding. Years outside 0…9999 (e.g. the missing
// time) are written in JSOC's `-4712.01.01_11:59:27.82Z` form when ISO is asked for.
// The missing time (and NaN, infinities, |t| ≥ 3e14 s) formats as JSOC shows it:
// `-4712.01.01_11:59:28_TAI` (`…_11:59:27.82Z` in ISO with precision 2).
// Dates before 1582.10.15 use the Julian calendar, as JSOC does (so JD 0 is -4712.01.01).
enum class TimeStyle { Tai, Utc, Iso };
QString formatTime(double drmsSeconds, TimeStyle style = TimeStyle::Tai, int precision = 0);

// TAI−UTC in seconds at the given DRMS (TAI) time: leap-second table from 1972 (10 s … 37 s),
// 10 s from 1961 to 1972 (the real rubber-second offsets are not modelled), 0 before 1961 like
// JSOC (so the missing time reads the same in TAI and UTC, as in real series_struct defaults).
// During an inserted leap second (23:59:60 UTC) the old offset is returned.
double taiMinusUtc(double drmsSeconds);

// True for kMissingTime (within half a second, so that the rounded texts JSOC prints for it,
// `-4712.01.01_11:59:28_TAI` or `…_11:59:27.82Z`, parse back as missing) and NaN/infinity.
// JSOC writes missing times as `MISSING` in rs_list.
bool isMissingTime(double drmsSeconds);

// Durations as in `/1d`, `@45s`, `@12`, `2h`: number + s|m|h|d (seconds when no unit), or
// `u` = slots of a slotted key (needs `slotStep` > 0). Returns seconds.
std::optional<double> parseDuration(QStringView text, double slotStep = 0.0);

// Replaces every `$(time)` in a `[? … ?]` SQL filter with the DRMS seconds of that time
// (e.g. `T_REC>$(2014.01.01_TAI)` → `T_REC>1167609600`), as DRMS does before handing the
// clause to PostgreSQL. Numbers are written without exponent, trailing zeros dropped.
// Fails (nullopt + error) on an unclosed `$(` or a time parseTime rejects.
std::optional<QString> substituteTimeMacros(QStringView sql, QString *error = nullptr);

// A slotted key's axis: slot index = nearest slot to (t - epoch) / step (JSOC's ts_eq
// rounds to the nearest slot; `roundDown` gives ts_slot behaviour). Exact halves round up
// (towards the later slot), i.e. floor(x + 0.5); a tolerance of 1e-6 slot absorbs floating
// error so that a time exactly on a slot (or exactly half way) is never pushed down.
// Returns std::numeric_limits<qint64>::min() when step <= 0 or t is not finite/missing.
struct SlotAxis {
    double epoch = 0.0; // DRMS seconds
    double step = 0.0;  // seconds
    qint64 indexOf(double t, bool roundDown = false) const;
    double timeOf(qint64 index) const { return epoch + double(index) * step; }
};

} // namespace drms
