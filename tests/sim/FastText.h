#pragma once

#include <QtGlobal>

#include "model/drms/DrmsTime.h"

// Number and time text for big rs_list replies, written straight into a char buffer. Each
// writer gives byte for byte what the slow path gives (printf "%lld" / "0x%08llx" / "%.*f",
// drms::formatTime); they only skip the allocations and the printf machinery.
namespace sim::fasttext {

constexpr int kMaxNumberText = 352; // room for any "%.*f" of a finite double with <= 17 decimals

char *writeInt(char *p, qint64 v);                // "%lld"
char *writeHex32(char *p, qint64 v);              // "0x%08llx" of the low 32 bits
constexpr int kMaxFixedDecimals = 20;
// "%.*f" for 0 <= decimals <= kMaxFixedDecimals; needs kMaxNumberText bytes.
char *writeFixed(char *p, double v, int decimals);

// drms::formatTime(t, style, precision) for many times in a row: the date part is formatted
// once per day (by drms::formatTime itself) and only the time of day is written per value.
class TimeWriter final
{
public:
    TimeWriter(drms::TimeStyle style, int precision);
    char *write(char *p, double t); // needs 64 bytes

private:
    bool learnDay(qint64 whole);

    drms::TimeStyle m_style;
    int m_precision;
    int m_decimals;
    qint64 m_scale = 1;
    qint64 m_dayLo = 1, m_dayHi = 0; // TAI seconds [lo, hi) that share m_prefix
    char m_prefix[48];
    int m_prefixLen = 0;
    char m_zone[8];
    int m_zoneLen = 0;
};

} // namespace sim::fasttext
