#pragma once

#include "model/exports/ExportTypes.h"

#include <QString>

// Does a completed export (status 0) list the files it announced? JSOC's `count` (index.json:
// files; quick export: `count`, else `rcount`) against the rows that name a file to download.
// Rows with "NoDataFile" (the record has no file: offline, or no data) or no name at all cannot be
// downloaded, so "status 0" alone does not mean there is anything to fetch.
namespace jsoc {

struct ExportCompleteness {
    qint64 announced = 0; // files JSOC announced (1 for a tar)
    qint64 listed = 0;    // rows in data[]
    qint64 noData = 0;    // "NoDataFile" rows
    qint64 unnamed = 0;   // rows without a file name
    qint64 usable = 0;    // rows (or the tar) that can be downloaded

    bool hasNothing() const { return usable == 0; }
    bool isShort() const { return usable == 0 || usable < announced; }
    // "JSOC announced 3 files but listed 0 usable ones (3 × NoDataFile: offline or no data)";
    // empty when nothing is missing.
    QString text() const;
};

ExportCompleteness exportCompleteness(const ExportStatus &status);

} // namespace jsoc
