// Per-class precision, recall and F1 with macro, micro and weighted averages.
#include <cmath>
#include <limits>

#include "localabel/gold.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(int64_t num, int64_t den, ZeroDivision zd) {
  if (den > 0) return static_cast<double>(num) / static_cast<double>(den);
  return zd == ZeroDivision::kOne ? 1.0 : zd == ZeroDivision::kZero ? 0.0 : kNaN;
}

// Mean of values weighted by weights, leaving out NaN values; NaN when nothing is left or the
// weights left sum to 0.
double nan_average(const std::vector<double>& values, const std::vector<double>& weights) {
  double sum = 0, total = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    sum += values[i] * weights[i];
    total += weights[i];
  }
  return total > 0 ? sum / total : kNaN;
}

}  // namespace

Result<ClassificationReport> classification_report(std::span<const int32_t> truth,
                                                   std::span<const int32_t> predicted,
                                                   int32_t n_labels, ZeroDivision zd) {
  if (truth.size() != predicted.size())
    return make_error(ErrorCode::kLengthMismatch, "predicted",
                      "has " + std::to_string(predicted.size()) + " labels, truth has " +
                          std::to_string(truth.size()));
  if (truth.empty()) return make_error(ErrorCode::kEmptyInput, "truth", "no labels to score");
  if (n_labels < 1)
    return make_error(ErrorCode::kInvalidArgument, "n_labels", "must be at least 1");
  const size_t k = static_cast<size_t>(n_labels);
  std::vector<int64_t> support(k, 0), pred(k, 0), tp(k, 0);
  for (size_t i = 0; i < truth.size(); ++i) {
    for (auto [v, name] : {std::pair{truth[i], "truth"}, std::pair{predicted[i], "predicted"}})
      if (v < 0 || v >= n_labels)
        return make_error(ErrorCode::kUnknownReference,
                          std::string(name) + "[" + std::to_string(i) + "]",
                          "label code " + std::to_string(v) + " is outside the label set 0.." +
                              std::to_string(n_labels - 1));
    ++support[truth[i]];
    ++pred[predicted[i]];
    tp[truth[i]] += truth[i] == predicted[i];
  }
  ClassificationReport r;
  r.n = static_cast<int64_t>(truth.size());
  int64_t sum_tp = 0;
  std::vector<double> p, rec, f, ones, weights;
  for (size_t c = 0; c < k; ++c) {
    if (support[c] == 0 && pred[c] == 0) continue;
    ClassScores s;
    s.label = static_cast<int32_t>(c);
    s.support = support[c];
    s.predicted = pred[c];
    s.true_positives = tp[c];
    s.precision = ratio(tp[c], pred[c], zd);
    s.recall = ratio(tp[c], support[c], zd);
    s.f1 = ratio(2 * tp[c], support[c] + pred[c], zd);
    sum_tp += tp[c];
    p.push_back(s.precision);
    rec.push_back(s.recall);
    f.push_back(s.f1);
    ones.push_back(1.0);
    weights.push_back(static_cast<double>(support[c]));
    r.classes.push_back(s);
  }
  r.macro = {nan_average(p, ones), nan_average(rec, ones), nan_average(f, ones)};
  r.weighted = {nan_average(p, weights), nan_average(rec, weights), nan_average(f, weights)};
  // Every answer has exactly one true and one predicted label: both sums equal n.
  r.micro.precision = ratio(sum_tp, r.n, zd);
  r.micro.recall = ratio(sum_tp, r.n, zd);
  r.micro.f1 = ratio(2 * sum_tp, 2 * r.n, zd);
  r.accuracy = static_cast<double>(sum_tp) / static_cast<double>(r.n);
  return r;
}

}  // namespace localabel
