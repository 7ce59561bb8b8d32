#pragma once

#include "model/fits/FitsImage.h"
#include "model/fits/SolarWcs.h"

#include <QPointF>
#include <QString>

// Points on the solar surface ↔ pixels of the image as shown. A Stonyhurst (longitude from the
// observer's central meridian, latitude) point goes to heliocentric cartesian coordinates, then to
// helioprojective Tx/Ty as seen from DSUN_OBS with the disk centre at latitude B0 (Thompson 2006,
// A&A 449, 791, eqs. 11 and 16), then through the header's WCS (wcslib) to the file's pixel, and
// last through the display's quarter turns (FitsOrientation) to the pixel shown. A point is on
// the visible hemisphere when its heliocentric z exceeds R²/D: from a finite distance a little
// less than half the sphere is seen.
// Holds a pointer to `wcs`: keep it alive while the projection is used.
namespace fits {

struct StonyhurstPoint {
    double lon = 0.0; // degrees, west positive
    double lat = 0.0; // degrees, north positive
};

enum class SurfaceVisibility { Visible, BehindLimb, Unknown };

class SolarSurfaceProjection final
{
public:
    SolarSurfaceProjection(const FitsImage &image, const SolarWcs &wcs);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; } // why no point can be placed, in words
    const SolarObserver &observer() const { return m_wcs->observer(); }
    // The Sun's apparent angular radius from DSUN_OBS and RSUN_REF: asin(R / D).
    double apparentRadiusArcsec() const;

    // `pixel`: 0-based, y up, in the image as shown (turned by its quarterTurns). Set whenever the
    // point is Visible; BehindLimb leaves it alone.
    SurfaceVisibility displayPixelOf(const StonyhurstPoint &point, QPointF *pixel) const;
    // The surface point seen at a shown pixel; false off the disk or without coordinates.
    bool stonyhurstAt(const QPointF &displayPixel, StonyhurstPoint *point) const;
    // Helioprojective arcsec → shown pixel.
    bool displayPixelOfHelioprojective(double txArcsec, double tyArcsec, QPointF *pixel) const;

    QPointF fileToDisplay(const QPointF &file) const;
    QPointF displayToFile(const QPointF &display) const;

    // Heliocentric cartesian (metres; z towards the observer, y north in the sky plane) of a
    // Stonyhurst point on the sphere of radius `rsun`, and its helioprojective angles (arcsec).
    static void heliocentricOf(const StonyhurstPoint &point, double rsun, double b0Degrees, double *x, double *y, double *z);
    static void helioprojectiveOf(double x, double y, double z, double dsun, double *txArcsec, double *tyArcsec);

private:
    const SolarWcs *m_wcs = nullptr;
    int m_turns = 0;
    int m_fileWidth = 0, m_fileHeight = 0;
    QString m_error;
};

} // namespace fits
