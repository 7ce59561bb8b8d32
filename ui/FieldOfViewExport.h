#pragma once

#include "model/exports/ImPatchFromCutout.h"
#include "model/exports/ProcessingSteps.h"

#include <QMetaType>
#include <QString>

// What "Export this field of view…" hands to whoever opens the export dialog: the file the box was
// drawn on, the record set to export (the one the file came from when that is known, else a guess
// from its name and header for the user to check) and the im_patch step for the box.
namespace ui {

struct FieldOfViewExport {
    QString filePath;
    QString recordSet;
    bool recordSetKnown = false; // false: a guess (FitsRecordGuess); the controller may know better
    jsoc::ProcessingStep imPatch;
    // "Same field in other series…" asked rather than "Export this field of view…": the box as
    // drawn and the choices, for the job's plan (jsoc::SameFieldPlan).
    bool sameFieldInOtherSeries = false;
    jsoc::CutoutPlacement placement;
    jsoc::CutoutChoice choice;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::FieldOfViewExport)
