/** Agreement coefficients (see analytics.d.ts for the conventions). */

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

/** Agreement methods of an `Annotations` table. */
export interface AgreementMethods {
  /** Cohen's kappa of two annotators (id or code) on their common items. */
  cohenKappa(a: string | number, b: string | number, options?: { weights?: KappaWeights }): Agreement;
  /** Fleiss' kappa (Fleiss 1971), or with method 'randolph' / 'uniform' Randolph's
   * free-marginal kappa (chance agreement 1 / the number of labels, as statsmodels'
   * fleiss_kappa method); throws InvalidArgument when items have unequal numbers of answers
   * (use krippendorffAlpha); RangeError for an unknown method. */
  fleissKappa(options?: { method?: FleissMethod }): Agreement;
  /** Krippendorff's alpha (Krippendorff 2011) with missing values. Interval and ratio need
   * numeric labels; ordinal on text labels uses the declared label order. */
  krippendorffAlpha(options?: { level?: AlphaLevel }): Agreement;
  /**
   * Cohen's kappa and percent agreement of every pair of annotators on the items both
   * labelled. Matrices are indexed like `annotators` (row a, column b) and symmetric. A pair
   * without a shared item has `sharedItems` 0 and NaN with the reason "no item in common"; the
   * diagonal holds NaN ("same annotator") and, in `sharedItems`, the items that annotator
   * labelled. Throws EmptyInput on an empty table, Unsupported above 1024 annotators.
   */
  pairwiseAgreement(options?: { weights?: KappaWeights }): PairwiseAgreement;
  /**
   * Per-class (one vs rest) agreement for every label of the table: Fleiss' (1971)
   * per-category kappa and the proportion of specific agreement. See `ClassAgreement`.
   * Throws EmptyInput when no item has two or more answers (for example one annotator).
   */
  perClassAgreement(): ClassAgreement[];
  /**
   * Percentile bootstrap confidence interval of a table-level coefficient: `resamples` times,
   * draw as many items as the table has, with replacement (each drawn item keeps all its
   * answers), and compute the coefficient; the interval is the (1 - confidence)/2 and
   * (1 + confidence)/2 quantiles (numpy's "linear" method) of the defined values.
   * Deterministic: a seed gives the same interval here and in the native CLI
   * (`localabel agree --bootstrap B --seed S`). Resamples where the coefficient is undefined
   * (NaN, or for a pair no shared item) are counted in `undefined` and left out.
   * Throws InvalidArgument (resamples outside 1..1e6, confidence not in (0, 1) or NaN, bad
   * seed), UnknownReference (pair with an unknown annotator), and the coefficient's own
   * errors on the whole table (e.g. Fleiss with unequal raters). RangeError for an unknown
   * coefficient, level or weights.
   */
  bootstrap(options?: BootstrapOptions): BootstrapInterval;
}

/** Result of `pairwiseAgreement`. */
export interface PairwiseAgreement {
  /** Annotator ids, the order of rows and columns. */
  annotators: string[];
  weights: KappaWeights;
  /** Items both annotators labelled (diagonal: items the annotator labelled). */
  sharedItems: number[][];
  /** Percent agreement on the shared items; NaN without shared items and on the diagonal. */
  percent: number[][];
  /** Cohen's kappa on the shared items; NaN when undefined (see kappaReasons). */
  kappa: number[][];
  /** Why a kappa is NaN ("no item in common", "same annotator", single label); "" otherwise. */
  kappaReasons: string[][];
}

/**
 * One label's agreement against all others. With n_ij the answers giving label j to item i and
 * m_i the answers on item i (items with m_i >= 2 only, M = sum m_i):
 * proportion p_j = sum n_ij / M;
 * kappa_j = 1 - sum_i n_ij (m_i - n_ij)/(m_i - 1) / (M p_j (1 - p_j)) (Fleiss 1971 per-category
 * kappa, exactly his formula when every item has the same number of answers; it equals
 * Fleiss' kappa of the table "j" vs "not j");
 * specific = sum n_ij (n_ij - 1) / sum n_ij (m_i - 1) (proportion of specific agreement,
 * Uebersax 1982; for two raters the positive agreement 2a / (2a + b + c)).
 */
export interface ClassAgreement {
  /** The label (name in a table's methods, category index in the count-table function). */
  label: string | number;
  proportion: number;
  /** NaN when nobody or everybody chose this label (see undefinedReason). */
  kappa: number;
  /** NaN when nobody chose this label on an item with two or more answers. */
  specific: number;
  /** Answers giving this label (on items with two or more answers). */
  assignments: number;
  undefinedReason: string;
}

/** Which coefficient `bootstrap` resamples. */
/** Chance agreement of fleissKappa: Fleiss' margins or Randolph's uniform 1/K. */
export type FleissMethod = 'fleiss' | 'randolph' | 'uniform';

export type BootstrapCoefficient = 'alpha' | 'fleiss' | 'cohen' | 'percent' | 'scott' | 'bennett';

export interface BootstrapOptions {
  /** Default 'alpha' (Krippendorff's alpha at `level`). */
  coefficient?: BootstrapCoefficient;
  /** Level of alpha (default 'nominal'). */
  level?: AlphaLevel;
  /** Weights of Cohen's kappa (default 'none'). */
  weights?: KappaWeights;
  /** The two annotators (ids or codes) of cohen/percent/scott/bennett; default the first two. */
  pair?: [string | number, string | number] | null;
  /** B, default 1000 (1 .. 1,000,000). */
  resamples?: number;
  /** Default 0.95; strictly between 0 and 1. */
  confidence?: number;
  /** 0 .. 2^64 - 1 (a BigInt or decimal string above 2^53); default 0. */
  seed?: number | bigint | string;
}

/** A percentile bootstrap interval. */
export interface BootstrapInterval {
  coefficient: BootstrapCoefficient;
  /** The coefficient on the whole table (NaN when undefined). */
  estimate: number;
  /** NaN when no resample is defined (see undefinedReason). */
  lower: number;
  upper: number;
  confidence: number;
  /** B used. */
  resamples: number;
  /** Resamples whose coefficient was undefined, left out of the quantiles. */
  undefined: number;
  undefinedReason: string;
}

/**
 * A box in image pixels: top-left corner, size, and rotation in degrees clockwise (y down)
 * around the top-left corner (Label Studio's convention). Rotated boxes are supported.
 */
export interface BoxInput {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
  /** Boxes only match boxes with the same label unless sameLabel is false. */
  label?: string | number;
}

/** Result of `boxAgreement` (b judged against a as reference). */
export interface BoxAgreement {
  /** Matched pairs: indices into a and b and their IoU, sorted by index in a. */
  matches: { a: number; b: number; iou: number }[];
  boxesA: number;
  boxesB: number;
  /** Mean IoU of the matches; NaN when there is none. */
  meanIou: number;
  /** matches / boxesB; NaN when b has no box. */
  precision: number;
  /** matches / boxesA; NaN when a has no box. */
  recall: number;
  /** 2 matches / (boxesA + boxesB); NaN when neither has a box. */
  f1: number;
  undefinedReason: string;
}

/** Result of `maskAgreement`. */
export interface MaskAgreement {
  /** |A n B| / |A u B|; NaN when both masks are empty. */
  iou: number;
  /** 2 |A n B| / (|A| + |B|); NaN when both are empty. */
  dice: number;
  intersection: number;
  areaA: number;
  areaB: number;
  undefinedReason: string;
}

/** A text span: [start, end) in Unicode code points (not UTF-16 units) and a label. */
export interface SpanInput {
  start: number;
  end: number;
  label?: string | number;
}

/**
 * 'exact': same start, end and label (seqeval's entity-level scoring). 'overlap': same label
 * and at least one code point in common, one to one, the matching with the most pairs (then
 * the most overlap) — the "type" scheme of SemEval-2013 9.1 / nervaluate's ent_type made one
 * to one; a partial match counts fully.
 */
export type SpanMatchMode = 'exact' | 'overlap';

/** Result of `spanAgreement` (b judged against a). */
export interface SpanAgreement {
  spansA: number;
  spansB: number;
  matched: number;
  /** NaN when b has no span. */
  precision: number;
  /** NaN when a has no span. */
  recall: number;
  /** 2 matched / (spansA + spansB); NaN when neither has a span. */
  f1: number;
  undefinedReason: string;
}

/** Result of `projectGeometricAgreement`. Means are over the pairs where the value is defined. */
export interface ProjectGeometricAgreement {
  /** One entry per task and pair of annotators (a < b); null where neither had that region kind. */
  pairs: {
    task: string;
    a: string;
    b: string;
    boxes: BoxAgreement | null;
    /** Mean over labels of the IoU / Dice of each annotator's union of brush masks. */
    masks: { iou: number; dice: number } | null;
    spansExact: SpanAgreement | null;
    spansOverlap: SpanAgreement | null;
  }[];
  /** Tasks with submitted annotations of two or more annotators (ground truth excluded). */
  tasks: number;
  boxPairs: number;
  maskPairs: number;
  spanPairs: number;
  meanBoxIou: number;
  meanBoxPrecision: number;
  meanBoxRecall: number;
  meanBoxF1: number;
  meanMaskIou: number;
  meanMaskDice: number;
  meanSpanF1Exact: number;
  meanSpanF1Overlap: number;
  /** Set when a mean is NaN because no pair defines it. */
  undefinedReason: string;
}

/** Distance between set-valued labels. */
export type SetDistance = 'jaccard' | 'masi' | 'masi-exact';

/** Result of `krippendorffAlphaCounts`. */
export interface AlphaCoincidences {
  /** Krippendorff's alpha; NaN when undefined (see undefinedReason). */
  value: number;
  /** Observed and expected disagreement (sum o d / n, sum e d / n). */
  observed: number;
  expected: number;
  /** Units with two or more values. */
  units: number;
  /** Coincidence matrix o (nValues x nValues, row-major). */
  coincidences: Float64Array;
  /** n_c: pairable values per value (column sums of o). */
  marginals: Float64Array;
  /** n = sum of the marginals. */
  nPairable: number;
  /** The distances used (nValues x nValues, row-major). */
  distances: Float64Array;
  undefinedReason: string;
}

/** Result of `cohenKappaInference` (NaN where undefined, with undefinedReason). */
export interface KappaInference {
  kappa: number;
  /** (Weighted) observed and chance agreement. */
  observed: number;
  expected: number;
  /** Asymptotic standard error (Fleiss, Cohen & Everitt 1969). */
  ase: number;
  /** Confidence limits kappa -/+ z ase. */
  lower: number;
  upper: number;
  /** Standard error under H0: kappa = 0. */
  ase0: number;
  /** kappa / ase0. */
  z: number;
  /** P(Z > z) (alternative kappa > 0) and P(|Z| > |z|). */
  pOneSided: number;
  pTwoSided: number;
  /** Total of the table. */
  n: number;
  undefinedReason: string;
}

/** Agreement functions on label vectors, count tables and matrices. */
export interface AgreementApi {
  /** Share of positions where a[i] == b[i]. */
  percentAgreement(a: ArrayLike<number>, b: ArrayLike<number>): Agreement;
  /** Cohen's kappa of two aligned label vectors (Cohen 1960/1968; same as scikit-learn). */
  cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, options?: { weights?: KappaWeights }): Agreement;
  /**
   * Cohen's kappa of a k x k table of counts (row-major; rows = rater A) with its asymptotic
   * inference as SAS PROC FREQ (AGREE) and R irr::kappa2 report it (statsmodels'
   * cohens_kappa): standard error `ase`, interval kappa -/+ z ase at `confidence` (0.95),
   * standard error under H0 `ase0`, z = kappa / ase0 and normal p-values. `weights` 'none',
   * 'linear' (Cicchetti-Allison, 1 - |s_i - s_j| / (s_k - s_1)) or 'quadratic' (Fleiss-Cohen)
   * on category `scores` s (default 0..k-1, the positions; SAS's and irr's scores). On
   * statsmodels' SAS example [[0,4,1],[0,8,0],[0,1,5]]: kappa 0.4842, ase 0.1380, ase0
   * 0.1484, z 3.2626. Throws LengthMismatch, OutOfRange (`table[i][j]`, `scores[i]`),
   * InvalidArgument (equal first and last score with weights; confidence outside (0, 1)),
   * EmptyInput.
   */
  cohenKappaInference(table: ArrayLike<number>, nCategories: number, options?: {
    weights?: KappaWeights; scores?: ArrayLike<number> | null; confidence?: number;
  }): KappaInference;
  /** Scott's pi (Scott 1955): chance agreement from the pooled label distribution. */
  scottPi(a: ArrayLike<number>, b: ArrayLike<number>): Agreement;
  /** Bennett's S (1954): chance agreement 1/q; `categories` q (0 = labels seen). */
  bennettS(a: ArrayLike<number>, b: ArrayLike<number>, options?: { categories?: number }): Agreement;
  /**
   * Fleiss' kappa of an items x categories count table (row-major), as
   * statsmodels.stats.inter_rater.fleiss_kappa(table, method): counts may be weighted
   * (non-integer; 6.99 stays 6.99), every row must have the same total (within a relative
   * 1e-9). `method` 'fleiss' (default: chance agreement from the margins) or 'randolph' /
   * 'uniform' (Randolph's free-marginal kappa: chance agreement 1 / nCategories). Throws
   * OutOfRange naming the cell (`counts[3][1]`: negative, NaN or infinite), InvalidArgument
   * (`counts[3]`: a row total different from row 0's; a total <= 1; unknown method),
   * LengthMismatch, EmptyInput; RangeError for a method that is not one of the three.
   */
  fleissKappa(counts: ArrayLike<number>, nItems: number, nCategories: number,
              options?: { method?: FleissMethod }): Agreement;
  /** Krippendorff's alpha of an annotators x items matrix; NaN marks a missing value. */
  krippendorffAlpha(matrix: ArrayLike<number>, nAnnotators: number, nItems: number,
                    options?: { level?: AlphaLevel }): Agreement;
  /**
   * Krippendorff's alpha from a units x values table of counts (row-major), as the
   * `krippendorff` package's alpha(value_counts=..., value_domain=..., level_of_measurement=...)
   * (pln-fing-udelar/fast-krippendorff), with the coincidence matrix and its marginals.
   * `valueDomain`: the numeric values of the columns in order (default 0..nValues-1; values
   * nobody used may be declared). `distance`: an nValues x nValues matrix of distances that
   * replaces the level's (for instance `setDistanceMatrix` for set-valued labels). Throws
   * InvalidArgument (fewer than 2 values), LengthMismatch, OutOfRange (`value_counts[u][c]`,
   * `value_domain[c]`, `distance[c][k]`), EmptyInput (no unit with two or more values);
   * RangeError for an unknown level.
   */
  krippendorffAlphaCounts(valueCounts: ArrayLike<number>, nUnits: number, nValues: number,
                          options?: { level?: AlphaLevel; valueDomain?: ArrayLike<number> | null;
                                      distance?: ArrayLike<number> | null }): AlphaCoincidences;
  /**
   * The V x V distances (row-major) between the label sets of a value domain, for the
   * `distance` of krippendorffAlphaCounts: 'jaccard' (NLTK jaccard_distance), 'masi' (NLTK
   * masi_distance, with NLTK's m = 0.67 / 0.33) or 'masi-exact' (Passonneau's 2/3 and 1/3).
   * Labels are strings or numbers; repeated labels count once.
   */
  setDistanceMatrix(domain: Array<ArrayLike<string | number>>,
                    options?: { distance?: SetDistance }): Float64Array;
  /** NLTK's masi_distance of two label sets: masiDistance([1, 2], [1, 2, 3, 4]) = 0.665
   * (0.6667 with exactFractions, Passonneau 2006's 2/3); 0 for two empty sets. */
  masiDistance(a: ArrayLike<string | number>, b: ArrayLike<string | number>,
               options?: { exactFractions?: boolean }): number;
  /** NLTK's jaccard_distance of two label sets, (|A u B| - |A n B|) / |A u B|; 0 for two
   * empty sets. */
  jaccardDistance(a: ArrayLike<string | number>, b: ArrayLike<string | number>): number;
  /**
   * Per-class agreement of an items x categories count table (row-major; items may have
   * different totals); `label` is the category index. Throws LengthMismatch, OutOfRange
   * (negative count), EmptyInput.
   */
  perClassAgreement(counts: ArrayLike<number>, nItems: number, nCategories: number): ClassAgreement[];
  /**
   * Optimal assignment of a rows x cols cost matrix (row-major), as
   * scipy.optimize.linear_sum_assignment: for each row its column, or -1 when rows > cols
   * leaves it out. Throws LengthMismatch, OutOfRange (NaN or infinite cost).
   */
  linearSumAssignment(cost: ArrayLike<number>, rows: number, cols: number): Int32Array;
  /** Intersection over union of two boxes (rotated ones too); NaN when both have zero area.
   * Throws OutOfRange for a negative size or a non-finite number. */
  boxIou(a: BoxInput, b: BoxInput): number;
  /**
   * Matches two annotators' boxes on one image one to one, maximising the total IoU over
   * the pairs with IoU >= iouThreshold (default 0.5) and, with sameLabel (default true), the
   * same label; precision/recall/F1 of b against a. Throws OutOfRange with the path
   * (`b[1].width`) for a negative size or non-finite number, InvalidArgument for a threshold
   * outside (0, 1], Unsupported above 4096 boxes a side.
   */
  boxAgreement(a: BoxInput[], b: BoxInput[],
               options?: { iouThreshold?: number; sameLabel?: boolean }): BoxAgreement;
  /**
   * IoU and Dice of two binary masks of width x height bytes (row-major, non-zero =
   * foreground). Throws LengthMismatch ("masks of different sizes") when a buffer is not
   * width * height bytes.
   */
  maskAgreement(a: Uint8Array | ArrayLike<number>, b: Uint8Array | ArrayLike<number>,
                width: number, height: number): MaskAgreement;
  /**
   * Span precision/recall/F1 of b against a. `textLength` in code points (-1: unknown, only
   * start >= 0 is checked). Throws OutOfRange (start < 0, end <= start, end past the text;
   * path `a[0].end`), Duplicate (the same span and label twice on one side).
   */
  spanAgreement(a: SpanInput[], b: SpanInput[],
                options?: { textLength?: number; mode?: SpanMatchMode }): SpanAgreement;
  /**
   * Geometric agreement of a Label Studio project (JSON text): for every task with submitted
   * annotations of two or more annotators, every pair compared on boxes (boxAgreement),
   * brush masks (IoU/Dice of each annotator's union per label) and text spans (exact and
   * overlap), then averaged. Polygons and keypoints are not compared. Throws the import
   * errors of the project, Duplicate (an annotator twice on a task), LengthMismatch (masks of
   * different sizes), OutOfRange (bad box, with the region's path).
   */
  projectGeometricAgreement(jsonText: string,
                            options?: { iouThreshold?: number; sameLabel?: boolean }): ProjectGeometricAgreement;
}
