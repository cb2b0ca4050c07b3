// Agreement between annotators on categorical (and numeric) labels.
//
// Every coefficient comes back as an AgreementResult. When a coefficient is undefined (for
// example both annotators used one and the same category, so the disagreement expected by
// chance is zero and the coefficient is 0/0), `value` is NaN and `undefined_reason` holds a
// sentence the UI can show; this is a result, not an error. Errors are for bad input: empty
// or mismatched inputs, duplicates, unknown annotators, values that are not finite.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "localabel/annotation_table.h"
#include "localabel/error.h"

namespace localabel {

/// A chance-corrected agreement coefficient with the parts it is made of.
struct AgreementResult {
  double value = 0;     ///< the coefficient; NaN when undefined (see undefined_reason)
  double observed = 0;  ///< observed agreement (kappa family) or disagreement (alpha)
  double expected = 0;  ///< chance agreement (kappa family) or expected disagreement (alpha)
  int64_t n_units = 0;  ///< items that entered the computation
  std::string undefined_reason;  ///< empty unless value is NaN
};

/// Weights of Cohen's kappa: w(i,j) = 0, |i-j| or (i-j)^2 where i, j are the positions of the
/// two labels in the sorted set of labels that occur in either vector (scikit-learn's
/// cohen_kappa_score convention; unweighted is w = 1 - [i==j]).
enum class KappaWeights { kNone, kLinear, kQuadratic };

/// Percent agreement of two aligned label vectors: share of positions where a[i] == b[i].
/// Errors: kLengthMismatch, kEmptyInput.
Result<AgreementResult> percent_agreement(std::span<const int32_t> a, std::span<const int32_t> b);

/// Cohen's kappa (Cohen 1960; weighted: Cohen 1968) of two aligned label vectors (any int32
/// values; a[i] and b[i] are the two annotators' labels of item i):
///   kappa = 1 - sum w O / sum w E, O the observed confusion matrix, E = outer(row sums,
///   column sums) / n, identical to scikit-learn's cohen_kappa_score.
/// observed/expected are the (weighted) agreement proportions 1 - sum wO/n, 1 - sum wE/n for
/// unweighted kappa. Undefined (NaN + reason) when sum w E = 0, i.e. both annotators used
/// one and the same single label. Errors: kLengthMismatch, kEmptyInput.
Result<AgreementResult> cohen_kappa(std::span<const int32_t> a, std::span<const int32_t> b,
                                    KappaWeights weights = KappaWeights::kNone);

/// Scott's pi (Scott 1955): like Cohen's kappa but chance agreement from the pooled label
/// distribution of both annotators: pe = sum_k ((r_k + c_k) / 2n)^2. NaN + reason when pe = 1.
Result<AgreementResult> scott_pi(std::span<const int32_t> a, std::span<const int32_t> b);

/// Bennett, Alpert and Goldstein's S (1954): (po - 1/q) / (1 - 1/q) with q the number of
/// categories (n_categories, at least 2; 0 means the labels occurring in a or b, which must
/// then be at least 2, else NaN + reason). Errors: kInvalidArgument when n_categories is 1 or
/// smaller than the labels seen.
Result<AgreementResult> bennett_s(std::span<const int32_t> a, std::span<const int32_t> b,
                                  int32_t n_categories = 0);

/// Two annotators' label codes on the items both labelled, in item order.
struct AlignedLabels {
  std::vector<int32_t> a, b;
  std::vector<int32_t> items;
};

/// Aligns annotators a and b (codes of table.annotators) on their common items. Errors:
/// kUnknownReference for an annotator code outside the table, kInvalidArgument when a == b.
Result<AlignedLabels> align_annotators(const AnnotationTable& table, int32_t a, int32_t b);

/// Cohen's kappa of annotators a and b over the items both labelled (see cohen_kappa above).
/// Errors: kUnknownReference, kInvalidArgument (a == b), kEmptyInput (no common item).
Result<AgreementResult> cohen_kappa(const AnnotationTable& table, int32_t a, int32_t b,
                                    KappaWeights weights = KappaWeights::kNone);

/// Fleiss' kappa (Fleiss 1971) of an items x categories count table (row-major, counts[i*K+k]
/// = raters who put item i in category k), every item rated by the same number n >= 2 of
/// raters: P_i = (sum_k n_ik^2 - n) / (n(n-1)), p_k = sum_i n_ik / (N n), kappa = (mean P_i -
/// sum p_k^2) / (1 - sum p_k^2), as statsmodels' fleiss_kappa(method="fleiss").
/// NaN + reason when sum p_k^2 = 1 (every rating in one category). Errors: kLengthMismatch
/// (size != n_items * n_categories), kOutOfRange (negative count), kInvalidArgument (items
/// with different numbers of raters: the message points to Krippendorff's alpha, which
/// allows them; or fewer than 2 raters), kEmptyInput.
Result<AgreementResult> fleiss_kappa(std::span<const int32_t> counts, int64_t n_items,
                                     int32_t n_categories);

/// Fleiss' kappa from a long table (categories = the table's labels). Same definition and
/// errors as above; the raters per item are counted from the table.
Result<AgreementResult> fleiss_kappa(const AnnotationTable& table);

/// Levels of measurement of Krippendorff's alpha, i.e. its difference function delta^2:
/// nominal [c != k]; ordinal (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 (Krippendorff's rank metric
/// on the pooled value frequencies n_g, not the squared rank difference); interval (c - k)^2;
/// ratio ((c - k) / (c + k))^2 (0 when c + k = 0).
enum class AlphaLevel { kNominal, kOrdinal, kInterval, kRatio };

/// Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's alpha-reliability",
/// coincidence matrices) of a reliability matrix: n_annotators x n_items, row-major, NaN
/// marks a missing value. Only items with two or more values (pairable) count:
///   alpha = 1 - (n - 1) sum_ck o_ck delta^2_ck / sum_ck n_c n_k delta^2_ck.
/// observed/expected are the disagreements D_o and D_e. NaN + reason when there is no
/// pairable item (for instance a single annotator) or D_e = 0 (all pairable values equal).
/// Ordinal and ratio levels need at most 4096 distinct values (kUnsupported otherwise).
/// Errors: kLengthMismatch, kOutOfRange (infinite value; negative value at ratio level),
/// kEmptyInput.
Result<AgreementResult> krippendorff_alpha(std::span<const double> matrix, int64_t n_annotators,
                                           int64_t n_items, AlphaLevel level);

/// Krippendorff's alpha from a long table. A label's value is its integer value when every
/// label is an integer, else (nominal and ordinal only) its code, i.e. its position in the
/// declared or sorted label order. Errors: kUnsupported for interval or ratio on text labels.
Result<AgreementResult> krippendorff_alpha(const AnnotationTable& table, AlphaLevel level);

/// The A x N reliability matrix (NaN = missing) of a long table, values as above.
Result<std::vector<double>> reliability_matrix(const AnnotationTable& table, AlphaLevel level);

}  // namespace localabel
