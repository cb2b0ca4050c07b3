#include "localabel/annotator_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/gold.h"

namespace localabel {

Result<std::vector<AnnotatorStats>> annotator_statistics(const AnnotationTable& table,
                                                         const std::vector<GoldAnswer>& gold,
                                                         double price_per_label) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (!(price_per_label >= 0) || !std::isfinite(price_per_label))
    return make_error(ErrorCode::kOutOfRange, "price_per_label", "must be finite and >= 0");
  const int32_t na = table.n_annotators(), nl = table.n_labels();
  std::vector<AnnotatorStats> out(static_cast<size_t>(na));
  std::vector<std::vector<double>> times(static_cast<size_t>(na));
  std::vector<int64_t> agree(static_cast<size_t>(na), 0);
  for (int32_t a = 0; a < na; ++a) out[a].annotator = a;
  for (int64_t r = 0; r < table.rows(); ++r) {
    ++out[table.annotator[r]].tasks;
    if (!table.time.empty()) times[table.annotator[r]].push_back(table.time[r]);
  }
  // Agreement with the others: per item, label counts; an answer agrees when its label has
  // the top count among the other answers (its own vote removed).
  std::vector<int32_t> count(static_cast<size_t>(nl), 0);
  for (int32_t i = 0; i < table.n_items(); ++i) {
    const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
    if (m < 2) continue;
    for (int64_t j = 0; j < m; ++j) ++count[table.label[table.row_of(i, j)]];
    for (int64_t j = 0; j < m; ++j) {
      const int64_t r = table.row_of(i, j);
      const int32_t own = table.label[r];
      --count[own];
      int32_t top = 0;
      for (int64_t q = 0; q < m; ++q) top = std::max(top, count[table.label[table.row_of(i, q)]]);
      agree[table.annotator[r]] += count[own] == top;
      ++out[table.annotator[r]].shared_items;
      ++count[own];
    }
    for (int64_t j = 0; j < m; ++j) count[table.label[table.row_of(i, j)]] = 0;
  }
  std::vector<AnnotatorGoldAccuracy> gold_acc;
  if (!gold.empty()) {
    auto g = gold_accuracy(table, gold);
    if (!g) return g.error();
    gold_acc = std::move(g).value();
  }
  for (int32_t a = 0; a < na; ++a) {
    AnnotatorStats& s = out[a];
    auto& t = times[a];
    if (t.empty()) {
      s.mean_seconds = s.median_seconds = s.tasks_per_hour = kNaN;
    } else {
      double sum = 0;
      for (double x : t) sum += x;
      s.mean_seconds = sum / static_cast<double>(t.size());
      std::sort(t.begin(), t.end());
      const size_t n = t.size();
      s.median_seconds = n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
      s.tasks_per_hour = s.mean_seconds > 0 ? 3600.0 / s.mean_seconds : kNaN;
    }
    s.agreement_with_others =
        s.shared_items ? static_cast<double>(agree[a]) / static_cast<double>(s.shared_items) : kNaN;
    s.gold_accuracy = gold_acc.empty() ? kNaN : gold_acc[a].accuracy;
    s.gold_answered = gold_acc.empty() ? 0 : gold_acc[a].answered;
    s.cost = static_cast<double>(s.tasks) * price_per_label;
  }
  return out;
}

}  // namespace localabel
