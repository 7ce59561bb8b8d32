#pragma once

#include "model/drms/DrmsTime.h"
#include "model/drms/SeriesStructure.h"

#include <QString>
#include <QStringView>
#include <optional>

// The sentences shown under a time key's editor: which zone the key is written in, what a typed
// time means to JSOC (a zone-less time is UTC; TAI−UTC at that date), which slot JSOC will match,
// and what a duration / cadence is in slots.
namespace jsoc {

// How the key's values are written: units "TAI" → Tai; "ISO" → Iso (UTC); "UTC"/"UT"/"Z" → Utc;
// anything else → Tai (DRMS's default).
drms::TimeStyle timeKeyStyle(const PrimeKeyInfo &key);
// "TAI" or "UTC".
QString timeKeyZone(const PrimeKeyInfo &key);

// True when `typed` (a time parseTime accepts) names its zone (`_TAI`, `Z`, `+0100`, `_PST`…).
bool timeHasZone(QStringView typed);

// The slot axis of a slotted time key (epoch, step in seconds); nullopt when not slotted or unknown.
std::optional<drms::SlotAxis> timeKeySlots(const PrimeKeyInfo &key);

// "Slots every 720 s from 1993.01.01_00:00:00_TAI." (empty when the key is not slotted).
QString describeTimeKeySlots(const PrimeKeyInfo &key);

// One or two sentences for a typed time, e.g.
// "Zone-less times are UTC to JSOC; 2014.01.01_00:00:00 = 2014.01.01_00:00:35_TAI (TAI−UTC = 35 s).
//  Nearest slot: 2014.01.01_00:00:00_TAI. Slots every 720 s from 1993.01.01_00:00:00_TAI."
// Empty `typed`: the zone rule and the slot sentence. Unparsable: what parseTime says is wrong.
QString explainTime(const PrimeKeyInfo &key, QStringView typed);

// "1d = 86400 s = 120 slots" / "@1h = every 5th slot"; a problem in words when the text is not a
// duration or the cadence is not a whole number of slots. Empty for empty input.
QString explainDuration(const PrimeKeyInfo &key, QStringView duration);
QString explainCadence(const PrimeKeyInfo &key, QStringView cadence);

} // namespace jsoc
