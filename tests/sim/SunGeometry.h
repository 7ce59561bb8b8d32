#pragma once

#include "sim/FitsPlane.h"

#include <optional>

namespace sim {

// Where things are on an SDO image: FITS pixels <-> helioprojective arcseconds (the image's
// CRPIX/CDELT/CROTA2/CRVAL, linear as DRMS's modules treat them) and helioprojective <->
// Carrington longitude/latitude on the solar surface, seen from the observer at DSUN_OBS with
// CRLN_OBS/CRLT_OBS at disk centre (Thompson 2006, A&A 449, 791, with RSUN_REF for the surface).
struct SunGeometry {
    double crpix1 = 0, crpix2 = 0;   // FITS pixel (1-based) of CRVAL
    double crval1 = 0, crval2 = 0;   // arcsec
    double cdelt1 = 0, cdelt2 = 0;   // arcsec per pixel
    double crota2 = 0;               // degrees
    double dsunObs = 0;              // m
    double rsunRef = 6.96e8;         // m
    double crlnObs = 0, crltObs = 0; // degrees, disk centre

    struct Sky { double x = 0, y = 0; };      // arcsec from disk centre, west and north
    struct Surface { double lon = 0, lat = 0; }; // Carrington degrees

    // From an image's header; nullopt when a keyword it needs is missing.
    static std::optional<SunGeometry> of(const FitsPlane &header);

    Sky skyAt(double pixel1, double pixel2) const;
    // FITS pixel (1-based) of a sky position.
    void pixelOf(const Sky &sky, double *pixel1, double *pixel2) const;
    // The surface point seen at `sky`; nullopt off the limb.
    std::optional<Surface> surfaceAt(const Sky &sky) const;
    // Where a surface point is seen; nullopt when it is on the far side.
    std::optional<Sky> skyOf(const Surface &surface) const;
    // Apparent solar radius in arcsec.
    double rsunArcsec() const;
};

} // namespace sim
