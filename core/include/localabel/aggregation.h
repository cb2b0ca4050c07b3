// Aggregation: one label per item from several annotators' labels.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/annotation_table.h"
#include "localabel/error.h"

namespace localabel {

/// How majority vote breaks a tie between labels with the same (weighted) count.
enum class TieBreak {
  kSmallest,  ///< the smallest label code (the first in sorted or declared order)
  kAbstain,   ///< no label: -1
  kRandom,    ///< one of the tied labels, chosen by a seeded generator (reproducible)
};

struct MajorityVoteOptions {
  TieBreak tie_break = TieBreak::kSmallest;
  uint64_t seed = 0;  ///< for TieBreak::kRandom
  /// Per-annotator weights (size n_annotators, finite, >= 0) for a weighted vote; empty means
  /// every vote counts 1.
  std::vector<double> weights;
  bool fractions = false;  ///< also return the vote fractions (n_items x n_labels)
};

struct MajorityVoteResult {
  std::vector<int32_t> labels;    ///< label code per item, -1 when abstaining
  std::vector<double> fractions;  ///< row-major n_items x n_labels when asked for, else empty
  int64_t ties = 0;               ///< items whose top count was shared
};

/// Majority vote: per item the label with the largest (weighted) number of votes; ties by
/// options.tie_break; fractions are votes / total votes of the item (weighted when weights
/// are given; an item whose weights sum to 0 gets fractions 0 and the tie rule).
/// Errors: kLengthMismatch (weights size), kOutOfRange (negative or non-finite weight).
Result<MajorityVoteResult> majority_vote(const AnnotationTable& table,
                                         const MajorityVoteOptions& options = {});

/// Dawid-Skene options.
struct DawidSkeneOptions {
  int max_iterations = 100;
  /// Stop when the log-likelihood gain divided by the normaliser falls below this.
  double tolerance = 1e-5;
  /// Normalise the gain per row (label) instead of per item.
  bool per_row = false;
  /// Confusion probabilities are floored at this value before taking logs, so that a label
  /// an annotator never gave for a class does not make that class impossible forever.
  double floor = 1e-10;
  bool one_coin = false;  ///< one-coin model: each annotator has one accuracy p, errors uniform
};

struct DawidSkeneResult {
  std::vector<int32_t> labels;     ///< argmax posterior per item (ties: smallest code)
  std::vector<double> posteriors;  ///< n_items x n_labels, rows sum to 1
  std::vector<double> priors;      ///< class priors, n_labels
  /// Per annotator confusion matrices: [a][true k][given l] at a*K*K + k*K + l, rows sum to 1.
  std::vector<double> confusion;
  std::vector<double> skills;  ///< per annotator: prior-weighted accuracy sum_k pi_k C[k][k]
  int iterations = 0;          ///< EM iterations (M-steps after the initial one)
  bool converged = false;      ///< stopped by the tolerance, not by max_iterations
  double log_likelihood = 0;   ///< final incomplete-data log-likelihood (natural log)
};

/// Dawid-Skene EM (Dawid & Skene 1979). Start: posteriors = vote fractions; then repeat
/// M-step (priors pi_k = mean posterior, confusion C_a[k][l] proportional to the posterior mass
/// of class k on items where a gave l) and E-step (posterior of item i proportional to
/// pi_k prod_{rows of i} C_a[k][l]). The log-likelihood sum_i log sum_k pi_k prod C is the real
/// incomplete-data likelihood of the current parameters, which EM never decreases; iteration
/// stops when its gain per item (or per row, see options) is below the tolerance, or after
/// max_iterations. Items with identical (annotator, label) sets share their computation.
/// One-coin variant: C_a[k][k] = p_a, C_a[k][l] = (1 - p_a)/(K - 1).
/// Errors: kEmptyInput, kInvalidArgument (max_iterations < 1, tolerance or floor not in range).
Result<DawidSkeneResult> dawid_skene(const AnnotationTable& table,
                                     const DawidSkeneOptions& options = {});

}  // namespace localabel
