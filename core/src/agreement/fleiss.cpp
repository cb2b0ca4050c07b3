// Fleiss' kappa (Fleiss 1971) from a count table or a long table.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "count_table.h"
#include "localabel/agreement.h"

namespace localabel {
namespace {

// kappa from the accumulated parts: sum over items of sum_k n_ik^2, category totals.
Result<AgreementResult> finish(double sum_sq, const std::vector<double>& totals, int64_t n_items,
                               int64_t raters, FleissMethod method = FleissMethod::kFleiss) {
  const double n = static_cast<double>(raters);
  const double all = static_cast<double>(n_items) * n;
  double pe = 0;
  if (method == FleissMethod::kRandolph)
    pe = 1.0 / static_cast<double>(totals.size());
  else
    for (double t : totals) pe += (t / all) * (t / all);
  const double pbar = (sum_sq - all) / (static_cast<double>(n_items) * n * (n - 1));
  AgreementResult r;
  r.n_units = n_items;
  r.observed = pbar;
  r.expected = pe;
  if (pe >= 1.0) {
    r.value = std::numeric_limits<double>::quiet_NaN();
    r.undefined_reason = method == FleissMethod::kRandolph
                             ? "a single category: chance agreement 1 / K is 1, so kappa is 0/0"
                             : "every rating is in one category: chance agreement is 1, so "
                               "kappa is 0/0";
    return r;
  }
  r.value = (pbar - pe) / (1 - pe);
  return r;
}

Error unequal(int64_t got, int64_t want, const std::string& name) {
  return make_error(ErrorCode::kInvalidArgument, "item " + name,
                    "has " + std::to_string(got) + " ratings but earlier items have " +
                        std::to_string(want) +
                        "; Fleiss' kappa needs the same number of raters on every item: use "
                        "Krippendorff's alpha, which allows missing ratings");
}

}  // namespace

Result<AgreementResult> fleiss_kappa(std::span<const int32_t> counts, int64_t n_items,
                                     int32_t n_categories) {
  if (Status shape = agreement_detail::check_count_table(counts.size(), n_items, n_categories);
      !shape.ok())
    return shape.error();
  std::vector<double> totals(static_cast<size_t>(n_categories), 0);
  double sum_sq = 0;
  int64_t raters = -1;
  for (int64_t i = 0; i < n_items; ++i) {
    const int32_t* row = counts.data() + i * n_categories;
    int64_t m = 0;
    double sq = 0;
    for (int32_t k = 0; k < n_categories; ++k) {
      if (row[k] < 0)
        return make_error(ErrorCode::kOutOfRange,
                          "counts[" + std::to_string(i) + "][" + std::to_string(k) + "]",
                          "a count cannot be negative");
      m += row[k];
      sq += static_cast<double>(row[k]) * row[k];
      totals[k] += row[k];
    }
    if (raters < 0) raters = m;
    if (m != raters) return unequal(m, raters, std::to_string(i));
    sum_sq += sq;
  }
  if (raters < 2)
    return make_error(
        ErrorCode::kInvalidArgument, "",
        "Fleiss' kappa needs at least 2 raters per item; got " + std::to_string(raters));
  return finish(sum_sq, totals, n_items, raters);
}

const char* fleiss_method_name(FleissMethod method) {
  return method == FleissMethod::kRandolph ? "randolph" : "fleiss";
}

Result<FleissMethod> parse_fleiss_method(std::string_view name, const std::string& where) {
  if (name == "fleiss") return FleissMethod::kFleiss;
  if (name == "randolph" || name == "uniform") return FleissMethod::kRandolph;
  return make_error(ErrorCode::kInvalidArgument, where,
                    "'" + std::string(name) + "' is not a method (fleiss, randolph or uniform)");
}

Result<AgreementResult> fleiss_kappa(std::span<const double> counts, int64_t n_items,
                                     int32_t n_categories, FleissMethod method) {
  if (Status shape = agreement_detail::check_count_table(counts.size(), n_items, n_categories);
      !shape.ok())
    return shape.error();
  std::vector<double> totals(static_cast<size_t>(n_categories), 0);
  double sum_sq = 0, raters = 0;
  for (int64_t i = 0; i < n_items; ++i) {
    const double* row = counts.data() + i * n_categories;
    double m = 0;
    for (int32_t k = 0; k < n_categories; ++k) {
      if (!(row[k] >= 0) || !std::isfinite(row[k]))
        return make_error(ErrorCode::kOutOfRange,
                          "counts[" + std::to_string(i) + "][" + std::to_string(k) + "]",
                          "a count must be finite and >= 0");
      m += row[k];
      sum_sq += row[k] * row[k];
      totals[k] += row[k];
    }
    if (i == 0) raters = m;
    if (std::abs(m - raters) > 1e-9 * std::max(m, raters))
      return make_error(ErrorCode::kInvalidArgument, "counts[" + std::to_string(i) + "]",
                        "row total " + std::to_string(m) + " differs from row 0's " +
                            std::to_string(raters) +
                            "; Fleiss' kappa needs the same number of ratings on every item: "
                            "use Krippendorff's alpha, which allows missing ratings");
  }
  if (!(raters > 1))
    return make_error(ErrorCode::kInvalidArgument, "counts",
                      "every row totals " + std::to_string(raters) +
                          "; the kappa needs more than 1 rating per item");
  const double n = raters, all = static_cast<double>(n_items) * n;
  AgreementResult r;
  r.n_units = n_items;
  r.observed = (sum_sq - all) / (all * (n - 1));
  if (method == FleissMethod::kRandolph) {
    r.expected = 1.0 / n_categories;
  } else {
    for (double t : totals) r.expected += (t / all) * (t / all);
  }
  if (r.expected >= 1.0) {
    r.value = std::numeric_limits<double>::quiet_NaN();
    r.undefined_reason = method == FleissMethod::kRandolph
                             ? "a single category: chance agreement 1 / K is 1, so kappa is 0/0"
                             : "every rating is in one category: chance agreement is 1, so "
                               "kappa is 0/0";
    return r;
  }
  r.value = (r.observed - r.expected) / (1 - r.expected);
  return r;
}

Result<AgreementResult> fleiss_kappa(const AnnotationTable& table, FleissMethod method) {
  const int32_t ni = table.n_items(), nl = table.n_labels();
  if (ni == 0 || table.rows() == 0)
    return make_error(ErrorCode::kEmptyInput, "", "the table has no annotations");
  std::vector<double> totals(static_cast<size_t>(nl), 0);
  std::vector<int64_t> tot(static_cast<size_t>(nl), 0);
  std::vector<int32_t> local(static_cast<size_t>(nl), 0);
  const int32_t* lab = table.label.data();
  const int64_t raters = table.item_offsets[1] - table.item_offsets[0];
  int64_t sum_sq = 0;
  for (int32_t i = 0; i < ni; ++i) {
    const int64_t b = table.item_offsets[i], e = table.item_offsets[i + 1];
    if (e - b != raters) {
      std::string name = table.items.name(i);
      name.insert(name.begin(), '\'');
      name.push_back('\'');
      return unequal(e - b, raters, name);
    }
    // sum_k n_ik^2 accumulated as each count grows: (c+1)^2 - c^2 = 2c + 1.
    if (table.item_rows.empty()) {
      for (int64_t r = b; r < e; ++r) sum_sq += 2 * local[lab[r]]++ + 1;
      for (int64_t r = b; r < e; ++r) {
        tot[lab[r]] += local[lab[r]];
        local[lab[r]] = 0;
      }
    } else {
      for (int64_t k = b; k < e; ++k) sum_sq += 2 * local[lab[table.item_rows[k]]]++ + 1;
      for (int64_t k = b; k < e; ++k) {
        int32_t l = lab[table.item_rows[k]];
        tot[l] += local[l];
        local[l] = 0;
      }
    }
  }
  if (raters < 2)
    return make_error(
        ErrorCode::kInvalidArgument, "",
        "Fleiss' kappa needs at least 2 raters per item; got " + std::to_string(raters));
  for (int32_t k = 0; k < nl; ++k) totals[k] = static_cast<double>(tot[k]);
  return finish(static_cast<double>(sum_sq), totals, ni, raters, method);
}

}  // namespace localabel
