#pragma once

#include "SceneFrame.h"
#include "SceneParameters.h"
#include "SceneSurfaceNoise.h"

#include <vector>

// Renders one image row (or every k-th pixel of it) of a SceneFrame: first the geometry of each
// pixel (where it is on the sphere, or which limb point it stands above), then the active
// regions' fields inside their pixel boxes, then the channel's value. One renderer per thread;
// a pixel's value never depends on which other pixels are rendered with it.
namespace sim {

class SceneRowRenderer
{
public:
    SceneRowRenderer(const SceneFrame &frame, const SceneParameters &p);

    // Values of row `row` at columns colFirst + k * colStep, k = 0 .. count-1.
    void render(int row, int colFirst, int colStep, int count, float *out);

private:
    void locate(int row, int colFirst, int colStep, int count);
    void addRegions(int row, int colFirst, int colStep, int count);
    float magnetogram(int k, int col, int row) const;
    float continuum(int k, int col, int row) const;
    float dopplergram(int k, int col, int row) const;
    float lineWidth(int k, int col, int row) const;
    float lineDepth(int k, int col, int row) const;
    float aia(int k, int col, int row) const;
    float networkLane(int k) const { return m_lane[k]; }
    float spotDimming(int k, double umbra) const;
    float limbDarkening(float mu) const;

    const SceneFrame &m_frame;
    const SceneParameters &m_p;
    const AiaChannelParams *m_aia = nullptr;
    float m_holeEdge = 0;          // polar hole boundary width, in sin(latitude)
    SceneSurfaceNoise m_surface;
    bool m_needsSurface = false;
    std::vector<float> m_muTable;  // channel's centre-to-limb factor against mu
    std::vector<float> m_polarTable; // |sin latitude|^n of the polar field
    std::vector<float> m_offLimbTable; // AIA: off-limb profile against height
    double m_offLimbStep = 0;
    // Per-pixel fields of the current row.
    std::vector<float> m_x, m_y, m_r2, m_mu, m_cx, m_cy, m_cz;
    std::vector<float> m_spotField, m_spot, m_plageField, m_plage, m_corona, m_filament;
    std::vector<float> m_lane, m_second; // quiet-Sun patterns
};

} // namespace sim
