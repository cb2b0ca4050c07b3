// Gold checks: annotators' answers against known-correct (gold) labels.
#pragma once

#include <cstdint>
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

}  // namespace localabel
