// Label aggregation on a loaded table of annotations, and box fusion. Types: aggregation.d.ts.
import { TABLE, check, f64, i32 } from './analytics_shared.js';

const TIES = new Set(['smallest', 'abstain', 'random', 'cleanlab']);
const SKILLS = new Set(['majority', 'gold']);

// Integer codes: a plain array with a non-integer entry is a RangeError (Int32Array.from
// would truncate it silently).
function codes(name, a) {
  if (a == null) throw new TypeError(`${name} is required`);
  if (!(a instanceof Int32Array)) {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isInteger(a[i])) throw new RangeError(`${name}[${i}] must be an integer; got ${a[i]}`);
    }
  }
  return i32(a);
}

export const aggregationMethods = {
  majorityVote({ ties = 'smallest', seed = 0, weights = null, fractions = false,
    predProbs = null } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_majority_vote(
        t.handle, check('ties', ties, TIES), seed, weights ? f64(weights) : null, fractions,
        predProbs ? f64(predProbs) : null));
  },
  dawidSkene({ maxIterations = 100, tolerance = 1e-5, oneCoin = false,
    refitAfterLastEStep = false } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_dawid_skene(t.handle, maxIterations, tolerance, oneCoin,
        Boolean(refitAfterLastEStep)));
  },
  weightedVote({ skill = 'majority', priorStrength = 2 } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_weighted_vote(t.handle, check('skill', skill, SKILLS), priorStrength));
  },
  glad({ maxIterations = 100, tolerance = 1e-5, mStepIterations = 25, alphaPriorMean = 1,
    betaPriorMean = 1, classPriors = null } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_glad(t.handle, maxIterations, tolerance, mStepIterations,
        alphaPriorMean, betaPriorMean, classPriors ? f64(classPriors) : null));
  },
  mace({ restarts = 10, maxIterations = 50, tolerance = 0, variational = true, seed = 0,
    defaultNoise = 0.5, alpha = 0.5, beta = 0.5, strategyPrior = 10, smoothing = -1 } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.aggregation_mace(t.handle, restarts, maxIterations, tolerance,
        Boolean(variational), seed, defaultNoise, alpha, beta, strategyPrior, smoothing));
  },
};

// The number of codes of a column: the given count, else the largest code + 1.
function countOf(given, a) {
  if (given != null) return given;
  let n = 0;
  for (let i = 0; i < a.length; i++) n = Math.max(n, a[i] + 1);
  return n;
}

export function aggregationApi({ core, unwrap }) {
  return {
    dawidSkeneRatings({ item, annotator, label }, { items = null, annotators = null,
      labels = null, maxIterations = 100, tolerance = 1e-5, oneCoin = false,
      refitAfterLastEStep = false } = {}) {
      const i = codes('item', item);
      const a = codes('annotator', annotator);
      const l = codes('label', label);
      return unwrap(core.aggregation_dawid_skene_ratings(i, a, l, countOf(items, i),
          countOf(annotators, a), countOf(labels, l), maxIterations, tolerance, Boolean(oneCoin),
          Boolean(refitAfterLastEStep)));
    },
    fuseBoxes({ x, y, width, height, label, annotator, score = null },
        { iouThreshold = 0.55, weights = null, annotators = 0, skipThreshold = 0 } = {}) {
      return unwrap(core.aggregation_fuse_boxes(f64(x), f64(y), f64(width), f64(height),
          codes('label', label), codes('annotator', annotator), score ? f64(score) : null,
          iouThreshold, weights ? f64(weights) : null, annotators, skipThreshold));
    },
  };
}
