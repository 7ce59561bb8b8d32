#include "model/common/DisplayFormat.h"

#include <QLocale>

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

QString bytes(qint64 n)
{
    if (n < 1024)
        return QStringLiteral("%1 bytes").arg(n);
    return numberLocale().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace jsoc::format
