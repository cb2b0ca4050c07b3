// Confident learning: per-class thresholds, the confident joint, prune by noise rate.
#include <algorithm>
#include <cmath>

#include "localabel/label_errors.h"

namespace localabel {

Result<LabelIssues> find_label_issues(const MatrixView& probs, const std::vector<int32_t>& labels) {
  Status s = validate_matrix(probs, "probs");
  if (!s) return s.error();
  const int64_t n = probs.rows, k = probs.cols;
  if (static_cast<int64_t>(labels.size()) != n)
    return make_error(ErrorCode::kLengthMismatch, "labels",
                      "has " + std::to_string(labels.size()) + " entries, probs has " +
                          std::to_string(n) + " rows");
  for (int64_t i = 0; i < n; ++i) {
    if (labels[static_cast<size_t>(i)] < 0 || labels[static_cast<size_t>(i)] >= k)
      return make_error(ErrorCode::kOutOfRange, "labels[" + std::to_string(i) + "]",
                        "class outside [0, " + std::to_string(k) + ")");
    for (int64_t c = 0; c < k; ++c)
      if (!(probs.row(i)[c] >= 0.0f && probs.row(i)[c] <= 1.0f))
        return make_error(ErrorCode::kOutOfRange,
                          "probs[" + std::to_string(i) + "][" + std::to_string(c) + "]",
                          "expected a probability in [0, 1]");
  }
  LabelIssues r;
  std::vector<int64_t> count(static_cast<size_t>(k), 0);
  r.thresholds.assign(static_cast<size_t>(k), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    const int32_t y = labels[static_cast<size_t>(i)];
    ++count[static_cast<size_t>(y)];
    r.thresholds[static_cast<size_t>(y)] += probs.row(i)[y];
  }
  for (int64_t c = 0; c < k; ++c)
    r.thresholds[static_cast<size_t>(c)] =
        count[static_cast<size_t>(c)]
            ? r.thresholds[static_cast<size_t>(c)] / count[static_cast<size_t>(c)]
            : 1.0;
  r.confident_joint.assign(static_cast<size_t>(k * k), 0);
  for (int64_t i = 0; i < n; ++i) {
    const float* p = probs.row(i);
    int64_t best = -1;
    for (int64_t c = 0; c < k; ++c)
      if (p[c] >= r.thresholds[static_cast<size_t>(c)] && (best < 0 || p[c] > p[best])) best = c;
    if (best >= 0)
      ++r.confident_joint[static_cast<size_t>(labels[static_cast<size_t>(i)] * k + best)];
  }
  std::vector<uint8_t> flagged(static_cast<size_t>(n), 0);
  for (int64_t gi = 0; gi < k; ++gi) {
    int64_t row_sum = 0;
    for (int64_t j = 0; j < k; ++j) row_sum += r.confident_joint[static_cast<size_t>(gi * k + j)];
    if (row_sum == 0) continue;
    std::vector<int64_t> members;
    for (int64_t i = 0; i < n; ++i)
      if (labels[static_cast<size_t>(i)] == gi) members.push_back(i);
    for (int64_t j = 0; j < k; ++j) {
      if (j == gi) continue;
      const double calibrated =
          static_cast<double>(r.confident_joint[static_cast<size_t>(gi * k + j)]) /
          static_cast<double>(row_sum) * static_cast<double>(count[static_cast<size_t>(gi)]);
      const int64_t remove = std::min<int64_t>(static_cast<int64_t>(std::llround(calibrated)),
                                               static_cast<int64_t>(members.size()));
      if (remove <= 0) continue;
      std::vector<int64_t> order(members);
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return probs.row(a)[j] - probs.row(a)[gi] > probs.row(b)[j] - probs.row(b)[gi];
      });
      for (int64_t t = 0; t < remove; ++t)
        flagged[static_cast<size_t>(order[static_cast<size_t>(t)])] = 1;
    }
  }
  r.self_confidence.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const float* p = probs.row(i);
    r.self_confidence[static_cast<size_t>(i)] = p[labels[static_cast<size_t>(i)]];
    const int64_t arg = std::max_element(p, p + k) - p;
    if (arg == labels[static_cast<size_t>(i)]) flagged[static_cast<size_t>(i)] = 0;
    if (flagged[static_cast<size_t>(i)]) r.issues.push_back(i);
  }
  std::stable_sort(r.issues.begin(), r.issues.end(), [&](int64_t a, int64_t b) {
    return r.self_confidence[static_cast<size_t>(a)] < r.self_confidence[static_cast<size_t>(b)];
  });
  return r;
}

}  // namespace localabel
