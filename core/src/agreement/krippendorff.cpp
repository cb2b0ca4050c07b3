// Krippendorff's alpha (Krippendorff 2011) with missing values, from a reliability matrix or a
// long table. Nominal and interval use closed forms of the coincidence sums (no V x V matrix);
// ordinal and ratio build the coincidence matrix over the distinct values.
#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMaxOrdinalValues = 4096;

AgreementResult undefined(AgreementResult r, std::string reason) {
  r.value = kNaN;
  r.undefined_reason = std::move(reason);
  return r;
}

const char* kNoPairable =
    "no item has two or more values (for example a single annotator): alpha is undefined";
const char* kNoVariation =
    "every pairable value is the same: the expected disagreement is 0, so alpha is 0/0";

// Accumulates coincidences unit by unit from value codes (0..V-1).
class Coincidences {
 public:
  Coincidences(int32_t v, bool matrix) : v_(v), local_(static_cast<size_t>(v), 0), totals_(v, 0) {
    if (matrix) o_.assign(static_cast<size_t>(v) * v, 0.0);
  }

  // Adds one unit's codes (m values). Units with fewer than 2 values are not pairable.
  void add(const int32_t* codes, int64_t m) {
    if (m < 2) return;
    ++units_;
    int64_t sum_sq = 0;
    distinct_.clear();
    for (int64_t j = 0; j < m; ++j) {
      int32_t& c = local_[codes[j]];
      if (c == 0) distinct_.push_back(codes[j]);
      sum_sq += 2 * c + 1;
      ++c;
    }
    const double inv = 1.0 / static_cast<double>(m - 1);
    observed_nominal_ += static_cast<double>(m * m - sum_sq) * inv;
    for (int32_t c : distinct_) {
      totals_[c] += local_[c];
    }
    if (!o_.empty()) {
      for (int32_t c : distinct_)
        for (int32_t k : distinct_) {
          double nc = local_[c], nk = local_[k];
          o_[static_cast<size_t>(c) * v_ + k] += (c == k ? nc * (nc - 1) : nc * nk) * inv;
        }
    }
    for (int32_t c : distinct_) local_[c] = 0;
  }

  // alpha from the accumulated sums; values[c] is the value of code c (interval/ratio).
  AgreementResult finish(AlphaLevel level, const std::vector<double>& values) const {
    AgreementResult r;
    r.n_units = units_;
    double n = 0;
    for (int64_t t : totals_) n += static_cast<double>(t);
    if (units_ == 0 || n < 2) return undefined(r, kNoPairable);
    double obs = 0, exp = 0;
    if (level == AlphaLevel::kNominal) {
      obs = observed_nominal_;
      double sq = 0;
      for (int64_t t : totals_) sq += static_cast<double>(t) * static_cast<double>(t);
      exp = n * n - sq;
    } else {
      // delta^2 for each pair of codes.
      std::vector<double> cum(static_cast<size_t>(v_) + 1, 0);
      for (int32_t c = 0; c < v_; ++c) cum[c + 1] = cum[c] + static_cast<double>(totals_[c]);
      auto delta2 = [&](int32_t c, int32_t k) {
        if (c == k) return 0.0;
        if (level == AlphaLevel::kOrdinal) {
          int32_t lo = std::min(c, k), hi = std::max(c, k);
          double d = (cum[hi + 1] - cum[lo]) -
                     (static_cast<double>(totals_[c]) + static_cast<double>(totals_[k])) / 2;
          return d * d;
        }
        double a = values[c], b = values[k];
        if (level == AlphaLevel::kInterval) return (a - b) * (a - b);
        if (a + b == 0) return 0.0;
        double d = (a - b) / (a + b);
        return d * d;
      };
      for (int32_t c = 0; c < v_; ++c) {
        if (!totals_[c]) continue;
        for (int32_t k = 0; k < v_; ++k) {
          if (!totals_[k] || k == c) continue;
          double d = delta2(c, k);
          obs += o_[static_cast<size_t>(c) * v_ + k] * d;
          exp += static_cast<double>(totals_[c]) * static_cast<double>(totals_[k]) * d;
        }
      }
    }
    r.observed = obs / n;
    r.expected = exp / (n * (n - 1));
    if (exp <= 0) return undefined(r, kNoVariation);
    r.value = 1.0 - (n - 1) * obs / exp;
    return r;
  }

 private:
  int32_t v_;
  std::vector<int32_t> local_;
  std::vector<int64_t> totals_;
  std::vector<int32_t> distinct_;
  std::vector<double> o_;
  double observed_nominal_ = 0;
  int64_t units_ = 0;
};

// Interval alpha in closed form: sum over pairs in a unit of (a-b)^2 = 2 m sum (v - mean)^2.
class IntervalSums {
 public:
  void add(const double* v, int64_t m) {
    if (m < 2) return;
    ++units_;
    double mean = 0;
    for (int64_t j = 0; j < m; ++j) mean += v[j];
    mean /= static_cast<double>(m);
    double ss = 0;
    for (int64_t j = 0; j < m; ++j) ss += (v[j] - mean) * (v[j] - mean);
    observed_ += 2.0 * static_cast<double>(m) * ss / static_cast<double>(m - 1);
    // Pooled moments (Welford-style merge keeps the expected part accurate).
    const double nm = static_cast<double>(m);
    const double total = n_ + nm;
    const double delta = mean - pooled_mean_;
    pooled_ss_ += ss + delta * delta * n_ * nm / total;
    pooled_mean_ += delta * nm / total;
    n_ = total;
  }

  AgreementResult finish() const {
    AgreementResult r;
    r.n_units = units_;
    if (units_ == 0) return undefined(r, kNoPairable);
    const double exp = 2.0 * n_ * pooled_ss_;  // sum_ck n_c n_k (c - k)^2
    r.observed = observed_ / n_;
    r.expected = exp / (n_ * (n_ - 1));
    if (exp <= 0) return undefined(r, kNoVariation);
    r.value = 1.0 - (n_ - 1) * observed_ / exp;
    return r;
  }

 private:
  double observed_ = 0, n_ = 0, pooled_mean_ = 0, pooled_ss_ = 0;
  int64_t units_ = 0;
};

// Codes for the distinct finite values of a matrix.
struct ValueCoder {
  std::vector<double> values;  // sorted distinct
  bool dense = false;
  double lo = 0;
  std::vector<int32_t> dense_code;
  int32_t code(double v) const {
    if (dense) return dense_code[static_cast<size_t>(v - lo)];
    return static_cast<int32_t>(std::lower_bound(values.begin(), values.end(), v) - values.begin());
  }
};

ValueCoder make_coder(std::span<const double> m) {
  ValueCoder coder;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  bool integral = true;
  for (double v : m) {
    if (std::isnan(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    integral = integral && v == std::floor(v);
  }
  if (lo > hi) return coder;
  if (integral && hi - lo < (1 << 20)) {
    coder.dense = true;
    coder.lo = lo;
    const size_t range = static_cast<size_t>(hi - lo) + 1;
    coder.dense_code.assign(range, 0);
    for (double v : m)
      if (!std::isnan(v)) coder.dense_code[static_cast<size_t>(v - lo)] = 1;
    int32_t next = 0;
    for (size_t k = 0; k < range; ++k)
      if (coder.dense_code[k]) {
        coder.dense_code[k] = next++;
        coder.values.push_back(lo + static_cast<double>(k));
      }
    return coder;
  }
  for (double v : m)
    if (!std::isnan(v)) coder.values.push_back(v);
  std::sort(coder.values.begin(), coder.values.end());
  coder.values.erase(std::unique(coder.values.begin(), coder.values.end()), coder.values.end());
  return coder;
}

}  // namespace

Result<AgreementResult> krippendorff_alpha(std::span<const double> matrix, int64_t n_annotators,
                                           int64_t n_items, AlphaLevel level) {
  if (n_annotators <= 0 || n_items <= 0)
    return make_error(ErrorCode::kEmptyInput, "", "the reliability matrix is empty");
  if (static_cast<int64_t>(matrix.size()) != n_annotators * n_items)
    return make_error(ErrorCode::kLengthMismatch, "",
                      "reliability matrix has " + std::to_string(matrix.size()) +
                          " values, expected " + std::to_string(n_annotators) + " annotators x " +
                          std::to_string(n_items) + " items");
  bool any = false;
  for (size_t k = 0; k < matrix.size(); ++k) {
    const double v = matrix[k];
    if (std::isnan(v)) continue;
    any = true;
    if (std::isinf(v) || (level == AlphaLevel::kRatio && v < 0)) {
      const std::string where = "matrix[" + std::to_string(static_cast<int64_t>(k) / n_items) +
                                "][" + std::to_string(static_cast<int64_t>(k) % n_items) + "]";
      return make_error(ErrorCode::kOutOfRange, where,
                        std::isinf(v) ? "value is infinite (use NaN for missing)"
                                      : "ratio values cannot be negative");
    }
  }
  if (!any) return make_error(ErrorCode::kEmptyInput, "", "every value is missing");
  const int64_t a_count = n_annotators, n = n_items;
  if (level == AlphaLevel::kInterval) {
    IntervalSums sums;
    std::vector<double> unit(static_cast<size_t>(a_count));
    for (int64_t u = 0; u < n; ++u) {
      int64_t m = 0;
      for (int64_t a = 0; a < a_count; ++a) {
        double v = matrix[a * n + u];
        if (!std::isnan(v)) unit[m++] = v;
      }
      sums.add(unit.data(), m);
    }
    return sums.finish();
  }
  ValueCoder coder = make_coder(matrix);
  const int32_t v = static_cast<int32_t>(coder.values.size());
  if (level != AlphaLevel::kNominal && v > kMaxOrdinalValues)
    return make_error(ErrorCode::kUnsupported, "",
                      std::to_string(v) +
                          " distinct values; ordinal and ratio alpha support at "
                          "most " +
                          std::to_string(kMaxOrdinalValues));
  Coincidences co(v, level != AlphaLevel::kNominal);
  std::vector<int32_t> unit(static_cast<size_t>(a_count));
  for (int64_t u = 0; u < n; ++u) {
    int64_t m = 0;
    for (int64_t a = 0; a < a_count; ++a) {
      double x = matrix[a * n + u];
      if (!std::isnan(x)) unit[m++] = coder.code(x);
    }
    co.add(unit.data(), m);
  }
  return co.finish(level, coder.values);
}

Result<AgreementResult> krippendorff_alpha(const AnnotationTable& table, AlphaLevel level) {
  if (table.rows() == 0) return make_error(ErrorCode::kEmptyInput, "", "the table is empty");
  const bool numeric = table.labels.is_integer();
  if (!numeric && (level == AlphaLevel::kInterval || level == AlphaLevel::kRatio))
    return make_error(ErrorCode::kUnsupported, "",
                      "interval and ratio alpha need numeric labels; these labels are text");
  const int32_t nl = table.n_labels();
  std::vector<double> values(static_cast<size_t>(nl));
  for (int32_t c = 0; c < nl; ++c)
    values[c] = numeric ? static_cast<double>(table.labels.integer(c)) : c;
  if (level == AlphaLevel::kRatio)
    for (int32_t c = 0; c < nl; ++c)
      if (values[c] < 0)
        return make_error(ErrorCode::kOutOfRange, "label '" + table.labels.name(c) + "'",
                          "ratio values cannot be negative");
  if (level != AlphaLevel::kNominal && nl > kMaxOrdinalValues && level != AlphaLevel::kInterval)
    return make_error(ErrorCode::kUnsupported, "",
                      std::to_string(nl) +
                          " distinct labels; ordinal and ratio alpha support at "
                          "most " +
                          std::to_string(kMaxOrdinalValues));
  const int32_t ni = table.n_items();
  const int32_t* lab = table.label.data();
  if (level == AlphaLevel::kInterval) {
    IntervalSums sums;
    std::vector<double> unit;
    for (int32_t i = 0; i < ni; ++i) {
      const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
      unit.resize(static_cast<size_t>(m));
      for (int64_t j = 0; j < m; ++j) unit[j] = values[lab[table.row_of(i, j)]];
      sums.add(unit.data(), m);
    }
    return sums.finish();
  }
  Coincidences co(nl, level != AlphaLevel::kNominal);
  if (table.item_rows.empty()) {
    for (int32_t i = 0; i < ni; ++i) {
      const int64_t b = table.item_offsets[i];
      co.add(lab + b, table.item_offsets[i + 1] - b);
    }
  } else {
    std::vector<int32_t> unit;
    for (int32_t i = 0; i < ni; ++i) {
      const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
      unit.resize(static_cast<size_t>(m));
      for (int64_t j = 0; j < m; ++j) unit[j] = lab[table.row_of(i, j)];
      co.add(unit.data(), m);
    }
  }
  return co.finish(level, values);
}

Result<std::vector<double>> reliability_matrix(const AnnotationTable& table, AlphaLevel level) {
  const bool numeric = table.labels.is_integer();
  if (!numeric && (level == AlphaLevel::kInterval || level == AlphaLevel::kRatio))
    return make_error(ErrorCode::kUnsupported, "",
                      "interval and ratio alpha need numeric labels; these labels are text");
  const int64_t n = table.n_items();
  std::vector<double> m(static_cast<size_t>(table.n_annotators()) * n, kNaN);
  for (int64_t r = 0; r < table.rows(); ++r) {
    int32_t c = table.label[r];
    m[table.annotator[r] * n + table.item[r]] =
        numeric ? static_cast<double>(table.labels.integer(c)) : c;
  }
  return m;
}

}  // namespace localabel
