// The label model: one-coin Dawid-Skene EM over labelling-function votes with abstains.
#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/weak_supervision.h"

namespace localabel {

Result<LabelModel> fit_label_model(const LabelMatrix& votes, int64_t k,
                                   const LabelModelOptions& o) {
  if (votes.n_points < 1 || votes.n_lfs < 1)
    return make_error(ErrorCode::kEmptyInput, "votes", "no points or no labelling functions");
  if (static_cast<int64_t>(votes.votes.size()) != votes.n_points * votes.n_lfs)
    return make_error(ErrorCode::kLengthMismatch, "votes", "size is not n_points × n_lfs");
  if (k < 2) return make_error(ErrorCode::kInvalidArgument, "n_classes", "needs at least 2");
  const int64_t n = votes.n_points, m = votes.n_lfs;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j) {
      const int32_t v = votes.at(i, j);
      if (v < kAbstain || v >= k)
        return make_error(
            ErrorCode::kOutOfRange, "votes[" + std::to_string(i) + "][" + std::to_string(j) + "]",
            "class " + std::to_string(v) + " outside [-1, " + std::to_string(k) + ")");
    }
  LabelModel lm;
  lm.n_classes = k;
  lm.probs.assign(static_cast<size_t>(n * k), 0.0);
  // Start from the vote fractions.
  for (int64_t i = 0; i < n; ++i) {
    double* q = lm.probs.data() + i * k;
    int64_t count = 0;
    for (int64_t j = 0; j < m; ++j)
      if (votes.at(i, j) != kAbstain) {
        q[votes.at(i, j)] += 1;
        ++count;
      }
    for (int64_t c = 0; c < k; ++c) q[c] = count ? q[c] / count : 1.0 / k;
  }
  lm.accuracies.assign(static_cast<size_t>(m), 0.7);
  lm.class_prior.assign(static_cast<size_t>(k), 1.0 / k);
  double prev_ll = -std::numeric_limits<double>::infinity();
  const double lo = o.min_accuracy, hi = 1.0 - o.min_accuracy;
  std::vector<double> logq(static_cast<size_t>(k));
  for (int it = 0; it < o.max_iter; ++it) {
    // M-step.
    std::fill(lm.class_prior.begin(), lm.class_prior.end(), 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t c = 0; c < k; ++c)
        lm.class_prior[static_cast<size_t>(c)] += lm.probs[static_cast<size_t>(i * k + c)];
    for (double& p : lm.class_prior) p = std::max(p / n, 1e-6);
    for (int64_t j = 0; j < m; ++j) {
      double hit = 0, total = 0;
      for (int64_t i = 0; i < n; ++i) {
        const int32_t v = votes.at(i, j);
        if (v == kAbstain) continue;
        hit += lm.probs[static_cast<size_t>(i * k + v)];
        total += 1;
      }
      lm.accuracies[static_cast<size_t>(j)] = total > 0 ? std::clamp(hit / total, lo, hi) : 0.5;
    }
    // E-step.
    double ll = 0;
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t c = 0; c < k; ++c)
        logq[static_cast<size_t>(c)] = std::log(lm.class_prior[static_cast<size_t>(c)]);
      for (int64_t j = 0; j < m; ++j) {
        const int32_t v = votes.at(i, j);
        if (v == kAbstain) continue;
        const double a = lm.accuracies[static_cast<size_t>(j)];
        const double right = std::log(a), wrong = std::log((1 - a) / static_cast<double>(k - 1));
        for (int64_t c = 0; c < k; ++c) logq[static_cast<size_t>(c)] += c == v ? right : wrong;
      }
      const double mx = *std::max_element(logq.begin(), logq.end());
      double sum = 0;
      for (double& l : logq) sum += std::exp(l - mx);
      ll += mx + std::log(sum);
      for (int64_t c = 0; c < k; ++c)
        lm.probs[static_cast<size_t>(i * k + c)] =
            std::exp(logq[static_cast<size_t>(c)] - mx) / sum;
    }
    lm.iterations = it + 1;
    lm.log_likelihood = ll;
    if (ll - prev_ll < o.tol * static_cast<double>(n)) break;
    prev_ll = ll;
  }
  return lm;
}

Result<std::vector<double>> majority_label_voter_proba(const LabelMatrix& votes,
                                                       int64_t cardinality) {
  if (votes.n_points < 1 || votes.n_lfs < 1)
    return make_error(ErrorCode::kEmptyInput, "votes", "no points or no labelling functions");
  if (static_cast<int64_t>(votes.votes.size()) != votes.n_points * votes.n_lfs)
    return make_error(ErrorCode::kLengthMismatch, "votes", "size is not n_points × n_lfs");
  if (cardinality < 1)
    return make_error(ErrorCode::kInvalidArgument, "cardinality", "expected at least 1 class");
  const int64_t n = votes.n_points, m = votes.n_lfs, k = cardinality;
  std::vector<double> out(static_cast<size_t>(n * k), 0.0);
  std::vector<int64_t> counts(static_cast<size_t>(k));
  for (int64_t i = 0; i < n; ++i) {
    std::fill(counts.begin(), counts.end(), 0);
    for (int64_t j = 0; j < m; ++j) {
      const int32_t v = votes.at(i, j);
      if (v == kAbstain) continue;
      if (v < 0 || v >= k)
        return make_error(ErrorCode::kOutOfRange,
                          "votes[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                          "class outside [-1, " + std::to_string(k) + ")");
      ++counts[static_cast<size_t>(v)];
    }
    const int64_t top = *std::max_element(counts.begin(), counts.end());
    const double tied = static_cast<double>(std::count(counts.begin(), counts.end(), top));
    for (int64_t c = 0; c < k; ++c)
      if (counts[static_cast<size_t>(c)] == top) out[static_cast<size_t>(i * k + c)] = 1.0 / tied;
  }
  return out;
}

}  // namespace localabel
