#pragma once

#include "SolarScene.h"

#include <vector>

namespace sim {

// DRMS-style statistics of a set of pixel values: mean, standard deviation (DATARMS), skewness,
// excess kurtosis, and nearest-rank percentiles. Reorders its argument.
SceneStatistics sceneStatisticsOf(std::vector<float> &values);

} // namespace sim
