#pragma once

#include <QLoggingCategory>

// jsoc.replies: JSOC's bodies that could not be read, with more of the body than the message shows.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcReplies)
