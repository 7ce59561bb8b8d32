#include "model/fits/SolarRotation.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace fits {

double SolarRotation::siderealDegreesPerDay(double latitudeDegrees)
{
    const double s = std::sin(latitudeDegrees * 3.14159265358979323846 / 180.0);
    const double s2 = s * s;
    return 14.713 - 2.396 * s2 - 1.787 * s2 * s2;
}

double SolarRotation::secondsOf(const QString &time)
{
    // JSOC writes 2012.01.01_00:00:00_TAI; FITS DATE-OBS 2012-01-01T00:00:00.34(Z).
    static const QRegularExpression jsocTime(
        QStringLiteral(R"(^(\d{4})[.-](\d{2})[.-](\d{2})[_T ](\d{2}):(\d{2}):(\d{2}(?:\.\d*)?))"));
    const QRegularExpressionMatch m = jsocTime.match(time.trimmed());
    if (!m.hasMatch())
        return std::nan("");
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    if (!date.isValid())
        return std::nan("");
    const QDateTime midnight(date, QTime(0, 0), QTimeZone::utc());
    return double(midnight.toSecsSinceEpoch()) + m.captured(4).toInt() * 3600.0 + m.captured(5).toInt() * 60.0
           + m.captured(6).toDouble();
}

bool SolarRotation::rotated(const StonyhurstPoint &point, const SolarObserver &from, const SolarObserver &to,
                            StonyhurstPoint *out)
{
    const double t0 = secondsOf(from.time), t1 = secondsOf(to.time);
    if (!std::isfinite(t0) || !std::isfinite(t1))
        return false;
    const double days = (t1 - t0) / 86400.0;
    const double rate = siderealDegreesPerDay(point.lat);
    double lon = 0;
    if (std::isfinite(from.l0Degrees) && std::isfinite(to.l0Degrees)) {
        // Carrington longitude turns at (rate − Carrington rate); Stonyhurst = Carrington − L0.
        const double carrington = point.lon + from.l0Degrees + (rate - kCarringtonDegreesPerDay) * days;
        lon = carrington - to.l0Degrees;
    } else {
        lon = point.lon + (rate - kEarthMeanMotionDegreesPerDay) * days;
    }
    out->lon = std::remainder(lon, 360.0);
    out->lat = point.lat;
    return true;
}

} // namespace fits
