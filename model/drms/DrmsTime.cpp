#include "model/drms/DrmsTime.h"

#include "model/drms/AsciiChar.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace drms {
namespace {

constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Julian day numbers (the day starting at noon) from calendar dates with integer math
// valid for any year, negative ones included (days-from-civil style, 400/4-year eras).
constexpr qint64 jdnFromGregorian(qint64 y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + 2440588;
}

constexpr qint64 jdnFromJulian(qint64 y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = floorDiv(y, 4);
    const qint64 yoe = y - era * 4;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 1461 + yoe * 365 + doy + 1721118;
}

constexpr qint64 kGregorianStartJdn = 2299161; // 1582.10.15, JSOC switches calendars here
constexpr qint64 kEpochJdn = 2443145;          // 1977.01.01

// JSOC (like most astronomy software) uses the Julian calendar before the Gregorian reform;
// this is what makes the missing time read -4712.01.01 (= JD 0).
constexpr qint64 jdnFromDate(qint64 y, int m, int d)
{
    const bool gregorian = y > 1582 || (y == 1582 && (m > 10 || (m == 10 && d >= 15)));
    return gregorian ? jdnFromGregorian(y, m, d) : jdnFromJulian(y, m, d);
}

struct Date {
    qint64 year;
    int month;
    int day;
};

Date dateFromJdn(qint64 jdn)
{
    qint64 y;
    qint64 doe;
    qint64 yoe;
    if (jdn >= kGregorianStartJdn) {
        const qint64 z = jdn - 2440588 + 719468;
        const qint64 era = floorDiv(z, 146097);
        doe = z - era * 146097;
        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        y = yoe + era * 400;
        doe -= 365 * yoe + yoe / 4 - yoe / 100;
    } else {
        const qint64 z = jdn - 1721118;
        const qint64 era = floorDiv(z, 1461);
        doe = z - era * 1461;
        yoe = qMin<qint64>(doe / 365, 3);
        y = yoe + era * 4;
        doe -= 365 * yoe;
    }
    const qint64 mp = (5 * doe + 2) / 153;
    const int d = int(doe - (153 * mp + 2) / 5 + 1);
    const int m = int(mp < 10 ? mp + 3 : mp - 9);
    return {y + (m <= 2 ? 1 : 0), m, d};
}

constexpr qint64 naiveDaySeconds(qint64 y, int m, int d)
{
    return (jdnFromDate(y, m, d) - kEpochJdn) * 86400;
}

// TAI−UTC from 1972 on. From 1961 to 1972 UTC used "rubber" seconds with fractional offsets;
// we simply use 10 s there (no DRMS series holds data from then). Before 1961, when UTC did
// not exist, the offset is 0 like JSOC's: that is why JSOC writes the missing time as
// `-4712.01.01_11:59:28_TAI` and `-4712.01.01_11:59:27.82Z` alike.
struct Leap {
    qint64 utcNaive; // naive UTC seconds since 1977.01.01 at which the offset starts
    int offset;
};

constexpr Leap leap(int y, int m, int offset) { return {naiveDaySeconds(y, m, 1), offset}; }

constexpr std::array<Leap, 28> kLeaps = {{
    leap(1972, 1, 10), leap(1972, 7, 11), leap(1973, 1, 12), leap(1974, 1, 13),
    leap(1975, 1, 14), leap(1976, 1, 15), leap(1977, 1, 16), leap(1978, 1, 17),
    leap(1979, 1, 18), leap(1980, 1, 19), leap(1981, 7, 20), leap(1982, 7, 21),
    leap(1983, 7, 22), leap(1985, 7, 23), leap(1988, 1, 24), leap(1990, 1, 25),
    leap(1991, 1, 26), leap(1992, 7, 27), leap(1993, 7, 28), leap(1994, 7, 29),
    leap(1996, 1, 30), leap(1997, 7, 31), leap(1999, 1, 32), leap(2006, 1, 33),
    leap(2009, 1, 34), leap(2012, 7, 35), leap(2015, 7, 36), leap(2017, 1, 37),
}};

constexpr int kPre1972Offset = 10;
constexpr qint64 kUtcStartNaive = naiveDaySeconds(1961, 1, 1);
constexpr double kTtMinusTai = 32.184;

// Offset in effect for a naive UTC time (use the start of the minute, so 23:59:60 gets the
// offset of the day it belongs to).
int offsetAtUtcNaive(double utcNaive)
{
    if (utcNaive < double(kUtcStartNaive))
        return 0;
    int off = kPre1972Offset;
    for (const Leap &l : kLeaps) {
        if (double(l.utcNaive) <= utcNaive)
            off = l.offset;
        else
            break;
    }
    return off;
}

// `minuteStart` is the naive start of the minute the UTC fields name: 23:59:60 still belongs
// to the old day's offset although its naive value equals the next day's 00:00:00.
double utcNaiveToTai(double utcNaive, double minuteStart)
{
    return utcNaive + offsetAtUtcNaive(minuteStart);
}

// Offset at a whole TAI second, and whether that second is an inserted leap second.
int offsetAtTai(qint64 tai, bool *inLeap)
{
    if (tai < kUtcStartNaive) {
        if (inLeap)
            *inLeap = false;
        return 0;
    }
    int off = kPre1972Offset;
    bool leapSecond = false;
    for (const Leap &l : kLeaps) {
        const qint64 start = l.utcNaive + l.offset; // TAI instant the new offset begins
        if (start <= tai) {
            off = l.offset;
        } else {
            leapSecond = l.offset == off + 1 && tai == start - 1;
            break;
        }
    }
    if (inLeap)
        *inLeap = leapSecond;
    return off;
}

// ---- parsing ---------------------------------------------------------------------------


// Parses an unsigned decimal number `digits[.digits]` at `pos` (locale independent).
bool scanNumber(QStringView s, qsizetype &pos, double &value, bool allowFraction = true)
{
    char buf[64];
    int n = 0;
    qsizetype p = pos;
    bool sawDigit = false;
    while (p < s.size() && isAsciiDigit(s[p]) && n < 60) {
        buf[n++] = char(s[p++].unicode());
        sawDigit = true;
    }
    if (allowFraction && p < s.size() && s[p] == u'.') {
        buf[n++] = '.';
        ++p;
        while (p < s.size() && isAsciiDigit(s[p]) && n < 60) {
            buf[n++] = char(s[p++].unicode());
            sawDigit = true;
        }
    }
    if (!sawDigit || n >= 60)
        return false;
    const auto res = std::from_chars(buf, buf + n, value);
    if (res.ec != std::errc())
        return false;
    pos = p;
    return true;
}

// Reads 1..maxDigits digits.
bool scanInt(QStringView s, qsizetype &pos, int maxDigits, qint64 &value)
{
    qsizetype p = pos;
    qint64 v = 0;
    while (p < s.size() && isAsciiDigit(s[p]) && p - pos < maxDigits) {
        v = v * 10 + (s[p].unicode() - '0');
        ++p;
    }
    if (p == pos)
        return false;
    value = v;
    pos = p;
    return true;
}

enum class ZoneKind { Utc, Tai, Tt, Offset };
struct Zone {
    ZoneKind kind = ZoneKind::Utc;
    int offsetSeconds = 0; // local − UTC for ZoneKind::Offset
};

bool zoneFromName(QStringView name, Zone &zone)
{
    struct Named {
        const char *name;
        ZoneKind kind;
        int hours;
    };
    static constexpr Named kNames[] = {
        {"TAI", ZoneKind::Tai, 0}, {"UTC", ZoneKind::Utc, 0}, {"UT", ZoneKind::Utc, 0},
        {"Z", ZoneKind::Utc, 0},   {"GMT", ZoneKind::Utc, 0}, {"ISO", ZoneKind::Utc, 0},
        {"TDT", ZoneKind::Tt, 0},  {"TT", ZoneKind::Tt, 0},   {"PST", ZoneKind::Offset, -8},
        {"PDT", ZoneKind::Offset, -7}, {"MST", ZoneKind::Offset, -7}, {"MDT", ZoneKind::Offset, -6},
        {"CST", ZoneKind::Offset, -6}, {"CDT", ZoneKind::Offset, -5}, {"EST", ZoneKind::Offset, -5},
        {"EDT", ZoneKind::Offset, -4},
    };
    for (const Named &n : kNames) {
        if (name.compare(QLatin1StringView(n.name), Qt::CaseInsensitive) == 0) {
            zone = {n.kind, n.hours * 3600};
            return true;
        }
    }
    // Military single-letter zones: A–I = +1…+9, K–M = +10…+12, N–Y = −1…−12 (no J).
    if (name.size() == 1) {
        const char16_t c = name[0].toUpper().unicode();
        int h = 0;
        if (c >= 'A' && c <= 'I')
            h = c - 'A' + 1;
        else if (c >= 'K' && c <= 'M')
            h = c - 'K' + 10;
        else if (c >= 'N' && c <= 'Y')
            h = -(c - 'N' + 1);
        else
            return false;
        zone = {ZoneKind::Offset, h * 3600};
        return true;
    }
    return false;
}

class TimeScanner final
{
public:
    TimeScanner(QStringView text, QString *error) : m_s(text), m_error(error) {}

    std::optional<double> run()
    {
        if (m_s.isEmpty())
            return fail(QStringLiteral("the time is empty"));
        if (startsWithWord(u"MJD") || startsWithWord(u"JD"))
            return julianDate();
        return calendarDate();
    }

private:
    bool startsWithWord(QStringView w) const
    {
        return m_s.size() > w.size() && m_s.startsWith(w, Qt::CaseInsensitive)
               && (isAsciiDigit(m_s[w.size()]) || m_s[w.size()] == u'_' || m_s[w.size()] == u' ');
    }

    std::nullopt_t fail(const QString &why)
    {
        if (m_error)
            *m_error = QStringLiteral("'%1' is not a valid time: %2").arg(m_s.toString(), why);
        return std::nullopt;
    }

    QString here() const
    {
        return m_pos < m_s.size() ? QStringLiteral("'%1' at position %2").arg(m_s[m_pos]).arg(m_pos)
                                  : QStringLiteral("the end");
    }

    std::optional<double> julianDate()
    {
        const bool modified = m_s[0].toUpper() == u'M';
        m_pos = modified ? 3 : 2;
        if (m_s[m_pos] == u'_' || m_s[m_pos] == u' ')
            ++m_pos;
        double jd = 0;
        if (!scanNumber(m_s, m_pos, jd))
            return fail(QStringLiteral("expected a day number after '%1'")
                            .arg(modified ? QStringLiteral("MJD") : QStringLiteral("JD")));
        // JD 2443144.5 and MJD 43144.0 are 1977.01.01_00:00.
        const double naive = (modified ? jd - 43144.0 : jd - 2443144.5) * 86400.0;
        return applyZone(naive, std::floor(naive / 60.0) * 60.0);
    }

    std::optional<double> calendarDate()
    {
        bool negative = false;
        if (m_s[0] == u'-' || m_s[0] == u'+') {
            negative = m_s[0] == u'-';
            ++m_pos;
        }
        qint64 year = 0;
        if (!scanInt(m_s, m_pos, 6, year))
            return fail(QStringLiteral("expected a year (YYYY.MM.DD) at the start"));
        if (negative)
            year = -year;
        if (m_pos >= m_s.size() || (m_s[m_pos] != u'.' && m_s[m_pos] != u'-'))
            return fail(QStringLiteral("expected '.' or '-' after the year"));
        const QChar sep = m_s[m_pos++];
        qint64 month = 0;
        if (!scanInt(m_s, m_pos, 2, month))
            return fail(QStringLiteral("expected a month after the year"));
        qint64 day = 1;
        if (m_pos < m_s.size() && m_s[m_pos] == sep) {
            ++m_pos;
            if (!scanInt(m_s, m_pos, 2, day))
                return fail(QStringLiteral("expected a day after the month"));
        } else if (sep == u'-') {
            return fail(QStringLiteral("an ISO date needs a day (YYYY-MM-DD)"));
        }
        if (month < 1 || month > 12)
            return fail(QStringLiteral("month %1 is out of range 1–12").arg(month));
        if (day < 1 || day > 31)
            return fail(QStringLiteral("day %1 is out of range 1–31").arg(day));

        qint64 hour = 0;
        qint64 minute = 0;
        double second = 0;
        if (m_pos + 1 < m_s.size()
            && (m_s[m_pos] == u'_' || m_s[m_pos] == u'T' || m_s[m_pos] == u't' || m_s[m_pos] == u' ')
            && isAsciiDigit(m_s[m_pos + 1])) {
            ++m_pos;
            if (!scanInt(m_s, m_pos, 2, hour))
                return fail(QStringLiteral("expected an hour"));
            if (m_pos < m_s.size() && m_s[m_pos] == u':') {
                ++m_pos;
                if (!scanInt(m_s, m_pos, 2, minute))
                    return fail(QStringLiteral("expected minutes after ':'"));
                if (m_pos < m_s.size() && m_s[m_pos] == u':') {
                    ++m_pos;
                    if (!scanNumber(m_s, m_pos, second))
                        return fail(QStringLiteral("expected seconds after ':'"));
                }
            }
            if (hour > 23)
                return fail(QStringLiteral("hour %1 is out of range 0–23").arg(hour));
            if (minute > 59)
                return fail(QStringLiteral("minute %1 is out of range 0–59").arg(minute));
            // 60.x is an inserted leap second, which ends a UTC day; allow it at the end of any
            // hour so that local times with whole-hour offsets can name it too.
            const double maxSecond = minute == 59 ? 61.0 : 60.0;
            if (second >= maxSecond)
                return fail(QStringLiteral("second %1 is out of range").arg(second));
        }
        const double minuteStart = double(naiveDaySeconds(year, int(month), int(day)) + hour * 3600 + minute * 60);
        return applyZone(minuteStart + second, minuteStart);
    }

    // Reads the optional zone after the date/time and converts the naive time to TAI.
    std::optional<double> applyZone(double naive, double minuteStart)
    {
        Zone zone;
        if (m_pos < m_s.size() && (m_s[m_pos] == u'_' || m_s[m_pos] == u' ')) {
            ++m_pos;
            if (m_pos >= m_s.size())
                return fail(QStringLiteral("expected a time zone after '_'"));
        }
        if (m_pos < m_s.size()) {
            const QChar c = m_s[m_pos];
            if (c == u'+' || c == u'-') {
                ++m_pos;
                qint64 hh = 0;
                qint64 mm = 0;
                const qsizetype start = m_pos;
                if (!scanInt(m_s, m_pos, 2, hh))
                    return fail(QStringLiteral("expected a zone offset like +0100 or -07:00 after '%1'").arg(c));
                if (m_pos - start == 2 && m_pos < m_s.size() && m_s[m_pos] == u':')
                    ++m_pos;
                if (m_pos < m_s.size() && isAsciiDigit(m_s[m_pos])) {
                    const qsizetype ms = m_pos;
                    if (!scanInt(m_s, m_pos, 2, mm) || m_pos - ms != 2)
                        return fail(QStringLiteral("zone offset minutes need two digits"));
                }
                if (hh > 14 || mm > 59)
                    return fail(QStringLiteral("zone offset out of range"));
                zone = {ZoneKind::Offset, int((hh * 3600 + mm * 60) * (c == u'-' ? -1 : 1))};
            } else if (isAsciiLetter(c)) {
                const qsizetype start = m_pos;
                while (m_pos < m_s.size() && isAsciiLetter(m_s[m_pos]))
                    ++m_pos;
                const QStringView name = m_s.mid(start, m_pos - start);
                if (!zoneFromName(name, zone))
                    return fail(QStringLiteral("unknown time zone '%1'").arg(name.toString()));
            } else {
                return fail(QStringLiteral("unexpected %1").arg(here()));
            }
        }
        if (m_pos != m_s.size())
            return fail(QStringLiteral("unexpected %1 after the time zone").arg(here()));
        switch (zone.kind) {
        case ZoneKind::Tai:
            return naive;
        case ZoneKind::Tt:
            return naive - kTtMinusTai;
        case ZoneKind::Utc:
            return utcNaiveToTai(naive, minuteStart);
        case ZoneKind::Offset:
            return utcNaiveToTai(naive - zone.offsetSeconds, minuteStart - zone.offsetSeconds);
        }
        return std::nullopt;
    }

    QStringView m_s;
    QString *m_error;
    qsizetype m_pos = 0;
};

} // namespace

std::optional<double> parseTime(QStringView text, QString *error)
{
    return TimeScanner(text.trimmed(), error).run();
}

bool isMissingTime(double drmsSeconds)
{
    return !std::isfinite(drmsSeconds) || std::abs(drmsSeconds - kMissingTime) < 0.5;
}

namespace {
// Beyond ±10 million years the integer day arithmetic would overflow; such values only come
// from corrupt data and are shown as missing.
constexpr double kMaxFormattable = 3.0e14;
}

double taiMinusUtc(double drmsSeconds)
{
    if (!(std::abs(drmsSeconds) < kMaxFormattable))
        return kPre1972Offset;
    return offsetAtTai(qint64(std::floor(drmsSeconds)), nullptr);
}

QString formatTime(double drmsSeconds, TimeStyle style, int precision)
{
    const bool missing = isMissingTime(drmsSeconds) || !(std::abs(drmsSeconds) < kMaxFormattable);
    if (missing)
        drmsSeconds = kMissingTime;
    precision = qBound(-3, precision, 9);
    const int decimals = qMax(precision, 0);
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;

    qint64 whole = qint64(std::floor(drmsSeconds));
    qint64 frac = 0;
    if (precision >= 0) {
        frac = qint64(std::llround((drmsSeconds - double(whole)) * double(scale)));
        if (frac >= scale) {
            whole += 1;
            frac -= scale;
        }
    }

    bool inLeap = false;
    int offset = 0;
    if (style != TimeStyle::Tai)
        offset = offsetAtTai(whole, &inLeap);
    qint64 naive = whole - offset - (inLeap ? 1 : 0);
    const qint64 days = floorDiv(naive, 86400);
    const qint64 sod = naive - days * 86400;
    const Date date = dateFromJdn(days + kEpochJdn);
    const int hh = int(sod / 3600);
    const int mm = int(sod / 60 % 60);
    const int ss = int(sod % 60) + (inLeap ? 1 : 0);

    const bool iso = style == TimeStyle::Iso && date.year >= 0 && date.year <= 9999;
    const char dateSep = iso ? '-' : '.';
    // Written into a byte buffer: this runs once per cell of big record tables.
    char buf[48];
    char *p = buf;
    const auto put = [&p](qint64 v, int width) {
        char digits[20];
        int n = 0;
        do {
            digits[n++] = char('0' + v % 10);
            v /= 10;
        } while (v > 0 && n < 20);
        for (int i = n; i < width; ++i)
            *p++ = '0';
        while (n > 0)
            *p++ = digits[--n];
    };
    if (date.year < 0)
        *p++ = '-';
    put(date.year < 0 ? -date.year : date.year, 4);
    *p++ = dateSep;
    put(date.month, 2);
    *p++ = dateSep;
    put(date.day, 2);
    if (precision >= -2) {
        *p++ = iso ? 'T' : '_';
        put(hh, 2);
        if (precision >= -1) {
            *p++ = ':';
            put(mm, 2);
        }
        if (precision >= 0) {
            *p++ = ':';
            put(ss, 2);
        }
        if (decimals > 0) {
            *p++ = '.';
            put(frac, decimals);
        }
    }
    const char *zone = style == TimeStyle::Tai ? "_TAI" : style == TimeStyle::Utc ? "_UTC" : "Z";
    while (*zone)
        *p++ = *zone++;
    return QString::fromLatin1(buf, p - buf);
}

std::optional<double> parseDuration(QStringView text, double slotStep)
{
    const QStringView s = text.trimmed();
    qsizetype pos = 0;
    double value = 0;
    if (!scanNumber(s, pos, value))
        return std::nullopt;
    if (pos == s.size())
        return value;
    if (pos + 1 != s.size())
        return std::nullopt;
    switch (s[pos].toLower().unicode()) {
    case 's':
        return value;
    case 'm':
        return value * 60.0;
    case 'h':
        return value * 3600.0;
    case 'd':
        return value * 86400.0;
    case 'u':
        if (slotStep > 0.0)
            return value * slotStep;
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::optional<QString> substituteTimeMacros(QStringView sql, QString *error)
{
    QString out;
    out.reserve(sql.size());
    qsizetype from = 0;
    for (;;) {
        const qsizetype open = sql.indexOf(u"$(", from);
        if (open < 0)
            break;
        const qsizetype close = sql.indexOf(u')', open + 2);
        if (close < 0) {
            if (error)
                *error = QStringLiteral("'$(' at position %1 is not closed with ')'").arg(open);
            return std::nullopt;
        }
        const std::optional<double> t = parseTime(sql.mid(open + 2, close - open - 2), error);
        if (!t)
            return std::nullopt;
        QString number = QString::number(*t, 'f', 6);
        while (number.endsWith(u'0'))
            number.chop(1);
        if (number.endsWith(u'.'))
            number.chop(1);
        out += sql.mid(from, open - from);
        out += number;
        from = close + 1;
    }
    out += sql.mid(from);
    return out;
}

qint64 SlotAxis::indexOf(double t, bool roundDown) const
{
    if (!(step > 0.0) || isMissingTime(t) || !std::isfinite(epoch))
        return std::numeric_limits<qint64>::min();
    const double x = (t - epoch) / step;
    constexpr double kTolerance = 1e-6;
    const double r = roundDown ? std::floor(x + kTolerance) : std::floor(x + 0.5 + kTolerance);
    if (!(std::abs(r) < 9.0e18))
        return std::numeric_limits<qint64>::min();
    return qint64(r);
}

} // namespace drms
