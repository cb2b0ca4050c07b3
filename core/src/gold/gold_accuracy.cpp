#include <cmath>
#include <limits>

#include "localabel/gold.h"

namespace localabel {
namespace {

// Gold label code per item (-1 when the item is not gold), after checking the gold list.
Result<std::vector<int32_t>> gold_by_item(const AnnotationTable& table,
                                          const std::vector<GoldAnswer>& gold) {
  if (gold.empty()) return make_error(ErrorCode::kEmptyInput, "gold", "no gold answers");
  std::vector<int32_t> by_item(static_cast<size_t>(table.n_items()), -1);
  auto where = [](size_t g) { return "gold[" + std::to_string(g) + "]"; };  // errors only
  for (size_t g = 0; g < gold.size(); ++g) {
    if (gold[g].item < 0 || gold[g].item >= table.n_items())
      return make_error(ErrorCode::kOutOfRange, where(g),
                        "item code " + std::to_string(gold[g].item) + " is not in the table");
    if (gold[g].label < 0 || gold[g].label >= table.n_labels())
      return make_error(ErrorCode::kOutOfRange, where(g),
                        "label code " + std::to_string(gold[g].label) + " is not in the table");
    if (by_item[gold[g].item] >= 0)
      return make_error(ErrorCode::kDuplicate, where(g),
                        "item '" + table.items.name(gold[g].item) + "' has two gold answers");
    by_item[gold[g].item] = gold[g].label;
  }
  return by_item;
}

}  // namespace

Result<std::vector<AnnotatorGoldAccuracy>> gold_accuracy(const AnnotationTable& table,
                                                         const std::vector<GoldAnswer>& gold) {
  auto by_item = gold_by_item(table, gold);
  if (!by_item) return by_item.error();
  const int32_t na = table.n_annotators();
  std::vector<AnnotatorGoldAccuracy> out(static_cast<size_t>(na));
  for (int32_t a = 0; a < na; ++a) out[a].annotator = a;
  // Only the rows of gold items are visited, through the item index (gold is usually a small
  // share of the items).
  const int32_t* ann = table.annotator.data();
  const int32_t* lab = table.label.data();
  const bool grouped = table.item_rows.empty();
  for (const GoldAnswer& g : gold) {
    const int64_t lo = table.item_offsets[g.item], hi = table.item_offsets[g.item + 1];
    for (int64_t k = lo; k < hi; ++k) {
      const int64_t r = grouped ? k : table.item_rows[k];
      AnnotatorGoldAccuracy& o = out[ann[r]];
      ++o.answered;
      o.correct += lab[r] == g.label;
    }
  }
  for (auto& o : out)
    o.accuracy = o.answered ? static_cast<double>(o.correct) / static_cast<double>(o.answered)
                            : std::numeric_limits<double>::quiet_NaN();
  return out;
}

Result<QualificationResult> qualification_test(const AnnotationTable& table,
                                               const std::vector<GoldAnswer>& gold,
                                               int32_t annotator, double threshold) {
  if (annotator < 0 || annotator >= table.n_annotators())
    return make_error(ErrorCode::kUnknownReference, "annotator",
                      "annotator code " + std::to_string(annotator) + " is not in the table");
  if (!(threshold >= 0 && threshold <= 1))
    return make_error(ErrorCode::kInvalidArgument, "threshold", "must be in [0, 1]");
  auto by_item = gold_by_item(table, gold);
  if (!by_item) return by_item.error();
  QualificationResult q;
  q.annotator = annotator;
  for (int32_t i = 0; i < table.n_items(); ++i) {
    const int32_t want = (*by_item)[i];
    if (want < 0) continue;
    const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
    for (int64_t j = 0; j < m; ++j) {
      const int64_t r = table.row_of(i, j);
      if (table.annotator[r] != annotator) continue;
      ++q.answered;
      if (table.label[r] == want)
        ++q.correct;
      else
        q.errors.push_back({i, want, table.label[r]});
    }
  }
  q.accuracy = q.answered ? static_cast<double>(q.correct) / static_cast<double>(q.answered)
                          : std::numeric_limits<double>::quiet_NaN();
  q.passed = q.answered > 0 && q.accuracy >= threshold;
  return q;
}

}  // namespace localabel

namespace localabel {

Result<std::vector<AnnotatorGoldReport>> gold_classification_reports(
    const AnnotationTable& table, const std::vector<GoldAnswer>& gold, ZeroDivision zd) {
  auto by_item = gold_by_item(table, gold);
  if (!by_item) return by_item.error();
  const int32_t na = table.n_annotators();
  std::vector<std::vector<int32_t>> truth(static_cast<size_t>(na)), given(truth.size());
  for (int64_t r = 0; r < table.rows(); ++r) {
    const int32_t want = (*by_item)[table.item[r]];
    if (want < 0) continue;
    truth[table.annotator[r]].push_back(want);
    given[table.annotator[r]].push_back(table.label[r]);
  }
  std::vector<AnnotatorGoldReport> out(static_cast<size_t>(na));
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (int32_t a = 0; a < na; ++a) {
    out[a].annotator = a;
    if (truth[a].empty()) {
      ClassificationReport& r = out[a].report;
      r.macro = r.micro = r.weighted = {kNaN, kNaN, kNaN};
      r.accuracy = kNaN;
      continue;
    }
    auto r = classification_report(truth[a], given[a], table.n_labels(), zd);
    if (!r) return r.error();
    out[a].report = std::move(r).value();
  }
  return out;
}

}  // namespace localabel
