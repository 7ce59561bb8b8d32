#pragma once

#include <QLoggingCategory>

// jsoc.fitsfile: FITS files read as bytes: which file was refused, and why.
// Debug lines are off unless turned on (README, "Logging"); warnings are on.
Q_DECLARE_LOGGING_CATEGORY(lcFitsFile)
