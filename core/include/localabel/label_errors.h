// Label-error detection by confident learning over out-of-sample predicted probabilities.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/error.h"
#include "localabel/features.h"

namespace localabel {

/// Result of confident learning.
struct LabelIssues {
  std::vector<double> thresholds;        ///< per class t_j: mean p_j over rows labelled j
  std::vector<int64_t> confident_joint;  ///< K × K counts C[given][suspected], row-major
  std::vector<int64_t> issues;         ///< flagged rows, by self-confidence ascending (ties: index)
  std::vector<float> self_confidence;  ///< p_given(x) of every row
};

/// Confident learning (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty
/// in Dataset Labels", JAIR 70, 2021), as cleanlab's find_label_issues with
/// filter_by="prune_by_noise_rate": per-class thresholds t_j = mean of p_j over the rows
/// labelled j (a class without rows gets t_j = 1); the confident joint counts row x
/// (given label i) in C[i][j] for the j with p_j(x) ≥ t_j of largest p_j (rows above no
/// threshold are not counted); C is calibrated so row i sums to the number of rows labelled i;
/// for every i ≠ j the round(C_cal[i][j]) rows labelled i with the largest margin
/// p_j(x) − p_i(x) are flagged; rows whose argmax equals their given label are unflagged.
/// `probs` should be out-of-sample (cross-validated). Errors: kEmptyInput, kLengthMismatch,
/// kOutOfRange (label outside [0, K) or probability outside [0, 1]).
Result<LabelIssues> find_label_issues(const MatrixView& probs, const std::vector<int32_t>& labels);

}  // namespace localabel
