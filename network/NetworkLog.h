#pragma once

#include <QLoggingCategory>
#include <QString>

class QUrl;

// jsoc.network: every JSOC request and file download: URL, status, bytes, time, failures.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcNetwork)

namespace jsoc {

// `url` as a log line may show it: logs get pasted into bug reports, so no user name or
// password, and the values of parameters that name a person (notify, address, requestor, ...)
// read "(hidden)".
QString urlForLog(const QUrl &url);

} // namespace jsoc
