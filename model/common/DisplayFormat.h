#pragma once

#include <QDateTime>
#include <QString>

// Small text helpers shared by the catalogue, the exports, the windows and the CLI, so counts,
// ages, sizes and durations read the same everywhere ("45,118", "3 hours ago", "12.5 MB", "3 min 20 s").
namespace jsoc::format {

// Grouped thousands in the user's locale; English grouping when the locale is plain "C".
QString count(qint64 n);
// "just now", "5 minutes ago", "3 hours ago", "2 days ago"; "never" for an invalid time.
QString age(const QDateTime &then, const QDateTime &now = QDateTime::currentDateTimeUtc());
// "0 bytes", "1 byte", "999 bytes", "1.0 kB", "12.5 MB", "2.3 TB", "1.5 PB" (powers of 1000, SI labels);
// "?" for a negative (unknown) size.
QString bytes(qint64 n);
// A transfer speed: "1.2 MB/s"; "?" when negative.
QString rate(double bytesPerSecond);
// A time span, to the second below a minute and to the minute from an hour: "45 s",
// "3 min 20 s", "2 h 05 min"; empty for a negative (unknown) duration.
QString duration(qint64 seconds);

} // namespace jsoc::format
