#pragma once

#include "sim/FitsPlane.h"
#include "sim/ProcessingChain.h"

#include <optional>

namespace sim {

// The export steps that resample an image onto a new grid, north up: resize (jsoc_resize:
// scale_to arcsec/pixel, center_to=solar|first|no, regrid=bicubic|nearest, c=1 crops at the limb)
// and aia_scale_aialev1 / aia_scale_orig / aia_scale_other (AIA level 1 -> 1.5: 0.6 arcsec/pixel,
// CROTA2 = 0, Sun centre at the image centre; aia_scale_other may cut xc/yc/wide/high arcsec).
// Every output pixel takes the value at its own sky position in the input (bicubic or nearest),
// so the WCS of the result is exact by construction. Sizes: the input's, or the cut-out's.
class Regrid final
{
public:
    static std::optional<FitsPlane> resize(const ProcessingStep &step, const FitsPlane &in, QString *error);
    static std::optional<FitsPlane> aiaScale(const ProcessingStep &step, const FitsPlane &in, QString *error);

    // The grid: nx x ny pixels of `cdelt` arcsec, north up, FITS pixel (crpix1, crpix2) at sky (x, y).
    struct Grid {
        int nx = 0, ny = 0;
        double cdelt = 0;
        double crpix1 = 0, crpix2 = 0;
        double x = 0, y = 0;
        bool bicubic = true;
        bool cropAtLimb = false;
    };
    static std::optional<FitsPlane> onto(const Grid &grid, const FitsPlane &in, QString *error);
};

} // namespace sim
