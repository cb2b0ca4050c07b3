// Batch strategies: uncertainty × distance to the labelled set, ranked batch, class balance.
#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/diversity.h"
#include "localabel/sampling.h"

namespace localabel {

namespace {

Status check_pair(const MatrixView& probs, const MatrixView& features,
                  const std::vector<uint8_t>& labelled, int64_t k) {
  if (k < 0) return make_error(ErrorCode::kInvalidArgument, "k", "must not be negative");
  Status s = validate_matrix(features, "features");
  if (!s) return s;
  if (features.rows != probs.rows)
    return make_error(
        ErrorCode::kLengthMismatch, "features",
        "has " + std::to_string(features.rows) + " rows, probs has " + std::to_string(probs.rows));
  if (static_cast<int64_t>(labelled.size()) != probs.rows)
    return make_error(ErrorCode::kLengthMismatch, "labelled",
                      "has " + std::to_string(labelled.size()) + " entries, probs has " +
                          std::to_string(probs.rows) + " rows");
  return Ok{};
}

// Squared distance of every row to its nearest row with labelled != 0 (infinity if none).
std::vector<float> distance_to_labelled(const MatrixView& x, const std::vector<uint8_t>& labelled) {
  std::vector<float> m(static_cast<size_t>(x.rows), std::numeric_limits<float>::infinity());
  for (int64_t c = 0; c < x.rows; ++c) {
    if (!labelled[static_cast<size_t>(c)]) continue;
    for (int64_t i = 0; i < x.rows; ++i)
      m[static_cast<size_t>(i)] =
          std::min(m[static_cast<size_t>(i)], squared_distance(x.row(i), x.row(c), x.cols));
  }
  return m;
}

}  // namespace

Result<std::vector<int64_t>> select_uncertainty_diversity(const MatrixView& probs,
                                                          const MatrixView& features,
                                                          const std::vector<uint8_t>& labelled,
                                                          Uncertainty measure, int64_t k) {
  auto u = uncertainty_scores(probs, measure);
  if (!u) return u.error();
  Status s = check_pair(probs, features, labelled, k);
  if (!s) return s.error();
  std::vector<float> d2 = distance_to_labelled(features, labelled);
  float dmax = 0;
  for (size_t i = 0; i < d2.size(); ++i)
    if (!labelled[i] && std::isfinite(d2[i])) dmax = std::max(dmax, std::sqrt(d2[i]));
  std::vector<int64_t> rows;
  std::vector<float> score;
  for (int64_t i = 0; i < probs.rows; ++i) {
    if (labelled[static_cast<size_t>(i)]) continue;
    float ui = (*u)[static_cast<size_t>(i)];
    if (measure == Uncertainty::kMargin) ui = 1.0f - ui;
    const float di = std::isfinite(d2[static_cast<size_t>(i)]) && dmax > 0
                         ? std::sqrt(d2[static_cast<size_t>(i)]) / dmax
                         : 1.0f;
    rows.push_back(i);
    score.push_back(ui * di);
  }
  std::vector<int64_t> best = top_k_indices(score, k, true);
  for (auto& b : best) b = rows[static_cast<size_t>(b)];
  return best;
}

Result<std::vector<int64_t>> select_ranked_batch(const MatrixView& probs,
                                                 const MatrixView& features,
                                                 const std::vector<uint8_t>& labelled, int64_t k) {
  auto u = uncertainty_scores(probs, Uncertainty::kLeastConfidence);
  if (!u) return u.error();
  Status s = check_pair(probs, features, labelled, k);
  if (!s) return s.error();
  const int64_t n = probs.rows, d = features.cols;
  std::vector<uint8_t> taken(labelled);
  int64_t n_labelled = 0;
  for (uint8_t l : labelled) n_labelled += l ? 1 : 0;
  std::vector<float> d2 = distance_to_labelled(features, labelled);
  std::vector<int64_t> out;
  auto take = [&](int64_t row) {
    out.push_back(row);
    taken[static_cast<size_t>(row)] = 1;
    ++n_labelled;
    for (int64_t i = 0; i < n; ++i)
      d2[static_cast<size_t>(i)] = std::min(
          d2[static_cast<size_t>(i)], squared_distance(features.row(i), features.row(row), d));
  };
  int64_t n_unlabelled = n - n_labelled;
  const int64_t want = std::min(k, n_unlabelled);
  if (want > 0 && n_labelled == 0) {
    // Cold start: the row with the smallest mean Euclidean distance to all rows.
    int64_t best = 0;
    double best_mean = std::numeric_limits<double>::infinity();
    for (int64_t i = 0; i < n; ++i) {
      double sum = 0;
      for (int64_t j = 0; j < n; ++j)
        sum +=
            std::sqrt(static_cast<double>(squared_distance(features.row(i), features.row(j), d)));
      if (sum < best_mean) {
        best_mean = sum;
        best = i;
      }
    }
    take(best);
  }
  while (static_cast<int64_t>(out.size()) < want) {
    n_unlabelled = n - n_labelled;
    const double alpha =
        static_cast<double>(n_unlabelled) / static_cast<double>(n_unlabelled + n_labelled);
    int64_t best = -1;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int64_t i = 0; i < n; ++i) {
      if (taken[static_cast<size_t>(i)]) continue;
      const double dist = std::sqrt(static_cast<double>(d2[static_cast<size_t>(i)]));
      const double similarity = 1.0 / (1.0 + dist);
      const double sc = alpha * (1.0 - similarity) + (1.0 - alpha) * (*u)[static_cast<size_t>(i)];
      if (sc > best_score) {
        best_score = sc;
        best = i;
      }
    }
    take(best);
  }
  return out;
}

Result<std::vector<int64_t>> balance_batch(const std::vector<int64_t>& ranked,
                                           const std::vector<int32_t>& predicted,
                                           const std::vector<int64_t>& labelled_counts, int64_t k,
                                           int64_t window) {
  if (k < 0) return make_error(ErrorCode::kInvalidArgument, "k", "must not be negative");
  if (window < 1) return make_error(ErrorCode::kInvalidArgument, "window", "must be at least 1");
  const int64_t n_classes = static_cast<int64_t>(labelled_counts.size());
  if (n_classes == 0)
    return make_error(ErrorCode::kInvalidArgument, "labelled_counts", "needs one entry per class");
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (ranked[i] < 0 || ranked[i] >= static_cast<int64_t>(predicted.size()))
      return make_error(ErrorCode::kOutOfRange, "ranked[" + std::to_string(i) + "]",
                        "row outside predicted");
    const int32_t c = predicted[static_cast<size_t>(ranked[i])];
    if (c < 0 || c >= n_classes)
      return make_error(
          ErrorCode::kInvalidArgument, "predicted[" + std::to_string(ranked[i]) + "]",
          "class " + std::to_string(c) + " outside [0, " + std::to_string(n_classes) + ")");
  }
  const size_t limit = std::min(ranked.size(), static_cast<size_t>(window));
  std::vector<uint8_t> used(limit, 0);
  std::vector<int64_t> have(labelled_counts);
  std::vector<int64_t> out;
  while (static_cast<int64_t>(out.size()) < k) {
    // Best remaining candidate of every class within the window.
    std::vector<int64_t> first(static_cast<size_t>(n_classes), -1);
    for (size_t p = 0; p < limit; ++p) {
      if (used[p]) continue;
      const int32_t c = predicted[static_cast<size_t>(ranked[p])];
      if (first[static_cast<size_t>(c)] < 0)
        first[static_cast<size_t>(c)] = static_cast<int64_t>(p);
    }
    int64_t cls = -1;
    for (int64_t c = 0; c < n_classes; ++c)
      if (first[static_cast<size_t>(c)] >= 0 &&
          (cls < 0 || have[static_cast<size_t>(c)] < have[static_cast<size_t>(cls)]))
        cls = c;
    if (cls < 0) break;
    const size_t p = static_cast<size_t>(first[static_cast<size_t>(cls)]);
    used[p] = 1;
    ++have[static_cast<size_t>(cls)];
    out.push_back(ranked[p]);
  }
  return out;
}

}  // namespace localabel
