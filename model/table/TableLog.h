#pragma once

#include <QLoggingCategory>

// jsoc.table: the keyword table model: pages dropped as stale, duplicate or mismatched.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcTable)
