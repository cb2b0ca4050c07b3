// Confident learning as cleanlab computes it: confident thresholds, the confident joint and its
// calibration, the find_label_issues filters and the label-quality scores.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "localabel/label_errors.h"

namespace localabel {
namespace {

constexpr double kFloatingPointComparison = 1e-6;  // cleanlab FLOATING_POINT_COMPARISON
constexpr double kThresholdLowerBound = 2e-6;      // cleanlab CONFIDENT_THRESHOLDS_LOWER_BOUND
constexpr double kMissingClassThreshold = 2.0;     // cleanlab BIG_VALUE
constexpr double kTinyValue = 1e-100;              // cleanlab TINY_VALUE
constexpr double kMinAllowed = 1e-6;               // cleanlab rank.py MIN_ALLOWED

struct NamedFilter {
  LabelIssueFilter value;
  std::string_view name;
};
constexpr NamedFilter kFilters[] = {
    {LabelIssueFilter::kPruneByNoiseRate, "prune_by_noise_rate"},
    {LabelIssueFilter::kPruneByClass, "prune_by_class"},
    {LabelIssueFilter::kBoth, "both"},
    {LabelIssueFilter::kConfidentLearning, "confident_learning"},
    {LabelIssueFilter::kPredictedNeqGiven, "predicted_neq_given"},
    {LabelIssueFilter::kLowSelfConfidence, "low_self_confidence"},
    {LabelIssueFilter::kLowNormalizedMargin, "low_normalized_margin"},
};
struct NamedScore {
  LabelQualityScore value;
  std::string_view name;
};
constexpr NamedScore kScores[] = {
    {LabelQualityScore::kSelfConfidence, "self_confidence"},
    {LabelQualityScore::kNormalizedMargin, "normalized_margin"},
    {LabelQualityScore::kConfidenceWeightedEntropy, "confidence_weighted_entropy"},
};

// The probabilities in double precision, row-major, after the shape and range checks.
struct Checked {
  std::vector<double> p;
  int64_t n = 0, k = 0;
  const double* row(int64_t i) const { return p.data() + i * k; }
};

// Shape and range checks shared by the float32 and float64 views (validate_matrix's errors).
template <class View>
Result<Checked> check(const View& probs, const std::vector<int32_t>& labels) {
  if (probs.rows < 1)
    return make_error(ErrorCode::kEmptyInput, "probs",
                      "needs at least 1 rows, has " + std::to_string(probs.rows));
  if (probs.cols < 1)
    return make_error(ErrorCode::kInvalidArgument, "probs",
                      "needs at least 1 column, has " + std::to_string(probs.cols));
  if (probs.data == nullptr) return make_error(ErrorCode::kInvalidArgument, "probs", "has no data");
  Checked c;
  c.n = probs.rows;
  c.k = probs.cols;
  for (int64_t i = 0; i < c.n; ++i)
    for (int64_t j = 0; j < c.k; ++j)
      if (!std::isfinite(probs.row(i)[j]))
        return make_error(ErrorCode::kOutOfRange,
                          "probs[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                          "expected a finite number");
  if (static_cast<int64_t>(labels.size()) != c.n)
    return make_error(ErrorCode::kLengthMismatch, "labels",
                      "has " + std::to_string(labels.size()) + " entries, probs has " +
                          std::to_string(c.n) + " rows");
  c.p.resize(static_cast<size_t>(c.n * c.k));
  for (int64_t i = 0; i < c.n; ++i) {
    if (labels[static_cast<size_t>(i)] < 0 || labels[static_cast<size_t>(i)] >= c.k)
      return make_error(ErrorCode::kOutOfRange, "labels[" + std::to_string(i) + "]",
                        "class outside [0, " + std::to_string(c.k) + ")");
    for (int64_t j = 0; j < c.k; ++j) {
      const double v = static_cast<double>(probs.row(i)[j]);
      if (!(v >= 0.0 && v <= 1.0))
        return make_error(ErrorCode::kOutOfRange,
                          "probs[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                          "expected a probability in [0, 1]");
      c.p[static_cast<size_t>(i * c.k + j)] = v;
    }
  }
  return c;
}

int64_t argmax(const double* p, int64_t k) { return std::max_element(p, p + k) - p; }

std::vector<int64_t> class_counts(const std::vector<int32_t>& labels, int64_t k) {
  std::vector<int64_t> count(static_cast<size_t>(k), 0);
  for (int32_t y : labels) ++count[static_cast<size_t>(y)];
  return count;
}

// cleanlab get_confident_thresholds.
std::vector<double> confident_thresholds(const Checked& c, const std::vector<int32_t>& labels) {
  std::vector<double> sum(static_cast<size_t>(c.k), 0.0);
  std::vector<int64_t> count = class_counts(labels, c.k);
  for (int64_t i = 0; i < c.n; ++i) {
    const int32_t y = labels[static_cast<size_t>(i)];
    sum[static_cast<size_t>(y)] += c.row(i)[y];
  }
  std::vector<double> t(static_cast<size_t>(c.k));
  for (size_t j = 0; j < t.size(); ++j)
    t[j] = std::max(count[j] ? sum[j] / static_cast<double>(count[j]) : kMissingClassThreshold,
                    kThresholdLowerBound);
  return t;
}

// Indices 0..n-1 stably sorted by key ascending.
std::vector<int64_t> stable_argsort(const std::vector<double>& key) {
  std::vector<int64_t> order(key.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return key[static_cast<size_t>(a)] < key[static_cast<size_t>(b)];
  });
  return order;
}

// cleanlab round_preserving_sum: round half to even, then move the total back to the rounded
// sum by ±1 on the entries of largest (for +1) or smallest (for −1) remainder.
std::vector<int64_t> round_preserving_sum(const std::vector<double>& floats) {
  std::vector<double> ints(floats.size());
  double total = 0.0, int_total = 0.0;
  for (size_t i = 0; i < floats.size(); ++i) {
    ints[i] = std::nearbyint(floats[i]);  // the default rounding mode is to nearest even
    total += floats[i];
  }
  const double orig_sum = std::nearbyint(total);
  for (double v : ints) int_total += v;
  int_total = std::nearbyint(int_total);
  while (std::fabs(int_total - orig_sum) > kFloatingPointComparison) {
    const double diff = std::nearbyint(orig_sum - int_total);
    const int increment = diff < 0.0 ? -1 : 1;
    const size_t changes = std::min(static_cast<size_t>(std::fabs(diff)), floats.size());
    std::vector<double> remainder(floats.size());
    for (size_t i = 0; i < floats.size(); ++i) remainder[i] = floats[i] - ints[i];
    std::vector<int64_t> order = stable_argsort(remainder);
    if (increment > 0) std::reverse(order.begin(), order.end());
    for (size_t t = 0; t < changes; ++t) ints[static_cast<size_t>(order[t])] += increment;
    int_total = 0.0;
    for (double v : ints) int_total += v;
    int_total = std::nearbyint(int_total);
  }
  return std::vector<int64_t>(ints.begin(), ints.end());
}

// Rounds each row of a K × K matrix preserving its total.
std::vector<int64_t> round_rows(const std::vector<double>& m, int64_t k) {
  std::vector<int64_t> out(m.size());
  for (int64_t r = 0; r < k; ++r) {
    std::vector<double> row(m.begin() + r * k, m.begin() + (r + 1) * k);
    std::vector<int64_t> rounded = round_preserving_sum(row);
    std::copy(rounded.begin(), rounded.end(), out.begin() + r * k);
  }
  return out;
}

// cleanlab calibrate_confident_joint.
std::vector<int64_t> calibrate(const std::vector<int64_t>& cj, const std::vector<int64_t>& count,
                               int64_t k) {
  std::vector<double> cal(cj.size());
  double total = 0.0, n = 0.0;
  for (int64_t i = 0; i < k; ++i) {
    double row_sum = 0.0;
    for (int64_t j = 0; j < k; ++j)
      row_sum += static_cast<double>(cj[static_cast<size_t>(i * k + j)]);
    for (int64_t j = 0; j < k; ++j) {
      const size_t at = static_cast<size_t>(i * k + j);
      cal[at] = static_cast<double>(cj[at]) / std::max(row_sum, kTinyValue) *
                static_cast<double>(count[static_cast<size_t>(i)]);
      total += cal[at];
    }
    n += static_cast<double>(count[static_cast<size_t>(i)]);
  }
  for (double& v : cal) v = v / std::max(total, kTinyValue) * n;
  return round_rows(cal, k);
}

// cleanlab _keep_at_least_n_per_class followed by _reduce_prune_counts, on the transposed
// confident joint P[true][given]; returns the prune counts P'[true][given].
std::vector<int64_t> prune_counts(const std::vector<int64_t>& cj, int64_t k, int64_t min_n,
                                  double frac_noise) {
  std::vector<double> p(cj.size());
  for (int64_t a = 0; a < k; ++a)
    for (int64_t b = 0; b < k; ++b)
      p[static_cast<size_t>(a * k + b)] = static_cast<double>(cj[static_cast<size_t>(b * k + a)]);
  std::vector<double> kept(p);
  for (int64_t col = 0; col < k; ++col) {
    const double diag = p[static_cast<size_t>(col * k + col)];
    const double new_diag = std::max(diag, static_cast<double>(min_n));
    const double diff = new_diag - diag;
    double nonzero = 0.0;
    for (int64_t r = 0; r < k; ++r) nonzero += p[static_cast<size_t>(r * k + col)] != 0.0;
    const double per = std::max(nonzero - 1.0, 1.0);
    for (int64_t r = 0; r < k; ++r) {
      double& v = kept[static_cast<size_t>(r * k + col)];
      v = r == col ? new_diag : std::max(p[static_cast<size_t>(r * k + col)] - diff / per, 0.0);
    }
  }
  // _reduce_prune_counts: off-diagonals × frac_noise, the removed mass back on the diagonal
  // of its column, then truncated to integers (numpy astype(int)).
  std::vector<int64_t> out(kept.size());
  for (int64_t col = 0; col < k; ++col) {
    double removed = 0.0;
    for (int64_t r = 0; r < k; ++r) {
      if (r == col) continue;
      const double v = kept[static_cast<size_t>(r * k + col)];
      removed += v - v * frac_noise;
      out[static_cast<size_t>(r * k + col)] = static_cast<int64_t>(v * frac_noise);
    }
    out[static_cast<size_t>(col * k + col)] =
        static_cast<int64_t>(kept[static_cast<size_t>(col * k + col)] + removed);
  }
  return out;  // cleanlab's final round_preserving_row_totals leaves integers unchanged
}

std::vector<double> scores_of(const Checked& c, const std::vector<int32_t>& labels,
                              LabelQualityScore method) {
  std::vector<double> s(static_cast<size_t>(c.n));
  const double log_k = std::log(static_cast<double>(c.k));
  for (int64_t i = 0; i < c.n; ++i) {
    const double* p = c.row(i);
    const int32_t y = labels[static_cast<size_t>(i)];
    double v = p[y];
    if (method == LabelQualityScore::kNormalizedMargin) {
      double other = -1.0;
      for (int64_t j = 0; j < c.k; ++j)
        if (j != y) other = std::max(other, p[j]);
      v = (p[y] - other + 1.0) / 2.0;
    } else if (method == LabelQualityScore::kConfidenceWeightedEntropy) {
      double h = 0.0;
      for (int64_t j = 0; j < c.k; ++j)
        if (p[j] > 0.0) h -= p[j] * std::log(p[j]);  // xlogy(0, 0) = 0
      const double ratio = h / log_k / std::max(p[y], kMinAllowed);
      v = std::log(ratio + 1.0) / std::max(ratio, kMinAllowed);
    }
    s[static_cast<size_t>(i)] = v;
  }
  return s;
}

Status check_method(LabelQualityScore method, int64_t k, const char* what) {
  if (method != LabelQualityScore::kSelfConfidence && k < 2)
    return make_error(ErrorCode::kInvalidArgument, what,
                      std::string(label_quality_score_name(method)) + " needs at least 2 classes");
  return Ok{};
}

}  // namespace

std::string_view label_issue_filter_name(LabelIssueFilter f) {
  for (const auto& e : kFilters)
    if (e.value == f) return e.name;
  return "prune_by_noise_rate";
}

Result<LabelIssueFilter> parse_label_issue_filter(std::string_view name) {
  std::string allowed;
  for (const auto& e : kFilters) {
    if (e.name == name) return e.value;
    allowed += (allowed.empty() ? "" : ", ") + std::string(e.name);
  }
  return make_error(ErrorCode::kInvalidArgument, "filter_by",
                    "unknown filter '" + std::string(name) + "' (expected one of " + allowed + ")");
}

std::string_view label_quality_score_name(LabelQualityScore s) {
  for (const auto& e : kScores)
    if (e.value == s) return e.name;
  return "self_confidence";
}

Result<LabelQualityScore> parse_label_quality_score(std::string_view name) {
  std::string allowed;
  for (const auto& e : kScores) {
    if (e.name == name) return e.value;
    allowed += (allowed.empty() ? "" : ", ") + std::string(e.name);
  }
  return make_error(ErrorCode::kInvalidArgument, "rank_by",
                    "unknown score '" + std::string(name) + "' (expected one of " + allowed + ")");
}

namespace {

Result<std::vector<double>> scores_checked(Result<Checked> c, const std::vector<int32_t>& labels,
                                           LabelQualityScore method, bool adjust_pred_probs) {
  if (!c) return c.error();
  Status m = check_method(method, c->k, "method");
  if (!m) return m.error();
  if (adjust_pred_probs) {
    if (method == LabelQualityScore::kConfidenceWeightedEntropy)
      return make_error(ErrorCode::kInvalidArgument, "adjust_pred_probs",
                        "not supported with confidence_weighted_entropy");
    const std::vector<double> t = confident_thresholds(*c, labels);
    const double t_max = *std::max_element(t.begin(), t.end());
    for (int64_t i = 0; i < c->n; ++i) {
      double* p = c->p.data() + i * c->k;
      double sum = 0.0;
      for (int64_t j = 0; j < c->k; ++j) {
        p[j] = p[j] - t[static_cast<size_t>(j)] + t_max;
        sum += p[j];
      }
      for (int64_t j = 0; j < c->k; ++j) p[j] /= sum;
    }
  }
  return scores_of(*c, labels, method);
}

Result<LabelIssues> find_issues(Result<Checked> checked, const std::vector<int32_t>& labels,
                                const LabelIssueOptions& options) {
  if (!checked) return checked.error();
  const Checked& c = *checked;
  const int64_t n = c.n, k = c.k;
  if (!(options.frac_noise > 0.0 && options.frac_noise <= 1.0))
    return make_error(ErrorCode::kInvalidArgument, "frac_noise", "expected a value in (0, 1]");
  if (options.min_examples_per_class < 0)
    return make_error(ErrorCode::kInvalidArgument, "min_examples_per_class",
                      "expected a count ≥ 0");
  Status m = check_method(options.rank_by, k, "rank_by");
  if (!m) return m.error();
  if (options.filter_by == LabelIssueFilter::kLowNormalizedMargin) {
    Status mm = check_method(LabelQualityScore::kNormalizedMargin, k, "filter_by");
    if (!mm) return mm.error();
  }

  LabelIssues r;
  const std::vector<int64_t> count = class_counts(labels, k);
  r.thresholds = confident_thresholds(c, labels);

  // The confident joint (cleanlab compute_confident_joint).
  r.confident_joint_raw.assign(static_cast<size_t>(k * k), 0);
  std::vector<uint8_t> off_diagonal(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    const double* p = c.row(i);
    int64_t confident = 0, first = -1;
    for (int64_t j = 0; j < k; ++j)
      if (p[j] >= r.thresholds[static_cast<size_t>(j)] - kFloatingPointComparison) {
        ++confident;
        if (first < 0) first = j;
      }
    if (confident == 0) continue;
    const int64_t guess = confident > 1 ? argmax(p, k) : first;
    const int32_t y = labels[static_cast<size_t>(i)];
    ++r.confident_joint_raw[static_cast<size_t>(y * k + guess)];
    off_diagonal[static_cast<size_t>(i)] = guess != y;
  }
  for (int64_t j = 0; j < k; ++j) {
    int64_t& d = r.confident_joint_raw[static_cast<size_t>(j * k + j)];
    d = std::max<int64_t>(d, 1);
  }
  r.confident_joint = calibrate(r.confident_joint_raw, count, k);

  // count.num_label_issues(estimation_method="off_diagonal"): off-diagonal rows whose argmax,
  // with 1e-6 added to the given label, is not the given label.
  std::vector<double> bumped(static_cast<size_t>(k));
  for (int64_t i = 0; i < n; ++i) {
    if (!off_diagonal[static_cast<size_t>(i)]) continue;
    const int32_t y = labels[static_cast<size_t>(i)];
    std::copy(c.row(i), c.row(i) + k, bumped.begin());
    bumped[static_cast<size_t>(y)] += kFloatingPointComparison;
    if (argmax(bumped.data(), k) != y) ++r.num_label_issues;
  }

  std::vector<std::vector<int64_t>> members(static_cast<size_t>(k));
  for (int64_t i = 0; i < n; ++i)
    members[static_cast<size_t>(labels[static_cast<size_t>(i)])].push_back(i);
  const bool pruning = options.filter_by == LabelIssueFilter::kPruneByNoiseRate ||
                       options.filter_by == LabelIssueFilter::kPruneByClass ||
                       options.filter_by == LabelIssueFilter::kBoth;
  std::vector<int64_t> prune;
  if (pruning)
    prune = prune_counts(r.confident_joint, k, options.min_examples_per_class, options.frac_noise);
  // A class takes part in pruning when it has more than min_examples_per_class rows and more
  // than one row (cleanlab drops a per-class mask of length 1).
  auto prunable = [&](int64_t cls) {
    const int64_t size = static_cast<int64_t>(members[static_cast<size_t>(cls)].size());
    return size > options.min_examples_per_class && size > 1;
  };

  std::vector<uint8_t> by_class(static_cast<size_t>(n), 0), by_rate(static_cast<size_t>(n), 0);
  if (options.filter_by == LabelIssueFilter::kPruneByClass ||
      options.filter_by == LabelIssueFilter::kBoth) {
    for (int64_t cls = 0; cls < k; ++cls) {
      if (!prunable(cls)) continue;
      const auto& rows = members[static_cast<size_t>(cls)];
      const int64_t remove =
          static_cast<int64_t>(rows.size()) - prune[static_cast<size_t>(cls * k + cls)];
      if (remove < 1) continue;
      std::vector<double> key(rows.size());
      for (size_t t = 0; t < rows.size(); ++t) key[t] = c.row(rows[t])[cls];
      std::vector<int64_t> order = stable_argsort(key);
      for (int64_t t = 0; t < remove && t < static_cast<int64_t>(order.size()); ++t)
        by_class[static_cast<size_t>(rows[static_cast<size_t>(order[static_cast<size_t>(t)])])] = 1;
    }
  }
  if (options.filter_by == LabelIssueFilter::kPruneByNoiseRate ||
      options.filter_by == LabelIssueFilter::kBoth) {
    for (int64_t cls = 0; cls < k; ++cls) {
      if (!prunable(cls)) continue;
      const auto& rows = members[static_cast<size_t>(cls)];
      for (int64_t j = 0; j < k; ++j) {
        const int64_t remove = prune[static_cast<size_t>(j * k + cls)];
        if (j == cls || remove <= 0) continue;
        std::vector<double> key(rows.size());  // −margin, ascending = margin descending
        for (size_t t = 0; t < rows.size(); ++t)
          key[t] = -(c.row(rows[t])[j] - c.row(rows[t])[cls]);
        std::vector<int64_t> order = stable_argsort(key);
        for (int64_t t = 0; t < remove && t < static_cast<int64_t>(order.size()); ++t)
          by_rate[static_cast<size_t>(rows[static_cast<size_t>(order[static_cast<size_t>(t)])])] =
              1;
      }
    }
  }

  r.is_issue.assign(static_cast<size_t>(n), 0);
  switch (options.filter_by) {
    case LabelIssueFilter::kPruneByNoiseRate:
      r.is_issue = by_rate;
      break;
    case LabelIssueFilter::kPruneByClass:
      r.is_issue = by_class;
      break;
    case LabelIssueFilter::kBoth:
      for (int64_t i = 0; i < n; ++i)
        r.is_issue[static_cast<size_t>(i)] =
            by_rate[static_cast<size_t>(i)] && by_class[static_cast<size_t>(i)];
      break;
    case LabelIssueFilter::kConfidentLearning:
      r.is_issue = off_diagonal;
      break;
    case LabelIssueFilter::kPredictedNeqGiven:
      for (int64_t i = 0; i < n; ++i)
        r.is_issue[static_cast<size_t>(i)] = argmax(c.row(i), k) != labels[static_cast<size_t>(i)];
      break;
    case LabelIssueFilter::kLowSelfConfidence:
    case LabelIssueFilter::kLowNormalizedMargin: {
      const std::vector<double> s =
          scores_of(c, labels,
                    options.filter_by == LabelIssueFilter::kLowSelfConfidence
                        ? LabelQualityScore::kSelfConfidence
                        : LabelQualityScore::kNormalizedMargin);
      const std::vector<int64_t> order = stable_argsort(s);
      for (int64_t t = 0; t < r.num_label_issues; ++t)
        r.is_issue[static_cast<size_t>(order[static_cast<size_t>(t)])] = 1;
      break;
    }
  }
  if (options.filter_by != LabelIssueFilter::kLowSelfConfidence &&
      options.filter_by != LabelIssueFilter::kLowNormalizedMargin)
    for (int64_t i = 0; i < n; ++i)
      if (argmax(c.row(i), k) == labels[static_cast<size_t>(i)])
        r.is_issue[static_cast<size_t>(i)] = 0;

  r.quality = scores_of(c, labels, options.rank_by);
  r.self_confidence.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    r.self_confidence[static_cast<size_t>(i)] = c.row(i)[labels[static_cast<size_t>(i)]];
  for (int64_t i = 0; i < n; ++i)
    if (r.is_issue[static_cast<size_t>(i)]) r.issues.push_back(i);
  std::stable_sort(r.issues.begin(), r.issues.end(), [&](int64_t a, int64_t b) {
    return r.quality[static_cast<size_t>(a)] < r.quality[static_cast<size_t>(b)];
  });
  return r;
}

}  // namespace

Result<std::vector<double>> label_quality_scores(const MatrixView& probs,
                                                 const std::vector<int32_t>& labels,
                                                 LabelQualityScore method, bool adjust_pred_probs) {
  return scores_checked(check(probs, labels), labels, method, adjust_pred_probs);
}

Result<std::vector<double>> label_quality_scores(const MatrixView64& probs,
                                                 const std::vector<int32_t>& labels,
                                                 LabelQualityScore method, bool adjust_pred_probs) {
  return scores_checked(check(probs, labels), labels, method, adjust_pred_probs);
}

Result<LabelIssues> find_label_issues(const MatrixView& probs, const std::vector<int32_t>& labels,
                                      const LabelIssueOptions& options) {
  return find_issues(check(probs, labels), labels, options);
}

Result<LabelIssues> find_label_issues(const MatrixView64& probs, const std::vector<int32_t>& labels,
                                      const LabelIssueOptions& options) {
  return find_issues(check(probs, labels), labels, options);
}

}  // namespace localabel
