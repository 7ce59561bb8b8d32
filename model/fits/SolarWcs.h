#pragma once

#include "model/fits/FitsImage.h"

#include <QString>
#include <memory>

struct wcsprm;

// Pixel → world coordinates through wcslib, from a FitsImage's header. For helioprojective
// headers (CTYPE HPLN-/HPLT-, as SDO writes them) world coordinates are Tx/Ty in arcsec and the
// distance from disk centre is given in solar radii when the header has RSUN_OBS (or RSUN_REF
// and DSUN_OBS). Other celestial systems (e.g. CRLN-CEA synoptic maps) come out in degrees.
// Use on one thread (wcslib's struct is not shared); it is cheap to build per image.
namespace fits {

struct WorldCoordinate {
    bool valid = false;
    bool helioprojective = false;
    double lon = 0.0;       // Tx in arcsec (helioprojective) or the first world axis (degrees)
    double lat = 0.0;       // Ty in arcsec or the second world axis
    double radius = -1.0;   // distance from disk centre in solar radii; < 0 when unknown
    QString lonName;        // "Tx" or the CTYPE stem, e.g. "CRLN"
    QString latName;
    QString text() const;   // "Tx -512.3″  Ty 230.1″  r 0.562 R☉"
};

// Where the image was taken from, as the header says (SDO's keywords; NaN or < 0 when absent).
struct SolarObserver {
    double b0Degrees = 0.0;      // CRLT_OBS (HGLT_OBS): heliographic latitude of disk centre; 0 when absent
    double l0Degrees = 0.0;      // CRLN_OBS: Carrington longitude of disk centre; NaN when absent
    double distanceMetres = -1;  // DSUN_OBS, else the distance at which the Sun looks RSUN_OBS in radius
    double solarRadiusMetres = 0; // RSUN_REF, else the IAU nominal radius
    double rsunObsArcsec = -1;   // RSUN_OBS as written; < 0 when absent
    QString time;                // T_OBS, else DATE-OBS
    bool known() const { return distanceMetres > solarRadiusMetres && solarRadiusMetres > 0; }
};

class SolarWcs final
{
public:
    explicit SolarWcs(const FitsImage &image);
    ~SolarWcs();
    SolarWcs(SolarWcs &&) noexcept;
    SolarWcs &operator=(SolarWcs &&) noexcept;
    SolarWcs(const SolarWcs &) = delete;
    SolarWcs &operator=(const SolarWcs &) = delete;

    bool isValid() const { return m_wcs != nullptr; }
    QString error() const { return m_error; }    // why there is no WCS (no CTYPE, wcslib message)
    double solarRadiusArcsec() const { return m_rsunArcsec; } // < 0 when unknown

    // x, y: 0-based image pixel, x to the right, y up from FITS row 1 (pixel centres are integers).
    WorldCoordinate pixelToWorld(double x, double y) const;
    // The inverse: world (Tx, Ty in arcsec when helioprojective, else degrees) → 0-based pixel,
    // y up. False when wcslib cannot place it.
    bool worldToPixel(double lon, double lat, double *x, double *y) const;
    bool isHelioprojective() const { return m_helioprojective; }
    const SolarObserver &observer() const { return m_observer; }

private:
    wcsprm *m_wcs = nullptr; // array of m_count from wcspih; element 0 is the primary description
    int m_count = 0;
    int m_slice = 0;
    bool m_helioprojective = false;
    double m_rsunArcsec = -1.0;
    QString m_lonName;
    QString m_latName;
    QString m_error;
    SolarObserver m_observer;
};

} // namespace fits
