// Aggregation: one label per item from several annotators' labels.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "localabel/annotation_table.h"
#include "localabel/error.h"

namespace localabel {

/// How majority vote breaks a tie between labels with the same (weighted) count.
enum class TieBreak {
  kSmallest,  ///< the smallest label code (the first in sorted or declared order)
  kAbstain,   ///< no label: -1
  kRandom,    ///< one of the tied labels, chosen by a seeded generator (reproducible)
  /// cleanlab's chain (cleanlab/multiannotator.py get_majority_vote_label): among the tied
  /// labels keep those with (1) the largest predicted probability (MajorityVoteOptions::
  /// pred_probs, when given), then (2) the largest frequency over all annotations of the table,
  /// then (3) the largest mean quality of the item's annotators who gave the label, an
  /// annotator's quality being its agreement with the majority on the items that had no tie;
  /// then (4) one at random (seeded). An annotator with no untied item has no quality (NaN);
  /// a label whose mean is NaN loses step 3 and, when all are NaN, the tie goes on to step 4
  /// (cleanlab then compares with NaN and fails).
  kCleanlab,
};

struct MajorityVoteOptions {
  TieBreak tie_break = TieBreak::kSmallest;
  uint64_t seed = 0;  ///< for TieBreak::kRandom
  /// Per-annotator weights (size n_annotators, finite, >= 0) for a weighted vote; empty means
  /// every vote counts 1.
  std::vector<double> weights;
  bool fractions = false;  ///< also return the vote fractions (n_items x n_labels)
  /// TieBreak::kCleanlab only (optional): model probabilities, n_items x n_labels row-major in
  /// label code order, finite.
  std::vector<double> pred_probs;
};

struct MajorityVoteResult {
  std::vector<int32_t> labels;    ///< label code per item, -1 when abstaining
  std::vector<double> fractions;  ///< row-major n_items x n_labels when asked for, else empty
  int64_t ties = 0;               ///< items whose top count was shared
};

/// Majority vote: per item the label with the largest (weighted) number of votes; ties by
/// options.tie_break; fractions are votes / total votes of the item (weighted when weights
/// are given; an item whose weights sum to 0 gets fractions 0 and the tie rule).
/// A table without items gives empty labels (no error: there is nothing to label).
/// With weights, TieBreak::kCleanlab breaks ties of the weighted counts; its steps 2 and 3
/// count unweighted annotations, as cleanlab.
/// Errors: kLengthMismatch (weights or pred_probs size), kOutOfRange (negative or non-finite
/// weight, non-finite pred_probs), kInvalidArgument (pred_probs without TieBreak::kCleanlab).
Result<MajorityVoteResult> majority_vote(const AnnotationTable& table,
                                         const MajorityVoteOptions& options = {});

/// Dawid-Skene options.
struct DawidSkeneOptions {
  /// EM iterations at most; 0 runs none and returns the start state: posteriors = the vote
  /// fractions, priors and confusion = the M-step from them (crowd-kit DawidSkene(n_iter=0)).
  int max_iterations = 100;
  /// Return the priors and confusion re-estimated (one more M-step) from the returned
  /// posteriors, as crowd-kit's DawidSkene.fit does, instead of the parameters that produced
  /// them (the default, a consistent pair whose log-likelihood is reported).
  bool refit_after_last_e_step = false;
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
/// With refit_after_last_e_step, DawidSkene(n_iter=n) of crowd-kit equals max_iterations = n
/// and tolerance 0 here in every returned field.
/// Errors: kEmptyInput, kInvalidArgument (max_iterations < 0, tolerance or floor not in range).
Result<DawidSkeneResult> dawid_skene(const AnnotationTable& table,
                                     const DawidSkeneOptions& options = {});

/// One rating for dawid_skene_ratings: annotator (observer) `annotator` gave `label` to `item`.
struct Rating {
  int32_t item = 0;
  int32_t annotator = 0;
  int32_t label = 0;
};

/// Dawid-Skene on ratings where one annotator may rate an item several times, as in Dawid &
/// Skene 1979 (their observer 1 rated every patient three times): every rating counts, i.e.
/// with n_ial the number of times annotator a gave label l to item i, the start posteriors are
/// sum_a n_ial / sum_a,l n_ial (their eq. 3.1), the M-step C_a[k][l] is proportional to
/// sum_i T_ik n_ial (eq. 2.3) and the E-step multiplies C_a[k][l]^n_ial (eq. 2.5). With one
/// rating per (item, annotator) this is dawid_skene on the same table. Codes are dense:
/// items 0..n_items-1 (each needs a rating), annotators 0..n_annotators-1, labels
/// 0..n_labels-1. Options and result as dawid_skene. Errors: kEmptyInput (no ratings, an item
/// without rating: "items[i]"), kInvalidArgument (n_annotators or n_labels < 1, options),
/// kOutOfRange ("ratings[r].item" / ".annotator" / ".label" outside its range).
Result<DawidSkeneResult> dawid_skene_ratings(const std::vector<Rating>& ratings, int32_t n_items,
                                             int32_t n_annotators, int32_t n_labels,
                                             const DawidSkeneOptions& options = {});

/// Ratings with their names (see parse_ratings_csv).
struct RatingsTable {
  std::vector<Rating> ratings;
  Dictionary items, annotators, labels;  ///< codes in sorted order, as AnnotationTable's
};

/// Reads a long CSV of ratings with a header naming the columns item, annotator and label
/// (others are ignored; fields may be double-quoted, "" inside a quote is a quote), where an
/// (item, annotator) pair may repeat (dawid_skene_ratings). Codes follow the annotation
/// table's rule: numeric order when every value of a column is an integer, else bytewise.
/// Errors: kMissingField ("line 1": a column missing; "line N": an empty or missing value),
/// kInvalidFormat ("line N": an unterminated quote), kEmptyInput (no data row).
Result<RatingsTable> parse_ratings_csv(std::string_view text);

/// Where weighted_vote takes each annotator's skill from.
enum class SkillSource {
  kGold,      ///< accuracy on the gold answers
  kMajority,  ///< agreement with the unweighted majority vote (ties: smallest label)
};

struct WeightedVoteOptions {
  SkillSource source = SkillSource::kMajority;
  /// Gold answers (item and label codes of the table) for SkillSource::kGold.
  std::vector<GoldAnswer> gold;
  /// Strength m of the Beta prior that smooths skills: skill = (correct + m * p0) /
  /// (answered + m), where p0 is the pooled skill of all annotators (correct / answered over
  /// everyone). An annotator with no gold answer gets p0; one with few gets pulled towards it.
  /// Must be finite and >= 0 (0: raw accuracy, clipped as below).
  double prior_strength = 2.0;
};

struct WeightedVoteResult {
  std::vector<int32_t> labels;     ///< argmax of the weighted score per item (ties: smallest)
  std::vector<double> posteriors;  ///< n_items x n_labels softmax of the scores (see below)
  std::vector<double> skills;      ///< per annotator, smoothed and clipped to [1e-6, 1 - 1e-6]
  std::vector<double> weights;     ///< per annotator: log((K - 1) skill / (1 - skill))
  std::vector<int64_t> answered;   ///< per annotator: gold items (or items) the skill counts
  std::vector<int64_t> correct;    ///< per annotator: of those, answers equal to gold / majority
  int64_t ties = 0;                ///< items whose top score was shared
};

/// Skill-weighted vote. Each annotator a has a skill s_a: its accuracy on gold answers or its
/// agreement with the unweighted majority vote (its own vote included, as crowd-kit's Wawa
/// does), smoothed with a Beta prior of strength m towards the pooled skill p0 (see
/// WeightedVoteOptions) and clipped to [1e-6, 1 - 1e-6]. Its weight is the log-odds
///   w_a = log((K - 1) s_a / (1 - s_a)),   K = number of labels of the table,
/// the optimal weights of a weighted majority vote for independent annotators with symmetric
/// errors (Nitzan & Paroush 1982 for K = 2; Li & Yu 2014, "Error rate bounds and iterative
/// weighted majority voting", for K classes). Score of label k on item i = sum of the weights of
/// the annotators who gave k; every label of the table competes (with one-coin annotators
/// a label nobody gave can win when every voter has skill below 1/K, as the model says).
/// Posteriors are softmax(score): the exact class posterior of the one-coin model with a
/// uniform class prior. K = 1: every weight is 0 and every label 0.
/// Errors: kEmptyInput (no rows; kGold with no gold answers), kOutOfRange (gold item or label
/// code outside the table), kDuplicate (gold item twice), kInvalidArgument (prior_strength).
Result<WeightedVoteResult> weighted_vote(const AnnotationTable& table,
                                         const WeightedVoteOptions& options = {});

/// GLAD options (defaults as crowd-kit's GLAD).
struct GladOptions {
  /// EM iterations at most; 0 runs none: the posteriors are those of the start values
  /// (alpha = 1, b = 1; crowd-kit's first E-step).
  int max_iterations = 100;
  /// Stop when the gain of the objective (log posterior, below) per row is below this.
  double tolerance = 1e-5;
  int m_step_iterations = 25;     ///< gradient steps on (alpha, log beta) per M-step
  double alpha_prior_mean = 1.0;  ///< mean of the N(mean, 1) prior on every alpha
  double beta_prior_mean = 1.0;   ///< mean of the N(mean, 1) prior on every log beta
  /// Class priors (size n_labels, > 0, normalised here); empty: uniform. Kept fixed, as in
  /// crowd-kit.
  std::vector<double> class_priors;
};

struct GladResult {
  std::vector<int32_t> labels;     ///< argmax posterior per item (ties: smallest code)
  std::vector<double> posteriors;  ///< n_items x n_labels, rows sum to 1
  std::vector<double> alphas;      ///< per annotator ability alpha (any real; < 0 adversarial)
  std::vector<double> betas;       ///< per item log beta (beta = exp(this) is 1 / difficulty)
  int iterations = 0;              ///< EM iterations run
  bool converged = false;          ///< stopped by the tolerance
  double objective = 0;            ///< final log posterior (natural log, see glad())
};

/// GLAD (Whitehill, Ruvolo, Wu, Bergsma & Movellan 2009, "Whose vote should count more"), in
/// the multi-class form of crowd-kit's GLAD: annotator a answers item i correctly with
/// probability sigma(alpha_a * exp(b_i)) and otherwise uniformly one of the K - 1 other
/// labels; true labels have fixed class priors p. Priors alpha_a ~ N(alpha_prior_mean, 1),
/// b_i ~ N(beta_prior_mean, 1) (b_i is log beta_i, crowd-kit's reparameterisation); start
/// alpha = 1, b = 1. EM: the E-step computes the posteriors; the M-step raises the expected
/// complete-data log posterior Q by up to m_step_iterations preconditioned gradient steps with
/// backtracking, stopping early once a step gains less than 1e-3 x tolerance per row
/// (crowd-kit uses scipy's CG; the fixed point is the same, the path is not).
/// The objective reported and used to stop is the incomplete-data log posterior
///   sum_i log sum_k p_k prod_{rows (i,a,l)} P(l | k, alpha_a, b_i) + log N(alpha) + log N(b),
/// which EM never decreases; crowd-kit instead stops on Q divided by the number of rows x K,
/// compared on its first iteration with an undivided Q (a known inconsistency there).
/// K = 1: every posterior is 1 and the parameters stay at their start.
/// Errors: kEmptyInput, kInvalidArgument (max_iterations < 0, m_step_iterations < 1, tolerance,
/// prior means not finite), kLengthMismatch / kOutOfRange (class_priors size, non-positive or
/// non-finite entries).
Result<GladResult> glad(const AnnotationTable& table, const GladOptions& options = {});

/// MACE options (defaults as crowd-kit's MACE and Hovy et al.'s MACE tool).
struct MaceOptions {
  int restarts = 10;        ///< random starts; the best final log marginal likelihood wins
  int max_iterations = 50;  ///< EM iterations per start
  /// Stop a start early when the log marginal likelihood gain per item is below this
  /// (0: always run max_iterations, as crowd-kit does).
  double tolerance = 0;
  bool variational = true;         ///< variational Bayes M-step (crowd-kit's method "vb"); else EM
  double default_noise = 0.5;      ///< start values drawn uniformly in [1, 1 + noise], normalised
  double alpha = 0.5, beta = 0.5;  ///< Beta(alpha, beta) prior on (spamming, knowing) (vb)
  double strategy_prior = 10.0;    ///< symmetric Dirichlet prior on the strategies (vb)
  /// Added to expected counts in the EM M-step; negative: 0.01 / K as crowd-kit uses.
  double smoothing = -1;
  uint64_t seed = 0;
};

struct MaceResult {
  std::vector<int32_t> labels;     ///< argmax posterior per item (ties: smallest code)
  std::vector<double> posteriors;  ///< n_items x n_labels, rows sum to 1
  std::vector<double> competence;  ///< per annotator P(not spamming) = theta_a of the paper
  std::vector<double> strategies;  ///< n_annotators x n_labels spamming distributions xi_a
  double log_likelihood = 0;       ///< log marginal likelihood of the chosen start
  int iterations = 0;              ///< iterations of the chosen start
  int best_restart = 0;            ///< index of the chosen start
};

/// MACE (Hovy, Berg-Kirkpatrick, Vaswani & Hovy 2013, "Learning whom to trust with MACE"):
/// the true label T_i is uniform over the K labels; annotator a spams on an item with
/// probability 1 - theta_a and then answers from its strategy xi_a, else answers T_i. So
///   P(answer l | T = k) = (1 - theta_a) xi_a[l] + theta_a [l == k].
/// EM (or variational Bayes with Beta(alpha, beta) and Dirichlet(strategy_prior) priors,
/// exp(digamma) normalisation, as the paper's section 2.1 and crowd-kit) from `restarts`
/// random starts, keeping the start with the best final log marginal likelihood
/// sum_i log (1/K) sum_k prod_rows P(l | k). Differences from crowd-kit, which are fixes:
/// every start draws new values from the seeded generator (crowd-kit reuses the same
/// random_state, so its restarts are identical), and products over an item's answers are
/// taken in logs (crowd-kit multiplies probabilities, which underflows with many answers, and
/// adds 1e-8 inside the log likelihood). Random draws use mt19937_64 with a fixed conversion,
/// so the result is the same natively and in WebAssembly.
/// Errors: kEmptyInput, kInvalidArgument (restarts or max_iterations < 1, negative or
/// non-finite tolerance, noise, priors or smoothing).
Result<MaceResult> mace(const AnnotationTable& table, const MaceOptions& options = {});

}  // namespace localabel
