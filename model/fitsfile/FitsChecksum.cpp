#include "model/fitsfile/FitsChecksum.h"

#include <QtEndian>

#include <cstring>

namespace fits {

quint32 FitsChecksum::combine(quint32 a, quint32 b)
{
    const quint64 s = quint64(a) + b;
    return quint32((s & 0xFFFFFFFFu) + (s >> 32));
}

quint32 FitsChecksum::add(quint32 sum, const char *bytes, qint64 size)
{
    // Carries pile up in the top half of 64-bit accumulators and are folded back at the end
    // (end-around carry is associative); 2^30 words per pass cannot overflow them.
    constexpr qint64 kPassWords = qint64(1) << 30;
    const qint64 words = size / 4;
    for (qint64 start = 0; start < words; start += kPassWords) {
        const qint64 end = std::min(words, start + kPassWords);
        quint64 a = 0, b = 0, c = 0, d = 0;
        qint64 i = start;
        for (; i + 4 <= end; i += 4) {
            quint32 w[4];
            std::memcpy(w, bytes + i * 4, sizeof w);
            a += qFromBigEndian(w[0]);
            b += qFromBigEndian(w[1]);
            c += qFromBigEndian(w[2]);
            d += qFromBigEndian(w[3]);
        }
        for (; i < end; ++i) {
            quint32 w;
            std::memcpy(&w, bytes + i * 4, sizeof w);
            a += qFromBigEndian(w);
        }
        for (quint64 part : {a, b, c, d}) {
            while (part >> 32)
                part = (part & 0xFFFFFFFFu) + (part >> 32);
            sum = combine(sum, quint32(part));
        }
    }
    return sum;
}

} // namespace fits
