#pragma once

#include <QLoggingCategory>

// jsoc.sim: the JSOC simulator: each request served, each fault injected.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcSim)
