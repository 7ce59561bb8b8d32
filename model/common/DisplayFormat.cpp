#include "model/common/DisplayFormat.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace jsoc::format {

namespace {

QLocale numberLocale()
{
    QLocale locale;
    // Under LANG=C (tests, CI, minimal desktops) Qt omits group separators; 45118 reads worse.
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

QString plural(qint64 n, const char *unit)
{
    return QStringLiteral("%1 %2%3 ago").arg(n).arg(QLatin1String(unit)).arg(n == 1 ? "" : "s");
}

} // namespace

QString count(qint64 n)
{
    return numberLocale().toString(n);
}

QString age(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return QStringLiteral("never");
    const qint64 secs = then.secsTo(now);
    if (secs < 60)
        return QStringLiteral("just now");
    if (secs < 3600)
        return plural(secs / 60, "minute");
    if (secs < 86400)
        return plural(secs / 3600, "hour");
    return plural(secs / 86400, "day");
}

// Powers of 1000 with SI labels: JSOC states export sizes in them ("size": 50 is 50 MB), and
// disks, file managers and e-mails count the same way, so one size never reads as two numbers.
// A point for the decimals, whatever the locale: the CLI's lines are read by scripts too.
QString bytes(qint64 n)
{
    if (n < 0)
        return QStringLiteral("?");
    if (n < 1000)
        return n == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(n);
    static const char *const units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
    constexpr int lastUnit = int(std::size(units)) - 1;
    int unit = 0;
    double value = double(n) / 1000.0;
    // Judged after rounding to one decimal, so 999,999 bytes reads "1.0 MB", never "1000.0 kB".
    while (unit < lastUnit && std::round(value * 10.0) >= 10000.0) {
        value /= 1000.0;
        ++unit;
    }
    return QString::number(value, 'f', 1) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

QString rate(double bytesPerSecond)
{
    if (!(bytesPerSecond >= 0)) // negative or NaN: unknown
        return QStringLiteral("?");
    // Rounded to whole bytes: a speed below half a byte a second reads "0 bytes/s".
    return bytes(qint64(std::llround(std::min(bytesPerSecond, 9e18)))) + QStringLiteral("/s");
}

QString duration(qint64 seconds)
{
    if (seconds < 0)
        return QString();
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace jsoc::format
