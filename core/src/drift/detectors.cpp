// Page-Hinkley, CUSUM, label-distribution drift and the chi-square goodness-of-fit test.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "localabel/drift.h"

namespace localabel {
namespace {

Status finite(std::span<const double> values) {
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return make_error(ErrorCode::kOutOfRange, "values[" + std::to_string(i) + "]",
                        "must be a finite number");
  return Ok{};
}

// Regularised upper incomplete gamma Q(a, x) (series for x < a + 1, else continued fraction).
double gamma_q(double a, double x) {
  if (x <= 0) return 1.0;
  const double lg = std::lgamma(a);
  if (x < a + 1) {
    double sum = 1.0 / a, term = sum;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::abs(term) < std::abs(sum) * 1e-15) break;
    }
    return 1.0 - sum * std::exp(-x + a * std::log(x) - lg);
  }
  // Lentz's method for the continued fraction of Q.
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::abs(del - 1) < 1e-15) break;
  }
  return std::exp(-x + a * std::log(x) - lg) * h;
}

}  // namespace

const char* drift_mode_name(DriftMode mode) {
  switch (mode) {
    case DriftMode::kDown:
      return "down";
    case DriftMode::kUp:
      return "up";
    case DriftMode::kBoth:
      return "both";
  }
  return "down";
}

Result<DriftMode> parse_drift_mode(std::string_view name, const std::string& where) {
  for (DriftMode m : {DriftMode::kDown, DriftMode::kUp, DriftMode::kBoth})
    if (name == drift_mode_name(m)) return m;
  return make_error(ErrorCode::kInvalidArgument, where,
                    "'" + std::string(name) + "' is not a mode (down, up or both)");
}

Result<std::vector<int64_t>> page_hinkley(std::span<const double> values,
                                          const PageHinkleyOptions& o) {
  if (!(o.delta >= 0) || !(o.threshold > 0) || o.min_instances < 1)
    return make_error(ErrorCode::kInvalidArgument, "options",
                      "need delta >= 0, threshold > 0, min_instances >= 1");
  if (!(o.alpha > 0 && o.alpha <= 1))
    return make_error(ErrorCode::kInvalidArgument, "alpha", "must be in (0, 1]");
  if (auto s = finite(values); !s) return s.error();
  const DriftMode mode = o.two_sided ? DriftMode::kBoth : o.mode;
  const bool test_up = mode != DriftMode::kDown, test_down = mode != DriftMode::kUp;
  std::vector<int64_t> alarms;
  // The first deviation is always 0, so the running extremes can start at the first sums
  // (river starts them at +inf and -1, which the first sums +-delta always replace).
  double mean = 0, up = 0, up_min = 0, down = 0, down_max = 0;
  int64_t n = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double x = values[i];
    ++n;
    mean += (x - mean) / static_cast<double>(n);
    const double dev = x - mean;
    up = o.alpha * up + dev - o.delta;
    down = o.alpha * down + dev + o.delta;
    up_min = n == 1 ? up : std::min(up_min, up);
    down_max = n == 1 ? down : std::max(down_max, down);
    const bool fired = n >= o.min_instances && ((test_up && up - up_min > o.threshold) ||
                                                (test_down && down_max - down > o.threshold));
    if (fired) {
      alarms.push_back(static_cast<int64_t>(i));
      n = 0;
      mean = up = down = 0;
    }
  }
  return alarms;
}

Result<std::vector<int64_t>> cusum(std::span<const double> values, double target, double slack,
                                   double threshold, bool two_sided) {
  if (!(slack >= 0) || !(threshold > 0))
    return make_error(ErrorCode::kInvalidArgument, "", "need slack >= 0 and threshold > 0");
  if (!std::isfinite(target) || !std::isfinite(slack) || !std::isfinite(threshold))
    return make_error(ErrorCode::kOutOfRange, "target", "must be finite");
  if (auto s = finite(values); !s) return s.error();
  std::vector<int64_t> alarms;
  double low = 0, high = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    low = std::max(0.0, low + (target - values[i]) - slack);
    high = std::max(0.0, high + (values[i] - target) - slack);
    if (low > threshold || (two_sided && high > threshold)) {
      alarms.push_back(static_cast<int64_t>(i));
      low = high = 0;
    }
  }
  return alarms;
}

Result<std::vector<int64_t>> cusum(std::span<const double> values, const CusumOptions& o) {
  if (!(o.slack >= 0) || !std::isfinite(o.slack))
    return make_error(ErrorCode::kInvalidArgument, "slack", "must be finite and >= 0");
  if (!(o.threshold > 0) || !std::isfinite(o.threshold))
    return make_error(ErrorCode::kInvalidArgument, "threshold", "must be finite and > 0");
  if (o.min_instances < 1)
    return make_error(ErrorCode::kInvalidArgument, "min_instances", "must be at least 1");
  if (auto s = finite(values); !s) return s.error();
  const bool test_up = o.mode != DriftMode::kDown, test_down = o.mode != DriftMode::kUp;
  std::vector<int64_t> alarms;
  int64_t n = 0;
  double mean = 0, m2 = 0, reference = 0, sigma = 0, up = 0, down = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double x = values[i];
    ++n;
    // Welford's running mean and sum of squares, as river's stats.Mean and stats.Var.
    const double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
    if (n < o.min_instances) continue;
    if (n == o.min_instances) {
      reference = mean;
      sigma = n > 1 ? std::sqrt(std::max(m2 / static_cast<double>(n - 1), 0.0)) : 0.0;
    }
    const double k = o.slack * sigma, limit = o.threshold * sigma, dev = x - reference;
    up = std::max(0.0, up + dev - k);
    down = std::max(0.0, down - dev - k);
    if ((test_up && up > limit) || (test_down && down > limit)) {
      alarms.push_back(static_cast<int64_t>(i));
      n = 0;
      mean = m2 = up = down = 0;
    }
  }
  return alarms;
}

Result<ChiSquareFit> chi_square_goodness_of_fit(std::span<const double> observed,
                                                std::span<const double> expected, int64_t ddof) {
  const size_t k = observed.size();
  if (k == 0) return make_error(ErrorCode::kEmptyInput, "observed", "needs at least one category");
  if (!expected.empty() && expected.size() != k)
    return make_error(ErrorCode::kLengthMismatch, "expected",
                      "has " + std::to_string(expected.size()) + " categories, observed has " +
                          std::to_string(k));
  if (ddof < 0) return make_error(ErrorCode::kInvalidArgument, "ddof", "must be >= 0");
  double total_obs = 0, total_exp = 0;
  for (size_t i = 0; i < k; ++i) {
    if (!(observed[i] >= 0) || !std::isfinite(observed[i]))
      return make_error(ErrorCode::kOutOfRange, "observed[" + std::to_string(i) + "]",
                        "a count must be finite and >= 0");
    total_obs += observed[i];
    if (!expected.empty()) {
      if (!(expected[i] > 0) || !std::isfinite(expected[i]))
        return make_error(ErrorCode::kOutOfRange, "expected[" + std::to_string(i) + "]",
                          "an expected frequency must be finite and > 0");
      total_exp += expected[i];
    }
  }
  if (expected.empty()) {
    if (!(total_obs > 0))
      return make_error(ErrorCode::kEmptyInput, "observed",
                        "all counts are 0: the equal expected frequencies would be 0");
  } else if (std::abs(total_obs - total_exp) > 1e-8 * std::max(total_obs, total_exp)) {
    return make_error(ErrorCode::kInvalidArgument, "expected",
                      "sums to " + std::to_string(total_exp) + " but the observed counts sum to " +
                          std::to_string(total_obs) + " (they must agree to a relative 1e-8)");
  }
  ChiSquareFit out;
  const double uniform = total_obs / static_cast<double>(k);
  for (size_t i = 0; i < k; ++i) {
    const double e = expected.empty() ? uniform : expected[i];
    out.statistic += (observed[i] - e) * (observed[i] - e) / e;
  }
  out.dof = static_cast<int64_t>(k) - 1 - ddof;
  out.p_value = out.dof >= 1 ? gamma_q(0.5 * static_cast<double>(out.dof), 0.5 * out.statistic)
                             : std::numeric_limits<double>::quiet_NaN();
  return out;
}

Result<DistributionDrift> label_distribution_drift(std::span<const double> reference,
                                                   std::span<const double> current) {
  if (reference.size() != current.size())
    return make_error(ErrorCode::kLengthMismatch, "",
                      "reference has " + std::to_string(reference.size()) +
                          " labels, current has " + std::to_string(current.size()));
  double np = 0, nq = 0;
  for (size_t k = 0; k < reference.size(); ++k) {
    for (double c : {reference[k], current[k]})
      if (!(c >= 0) || !std::isfinite(c))
        return make_error(ErrorCode::kOutOfRange, "counts[" + std::to_string(k) + "]",
                          "a count must be finite and >= 0");
    np += reference[k];
    nq += current[k];
  }
  if (np <= 0 || nq <= 0)
    return make_error(ErrorCode::kEmptyInput, "", "both periods need at least one label");
  DistributionDrift d;
  const double n = np + nq;
  int64_t seen = 0;
  for (size_t k = 0; k < reference.size(); ++k) {
    const double p = reference[k] / np, q = current[k] / nq;
    const double pe = p > 0 ? p : 1e-4, qe = q > 0 ? q : 1e-4;
    if (p > 0 || q > 0) {
      d.psi += (qe - pe) * std::log(qe / pe);
      ++seen;
    }
    const double m = 0.5 * (p + q);
    if (p > 0) d.js_bits += 0.5 * p * std::log2(p / m);
    if (q > 0) d.js_bits += 0.5 * q * std::log2(q / m);
    const double col = reference[k] + current[k];
    if (col > 0) {
      const double ep = np * col / n, eq = nq * col / n;
      d.chi_square += (reference[k] - ep) * (reference[k] - ep) / ep +
                      (current[k] - eq) * (current[k] - eq) / eq;
    }
  }
  d.dof = seen - 1;
  d.p_value = d.dof > 0 ? gamma_q(0.5 * static_cast<double>(d.dof), 0.5 * d.chi_square)
                        : std::numeric_limits<double>::quiet_NaN();
  return d;
}

}  // namespace localabel
