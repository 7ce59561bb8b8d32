#pragma once

#include <QtGlobal>

// The FITS checksum convention's 32-bit ones' complement sum (FITS standard 4.0, section 4.4.2.7
// and appendix J): the bytes as big-endian 32-bit words, added with the carry out of bit 31 fed
// back into bit 0. DATASUM is this sum of the data unit (as an unsigned decimal string); CHECKSUM
// is chosen so that the sum of the whole HDU, header and data, is all ones ("negative zero").
namespace fits {

class FitsChecksum final
{
public:
    // Adds `size` bytes (a multiple of 4) to `sum`.
    static quint32 add(quint32 sum, const char *bytes, qint64 size);
    // Ones' complement sum of two sums.
    static quint32 combine(quint32 a, quint32 b);
    // True for both zeros of ones' complement arithmetic (cfitsio accepts both for an HDU).
    static bool isZero(quint32 sum) { return sum == 0 || sum == 0xFFFFFFFFu; }
};

} // namespace fits
