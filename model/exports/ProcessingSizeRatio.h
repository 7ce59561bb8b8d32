#pragma once

#include "model/exports/ProcessingSteps.h"

#include <QList>
#include <QString>
#include <QStringList>

// How much bigger or smaller processing makes an export (protocol §10 item 5: JSOC itself now
// computes a size ratio from the steps). Ratios of the steps multiply; each step sees the images
// the step before it made (a cutout in pixels after a rebin is a share of the rebinned image).
// What a step needs and cannot get makes the whole ratio unknown, said in words: never a guess.
// The ratio counts pixels; bytes per pixel (a float map from integer data) are not modelled.
namespace jsoc {

struct SeriesStructure;

// What is known of the images before processing; 0 = unknown.
struct ProcessingImage {
    int width = 0;             // pixels
    int height = 0;
    double arcsecPerPixel = 0; // plate scale (CDELT1)
};

// The image size from the series structure: the first of `segments` (all segments when empty)
// with fixed 2-D dims such as "4096x4096" ("VARxVAR" and linked segments say nothing). The plate
// scale only when CDELT1 is a constant in arcsec (in most series it varies per record).
ProcessingImage processingImageFromStructure(const SeriesStructure &structure, const QStringList &segments = {});

struct ProcessingSizeRatio {
    int steps = 0;        // how many steps it covers; 0 = no processing, the size is as stored
    bool known = true;
    double ratio = 1.0;   // bytes after processing / bytes as stored, when known
    QString unknownWhy;   // when not known: which step needs what, e.g. "im_patch with boxunits=arcsec needs the plate scale"
};

// The ratio of a chain (1 for no steps). Unknown step names and unreadable values make it
// unknown too: the checks say what is wrong with them.
ProcessingSizeRatio processingSizeRatio(const QList<ProcessingStep> &steps, const ProcessingImage &image = {});

} // namespace jsoc
