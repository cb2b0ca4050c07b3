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
  /** correct / (correct + incorrect) on gold points; NaN when the LF never votes on gold. */
  empiricalAccuracy: number;
}

export interface LfAnalysis {
  lfs: LfSummary[];
  labelCoverage: number;
  labelOverlap: number;
  labelConflict: number;
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

export interface LabelIssues {
  /** Likely wrong labels, most suspicious (lowest self-confidence) first. */
  issues: Int32Array;
  /** Per-class thresholds t_j (mean p_j over rows labelled j). */
  thresholds: Float64Array;
  /** K × K confident joint C[given][suspected]. */
  confidentJoint: Float64Array;
  /** p_given of every row. */
  selfConfidence: Float32Array;
}

export interface LearningApi {
  /** Score of every row (margin is raw top1 − top2). */
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
   * nearest each centre; inertia = Σ squared distance to the nearest centre. */
  kMeans(features: Matrix, rows: number, options: { k: number; seed?: number; maxIter?: number }): {
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
  /** N × nClasses probabilities (Float32Array). */
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
  analyseLabellingFunctions(votes: ArrayLike<number>, nPoints: number, gold?: ArrayLike<number> | null): LfAnalysis;
  /** One-coin Dawid-Skene EM over LF accuracies with abstains → probabilistic labels. */
  fitLabelModel(votes: ArrayLike<number>, nPoints: number, nClasses: number,
                options?: { maxIter?: number; tol?: number }): LabelModelResult;
  /** Confident learning (Northcutt et al. 2021; cleanlab prune_by_noise_rate) over
   * out-of-sample probabilities. */
  findLabelIssues(probs: Matrix, labels: ArrayLike<number>): LabelIssues;
}
