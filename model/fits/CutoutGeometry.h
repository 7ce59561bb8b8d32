#pragma once

#include "model/fits/FitsImage.h"
#include "model/fits/SolarWcs.h"

#include <QRect>
#include <QString>

// A box drawn on a solar image, said three ways: the file's FITS pixels (1-based, inclusive, the
// numbers im_patch takes with locunits=pixels), helioprojective arcsec of its centre and size
// (from the image's WCS through wcslib), and the Stonyhurst longitude and latitude of its centre
// on the solar surface, seen from the observer at DSUN_OBS with CRLT_OBS (B0) at disk centre
// (Thompson 2006, A&A 449, 791). Longitude is counted from the observer's central meridian, as
// im_patch's locunits=stony counts it. Plain numbers only, so the export side needs no FITS code.
namespace fits {

struct CutoutGeometry {
    bool valid = false;     // the box lies on an image with a helioprojective WCS
    QString error;          // why not, in words
    int imageWidth = 0, imageHeight = 0;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;    // FITS pixels, 1-based, inclusive (file orientation)
    double centrePixelX = 0, centrePixelY = 0; // FITS pixels, 1-based
    double centreTx = 0, centreTy = 0;     // arcsec
    double arcsecPerPixelX = 0, arcsecPerPixelY = 0;
    bool centreOnDisk = false;
    double stonyLon = 0, stonyLat = 0;     // degrees; meaningful when centreOnDisk
    QString observationTime;               // T_OBS of the frame (DATE-OBS when it has none)

    int widthPixels() const { return x1 - x0 + 1; }
    int heightPixels() const { return y1 - y0 + 1; }
    double widthArcsec() const { return widthPixels() * arcsecPerPixelX; }
    double heightArcsec() const { return heightPixels() * arcsecPerPixelY; }
    bool insideImage() const { return x0 >= 1 && y0 >= 1 && x1 <= imageWidth && y1 <= imageHeight; }

    // One line each, for the readout.
    QString arcsecText() const;  // "centre Tx -512.3″ Ty 230.1″, 120.0″ × 96.0″"
    QString pixelText() const;   // "pixels 1201,1407 – 1400,1566 (200 × 160)"
    QString stonyText() const;   // "Stonyhurst W31.2° N14.0°" or "centre off the disk"

    // `filePixels`: the box in the file's pixels, 0-based, x right and y up from FITS row 1
    // (FitsOrientation::toFile of the corners drawn); any corner order: its topLeft() and
    // bottomRight() are taken as two opposite corner pixels.
    static CutoutGeometry of(const FitsImage &image, const SolarWcs &wcs, const QRect &filePixels);
};

// The box of whole pixels with corners `a` and `b` (both inside it), in any order. Not
// QRect(a, b).normalized(), which drops a row and a column of a box drawn up or to the left.
QRect pixelBox(const QPoint &a, const QPoint &b);

// Stonyhurst position (degrees, longitude from the observer's central meridian) of the surface
// point seen at helioprojective (tx, ty) arcsec; false off the limb. `dsun` and `rsun` in metres,
// `b0` in degrees.
bool stonyhurstOf(double tx, double ty, double dsun, double rsun, double b0, double *lon, double *lat);

} // namespace fits
