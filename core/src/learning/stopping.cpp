// Learning-curve efficiency and the stop suggestion.
#include "localabel/stopping.h"

#include <cmath>

namespace localabel {

Result<StoppingAdvice> learning_curve_efficiency(const std::vector<int64_t>& labels,
                                                 const std::vector<double>& accuracy,
                                                 int64_t window, double min_gain_per_100) {
  if (labels.size() != accuracy.size())
    return make_error(ErrorCode::kLengthMismatch, "accuracy",
                      "has " + std::to_string(accuracy.size()) + " points, labels has " +
                          std::to_string(labels.size()));
  if (window < 2) return make_error(ErrorCode::kInvalidArgument, "window", "must be at least 2");
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0 && labels[i] <= labels[i - 1])
      return make_error(ErrorCode::kInvalidArgument, "labels[" + std::to_string(i) + "]",
                        "label counts must increase strictly");
    if (!std::isfinite(accuracy[i]))
      return make_error(ErrorCode::kOutOfRange, "accuracy[" + std::to_string(i) + "]",
                        "expected a finite number");
  }
  StoppingAdvice a;
  const int64_t n = static_cast<int64_t>(labels.size());
  const int64_t m = n < window ? n : window;
  a.points_used = m;
  if (m < 2) return a;
  double mx = 0, my = 0;
  for (int64_t i = n - m; i < n; ++i) {
    mx += static_cast<double>(labels[static_cast<size_t>(i)]);
    my += accuracy[static_cast<size_t>(i)];
  }
  mx /= static_cast<double>(m);
  my /= static_cast<double>(m);
  double sxy = 0, sxx = 0;
  for (int64_t i = n - m; i < n; ++i) {
    const double dx = static_cast<double>(labels[static_cast<size_t>(i)]) - mx;
    sxy += dx * (accuracy[static_cast<size_t>(i)] - my);
    sxx += dx * dx;
  }
  a.gain_per_label = sxy / sxx;
  a.gain_per_100_labels = 100.0 * a.gain_per_label;
  a.suggest_stop = m == window && a.gain_per_100_labels < min_gain_per_100;
  return a;
}

}  // namespace localabel
