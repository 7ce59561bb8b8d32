#pragma once

#include "model/fits/FitsImage.h"

#include <QString>

// DS9's "lock frame wcs" for the movie player: one frame resampled onto another frame's pixel
// grid through helioprojective coordinates (SolarWcs), so frames whose pointing differs (CRPIX,
// CDELT, CROTA2: AIA's jitter, HMI's 180° roll against AIA, an image scaled differently) can be
// subtracted pixel by pixel. Each pixel of the reference grid is taken to (Tx, Ty) with the
// reference's header and back to a pixel of the moved frame with that frame's header; the value
// there is interpolated bilinearly. Pixels that fall outside the moved frame are blank (NaN).
// Both images may be turned for display (FitsImage::quarterTurns); the result lies on the
// reference's displayed grid, and either may be decoded smaller than its file (FitsLoadOptions::
// maxSide) with the file's header (NAXISn / width gives the scale). Not done: solar differential rotation (features on the Sun move
// between frames hours apart; this only removes the difference in pointing).
namespace fits {

struct AlignResult {
    FitsImage image; // on the reference grid; header: the reference's WCS, the moved frame's time
    QString error;   // why nothing could be aligned (no helioprojective WCS in one of them)
    bool ok() const { return error.isEmpty(); }
};

class FrameAlign final
{
public:
    // The world→pixel map is exact every kNodeStep pixels and bilinear between (the gnomonic
    // projection is affine to far below a pixel over 16 pixels of any solar image).
    static constexpr int kNodeStep = 16;

    static AlignResult ontoGridOf(const FitsImage &reference, const FitsImage &moving);
    // True when both headers describe the same pixel grid (nothing to resample).
    static bool sameGrid(const FitsImage &a, const FitsImage &b);
};

} // namespace fits
