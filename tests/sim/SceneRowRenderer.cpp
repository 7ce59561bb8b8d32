#include "SceneRowRenderer.h"

#include "SceneNoise.h"
#include "SolarEphemeris.h"

#include <algorithm>
#include <cmath>

namespace sim {

namespace {

constexpr double kDeg = M_PI / 180.0;
constexpr int kMuSteps = 2048;
constexpr int kOffLimbSteps = 4096;

} // namespace

SceneRowRenderer::SceneRowRenderer(const SceneFrame &frame, const SceneParameters &p)
    : m_frame(frame), m_p(p), m_surface(frame, 1.0 / (p.photosphere.networkScaleDeg * kDeg))
{
    if (isAiaChannel(frame.channel))
        m_aia = &p.aia[aiaIndex(frame.channel)];
    m_needsSurface = m_aia ? m_aia->networkContrast > 0
                           : frame.channel == SceneChannel::Magnetogram || frame.channel == SceneChannel::Dopplergram;
    m_polarTable.resize(kMuSteps + 1);
    for (int i = 0; i <= kMuSteps; ++i)
        m_polarTable[i] = float(std::pow(double(i) / kMuSteps, p.photosphere.polarFieldExponent));
    m_holeEdge = float(std::sin(p.corona.polarHoleEdgeDeg * kDeg));
    // Centre-to-limb laws are tabulated: pow and polynomials once per frame, not per pixel.
    m_muTable.resize(kMuSteps + 1);
    for (int i = 0; i <= kMuSteps; ++i) {
        const double mu = double(i) / kMuSteps, m1 = 1.0 - mu;
        double f;
        if (m_aia) {
            const double eps2 = m_aia->limbEpsilon * m_aia->limbEpsilon;
            // Optically thin emission brightens toward the limb as the path through the
            // emitting layer lengthens (about 1/mu, capped by the layer's curvature).
            f = (1.0 - m_aia->u1 * m1 - m_aia->u2 * m1 * m1)
                * std::pow((1.0 + eps2) / (mu * mu + eps2), m_aia->limbBrighteningPower);
        } else {
            f = 1.0 - p.photosphere.continuumU1 * m1 - p.photosphere.continuumU2 * m1 * m1;
        }
        m_muTable[i] = float(f);
    }
    if (m_aia) {
        // Off-limb: a steep near-limb layer and an extended corona, each falling exponentially
        // with height (hydrostatic scale heights of the channel's emitting plasma).
        const double reach = 8.0 * std::max(m_aia->offLimbFarScale, m_aia->offLimbNearScale);
        m_offLimbStep = reach / kOffLimbSteps;
        m_offLimbTable.resize(kOffLimbSteps + 1);
        for (int i = 0; i <= kOffLimbSteps; ++i) {
            const double h = i * m_offLimbStep;
            m_offLimbTable[i] = float(m_aia->offLimbNearFraction * std::exp(-h / m_aia->offLimbNearScale)
                                      + (1.0 - m_aia->offLimbNearFraction) * std::exp(-h / m_aia->offLimbFarScale));
        }
    }
}

float SceneRowRenderer::limbDarkening(float mu) const
{
    const float t = mu * kMuSteps;
    const int i = std::min(int(t), kMuSteps - 1);
    return m_muTable[i] + (m_muTable[i + 1] - m_muTable[i]) * (t - i);
}

void SceneRowRenderer::locate(int row, int colFirst, int colStep, int count)
{
    for (std::vector<float> *v : {&m_x, &m_y, &m_r2, &m_mu, &m_cx, &m_cy, &m_cz, &m_lane, &m_second})
        v->resize(size_t(count));
    for (std::vector<float> *v : {&m_spotField, &m_spot, &m_plageField, &m_plage, &m_corona, &m_filament})
        v->assign(size_t(count), 0.0f);
    const SceneFrame &f = m_frame;
    for (int k = 0; k < count; ++k) {
        const int col = colFirst + k * colStep;
        const double x = f.skyX(col, row), y = f.skyY(col, row);
        const double r2 = x * x + y * y;
        Vec3 c;
        if (r2 < 1.0) {
            const double z = std::sqrt(1.0 - r2);
            m_mu[k] = float(z);
            c = f.toCarrington(x, y, z);
        } else if (m_aia) {
            // Above the limb, the emission belongs to the limb point beneath it.
            const double r = std::sqrt(r2);
            c = f.toCarrington(x / r, y / r, 0.0);
        } // (HMI observables have nothing off the disk)
        m_x[k] = float(x);
        m_y[k] = float(y);
        m_r2[k] = float(r2);
        m_cx[k] = float(c.x);
        m_cy[k] = float(c.y);
        m_cz[k] = float(c.z);
    }
}

void SceneRowRenderer::addRegions(int row, int colFirst, int colStep, int count)
{
    const float loopContrast = m_aia ? float(m_aia->loopContrast) : 0.0f;
    const float corePower = m_aia ? float(m_aia->activeRegionCorePower) : 1.0f;
    for (const SceneRegion &r : m_frame.regions) {
        if (row < r.row0 || row > r.row1)
            continue;
        const int k0 = std::max(0, (r.col0 - colFirst + colStep - 1) / colStep);
        const int k1 = std::min(count - 1, (r.col1 - colFirst) / colStep);
        // Float arithmetic: tangent-plane distances of a few degrees need no more.
        const float sl2 = float(r.leadSpotSigma * r.leadSpotSigma * 2.0), st2 = float(r.trailSpotSigma * r.trailSpotSigma * 2.0);
        const float sp2 = float(r.plageSigma * r.plageSigma * 2.0), plageCut2 = float(r.plageCut2);
        const float su2 = float(r.coronaSigmaU * r.coronaSigmaU * 2.0), sv2 = float(r.coronaSigmaV * r.coronaSigmaV * 2.0);
        const float coronaCut = float(r.coronaCut);
        const float sf2 = float(r.filamentSigma * r.filamentSigma * 2.0);
        const float hs = float(r.halfSeparation), sign = float(r.leadingSign);
        const float cosExtent = float(r.cosExtent);
        const float ax = float(r.axis.x), ay = float(r.axis.y), az = float(r.axis.z);
        const float px = float(r.perp.x), py = float(r.perp.y), pz = float(r.perp.z);
        const float cx = float(r.centre.x), cy = float(r.centre.y), cz = float(r.centre.z);
        for (int k = k0; k <= k1; ++k) {
            const float x = m_cx[k], y = m_cy[k], z = m_cz[k];
            if (x * cx + y * cy + z * cz < cosExtent)
                continue;
            const float u = x * ax + y * ay + z * az, v = x * px + y * py + z * pz;
            const float dl2 = (u - hs) * (u - hs) + v * v, dt2 = (u + hs) * (u + hs) + v * v;
            if (sl2 > 0) {
                const float a = dl2 < 9.0f * sl2 ? std::exp(-dl2 / sl2) : 0.0f;
                const float b = dt2 < 9.0f * st2 ? std::exp(-dt2 / st2) : 0.0f;
                m_spotField[k] += sign * float(r.spotFieldG) * (a - b);
                m_spot[k] = std::max(m_spot[k], std::max(a, b));
            }
            if (dl2 < plageCut2 || dt2 < plageCut2) {
                const float pa = std::exp(-dl2 / sp2), pb = std::exp(-dt2 / sp2);
                m_plageField[k] += sign * float(r.plageFieldG) * (pa - pb);
                m_plage[k] += float(r.plageFieldG) * (pa + pb);
            }
            const float q = u * u / su2 + v * v / sv2;
            if (q < coronaCut) {
                // Loops joining the two polarities: in the plane, the field lines of a pair of
                // opposite poles are circle arcs through both, each arc one value of the angle
                // the poles subtend; strands are bundles of nearby arcs.
                const float arc = std::atan2(2.0f * hs * std::abs(v), u * u - hs * hs + v * v);
                const float strands = noise::value1(arc * float(24.0 / M_PI), r.seed);
                const float envelope = std::exp(-corePower * q);
                // All arcs meet at the footpoints: strands there would draw rings, so they fade.
                const float nearFoot = std::min(1.0f, std::min(dl2, dt2) / (0.25f * hs * hs));
                const float contrast = loopContrast * nearFoot;
                m_corona[k] += float(r.activity) * envelope * (1.0f - contrast + 2.0f * contrast * strands);
            }
            if (sf2 > 0) {
                const float along = std::abs(v) - float(r.filamentHalfLength);
                const float across = u * u / sf2;
                if (across < 9.0f && along < 3.0f * float(r.filamentSigma)) {
                    const float ends = along > 0 ? std::exp(-along * along / sf2) : 1.0f;
                    m_filament[k] = std::max(m_filament[k], float(r.filament) * ends * std::exp(-across));
                }
            }
        }
    }
}

float SceneRowRenderer::spotDimming(int k, double umbra) const
{
    const PhotosphereParams &ph = m_p.photosphere;
    const float s = m_spot[k];
    if (s <= 0.0f)
        return 1.0f;
    const float pen = float(ph.penumbraThreshold), umb = float(ph.umbraThreshold);
    const float penumbraLevel = float(1.0 - (1.0 - ph.penumbraContrast) * (1.0 - umbra) / (1.0 - ph.umbraContrast));
    return 1.0f - (1.0f - penumbraLevel) * noise::smoothstep(pen - 0.03f, pen + 0.03f, s)
        - (penumbraLevel - float(umbra)) * noise::smoothstep(umb - 0.03f, umb + 0.03f, s);
}

float SceneRowRenderer::magnetogram(int k, int col, int row) const
{
    const PhotosphereParams &ph = m_p.photosphere;
    const float mu = m_mu[k];
    // Mixed-polarity network: the sign from a finer, independent pattern.
    const float sign = m_second[k] > 0.5f ? 1.0f : -1.0f;
    const float network = float(ph.networkFieldG) * networkLane(k) * sign;
    const float cz = m_cz[k];
    const float polar = float(ph.polarFieldG * m_frame.northPolarFraction)
        * (cz >= 0 ? 1.0f : -1.0f) * m_polarTable[size_t(std::min(1.0f, std::abs(cz)) * kMuSteps)];
    const float radial = m_spotField[k] + m_plageField[k] + network + polar;
    const float sigma = float(ph.magnetogramNoiseCentreG + (ph.magnetogramNoiseLimbG - ph.magnetogramNoiseCentreG) * (1.0 - mu));
    return radial * mu + sigma * noise::pixelGaussian(col, row, m_frame.pixelSeed);
}

float SceneRowRenderer::continuum(int k, int col, int row) const
{
    const PhotosphereParams &ph = m_p.photosphere;
    const float mu = m_mu[k];
    const float plage = std::min(1.0f, m_plage[k] / float(m_p.regions.plageFieldG));
    const float faculae = float(ph.facularContrastAtLimb) * plage * (1.0f - mu);
    const float granulation = 1.0f + float(ph.granulationRms) * noise::pixelGaussian(col, row, m_frame.pixelSeed);
    return float(ph.continuumDnPerS) * limbDarkening(mu) * spotDimming(k, ph.umbraContrast) * (1.0f + faculae) * granulation;
}

float SceneRowRenderer::dopplergram(int k, int col, int row) const
{
    const PhotosphereParams &ph = m_p.photosphere;
    const float mu = m_mu[k];
    // Rotation seen from the orbiting observer: synodic rate at the pixel's latitude; the
    // west limb recedes (positive, redshift).
    const double synodic = (m_p.plasmaRotation.sidereal(m_cz[k]) - m_p.earthOrbitDegPerDay) * kDeg / 86400.0;
    const double rotation = m_frame.cosB0 * m_x[k] * synodic * SolarEphemeris::kRsunRef;
    const double supergranules = (2.0 * m_second[k] - 1.0)
        * ph.supergranulationMs * std::sqrt(std::max(0.0f, 1.0f - mu * mu));
    const double convective = ph.convectiveBlueshiftMs * mu
        + ph.dopplerGranulationMs * mu * noise::pixelGaussian(col, row, m_frame.pixelSeed);
    return float(rotation + m_frame.geometry.obsVrMs + convective + supergranules);
}

float SceneRowRenderer::lineWidth(int k, int col, int row) const
{
    const PhotosphereParams &ph = m_p.photosphere;
    const float field = std::abs(m_spotField[k] + m_plageField[k]);
    const float width = float(ph.lineWidthMilliAngstrom * (1.0 + ph.lineWidthLimbIncrease * (1.0 - m_mu[k]))
                              + ph.lineWidthPerKiloGauss * field / 1000.0);
    return width * (1.0f + 0.005f * noise::pixelGaussian(col, row, m_frame.pixelSeed));
}

float SceneRowRenderer::lineDepth(int k, int col, int row) const
{
    const PhotosphereParams &ph = m_p.photosphere;
    const float field = std::abs(m_spotField[k] + m_plageField[k]);
    const float depth = float(ph.lineDepthFraction * (1.0 - ph.lineDepthLimbDecrease * (1.0 - m_mu[k])))
        * (1.0f - float(ph.lineDepthMagneticWeakening) * std::min(1.0f, field / 2000.0f));
    return continuum(k, col, row) * depth;
}

float SceneRowRenderer::aia(int k, int col, int row) const
{
    const AiaChannelParams &a = *m_aia;
    const CoronaParams &co = m_p.corona;
    const float r2 = m_r2[k];
    // Polar coronal holes: dim above the hole boundary (on the disk and above the limb).
    const float sinHole = float(m_frame.polarHoleSinLat), edge = m_holeEdge;
    const float hole = 1.0f - float(1.0 - a.coronalHoleFactor) * noise::smoothstep(sinHole - edge, sinHole + edge, std::abs(m_cz[k]));
    double dnPerS;
    if (r2 < 1.0f) {
        const float lane = a.networkContrast > 0 ? networkLane(k) : 0.0f;
        // Lanes cover about a seventh of the surface: the quiet level stays the cell average.
        const float network = std::max(0.2f, 1.0f + float(a.networkContrast) * (2.0f * lane - 0.3f));
        const float filament = 1.0f - float(1.0 - a.filamentContrast) * m_filament[k];
        double active;
        if (a.loopContrast > 0)
            active = a.activeRegionRatio * m_corona[k];
        else // chromospheric and photospheric channels: bright plage, structured like the network
            active = a.activeRegionRatio * std::min(1.0f, m_plage[k] / float(m_p.regions.plageFieldG)) * (0.5f + lane);
        dnPerS = a.quietDnPerS * (limbDarkening(m_mu[k]) * network * hole * filament + active)
            * spotDimming(k, a.spotContrast);
    } else {
        const float h = std::sqrt(r2) - 1.0f;
        const int i = int(h / float(m_offLimbStep));
        const float profile = i < kOffLimbSteps ? m_offLimbTable[i] : 0.0f;
        double above = limbDarkening(0.0f) * profile * hole;
        if (m_corona[k] > 0) // loops: lower than the quiet corona's extended part
            above += a.activeRegionRatio * m_corona[k] * std::exp(-h / float(0.5 * a.offLimbFarScale));
        if (a.prominenceRatio > 0 && m_filament[k] > 0)
            above += a.prominenceRatio * m_filament[k] * std::exp(-h / float(co.prominenceHeightRsun));
        dnPerS = a.quietDnPerS * above;
    }
    const double dn = dnPerS * m_frame.exposure;
    const double sigma = std::sqrt(std::max(0.0, dn) * a.dnPerPhoton + a.readNoiseDn * a.readNoiseDn);
    return float(dn + sigma * noise::pixelGaussian(col, row, m_frame.pixelSeed));
}

void SceneRowRenderer::render(int row, int colFirst, int colStep, int count, float *out)
{
    locate(row, colFirst, colStep, count);
    addRegions(row, colFirst, colStep, count);
    if (m_needsSurface) {
        for (int k = 0; k < count; ++k) {
            const SceneSurfaceNoise::Sample s = m_surface.at(colFirst + k * colStep, row);
            // Supergranular network: thin lanes along one contour of the smooth field (the
            // contours of a smooth field close on themselves, like cell boundaries).
            const float d = (s.network - 0.5f) * (1.0f / 0.03f);
            m_lane[k] = std::abs(d) < 4.0f ? std::exp(-d * d) : 0.0f;
            m_second[k] = s.second;
        }
    }
    const SceneChannel c = m_frame.channel;
    for (int k = 0; k < count; ++k) {
        const int col = colFirst + k * colStep;
        if (m_aia) {
            out[k] = aia(k, col, row);
            continue;
        }
        if (m_r2[k] >= 1.0f) {
            out[k] = 0.0f; // HMI observables are undefined off the disk
            continue;
        }
        switch (c) {
        case SceneChannel::Magnetogram: out[k] = magnetogram(k, col, row); break;
        case SceneChannel::Dopplergram: out[k] = dopplergram(k, col, row); break;
        case SceneChannel::LineWidth: out[k] = lineWidth(k, col, row); break;
        case SceneChannel::LineDepth: out[k] = lineDepth(k, col, row); break;
        default: out[k] = continuum(k, col, row); break;
        }
    }
}

} // namespace sim
