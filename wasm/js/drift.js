// Drift detection on sequences of quality values, label-distribution drift and session
// fatigue. Types: drift.d.ts.
import { check, f64, i32 } from './analytics_shared.js';

const MODES = new Set(['down', 'up', 'both']);

export const driftMethods = {};

export function driftApi({ core, unwrap }) {
  return {
    rollingMeanAlarm(values, { window = 1000, threshold = 0.85 } = {}) {
      return unwrap(core.drift_rolling_mean_alarm(f64(values), window, threshold));
    },
    rollingQualityDrop(values, { window = 50, drop = 0.05 } = {}) {
      return unwrap(core.drift_rolling_quality_drop(f64(values), window, drop));
    },
    pageHinkley(values, {
      minInstances = 30, delta = 0.005, threshold = 50, twoSided = false, alpha = 1 - 0.0001,
      mode,
    } = {}) {
      return unwrap(core.drift_page_hinkley(f64(values), minInstances, delta, threshold,
        Boolean(twoSided), Number(alpha), mode === undefined ? '' : check('mode', mode, MODES)));
    },
    cusumWarmup(values, { minInstances = 30, slack = 0.5, threshold = 5, mode = 'both' } = {}) {
      return unwrap(core.drift_cusum_warmup(f64(values), minInstances, Number(slack),
        Number(threshold), check('mode', mode, MODES)));
    },
    chiSquareGoodnessOfFit(observed, { expected = null, ddof = 0 } = {}) {
      return unwrap(core.drift_chi_square_fit(f64(observed), expected ? f64(expected) : null,
        ddof));
    },
    cusum(values, { target, slack = 0.05, threshold = 5, twoSided = false } = {}) {
      if (typeof target !== 'number') throw new TypeError('cusum: options.target (a number) is required');
      return unwrap(core.drift_cusum(f64(values), target, slack, threshold, Boolean(twoSided)));
    },
    adwin(values, { delta = 0.002, clock = 32, maxBuckets = 5, minWindowLength = 5, gracePeriod = 10 } = {}) {
      return unwrap(core.drift_adwin(f64(values), delta, clock, maxBuckets, minWindowLength,
        gracePeriod));
    },
    labelDistributionDrift(reference, current) {
      return unwrap(core.drift_label_distribution(f64(reference), f64(current)));
    },
    sessionFatigue({ annotator, timestamp, seconds = null, quality = null },
      { sessionGapSeconds = 1800, timeThreshold = 0.2, qualityThreshold = 0.1, minTasks = 10 } = {}) {
      return unwrap(core.drift_session_fatigue(i32(annotator), f64(timestamp),
        seconds ? f64(seconds) : null, quality ? f64(quality) : null, sessionGapSeconds,
        timeThreshold, qualityThreshold, minTasks));
    },
  };
}
