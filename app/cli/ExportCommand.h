#pragma once

#include "CliContext.h"

#include <QStringList>

namespace cli {

// jsoc-cli export RECORDSET --email E [--method M] [--protocol P] [--out DIR] [--connections N]
//                 [--timeout SECONDS] [--poll-ms MS]
// Submits through the persistent export queue (so a killed run resumes the same request and its
// partial files when started again with the same arguments), waits, and downloads. Progress on
// stderr, one line per finished file path on stdout. Exit 0 only when every file is complete
// and verified; 1 JSOC refused/failed the export or a file could not be completed; 2 usage;
// 3 JSOC could not be reached.
int runExport(const CliContext &ctx, const QStringList &args);

} // namespace cli
