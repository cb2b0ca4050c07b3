// Drift in annotation quality over time: detectors on a stream of per-task quality values
// (for example 1/0 correctness on gold items, or agreement with the consensus).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// Result of rolling_mean_alarm.
struct RollingDrift {
  int64_t n = 0;  ///< length of the stream
  int64_t window = 0;
  double threshold = 0;
  int64_t first_alarm = -1;  ///< first index i >= window-1 whose window mean < threshold; -1
  int64_t n_windows = 0;     ///< number of complete windows (n - window + 1, or 0)
  double mean = 0;           ///< average of all complete window means; NaN when n_windows = 0
};

/// Rolling-window mean with an absolute threshold: for each index i >= window - 1, the mean of
/// values[i-window+1 .. i]; the first i where it is below `threshold` raises the alarm.
/// Errors: kInvalidArgument (window < 1), kOutOfRange (a value that is NaN or infinite).
Result<RollingDrift> rolling_mean_alarm(std::span<const double> values, int64_t window,
                                        double threshold);
/// The same on 0/1 (or any byte) values, without conversion.
Result<RollingDrift> rolling_mean_alarm(std::span<const uint8_t> values, int64_t window,
                                        double threshold);

/// Result of rolling_quality_drop.
struct QualityDrop {
  std::vector<int64_t> alarms;       ///< end index of each window whose mean fell too far
  std::vector<double> window_means;  ///< mean of each consecutive (non-overlapping) window
};

/// Consecutive non-overlapping windows of `window` values; an alarm at the end of window w
/// when mean_w < (1 - drop) * mean_{w-1} (drop defaults to 0.05, i.e. a fall of more than 5 %
/// below the previous window). A trailing partial window is ignored. Errors:
/// kInvalidArgument (window < 1, drop outside [0, 1)), kOutOfRange (NaN or infinite value).
Result<QualityDrop> rolling_quality_drop(std::span<const double> values, int64_t window,
                                         double drop = 0.05);

}  // namespace localabel
