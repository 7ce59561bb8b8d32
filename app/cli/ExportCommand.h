#pragma once

#include "CliContext.h"

#include <QStringList>

namespace cli {

// jsoc-cli export RECORDSET --email E [--method M] [--protocol P] [--out DIR] [--connections N]
//                 [--timeout SECONDS] [--poll-ms MS]
// Submits through the persistent export queue (so a killed run resumes the same request and its
// partial files when started again with the same arguments), waits, and downloads. Progress on
// stderr, one line per finished file path on stdout. The download folder is checked (created,
// really written, free space) before anything is sent. Exit 0 only when every file JSOC announced
// is complete and verified; 1 JSOC refused/failed the export, listed fewer files than announced,
// a file failed verification, or the download folder or the export queue cannot be written
// (the words name the request id still at JSOC); 2 usage; 3 JSOC or its file server could not be
// reached (every unfinished file failed in transfer).
int runExport(const CliContext &ctx, const QStringList &args);
// jsoc-cli download REQUESTID [--out DIR] ...: follows an export made elsewhere and downloads it.
int runDownload(const CliContext &ctx, const QStringList &args);
// jsoc-cli exports [--cancel ID | --remove ID]: the server's queue, shared with the GUI.
int runExports(const CliContext &ctx, const QStringList &args);

} // namespace cli
