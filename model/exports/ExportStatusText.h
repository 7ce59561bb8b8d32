#pragma once

#include <QString>

// JSOC export status codes (protocol §3.11) in plain words, with what the user can do.
// The same code means different things depending on the question JSOC answered: a 7 to
// exp_request is "another export of this e-mail is pending, wait in our queue", a 7 to
// exp_status is a refusal. The advice is neutral (no GUI button names, no CLI commands): the
// GUI and the CLI add their own ("Use Retry" / "run the same command again").
namespace jsoc {

enum class ExportStatusContext {
    AfterSubmit, // the answer to exp_request
    AfterPoll    // the answer to exp_status
};

struct ExportStatusText {
    QString meaning; // "Queued at JSOC"
    QString advice;  // "Nothing to do: JSOC will start it soon; it is checked again on a schedule."
};

// Codes 0-7, 12 and 25; any other code gets "JSOC answered status N, which this program does
// not know".
ExportStatusText exportStatusText(int status, ExportStatusContext context = ExportStatusContext::AfterPoll);
// True for the codes above (the ones this program knows).
bool isKnownExportStatus(int status);
// JSOC's own words (its `error` field) quoted for a message: `JSOC said: "…".`, trimmed;
// empty when JSOC said nothing. Every message that carries JSOC's text builds it here.
QString jsocSaid(const QString &jsocError);
// "meaning (status N). JSOC said: "…". advice" on one line, e.g. for the queue and the CLI;
// `jsocError` (JSOC's own `error` text) is left out when empty.
QString exportStatusLine(int status, ExportStatusContext context = ExportStatusContext::AfterPoll,
                         const QString &jsocError = QString());

} // namespace jsoc
