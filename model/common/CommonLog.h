#pragma once

#include <QLoggingCategory>

// jsoc.common: preferences and memory-allocation choices of the shared value types.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcCommon)
