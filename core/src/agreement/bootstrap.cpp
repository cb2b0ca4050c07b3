// Percentile bootstrap intervals of table-level agreement coefficients, with a portable
// seeded generator (SplitMix64) so that a seed gives the same interval everywhere.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/random.h"
#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMaxResamples = 1000000;

using internal::SplitMix64;

// numpy's default ("linear") quantile of sorted values.
double quantile(const std::vector<double>& sorted, double q) {
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

Result<AgreementResult> pair_coefficient(const AnnotationTable& table,
                                         const CoefficientSpec& spec) {
  auto al = align_annotators(table, spec.a, spec.b);
  if (!al) return al.error();
  if (al->a.empty())
    return make_error(ErrorCode::kEmptyInput, "",
                      "annotators '" + table.annotators.name(spec.a) + "' and '" +
                          table.annotators.name(spec.b) + "' have no item in common");
  switch (spec.kind) {
    case CoefficientSpec::Kind::kPercentAgreement:
      return percent_agreement(al->a, al->b);
    case CoefficientSpec::Kind::kScottPi:
      return scott_pi(al->a, al->b);
    case CoefficientSpec::Kind::kBennettS:
      return bennett_s(al->a, al->b, table.n_labels() > 1 ? table.n_labels() : 0);
    default:
      return cohen_kappa(al->a, al->b, spec.weights);
  }
}

}  // namespace

Result<AgreementResult> agreement_coefficient(const AnnotationTable& table,
                                              const CoefficientSpec& spec) {
  switch (spec.kind) {
    case CoefficientSpec::Kind::kFleissKappa:
      return fleiss_kappa(table);
    case CoefficientSpec::Kind::kKrippendorffAlpha:
      return krippendorff_alpha(table, spec.level);
    default:
      return pair_coefficient(table, spec);
  }
}

Result<AnnotationTable> resample_items(const AnnotationTable& table,
                                       std::span<const int32_t> item_codes) {
  AnnotationTable t;
  t.annotators = table.annotators;
  t.labels = table.labels;
  t.items = Dictionary::identity(static_cast<int32_t>(item_codes.size()));
  const bool timed = !table.time.empty();
  t.item_offsets.reserve(item_codes.size() + 1);
  t.item_offsets.push_back(0);
  int64_t rows = 0;
  for (size_t k = 0; k < item_codes.size(); ++k) {
    const int32_t i = item_codes[k];
    if (i < 0 || i >= table.n_items())
      return make_error(ErrorCode::kOutOfRange, "item_codes[" + std::to_string(k) + "]",
                        "item code " + std::to_string(i) + " is not in the table (it has " +
                            std::to_string(table.n_items()) + " items)");
    rows += table.item_offsets[i + 1] - table.item_offsets[i];
  }
  t.item.reserve(static_cast<size_t>(rows));
  t.annotator.reserve(static_cast<size_t>(rows));
  t.label.reserve(static_cast<size_t>(rows));
  if (timed) t.time.reserve(static_cast<size_t>(rows));
  for (size_t k = 0; k < item_codes.size(); ++k) {
    const int32_t i = item_codes[k];
    const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
    for (int64_t j = 0; j < m; ++j) {
      const int64_t r = table.row_of(i, j);
      t.item.push_back(static_cast<int32_t>(k));
      t.annotator.push_back(table.annotator[r]);
      t.label.push_back(table.label[r]);
      if (timed) t.time.push_back(table.time[r]);
    }
    t.item_offsets.push_back(t.rows());
  }
  return t;
}

Result<BootstrapInterval> bootstrap_interval(
    const AnnotationTable& table,
    const std::function<Result<AgreementResult>(const AnnotationTable&)>& coefficient,
    const BootstrapOptions& options) {
  if (!(options.resamples >= 1 && options.resamples <= kMaxResamples))
    return make_error(ErrorCode::kInvalidArgument, "resamples",
                      "must be between 1 and " + std::to_string(kMaxResamples) + "; got " +
                          std::to_string(options.resamples));
  if (!(options.confidence > 0 && options.confidence < 1))
    return make_error(
        ErrorCode::kInvalidArgument, "confidence",
        "must be strictly between 0 and 1; got " + std::to_string(options.confidence));
  if (table.rows() == 0 || table.n_items() == 0)
    return make_error(ErrorCode::kEmptyInput, "", "the table is empty");
  auto whole = coefficient(table);
  if (!whole) return whole.error();
  BootstrapInterval out;
  out.estimate = whole->value;
  out.confidence = options.confidence;
  out.resamples = options.resamples;
  SplitMix64 rng(options.seed);
  const int32_t n = table.n_items();
  std::vector<int32_t> draw(static_cast<size_t>(n));
  std::vector<double> values;
  values.reserve(static_cast<size_t>(options.resamples));
  for (int32_t b = 0; b < options.resamples; ++b) {
    for (int32_t k = 0; k < n; ++k)
      draw[k] = static_cast<int32_t>(rng.below_unbiased(static_cast<uint64_t>(n)));
    auto t = resample_items(table, draw);
    if (!t) return t.error();
    auto r = coefficient(*t);
    if (!r || std::isnan(r->value)) {
      ++out.undefined;
      continue;
    }
    values.push_back(r->value);
  }
  if (values.empty()) {
    out.lower = out.upper = kNaN;
    out.undefined_reason = "the coefficient is undefined on every resample";
    if (std::isnan(out.estimate)) out.undefined_reason += " (" + whole->undefined_reason + ")";
    return out;
  }
  std::sort(values.begin(), values.end());
  out.lower = quantile(values, (1 - options.confidence) / 2);
  out.upper = quantile(values, (1 + options.confidence) / 2);
  if (std::isnan(out.estimate)) out.undefined_reason = whole->undefined_reason;
  return out;
}

Result<BootstrapInterval> bootstrap_interval(const AnnotationTable& table,
                                             const CoefficientSpec& spec,
                                             const BootstrapOptions& options) {
  return bootstrap_interval(
      table, [&spec](const AnnotationTable& t) { return agreement_coefficient(t, spec); }, options);
}

}  // namespace localabel
