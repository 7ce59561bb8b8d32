#pragma once

#include <QLoggingCategory>

// jsoc.records: record tables: pages cached or dropped, sorting, written tables.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcRecords)
