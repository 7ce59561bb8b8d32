#pragma once

#include "model/fits/SolarSurfaceProjection.h"
#include "model/fits/SolarWcs.h"

#include <QString>

// Where a surface feature seen in one frame is in another frame's Stonyhurst coordinates: it turns
// with the Sun's differential rotation (Snodgrass & Ulrich 1990, sidereal
// 14.713 − 2.396 sin²φ − 1.787 sin⁴φ °/day). Carried through Carrington longitude (CRLN_OBS of
// each frame, the real ephemeris of each observer); without CRLN_OBS the synodic rate is taken as
// the sidereal one less the Earth's mean motion, 0.9856 °/day. Frame times come from T_OBS
// (else DATE-OBS); TAI and UTC are not told apart (37 s turn the Sun by 0.006°).
namespace fits {

class SolarRotation final
{
public:
    static double siderealDegreesPerDay(double latitudeDegrees);
    static constexpr double kCarringtonDegreesPerDay = 14.1844; // sidereal rate of Carrington's frame
    static constexpr double kEarthMeanMotionDegreesPerDay = 0.9856;

    // Seconds since the Unix epoch of a JSOC or FITS time ("2012-01-01T00:00:00.34Z",
    // "2012.01.01_00:00:00_TAI"); NaN when unreadable.
    static double secondsOf(const QString &time);

    // The point at `from`'s time, moved to where it is at `to`'s time; false when a time is missing.
    static bool rotated(const StonyhurstPoint &point, const SolarObserver &from, const SolarObserver &to,
                        StonyhurstPoint *out);
};

} // namespace fits
