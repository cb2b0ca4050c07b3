// Page-Hinkley, CUSUM and label-distribution drift.
#include <cmath>
#include <limits>

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

Result<std::vector<int64_t>> page_hinkley(std::span<const double> values,
                                          const PageHinkleyOptions& o) {
  if (!(o.delta >= 0) || !(o.threshold > 0) || o.min_instances < 1)
    return make_error(ErrorCode::kInvalidArgument, "options",
                      "need delta >= 0, threshold > 0, min_instances >= 1");
  if (auto s = finite(values); !s) return s.error();
  std::vector<int64_t> alarms;
  double mean = 0, down = 0, down_max = 0, up = 0, up_min = 0;
  int64_t n = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double x = values[i];
    ++n;
    mean += (x - mean) / static_cast<double>(n);
    down += x - mean + o.delta;
    down_max = std::max(down_max, down);
    up += x - mean - o.delta;
    up_min = std::min(up_min, up);
    const bool fired = n >= o.min_instances && (down_max - down > o.threshold ||
                                                (o.two_sided && up - up_min > o.threshold));
    if (fired) {
      alarms.push_back(static_cast<int64_t>(i));
      mean = down = down_max = up = up_min = 0;
      n = 0;
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
