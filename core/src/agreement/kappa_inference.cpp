// Cohen's kappa with asymptotic standard errors, interval and normal test (SAS PROC FREQ
// AGREE; Fleiss, Cohen & Everitt 1969), on a square table of counts.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;

double upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return kNaN;
  // Start from a logistic approximation, then Newton steps on Phi(x) - p with Phi from erfc
  // (quadratic convergence to the last bits in a few steps).
  double x = std::log(p / (1 - p)) / 1.702;
  for (int i = 0; i < 100; ++i) {
    const double phi = 0.5 * std::erfc(-x / std::sqrt(2.0));
    const double density = std::exp(-0.5 * x * x) / std::sqrt(2 * kPi);
    if (density <= 0) break;
    const double step = (phi - p) / density;
    x -= step;
    if (std::abs(step) <= 1e-15 * std::max(1.0, std::abs(x))) break;
  }
  return x;
}

Result<KappaInference> cohen_kappa_inference(std::span<const double> table, int32_t k,
                                             KappaWeights weights, std::span<const double> scores,
                                             double confidence) {
  if (k <= 0) return make_error(ErrorCode::kEmptyInput, "k", "the table has no category");
  const size_t kk = static_cast<size_t>(k);
  if (table.size() != kk * kk)
    return make_error(ErrorCode::kLengthMismatch, "table",
                      "has " + std::to_string(table.size()) + " cells, expected " +
                          std::to_string(k) + " x " + std::to_string(k));
  if (!scores.empty() && scores.size() != kk)
    return make_error(ErrorCode::kLengthMismatch, "scores",
                      "has " + std::to_string(scores.size()) + " scores for " + std::to_string(k) +
                          " categories");
  if (!(confidence > 0 && confidence < 1))
    return make_error(ErrorCode::kInvalidArgument, "confidence", "must be in (0, 1)");
  double n = 0;
  for (size_t i = 0; i < kk; ++i)
    for (size_t j = 0; j < kk; ++j) {
      const double c = table[i * kk + j];
      if (!(c >= 0) || !std::isfinite(c))
        return make_error(ErrorCode::kOutOfRange,
                          "table[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                          "a count must be finite and >= 0");
      n += c;
    }
  if (!(n > 0)) return make_error(ErrorCode::kEmptyInput, "table", "all counts are 0");
  std::vector<double> s(kk);
  for (size_t i = 0; i < kk; ++i) {
    s[i] = scores.empty() ? static_cast<double>(i) : scores[i];
    if (!std::isfinite(s[i]))
      return make_error(ErrorCode::kOutOfRange, "scores[" + std::to_string(i) + "]",
                        "must be finite");
  }
  const double range = s[kk - 1] - s[0];
  if (weights != KappaWeights::kNone && range == 0)
    return make_error(ErrorCode::kInvalidArgument, "scores",
                      "the first and last scores are equal: the weights would divide by 0");
  std::vector<double> w(kk * kk), rows(kk, 0), cols(kk, 0);
  for (size_t i = 0; i < kk; ++i)
    for (size_t j = 0; j < kk; ++j) {
      const double d = (s[i] - s[j]) / range;
      w[i * kk + j] = weights == KappaWeights::kNone     ? (i == j ? 1.0 : 0.0)
                      : weights == KappaWeights::kLinear ? 1 - std::abs(d)
                                                         : 1 - d * d;
      rows[i] += table[i * kk + j] / n;
      cols[j] += table[i * kk + j] / n;
    }
  KappaInference r;
  r.n = n;
  std::vector<double> w_row(kk, 0), w_col(kk, 0);  // w_i. and w_.j
  for (size_t i = 0; i < kk; ++i)
    for (size_t j = 0; j < kk; ++j) {
      r.observed += w[i * kk + j] * table[i * kk + j] / n;
      r.expected += w[i * kk + j] * rows[i] * cols[j];
      w_row[i] += cols[j] * w[i * kk + j];
      w_col[j] += rows[i] * w[i * kk + j];
    }
  const double pe = r.expected;
  auto undefined = [&](const char* why) {
    r.kappa = r.ase = r.lower = r.upper = r.ase0 = r.z = r.p_one_sided = r.p_two_sided = kNaN;
    r.undefined_reason = why;
    return r;
  };
  if (pe >= 1) return undefined("chance agreement is 1 (a single category used): kappa is 0/0");
  const double kappa = (r.observed - pe) / (1 - pe);
  double a = 0, a0 = 0;
  for (size_t i = 0; i < kk; ++i)
    for (size_t j = 0; j < kk; ++j) {
      const double p = table[i * kk + j] / n, wij = w[i * kk + j];
      const double t = wij - (w_row[i] + w_col[j]) * (1 - kappa);
      a += p * t * t;
      const double t0 = wij - (w_row[i] + w_col[j]);
      a0 += rows[i] * cols[j] * t0 * t0;
    }
  const double scale = (1 - pe) * (1 - pe) * n;
  const double c = kappa - pe * (1 - kappa);
  r.kappa = kappa;
  r.ase = std::sqrt(std::max(0.0, (a - c * c) / scale));
  r.ase0 = std::sqrt(std::max(0.0, (a0 - pe * pe) / scale));
  const double q = normal_quantile(0.5 + confidence / 2);
  r.lower = kappa - q * r.ase;
  r.upper = kappa + q * r.ase;
  if (!(r.ase0 > 0)) {
    KappaInference u = r;
    u.z = u.p_one_sided = u.p_two_sided = kNaN;
    u.undefined_reason = "the standard error under H0 is 0: no z test";
    return u;
  }
  r.z = kappa / r.ase0;
  r.p_one_sided = upper_tail(r.z);
  r.p_two_sided = 2 * upper_tail(std::abs(r.z));
  return r;
}

}  // namespace localabel
