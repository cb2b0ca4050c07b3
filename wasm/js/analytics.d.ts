/**
 * Quality analytics: agreement, aggregation, gold checks, annotator statistics and drift.
 * Re-exported by index.d.ts; the functions are members of the object `load()` resolves to.
 *
 * Conventions:
 * - Label vectors are `Int32Array`s (plain arrays of integers are converted); matrices are
 *   flat row-major arrays with their shape given.
 * - An undefined coefficient (for example both annotators used one and the same label, so
 *   chance agreement is 1 and kappa is 0/0) is **not** an error: `value` is `NaN` and
 *   `undefinedReason` says why, in a sentence the UI can show.
 * - Bad input (mismatched lengths, empty input, duplicates, unknown annotators or labels,
 *   NaN/infinite numbers) throws a `LocalabelError` whose `code` and `path` name the problem.
 */

/** A chance-corrected agreement coefficient and its parts. */
export interface Agreement {
  /** The coefficient; NaN when undefined (see undefinedReason). */
  value: number;
  /** Observed agreement (kappa family) or observed disagreement D_o (alpha). */
  observed: number;
  /** Chance agreement (kappa family) or expected disagreement D_e (alpha). */
  expected: number;
  /** Items that entered the computation. */
  units: number;
  /** Empty unless value is NaN. */
  undefinedReason: string;
}

/**
 * Cohen's kappa weights: position differences in the sorted label set (scikit-learn's
 * cohen_kappa_score convention): none = 1 - [i == j], linear = |i - j|, quadratic = (i - j)^2.
 */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Krippendorff's alpha level (difference function): nominal [c != k]; ordinal Krippendorff's
 * rank metric on value frequencies; interval (c - k)^2; ratio ((c - k)/(c + k))^2.
 */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface MajorityVoteResult {
  /** Label code per item (index into `labels`), -1 when abstaining on a tie. */
  labels: Int32Array;
  /** items x labels vote shares, row-major, when `fractions: true` was asked. */
  fractions?: Float64Array;
  /** Items whose top count was shared. */
  ties: number;
}

export interface DawidSkeneResult {
  /** Most probable label code per item. */
  labels: Int32Array;
  /** items x labels class posteriors, row-major; rows sum to 1. */
  posteriors: Float64Array;
  /** Class priors. */
  priors: Float64Array;
  /** annotators x labels x labels confusion matrices [a][true][given], rows sum to 1. */
  confusion: Float64Array;
  /** Per annotator: sum_k prior_k * confusion[a][k][k]. */
  skills: Float64Array;
  /** EM iterations run. */
  iterations: number;
  /** Stopped by the tolerance (not by maxIterations). */
  converged: boolean;
  /** Final incomplete-data log-likelihood (natural log). */
  logLikelihood: number;
}

export interface AnnotatorGoldAccuracy {
  annotator: string;
  /** Gold items this annotator answered. */
  answered: number;
  correct: number;
  /** correct / answered; NaN when nothing was answered. */
  accuracy: number;
}

export interface QualificationResult extends AnnotatorGoldAccuracy {
  /** accuracy >= threshold (false when nothing was answered). */
  passed: boolean;
  /** Every wrong answer, in item order. */
  errors: { item: string; expected: string; given: string }[];
}

export interface AnnotatorStats {
  annotator: string;
  tasks: number;
  /** Mean / median seconds per task; NaN without a time column. */
  meanSeconds: number;
  medianSeconds: number;
  /** 3600 / meanSeconds; NaN without times. */
  tasksPerHour: number;
  /** Share of answers equal to the majority of the other annotators of the item (ties among
   * the others count as agreement for any tied label); NaN when no item is shared. */
  agreementWithOthers: number;
  sharedItems: number;
  /** NaN without gold answers. */
  goldAccuracy: number;
  goldAnswered: number;
  /** tasks x pricePerLabel. */
  cost: number;
}

export interface RollingDrift {
  n: number;
  window: number;
  threshold: number;
  /** First index i >= window - 1 whose window mean is below threshold; -1 if none. */
  firstAlarm: number;
  /** Number of complete windows. */
  windows: number;
  /** Average of all window means; NaN when there is no complete window. */
  mean: number;
}

export interface QualityDrop {
  /** End index of every window whose mean fell more than `drop` below the previous one. */
  alarms: Float64Array;
  /** Mean of each consecutive, non-overlapping window. */
  windowMeans: Float64Array;
}

/**
 * A long table of annotations (item, annotator, label[, time]) held in the module. Codes are
 * indices into `items`, `annotators`, `labels`, which are sorted (numerically when every value
 * is an integer) or follow the declared label order. Duplicate (annotator, item) pairs are an
 * error when loading. Call `dispose()` when done.
 */
export interface Annotations {
  readonly rows: number;
  readonly items: string[];
  readonly annotators: string[];
  readonly labels: string[];
  readonly hasTime: boolean;
  readonly goldAnswers: number;
  /** Attaches gold answers: CSV `item,label` text or codes. Returns their number. */
  setGold(gold: string | { items: ArrayLike<number>; labels: ArrayLike<number> }): number;
  /** Cohen's kappa of two annotators (id or code) on their common items. */
  cohenKappa(a: string | number, b: string | number, options?: { weights?: KappaWeights }): Agreement;
  /** Fleiss' kappa (Fleiss 1971); throws InvalidArgument when items have unequal numbers of
   * answers (use krippendorffAlpha). */
  fleissKappa(): Agreement;
  /** Krippendorff's alpha (Krippendorff 2011) with missing values. Interval and ratio need
   * numeric labels; ordinal on text labels uses the declared label order. */
  krippendorffAlpha(options?: { level?: AlphaLevel }): Agreement;
  /** Majority vote; ties go to the smallest label by default. weights: per annotator code. */
  majorityVote(options?: {
    ties?: 'smallest' | 'abstain' | 'random';
    seed?: number;
    weights?: ArrayLike<number> | null;
    fractions?: boolean;
  }): MajorityVoteResult;
  /** Dawid-Skene EM (Dawid & Skene 1979) from vote fractions; stops when the
   * log-likelihood gain per item is below `tolerance` or after `maxIterations`. */
  dawidSkene(options?: { maxIterations?: number; tolerance?: number; oneCoin?: boolean }): DawidSkeneResult;
  /** Accuracy of every annotator on the attached gold answers. */
  goldAccuracy(): AnnotatorGoldAccuracy[];
  /** One annotator against gold with a pass threshold (default 0.85). */
  qualificationTest(annotator: string | number, options?: { threshold?: number }): QualificationResult;
  /** Per-annotator statistics (gold accuracy when gold is attached). */
  annotatorStats(options?: { pricePerLabel?: number }): AnnotatorStats[];
  /** Frees the module memory of this table. */
  dispose(): void;
}

export interface AnalyticsApi {
  /** Parses a long CSV `item,annotator,label[,time]` (header optional). `labels` declares the
   * label set and its order; a label outside it throws UnknownReference. */
  annotationsFromCsv(text: string, options?: { labels?: string[] | null }): Annotations;
  /** Builds a table from integer ids. */
  annotationsFromIds(columns: {
    item: ArrayLike<number>;
    annotator: ArrayLike<number>;
    label: ArrayLike<number>;
    time?: ArrayLike<number> | null;
  }): Annotations;
  /** The classification (choices) answers of a Label Studio export; ground-truth annotations
   * become gold answers. `fromName` picks the label set (default: the first choices set). */
  annotationsFromLabelStudio(jsonText: string, options?: { fromName?: string }): Annotations;
  /** Share of positions where a[i] == b[i]. */
  percentAgreement(a: ArrayLike<number>, b: ArrayLike<number>): Agreement;
  /** Cohen's kappa of two aligned label vectors (Cohen 1960/1968; same as scikit-learn). */
  cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, options?: { weights?: KappaWeights }): Agreement;
  /** Scott's pi (Scott 1955): chance agreement from the pooled label distribution. */
  scottPi(a: ArrayLike<number>, b: ArrayLike<number>): Agreement;
  /** Bennett's S (1954): chance agreement 1/q; `categories` q (0 = labels seen). */
  bennettS(a: ArrayLike<number>, b: ArrayLike<number>, options?: { categories?: number }): Agreement;
  /** Fleiss' kappa of an items x categories count table (equal raters per item). */
  fleissKappa(counts: ArrayLike<number>, nItems: number, nCategories: number): Agreement;
  /** Krippendorff's alpha of an annotators x items matrix; NaN marks a missing value. */
  krippendorffAlpha(matrix: ArrayLike<number>, nAnnotators: number, nItems: number,
                    options?: { level?: AlphaLevel }): Agreement;
  /** Rolling-window mean with an absolute threshold (defaults: window 1000, threshold 0.85). */
  rollingMeanAlarm(values: ArrayLike<number>, options?: { window?: number; threshold?: number }): RollingDrift;
  /** Consecutive windows; alarm when a window's mean is more than `drop` (default 0.05) below
   * the previous window's. */
  rollingQualityDrop(values: ArrayLike<number>, options?: { window?: number; drop?: number }): QualityDrop;
}
