#pragma once

#include <QLoggingCategory>

// jsoc.gui: jsoc-browser's controllers: what the window asked of JSOC and what came of it.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcGui)
