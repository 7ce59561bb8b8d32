#pragma once

#include "model/records/ShortCopy.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <cstring>

// The one CSV field rule of the app (RFC 4180), for jsoc-cli's TableWriter and the table's CSV
// export alike, so both write the same bytes for the same cell: a field holding a comma, a quote,
// CR or LF is quoted with its quotes doubled; any other field is written as it is. Works on
// UTF-8 bytes: every byte that needs care is ASCII, other bytes are copied untouched.
// Inline because it runs for every cell of a million-row query.
namespace jsoc::csv {

namespace detail {

// True if one of the 8 bytes in `word` is below 0x2D. The four bytes that need quoting (" , LF CR)
// are all below it, and the bulk of JSOC's cells (numbers, times, hex flags) have no such byte, so
// most cells are cleared 8 bytes at a time. Exact as a yes/no: a borrow only starts at a byte
// that is really below (bytes >= 0x80 never report).
inline bool hasByteBelow2D(std::uint64_t word)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    return ((word - kOnes * 0x2D) & ~word & kHighs) != 0;
}

inline bool isSpecial(char c)
{
    return c == ',' || c == '"' || c == '\n' || c == '\r';
}

} // namespace detail

// True if `value` must be quoted.
inline bool needsQuoting(QByteArrayView value)
{
    const char *p = value.data();
    const char *const end = p + value.size();
    for (; end - p >= 8; p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (!detail::hasByteBelow2D(word))
            continue;
        for (int i = 0; i < 8; ++i) // a space or a '+' also lands here: look closer
            if (detail::isSpecial(p[i]))
                return true;
    }
    for (; p < end; ++p)
        if (detail::isSpecial(*p))
            return true;
    return false;
}

// The most bytes writeField() writes for a value of `size` bytes (every byte a quote, plus the two quotes).
constexpr qsizetype maxFieldBytes(qsizetype size)
{
    return 2 * size + 2;
}

// Writes the field at `p`, which has room for maxFieldBytes(value.size()); returns the end.
inline char *writeField(char *p, QByteArrayView value)
{
    if (!needsQuoting(value)) {
        copyShort(p, value.data(), value.size());
        return p + value.size();
    }
    *p++ = '"';
    for (const char c : value) {
        if (c == '"')
            *p++ = '"';
        *p++ = c;
    }
    *p++ = '"';
    return p;
}

// Appends the field to `out`.
void appendField(QByteArray &out, QByteArrayView value);

} // namespace jsoc::csv
