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

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivilDate(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

// "YYYY-MM-DDThh:mm:ss[.fff…]" (T or space) read digit by digit: QDateTime::fromString takes
// 4.6 µs a string, too slow for a million-row LYRA day. NaN when the text is not of that form.
double unixSecondsOfPlainIso(const QString &t)
{
    auto digits = [&t](int from, int count, int *out) {
        int v = 0;
        for (int i = from; i < from + count; ++i) {
            const QChar c = t[i];
            if (!c.isDigit())
                return false;
            v = v * 10 + c.digitValue();
        }
        *out = v;
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (t.size() < 19 || t[4] != QLatin1Char('-') || t[7] != QLatin1Char('-')
        || (t[10] != QLatin1Char('T') && t[10] != QLatin1Char(' ')) || t[13] != QLatin1Char(':') || t[16] != QLatin1Char(':')
        || !digits(0, 4, &y) || !digits(5, 2, &mo) || !digits(8, 2, &d) || !digits(11, 2, &h) || !digits(14, 2, &mi)
        || !digits(17, 2, &sec) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return NAN;
    double fraction = 0.0, scale = 0.1;
    int i = 19;
    if (i < t.size() && t[i] == QLatin1Char('.')) {
        for (++i; i < t.size() && t[i].isDigit(); ++i, scale /= 10)
            fraction += t[i].digitValue() * scale;
    }
    if (i < t.size() && t[i] == QLatin1Char('Z'))
        ++i;
    if (i != t.size())
        return NAN; // a zone offset or other text: the general parser decides
    return double(daysFromCivilDate(y, unsigned(mo), unsigned(d))) * 86400.0 + h * 3600.0 + mi * 60.0 + sec + fraction;
}

// ISO 8601 UTC ("2011-02-15T01:50:00.000", or with a space, or a date only) as Unix seconds.
double unixSecondsOfIso(const QString &text)
{
    if (const double fast = unixSecondsOfPlainIso(text.trimmed()); std::isfinite(fast))
        return fast;
    QString t = text.trimmed();
    t.replace(QLatin1Char(' '), QLatin1Char('T'));
    QDateTime d = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!d.isValid())
        d = QDateTime::fromString(t, Qt::ISODate);
    if (!d.isValid())
        return NAN;
    if (d.timeSpec() == Qt::LocalTime)
        d.setTimeSpec(Qt::UTC); // no zone written: FITS times are UTC, not this computer's zone
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
