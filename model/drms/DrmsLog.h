#pragma once

#include <QLoggingCategory>

// jsoc.drms: DRMS time and record-set grammar: what was parsed and why text was refused.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcDrms)
