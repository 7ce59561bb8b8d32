#pragma once

#include <array>

// The numbers behind the simulated Sun, read once from data/solar_scene.json (a Qt resource):
// rotation laws, the solar cycles, active-region rules, photospheric and AIA channel levels.
// The file says where each value comes from; the code only says what it means.
namespace sim {

struct RotationLaw {
    double a = 0, b = 0, c = 0; // sidereal deg/day: a + b sin^2(lat) + c sin^4(lat)
    double sidereal(double sinLat) const
    {
        const double s2 = sinLat * sinLat;
        return a + b * s2 + c * s2 * s2;
    }
};

struct SolarCycleParams {
    int number = 0;
    double startYear = 0, riseYears = 0, peakSunspotNumber = 0;
    int leadingPolarityNorth = 1;
};

struct ActiveRegionRules {
    double emergencePerDayPerSunspotNumber = 0;
    double lifetimeMedianDays = 0, lifetimeSigmaLn = 0, maxLifetimeDays = 0;
    double riseDaysMax = 0, riseFractionOfLife = 0;
    double spotAreaMshPerLifetimeDay = 0;
    double separationBaseDeg = 0, separationPerSqrtMsh = 0;
    double joyTiltPerLatitude = 0, tiltScatterDeg = 0;
    double spotFieldMinG = 0, spotFieldMaxG = 0, spotFieldAreaForMaxMsh = 0;
    double spotsLastUntilFluxFraction = 0;
    double plageFieldG = 0, plageRadiusPerSeparation = 0, decayedPlageLifetimes = 0;
    double coronaRadiusPerSeparation = 0;
};

struct PhotosphereParams {
    double continuumDnPerS = 0, continuumU1 = 0, continuumU2 = 0;
    double umbraContrast = 0, penumbraContrast = 0, umbraThreshold = 0, penumbraThreshold = 0;
    double facularContrastAtLimb = 0, granulationRms = 0;
    double networkScaleDeg = 0, networkFieldG = 0;
    double magnetogramNoiseCentreG = 0, magnetogramNoiseLimbG = 0;
    double polarFieldG = 0, polarFieldExponent = 0;
    double convectiveBlueshiftMs = 0, dopplerGranulationMs = 0, supergranulationMs = 0;
    double lineWidthMilliAngstrom = 0, lineWidthLimbIncrease = 0, lineWidthPerKiloGauss = 0;
    double lineDepthFraction = 0, lineDepthLimbDecrease = 0, lineDepthMagneticWeakening = 0;
};

struct CoronaParams {
    double polarHoleLatitudeAtMinimumDeg = 0, polarHoleEdgeDeg = 0;
    double filamentWidthDeg = 0, filamentFullAtPlageFraction = 0, prominenceHeightRsun = 0;
};

struct AiaChannelParams {
    int wavelength = 0;
    double quietDnPerS = 0, networkContrast = 0;
    double limbBrighteningPower = 0, limbEpsilon = 0, u1 = 0, u2 = 0;
    double activeRegionRatio = 0, activeRegionCorePower = 1, loopContrast = 0, coronalHoleFactor = 1;
    double offLimbNearFraction = 1, offLimbNearScale = 0, offLimbFarScale = 0;
    double spotContrast = 1, filamentContrast = 1, prominenceRatio = 0;
    double dnPerPhoton = 1, readNoiseDn = 0;
};

struct SceneParameters {
    double carringtonSiderealDegPerDay = 0, earthOrbitDegPerDay = 0;
    RotationLaw magneticRotation, plasmaRotation;
    double cycleShapeC = 0, cycleStartLatitudeDeg = 0, cycleLatitudeDecayMonths = 0;
    double cycleLatitudeScatterDeg = 0, cycleActiveYears = 0;
    std::array<SolarCycleParams, 8> cycles{};
    int cycleCount = 0;
    ActiveRegionRules regions;
    PhotosphereParams photosphere;
    CoronaParams corona;
    std::array<AiaChannelParams, 10> aia{}; // 94 131 171 193 211 304 335 1600 1700 4500

    // The parameters of the built-in file, parsed on first use (thread-safe).
    static const SceneParameters &builtIn();
};

} // namespace sim
