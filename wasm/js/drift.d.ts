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

/** Drift methods of an `Annotations` table. */
export interface DriftMethods {}

/** Drift functions on sequences of values. */
export interface DriftApi {
  /** Rolling-window mean with an absolute threshold (defaults: window 1000, threshold 0.85). */
  rollingMeanAlarm(values: ArrayLike<number>, options?: { window?: number; threshold?: number }): RollingDrift;
  /** Consecutive windows; alarm when a window's mean is more than `drop` (default 0.05) below
   * the previous window's. */
  rollingQualityDrop(values: ArrayLike<number>, options?: { window?: number; drop?: number }): QualityDrop;
}
