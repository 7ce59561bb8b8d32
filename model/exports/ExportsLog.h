#pragma once

#include <QLoggingCategory>

// jsoc.exports: the export queue database and download rows.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcExports)
