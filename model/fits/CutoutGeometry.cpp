#include "model/fits/CutoutGeometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fits {
namespace {

constexpr double kDegree = std::numbers::pi / 180.0;
constexpr double kArcsec = kDegree / 3600.0;
constexpr double kSolarRadius = 695700000.0; // m, IAU nominal; used when RSUN_REF is absent

QString signedDegrees(double value, QChar positive, QChar negative)
{
    return QStringLiteral("%1%2°").arg(value >= 0 ? positive : negative).arg(std::abs(value), 0, 'f', 1);
}

// Arcsec per pixel along each axis: CDELT when given (im_patch reads it), else measured on the WCS.
double pixelScale(const FitsImage &image, const SolarWcs &wcs, int axis, double cx, double cy)
{
    const double cdelt = image.cardNumber(axis == 1 ? QStringLiteral("CDELT1") : QStringLiteral("CDELT2"));
    if (std::isfinite(cdelt) && cdelt != 0)
        return std::abs(cdelt);
    const WorldCoordinate a = wcs.pixelToWorld(cx, cy);
    const WorldCoordinate b = axis == 1 ? wcs.pixelToWorld(cx + 1, cy) : wcs.pixelToWorld(cx, cy + 1);
    return a.valid && b.valid ? std::hypot(b.lon - a.lon, b.lat - a.lat) : 0.0;
}

} // namespace

QRect pixelBox(const QPoint &a, const QPoint &b)
{
    return QRect(QPoint(std::min(a.x(), b.x()), std::min(a.y(), b.y())), QPoint(std::max(a.x(), b.x()), std::max(a.y(), b.y())));
}

bool stonyhurstOf(double tx, double ty, double dsun, double rsun, double b0, double *lon, double *lat)
{
    // Where the line of sight first meets the sphere of radius rsun, in heliocentric cartesian
    // coordinates (z towards the observer, y north in the plane of the sky).
    const double x0 = tx * kArcsec, y0 = ty * kArcsec;
    const double k = std::cos(y0) * std::cos(x0);
    const double disc = dsun * dsun * k * k - dsun * dsun + rsun * rsun;
    if (!(disc >= 0) || !(dsun > rsun))
        return false;
    const double d = dsun * k - std::sqrt(disc);
    const double x = d * std::cos(y0) * std::sin(x0);
    const double y = d * std::sin(y0);
    const double z = dsun - d * k;
    const double b = b0 * kDegree;
    *lat = std::asin(std::clamp((y * std::cos(b) + z * std::sin(b)) / rsun, -1.0, 1.0)) / kDegree;
    *lon = std::atan2(x, z * std::cos(b) - y * std::sin(b)) / kDegree;
    return true;
}

CutoutGeometry CutoutGeometry::of(const FitsImage &image, const SolarWcs &wcs, const QRect &filePixels)
{
    CutoutGeometry g;
    g.imageWidth = image.width;
    g.imageHeight = image.height;
    const QRect box = pixelBox(filePixels.topLeft(), filePixels.bottomRight());
    g.x0 = box.left() + 1;
    g.y0 = box.top() + 1;
    g.x1 = box.right() + 1;
    g.y1 = box.bottom() + 1;
    g.centrePixelX = (g.x0 + g.x1) / 2.0;
    g.centrePixelY = (g.y0 + g.y1) / 2.0;
    g.observationTime = image.card(QStringLiteral("T_OBS"), image.card(QStringLiteral("DATE-OBS"))).trimmed();
    if (!wcs.isValid()) {
        g.error = wcs.error();
        return g;
    }
    const WorldCoordinate centre = wcs.pixelToWorld(g.centrePixelX - 1, g.centrePixelY - 1);
    if (!centre.valid || !centre.helioprojective) {
        g.error = QStringLiteral("The image's coordinates are not helioprojective (no HPLN/HPLT axes), so a "
                                 "cutout cannot be placed on the Sun.");
        return g;
    }
    g.centreTx = centre.lon;
    g.centreTy = centre.lat;
    g.arcsecPerPixelX = pixelScale(image, wcs, 1, g.centrePixelX - 1, g.centrePixelY - 1);
    g.arcsecPerPixelY = pixelScale(image, wcs, 2, g.centrePixelX - 1, g.centrePixelY - 1);

    // The observer: DSUN_OBS, else the distance at which the Sun looks RSUN_OBS arcsec in radius.
    const double rsun = image.cardNumber(QStringLiteral("RSUN_REF"), kSolarRadius);
    double dsun = image.cardNumber(QStringLiteral("DSUN_OBS"));
    const double rsunObs = image.cardNumber(QStringLiteral("RSUN_OBS"));
    if (!(dsun > 0) && rsunObs > 0)
        dsun = rsun / std::sin(rsunObs * kArcsec);
    double b0 = image.cardNumber(QStringLiteral("CRLT_OBS"));
    if (!std::isfinite(b0))
        b0 = image.cardNumber(QStringLiteral("HGLT_OBS"), 0.0);
    g.centreOnDisk = dsun > 0 && stonyhurstOf(g.centreTx, g.centreTy, dsun, rsun, b0, &g.stonyLon, &g.stonyLat);
    g.valid = true;
    return g;
}

QString CutoutGeometry::arcsecText() const
{
    return QStringLiteral("centre Tx %1″ Ty %2″, %3″ × %4″")
        .arg(centreTx, 0, 'f', 1)
        .arg(centreTy, 0, 'f', 1)
        .arg(widthArcsec(), 0, 'f', 1)
        .arg(heightArcsec(), 0, 'f', 1);
}

QString CutoutGeometry::pixelText() const
{
    return QStringLiteral("pixels %1,%2 – %3,%4 (%5 × %6)")
        .arg(x0).arg(y0).arg(x1).arg(y1).arg(widthPixels()).arg(heightPixels());
}

QString CutoutGeometry::stonyText() const
{
    if (!centreOnDisk)
        return QStringLiteral("centre off the disk");
    return QStringLiteral("Stonyhurst %1 %2").arg(signedDegrees(stonyLon, QLatin1Char('W'), QLatin1Char('E')),
                                                  signedDegrees(stonyLat, QLatin1Char('N'), QLatin1Char('S')));
}

} // namespace fits
