#pragma once

#include <cmath>
#include <cstdint>

// Cheap deterministic noise for the simulated Sun: integer hashes (no state, so every pixel is
// a pure function of its inputs and threads cannot change a value) and smooth value noise on a
// 3-D lattice, sampled on the solar sphere so that structure stays attached to the surface.
namespace sim::noise {

inline uint32_t hash32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

inline uint64_t hash64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline double unit(uint64_t h) { return double(h >> 11) * (1.0 / 9007199254740992.0); }

// About N(0, 1): the sum of four 16-bit uniforms (Irwin-Hall), enough for pixel noise.
inline float gaussian(uint64_t h)
{
    const uint32_t s = uint32_t(h & 0xffff) + uint32_t((h >> 16) & 0xffff) + uint32_t((h >> 32) & 0xffff)
        + uint32_t(h >> 48);
    return (float(s) * (1.0f / 65536.0f) - 2.0f) * 1.7320508f;
}

// Independent pixel noise, the same for a pixel whichever rows are rendered.
inline float pixelGaussian(int col, int row, uint64_t seed)
{
    return gaussian(hash64(seed ^ (uint64_t(uint32_t(row)) << 32 | uint32_t(col))));
}

inline float lattice(int ix, int iy, int iz, uint32_t seed)
{
    // One hash of a linear mix: the lattice has no visible period at the scales we sample.
    const uint32_t h = hash32(uint32_t(ix) * 0x8da6b343U + uint32_t(iy) * 0xd8163841U + uint32_t(iz) * 0xcb1ab31fU + seed);
    return float(h >> 8) * (1.0f / 16777216.0f);
}

// Smooth value noise in [0, 1], lattice spacing 1.
inline float value3(double x, double y, double z, uint32_t seed)
{
    const double fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
    const int ix = int(fx), iy = int(fy), iz = int(fz);
    float tx = float(x - fx), ty = float(y - fy), tz = float(z - fz);
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    tz = tz * tz * (3 - 2 * tz);
    auto lerp = [](float a, float b, float t) { return a + (b - a) * t; };
    const float c00 = lerp(lattice(ix, iy, iz, seed), lattice(ix + 1, iy, iz, seed), tx);
    const float c10 = lerp(lattice(ix, iy + 1, iz, seed), lattice(ix + 1, iy + 1, iz, seed), tx);
    const float c01 = lerp(lattice(ix, iy, iz + 1, seed), lattice(ix + 1, iy, iz + 1, seed), tx);
    const float c11 = lerp(lattice(ix, iy + 1, iz + 1, seed), lattice(ix + 1, iy + 1, iz + 1, seed), tx);
    return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
}

// Smooth 1-D value noise in [0, 1], for loop strands across a bundle.
inline float value1(double x, uint32_t seed)
{
    const double fx = std::floor(x);
    const int ix = int(fx);
    float t = float(x - fx);
    t = t * t * (3 - 2 * t);
    const float a = float(hash32(uint32_t(ix) ^ seed) >> 8) * (1.0f / 16777216.0f);
    const float b = float(hash32(uint32_t(ix + 1) ^ seed) >> 8) * (1.0f / 16777216.0f);
    return a + (b - a) * t;
}

inline float smoothstep(float e0, float e1, float x)
{
    float t = (x - e0) / (e1 - e0);
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    return t * t * (3 - 2 * t);
}

} // namespace sim::noise
