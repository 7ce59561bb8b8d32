#include "model/fits/SolarGridLines.h"

#include <cmath>
#include <functional>

namespace fits {
namespace {

constexpr double kGridPi = 3.14159265358979323846;

using GridCurve = std::function<StonyhurstPoint(double)>;

// The visible pieces of `curve` over parameter [from, to], sampled `samples` times; where
// visibility changes between two samples, the crossing is found by bisection.
QList<QPolygonF> visiblePiecesOfCurve(const SolarSurfaceProjection &projection, const GridCurve &curve, double from,
                                      double to, int samples)
{
    QList<QPolygonF> pieces;
    QPolygonF current;
    auto visibleAt = [&](double t, QPointF *p) {
        return projection.displayPixelOf(curve(t), p) == SurfaceVisibility::Visible;
    };
    double previousT = from;
    bool previousVisible = false;
    for (int i = 0; i <= samples; ++i) {
        const double t = from + (to - from) * i / samples;
        QPointF p;
        const bool visible = visibleAt(t, &p);
        if (i > 0 && visible != previousVisible) {
            // Bisect towards the limb: 30 halvings of ≤ 1° is far below a pixel.
            double in = previousVisible ? previousT : t, out = previousVisible ? t : previousT;
            QPointF edge;
            bool haveEdge = false;
            for (int k = 0; k < 30; ++k) {
                const double mid = (in + out) / 2;
                QPointF q;
                if (visibleAt(mid, &q)) {
                    in = mid;
                    edge = q;
                    haveEdge = true;
                } else {
                    out = mid;
                }
            }
            if (haveEdge)
                current.append(edge);
            if (!visible && current.size() > 1)
                pieces.append(current);
            if (!visible)
                current.clear();
        }
        if (visible)
            current.append(p);
        previousT = t;
        previousVisible = visible;
    }
    if (current.size() > 1)
        pieces.append(current);
    return pieces;
}

} // namespace

SolarGridLines SolarGridLines::of(const SolarSurfaceProjection &projection, double stepDegrees, double sampleDegrees)
{
    SolarGridLines g;
    if (!projection.isValid()) {
        g.error = projection.error();
        return g;
    }
    if (!(stepDegrees > 0) || !(sampleDegrees > 0)) {
        g.error = QStringLiteral("The grid needs a positive spacing.");
        return g;
    }
    const SolarObserver &o = projection.observer();
    if (!projection.displayPixelOfHelioprojective(0.0, 0.0, &g.diskCentre)) {
        g.error = QStringLiteral("The image's coordinates cannot place the disk centre.");
        return g;
    }
    g.limbRadiusArcsec = projection.apparentRadiusArcsec();
    g.rsunObsDifferenceArcsec = o.rsunObsArcsec > 0 ? g.limbRadiusArcsec - o.rsunObsArcsec : 0.0;

    // Parallels: whole circles of latitude, poles left out (they are points).
    const int lonSamples = std::max(8, int(std::ceil(360.0 / sampleDegrees)));
    for (int k = -int(std::floor(89.999 / stepDegrees)); k * stepDegrees < 90.0; ++k) {
        const double lat = k * stepDegrees;
        const GridCurve parallel = [lat](double lon) { return StonyhurstPoint{lon, lat}; };
        // Start behind the Sun (longitude 180) so the visible arc is one piece.
        const QList<QPolygonF> pieces = visiblePiecesOfCurve(projection, parallel, 180.0, 540.0, lonSamples);
        g.parallels += pieces;
        for (qsizetype i = 0; i < pieces.size(); ++i)
            g.parallelLatitudes.append(lat);
    }
    // Meridians: pole to pole.
    const int latSamples = std::max(4, int(std::ceil(180.0 / sampleDegrees)));
    for (int k = 0; k * stepDegrees < 360.0 - 1e-9; ++k) {
        const double lon = std::remainder(k * stepDegrees, 360.0);
        const GridCurve meridian = [lon](double lat) { return StonyhurstPoint{lon, lat}; };
        const QList<QPolygonF> pieces = visiblePiecesOfCurve(projection, meridian, -90.0, 90.0, latSamples);
        g.meridians += pieces;
        for (qsizetype i = 0; i < pieces.size(); ++i)
            g.meridianLongitudes.append(lon);
    }
    // Limb: the circle z = R²/D on the sphere, seen edge-on from the observer.
    const double r = o.solarRadiusMetres, d = o.distanceMetres;
    const double ringZ = r * r / d, ringRadius = r * std::sqrt(1.0 - (r / d) * (r / d));
    for (int i = 0; i <= lonSamples; ++i) {
        const double a = 2.0 * kGridPi * i / lonSamples;
        double tx = 0, ty = 0;
        SolarSurfaceProjection::helioprojectiveOf(ringRadius * std::cos(a), ringRadius * std::sin(a), ringZ, d, &tx, &ty);
        QPointF p;
        if (projection.displayPixelOfHelioprojective(tx, ty, &p))
            g.limb.append(p);
    }
    g.valid = true;
    return g;
}

} // namespace fits
