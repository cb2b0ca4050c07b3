// An OKS-like similarity of two annotators' keypoints on one image.
#pragma once

#include <vector>

#include "localabel/project.h"

namespace localabel {

/// Points of the same label (first label name) are matched one to one by
/// linear_sum_assignment maximising the summed similarity exp(-d^2 / (2 (sigma s)^2)), d the
/// distance in pixels and s the image diagonal (original_width, original_height of the
/// regions; 1 when absent). Returns the summed similarity of the matches divided by the larger
/// of the two point counts, in [0, 1]; NaN when neither has a point.
double keypoint_similarity(const std::vector<const Region*>& a, const std::vector<const Region*>& b,
                           double sigma);

}  // namespace localabel
