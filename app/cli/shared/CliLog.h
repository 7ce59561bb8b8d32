#pragma once

#include <QLoggingCategory>

// jsoc.cli: jsoc-cli's commands.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcCli)
