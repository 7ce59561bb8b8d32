#include "sim/Regrid.h"

#include "sim/SunGeometry.h"

#include <cmath>

namespace sim {
namespace {

// Keys' cubic convolution kernel (a = -0.5), the usual "bicubic".
double cubic(double t)
{
    t = std::abs(t);
    if (t < 1)
        return (1.5 * t - 2.5) * t * t + 1;
    if (t < 2)
        return ((-0.5 * t + 2.5) * t - 4) * t + 2;
    return 0;
}

float sample(const FitsPlane &in, double p1, double p2, bool bicubic)
{
    // p1, p2 are FITS (1-based) pixel positions.
    const double x = p1 - 1, y = p2 - 1;
    if (!(x > -1 && y > -1 && x < in.nx && y < in.ny)) // also NaN: nowhere on the image
        return std::nanf("");
    if (!bicubic) {
        const long i = std::lround(x), j = std::lround(y);
        if (i < 0 || j < 0 || i >= in.nx || j >= in.ny)
            return std::nanf("");
        return in.at(static_cast<int>(i), static_cast<int>(j));
    }
    const int i0 = static_cast<int>(std::floor(x)), j0 = static_cast<int>(std::floor(y));
    if (i0 < 0 || j0 < 0 || i0 >= in.nx || j0 >= in.ny)
        return std::nanf("");
    double total = 0, weight = 0;
    for (int j = j0 - 1; j <= j0 + 2; ++j) {
        if (j < 0 || j >= in.ny)
            continue;
        const double wy = cubic(y - j);
        for (int i = i0 - 1; i <= i0 + 2; ++i) {
            if (i < 0 || i >= in.nx)
                continue;
            const float v = in.at(i, j);
            if (std::isnan(v))
                continue;
            const double w = wy * cubic(x - i);
            total += w * v;
            weight += w;
        }
    }
    return weight > 1e-6 ? static_cast<float>(total / weight) : std::nanf("");
}

} // namespace

std::optional<FitsPlane> Regrid::onto(const Grid &grid, const FitsPlane &in, QString *error)
{
    const std::optional<SunGeometry> g = SunGeometry::of(in);
    if (!g) {
        *error = QStringLiteral("the image has no usable WCS or observer keywords");
        return std::nullopt;
    }
    if (grid.nx < 1 || grid.ny < 1 || !(grid.cdelt > 0) || qint64(grid.nx) * grid.ny > 8192LL * 8192LL) {
        *error = QStringLiteral("a grid of %1 x %2 pixels of %3 arcsec cannot be made").arg(grid.nx).arg(grid.ny).arg(grid.cdelt);
        return std::nullopt;
    }
    SunGeometry og = *g;
    og.crpix1 = grid.crpix1;
    og.crpix2 = grid.crpix2;
    og.crval1 = grid.x;
    og.crval2 = grid.y;
    og.cdelt1 = og.cdelt2 = grid.cdelt;
    og.crota2 = 0;
    const double rsun = g->rsunArcsec();
    FitsPlane out;
    out.nx = grid.nx;
    out.ny = grid.ny;
    out.cards = in.cards;
    out.data.assign(static_cast<size_t>(grid.nx) * grid.ny, std::nanf(""));
    for (int j = 0; j < grid.ny; ++j)
        for (int i = 0; i < grid.nx; ++i) {
            const SunGeometry::Sky sky = og.skyAt(i + 1, j + 1);
            if (grid.cropAtLimb && sky.x * sky.x + sky.y * sky.y >= rsun * rsun)
                continue;
            double p1 = 0, p2 = 0;
            g->pixelOf(sky, &p1, &p2);
            out.at(i, j) = sample(in, p1, p2, grid.bicubic);
        }
    out.setNumber("CRPIX1", grid.crpix1);
    out.setNumber("CRPIX2", grid.crpix2);
    out.setNumber("CRVAL1", grid.x);
    out.setNumber("CRVAL2", grid.y);
    out.setNumber("CDELT1", grid.cdelt);
    out.setNumber("CDELT2", grid.cdelt);
    out.setNumber("CROTA2", 0.0);
    if (in.number("R_SUN"))
        out.setNumber("R_SUN", rsun / grid.cdelt);
    return out;
}

std::optional<FitsPlane> Regrid::resize(const ProcessingStep &step, const FitsPlane &in, QString *error)
{
    const std::optional<SunGeometry> g = SunGeometry::of(in);
    if (!g) {
        *error = QStringLiteral("resize: the image has no usable WCS or observer keywords");
        return std::nullopt;
    }
    Grid grid;
    grid.nx = in.nx;
    grid.ny = in.ny;
    grid.cdelt = step.number(QStringLiteral("scale_to"), 0);
    if (grid.cdelt <= 0)
        grid.cdelt = std::abs(g->cdelt1);
    grid.bicubic = step.arg(QStringLiteral("regrid"), QStringLiteral("bicubic")).compare(QLatin1String("nearest"), Qt::CaseInsensitive) != 0;
    grid.cropAtLimb = step.number(QStringLiteral("c"), 0) != 0;
    const QString centre = step.arg(QStringLiteral("center_to"), QStringLiteral("solar")).toLower();
    grid.crpix1 = (grid.nx + 1) / 2.0;
    grid.crpix2 = (grid.ny + 1) / 2.0;
    if (centre != QLatin1String("solar")) {
        // "first"/"no": keep the sky position that was at the image centre.
        const SunGeometry::Sky c = g->skyAt((in.nx + 1) / 2.0, (in.ny + 1) / 2.0);
        grid.x = c.x;
        grid.y = c.y;
    }
    auto out = onto(grid, in, error);
    if (!out)
        error->prepend(QStringLiteral("resize: "));
    return out;
}

std::optional<FitsPlane> Regrid::aiaScale(const ProcessingStep &step, const FitsPlane &in, QString *error)
{
    Grid grid;
    grid.cdelt = 0.6; // AIA level 1.5 plate scale
    grid.nx = in.nx;
    grid.ny = in.ny;
    grid.crpix1 = (grid.nx + 1) / 2.0;
    grid.crpix2 = (grid.ny + 1) / 2.0;
    if (step.name == QLatin1String("aia_scale_other") && step.has(QStringLiteral("wide"))) {
        // Cut-out: centre xc, yc and size wide x high, all arcsec.
        grid.x = step.number(QStringLiteral("xc"), 0);
        grid.y = step.number(QStringLiteral("yc"), 0);
        const double wide = step.number(QStringLiteral("wide"), 0) / grid.cdelt;
        const double high = step.number(QStringLiteral("high"), step.number(QStringLiteral("wide"), 0)) / grid.cdelt;
        // Sizes checked as numbers before they become pixel counts (onto() refuses 0).
        grid.nx = wide >= 1 && wide <= 8192 ? static_cast<int>(std::lround(wide)) : 0;
        grid.ny = high >= 1 && high <= 8192 ? static_cast<int>(std::lround(high)) : 0;
        grid.crpix1 = (grid.nx + 1) / 2.0;
        grid.crpix2 = (grid.ny + 1) / 2.0;
    }
    auto out = onto(grid, in, error);
    if (!out) {
        error->prepend(step.name + QStringLiteral(": "));
        return out;
    }
    out->setNumber("LVL_NUM", 1.5, "Data level");
    return out;
}

} // namespace sim
