// Gold checks: annotators' answers against known-correct (gold) labels.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "localabel/annotation_table.h"
#include "localabel/error.h"

namespace localabel {

/// One annotator's accuracy on the gold items it answered.
struct AnnotatorGoldAccuracy {
  int32_t annotator = 0;  ///< annotator code
  int64_t answered = 0;   ///< gold items this annotator labelled
  int64_t correct = 0;
  double accuracy = 0;  ///< correct / answered; NaN when answered == 0
};

/// Accuracy of every annotator on the gold items (gold from parse_gold_csv or built from
/// codes): for each row whose item has a gold label, correct when the row's label equals it.
/// Returns one entry per annotator code, in code order; annotators without any gold answer
/// have accuracy NaN. Errors: kOutOfRange for a gold item or label code outside the table,
/// kDuplicate for a gold item given twice, kEmptyInput when gold is empty.
Result<std::vector<AnnotatorGoldAccuracy>> gold_accuracy(const AnnotationTable& table,
                                                         const std::vector<GoldAnswer>& gold);

/// One wrong answer on a gold item.
struct GoldError {
  int32_t item = 0;
  int32_t expected = 0;  ///< gold label code
  int32_t given = 0;     ///< the annotator's label code
};

/// A qualification test: one annotator's answers against gold, passed when accuracy >= the
/// threshold (default 0.85).
struct QualificationResult {
  int32_t annotator = 0;
  int64_t answered = 0;
  int64_t correct = 0;
  double accuracy = 0;  ///< NaN when nothing was answered (then passed is false)
  bool passed = false;
  std::vector<GoldError> errors;  ///< in item code order
};

/// Scores annotator `annotator` (a code of table.annotators) against gold. Gold items the
/// annotator did not answer are not counted. Errors: kUnknownReference (annotator code),
/// kInvalidArgument (threshold outside [0, 1]), and those of gold_accuracy.
Result<QualificationResult> qualification_test(const AnnotationTable& table,
                                               const std::vector<GoldAnswer>& gold,
                                               int32_t annotator, double threshold = 0.85);

/// What a precision, recall or F1 is when its denominator is 0 (scikit-learn's zero_division).
enum class ZeroDivision {
  kZero,  ///< 0 (scikit-learn's default "warn" behaves so)
  kOne,   ///< 1
  kNaN,   ///< NaN; NaN classes are left out of the macro and weighted averages (as
          ///< scikit-learn >= 1.3 does with zero_division=np.nan)
};

/// Scores of one class (label code) in a classification report.
struct ClassScores {
  int32_t label = 0;           ///< label code
  int64_t support = 0;         ///< answers whose true (gold) label is this class
  int64_t predicted = 0;       ///< answers that gave this class
  int64_t true_positives = 0;  ///< answers that gave this class where it was the true label
  double precision = 0;        ///< tp / predicted; zero_division when predicted = 0
  double recall = 0;           ///< tp / support; zero_division when support = 0
  /// 2 tp / (support + predicted) (the harmonic mean of precision and recall); never
  /// undefined here, since a reported class has support + predicted > 0.
  double f1 = 0;
};

/// Precision, recall and F1 averaged over classes.
struct AverageScores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

/// Per-class precision/recall/F1 with averages, as scikit-learn's
/// precision_recall_fscore_support and classification_report define them (labels=None unless
/// ClassificationReportOptions::labels is given).
struct ClassificationReport {
  int64_t n = 0;  ///< number of (truth, prediction) pairs
  /// The classes present in the truth or the predictions, in label code order (scikit-learn's
  /// default label set: the sorted union of y_true and y_pred); or exactly the requested
  /// labels, in their order.
  std::vector<ClassScores> classes;
  /// Unweighted mean over the reported classes (with ZeroDivision::kNaN, over the classes that
  /// are not NaN; NaN when all are).
  AverageScores macro;
  /// From the counts summed over the reported classes: precision = sum tp / sum predicted,
  /// recall = sum tp / sum support, F1 = 2 sum tp / (sum predicted + sum support), each
  /// zero_division when its denominator is 0. Over every present class all three equal the
  /// accuracy.
  AverageScores micro;
  /// Mean over the reported classes weighted by support (NaN classes left out with kNaN; the
  /// unweighted mean when the supports left sum to 0, as scikit-learn's _nanaverage).
  AverageScores weighted;
  double accuracy = 0;  ///< sum tp / n over every pair, whatever the labels reported
};

/// Options of classification_report.
struct ClassificationReportOptions {
  ZeroDivision zero_division = ZeroDivision::kZero;
  /// scikit-learn's `labels=`: the label codes to report and average over, in this order. A
  /// label absent from the data is reported with support 0 and predicted 0 (precision, recall
  /// and F1 = zero_division) and counts in the macro average; labels left out are ignored by
  /// every average (micro included) but not by the accuracy. Empty: every present label.
  std::vector<int32_t> labels;
};

/// The classification report of predictions against the truth, both label codes in
/// [0, n_labels). An empty input is an error (there is nothing to score). Errors:
/// kLengthMismatch, kEmptyInput, kInvalidArgument (n_labels < 1), kUnknownReference (a code
/// outside [0, n_labels): path "truth[i]" or "predicted[i]").
Result<ClassificationReport> classification_report(
    std::span<const int32_t> truth, std::span<const int32_t> predicted, int32_t n_labels,
    ZeroDivision zero_division = ZeroDivision::kZero);

/// The same with options (scikit-learn's labels=). Errors: as above, and kUnknownReference
/// ("labels[j]": a code outside [0, n_labels)), kInvalidArgument ("labels[j]": listed twice).
Result<ClassificationReport> classification_report(std::span<const int32_t> truth,
                                                   std::span<const int32_t> predicted,
                                                   int32_t n_labels,
                                                   const ClassificationReportOptions& options);

/// One annotator's classification report against gold.
struct AnnotatorGoldReport {
  int32_t annotator = 0;  ///< annotator code
  /// Truth = gold label, prediction = the annotator's label, over the gold items it answered.
  /// An annotator that answered no gold item gets n = 0, no classes, and NaN for every average
  /// and the accuracy (undefined: nothing to score), not an error.
  ClassificationReport report;
};

/// classification_report of every annotator (in code order) against the gold answers.
/// Errors: those of gold_accuracy (kEmptyInput without gold, kOutOfRange, kDuplicate).
Result<std::vector<AnnotatorGoldReport>> gold_classification_reports(
    const AnnotationTable& table, const std::vector<GoldAnswer>& gold,
    ZeroDivision zero_division = ZeroDivision::kZero);

/// The same with options: every report restricted to options.labels (label codes of the
/// table), as scikit-learn's labels=. Errors: as above, and those of the labels (see
/// classification_report).
Result<std::vector<AnnotatorGoldReport>> gold_classification_reports(
    const AnnotationTable& table, const std::vector<GoldAnswer>& gold,
    const ClassificationReportOptions& options);

}  // namespace localabel
