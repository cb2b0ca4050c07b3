// Label-error detection by confident learning over out-of-sample predicted probabilities, and
// cleanlab's label-quality scores.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/features.h"

namespace localabel {

/// How rows are chosen as label issues: cleanlab's `filter_by` (cleanlab/filter.py
/// find_label_issues), with the same names.
enum class LabelIssueFilter {
  kPruneByNoiseRate,    ///< "prune_by_noise_rate": per given class i and other class j, the
                        ///< C[i][j] rows labelled i of largest margin p_j − p_i (the default)
  kPruneByClass,        ///< "prune_by_class": per class i, the n_i − C[i][i] rows labelled i of
                        ///< smallest p_i
  kBoth,                ///< "both": rows flagged by both of the above
  kConfidentLearning,   ///< "confident_learning": the rows counted off the diagonal of the
                        ///< (uncalibrated) confident joint
  kPredictedNeqGiven,   ///< "predicted_neq_given": argmax p ≠ given label
  kLowSelfConfidence,   ///< "low_self_confidence": the num_label_issues rows of lowest
                        ///< self-confidence
  kLowNormalizedMargin  ///< "low_normalized_margin": the num_label_issues rows of lowest
                        ///< normalized margin
};

/// cleanlab's label-quality scores (cleanlab/rank.py get_label_quality_scores); lower means the
/// given label is less likely correct.
enum class LabelQualityScore {
  kSelfConfidence,            ///< "self_confidence": p_k (k = given label)
  kNormalizedMargin,          ///< "normalized_margin": (p_k − max_{j≠k} p_j + 1) / 2
  kConfidenceWeightedEntropy  ///< "confidence_weighted_entropy": with s = H(p) / log K /
                              ///< max(p_k, 1e-6), log(s + 1) / max(s, 1e-6)
};

/// Names (cleanlab's spellings) of the filters and scores; parse errors list the allowed names.
std::string_view label_issue_filter_name(LabelIssueFilter f);
Result<LabelIssueFilter> parse_label_issue_filter(std::string_view name);
std::string_view label_quality_score_name(LabelQualityScore s);
Result<LabelQualityScore> parse_label_quality_score(std::string_view name);

/// A dense row-major float64 matrix view: probabilities kept in double precision, as
/// cleanlab's numpy arrays usually are (the float32 MatrixView rounds them by ~1e-8).
struct MatrixView64 {
  const double* data = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
  const double* row(int64_t i) const { return data + i * cols; }
};

/// Options of find_label_issues, named after cleanlab's arguments.
struct LabelIssueOptions {
  LabelIssueFilter filter_by = LabelIssueFilter::kPruneByNoiseRate;
  /// Order of the returned issues (cleanlab's return_indices_ranked_by): ascending score.
  LabelQualityScore rank_by = LabelQualityScore::kSelfConfidence;
  /// Fraction of the estimated issues returned by the prune_* filters (cleanlab frac_noise),
  /// in (0, 1].
  double frac_noise = 1.0;
  /// A class with at most this many rows is not pruned, and every class keeps at least this
  /// many rows (cleanlab min_examples_per_class), ≥ 0.
  int64_t min_examples_per_class = 1;
};

/// Result of confident learning.
struct LabelIssues {
  std::vector<double> thresholds;  ///< per class t_j (cleanlab get_confident_thresholds)
  /// K × K confident joint C[given][true guess], row-major, calibrated as cleanlab's
  /// compute_confident_joint(calibrate=True): rows sum to the class counts.
  std::vector<int64_t> confident_joint;
  /// The same before calibration (the diagonal clipped to ≥ 1), as calibrate=False.
  std::vector<int64_t> confident_joint_raw;
  std::vector<int64_t> issues;    ///< flagged rows, by rank_by score ascending (ties: row order)
  std::vector<uint8_t> is_issue;  ///< per row: 1 if flagged (cleanlab's boolean mask)
  std::vector<double> quality;    ///< per row: the rank_by score
  std::vector<double> self_confidence;  ///< per row: p_given(x)
  int64_t num_label_issues = 0;         ///< cleanlab count.num_label_issues (off_diagonal)
};

/// Confident learning (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty
/// in Dataset Labels", JAIR 70, 2021), as cleanlab's filter.find_label_issues (cleanlab 2.x,
/// cleanlab/filter.py and cleanlab/count.py), computed in double precision:
/// - thresholds t_j = mean p_j over rows labelled j, clipped below at 2e-6; a class without
///   rows gets t_j = 2 (no row reaches it);
/// - a row is confident for class j when p_j ≥ t_j − 1e-6; with one confident class it is
///   counted in C[given][j], with two or more in C[given][argmax p] (the overall argmax, first
///   on ties), with none not at all; the diagonal is then raised to at least 1;
/// - calibration: row i scaled to the count of class i, the whole to n, each row rounded
///   preserving its total (cleanlab round_preserving_sum: numpy round half to even, then ±1
///   on the largest/smallest remainders);
/// - the prune_* filters use C after cleanlab's _keep_at_least_n_per_class (min_examples_per_
///   class, frac_noise); a class with ≤ min_examples_per_class rows, or with a single row, is
///   never flagged (cleanlab's per-class mask of length 1 is dropped);
/// - every filter except the low_* ones unflags rows whose argmax equals the given label;
/// - ties in every ordering are broken by row order (numpy's default argsort does the same on
///   classes of at most 16 rows; on larger ones its order among exact ties is unspecified).
/// `probs` should be out-of-sample (cross-validated). Errors: kEmptyInput, kLengthMismatch,
/// kOutOfRange (label outside [0, K), probability outside [0, 1]), kInvalidArgument (frac_noise
/// outside (0, 1], min_examples_per_class < 0, a margin or entropy score with K < 2).
Result<LabelIssues> find_label_issues(const MatrixView& probs, const std::vector<int32_t>& labels,
                                      const LabelIssueOptions& options = {});

/// The same on float64 probabilities (computed without rounding them to float32).
Result<LabelIssues> find_label_issues(const MatrixView64& probs, const std::vector<int32_t>& labels,
                                      const LabelIssueOptions& options = {});

/// cleanlab's get_label_quality_scores(labels, pred_probs, method, adjust_pred_probs): one score
/// per row (see LabelQualityScore). With adjust_pred_probs the probabilities are first replaced
/// by (p − t + max t) / Σ(p − t + max t) with the confident thresholds t (cleanlab
/// _subtract_confident_thresholds). Errors: as find_label_issues, and kInvalidArgument for
/// adjust_pred_probs with confidence_weighted_entropy (unsupported in cleanlab too).
Result<std::vector<double>> label_quality_scores(const MatrixView& probs,
                                                 const std::vector<int32_t>& labels,
                                                 LabelQualityScore method,
                                                 bool adjust_pred_probs = false);

/// The same on float64 probabilities.
Result<std::vector<double>> label_quality_scores(const MatrixView64& probs,
                                                 const std::vector<int32_t>& labels,
                                                 LabelQualityScore method,
                                                 bool adjust_pred_probs = false);

}  // namespace localabel
