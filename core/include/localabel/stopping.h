// When to stop labelling: the efficiency of the learning curve.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// Advice from the recent learning curve.
struct StoppingAdvice {
  double gain_per_label = 0;  ///< least-squares slope of accuracy over labels, last `window` points
  double gain_per_100_labels = 0;  ///< 100 × gain_per_label (accuracy units, 0.01 = 1 point)
  int64_t points_used = 0;         ///< curve points in the fit
  bool suggest_stop = false;       ///< gain_per_100_labels < min_gain_per_100 with a full window
};

/// Learning-curve efficiency: the slope of the least-squares line through the last `window`
/// points (labels[i], accuracy[i]) of a learning curve measured on held-out or
/// cross-validated data (Laws & Schütze 2008 stop when the gain levels off; this is the
/// gain-per-label form of that rule). Stopping is suggested when the window is full and the
/// expected gain per 100 more labels is below `min_gain_per_100`. With fewer than two points
/// the gain is 0 and no stop is suggested. Errors: kLengthMismatch, kInvalidArgument
/// (window < 2, labels not strictly increasing), kOutOfRange (accuracy not finite).
Result<StoppingAdvice> learning_curve_efficiency(const std::vector<int64_t>& labels,
                                                 const std::vector<double>& accuracy,
                                                 int64_t window = 5,
                                                 double min_gain_per_100 = 0.005);

}  // namespace localabel
