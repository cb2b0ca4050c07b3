// Label aggregation on a loaded table of annotations. Types: aggregation.d.ts.
import { TABLE, check, f64 } from './analytics_shared.js';

const TIES = new Set(['smallest', 'abstain', 'random']);

export const aggregationMethods = {
  majorityVote({ ties = 'smallest', seed = 0, weights = null, fractions = false } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_majority_vote(
        t.handle, check('ties', ties, TIES), seed, weights ? f64(weights) : null, fractions));
  },
  dawidSkene({ maxIterations = 100, tolerance = 1e-5, oneCoin = false } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_dawid_skene(t.handle, maxIterations, tolerance, oneCoin));
  },
};

export function aggregationApi() {
  return {};
}
