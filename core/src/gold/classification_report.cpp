// Per-class precision, recall and F1 with macro, micro and weighted averages.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "localabel/gold.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(int64_t num, int64_t den, ZeroDivision zd) {
  if (den > 0) return static_cast<double>(num) / static_cast<double>(den);
  return zd == ZeroDivision::kOne ? 1.0 : zd == ZeroDivision::kZero ? 0.0 : kNaN;
}

// scikit-learn's _nanaverage: the mean of values weighted by weights, leaving out NaN values;
// NaN when nothing is left; the unweighted mean when the weights left sum to 0 (numpy's
// ZeroDivisionError, which scikit-learn catches).
double nan_average(const std::vector<double>& values, const std::vector<double>& weights) {
  double sum = 0, total = 0, plain = 0;
  int64_t kept = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    sum += values[i] * weights[i];
    total += weights[i];
    plain += values[i];
    ++kept;
  }
  if (kept == 0) return kNaN;
  return total > 0 ? sum / total : plain / static_cast<double>(kept);
}

// The report of the classes `labels` (in that order) from per-class counts over all codes.
ClassificationReport build(const std::vector<int64_t>& support, const std::vector<int64_t>& pred,
                           const std::vector<int64_t>& tp, int64_t n,
                           const std::vector<int32_t>& labels, ZeroDivision zd) {
  ClassificationReport r;
  r.n = n;
  int64_t sum_tp = 0, sum_pred = 0, sum_support = 0, all_tp = 0;
  for (int64_t t : tp) all_tp += t;
  std::vector<double> p, rec, f, ones, weights;
  for (int32_t label : labels) {
    const size_t c = static_cast<size_t>(label);
    ClassScores s;
    s.label = label;
    s.support = support[c];
    s.predicted = pred[c];
    s.true_positives = tp[c];
    s.precision = ratio(tp[c], pred[c], zd);
    s.recall = ratio(tp[c], support[c], zd);
    s.f1 = ratio(2 * tp[c], support[c] + pred[c], zd);
    sum_tp += tp[c];
    sum_pred += pred[c];
    sum_support += support[c];
    p.push_back(s.precision);
    rec.push_back(s.recall);
    f.push_back(s.f1);
    ones.push_back(1.0);
    weights.push_back(static_cast<double>(support[c]));
    r.classes.push_back(s);
  }
  r.macro = {nan_average(p, ones), nan_average(rec, ones), nan_average(f, ones)};
  r.weighted = {nan_average(p, weights), nan_average(rec, weights), nan_average(f, weights)};
  // Summed over the reported classes; with every present class reported both sums are n.
  r.micro.precision = ratio(sum_tp, sum_pred, zd);
  r.micro.recall = ratio(sum_tp, sum_support, zd);
  r.micro.f1 = ratio(2 * sum_tp, sum_pred + sum_support, zd);
  r.accuracy = n > 0 ? static_cast<double>(all_tp) / static_cast<double>(n) : kNaN;
  return r;
}

Status check_labels(const std::vector<int32_t>& labels, int32_t n_labels) {
  std::vector<uint8_t> seen(static_cast<size_t>(std::max(n_labels, 0)), 0);
  for (size_t j = 0; j < labels.size(); ++j) {
    const std::string where = "labels[" + std::to_string(j) + "]";
    if (labels[j] < 0 || labels[j] >= n_labels)
      return make_error(ErrorCode::kUnknownReference, where,
                        "label code " + std::to_string(labels[j]) +
                            " is outside the label set 0.." + std::to_string(n_labels - 1));
    if (seen[static_cast<size_t>(labels[j])]++)
      return make_error(ErrorCode::kInvalidArgument, where,
                        "label code " + std::to_string(labels[j]) + " is listed twice");
  }
  return Ok{};
}

}  // namespace

Result<ClassificationReport> classification_report(std::span<const int32_t> truth,
                                                   std::span<const int32_t> predicted,
                                                   int32_t n_labels, ZeroDivision zd) {
  ClassificationReportOptions options;
  options.zero_division = zd;
  return classification_report(truth, predicted, n_labels, options);
}

Result<ClassificationReport> classification_report(std::span<const int32_t> truth,
                                                   std::span<const int32_t> predicted,
                                                   int32_t n_labels,
                                                   const ClassificationReportOptions& options) {
  if (truth.size() != predicted.size())
    return make_error(ErrorCode::kLengthMismatch, "predicted",
                      "has " + std::to_string(predicted.size()) + " labels, truth has " +
                          std::to_string(truth.size()));
  if (truth.empty()) return make_error(ErrorCode::kEmptyInput, "truth", "no labels to score");
  if (n_labels < 1)
    return make_error(ErrorCode::kInvalidArgument, "n_labels", "must be at least 1");
  Status ls = check_labels(options.labels, n_labels);
  if (!ls) return ls.error();
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
  std::vector<int32_t> labels = options.labels;
  if (labels.empty())  // scikit-learn's default: the sorted union of truth and predictions
    for (size_t c = 0; c < k; ++c)
      if (support[c] > 0 || pred[c] > 0) labels.push_back(static_cast<int32_t>(c));
  return build(support, pred, tp, static_cast<int64_t>(truth.size()), labels,
               options.zero_division);
}

Result<std::vector<AnnotatorGoldReport>> gold_classification_reports(
    const AnnotationTable& table, const std::vector<GoldAnswer>& gold,
    const ClassificationReportOptions& options) {
  Status ls = check_labels(options.labels, table.n_labels());
  if (!ls) return ls.error();
  auto all = gold_classification_reports(table, gold, options.zero_division);
  if (!all || options.labels.empty()) return all;
  // Each report lists every class present in its pairs with its counts: the counts of the
  // other codes are 0, so the report of any label list follows from it.
  const size_t k = static_cast<size_t>(table.n_labels());
  for (AnnotatorGoldReport& a : *all) {
    if (a.report.n == 0) continue;  // nothing to score: stays undefined
    std::vector<int64_t> support(k, 0), pred(k, 0), tp(k, 0);
    for (const ClassScores& c : a.report.classes) {
      support[static_cast<size_t>(c.label)] = c.support;
      pred[static_cast<size_t>(c.label)] = c.predicted;
      tp[static_cast<size_t>(c.label)] = c.true_positives;
    }
    a.report = build(support, pred, tp, a.report.n, options.labels, options.zero_division);
  }
  return all;
}

}  // namespace localabel
