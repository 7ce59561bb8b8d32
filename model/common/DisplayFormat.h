#pragma once

#include <QDateTime>
#include <QString>

// Small text helpers shared by the catalogue models and the browser window, so counts, ages
// and sizes read the same everywhere ("45,118", "3 hours ago", "12.5 MB").
namespace jsoc::format {

// Grouped thousands in the user's locale; English grouping when the locale is plain "C".
QString count(qint64 n);
// "just now", "5 minutes ago", "3 hours ago", "2 days ago"; "never" for an invalid time.
QString age(const QDateTime &then, const QDateTime &now = QDateTime::currentDateTimeUtc());
// "0 bytes", "812 KB", "12.5 MB" (powers of 1024).
QString bytes(qint64 n);

} // namespace jsoc::format
