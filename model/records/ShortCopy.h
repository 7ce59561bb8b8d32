#pragma once

#include <QtGlobal>

#include <cstring>

namespace jsoc {

// Copies n bytes with fixed-size moves: most keyword cells are 4 to 32 bytes, and two
// overlapping fixed-size copies, inlined, beat a call to memcpy with a variable length (the
// rs_list parser and the CSV writer do this for every cell). Never reads or writes outside
// [src, src + n) / [dst, dst + n).
inline void copyShort(char *dst, const char *src, qsizetype n)
{
    if (n >= 16 && n <= 32) {
        std::memcpy(dst, src, 16);
        std::memcpy(dst + n - 16, src + n - 16, 16);
    } else if (n >= 8 && n < 16) {
        std::memcpy(dst, src, 8);
        std::memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        std::memcpy(dst, src, 4);
        std::memcpy(dst + n - 4, src + n - 4, 4);
    } else if (n > 0) {
        std::memcpy(dst, src, size_t(n));
    }
}

} // namespace jsoc
