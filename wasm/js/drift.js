// Drift detection on a sequence of quality values. Types: drift.d.ts.
import { f64 } from './analytics_shared.js';

export const driftMethods = {};

export function driftApi({ core, unwrap }) {
  return {
    rollingMeanAlarm(values, { window = 1000, threshold = 0.85 } = {}) {
      return unwrap(core.drift_rolling_mean_alarm(f64(values), window, threshold));
    },
    rollingQualityDrop(values, { window = 50, drop = 0.05 } = {}) {
      return unwrap(core.drift_rolling_quality_drop(f64(values), window, drop));
    },
  };
}
