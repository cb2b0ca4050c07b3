// Drift in annotation quality over time: detectors on a stream of per-task quality values
// (for example 1/0 correctness on gold items, or agreement with the consensus).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
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

/// Which changes of the mean a detector looks for (river's `mode`: "down", "up", "both").
enum class DriftMode { kDown, kUp, kBoth };
/// "down", "up" or "both".
const char* drift_mode_name(DriftMode mode);
/// Parses "down", "up" or "both". Errors: kInvalidArgument naming `where` and the allowed names.
Result<DriftMode> parse_drift_mode(std::string_view name, const std::string& where = "mode");

/// Page-Hinkley test options. min_instances, delta, threshold and alpha default to river's
/// drift.PageHinkley; the direction defaults to decreases only (a fall of annotation quality),
/// where river's default mode is "both": pass mode = kBoth for river's default.
struct PageHinkleyOptions {
  int64_t min_instances = 30;  ///< no alarm before this many values since the last reset
  double delta = 0.005;        ///< magnitude of change tolerated
  double threshold = 50;       ///< lambda: alarm when the cumulative deviation exceeds it
  bool two_sided = false;      ///< kept for existing callers: true means mode = kBoth
  /// Fading factor of the cumulative sums, in (0, 1] (river's alpha, default 1 - 0.0001; 1 is
  /// the classical test without forgetting).
  double alpha = 1 - 0.0001;
  DriftMode mode = DriftMode::kDown;  ///< river's mode ("both" is river's default)
};

/// Page-Hinkley test (Page 1954; Hinkley 1971) as river's drift.PageHinkley computes it (river
/// drift/page_hinkley.py): with xbar_t the running mean since the last reset and
/// dev_t = x_t - xbar_t, the sums are up_t = alpha up_{t-1} + dev_t - delta and
/// down_t = alpha down_{t-1} + dev_t + delta; once min_instances values were seen, an alarm
/// is raised when up_t - min_{s<=t} up_s > threshold (mode up or both) or
/// max_{s<=t} down_s - down_t > threshold (mode down or both). After an alarm the test
/// restarts on the next value. Returns the alarm indices. Errors: kInvalidArgument (delta < 0,
/// threshold <= 0, min_instances < 1, alpha outside (0, 1]), kOutOfRange (NaN or infinite
/// value).
Result<std::vector<int64_t>> page_hinkley(std::span<const double> values,
                                          const PageHinkleyOptions& options = {});

/// Tabular CUSUM (Page 1954) for a drop below a known target mean: S_t = max(0, S_{t-1} +
/// (target - x_t) - slack); alarm when S_t > threshold, then S restarts at 0 (two_sided adds
/// the upward statistic). Returns the alarm indices. Errors: kInvalidArgument (slack < 0,
/// threshold <= 0), kOutOfRange (non-finite value or target).
Result<std::vector<int64_t>> cusum(std::span<const double> values, double target, double slack,
                                   double threshold, bool two_sided = false);

/// CUSUM options; defaults as river's drift.CUSUM.
struct CusumOptions {
  int64_t min_instances = 30;         ///< warm-up values that estimate the reference
  double slack = 0.5;                 ///< k, in reference standard deviations
  double threshold = 5;               ///< h, in reference standard deviations
  DriftMode mode = DriftMode::kBoth;  ///< river's mode
};

/// CUSUM as river's drift.CUSUM defines it (river drift/cusum.py): the reference mean mu and
/// standard deviation sigma (sample variance, n - 1 denominator; 0 for a single value) are
/// estimated on the first min_instances values since the last reset and then frozen; from the
/// min_instances-th value on (that value included), with d = x - mu,
/// S+ = max(0, S+ + d - slack sigma), S- = max(0, S- - d - slack sigma), and an alarm is
/// raised when S+ > threshold sigma (mode up or both) or S- > threshold sigma (mode down or
/// both). After an alarm the detector restarts on the next value: a new warm-up re-estimates
/// mu and sigma. Note that with sigma = 0 (a constant warm-up) any later change alarms at once.
/// Returns the alarm indices. Errors: kInvalidArgument (slack < 0, threshold <= 0,
/// min_instances < 1), kOutOfRange (NaN or infinite value).
Result<std::vector<int64_t>> cusum(std::span<const double> values, const CusumOptions& options);

/// Result of chi_square_goodness_of_fit.
struct ChiSquareFit {
  double statistic = 0;  ///< sum_k (observed_k - expected_k)^2 / expected_k
  int64_t dof = 0;       ///< k - 1 - ddof
  double p_value = 0;    ///< upper tail of chi-square(dof) at the statistic; NaN when dof < 1
};

/// Pearson's chi-square goodness-of-fit test, as scipy.stats.chisquare(f_obs, f_exp, ddof):
/// `expected` empty means equal frequencies (the mean of the observed counts); the p-value is
/// the regularised upper incomplete gamma Q(dof / 2, statistic / 2). As scipy (1.11 and
/// later), the observed and expected totals must agree to a relative 1e-8. Counts may be
/// non-integers. Errors: kEmptyInput (no category), kLengthMismatch (expected of another
/// length), kOutOfRange (negative or non-finite observed, expected <= 0 or non-finite:
/// "observed[k]" / "expected[k]"), kInvalidArgument (totals differ; ddof < 0).
Result<ChiSquareFit> chi_square_goodness_of_fit(std::span<const double> observed,
                                                std::span<const double> expected = {},
                                                int64_t ddof = 0);

/// Label-distribution drift between a reference and a current period, given as counts per
/// label (same length, same label order).
struct DistributionDrift {
  /// Population stability index sum_k (q_k - p_k) ln(q_k / p_k) on proportions, where a bin
  /// with proportion 0 in either period is given 1e-4 before the sum (the common rule; stated
  /// so results are reproducible).
  double psi = 0;
  double js_bits = 0;     ///< Jensen-Shannon divergence in bits (log base 2), in [0, 1]
  double chi_square = 0;  ///< Pearson chi-square of the 2 x K contingency table
  int64_t dof = 0;        ///< (K' - 1) with K' the labels seen in either period
  double p_value = 0;     ///< upper tail of the chi-square distribution; NaN when dof = 0
};

/// Compares two label distributions. Errors: kLengthMismatch, kEmptyInput (a period with no
/// counts), kOutOfRange (negative or non-finite count).
Result<DistributionDrift> label_distribution_drift(std::span<const double> reference,
                                                   std::span<const double> current);

/// ADWIN options; the defaults are river's drift.ADWIN defaults (river 0.15 and later).
struct AdwinOptions {
  double delta = 0.002;           ///< confidence of each cut test, in (0, 1)
  int64_t clock = 32;             ///< cuts are tested every `clock` values (1: every value)
  int64_t max_buckets = 5;        ///< buckets of one size kept before two are merged (>= 1)
  int64_t min_window_length = 5;  ///< both sub-windows of a cut need at least this many values
  int64_t grace_period = 10;      ///< no test while the window holds this many values or fewer
};

/// ADWIN2 (Bifet & Gavaldà, "Learning from time-changing data with adaptive windowing", SIAM
/// SDM 2007) as river's drift.ADWIN implements it, so that the same stream gives the same
/// detection indices: the window is kept as an exponential histogram (rows of at most
/// max_buckets buckets of 1, 2, 4, ... values with their sum and variance, Babcock et al.
/// 2003); every `clock` values, once the window holds more than grace_period values, each cut
/// W0 | W1 from the oldest bucket on is tested with
///   eps = sqrt(2 m (var_W / |W|) d') + (2/3) d' m,  d' = ln(2 ln |W| / delta),
///   m = 1 / (|W0| - min_window_length + 1) + 1 / (|W1| - min_window_length + 1),
/// and a change is detected when |mean W0 - mean W1| > eps; then the oldest bucket is dropped
/// and the cuts are tested again until none is significant.
/// Every bucket boundary is a cut point, from the oldest bucket to the last boundary before the
/// newest bucket, as in the paper and current river (AdaptiveWindowing._detect_change in
/// river/drift/adwin_c.pyx, `for k in range(bucket.current_idx)`); earlier river revisions left
/// the newest bucket of every row out (`range(bucket.current_idx - 1)`) and so detected up to
/// a bucket later. Where this follows river rather than the paper: (1) the test is run every
/// `clock` values, not on every value; (2) after a detection the whole detector restarts empty
/// on the next value (river's ADWIN.update resets its helper when drift_detected was set), so
/// the clock counts again from that value; (3) the 2/3 is the real fraction, as in the paper
/// and current river.
class Adwin {
 public:
  /// The options must be valid (see adwin()); they are not checked here.
  explicit Adwin(const AdwinOptions& options = {});
  /// Adds one value (finite; not checked here) and returns true when a change is detected.
  bool update(double value);
  int64_t width() const { return static_cast<int64_t>(width_); }  ///< values in the window
  /// Mean of the window; 0 when it is empty (as river's ADWIN.estimation).
  double mean() const { return width_ > 0 ? total_ / width_ : 0.0; }
  /// Sum of the values in the window (river's ADWIN.total).
  double total() const { return total_; }
  /// Sum of squared deviations from the window mean, NOT divided by the width: what river's
  /// ADWIN.variance returns (its AdaptiveWindowing keeps this sum, Babcock et al. 2003).
  double variance() const { return variance_; }
  /// variance() / width(), the population variance of the window (river's
  /// AdaptiveWindowing.variance_in_window, the one used in the cut test); 0 when empty.
  double variance_in_window() const { return width_ > 0 ? variance_ / width_ : 0.0; }
  /// Detections since construction (river's ADWIN.n_detections counts only since the last
  /// restart, which is always 0 or 1 there; this one counts them all).
  int64_t n_detections() const { return n_detections_; }

 private:
  struct Row {
    std::vector<double> total, variance;  // oldest bucket first
    int64_t count = 0;
  };
  void clear();
  void insert(double value);
  double drop_oldest();
  bool detect();

  AdwinOptions o_;
  std::vector<Row> rows_;  // rows_[i] holds buckets of 2^i values; rows_[0] is the newest
  double total_ = 0, variance_ = 0, width_ = 0;
  int64_t tick_ = 0;
  int64_t n_detections_ = 0;
  bool detected_ = false;
};

/// Result of adwin().
struct AdwinResult {
  std::vector<int64_t> detections;  ///< indices of the values at which a change was detected
  int64_t width = 0;                ///< window width after the last value
  double mean = 0;                  ///< window mean after the last value (0 when empty)
  double total = 0;                 ///< sum of the window after the last value
  /// Sum of squared deviations from the window mean after the last value (river's
  /// ADWIN.variance: not divided by the width).
  double variance = 0;
  double variance_in_window = 0;  ///< variance / width (0 when empty)
};

/// Runs Adwin over a stream. A stream shorter than clock, or constant, gives no detection.
/// Errors: kInvalidArgument (delta outside (0, 1), clock < 1, max_buckets < 1,
/// min_window_length < 1, grace_period < 0), kOutOfRange (a NaN or infinite value:
/// "values[i]").
Result<AdwinResult> adwin(std::span<const double> values, const AdwinOptions& options = {});

}  // namespace localabel
