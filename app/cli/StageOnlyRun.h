#pragma once

#include "CliContext.h"

namespace app {
class ExportSession;
}

// `jsoc-cli export --stage-only`: follows one export until JSOC has staged its files (or refused
// it), downloading nothing. Staged, it prints the request id on stdout and, on stderr, the command
// that fetches the files later. Exit 0 staged; 1 JSOC refused or failed it; 3 JSOC could not be
// reached; the words on stderr are JSOC's.
namespace cli {

// `followAgain`: JSOC could not be reached last time; its request id is asked about again.
int runStageOnlyToTheEnd(const CliContext &ctx, app::ExportSession &session, qint64 id, int pollMs, bool followAgain);

} // namespace cli
