#pragma once

#include "model/exports/ProcessingSteps.h"

#include <QList>
#include <QString>

#include <optional>
#include <QStringList>

// Checks on export processing steps before a request is sent, as messages a person can act on
// (empty = fine). JSOC may silently send unprocessed files when arguments are wrong (protocol §10
// item 4), so what can be caught here is caught here. The export dialog, jsoc-cli export and the
// session all call these; series names are compared without regard to case.
namespace jsoc {

// A finite number typed by a person ("1e999", "nan" and "" are not); the one reading of numeric
// export arguments, for processing steps and image limits alike.
std::optional<double> finiteNumber(const QString &text);

// One step's arguments: unknown arguments, missing or malformed values, arguments that need
// another one (t_ref or car_rot for im_patch, FWHM and nvector for gaussian rebin, scale_to for
// resize with rescale=1, wide and high together for an AIA cutout); plus, when `series` is given,
// whether this step works on that series.
QStringList checkProcessingStep(const ProcessingStep &step, const QString &series = QString());

// What JSOC refuses for this series, for the chain as a whole: no processing at all for the SHARP
// series (JSOC's no_processing.js), HmiB2ptr only on hmi.B_720s, aia_scale_orig only on aia.lev1,
// aia_scale_aialev1 only on AIA level-1 series. Empty for no steps or an empty series name.
QStringList checkProcessingForSeries(const QList<ProcessingStep> &steps, const QString &series);

// Everything about a chain: each step (checkProcessingStep), a step given twice, the series rules
// (checkProcessingForSeries, said once), a step after HmiB2ptr without A=1 (it would pass Bp alone),
// and hg_patch with a record limit (`limit` > 0), which JSOC does not honour.
QStringList checkProcessingChain(const QList<ProcessingStep> &steps, const QString &series, qint64 limit = 0);

// The series JSOC's export page offers no processing for (no_processing.js).
bool seriesRefusesProcessing(const QString &series);

} // namespace jsoc
