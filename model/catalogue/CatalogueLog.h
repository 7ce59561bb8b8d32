#pragma once

#include <QLoggingCategory>

// jsoc.catalogue: the series catalogue: cache on disk read or rebuilt, favourites and recents.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcCatalogue)
