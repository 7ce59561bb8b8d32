#pragma once

#include "SceneFrame.h"

#include <vector>

// The quiet Sun's smooth patterns (network cells, mixed polarity, supergranular flows) as value
// noise on the sphere. Being smooth over many pixels, they are evaluated on a lattice of pixels
// fixed by the frame (every `step` columns and rows, from pixel 0) and interpolated between:
// a pixel's value still depends only on the frame and its position, never on which other
// pixels are rendered, while a 4096^2 frame needs a 25th of the noise evaluations.
namespace sim {

class SceneSurfaceNoise
{
public:
    SceneSurfaceNoise(const SceneFrame &frame, double networkFrequency);

    struct Sample {
        float network = 0; // in [0, 1]; lanes follow its 0.5 contour
        float second = 0;  // an independent field in [0, 1] (polarity, flows)
    };
    Sample at(int col, int row);
    int step() const { return m_step; }

private:
    struct LatticeRow {
        int row = -1;
        std::vector<Sample> values;
        std::vector<unsigned char> have;
    };
    const Sample &lattice(LatticeRow &r, int latticeCol);
    LatticeRow &latticeRow(int row, int keep);

    const SceneFrame &m_frame;
    double m_frequency = 0;
    int m_step = 1;
    int m_columns = 0;
    LatticeRow m_rows[2];
};

} // namespace sim
