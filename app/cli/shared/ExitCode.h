#pragma once

// jsoc-cli's exit status, shared with jsoc-cli-fits (which jsoc-cli execs for FITS commands).
namespace cli {

// 1 is shared by JSOC's refusals and local failures (a download folder or the export queue that
// cannot be written, a file that fails verification): something the user must look at.
enum ExitCode { Ok = 0, JsocFailure = 1, LocalFailure = 1, UsageError = 2, NetworkFailure = 3 };

} // namespace cli
