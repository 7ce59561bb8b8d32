#pragma once

#include <QList>
#include <QStringList>

// The ephemeris data tables in tests/sim/data/ (series coefficients, SDO's orbital elements):
// read once from beside this source file. The simulator is a test tool run from the build tree,
// so the source path is where its data is. '#' starts a comment; blank lines are skipped.
namespace sim::ephemeris {

// The fields of every data line of tests/sim/data/<name>; a missing or empty file is fatal,
// because no ephemeris can be computed without it.
QList<QStringList> dataFileRows(const char *name);

} // namespace sim::ephemeris
