#pragma once

#include <QLoggingCategory>

// jsoc.fits: FITS images through cfitsio and wcslib: loading, scaling, coordinates.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcFits)
