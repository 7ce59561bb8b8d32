#include "model/fits/SolarSurfaceProjection.h"

#include "model/fits/CutoutGeometry.h"

#include <cmath>
#include <utility>

namespace fits {
namespace {
constexpr double kSurfacePi = 3.14159265358979323846;
constexpr double kSurfaceDegree = kSurfacePi / 180.0;
constexpr double kSurfaceArcsec = kSurfaceDegree / 3600.0;
} // namespace

SolarSurfaceProjection::SolarSurfaceProjection(const FitsImage &image, const SolarWcs &wcs)
    : m_wcs(&wcs)
    , m_turns(((image.quarterTurns % 4) + 4) % 4)
{
    m_fileWidth = m_turns % 2 ? image.height : image.width;
    m_fileHeight = m_turns % 2 ? image.width : image.height;
    if (!wcs.isValid())
        m_error = wcs.error();
    else if (!wcs.isHelioprojective())
        m_error = QStringLiteral("The image's coordinates are not helioprojective (no HPLN/HPLT axes), so the "
                                 "solar surface cannot be placed on it.");
    else if (!wcs.observer().known())
        m_error = QStringLiteral("The header says neither where the observer was (DSUN_OBS) nor how large the Sun "
                                 "looked (RSUN_OBS).");
}

double SolarSurfaceProjection::apparentRadiusArcsec() const
{
    const SolarObserver &o = observer();
    return o.known() ? std::asin(o.solarRadiusMetres / o.distanceMetres) / kSurfaceArcsec : -1.0;
}

void SolarSurfaceProjection::heliocentricOf(const StonyhurstPoint &point, double rsun, double b0Degrees, double *x,
                                            double *y, double *z)
{
    const double lon = point.lon * kSurfaceDegree, lat = point.lat * kSurfaceDegree, b0 = b0Degrees * kSurfaceDegree;
    *x = rsun * std::cos(lat) * std::sin(lon);
    *y = rsun * (std::sin(lat) * std::cos(b0) - std::cos(lat) * std::cos(lon) * std::sin(b0));
    *z = rsun * (std::sin(lat) * std::sin(b0) + std::cos(lat) * std::cos(lon) * std::cos(b0));
}

void SolarSurfaceProjection::helioprojectiveOf(double x, double y, double z, double dsun, double *txArcsec, double *tyArcsec)
{
    const double d = std::sqrt(x * x + y * y + (dsun - z) * (dsun - z));
    *txArcsec = std::atan2(x, dsun - z) / kSurfaceArcsec;
    *tyArcsec = std::asin(y / d) / kSurfaceArcsec;
}

SurfaceVisibility SolarSurfaceProjection::displayPixelOf(const StonyhurstPoint &point, QPointF *pixel) const
{
    if (!isValid())
        return SurfaceVisibility::Unknown;
    const SolarObserver &o = observer();
    double x = 0, y = 0, z = 0;
    heliocentricOf(point, o.solarRadiusMetres, o.b0Degrees, &x, &y, &z);
    // The tangent cone from the observer touches the sphere at z = R²/D.
    if (z <= o.solarRadiusMetres * o.solarRadiusMetres / o.distanceMetres)
        return SurfaceVisibility::BehindLimb;
    double tx = 0, ty = 0;
    helioprojectiveOf(x, y, z, o.distanceMetres, &tx, &ty);
    return displayPixelOfHelioprojective(tx, ty, pixel) ? SurfaceVisibility::Visible : SurfaceVisibility::Unknown;
}

bool SolarSurfaceProjection::displayPixelOfHelioprojective(double txArcsec, double tyArcsec, QPointF *pixel) const
{
    if (!isValid())
        return false;
    double px = 0, py = 0;
    if (!m_wcs->worldToPixel(txArcsec, tyArcsec, &px, &py))
        return false;
    *pixel = fileToDisplay(QPointF(px, py));
    return true;
}

bool SolarSurfaceProjection::stonyhurstAt(const QPointF &displayPixel, StonyhurstPoint *point) const
{
    if (!isValid())
        return false;
    const QPointF file = displayToFile(displayPixel);
    const WorldCoordinate w = m_wcs->pixelToWorld(file.x(), file.y());
    if (!w.valid || !w.helioprojective)
        return false;
    const SolarObserver &o = observer();
    return stonyhurstOf(w.lon, w.lat, o.distanceMetres, o.solarRadiusMetres, o.b0Degrees, &point->lon, &point->lat);
}

// One counter-clockwise quarter turn (y up) of a w × h image moves pixel (x, y) to (h-1-y, x),
// as FitsOrientation turns whole pixels; the same formula holds between pixel centres.
QPointF SolarSurfaceProjection::fileToDisplay(const QPointF &file) const
{
    QPointF p = file;
    int w = m_fileWidth, h = m_fileHeight;
    for (int i = 0; i < m_turns; ++i) {
        p = QPointF(h - 1 - p.y(), p.x());
        std::swap(w, h);
    }
    return p;
}

QPointF SolarSurfaceProjection::displayToFile(const QPointF &display) const
{
    // Turning on by the remaining quarter turns completes a full turn.
    QPointF p = display;
    int w = m_turns % 2 ? m_fileHeight : m_fileWidth;
    int h = m_turns % 2 ? m_fileWidth : m_fileHeight;
    for (int i = 0; i < (4 - m_turns) % 4; ++i) {
        p = QPointF(h - 1 - p.y(), p.x());
        std::swap(w, h);
    }
    return p;
}

} // namespace fits
