#pragma once

#include <QStringView>
#include <QtGlobal>

// Deterministic hashing for synthesised values: same input, same value, every run and platform
// (qHash is seeded per process, so it cannot be used).
namespace sim {

inline quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline quint64 hashString(QStringView s)
{
    quint64 h = 1469598103934665603ULL;
    for (const QChar c : s) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return mix(h);
}

// Uniform double in [0, 1) from a hash.
inline double unitDouble(quint64 h)
{
    return double(h >> 11) * (1.0 / 9007199254740992.0);
}

} // namespace sim
