// Agreement between annotators on categorical (and numeric) labels.
//
// Every coefficient comes back as an AgreementResult. When a coefficient is undefined (for
// example both annotators used one and the same category, so the disagreement expected by
// chance is zero and the coefficient is 0/0), `value` is NaN and `undefined_reason` holds a
// sentence the UI can show; this is a result, not an error. Errors are for bad input: empty
// or mismatched inputs, duplicates, unknown annotators, values that are not finite.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
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

/// Cohen's kappa with its large-sample inference, as SAS PROC FREQ (AGREE) and R's
/// irr::kappa2 report it and statsmodels.stats.inter_rater.cohens_kappa computes it.
struct KappaInference {
  double kappa = 0;              ///< simple or weighted kappa; NaN when undefined
  double observed = 0;           ///< (weighted) observed agreement sum w_ij p_ij
  double expected = 0;           ///< (weighted) chance agreement sum w_ij p_i. p_.j
  double ase = 0;                ///< asymptotic standard error (Fleiss, Cohen & Everitt 1969)
  double lower = 0, upper = 0;   ///< kappa -/+ z_{(1+confidence)/2} ase
  double ase0 = 0;               ///< standard error under H0: kappa = 0
  double z = 0;                  ///< kappa / ase0
  double p_one_sided = 0;        ///< P(Z > z), the alternative kappa > 0
  double p_two_sided = 0;        ///< P(|Z| > |z|)
  double n = 0;                  ///< total of the table
  std::string undefined_reason;  ///< empty unless kappa is NaN (then so is everything else)
};

/// Cohen's kappa of a k x k table of counts (row-major: rows = rater A's category, columns =
/// rater B's; counts may be non-integer), with agreement weights w_ij: 1 on the diagonal, 0
/// elsewhere for kNone; for kLinear 1 - |s_i - s_j| / (s_k - s_1) (Cicchetti-Allison) and for
/// kQuadratic 1 - (s_i - s_j)^2 / (s_k - s_1)^2 (Fleiss-Cohen), with s the category scores
/// (`scores`, SAS's and irr's "scores"; empty = 0, 1, ..., k-1, the positions). With
/// p_ij = n_ij / n, p_i. and p_.j the margins, w_i. = sum_j p_.j w_ij and w_.j = sum_i p_i. w_ij
/// (SAS PROC FREQ documentation, "Tests and Measures of Agreement"):
///   kappa = (Po - Pe) / (1 - Pe),  Po = sum w_ij p_ij,  Pe = sum w_ij p_i. p_.j,
///   ase^2 = [sum p_ij (w_ij - (w_i. + w_.j)(1 - kappa))^2 - (kappa - Pe (1 - kappa))^2]
///           / ((1 - Pe)^2 n),
///   ase0^2 = [sum p_i. p_.j (w_ij - (w_i. + w_.j))^2 - Pe^2] / ((1 - Pe)^2 n),
/// the interval kappa -/+ z ase with z the standard normal quantile of (1 + confidence) / 2,
/// z = kappa / ase0 and its normal p-values. Categories are the table's: irr::kappa2 drops
/// the levels that no rater used, so pass a table without them (and positions as scores) to
/// reproduce irr. Undefined (all NaN + reason) when Pe = 1; when ase0 = 0 only z and the
/// p-values are NaN (+ reason). Errors: kEmptyInput (k = 0
/// or a zero total), kLengthMismatch (table size != k^2 or scores size != k), kOutOfRange (a
/// negative or non-finite count "table[i][j]", a non-finite score "scores[i]"),
/// kInvalidArgument (s_k = s_1 with weights; confidence outside (0, 1)).
Result<KappaInference> cohen_kappa_inference(std::span<const double> table, int32_t k,
                                             KappaWeights weights = KappaWeights::kNone,
                                             std::span<const double> scores = {},
                                             double confidence = 0.95);

/// The standard normal quantile: x with P(Z <= x) = p, for p in (0, 1) (NaN outside).
double normal_quantile(double p);

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

/// Chance agreement of the multirater kappa (statsmodels' fleiss_kappa `method`): kFleiss uses
/// the sample margins, sum_k p_k^2 (Fleiss 1971); kRandolph the uniform 1 / K over the K
/// columns of the table (Randolph 2005, "free-marginal multirater kappa"; statsmodels'
/// method "randolph" or "uniform"). Randolph's kappa is never below Fleiss' (Warrens 2010).
enum class FleissMethod { kFleiss, kRandolph };
/// "fleiss" or "randolph".
const char* fleiss_method_name(FleissMethod method);
/// Parses "fleiss", "randolph" or "uniform" (statsmodels' alias of "randolph"). Errors:
/// kInvalidArgument naming `where` and the allowed names.
Result<FleissMethod> parse_fleiss_method(std::string_view name,
                                         const std::string& where = "method");

/// Fleiss' or Randolph's kappa of an items x categories table of counts that may be weighted
/// (non-integer), as statsmodels.stats.inter_rater.fleiss_kappa(table, method) accepts
/// floats: with n the (common) row total, P_i = (sum_k n_ik^2 - n) / (n (n - 1)), kappa =
/// (mean P_i - P_e) / (1 - P_e), P_e as FleissMethod says. Every row must have the same total
/// (statsmodels asserts it); here totals within a relative 1e-9 of the first row's count as
/// equal, so that weights such as 0.1 + 0.2 are not rejected for rounding. NaN + reason when
/// P_e = 1. Errors: kEmptyInput (no item or category), kLengthMismatch (size != n_items *
/// n_categories), kOutOfRange (a negative, NaN or infinite cell: "counts[i][k]"),
/// kInvalidArgument (row i's total differs from row 0's: "counts[i]"; a common total n <= 1,
/// for which P_i is undefined). The method has no default so that a call with a braced list
/// still picks the integer overload above.
Result<AgreementResult> fleiss_kappa(std::span<const double> counts, int64_t n_items,
                                     int32_t n_categories, FleissMethod method);

/// Fleiss' (or Randolph's) kappa from a long table (categories = the table's labels, all of
/// them, so K for Randolph's 1 / K counts declared labels nobody used). Same definition and
/// errors as the integer count table; the raters per item are counted from the table.
Result<AgreementResult> fleiss_kappa(const AnnotationTable& table,
                                     FleissMethod method = FleissMethod::kFleiss);

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

/// Krippendorff's alpha with its coincidence matrix (result of krippendorff_alpha_counts).
struct AlphaCoincidences {
  double value = 0;                  ///< alpha; NaN when undefined (see undefined_reason)
  double observed = 0;               ///< D_o = sum_ck o_ck d_ck / n
  double expected = 0;               ///< D_e = sum_ck e_ck d_ck / n
  int64_t n_units = 0;               ///< units with two or more values (pairable)
  int32_t n_values = 0;              ///< V, the size of the value domain
  std::vector<double> coincidences;  ///< o_ck, V x V row-major
  std::vector<double> marginals;     ///< n_c = sum_k o_ck, the pairable values per value
  double n_pairable = 0;             ///< n = sum_c n_c
  std::vector<double> distances;     ///< d_ck used, V x V row-major
  std::string undefined_reason;      ///< empty unless value is NaN
};

/// Krippendorff's alpha from a units x values table of counts, as the `krippendorff` package's
/// alpha(value_counts=..., value_domain=..., level_of_measurement=...) (pln-fing-udelar/
/// fast-krippendorff): value_counts[u * V + c] = coders who gave unit u the value c (counts may
/// be non-integer). Coincidences o_ck = sum_u (n_uc n_uk - [c = k] n_uc) / (m_u - 1) over units
/// with m_u = sum_c n_uc >= 2 (a unit with one value adds nothing), n_c = sum_k o_ck, expected
/// coincidences e_ck = (n_c n_k - [c = k] n_c) / (n - 1), alpha = 1 - sum o d / sum e d.
/// `value_domain` gives the V values of the columns in order (default 0, 1, ..., V - 1; a
/// declared domain may hold values nobody used); the distance d_ck comes from `level` on the
/// domain (nominal [v_c != v_k], ordinal Krippendorff's rank metric on the domain order and
/// n_c, interval (v_c - v_k)^2, ratio ((v_c - v_k) / (v_c + v_k))^2, 0 when v_c + v_k = 0),
/// or, when `distance` is not empty, is that V x V matrix (the package's custom distance
/// callable evaluated on the domain; see set_distance_matrix for MASI and Jaccard).
/// NaN + reason when sum e d = 0. Errors: kInvalidArgument (V < 2, the package's "more than one
/// value in the domain"), kLengthMismatch (value_counts size != n_units * V, a domain or
/// distance of another size), kOutOfRange (a negative or non-finite count
/// "value_counts[u][c]", a non-finite domain value "value_domain[c]" or distance
/// "distance[c][k]"), kEmptyInput (no unit with two or more values).
Result<AlphaCoincidences> krippendorff_alpha_counts(std::span<const double> value_counts,
                                                    int64_t n_units, int32_t n_values,
                                                    AlphaLevel level,
                                                    std::span<const double> value_domain = {},
                                                    std::span<const double> distance = {});

/// Jaccard distance of two label sets (NLTK nltk/metrics/distance.py jaccard_distance):
/// (|A u B| - |A n B|) / |A u B|. Repeated labels count once. 0 for two empty sets (where NLTK
/// divides by zero).
double jaccard_distance(std::span<const int32_t> a, std::span<const int32_t> b);

/// MASI distance of two label sets (Passonneau 2006) as NLTK's masi_distance computes it:
/// 1 - J m with J = |A n B| / |A u B| and m = 1 (equal sets), 0.67 (one a subset of the other),
/// 0.33 (overlapping), 0 (disjoint). NLTK rounds Passonneau's 2/3 and 1/3 to 0.67 and 0.33, and
/// its published values (masi_distance({1, 2}, {1, 2, 3, 4}) = 0.665) depend on it, so that is
/// the default; exact_fractions = true uses 2/3 and 1/3 as in the paper. Repeated labels count
/// once; 0 for two empty sets (where NLTK divides by zero).
double masi_distance(std::span<const int32_t> a, std::span<const int32_t> b,
                     bool exact_fractions = false);

/// Distances between set-valued labels.
enum class SetDistance { kJaccard, kMasi, kMasiExact };
/// "jaccard", "masi" or "masi-exact".
const char* set_distance_name(SetDistance d);
/// Parses "jaccard", "masi" or "masi-exact". Errors: kInvalidArgument naming `where`.
Result<SetDistance> parse_set_distance(std::string_view name,
                                       const std::string& where = "distance");

/// The V x V matrix of distances between the label sets of a value domain (domain[c] = the
/// labels of value c), d_ck = distance(domain[c], domain[k]), for krippendorff_alpha_counts'
/// `distance`: Krippendorff's alpha on set-valued labels (MASI: Passonneau 2006). Errors:
/// kEmptyInput (no value).
Result<std::vector<double>> set_distance_matrix(const std::vector<std::vector<int32_t>>& domain,
                                                SetDistance distance);

/// Krippendorff's alpha from a long table. A label's value is its integer value when every
/// label is an integer, else (nominal and ordinal only) its code, i.e. its position in the
/// declared or sorted label order. Errors: kUnsupported for interval or ratio on text labels.
Result<AgreementResult> krippendorff_alpha(const AnnotationTable& table, AlphaLevel level);

/// The A x N reliability matrix (NaN = missing) of a long table, values as above.
Result<std::vector<double>> reliability_matrix(const AnnotationTable& table, AlphaLevel level);

// ---------------------------------------------------------------------------------------
// Pairwise matrices, per-class agreement and bootstrap intervals.

/// Agreement of every pair of annotators of a long table. Matrices are n x n, row-major,
/// symmetric, indexed by annotator code (row a, column b = annotators a and b).
struct PairwiseAgreement {
  int32_t n_annotators = 0;
  /// shared_items[a*n+b]: items both a and b labelled; the diagonal holds the items a labelled.
  std::vector<int64_t> shared_items;
  /// Percent agreement on the shared items; NaN when there is none (and on the diagonal).
  std::vector<double> percent;
  /// Cohen's kappa on the shared items (weights as requested); NaN when undefined.
  std::vector<double> kappa;
  /// Why kappa[a*n+b] is NaN ("no item in common", "one and the same label", "same
  /// annotator" on the diagonal); empty when it is a number.
  std::vector<std::string> kappa_reason;
};

/// For every pair (a, b) of annotators: the items both labelled, percent agreement and Cohen's
/// kappa (cohen_kappa above, the given weights) on those items. A pair without a shared item
/// has shared 0, percent and kappa NaN with the reason "no item in common"; the diagonal has
/// NaN with the reason "same annotator". Cost: one pass over each item's pairs of answers.
/// Errors: kEmptyInput (no rows), kUnsupported (more than 1024 annotators: 1M cells).
Result<PairwiseAgreement> pairwise_agreement(const AnnotationTable& table,
                                             KappaWeights weights = KappaWeights::kNone);

/// Agreement on one category against all others.
struct ClassAgreement {
  int32_t label = 0;             ///< label code
  double proportion = 0;         ///< p_j: share of all assignments given to this label
  double kappa = 0;              ///< per-category kappa kappa_j (Fleiss 1971); NaN when undefined
  double specific = 0;           ///< proportion of specific agreement p_s(j); NaN when undefined
  int64_t assignments = 0;       ///< sum_i n_ij: answers giving this label
  std::string undefined_reason;  ///< why kappa (or specific) is NaN; empty otherwise
};

/// Per-class (one-vs-rest) agreement of the items x categories count table of a long table
/// (categories = the table's labels, in code order). With n_ij the answers giving label j to
/// item i, m_i the answers on item i, only items with m_i >= 2 counting (N of them, M = sum m_i):
///   p_j     = sum_i n_ij / M
///   kappa_j = 1 - sum_i n_ij (m_i - n_ij) / (m_i - 1)  /  (M p_j (1 - p_j))
///   p_s(j)  = sum_i n_ij (n_ij - 1)  /  sum_i n_ij (m_i - 1)
/// kappa_j is Fleiss' (1971, eq. 14 / Table 2) per-category kappa, which equals Fleiss' kappa
/// of the two-category table "j" vs "not j"; when items have different numbers of answers each
/// item enters weighted by 1/(m_i - 1) as above (for equal m_i it is exactly Fleiss' formula).
/// p_s(j) is the proportion of specific agreement (Uebersax 1982; for two raters the positive
/// agreement 2a / (2a + b + c) of Cicchetti & Feinstein 1990): of the pairs of answers on an
/// item in which one answer is j, the share where the other is j too.
/// Undefined: kappa_j is NaN when p_j is 0 or 1 (nobody, or everybody always, chose j: reason
/// given); p_s(j) is NaN when nobody chose j on an item with two or more answers.
/// Errors: kEmptyInput (no rows, or no item with two or more answers).
Result<std::vector<ClassAgreement>> per_class_agreement(const AnnotationTable& table);

/// The same from an items x categories count table (row-major, counts[i*K+k]); items may have
/// different totals. Errors: kLengthMismatch, kOutOfRange (negative count), kEmptyInput.
Result<std::vector<ClassAgreement>> per_class_agreement(std::span<const int32_t> counts,
                                                        int64_t n_items, int32_t n_categories);

/// A table-level agreement coefficient chosen by name (for bootstrap intervals, the CLI and
/// the JS facade).
struct CoefficientSpec {
  enum class Kind {
    kFleissKappa,        ///< fleiss_kappa(table)
    kKrippendorffAlpha,  ///< krippendorff_alpha(table, level)
    kCohenKappa,         ///< cohen_kappa(table, a, b, weights)
    kPercentAgreement,   ///< percent agreement of annotators a and b on their shared items
    kScottPi,            ///< scott_pi of annotators a and b on their shared items
    kBennettS,           ///< bennett_s of a and b, q = the table's number of labels
  };
  Kind kind = Kind::kFleissKappa;
  AlphaLevel level = AlphaLevel::kNominal;
  KappaWeights weights = KappaWeights::kNone;
  int32_t a = 0, b = 1;  ///< annotator codes of the two-annotator coefficients
};

/// Computes the coefficient `spec` names on a table (errors: those of that coefficient).
Result<AgreementResult> agreement_coefficient(const AnnotationTable& table,
                                              const CoefficientSpec& spec);

/// Options of the percentile bootstrap.
struct BootstrapOptions {
  int32_t resamples = 1000;  ///< B, 1 .. 1,000,000
  double confidence = 0.95;  ///< level of the interval, strictly between 0 and 1
  uint64_t seed = 0;         ///< same seed, same table -> same interval on every platform
};

/// A percentile bootstrap confidence interval.
struct BootstrapInterval {
  double estimate = 0;           ///< the coefficient on the whole table (NaN when undefined)
  double lower = 0;              ///< percentile (1 - confidence) / 2 of the defined resample values
  double upper = 0;              ///< percentile (1 + confidence) / 2
  double confidence = 0;         ///< as requested
  int32_t resamples = 0;         ///< B used
  int32_t undefined = 0;         ///< resamples whose coefficient was NaN or failed (left out)
  std::string undefined_reason;  ///< why lower/upper (or estimate) are NaN; empty otherwise
};

/// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of any table-level coefficient:
/// B times, draw n_items items with replacement (each draw keeps all of the item's answers; a
/// drawn item becomes a new item, so an item drawn twice counts twice), compute `coefficient`
/// on the resampled table; lower/upper are the (1 -+ confidence)/2 quantiles of the defined
/// values with linear interpolation between order statistics (numpy's default "linear"
/// method: position h = (k - 1) q in the sorted k values). Resamples where the coefficient is
/// NaN or returns an error (for example no item shared by the two annotators) are counted in
/// `undefined` and left out. The draws use a SplitMix64 generator seeded with `seed` and
/// unbiased rejection sampling, so results are identical natively and in WebAssembly.
/// lower/upper are NaN with a reason when no resample is defined. Errors: kInvalidArgument
/// (B outside 1..1e6, confidence not in (0, 1) or NaN), kEmptyInput (no rows), and the
/// coefficient's own error on the whole table.
Result<BootstrapInterval> bootstrap_interval(
    const AnnotationTable& table,
    const std::function<Result<AgreementResult>(const AnnotationTable&)>& coefficient,
    const BootstrapOptions& options = {});

/// bootstrap_interval of the coefficient `spec` names.
Result<BootstrapInterval> bootstrap_interval(const AnnotationTable& table,
                                             const CoefficientSpec& spec,
                                             const BootstrapOptions& options = {});

/// The table whose items are the given item codes of `table`, in that order (an item code may
/// repeat: each occurrence becomes a new item, named by its position). Annotator and label
/// dictionaries are kept. Used by the bootstrap; exposed for tests. Item codes must be valid
/// (kOutOfRange otherwise).
Result<AnnotationTable> resample_items(const AnnotationTable& table,
                                       std::span<const int32_t> item_codes);

}  // namespace localabel
