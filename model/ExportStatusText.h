#pragma once

#include <QString>

// JSOC export status codes (protocol §3.11) in plain words, with what the user can do.
namespace jsoc {

struct ExportStatusText {
    QString meaning; // "Queued at JSOC"
    QString advice;  // "Nothing to do: we check again shortly."
};

// Codes 0-7, 12 and 25; anything else gets a generic text naming the number.
ExportStatusText exportStatusText(int status);
// "meaning — advice" on one line, e.g. for the CLI.
QString exportStatusLine(int status);

} // namespace jsoc
