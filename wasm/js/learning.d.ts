// Active learning, pre-labelling, weak supervision and label-error detection.
//
// Matrices are flat row-major Float32Arrays (or number arrays) with `rows` given; the column
// count is data.length / rows. Row indices come back as Int32Arrays. Every function throws a
// LocalabelError (code, message, path) on bad input: a mis-shaped matrix ("LengthMismatch"),
// a probability outside [0, 1] or a non-finite number ("OutOfRange", path "probs[i][k]"), an
// unknown measure or a bad parameter ("InvalidArgument"), nothing to work on ("EmptyInput").
// Ties are always broken by the lower row index, so every selection is deterministic.

export type Matrix = Float32Array | ArrayLike<number>;

/** Uncertainty of one model's probabilities (Settles 2009, §3.1). */
export type UncertaintyMeasure =
  /** 1 − max_k p_k; most uncertain = largest. */
  | 'leastConfidence'
  /** p(1) − p(2), the two largest; most uncertain = SMALLEST. */
  | 'margin'
  /** −Σ p_k ln p_k (natural log); most uncertain = largest. */
  | 'entropy';

/** Disagreement of a committee (query-by-committee), as in modAL. */
export type CommitteeMeasure =
  /** Entropy of the members' hard votes (modAL vote_entropy). */
  | 'voteEntropy'
  /** Entropy of the mean probabilities (modAL consensus_entropy). */
  | 'consensusEntropy'
  /** max over members of KL(member ‖ consensus) (modAL KL_max_disagreement). */
  | 'maxKl'
  /** mean over members of KL(member ‖ consensus) (McCallum & Nigam 1998). */
  | 'meanKl';

/** A fitted multinomial logistic regression (weights: nClasses × nFeatures row-major). */
export interface LogisticRegressionModel {
  nFeatures: number;
  nClasses: number;
  weights: Float64Array;
  intercept: Float64Array;
  /** L-BFGS iterations of the fit. */
  nIter: number;
  /** Whether max |gradient| of the per-example objective reached tol. */
  converged: boolean;
  /** 0.5‖W‖² + C Σ log-loss at the solution. */
  objective: number;
}

export interface LogisticRegressionOptions {
  /** Inverse L2 strength, as scikit-learn's C (default 1). */
  c?: number;
  /** Iterations at most (default 100). */
  maxIter?: number;
  /** Gradient tolerance (default 1e-4). */
  tol?: number;
  /** One unpenalised intercept per class (default true). */
  fitIntercept?: boolean;
}

/** A labelling function for weak supervision. 'pattern' is a wildcard pattern: `*` (any
 * run), `?` (one character) and `\` escapes; 'regex' a regular expression (the linear-time
 * subset of ECMAScript/Python syntax documented in core/include/localabel/regex.h: no
 * back-references or look-around). Both match anywhere in the text. */
export interface LabellingFunction {
  name?: string;
  kind: 'keywords' | 'pattern' | 'regex' | 'threshold' | 'model';
  /** The class voted (ignored by 'model', which votes its predicted class). */
  label?: number;
  /** 'keywords': votes when any keyword or phrase occurs as whole words. */
  keywords?: string[];
  /** 'pattern': wildcard pattern; 'regex': regular expression. */
  pattern?: string;
  /** ASCII case-sensitive matching (default false). */
  caseSensitive?: boolean;
  /** 'threshold': metadata field; votes when value > threshold (or < when above is false). */
  field?: string;
  threshold?: number;
  above?: boolean;
  /** 'model': votes when the model's top probability ≥ minConfidence (default 0.9). */
  minConfidence?: number;
}

/** Votes: nPoints × nLfs row-major, −1 = abstain. */
export interface LabelMatrix {
  votes: Int32Array;
  nPoints: number;
  nLfs: number;
}

/** Snorkel LFAnalysis quantities, as fractions of all points. */
export interface LfSummary {
  polarity: Int32Array;
  coverage: number;
  overlaps: number;
  conflicts: number;
  correct: number;
  incorrect: number;
  /** correct / (correct + incorrect) on gold points (Snorkel lf_empirical_accuracies). An LF
   * that never votes on a gold point gets 0, as Snorkel's nan_to_num gives (NaN with the
   * undefinedAccuracyNaN option); NaN without gold. */
  empiricalAccuracy: number;
  /** overlaps / coverage (Snorkel normalize_by_coverage); 0 when the LF never votes. */
  overlapsNormalized: number;
  /** conflicts / overlaps (Snorkel normalize_by_overlaps); 0 when the LF never overlaps. */
  conflictsNormalized: number;
  /** With gold: (nClasses + 1) × nClasses row-major P(vote = l | gold = y), row l + 1 for vote
   * l (row 0 = abstain), Snorkel lf_empirical_probs; NaN columns for classes without gold. */
  empiricalProbs?: Float64Array;
}

export interface LfAnalysis {
  lfs: LfSummary[];
  labelCoverage: number;
  labelOverlap: number;
  labelConflict: number;
  /** Classes of the empiricalProbs tables (0 without gold). */
  nClasses: number;
}

export interface LabelModelResult {
  /** nPoints × nClasses posterior probabilities. */
  probs: Float32Array;
  /** Per LF: P(vote = true class | the LF votes). */
  accuracies: Float64Array;
  classPrior: Float64Array;
  iterations: number;
  logLikelihood: number;
}

/** cleanlab's `filter_by` of find_label_issues (cleanlab/filter.py), same spellings. */
export type LabelIssueFilter =
  | 'prune_by_noise_rate' // per given class i and other class j, the C[i][j] rows of largest p_j − p_i (default)
  | 'prune_by_class'      // per class i, the n_i − C[i][i] rows of smallest p_i
  | 'both'                // flagged by both of the above
  | 'confident_learning'  // counted off the diagonal of the uncalibrated confident joint
  | 'predicted_neq_given' // argmax p ≠ given label
  | 'low_self_confidence' // the numLabelIssues rows of lowest self-confidence
  | 'low_normalized_margin'; // the numLabelIssues rows of lowest normalized margin

/** cleanlab's label-quality scores (cleanlab/rank.py); lower = label less likely correct. */
export type LabelQualityScore =
  | 'self_confidence'              // p_y
  | 'normalized_margin'            // (p_y − max_{j≠y} p_j + 1) / 2
  | 'confidence_weighted_entropy'; // s = H(p)/log K / max(p_y, 1e-6); log(s + 1) / max(s, 1e-6)

export interface LabelIssueOptions {
  /** Which rows are issues (default 'prune_by_noise_rate'). */
  filterBy?: LabelIssueFilter;
  /** Order of `issues`, ascending score (cleanlab return_indices_ranked_by; default
   * 'self_confidence'). Ties keep row order. */
  rankBy?: LabelQualityScore;
  /** Fraction of the estimated issues the prune_* filters return, in (0, 1] (default 1). */
  fracNoise?: number;
  /** Classes with at most this many rows are not pruned; each class keeps at least this many
   * (default 1). */
  minExamplesPerClass?: number;
}

export interface LabelIssues {
  /** Likely wrong labels, ordered by the `rankBy` score ascending (ties: row order). */
  issues: Int32Array;
  /** Per row: 1 if flagged (cleanlab's boolean mask). */
  isIssue: Uint8Array;
  /** Per-class thresholds t_j: mean p_j over rows labelled j, ≥ 2e-6; 2 for an absent class. */
  thresholds: Float64Array;
  /** K × K confident joint C[given][true guess], calibrated (rows sum to the class counts),
   * as cleanlab compute_confident_joint(calibrate=True). */
  confidentJoint: Float64Array;
  /** The same before calibration (diagonal raised to ≥ 1), as calibrate=False. */
  confidentJointRaw: Float64Array;
  /** p_given of every row (float64). */
  selfConfidence: Float64Array;
  /** The `rankBy` score of every row. */
  quality: Float64Array;
  /** cleanlab count.num_label_issues (estimation_method 'off_diagonal'). */
  numLabelIssues: number;
}

export interface LearningApi {
  /** Score of every row (margin is raw top1 − top2). A Float64Array is scored in float64
   * and gives a Float64Array; anything else is read as float32 and gives a Float32Array. */
  uncertaintyScores(probs: Float64Array, rows: number, measure?: UncertaintyMeasure): Float64Array;
  uncertaintyScores(probs: Matrix, rows: number, measure?: UncertaintyMeasure): Float32Array;
  /** The k most uncertain rows, most uncertain first; `exclude[i] != 0` skips row i. */
  selectUncertain(probs: Matrix, rows: number,
                  options: { measure?: UncertaintyMeasure; k: number; exclude?: ArrayLike<number> | null }): Int32Array;
  /** Disagreement per row of a committee: one N×K probability matrix per member. */
  committeeDisagreement(memberProbs: Matrix[], rows: number, measure?: CommitteeMeasure): Float32Array;
  /** Expected gradient length for logistic regression (Settles, Craven & Ray 2008):
   * ‖[x, 1]‖ Σ_y p_y ‖p − e_y‖. */
  expectedGradientLength(probs: Matrix, features: Matrix, rows: number): Float32Array;
  /** Greedy k-center (core-set): first pick row 0 unless initial centres (e.g. the labelled
   * rows) are given, then repeatedly the row farthest (squared L2) from its nearest centre.
   * radius = sqrt of the largest remaining squared distance. */
  kCenterGreedy(features: Matrix, rows: number,
                options: { k: number; initialCentres?: ArrayLike<number> }): { picks: Int32Array; radius: number };
  /** k-means++ seeding (seeded, identical on every platform) + Lloyd iterations; the row
   * nearest each centre; inertia = Σ (weighted) squared distance to the nearest centre.
   * `initialCentres` (k × dims, row-major) replaces the seeding; `sampleWeight` weighs the
   * means and the inertia; `relocateEmptyClusters` moves an emptied cluster to the row farthest
   * from its centre. With the three, this is scikit-learn's KMeans(init=initialCentres,
   * n_init=1, tol) (iterations = n_iter_). Stops when Σ‖Δcentre‖² ≤ tol × mean column
   * variance (default 1e-4). Throws LengthMismatch (initialCentres, sampleWeight), OutOfRange
   * (non-finite centre, negative or non-finite weight), InvalidArgument (tol). */
  kMeans(features: Matrix, rows: number, options: {
    k: number;
    seed?: number;
    maxIter?: number;
    initialCentres?: Matrix | null;
    sampleWeight?: ArrayLike<number> | null;
    relocateEmptyClusters?: boolean;
    tol?: number;
  }): {
    representatives: Int32Array; assignment: Int32Array; centres: Float32Array; inertia: number; iterations: number;
  };
  /** k distinct rows to label first: k-means representatives, every hinted class covered. */
  coldStart(features: Matrix, rows: number,
            options: { k: number; seed?: number; hintLabels?: ArrayLike<number> | null }): Int32Array;
  /** Ranked batch-mode selection (Cardoso et al. 2017, as modAL uncertainty_batch_sampling).
   * `labelled` is a mask with one entry per row (non-zero = labelled). */
  rankedBatch(probs: Matrix, features: Matrix, rows: number,
              options: { labelled: ArrayLike<number>; k: number }): Int32Array;
  /** Uncertainty × (distance to the nearest labelled row / the largest such distance).
   * `labelled` is a mask with one entry per row (non-zero = labelled), not a list of rows. */
  uncertaintyDiversity(probs: Matrix, features: Matrix, rows: number,
                       options: { labelled: ArrayLike<number>; k: number; measure?: UncertaintyMeasure }): Int32Array;
  /** Multinomial logistic regression with L2 (scikit-learn's objective), L-BFGS; pass the
   * previous model as warmStart to continue from it as labels arrive. */
  fitLogisticRegression(features: Matrix, rows: number, labels: ArrayLike<number>, nClasses: number,
                        options?: LogisticRegressionOptions,
                        warmStart?: LogisticRegressionModel | null): LogisticRegressionModel;
  /** N × nClasses probabilities: computed in float64 and a Float64Array for Float64Array
   * features, else float32 (Float32Array). */
  predictProba(model: LogisticRegressionModel, features: Float64Array, rows: number): Float64Array;
  predictProba(model: LogisticRegressionModel, features: Matrix, rows: number): Float32Array;
  /** Hashed word 1-2-grams and char_wb 3-5-grams with smooth TF-IDF, rows L2-normalised. */
  textFeatures(texts: string[], options?: { hashBits?: number }): { data: Float32Array; rows: number; cols: number };
  /** Task embeddings from a sidecar file: float32 little-endian, row-major, `rows` rows in task
   * order, no header (the dimension is bytes / (4 × rows)). Throws InvalidFormat when the size
   * does not divide, OutOfRange (path `embeddings[i][j]`) for a value that is not finite. */
  embeddingsFromBinary(bytes: ArrayBuffer | ArrayBufferView, rows: number): { data: Float32Array; rows: number; cols: number };
  /** 128 values: 4×4×4 RGB histogram (fractions) + 8×8 grey grid in [0, 1]. */
  imageFeatures(rgba: Uint8Array | ArrayLike<number>, width: number, height: number): Float32Array;
  /** Applies labelling functions; metadata[i] holds numeric fields for 'threshold' LFs,
   * modelProbs (N×K) the predictions for 'model' LFs. */
  applyLabellingFunctions(lfs: LabellingFunction[], texts: string[],
                          options?: { metadata?: Array<Record<string, number> | null> | null; modelProbs?: Matrix | null }): LabelMatrix;
  /** Coverage, overlaps, conflicts and empirical accuracy on gold (−1 = unknown). */
  analyseLabellingFunctions(votes: ArrayLike<number>, nPoints: number, gold?: ArrayLike<number> | null,
                            options?: { nClasses?: number; undefinedAccuracyNaN?: boolean }): LfAnalysis;
  /** Snorkel MajorityLabelVoter.predict_proba: per point 1 on every class with the most votes,
   * normalised (ties split equally; all-abstain points uniform). nPoints × cardinality. */
  majorityLabelVoter(votes: ArrayLike<number>, nPoints: number, cardinality: number): Float64Array;
  /** One-coin Dawid-Skene EM over LF accuracies with abstains → probabilistic labels. */
  fitLabelModel(votes: ArrayLike<number>, nPoints: number, nClasses: number,
                options?: { maxIter?: number; tol?: number }): LabelModelResult;
  /** Confident learning (Northcutt et al. 2021) over out-of-sample probabilities, as cleanlab's
   * filter.find_label_issues: the confident joint of count.compute_confident_joint (two or more
   * classes above threshold − 1e-6 count the overall argmax; diagonal ≥ 1; calibrated), then
   * the chosen filter; rows whose argmax is the given label are never flagged (except by the
   * low_* filters). Throws InvalidArgument for an unknown filter or score, fracNoise outside
   * (0, 1] or a negative minExamplesPerClass. */
  findLabelIssues(probs: Matrix, labels: ArrayLike<number>, options?: LabelIssueOptions): LabelIssues;
  // Precision of findLabelIssues and labelQualityScores: a Float32Array is computed from its
  // float32 values (compact for big matrices); a Float64Array or a plain array of numbers keeps
  // float64 precision, so results equal cleanlab's on the same float64 input.
  /** cleanlab rank.get_label_quality_scores: one score per row. adjustPredProbs first subtracts
   * the confident thresholds and renormalises (not with 'confidence_weighted_entropy'). */
  labelQualityScores(probs: Matrix, labels: ArrayLike<number>,
                     options?: { method?: LabelQualityScore; adjustPredProbs?: boolean }): Float64Array;
}
