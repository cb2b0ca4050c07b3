// Per-class (one-vs-rest) agreement: Fleiss' (1971) per-category kappa and the proportion of
// specific agreement, from per-item category counts.
#include <limits>

#include "count_table.h"
#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sums over items with two or more answers, per category.
class ClassSums {
 public:
  explicit ClassSums(int32_t k)
      : assigned_(static_cast<size_t>(k), 0),
        disagree_(static_cast<size_t>(k), 0),
        same_(static_cast<size_t>(k), 0),
        pairs_(static_cast<size_t>(k), 0) {}

  // One item: n[j] answers in category j for the categories listed in `used`, m in total.
  void add(const int64_t* n, const std::vector<int32_t>& used, int64_t m) {
    if (m < 2) return;
    ++items_;
    total_ += m;
    const double inv = 1.0 / static_cast<double>(m - 1);
    for (int32_t j : used) {
      const int64_t c = n[j];
      assigned_[j] += c;
      disagree_[j] += static_cast<double>(c) * static_cast<double>(m - c) * inv;
      same_[j] += c * (c - 1);
      pairs_[j] += c * (m - 1);
    }
  }

  Result<std::vector<ClassAgreement>> finish() const {
    if (items_ == 0)
      return make_error(ErrorCode::kEmptyInput, "",
                        "no item has two or more answers: per-class agreement is undefined");
    const double total = static_cast<double>(total_);
    std::vector<ClassAgreement> out(assigned_.size());
    for (size_t j = 0; j < out.size(); ++j) {
      ClassAgreement& c = out[j];
      c.label = static_cast<int32_t>(j);
      c.assignments = assigned_[j];
      c.proportion = static_cast<double>(assigned_[j]) / total;
      const double pq = c.proportion * (1 - c.proportion);
      if (assigned_[j] == 0) {
        c.kappa = c.specific = kNaN;
        c.undefined_reason =
            "nobody chose this label on an item with two or more answers: its kappa and "
            "specific agreement are 0/0";
      } else {
        c.specific = static_cast<double>(same_[j]) / static_cast<double>(pairs_[j]);
        if (pq <= 0) {
          c.kappa = kNaN;
          c.undefined_reason =
              "every answer is this label: chance agreement is 1, so its kappa is 0/0";
        } else {
          c.kappa = 1.0 - disagree_[j] / (total * pq);
        }
      }
    }
    return out;
  }

 private:
  std::vector<int64_t> assigned_;
  std::vector<double> disagree_;
  std::vector<int64_t> same_, pairs_;
  int64_t total_ = 0, items_ = 0;
};

}  // namespace

Result<std::vector<ClassAgreement>> per_class_agreement(const AnnotationTable& table) {
  if (table.rows() == 0) return make_error(ErrorCode::kEmptyInput, "", "the table is empty");
  const int32_t k = table.n_labels();
  ClassSums sums(k);
  std::vector<int64_t> n(static_cast<size_t>(k), 0);
  std::vector<int32_t> used;
  for (int32_t i = 0; i < table.n_items(); ++i) {
    const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
    used.clear();
    for (int64_t j = 0; j < m; ++j) {
      const int32_t l = table.label[table.row_of(i, j)];
      if (n[l]++ == 0) used.push_back(l);
    }
    sums.add(n.data(), used, m);
    for (int32_t l : used) n[l] = 0;
  }
  return sums.finish();
}

Result<std::vector<ClassAgreement>> per_class_agreement(std::span<const int32_t> counts,
                                                        int64_t n_items, int32_t n_categories) {
  if (Status shape = agreement_detail::check_count_table(counts.size(), n_items, n_categories);
      !shape.ok())
    return shape.error();
  ClassSums sums(n_categories);
  std::vector<int64_t> n(static_cast<size_t>(n_categories), 0);
  std::vector<int32_t> used;
  for (int64_t i = 0; i < n_items; ++i) {
    int64_t m = 0;
    used.clear();
    for (int32_t j = 0; j < n_categories; ++j) {
      const int32_t c = counts[static_cast<size_t>(i * n_categories + j)];
      if (c < 0)
        return make_error(ErrorCode::kOutOfRange,
                          "counts[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                          "a count cannot be negative");
      n[j] = c;
      m += c;
      if (c > 0) used.push_back(j);
    }
    sums.add(n.data(), used, m);
  }
  return sums.finish();
}

}  // namespace localabel
