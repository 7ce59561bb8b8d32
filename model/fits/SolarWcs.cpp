#include "model/fits/SolarWcs.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

#include <wcslib/wcs.h>
#include <wcslib/wcsfix.h>
#include <wcslib/wcshdr.h>

namespace fits {
namespace {

// wcslib 7.12's header parser (wcspih) overflows a buffer on a string value that is never closed
// (CTYPE2 = 'HPLT-TA… to the end of the card): glibc aborts the program. Such a card is blanked.
void blankUnclosedWcsStrings(QByteArray *header)
{
    for (qsizetype at = 0; at + 80 <= header->size(); at += 80) {
        char *card = header->data() + at;
        if (card[8] != '=' || card[9] != ' ')
            continue;
        int i = 10;
        while (i < 80 && card[i] == ' ')
            ++i;
        if (i >= 80 || card[i] != '\'')
            continue;
        bool closed = false;
        for (++i; i < 80 && !closed; ++i) {
            if (card[i] != '\'')
                continue;
            if (i + 1 < 80 && card[i + 1] == '\'')
                ++i; // '' is a quote inside the string
            else
                closed = true;
        }
        if (!closed)
            std::fill(card, card + 80, ' ');
    }
}
constexpr double kArcsecPerDegree = 3600.0;
constexpr double kIauSolarRadius = 695700000.0; // m, used when RSUN_REF is absent
} // namespace

QString WorldCoordinate::text() const
{
    if (!valid)
        return {};
    if (!helioprojective)
        return QStringLiteral("%1 %2°  %3 %4°").arg(lonName).arg(lon, 0, 'f', 4).arg(latName).arg(lat, 0, 'f', 4);
    QString s = QStringLiteral("Tx %1″  Ty %2″").arg(lon, 0, 'f', 1).arg(lat, 0, 'f', 1);
    if (radius >= 0)
        s += QStringLiteral("  r %1 R☉").arg(radius, 0, 'f', 3);
    return s;
}

SolarWcs::SolarWcs(const FitsImage &image)
    : m_slice(image.sliceIndex)
{
    QByteArray header = image.headerText();
    if (!header.contains("CTYPE1")) {
        m_error = QStringLiteral("The header has no world coordinate system (no CTYPE1).");
        return;
    }
    blankUnclosedWcsStrings(&header);
    int reject = 0;
    int status = wcspih(header.data(), int(header.size() / 80), WCSHDR_all, 0, &reject, &m_count, &m_wcs);
    if (status != 0 || m_count < 1 || !m_wcs) {
        m_error = QStringLiteral("wcslib could not parse the header (status %1).").arg(status);
        if (m_wcs)
            wcsvfree(&m_count, &m_wcs);
        m_wcs = nullptr;
        return;
    }
    // Non-standard spellings ("arcsec  ", "Degree") become standard units before wcsset.
    unitfix(0, m_wcs);
    status = wcsset(m_wcs);
    if (status != 0) {
        m_error = QStringLiteral("The header's coordinate system is not usable: %1.")
                      .arg(QString::fromLatin1(m_wcs->err && m_wcs->err->msg[0] ? m_wcs->err->msg : wcs_errmsg[status]));
        wcsvfree(&m_count, &m_wcs);
        m_wcs = nullptr;
        return;
    }
    const QString ctype1 = QString::fromLatin1(m_wcs->ctype[0]).trimmed().toUpper();
    const QString ctype2 = m_wcs->naxis > 1 ? QString::fromLatin1(m_wcs->ctype[1]).trimmed().toUpper() : QString();
    m_helioprojective = ctype1.startsWith(QLatin1String("HPLN")) && ctype2.startsWith(QLatin1String("HPLT"));
    m_lonName = m_helioprojective ? QStringLiteral("Tx") : ctype1.section(QLatin1Char('-'), 0, 0);
    m_latName = m_helioprojective ? QStringLiteral("Ty") : ctype2.section(QLatin1Char('-'), 0, 0);

    const double rsunObs = image.cardNumber(QStringLiteral("RSUN_OBS"));
    const double dsun = image.cardNumber(QStringLiteral("DSUN_OBS"));
    const double rsunRef = image.cardNumber(QStringLiteral("RSUN_REF"), kIauSolarRadius);
    if (std::isfinite(rsunObs) && rsunObs > 0)
        m_rsunArcsec = rsunObs;
    else if (std::isfinite(dsun) && dsun > rsunRef && rsunRef > 0)
        m_rsunArcsec = std::asin(rsunRef / dsun) * 180.0 / std::numbers::pi * kArcsecPerDegree;

    m_observer.solarRadiusMetres = rsunRef;
    m_observer.rsunObsArcsec = std::isfinite(rsunObs) && rsunObs > 0 ? rsunObs : -1.0;
    if (std::isfinite(dsun) && dsun > 0)
        m_observer.distanceMetres = dsun;
    else if (m_observer.rsunObsArcsec > 0)
        m_observer.distanceMetres = rsunRef / std::sin(m_observer.rsunObsArcsec / kArcsecPerDegree * std::numbers::pi / 180.0);
    double b0 = image.cardNumber(QStringLiteral("CRLT_OBS"));
    if (!std::isfinite(b0))
        b0 = image.cardNumber(QStringLiteral("HGLT_OBS"), 0.0);
    m_observer.b0Degrees = b0;
    m_observer.l0Degrees = image.cardNumber(QStringLiteral("CRLN_OBS"));
    m_observer.time = image.card(QStringLiteral("T_OBS"), image.card(QStringLiteral("DATE-OBS"))).trimmed();
}

SolarWcs::~SolarWcs()
{
    if (m_wcs)
        wcsvfree(&m_count, &m_wcs);
}

SolarWcs::SolarWcs(SolarWcs &&other) noexcept
{
    *this = std::move(other);
}

SolarWcs &SolarWcs::operator=(SolarWcs &&other) noexcept
{
    if (this != &other) {
        if (m_wcs)
            wcsvfree(&m_count, &m_wcs);
        m_wcs = std::exchange(other.m_wcs, nullptr);
        m_count = std::exchange(other.m_count, 0);
        m_slice = other.m_slice;
        m_helioprojective = other.m_helioprojective;
        m_rsunArcsec = other.m_rsunArcsec;
        m_lonName = other.m_lonName;
        m_latName = other.m_latName;
        m_error = other.m_error;
        m_observer = other.m_observer;
    }
    return *this;
}

WorldCoordinate SolarWcs::pixelToWorld(double x, double y) const
{
    WorldCoordinate out;
    if (!m_wcs)
        return out;
    const int n = m_wcs->naxis;
    if (n < 2)
        return out;
    std::vector<double> pixel(std::size_t(n), 1.0);
    std::vector<double> img(pixel.size()), world(pixel.size());
    pixel[0] = x + 1.0; // FITS pixel coordinates are 1-based
    pixel[1] = y + 1.0;
    if (n > 2)
        pixel[2] = m_slice + 1.0;
    double phi = 0, theta = 0;
    int stat = 0;
    if (wcsp2s(m_wcs, 1, n, pixel.data(), img.data(), &phi, &theta, world.data(), &stat) != 0 || stat != 0)
        return out;
    const int lng = m_wcs->lng >= 0 ? m_wcs->lng : 0;
    const int lat = m_wcs->lat >= 0 ? m_wcs->lat : 1;
    double lon = world[std::size_t(lng)];
    double la = world[std::size_t(lat)];
    out.valid = std::isfinite(lon) && std::isfinite(la);
    out.helioprojective = m_helioprojective;
    out.lonName = m_lonName;
    out.latName = m_latName;
    if (m_helioprojective) {
        // Tx is signed (east of centre negative); wcslib may return it in (-360, 360).
        lon = std::remainder(lon, 360.0);
        const double tx = lon * std::numbers::pi / 180.0;
        const double ty = la * std::numbers::pi / 180.0;
        out.lon = lon * kArcsecPerDegree;
        out.lat = la * kArcsecPerDegree;
        if (m_rsunArcsec > 0) {
            // Angular distance from disk centre (haversine form, exact for large angles too).
            const double h = std::sin(ty / 2) * std::sin(ty / 2) + std::cos(ty) * std::sin(tx / 2) * std::sin(tx / 2);
            const double d = 2.0 * std::asin(std::sqrt(std::min(1.0, h))) * 180.0 / std::numbers::pi * kArcsecPerDegree;
            out.radius = d / m_rsunArcsec;
        }
    } else {
        out.lon = lon;
        out.lat = la;
    }
    return out;
}

bool SolarWcs::worldToPixel(double lon, double lat, double *x, double *y) const
{
    if (!m_wcs || m_wcs->naxis < 2)
        return false;
    const int n = m_wcs->naxis;
    std::vector<double> world(std::size_t(n), 0.0), img(world.size()), pixel(world.size());
    const int lng = m_wcs->lng >= 0 ? m_wcs->lng : 0;
    const int la = m_wcs->lat >= 0 ? m_wcs->lat : 1;
    const double scale = m_helioprojective ? 1.0 / kArcsecPerDegree : 1.0;
    world[std::size_t(lng)] = lon * scale;
    world[std::size_t(la)] = lat * scale;
    if (n > 2) {
        // The other axes (a cube's wavelength or time) at the plane shown: their world value
        // from that plane's pixel, so wcss2p lands on it.
        std::vector<double> p0(world.size(), 1.0), w0(world.size()), i0(world.size());
        p0[2] = m_slice + 1.0;
        double phi = 0, theta = 0;
        int stat = 0;
        if (wcsp2s(m_wcs, 1, n, p0.data(), i0.data(), &phi, &theta, w0.data(), &stat) == 0 && stat == 0)
            for (int i = 2; i < n; ++i)
                world[std::size_t(i)] = w0[std::size_t(i)];
    }
    double phi = 0, theta = 0;
    int stat = 0;
    if (wcss2p(m_wcs, 1, n, world.data(), &phi, &theta, img.data(), pixel.data(), &stat) != 0 || stat != 0)
        return false;
    *x = pixel[0] - 1.0;
    *y = pixel[1] - 1.0;
    return std::isfinite(*x) && std::isfinite(*y);
}

} // namespace fits
