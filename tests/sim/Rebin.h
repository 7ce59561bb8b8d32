#pragma once

#include "sim/FitsPlane.h"
#include "sim/ProcessingChain.h"

#include <optional>

namespace sim {

// JSOC's rebin export step (jsoc_rebin): scale < 1 shrinks by the integer factor round(1/scale),
// averaging each block (method=boxcar) or weighting it with a Gaussian of FWHM pixels
// (method=gaussian, nvector wide); scale > 1 repeats each pixel. MISSING pixels are left out of
// the averages. The output is int(n * scale + 0.5) pixels a side; CDELT becomes CDELT/scale and
// CRPIX (CRPIX - 0.5) * scale + 0.5, so the WCS keeps pointing at the same sky. Like jsoc_rebin
// (without -u), an image stored upside down (CROTA2 near 180, HMI) is first turned north up.
class Rebin final
{
public:
    static std::optional<FitsPlane> apply(const ProcessingStep &step, const FitsPlane &in, QString *error);
    // What apply() would refuse whatever the image, in words; empty when the arguments are usable.
    static QString check(const ProcessingStep &step);
    // Turns an image stored upside down (|CROTA2| near 180) by 180 degrees, fixing CRPIX/CROTA2.
    static void northUp(FitsPlane &plane);
};

} // namespace sim
