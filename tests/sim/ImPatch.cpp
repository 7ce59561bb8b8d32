#include "sim/ImPatch.h"

#include <algorithm>
#include <cmath>

namespace sim {
namespace {

constexpr double kMaxEdge = 8192; // twice SDO's 4096: beyond that no patch is meant

bool startsWithNoCase(const QString &text, const char *prefix, int n)
{
    return text.left(n).compare(QLatin1String(prefix).left(n), Qt::CaseInsensitive) == 0 && text.size() >= n;
}

} // namespace

std::optional<ImPatch> ImPatch::plan(const ProcessingStep &step, const FitsPlane &reference, QString *error)
{
    ImPatch p;
    p.m_locUnits = step.arg(QStringLiteral("locunits"), QStringLiteral("arcsec"));
    p.m_boxUnits = step.arg(QStringLiteral("boxunits"), QStringLiteral("arcsec"));
    p.m_track = step.number(QStringLiteral("t"), 0) == 0;
    p.m_crop = step.number(QStringLiteral("c"), 0) != 0;
    p.m_width = step.number(QStringLiteral("width"), 0);
    p.m_height = step.number(QStringLiteral("height"), p.m_width);
    const double x = step.number(QStringLiteral("x"), 0), y = step.number(QStringLiteral("y"), 0);
    const std::optional<SunGeometry> g = SunGeometry::of(reference);
    if (!g) {
        *error = QStringLiteral("im_patch: the reference image has no usable WCS or observer keywords");
        return std::nullopt;
    }
    if (p.m_width <= 0 || p.m_height <= 0) {
        *error = QStringLiteral("im_patch: width and height must be positive");
        return std::nullopt;
    }

    // The box centre at t_ref, as a pixel and as a place on the Sun (im_patch's order of units).
    if (startsWithNoCase(p.m_locUnits, "arcsec", 6)) {
        g->pixelOf({x, y}, &p.m_centre1, &p.m_centre2);
    } else if (startsWithNoCase(p.m_locUnits, "pixels", 3)) {
        p.m_centre1 = x;
        p.m_centre2 = y;
    } else if (startsWithNoCase(p.m_locUnits, "stony", 5) || startsWithNoCase(p.m_locUnits, "carrlong", 4)) {
        const bool stony = startsWithNoCase(p.m_locUnits, "stony", 5);
        p.m_target = {stony ? g->crlnObs + x : x, y};
        const auto sky = g->skyOf(p.m_target);
        if (!sky) {
            *error = QStringLiteral("im_patch: the patch centre is on the far side of the Sun at t_ref");
            return std::nullopt;
        }
        g->pixelOf(*sky, &p.m_centre1, &p.m_centre2);
        p.m_onDisk = true;
    } else {
        *error = QStringLiteral("im_patch: Location units not detected, locunits %1").arg(p.m_locUnits);
        return std::nullopt;
    }
    if (!p.m_onDisk) {
        const auto surface = g->surfaceAt(g->skyAt(p.m_centre1, p.m_centre2));
        p.m_onDisk = surface.has_value();
        if (surface)
            p.m_target = *surface;
    }

    // The box in pixels, fixed for the whole run (sizes checked as numbers before they are pixels).
    const double cdelt = std::abs(g->cdelt1);
    auto tooBig = [&](double nx, double ny) {
        if (nx >= 1 && ny >= 1 && nx <= kMaxEdge && ny <= kMaxEdge)
            return false;
        *error = QStringLiteral("im_patch: a patch of %1 x %2 pixels cannot be made").arg(nx).arg(ny);
        return true;
    };
    if (std::abs(p.m_centre1) > 1e6 || std::abs(p.m_centre2) > 1e6) {
        *error = QStringLiteral("im_patch: the patch centre is far outside the image");
        return std::nullopt;
    }
    if (startsWithNoCase(p.m_boxUnits, "arcsec", 6)) {
        p.m_llx = -p.m_width / (2.0 * cdelt);
        p.m_lly = -p.m_height / (2.0 * cdelt);
        if (tooBig(1 - 2 * p.m_llx, 1 - 2 * p.m_lly))
            return std::nullopt;
        p.m_nx = static_cast<int>(1 - 2 * p.m_llx);
        p.m_ny = static_cast<int>(1 - 2 * p.m_lly);
    } else if (startsWithNoCase(p.m_boxUnits, "pixels", 3)) {
        if (tooBig(std::round(p.m_width), std::round(p.m_height)))
            return std::nullopt;
        p.m_nx = static_cast<int>(std::lround(p.m_width));
        p.m_ny = static_cast<int>(std::lround(p.m_height));
        p.m_llx = -p.m_nx / 2.0;
        p.m_lly = -p.m_ny / 2.0;
    } else if (startsWithNoCase(p.m_boxUnits, "degrees", 3)) {
        // Degrees of longitude and latitude, measured as the box would be on the central meridian.
        const double lat = p.m_onDisk ? p.m_target.lat : 0.0;
        const auto ur = g->skyOf({g->crlnObs + p.m_width / 2, lat + p.m_height / 2});
        const auto ll = g->skyOf({g->crlnObs - p.m_width / 2, lat - p.m_height / 2});
        if (!ur || !ll) {
            *error = QStringLiteral("im_patch: a box of %1 x %2 degrees does not fit on the disk").arg(p.m_width).arg(p.m_height);
            return std::nullopt;
        }
        if (tooBig(std::abs(ur->x - ll->x) / cdelt + 1, std::abs(ur->y - ll->y) / cdelt + 1))
            return std::nullopt;
        p.m_nx = static_cast<int>(std::abs(ur->x - ll->x) / cdelt) + 1;
        p.m_ny = static_cast<int>(std::abs(ur->y - ll->y) / cdelt) + 1;
        p.m_llx = -p.m_nx / 2.0;
        p.m_lly = -p.m_ny / 2.0;
    } else {
        *error = QStringLiteral("im_patch: patch dimensions not understood, %1").arg(p.m_boxUnits);
        return std::nullopt;
    }
    // A place off the limb cannot rotate with the Sun: it stays where it is on the image.
    if (!p.m_onDisk)
        p.m_track = false;
    return p;
}

std::optional<FitsPlane> ImPatch::cut(const FitsPlane &frame, QString *error) const
{
    const std::optional<SunGeometry> g = SunGeometry::of(frame);
    if (!g) {
        *error = QStringLiteral("im_patch: the image has no usable WCS or observer keywords");
        return std::nullopt;
    }
    // Centre of the box on this frame, 0-based pixels.
    double c1 = m_centre1, c2 = m_centre2;
    bool visible = true;
    if (m_track) {
        const auto sky = g->skyOf(m_target);
        visible = sky.has_value();
        if (sky)
            g->pixelOf(*sky, &c1, &c2);
    }
    const int x1 = static_cast<int>(std::lround(c1 - 1 + m_llx));
    const int y1 = static_cast<int>(std::lround(c2 - 1 + m_lly));

    FitsPlane out;
    out.nx = m_nx;
    out.ny = m_ny;
    out.cards = frame.cards;
    out.data.assign(static_cast<size_t>(m_nx) * m_ny, std::nanf(""));
    if (visible) {
        for (int j = 0; j < m_ny; ++j) {
            const int sj = y1 + j;
            if (sj < 0 || sj >= frame.ny)
                continue;
            for (int i = 0; i < m_nx; ++i) {
                const int si = x1 + i;
                if (si >= 0 && si < frame.nx)
                    out.at(i, j) = frame.at(si, sj);
            }
        }
    }
    double crpix1 = g->crpix1 - x1, crpix2 = g->crpix2 - y1;
    double crota = g->crota2;
    if (m_crop) {
        // Beyond the limb (im_patch's 0.9995 of the radius squared) is MISSING.
        const double r = g->rsunArcsec() / std::abs(g->cdelt1);
        const double r2 = r * r * 0.9995;
        for (int j = 0; j < m_ny; ++j)
            for (int i = 0; i < m_nx; ++i) {
                const double dx = i - (crpix1 - 1), dy = j - (crpix2 - 1);
                if (dx * dx + dy * dy >= r2)
                    out.at(i, j) = std::nanf("");
            }
    }
    if (std::abs(std::abs(crota) - 180.0) < 1.0) {
        // HMI is stored upside down: the patch is turned by 180 degrees, north up, as im_patch does.
        std::reverse(out.data.begin(), out.data.end());
        crota -= crota > 0 ? 180.0 : -180.0;
        crpix1 = m_nx + 1 - crpix1;
        crpix2 = m_ny + 1 - crpix2;
    }
    out.setNumber("CRPIX1", crpix1);
    out.setNumber("CRPIX2", crpix2);
    out.setNumber("CROTA2", crota);
    SunGeometry og = *g;
    og.crpix1 = crpix1;
    og.crpix2 = crpix2;
    og.crota2 = crota;
    const SunGeometry::Sky centre = og.skyAt((m_nx + 1) / 2.0, (m_ny + 1) / 2.0);
    out.setNumber("XCEN", centre.x, "[arcsec] Centre of the patch, west of disk centre");
    out.setNumber("YCEN", centre.y, "[arcsec] Centre of the patch, north of disk centre");
    out.setText("CONTENT", QStringLiteral("Tracked Extracted Patches, made by im_patch"));
    out.setText("HGBOXUNITS", m_boxUnits);
    out.setText("HGLOCUNITS", m_locUnits);
    out.setNumber("HGWIDE", m_width);
    out.setNumber("HGHIGH", m_height);
    if (m_onDisk) {
        out.setNumber("HGCRLN", m_target.lon, "[deg] Carrington longitude of the patch centre");
        out.setNumber("HGCRLT", m_target.lat, "[deg] Carrington latitude of the patch centre");
    }
    return out;
}

} // namespace sim
