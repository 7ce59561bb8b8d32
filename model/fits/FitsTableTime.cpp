#include "model/fits/FitsTableTime.h"

#include <QDateTime>

#include <cmath>

namespace fits {
namespace {

constexpr double kUnixEpochMjd = 40587.0;      // 1970-01-01 00:00 UTC
constexpr double kJdMinusMjd = 2400000.5;

int tableColumnNamed(const FitsTable &table, std::initializer_list<const char *> names, FitsTableColumn::Kind kind)
{
    for (const char *name : names) {
        for (int i = 0; i < table.columns.size(); ++i) {
            const FitsTableColumn &c = table.columns[i];
            if (c.kind == kind && (kind == FitsTableColumn::Kind::Text || c.repeat == 1)
                && c.name.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return i;
        }
    }
    return -1;
}

double numberOfTableKey(const FitsTable &table, const char *key, bool *present)
{
    const QString text = table.keyword(QLatin1String(key));
    bool ok = false;
    // FITS writes doubles with a 'D' exponent sometimes (1.0D+05).
    const double v = QString(text).replace(QLatin1Char('D'), QLatin1Char('E')).toDouble(&ok);
    *present = ok;
    return ok ? v : 0.0;
}

// ISO 8601 UTC ("2011-02-15T01:50:00.000", or with a space, or a date only) as Unix seconds.
double unixSecondsOfIso(const QString &text)
{
    QString t = text.trimmed();
    if (t.endsWith(QLatin1Char('Z')))
        t.chop(1);
    t.replace(QLatin1Char(' '), QLatin1Char('T'));
    QDateTime d = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!d.isValid())
        d = QDateTime::fromString(t, Qt::ISODate);
    if (!d.isValid())
        return NAN;
    d.setTimeSpec(Qt::UTC);
    return double(d.toMSecsSinceEpoch()) / 1000.0;
}

double secondsPerTimeUnit(const QString &unit)
{
    const QString u = unit.trimmed().toLower();
    if (u == QLatin1String("d") || u == QLatin1String("day") || u == QLatin1String("days"))
        return 86400.0;
    if (u == QLatin1String("h"))
        return 3600.0;
    if (u == QLatin1String("min"))
        return 60.0;
    return 1.0; // 's', or absent: the FITS default
}

} // namespace

FitsTableTime FitsTableTime::of(const FitsTable &table)
{
    FitsTableTime t;
    const std::size_t rows = std::size_t(table.rowsRead);
    using Kind = FitsTableColumn::Kind;
    if (const int c = tableColumnNamed(table, {"TIME"}, Kind::Number); c >= 0) {
        bool hasRef = false, hasRefI = false, hasRefF = false, hasZero = false;
        double mjdref = numberOfTableKey(table, "MJDREF", &hasRef);
        if (!hasRef) {
            const double i = numberOfTableKey(table, "MJDREFI", &hasRefI);
            const double f = numberOfTableKey(table, "MJDREFF", &hasRefF);
            mjdref = i + f;
            hasRef = hasRefI;
        }
        const double zero = numberOfTableKey(table, "TIMEZERO", &hasZero);
        const QString columnUnit = table.columns[c].unit;
        const double unit = secondsPerTimeUnit(columnUnit.isEmpty() ? table.keyword(QStringLiteral("TIMEUNIT")) : columnUnit);
        double epoch = NAN;
        if (hasRef) {
            epoch = (mjdref - kUnixEpochMjd) * 86400.0;
            t.description = QStringLiteral("TIME after MJDREF %1 (%2 UTC)")
                                .arg(QString::number(mjdref, 'g', 12),
                                     QDateTime::fromMSecsSinceEpoch(qint64(std::llround(epoch * 1000.0)), Qt::UTC)
                                         .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        } else {
            QString dateObs = table.keyword(QStringLiteral("DATE-OBS"));
            if (dateObs.isEmpty())
                dateObs = table.keyword(QStringLiteral("DATE_OBS"));
            epoch = unixSecondsOfIso(dateObs);
            t.description = QStringLiteral("TIME after DATE-OBS %1").arg(dateObs);
        }
        if (std::isfinite(epoch)) {
            t.column = c;
            if (hasZero)
                t.description += QStringLiteral(" + TIMEZERO %1 s").arg(zero * unit, 0, 'g', 12);
            t.unixSeconds.resize(rows);
            for (std::size_t r = 0; r < rows; ++r)
                t.unixSeconds[r] = epoch + (zero + table.columns[c].value(qint64(r))) * unit;
            return t;
        }
    }
    const int mjd = tableColumnNamed(table, {"MJD"}, Kind::Number);
    const int jd = tableColumnNamed(table, {"JD"}, Kind::Number);
    if (mjd >= 0 || jd >= 0) {
        t.column = mjd >= 0 ? mjd : jd;
        const double offset = mjd >= 0 ? 0.0 : kJdMinusMjd;
        t.description = mjd >= 0 ? QStringLiteral("MJD (days)") : QStringLiteral("JD (days)");
        t.unixSeconds.resize(rows);
        for (std::size_t r = 0; r < rows; ++r)
            t.unixSeconds[r] = (table.columns[t.column].value(qint64(r)) - offset - kUnixEpochMjd) * 86400.0;
        return t;
    }
    if (const int c = tableColumnNamed(table, {"DATE-OBS", "DATE_OBS", "DATE", "TIME", "UTC"}, Kind::Text); c >= 0) {
        const double first = rows > 0 ? unixSecondsOfIso(table.columns[c].text.first()) : NAN;
        if (std::isfinite(first)) {
            t.column = c;
            t.description = QStringLiteral("%1 (ISO 8601 UTC)").arg(table.columns[c].name);
            t.unixSeconds.resize(rows);
            for (std::size_t r = 0; r < rows; ++r)
                t.unixSeconds[r] = unixSecondsOfIso(table.columns[c].text[qsizetype(r)]);
        }
    }
    return t;
}

} // namespace fits
