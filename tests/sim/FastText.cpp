#include "sim/FastText.h"

#include <QString>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace sim::fasttext {

namespace {

// drms::formatTime's own rule for what it prints as the missing time.
constexpr double kMaxFormattable = 3.0e14;

char *put2(char *p, int v)
{
    *p++ = char('0' + v / 10);
    *p++ = char('0' + v % 10);
    return p;
}

char *copyLatin1(char *p, const QString &s)
{
    const QByteArray b = s.toLatin1();
    std::memcpy(p, b.constData(), size_t(b.size()));
    return p + b.size();
}

} // namespace

char *writeInt(char *p, qint64 v)
{
    return std::to_chars(p, p + 24, static_cast<long long>(v)).ptr;
}

char *writeHex32(char *p, qint64 v)
{
    static const char hex[] = "0123456789abcdef";
    const quint32 u = quint32(static_cast<unsigned long long>(v) & 0xffffffffULL);
    *p++ = '0';
    *p++ = 'x';
    for (int shift = 28; shift >= 0; shift -= 4)
        *p++ = hex[(u >> shift) & 0xf];
    return p;
}

char *writeFixed(char *p, double v, int decimals)
{
    if (!std::isfinite(v)) // printf's spelling of nan/inf
        return p + std::snprintf(p, kMaxNumberText, "%.*f", decimals, v);
    // Usual case: |v| * 10^decimals below 2^44, so the product is off from the exact value by at
    // most 2^-10; unless it lies near a half (where rounding could go either way), rounding the
    // product gives the correctly rounded digits printf prints.
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                   1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20};
    const double a = std::abs(v);
    const double x = a * pow10[decimals];
    if (x < 17592186044416.0) { // 2^44
        const double whole = std::floor(x);
        const double rest = x - whole; // exact
        if (std::abs(rest - 0.5) > 1.0 / 64) {
            quint64 n = quint64(whole) + (rest > 0.5 ? 1 : 0);
            if (std::signbit(v))
                *p++ = '-';
            char digits[24];
            int k = 0;
            do {
                digits[k++] = char('0' + n % 10);
                n /= 10;
            } while (n > 0);
            while (k <= decimals) // at least one digit before the point
                digits[k++] = '0';
            while (k > decimals)
                *p++ = digits[--k];
            if (decimals > 0) {
                *p++ = '.';
                while (k > 0)
                    *p++ = digits[--k];
            }
            return p;
        }
    }
    // std::to_chars with a precision is exact (correctly rounded, ties to even), like glibc's printf.
    return std::to_chars(p, p + kMaxNumberText, v, std::chars_format::fixed, decimals).ptr;
}

TimeWriter::TimeWriter(drms::TimeStyle style, int precision)
    : m_style(style), m_precision(precision), m_decimals(qMax(precision, 0))
{
    for (int i = 0; i < m_decimals; ++i)
        m_scale *= 10;
    const char *zone = style == drms::TimeStyle::Tai ? "_TAI" : style == drms::TimeStyle::Utc ? "_UTC" : "Z";
    m_zoneLen = int(std::strlen(zone));
    std::memcpy(m_zone, zone, size_t(m_zoneLen));
}

// Finds the day around TAI second `whole` from drms::formatTime's own text, and keeps it only
// when both ends of the day read 00:00:00 and 23:59:59 (no leap second or offset change inside).
bool TimeWriter::learnDay(qint64 whole)
{
    const QByteArray text = drms::formatTime(double(whole), m_style, 0).toLatin1();
    const qsizetype n = text.size() - m_zoneLen - 8; // length of the date prefix
    if (n <= 0 || n > qsizetype(sizeof m_prefix) || !text.endsWith(QByteArray(m_zone, m_zoneLen)))
        return false;
    const char *t = text.constData() + n;
    for (int i : {0, 1, 3, 4, 6, 7})
        if (t[i] < '0' || t[i] > '9')
            return false;
    if (t[2] != ':' || t[5] != ':')
        return false;
    const int hh = (t[0] - '0') * 10 + t[1] - '0', mm = (t[3] - '0') * 10 + t[4] - '0', ss = (t[6] - '0') * 10 + t[7] - '0';
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    const qint64 lo = whole - (hh * 3600 + mm * 60 + ss);
    const QByteArray prefix = text.left(n);
    const QByteArray zone(m_zone, m_zoneLen);
    if (drms::formatTime(double(lo), m_style, 0).toLatin1() != prefix + "00:00:00" + zone
        || drms::formatTime(double(lo + 86399), m_style, 0).toLatin1() != prefix + "23:59:59" + zone)
        return false;
    std::memcpy(m_prefix, prefix.constData(), size_t(n));
    m_prefixLen = int(n);
    m_dayLo = lo;
    m_dayHi = lo + 86400;
    return true;
}

char *TimeWriter::write(char *p, double t)
{
    // Times after about 1200 BC (-1e11 s) and below the formattable limit are never the missing
    // time (-4712): only other times pay for drms::isMissingTime.
    const bool plain = t > -1.0e11 && t < kMaxFormattable;
    if (m_precision < 0 || m_precision > 9 || (!plain && (drms::isMissingTime(t) || !(std::abs(t) < kMaxFormattable))))
        return copyLatin1(p, drms::formatTime(t, m_style, m_precision));
    // The same rounding as drms::formatTime (llround of a value in [0, 1e9]: halves go up).
    qint64 whole = qint64(std::floor(t));
    const double scaled = (t - double(whole)) * double(m_scale);
    qint64 frac = qint64(scaled);
    if (scaled - double(frac) >= 0.5)
        ++frac;
    if (frac >= m_scale) {
        whole += 1;
        frac -= m_scale;
    }
    if ((whole < m_dayLo || whole >= m_dayHi) && !learnDay(whole))
        return copyLatin1(p, drms::formatTime(t, m_style, m_precision));
    const int sod = int(whole - m_dayLo);
    std::memcpy(p, m_prefix, size_t(m_prefixLen));
    p += m_prefixLen;
    p = put2(p, sod / 3600);
    *p++ = ':';
    p = put2(p, sod / 60 % 60);
    *p++ = ':';
    p = put2(p, sod % 60);
    if (m_decimals > 0) {
        *p++ = '.';
        for (int i = m_decimals - 1; i >= 0; --i) {
            p[i] = char('0' + frac % 10);
            frac /= 10;
        }
        p += m_decimals;
    }
    std::memcpy(p, m_zone, size_t(m_zoneLen));
    return p + m_zoneLen;
}

} // namespace sim::fasttext
