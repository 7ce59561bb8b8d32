#pragma once

#include "sim/FitsPlane.h"
#include "sim/ProcessingChain.h"
#include "sim/SunGeometry.h"

#include <optional>

namespace sim {

// JSOC's im_patch export step on real pixels: a box given at t_ref (centre in arcsec, pixels,
// Stonyhurst or Carrington degrees; size in arcsec, pixels or degrees) is cut from every frame,
// its centre following the same Carrington longitude and latitude (t=0, im_patch's "Carrington
// rate tracking") or staying on the same pixel (t=1). Sizes and rounding are im_patch's: an arcsec
// box is int(1 + width/CDELT1) pixels wide, its first column round(centre - width/(2 CDELT1)).
// The cutout keeps the frame's WCS (CRPIX moved by the cut), so its sky coordinates stay right.
// c=1 blanks pixels beyond the limb; an HMI frame (CROTA2 near 180) is turned north-up like
// im_patch does. Not done: r=1 sub-pixel registration (accepted, ignored).
class ImPatch final
{
public:
    // `reference` is the header of the record nearest t_ref (im_patch's reference image).
    static std::optional<ImPatch> plan(const ProcessingStep &step, const FitsPlane &reference, QString *error);

    // The patch of one frame (header and pixels of the frame's image).
    std::optional<FitsPlane> cut(const FitsPlane &frame, QString *error) const;

    int width() const { return m_nx; }
    int height() const { return m_ny; }
    // Carrington position tracked (meaningful when tracking() and onDisk()).
    SunGeometry::Surface target() const { return m_target; }
    bool tracking() const { return m_track; }

private:
    int m_nx = 0, m_ny = 0;
    double m_llx = 0, m_lly = 0;        // lower-left corner offset from the centre, pixels
    double m_centre1 = 0, m_centre2 = 0; // reference centre, FITS pixels (used when not tracking)
    SunGeometry::Surface m_target;
    bool m_onDisk = false;
    bool m_track = true;
    bool m_crop = false;
    QString m_boxUnits, m_locUnits;
    double m_width = 0, m_height = 0;
};

} // namespace sim
