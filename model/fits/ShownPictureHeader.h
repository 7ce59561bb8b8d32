#pragma once

#include "model/fits/FitsImage.h"

// A frame decoded smaller than its file (FitsLoadOptions::maxSide: the movie player decodes at
// screen size while playing) keeps the file's header, whose pixel coordinates are the file's. For
// the preview's coordinates (readout, overlays, cutout box) the shown picture needs a header in
// its own pixels: picture pixel i averages file pixels [i·s, (i+1)·s) with s = NAXISn / size, so
// CRPIXn' = (CRPIXn − ½)/s + ½, CDELTn' = CDELTn·s, CDi_n' = CDi_n·s and NAXISn' = the size.
// The physical keywords (arcsec, metres, times) stay as they are.
namespace fits {

struct ShownPictureHeader {
    // Picture pixels per file pixel along the file's axes (1 when the picture is the file's size).
    static double fileScaleX(const FitsImage &picture);
    static double fileScaleY(const FitsImage &picture);
    static bool isReduced(const FitsImage &picture);
    // The picture's facts without pixels, its header rewritten as above; for a picture of the
    // file's size, a copy without pixels of `picture` as it is.
    static FitsImage geometryOf(const FitsImage &picture);
};

} // namespace fits
