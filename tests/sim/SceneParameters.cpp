#include "SceneParameters.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtGlobal>

// The data file is compiled in as a resource; without the call the linker may drop it from a
// static library.
static void initSceneResource()
{
    Q_INIT_RESOURCE(solar_scene_data);
}

namespace sim {

namespace {

double num(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        qFatal("solar_scene.json: missing number %s", key);
    return v.toDouble();
}

RotationLaw rotationLaw(const QJsonObject &o)
{
    return {num(o, "a"), num(o, "b"), num(o, "c")};
}

AiaChannelParams aiaChannel(int wavelength, const QJsonObject &o)
{
    AiaChannelParams p;
    p.wavelength = wavelength;
    p.quietDnPerS = num(o, "quietDnPerS");
    p.networkContrast = num(o, "networkContrast");
    p.limbBrighteningPower = num(o, "limbBrighteningPower");
    p.limbEpsilon = num(o, "limbEpsilon");
    p.u1 = num(o, "u1");
    p.u2 = num(o, "u2");
    p.activeRegionRatio = num(o, "activeRegionRatio");
    p.activeRegionCorePower = num(o, "activeRegionCorePower");
    p.loopContrast = num(o, "loopContrast");
    p.coronalHoleFactor = num(o, "coronalHoleFactor");
    p.offLimbNearFraction = num(o, "offLimbNearFraction");
    p.offLimbNearScale = num(o, "offLimbNearScale");
    p.offLimbFarScale = num(o, "offLimbFarScale");
    p.spotContrast = num(o, "spotContrast");
    p.filamentContrast = num(o, "filamentContrast");
    p.prominenceRatio = num(o, "prominenceRatio");
    p.dnPerPhoton = num(o, "dnPerPhoton");
    p.readNoiseDn = num(o, "readNoiseDn");
    return p;
}

SceneParameters parse(const QJsonObject &root)
{
    SceneParameters s;
    const QJsonObject rot = root.value(QLatin1String("rotation")).toObject();
    s.carringtonSiderealDegPerDay = num(rot, "carringtonSiderealDegPerDay");
    s.earthOrbitDegPerDay = num(rot, "earthOrbitDegPerDay");
    s.magneticRotation = rotationLaw(rot.value(QLatin1String("magnetic")).toObject());
    s.plasmaRotation = rotationLaw(rot.value(QLatin1String("plasma")).toObject());

    const QJsonObject cyc = root.value(QLatin1String("cycles")).toObject();
    s.cycleShapeC = num(cyc, "shapeC");
    s.cycleStartLatitudeDeg = num(cyc, "startLatitudeDeg");
    s.cycleLatitudeDecayMonths = num(cyc, "latitudeDecayMonths");
    s.cycleLatitudeScatterDeg = num(cyc, "latitudeScatterDeg");
    s.cycleActiveYears = num(cyc, "activeYears");
    for (const QJsonValue &v : cyc.value(QLatin1String("list")).toArray()) {
        if (s.cycleCount == int(s.cycles.size()))
            break;
        const QJsonObject o = v.toObject();
        SolarCycleParams &c = s.cycles[s.cycleCount++];
        c.number = int(num(o, "number"));
        c.startYear = num(o, "startYear");
        c.riseYears = num(o, "riseYears");
        c.peakSunspotNumber = num(o, "peakSunspotNumber");
        c.leadingPolarityNorth = num(o, "leadingPolarityNorth") < 0 ? -1 : 1;
    }

    const QJsonObject ar = root.value(QLatin1String("activeRegions")).toObject();
    ActiveRegionRules &r = s.regions;
    r.emergencePerDayPerSunspotNumber = num(ar, "emergencePerDayPerSunspotNumber");
    r.lifetimeMedianDays = num(ar, "lifetimeMedianDays");
    r.lifetimeSigmaLn = num(ar, "lifetimeSigmaLn");
    r.maxLifetimeDays = num(ar, "maxLifetimeDays");
    r.riseDaysMax = num(ar, "riseDaysMax");
    r.riseFractionOfLife = num(ar, "riseFractionOfLife");
    r.spotAreaMshPerLifetimeDay = num(ar, "spotAreaMshPerLifetimeDay");
    const QJsonObject sep = ar.value(QLatin1String("separationDeg")).toObject();
    r.separationBaseDeg = num(sep, "base");
    r.separationPerSqrtMsh = num(sep, "perSqrtMsh");
    r.joyTiltPerLatitude = num(ar, "joyTiltPerLatitude");
    r.tiltScatterDeg = num(ar, "tiltScatterDeg");
    const QJsonObject sf = ar.value(QLatin1String("spotFieldG")).toObject();
    r.spotFieldMinG = num(sf, "min");
    r.spotFieldMaxG = num(sf, "max");
    r.spotFieldAreaForMaxMsh = num(sf, "areaForMaxMsh");
    r.spotsLastUntilFluxFraction = num(ar, "spotsLastUntilFluxFraction");
    r.plageFieldG = num(ar, "plageFieldG");
    r.plageRadiusPerSeparation = num(ar, "plageRadiusPerSeparation");
    r.decayedPlageLifetimes = num(ar, "decayedPlageLifetimes");
    r.coronaRadiusPerSeparation = num(ar, "coronaRadiusPerSeparation");

    const QJsonObject ph = root.value(QLatin1String("photosphere")).toObject();
    PhotosphereParams &p = s.photosphere;
    p.continuumDnPerS = num(ph, "continuumDnPerS");
    p.continuumU1 = num(ph, "continuumU1");
    p.continuumU2 = num(ph, "continuumU2");
    p.umbraContrast = num(ph, "umbraContrast");
    p.penumbraContrast = num(ph, "penumbraContrast");
    p.umbraThreshold = num(ph, "umbraThreshold");
    p.penumbraThreshold = num(ph, "penumbraThreshold");
    p.facularContrastAtLimb = num(ph, "facularContrastAtLimb");
    p.granulationRms = num(ph, "granulationRms");
    p.networkScaleDeg = num(ph, "networkScaleDeg");
    p.networkFieldG = num(ph, "networkFieldG");
    p.magnetogramNoiseCentreG = num(ph, "magnetogramNoiseCentreG");
    p.magnetogramNoiseLimbG = num(ph, "magnetogramNoiseLimbG");
    p.polarFieldG = num(ph, "polarFieldG");
    p.polarFieldExponent = num(ph, "polarFieldExponent");
    p.convectiveBlueshiftMs = num(ph, "convectiveBlueshiftMs");
    p.dopplerGranulationMs = num(ph, "dopplerGranulationMs");
    p.supergranulationMs = num(ph, "supergranulationMs");
    p.lineWidthMilliAngstrom = num(ph, "lineWidthMilliAngstrom");
    p.lineWidthLimbIncrease = num(ph, "lineWidthLimbIncrease");
    p.lineWidthPerKiloGauss = num(ph, "lineWidthPerKiloGauss");
    p.lineDepthFraction = num(ph, "lineDepthFraction");
    p.lineDepthLimbDecrease = num(ph, "lineDepthLimbDecrease");
    p.lineDepthMagneticWeakening = num(ph, "lineDepthMagneticWeakening");

    const QJsonObject co = root.value(QLatin1String("corona")).toObject();
    s.corona.polarHoleLatitudeAtMinimumDeg = num(co, "polarHoleLatitudeAtMinimumDeg");
    s.corona.polarHoleEdgeDeg = num(co, "polarHoleEdgeDeg");
    s.corona.filamentWidthDeg = num(co, "filamentWidthDeg");
    s.corona.filamentFullAtPlageFraction = num(co, "filamentFullAtPlageFraction");
    s.corona.prominenceHeightRsun = num(co, "prominenceHeightRsun");

    const QJsonObject ch = root.value(QLatin1String("aia")).toObject().value(QLatin1String("channels")).toObject();
    const int waves[10] = {94, 131, 171, 193, 211, 304, 335, 1600, 1700, 4500};
    for (int i = 0; i < 10; ++i) {
        const QJsonValue v = ch.value(QString::number(waves[i]));
        if (!v.isObject())
            qFatal("solar_scene.json: no AIA channel %d", waves[i]);
        s.aia[i] = aiaChannel(waves[i], v.toObject());
    }
    return s;
}

SceneParameters load()
{
    initSceneResource();
    QFile f(QStringLiteral(":/sim/data/solar_scene.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("solar_scene.json: not in the resources");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (!doc.isObject())
        qFatal("solar_scene.json: %s", qPrintable(error.errorString()));
    return parse(doc.object());
}

} // namespace

const SceneParameters &SceneParameters::builtIn()
{
    static const SceneParameters parameters = load();
    return parameters;
}

} // namespace sim
