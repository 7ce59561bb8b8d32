#pragma once

#include <QString>
#include <QTextStream>

namespace jsoc {
class JsocClient;
}

namespace cli {

// jsoc-cli's --deadline SECONDS: one total deadline for every kind of JSOC request, and the
// hint on every deadline failure that says how to wait longer. `text` empty: the client's
// defaults stay. A value that is not a positive number of seconds is a usage error (false).
bool configureDeadlines(jsoc::JsocClient &client, const QString &text, QTextStream &err);

} // namespace cli
