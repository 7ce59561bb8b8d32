#pragma once

#include <QLoggingCategory>

// jsoc.ui: the widgets.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcUi)
