#pragma once

#include "CliContext.h"
#include "model/exports/ExportQueueEntry.h"

#include <QString>

namespace app {
class ExportSession;
}

// Follows one export of an open ExportSession to its end, for `jsoc-cli export` and
// `jsoc-cli download`: JSOC's answers as they change (in JSOC's words, on stderr), the files
// as they finish (their paths on stdout), a progress line when stderr is a terminal, and the
// exit code decided once, by the first reason to stop.
namespace cli {

struct ExportRunOptions {
    QString folder;           // where the files go (checked already)
    int connections = 1;
    int timeoutSecs = 60;
    int fileDeadlineSecs = 0; // 0 = no limit for the whole of one file
    int pollMs = 3000;
    bool followAgain = false; // JSOC could not be reached last time: ask about its request id again
    qint64 stillNeeded = -1;  // bytes the folder was already checked for (-1 unknown)
    bool spaceKnown = false;  // the folder's free space could be read
};

// Exit 0 only when every file JSOC announced is downloaded and verified (see ExportCommand.h).
int runExportToTheEnd(const CliContext &ctx, app::ExportSession &session, qint64 id, const ExportRunOptions &options);

// "Export #3 (JSOC_…): Pending. <message>": the line both runs print when an export changes.
QString exportStateLine(const jsoc::ExportQueueEntry &e);

// The CLI's own advice after the neutral words the session stores.
QString cliAdvice(const jsoc::ExportQueueEntry &e);

} // namespace cli
