#pragma once

#include <QString>

// A failed JSOC operation as a value: what kind of failure (for code and tests) and a sentence
// a person can act on (for the UI and the CLI). Produced by network/, shown by ui/ and app/.
namespace jsoc {

struct JsocError {
    enum class Kind {
        None,        // no error
        Network,     // connection refused/reset, host not found, dropped connection
        Timeout,     // no data for the transfer timeout
        Cancelled,   // the caller cancelled the job
        Tls,         // TLS handshake or certificate failure (never ignored)
        HttpStatus,  // HTTP status >= 400 (e.g. 500 with an HTML body)
        BadResponse, // body is not the JSON we expect (truncated, HTML instead of JSON, ...)
        Jsoc         // JSOC answered, but with an error status and message
    };

    Kind kind = Kind::None;
    QString message;    // e.g. "JSOC: series not found: hmi.m_72s"
    int httpStatus = 0; // HTTP status when known (0 otherwise)
    int jsocStatus = 0; // JSOC `status` field when the failure came from it

    bool isError() const { return kind != Kind::None; }
    // JSOC could not be talked to: no connection, no answer in time, no trusted TLS session, or
    // a 5xx from the server or a proxy in front of it. What the browser calls "offline" (cached
    // data is shown instead). Cancelled, 4xx, bad bodies and JSOC's own errors are not.
    bool meansUnreachable() const;
    // JSOC itself answered, with an error status or a body that is not what it should be: asking
    // again will not help, the request or the server's data is at fault.
    bool isJsocAnswer() const { return kind == Kind::Jsoc || kind == Kind::BadResponse; }

    static JsocError make(Kind kind, const QString &message, int httpStatus = 0, int jsocStatus = 0);
    // "network", "timeout", "cancelled", "tls", "http", "bad-response", "jsoc", "none".
    static QString kindName(Kind kind);
};

} // namespace jsoc
