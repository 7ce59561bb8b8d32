#pragma once

#include "model/fits/FitsTable.h"

#include <QString>

#include <vector>

// The time axis of a light-curve table (GOES XRS, SDO/EVE, PROBA2/LYRA and the like), as UTC
// seconds since 1970-01-01 (what QCustomPlot's date-time ticker takes). Found, in this order:
// - a numeric TIME column: seconds (or TIMEUNIT 'd' days, 'min', 'h') after the epoch MJDREF
//   (or MJDREFI + MJDREFF) plus TIMEZERO; with no MJDREF, after DATE-OBS (or DATE_OBS);
// - a numeric MJD column (days), or a JD column (days since -4712-01-01 12:00);
// - a text column named DATE-OBS, DATE_OBS, DATE, TIME or UTC holding ISO 8601 times.
// Leap seconds are not counted (as for any MJD arithmetic), so times agree with UTC to the
// second across a leap second only.
namespace fits {

struct FitsTableTime {
    int column = -1;              // index into FitsTable::columns; -1 when no time axis was found
    std::vector<double> unixSeconds; // one per row read; NaN where the row's time cannot be read
    QString description;          // e.g. "TIME: s after MJDREF 50814 + TIMEZERO 416102400 s"

    bool found() const { return column >= 0; }
    static FitsTableTime of(const FitsTable &table);
};

} // namespace fits
