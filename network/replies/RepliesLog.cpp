#include "network/replies/RepliesLog.h"

// Debug off by default: routine lines are for diagnosis on demand. Warnings stay on: they are
// failures a user or maintainer should see without asking.
Q_LOGGING_CATEGORY(lcReplies, "jsoc.replies", QtWarningMsg)
