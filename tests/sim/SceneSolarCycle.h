#pragma once

#include "SceneParameters.h"

// The solar cycle as the simulated Sun lives it: how active each cycle is at a date (sunspot
// number), where its regions emerge (the butterfly diagram), and the polar fields that reverse
// after each maximum (which also open the polar coronal holes).
namespace sim {

class SceneSolarCycle
{
public:
    explicit SceneSolarCycle(const SceneParameters &p) : m_p(p) {}

    static double yearOfTai(double drmsTai); // decimal year (1977.0 at DRMS time 0)

    // Sunspot number contributed by cycle index i (into SceneParameters::cycles) at a year.
    double sunspotNumber(int cycleIndex, double year) const;
    double totalSunspotNumber(double year) const;
    // Mean unsigned latitude of emergence of cycle i at a year [deg].
    double emergenceLatitude(int cycleIndex, double year) const;
    // Signed north polar field as a fraction of its full strength (-1..1); the south is opposite.
    double northPolarFraction(double year) const;
    // Latitude above which the polar coronal holes lie [deg]; 90 when there are none.
    double polarHoleLatitude(double year) const;

private:
    const SceneParameters &m_p;
};

} // namespace sim
