#pragma once

#include <cmath>

// A 3-vector and the frame rotations the solar ephemeris needs (all angles in degrees).
namespace sim::ephemeris {

constexpr double kDeg = M_PI / 180.0;

struct Vec3 {
    double x = 0, y = 0, z = 0;
    Vec3 operator+(const Vec3 &o) const { return {x + o.x, y + o.y, z + o.z}; }
    Vec3 operator-(const Vec3 &o) const { return {x - o.x, y - o.y, z - o.z}; }
    Vec3 operator*(double k) const { return {x * k, y * k, z * k}; }
    double dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
    Vec3 cross(const Vec3 &o) const { return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x}; }
    double norm() const { return std::sqrt(dot(*this)); }
    Vec3 unit() const { return *this * (1.0 / norm()); }
};

// Unit vector of a longitude and latitude.
inline Vec3 direction(double lonDeg, double latDeg)
{
    const double lo = lonDeg * kDeg, la = latDeg * kDeg;
    return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

// Coordinates of v in axes turned by `deg` about the old z (resp. x, y) axis.
inline Vec3 axesAboutZ(const Vec3 &v, double deg)
{
    const double c = std::cos(deg * kDeg), s = std::sin(deg * kDeg);
    return {c * v.x + s * v.y, -s * v.x + c * v.y, v.z};
}

inline Vec3 axesAboutX(const Vec3 &v, double deg)
{
    const double c = std::cos(deg * kDeg), s = std::sin(deg * kDeg);
    return {v.x, c * v.y + s * v.z, -s * v.y + c * v.z};
}

inline Vec3 axesAboutY(const Vec3 &v, double deg)
{
    const double c = std::cos(deg * kDeg), s = std::sin(deg * kDeg);
    return {c * v.x - s * v.z, v.y, s * v.x + c * v.z};
}

inline double wrap360(double deg)
{
    const double r = std::fmod(deg, 360.0);
    return r < 0 ? r + 360.0 : r;
}

inline double wrap180(double deg)
{
    const double r = wrap360(deg);
    return r > 180.0 ? r - 360.0 : r;
}

} // namespace sim::ephemeris
