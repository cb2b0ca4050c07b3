// Per-annotator statistics: volume, speed, agreement with the others, gold accuracy, cost.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/annotation_table.h"
#include "localabel/error.h"

namespace localabel {

struct AnnotatorStats {
  int32_t annotator = 0;      ///< annotator code
  int64_t tasks = 0;          ///< rows (answers) of this annotator
  double mean_seconds = 0;    ///< mean time per task; NaN without a time column
  double median_seconds = 0;  ///< median time per task (mean of the two middle values); NaN
  double tasks_per_hour = 0;  ///< 3600 / mean_seconds; NaN without times or when mean is 0
  /// Share of this annotator's answers on items with at least one other answer that equal the
  /// majority vote of the *other* annotators of the item (ties among the others: agreement when
  /// the answer is one of the tied labels). NaN when no item is shared.
  double agreement_with_others = 0;
  int64_t shared_items = 0;  ///< items that entered agreement_with_others
  double gold_accuracy = 0;  ///< NaN when no gold item was answered (or no gold given)
  int64_t gold_answered = 0;
  double cost = 0;  ///< tasks * price_per_label
};

/// Statistics of every annotator (in code order). gold may be empty. Errors: kOutOfRange
/// (price_per_label negative or not finite; gold codes outside the table), kDuplicate (gold).
Result<std::vector<AnnotatorStats>> annotator_statistics(const AnnotationTable& table,
                                                         const std::vector<GoldAnswer>& gold,
                                                         double price_per_label = 0);

}  // namespace localabel
