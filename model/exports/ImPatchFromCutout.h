#pragma once

#include "model/exports/ProcessingSteps.h"

#include <QString>
#include <QStringList>

#include <optional>

// A box drawn on an image → JSOC's im_patch step that cuts exactly that field of view.
//
// im_patch sizes an arcsec box as int(1 + width/CDELT) pixels and starts it at
// round(centre - width/(2 CDELT)) (tests/sim/ImPatch.h reads it so); a pixel box is width pixels
// starting at centre - width/2. So an arcsec width of (n - 1/2) pixels' worth gives n pixels whose
// first column is the box's own, away from every rounding edge. A pixel box of n pixels starts at
// round(x - n/2) (1-based x), a tie when x is the box's centre: x is sent a quarter pixel past the
// centre, so the first column is again the box's own. t_ref is the frame shown (its T_OBS), so the box is placed on the
// same image it was drawn on; tracking (t=0) follows that place with solar rotation.
//
// Refused in words, as JSOC would go wrong on them: a centre off the disk with tracking on (there
// is no surface point to track), a box larger than the image, and a series JSOC offers no
// processing for (ProcessingCheck). Plain numbers in, so model/exports needs no FITS code.
namespace jsoc {

enum class CutoutUnits {
    Arcsec,     // locunits=arcsec, boxunits=arcsec
    Pixels,     // locunits=pixels, boxunits=pixels
    Stonyhurst, // locunits=stony (centre in degrees), boxunits=arcsec
};

QString cutoutUnitsName(CutoutUnits units); // "arcsec", "pixels", "stony"
std::optional<CutoutUnits> cutoutUnitsFromName(const QString &name);

// Where the box is on the image it was drawn on (model/fits/CutoutGeometry gives these).
struct CutoutPlacement {
    double centrePixelX = 0, centrePixelY = 0; // FITS pixels, 1-based
    double centreTx = 0, centreTy = 0;         // helioprojective arcsec
    bool centreOnDisk = false;
    double stonyLon = 0, stonyLat = 0;         // degrees, when centreOnDisk
    int widthPixels = 0, heightPixels = 0;
    double arcsecPerPixelX = 0, arcsecPerPixelY = 0;
    int imageWidth = 0, imageHeight = 0;
    QString observationTime;                   // T_OBS of the frame: becomes t_ref
};

struct CutoutChoice {
    CutoutUnits units = CutoutUnits::Arcsec;
    bool tracking = true;
};

struct ImPatchFromCutout {
    std::optional<ProcessingStep> step; // set when nothing is refused
    QStringList refusals;               // in words, one reason each

    // `series` may be empty (not known yet): the series rule is then left to the export dialog.
    static ImPatchFromCutout make(const CutoutPlacement &box, const CutoutChoice &choice, const QString &series = {});
};

} // namespace jsoc
