#include <algorithm>
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

// The same on small integers (0/1 correctness bits) in integer arithmetic: the window sum
// is compared with the smallest integer whose mean is not below the threshold (so the alarm
// index is exactly the one the floating-point comparison gives), and window sums are added
// in integers, in blocks of 4096 windows, before one multiplication by 1/window per block.
RollingDrift rolling_bits(std::span<const uint8_t> v, int64_t window, double threshold) {
  RollingDrift out;
  out.n = static_cast<int64_t>(v.size());
  out.window = window;
  out.threshold = threshold;
  const double inv = 1.0 / static_cast<double>(window);
  if (out.n < window) {
    out.mean = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  // cut: smallest integer sum whose mean is >= threshold (255 * window + 1 when none is).
  const int64_t top = 255 * window + 1;
  const double guess = std::ceil(threshold * static_cast<double>(window));
  int64_t cut = guess < 0                          ? 0
                : guess > static_cast<double>(top) ? top
                                                   : static_cast<int64_t>(guess);
  while (cut > 0 && static_cast<double>(cut - 1) * inv >= threshold) --cut;
  while (cut < top && static_cast<double>(cut) * inv < threshold) ++cut;

  const uint8_t* p = v.data();
  int64_t sum = 0;
  for (int64_t i = 0; i < window - 1; ++i) sum += p[i];
  double mean_sum = 0;
  int64_t i = window - 1;
  const int64_t n = out.n;
  while (i < n) {
    const int64_t end = std::min(n, i + 4096);
    int64_t block = 0;
    if (out.first_alarm < 0) {
      for (; i < end; ++i) {
        sum += p[i];
        if (i >= window) sum -= p[i - window];
        block += sum;
        if (sum < cut) {
          out.first_alarm = i;
          ++i;
          break;
        }
      }
    }
    for (; i < end; ++i) {
      sum += p[i] - (i >= window ? p[i - window] : 0);
      block += sum;
    }
    mean_sum += static_cast<double>(block) * inv;
  }
  out.n_windows = n - window + 1;
  out.mean = mean_sum / static_cast<double>(out.n_windows);
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
  return rolling_bits(values, window, threshold);
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
