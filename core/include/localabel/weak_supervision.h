// Weak supervision: labelling functions → a label matrix with abstains, LF analysis, and a
// label model that turns the votes into probabilistic labels.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "localabel/error.h"
#include "localabel/features.h"

namespace localabel {

/// The label-matrix value of a labelling function that does not vote on a point.
constexpr int32_t kAbstain = -1;

/// The kinds of labelling function.
enum class LfKind {
  kKeywords,   ///< votes `label` when any keyword occurs as a whole word (letters/digits)
  kPattern,    ///< votes `label` when the wildcard pattern matches somewhere in the text:
               ///< `*` any run of characters, `?` one character, `\*` `\?` `\\` literals
  kRegex,      ///< votes `label` when the regular expression `pattern` (localabel/regex.h:
               ///< linear-time, code points) matches somewhere in the text
  kThreshold,  ///< votes `label` when metadata[field] > threshold (or < when !above)
  kModel,      ///< votes the model's predicted class when its probability ≥ min_confidence
};

/// One labelling function.
struct LabellingFunction {
  std::string name;
  LfKind kind = LfKind::kKeywords;
  int32_t label = 0;                  ///< the class voted (not used by kModel)
  std::vector<std::string> keywords;  ///< kKeywords; may contain spaces (phrases)
  std::string pattern;                ///< kPattern and kRegex
  bool case_sensitive = false;        ///< kKeywords, kPattern and kRegex
  std::string field;                  ///< kThreshold: metadata key
  double threshold = 0;               ///< kThreshold
  bool above = true;                  ///< kThreshold: > threshold (true) or < threshold
  double min_confidence = 0.9;        ///< kModel
};

/// An n_points × n_lfs row-major matrix of votes (class index or kAbstain).
struct LabelMatrix {
  int64_t n_points = 0;
  int64_t n_lfs = 0;
  std::vector<int32_t> votes;
  int32_t at(int64_t i, int64_t j) const { return votes[static_cast<size_t>(i * n_lfs + j)]; }
};

/// Applies every LF to every point. `texts` gives the points (its size is N); `metadata`
/// (optional, size N) holds numeric fields for kThreshold (a missing field abstains);
/// `model_probs` (optional, N×K) the predictions for kModel. A point is matched
/// case-insensitively unless case_sensitive (keywords and wildcard patterns fold ASCII;
/// regular expressions as localabel/regex.h says).
/// Errors: kEmptyInput (no LFs or no points), kInvalidArgument (`lfs[j]`: negative label,
/// empty keyword list or pattern, a regular expression that does not compile (`lfs[j].pattern`,
/// with the character offset), min_confidence outside [0, 1], non-finite threshold, kModel
/// without model_probs), kLengthMismatch (metadata or model_probs rows vs texts).
Result<LabelMatrix> apply_labelling_functions(
    const std::vector<LabellingFunction>& lfs, const std::vector<std::string>& texts,
    const std::vector<std::map<std::string, double>>* metadata = nullptr,
    const MatrixView* model_probs = nullptr);

/// True when the wildcard pattern (see LfKind::kPattern) matches a substring of text.
bool wildcard_search(const std::string& pattern, const std::string& text, bool case_sensitive);

/// Per-LF statistics as Snorkel's LFAnalysis (snorkel/labeling/analysis.py), all fractions of
/// all N points: coverage (LF votes), overlaps (LF votes and another LF votes), conflicts (LF
/// votes and another LF votes a different class).
struct LfSummary {
  std::vector<int32_t> polarity;  ///< distinct classes the LF voted, ascending
  double coverage = 0;
  double overlaps = 0;
  double conflicts = 0;
  /// overlaps / coverage (Snorkel lf_overlaps(normalize_by_coverage=True)); 0 when the LF
  /// never votes (Snorkel's nan_to_num).
  double overlaps_normalized = 0;
  /// conflicts / overlaps (Snorkel lf_conflicts(normalize_by_overlaps=True)); 0 when the LF
  /// overlaps nowhere.
  double conflicts_normalized = 0;
  int64_t correct = 0;    ///< votes equal to gold (points with gold ≥ 0)
  int64_t incorrect = 0;  ///< votes different from gold
  /// correct / (correct + incorrect), Snorkel's lf_empirical_accuracies, which returns 0 (its
  /// nan_to_num) when the LF votes on no gold point: users of Snorkel's lf_summary see 0
  /// there, so 0 is the default; `undefined_accuracy_nan` gives NaN instead, which a caller can
  /// tell from a real 0 (also visible as correct + incorrect = 0). NaN without gold (Snorkel's
  /// lf_summary then has no accuracy column).
  double empirical_accuracy = 0;
  /// With gold: (K + 1) × K row-major table P(vote = l | gold = y), row l + 1 for vote l (row 0
  /// = abstain), as Snorkel lf_empirical_probs; a class with no gold point has NaN columns
  /// (Snorkel divides 0 by 0 there too).
  std::vector<double> empirical_probs;
};

/// LF analysis plus the matrix-level fractions.
struct LfAnalysis {
  std::vector<LfSummary> lfs;
  double label_coverage = 0;  ///< points with at least one vote
  double label_overlap = 0;   ///< points with at least two votes
  double label_conflict = 0;  ///< points with two votes that differ
  int64_t n_classes = 0;      ///< K of the empirical_probs tables (0 without gold)
};

/// Options of the LF analysis.
struct LfAnalysisOptions {
  /// K for empirical_probs; 0 = 1 + the largest class among gold and votes.
  int64_t n_classes = 0;
  /// NaN instead of Snorkel's 0 for the accuracy of an LF that votes on no gold point.
  bool undefined_accuracy_nan = false;
};

/// Computes the analysis. `gold` is optional (size N, −1 = unknown: such points count in
/// neither correct, incorrect, the accuracy nor the empirical probabilities; with every gold
/// label known the values are Snorkel's, whose lf_summary has no unknown gold). Snorkel's
/// lf_summary Correct/Incorrect drop the first row and column of sklearn's confusion matrix,
/// assuming it is the abstain; when neither gold nor the LF has −1 this drops class 0 instead,
/// a Snorkel defect not reproduced here (correct/incorrect always count every judged vote).
/// Errors: kEmptyInput, kLengthMismatch (gold size), kInvalidArgument (options.n_classes < 0
/// or not above every class in gold and votes).
Result<LfAnalysis> analyse_labelling_functions(const LabelMatrix& votes,
                                               const std::vector<int32_t>* gold = nullptr,
                                               const LfAnalysisOptions& options = {});

/// Snorkel's MajorityLabelVoter.predict_proba (snorkel/labeling/model/baselines.py): per
/// point, 1 on every class with the most votes, normalised, so ties split equally among the
/// tied classes and a point where every LF abstains is uniform. Returns N × cardinality,
/// row-major. Errors: kEmptyInput, kLengthMismatch, kInvalidArgument (cardinality < 1),
/// kOutOfRange (`votes[i][j]` outside [−1, cardinality)).
Result<std::vector<double>> majority_label_voter_proba(const LabelMatrix& votes,
                                                       int64_t cardinality);

/// Options of the label model.
struct LabelModelOptions {
  int max_iter = 100;
  double tol = 1e-6;           ///< stop when the log-likelihood gain per point < tol
  double min_accuracy = 0.01;  ///< LF accuracies are clamped to [min, 1 − min]
};

/// Fitted label model.
struct LabelModel {
  int64_t n_classes = 0;
  std::vector<double> accuracies;   ///< per LF: P(vote = true class | the LF votes)
  std::vector<double> class_prior;  ///< π_k
  std::vector<double> probs;        ///< N × K posterior class probabilities
  int iterations = 0;
  double log_likelihood = 0;
};

/// A one-coin Dawid-Skene model with abstains (Dawid & Skene 1979, with one accuracy per
/// source as in Snorkel's data programming, Ratner et al. 2016): given the true class y, LF j
/// (when it votes, independently of y) votes y with probability a_j and each other class with
/// (1 − a_j)/(K − 1). EM starts from the vote fractions (points without votes: uniform),
/// M-step a_j = Σ_i q_i(vote_ij) / #votes_j and π = mean q; E-step
/// q_i(y) ∝ π_y Π_{j votes} (a_j if vote = y else (1 − a_j)/(K − 1)). Points without votes
/// get π. Errors: kEmptyInput, kInvalidArgument (n_classes < 2), kOutOfRange (a vote outside
/// [−1, n_classes)).
Result<LabelModel> fit_label_model(const LabelMatrix& votes, int64_t n_classes,
                                   const LabelModelOptions& options = {});

}  // namespace localabel
