#pragma once

#include <QLoggingCategory>

// jsoc.workflow: workflows shared by jsoc-browser and jsoc-cli (record-set fetch, server address).
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcWorkflow)
