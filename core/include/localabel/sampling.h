// Uncertainty sampling for active learning: which unlabelled tasks to label next, given a
// model's predicted class probabilities (an N×K row-major float32 matrix, rows sum to 1).
//
// Definitions follow Settles, "Active Learning Literature Survey" (2009), §3, and modAL
// (Danka & Horvath 2018, modAL/uncertainty.py, modAL/disagreement.py, modAL/batch.py).
// Ties are broken by the lower row index everywhere, so every selection is deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/error.h"
#include "localabel/features.h"
#include "localabel/label_errors.h"

namespace localabel {

/// The uncertainty measures of a single model's probabilities.
enum class Uncertainty {
  kLeastConfidence,  ///< 1 − max_k p_k; most uncertain = largest
  kMargin,           ///< p_(1) − p_(2) (two largest); most uncertain = smallest; K=1: p_(1)
  kEntropy,          ///< −Σ_k p_k ln p_k (natural log, 0·ln 0 = 0); most uncertain = largest
};

/// The score of every row under `measure`, in the units of its definition above (margin is
/// the raw top1 − top2, not negated). Probabilities must be finite and in [0, 1]; rows are
/// not renormalised. Errors: kEmptyInput, kInvalidArgument, kOutOfRange (names probs[i][k]).
Result<std::vector<float>> uncertainty_scores(const MatrixView& probs, Uncertainty measure);

/// uncertainty_scores on float64 probabilities (MatrixView64 of label_errors.h), computed in
/// double: the same definitions and errors as the float32 overload (entropy sums −p ln p in
/// column order, 0·ln 0 = 0; margin of a single class is p − 0), for probabilities kept at
/// full precision, as modAL's numpy float64 arrays are (modAL/uncertainty.py
/// classifier_uncertainty, classifier_margin, classifier_entropy with scipy.stats.entropy).
Result<std::vector<double>> uncertainty_scores(const MatrixView64& probs, Uncertainty measure);

/// The k best rows of `scores`: largest first when `largest`, else smallest first; equal
/// scores in increasing index order (-0 and +0 are equal). k is clamped to scores.size().
/// Radix selection on the scores' order-preserving bit keys, then a sort of the k chosen:
/// O(N + k log k). Scores must not be NaN (their place in the order is unspecified).
std::vector<int64_t> top_k_indices(const std::vector<float>& scores, int64_t k, bool largest);

/// The k most uncertain rows of probs under `measure`, most uncertain first (ties: lower
/// index first). Optional `exclude` (size N, non-zero = already labelled) skips rows.
/// Errors: as uncertainty_scores; kInvalidArgument for k < 0; kLengthMismatch for exclude.
Result<std::vector<int64_t>> select_uncertain(const MatrixView& probs, Uncertainty measure,
                                              int64_t k,
                                              const std::vector<uint8_t>* exclude = nullptr);

/// Disagreement of a committee (query-by-committee, Seung et al. 1992).
enum class CommitteeDisagreement {
  /// Entropy (natural log) of the members' hard votes: with V(c) the number of members whose
  /// argmax is c (first maximum on ties) out of M, −Σ_c (V(c)/M) ln(V(c)/M). As modAL's
  /// vote_entropy (Dagan & Engelson 1995).
  kVoteEntropy,
  /// Entropy of the consensus (mean) probabilities, as modAL's consensus_entropy.
  kConsensusEntropy,
  /// max over members m of KL(P_m ‖ P_consensus) (natural log), as modAL's
  /// KL_max_disagreement.
  kMaxKlDisagreement,
  /// mean over members of KL(P_m ‖ P_consensus): McCallum & Nigam (1998)'s average KL
  /// divergence, equal to the Jensen-Shannon divergence of the members.
  kMeanKlDisagreement,
};

/// Disagreement per row of a committee of M members: `member_probs[m]` is member m's N×K
/// probability matrix (all the same shape). Larger = more disagreement. KL terms with
/// P_m = 0 contribute 0. Errors: kEmptyInput (no members), kLengthMismatch (shapes differ),
/// kOutOfRange (a probability outside [0, 1]).
Result<std::vector<float>> committee_disagreement(const std::vector<MatrixView>& member_probs,
                                                  CommitteeDisagreement measure);

/// Expected gradient length (Settles, Craven & Ray 2008) for multinomial logistic regression
/// with an intercept: the log-loss gradient of W for example x with label y is
/// (p − e_y) ⊗ [x, 1], so EGL(x) = ‖[x, 1]‖₂ · Σ_y p_y ‖p − e_y‖₂. Larger = more informative.
/// Errors: kEmptyInput, kLengthMismatch (rows differ), kOutOfRange.
Result<std::vector<float>> expected_gradient_length(const MatrixView& probs,
                                                    const MatrixView& features);

/// Hybrid of uncertainty and novelty: score_i = u_i · d_i / max_j d_j, where u_i is the
/// least-confidence, margin-based (1 − margin) or entropy uncertainty and d_i the Euclidean
/// distance from row i to its nearest labelled row (labelled[i] != 0). Without labelled rows
/// d_i = 1 for all. Returns the k best unlabelled rows, best first (ties: lower index).
/// Errors: shapes (kLengthMismatch), kInvalidArgument (k < 0), kOutOfRange.
Result<std::vector<int64_t>> select_uncertainty_diversity(const MatrixView& probs,
                                                          const MatrixView& features,
                                                          const std::vector<uint8_t>& labelled,
                                                          Uncertainty measure, int64_t k);

/// Ranked batch-mode sampling (Cardoso et al. 2017, "Ranked batch-mode active learning",
/// Information Sciences 379), as modAL's uncertainty_batch_sampling with the Euclidean metric:
/// uncertainty u_i = 1 − max_k p_ik; repeatedly, with U the still unselected unlabelled rows
/// and L the labelled rows plus those selected so far, α = |U| / (|U| + |L|), and pick
/// argmax_{i∈U} α (1 − 1/(1 + d(i, L))) + (1 − α) u_i (first index on ties). When nothing is
/// labelled, the first pick is the cold-start row minimising the mean distance to all rows
/// (modAL's select_cold_start_instance; O(N²) distances). Returns min(k, |U|) rows in order.
/// Errors: shapes (kLengthMismatch), kInvalidArgument (k < 0), kOutOfRange.
Result<std::vector<int64_t>> select_ranked_batch(const MatrixView& probs,
                                                 const MatrixView& features,
                                                 const std::vector<uint8_t>& labelled, int64_t k);

/// Class-balance-aware batch: walks `ranked` (candidates, best first) and fills a batch of
/// `k` so that under-represented classes come first: at each step the class c with the
/// fewest (labelled_counts[c] + picked so far) that still has a candidate among the first
/// `window` of `ranked` (predicted class `predicted[row]`) gets its best remaining candidate;
/// ties between classes go to the lower class index. Returns the batch in pick order.
/// Errors: kInvalidArgument (k < 0, window < 1, predicted class outside
/// [0, labelled_counts.size())), kOutOfRange (a ranked row outside predicted).
Result<std::vector<int64_t>> balance_batch(const std::vector<int64_t>& ranked,
                                           const std::vector<int32_t>& predicted,
                                           const std::vector<int64_t>& labelled_counts, int64_t k,
                                           int64_t window);

}  // namespace localabel
