#include <cmath>
#include <limits>

#include "localabel/drift.h"

namespace localabel {
namespace {

template <class T, class Sum>
RollingDrift rolling(std::span<const T> v, int64_t window, double threshold) {
  RollingDrift out;
  out.n = static_cast<int64_t>(v.size());
  out.window = window;
  out.threshold = threshold;
  Sum sum = 0;
  double mean_sum = 0;
  const double inv = 1.0 / static_cast<double>(window);
  for (int64_t i = 0; i < out.n; ++i) {
    sum += v[i];
    if (i >= window) sum -= v[i - window];
    if (i >= window - 1) {
      const double mean = static_cast<double>(sum) * inv;
      mean_sum += mean;
      ++out.n_windows;
      if (out.first_alarm < 0 && mean < threshold) out.first_alarm = i;
    }
  }
  out.mean = out.n_windows ? mean_sum / static_cast<double>(out.n_windows)
                           : std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace

Result<RollingDrift> rolling_mean_alarm(std::span<const double> values, int64_t window,
                                        double threshold) {
  if (window < 1) return make_error(ErrorCode::kInvalidArgument, "window", "must be at least 1");
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return make_error(ErrorCode::kOutOfRange, "values[" + std::to_string(i) + "]",
                        "must be a finite number");
  return rolling<double, double>(values, window, threshold);
}

Result<RollingDrift> rolling_mean_alarm(std::span<const uint8_t> values, int64_t window,
                                        double threshold) {
  if (window < 1) return make_error(ErrorCode::kInvalidArgument, "window", "must be at least 1");
  return rolling<uint8_t, int64_t>(values, window, threshold);
}

Result<QualityDrop> rolling_quality_drop(std::span<const double> values, int64_t window,
                                         double drop) {
  if (window < 1) return make_error(ErrorCode::kInvalidArgument, "window", "must be at least 1");
  if (!(drop >= 0 && drop < 1))
    return make_error(ErrorCode::kInvalidArgument, "drop", "must be in [0, 1)");
  QualityDrop out;
  const int64_t n = static_cast<int64_t>(values.size());
  for (int64_t start = 0; start + window <= n; start += window) {
    double s = 0;
    for (int64_t i = start; i < start + window; ++i) {
      if (!std::isfinite(values[i]))
        return make_error(ErrorCode::kOutOfRange, "values[" + std::to_string(i) + "]",
                          "must be a finite number");
      s += values[i];
    }
    const double mean = s / static_cast<double>(window);
    if (!out.window_means.empty() && mean < (1 - drop) * out.window_means.back())
      out.alarms.push_back(start + window - 1);
    out.window_means.push_back(mean);
  }
  return out;
}

}  // namespace localabel
