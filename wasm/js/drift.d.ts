/** Drift detection on quality sequences (see analytics.d.ts for the conventions). */

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

/** Result of `adwin`. */
export interface AdwinResult {
  /** Indices of the values at which a change was detected. */
  detections: Float64Array;
  /** Window width after the last value. */
  width: number;
  /** Window mean after the last value (0 when empty). */
  mean: number;
  /** Sum of the window after the last value (river's ADWIN.total). */
  total: number;
  /** Sum of squared deviations from the window mean, not divided by the width: what river's
   * ADWIN.variance returns. */
  variance: number;
  /** variance / width, the window's population variance (river's
   * AdaptiveWindowing.variance_in_window); 0 when empty. */
  varianceInWindow: number;
}

/** Direction of change a detector looks for (river's `mode`). */
export type DriftMode = 'down' | 'up' | 'both';

/** Result of `chiSquareGoodnessOfFit`. */
export interface ChiSquareFit {
  /** sum (observed - expected)^2 / expected. */
  statistic: number;
  /** categories - 1 - ddof. */
  dof: number;
  /** Upper tail of chi-square(dof) at the statistic; NaN when dof < 1. */
  pValue: number;
}

/** Label-distribution drift between a reference and a current period. */
export interface DistributionDrift {
  /** Population stability index sum (q - p) ln(q / p) on proportions; a proportion of 0 (in
   * either period) counts as 1e-4. */
  psi: number;
  /** Jensen-Shannon divergence in bits (log base 2), in [0, 1]. */
  jsBits: number;
  /** Pearson chi-square of the 2 x K table of counts. */
  chiSquare: number;
  /** Labels seen in either period minus 1. */
  dof: number;
  /** Upper tail of chi-square(dof); NaN when dof = 0 (a single label). */
  pValue: number;
}

/** One working session of one annotator (see `sessionFatigue`). */
export interface SessionFatigue {
  /** Annotator code as given. */
  annotator: number;
  /** 0-based session number of this annotator. */
  session: number;
  /** Timestamps of the first and last task of the session. */
  start: number;
  end: number;
  tasks: number;
  /** Input rows of the session in time order. */
  rows: Float64Array;
  /** Mean seconds per task of the early half (positions [0, tasks/2)) and the late half
   * (positions [ceil(tasks/2), tasks)); NaN when a half has no known duration. */
  earlySeconds: number;
  lateSeconds: number;
  /** Least-squares slope of seconds per task against position; NaN with < 2 known values. */
  secondsSlope: number;
  /** Mean quality of each half; NaN when none is known. */
  earlyQuality: number;
  lateQuality: number;
  qualitySlope: number;
  /** lateSeconds > (1 + timeThreshold) * earlySeconds (sessions of minTasks or more). */
  slower: boolean;
  /** earlyQuality - lateQuality > qualityThreshold (sessions of minTasks or more). */
  worse: boolean;
}

export interface FatigueReport {
  /** Sessions ordered by annotator code, then time. */
  sessions: SessionFatigue[];
  /** Sessions with a slower or worse alert. */
  alerts: number;
}

/** Drift methods of an `Annotations` table. */
export interface DriftMethods {}

/** Drift functions on sequences of values. */
export interface DriftApi {
  /** Rolling-window mean with an absolute threshold (defaults: window 1000, threshold 0.85). */
  rollingMeanAlarm(values: ArrayLike<number>, options?: { window?: number; threshold?: number }): RollingDrift;
  /** Consecutive windows; alarm when a window's mean is more than `drop` (default 0.05) below
   * the previous window's. */
  rollingQualityDrop(values: ArrayLike<number>, options?: { window?: number; drop?: number }): QualityDrop;
  /**
   * Page-Hinkley test (Page 1954; Hinkley 1971) as river's drift.PageHinkley computes it, with
   * river's fading factor `alpha` (default 1 - 0.0001; 1 = no forgetting) on the cumulative
   * sums; restarts after each alarm. `mode` 'down' (default here: a drop of quality), 'up' or
   * 'both' (river's default); `twoSided: true` is kept as a synonym of mode 'both' when `mode`
   * is not given. Other defaults as river: minInstances 30, delta 0.005, threshold 50. On
   * river's documented stream (random.Random(12345): 1000 draws from {0, 1} then 1000 from
   * 4..7) with mode 'both' it alarms at index 1006, as river does. Returns the alarm indices.
   * Throws InvalidArgument (delta < 0, threshold <= 0, minInstances < 1, alpha outside
   * (0, 1]), OutOfRange (NaN/infinite), RangeError (unknown mode).
   */
  pageHinkley(values: ArrayLike<number>, options?: {
    minInstances?: number; delta?: number; threshold?: number; twoSided?: boolean;
    alpha?: number; mode?: DriftMode;
  }): Float64Array;
  /**
   * Tabular CUSUM (Page 1954) for a drop below a known `target` (required):
   * S = max(0, S + target - x - slack), alarm when S > threshold, then S restarts at 0;
   * `twoSided` adds the upward statistic. Defaults: slack 0.05, threshold 5. Returns the alarm
   * indices. For river's CUSUM (reference estimated on a warm-up) see `cusumWarmup`.
   */
  cusum(values: ArrayLike<number>, options: {
    target: number; slack?: number; threshold?: number; twoSided?: boolean;
  }): Float64Array;
  /**
   * CUSUM as river's drift.CUSUM: the reference mean and standard deviation (sample, n - 1)
   * are estimated on the first `minInstances` values (default 30) and frozen; from that value
   * on S+ = max(0, S+ + x - mu - slack sd), S- = max(0, S- - (x - mu) - slack sd), alarm when
   * S+ (mode 'up' or 'both') or S- ('down' or 'both') exceeds threshold sd. After an alarm the
   * detector restarts: a new warm-up re-estimates mu and sd. Defaults as river: slack 0.5,
   * threshold 5, mode 'both'. Returns the alarm indices. Throws InvalidArgument (slack < 0,
   * threshold <= 0, minInstances < 1), OutOfRange (NaN/infinite value), RangeError (mode).
   */
  cusumWarmup(values: ArrayLike<number>, options?: {
    minInstances?: number; slack?: number; threshold?: number; mode?: DriftMode;
  }): Float64Array;
  /**
   * Pearson's chi-square goodness-of-fit test, as scipy.stats.chisquare(f_obs, f_exp, ddof):
   * `expected` defaults to equal frequencies; dof = categories - 1 - ddof; p-value from the
   * regularised upper incomplete gamma. chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12]) gives
   * statistic 2 and pValue 0.84914503608460956 (scipy's docstring). Throws EmptyInput,
   * LengthMismatch, OutOfRange (`observed[k]` negative/non-finite, `expected[k]` <= 0),
   * InvalidArgument (observed and expected totals differing by more than a relative 1e-8, as
   * scipy; ddof < 0 or not an integer).
   */
  chiSquareGoodnessOfFit(observed: ArrayLike<number>, options?: {
    expected?: ArrayLike<number> | null; ddof?: number;
  }): ChiSquareFit;
  /**
   * ADWIN2 (Bifet & Gavalda 2007) as current river's drift.ADWIN implements it, with river's
   * defaults (delta 0.002, clock 32, maxBuckets 5, minWindowLength 5, gracePeriod 10): every
   * bucket boundary is a cut point, cuts are tested every `clock` values, and after a
   * detection the detector restarts empty. On river's
   * documented stream (random.Random(12345): 1000 draws from {0, 1} then 1000 from 4..7) it
   * detects at index 1023, as river does. Throws InvalidArgument (bad option), OutOfRange
   * (NaN/infinite value).
   */
  adwin(values: ArrayLike<number>, options?: {
    delta?: number; clock?: number; maxBuckets?: number; minWindowLength?: number;
    gracePeriod?: number;
  }): AdwinResult;
  /** Compares two label distributions given as counts per label (same label order). Throws
   * LengthMismatch, EmptyInput (a period without counts), OutOfRange (negative/NaN count). */
  labelDistributionDrift(reference: ArrayLike<number>, current: ArrayLike<number>): DistributionDrift;
  /**
   * Fatigue within working sessions. Per annotator (codes >= 0) the rows are ordered by
   * `timestamp` (seconds when each task was finished); a session ends when the idle time
   * (timestamp - seconds) - previous timestamp exceeds sessionGapSeconds (default 1800). Without
   * `seconds`, a task's duration is the time since the previous task's end. Each session's
   * early and late halves are compared on seconds per task and on quality (values in [0, 1],
   * e.g. 1/0 gold correctness or agreement with the majority; NaN = unknown): alerts
   * `slower` (late > (1 + timeThreshold) x early, default 0.2) and `worse` (early - late >
   * qualityThreshold, default 0.1), for sessions of at least minTasks (10) tasks. Throws
   * LengthMismatch, OutOfRange (bad timestamp, seconds or quality, with its index),
   * InvalidArgument (bad option).
   */
  sessionFatigue(rows: {
    annotator: ArrayLike<number>;
    timestamp: ArrayLike<number>;
    seconds?: ArrayLike<number> | null;
    quality?: ArrayLike<number> | null;
  }, options?: {
    sessionGapSeconds?: number; timeThreshold?: number; qualityThreshold?: number;
    minTasks?: number;
  }): FatigueReport;
}
