#pragma once

#include "model/fits/SolarSurfaceProjection.h"

#include <QList>
#include <QPolygonF>
#include <QString>

// The heliographic (Stonyhurst) grid and the solar limb of one frame, as polylines in the pixels
// of the image as shown (0-based, y up, turned as the display turns it). Parallels and meridians
// every `stepDegrees`, sampled every `sampleDegrees`; only the visible hemisphere is drawn: a line
// is cut where it passes behind the limb (the crossing found by bisection, so lines end on the
// limb) and split into separate pieces there. The limb is the closed curve where the observer's
// tangent cone touches the sphere, so its radius is asin(RSUN_REF / DSUN_OBS), which RSUN_OBS
// should equal (rsunObsDifferenceArcsec says by how much it does not).
namespace fits {

struct SolarGridLines {
    bool valid = false;
    QString error;                 // why there is no grid, in words
    QList<QPolygonF> parallels;    // visible pieces of each circle of latitude
    QList<QPolygonF> meridians;    // visible pieces of each meridian (pole to pole)
    QList<double> parallelLatitudes;  // one per piece in `parallels`, degrees
    QList<double> meridianLongitudes; // one per piece in `meridians`, degrees (west positive)
    QPolygonF limb;                // closed: the last point repeats the first
    QPointF diskCentre;            // Tx = Ty = 0
    double limbRadiusArcsec = 0;   // from DSUN_OBS and RSUN_REF
    double rsunObsDifferenceArcsec = 0; // limbRadiusArcsec − RSUN_OBS; 0 when RSUN_OBS is absent

    static SolarGridLines of(const SolarSurfaceProjection &projection, double stepDegrees = 15.0,
                             double sampleDegrees = 1.0);
};

} // namespace fits
