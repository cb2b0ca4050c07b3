// Agreement: coefficients on aligned label vectors, count tables, matrices (agreementApi) and
// on a loaded table of annotations (agreementMethods): pairwise matrices, per-class agreement,
// seeded bootstrap intervals; geometric agreement of boxes, masks, spans and whole Label
// Studio projects. Types: agreement.d.ts.
import { TABLE, check, f64, i32 } from './analytics_shared.js';

export const WEIGHTS = new Set(['none', 'linear', 'quadratic']);
export const LEVELS = new Set(['nominal', 'ordinal', 'interval', 'ratio']);
export const COEFFICIENTS = new Set(['alpha', 'fleiss', 'cohen', 'percent', 'scott', 'bennett']);
export const SPAN_MATCH = new Set(['exact', 'overlap']);
export const FLEISS_METHODS = new Set(['fleiss', 'randolph', 'uniform']);
export const SET_DISTANCES = new Set(['jaccard', 'masi', 'masi-exact']);
const PAIR_COEFFICIENTS = new Set(['cohen', 'percent', 'scott', 'bennett']);

// n x n flat array -> array of n rows.
function rows(flat, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(Array.from(flat.subarray(i * n, (i + 1) * n)));
  return out;
}

function seedText(seed) {
  if (typeof seed === 'bigint') return seed.toString();
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a whole number >= 0 (a BigInt above 2^53); got ${seed}`);
    }
    return String(seed);
  }
  return String(seed);
}

export const agreementMethods = {
  cohenKappa(a, b, { weights = 'none' } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.agreement_table_cohen_kappa(
        t.handle, t.code(a, 'annotators'), t.code(b, 'annotators'),
        check('weights', weights, WEIGHTS)));
  },
  fleissKappa({ method = 'fleiss' } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.agreement_table_fleiss_kappa(t.handle,
      check('method', method, FLEISS_METHODS)));
  },
  krippendorffAlpha({ level = 'nominal' } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.agreement_table_krippendorff_alpha(t.handle, check('level', level, LEVELS)));
  },
  pairwiseAgreement({ weights = 'none' } = {}) {
    const t = this[TABLE]();
    const r = t.unwrap(t.core.agreement_table_pairwise(t.handle, check('weights', weights, WEIGHTS)));
    const n = r.n;
    return {
      annotators: t.info.annotators.slice(),
      weights,
      sharedItems: rows(r.sharedItems, n),
      percent: rows(r.percent, n),
      kappa: rows(r.kappa, n),
      kappaReasons: Array.from({ length: n }, (_, i) => r.kappaReasons.slice(i * n, (i + 1) * n)),
    };
  },
  perClassAgreement() {
    const t = this[TABLE]();
    const r = t.unwrap(t.core.agreement_table_per_class(t.handle));
    return r.map((c) => ({ ...c, label: t.info.labels[c.label] }));
  },
  bootstrap({
    coefficient = 'alpha', level = 'nominal', weights = 'none', pair = null,
    resamples = 1000, confidence = 0.95, seed = 0,
  } = {}) {
    const t = this[TABLE]();
    check('coefficient', coefficient, COEFFICIENTS);
    let a = 0;
    let b = 1;
    if (PAIR_COEFFICIENTS.has(coefficient) && pair) {
      a = t.code(pair[0], 'annotators');
      b = t.code(pair[1], 'annotators');
    }
    if (!Number.isInteger(resamples)) throw new RangeError(`resamples must be an integer; got ${resamples}`);
    const r = t.unwrap(t.core.agreement_table_bootstrap(
        t.handle, coefficient, check('level', level, LEVELS), check('weights', weights, WEIGHTS),
        a, b, resamples, Number(confidence), seedText(seed)));
    return { coefficient, ...r };
  },
};

// Boxes as objects -> flat numbers and label codes shared by both sides.
function flatBoxes(list, codes) {
  const flat = new Float64Array(list.length * 5);
  const labels = new Int32Array(list.length);
  list.forEach((box, i) => {
    flat.set([box.x, box.y, box.width, box.height, box.rotation ?? 0].map(Number), i * 5);
    labels[i] = codes(box.label);
  });
  return [flat, labels];
}

function flatSpans(list, codes) {
  const flat = new Float64Array(list.length * 2);
  const labels = new Int32Array(list.length);
  list.forEach((span, i) => {
    flat[2 * i] = Number(span.start);
    flat[2 * i + 1] = Number(span.end);
    labels[i] = codes(span.label);
  });
  return [flat, labels];
}

// Label sets (arrays of strings or numbers) as flat codes and offsets; equal labels share a
// code across sets.
function flatSets(sets) {
  const codes = labelCoder();
  const flat = [];
  const offsets = [0];
  for (const set of sets) {
    for (const label of set) flat.push(codes(label));
    offsets.push(flat.length);
  }
  return [Int32Array.from(flat), Float64Array.from(offsets)];
}

function labelCoder() {
  const seen = new Map();
  return (label) => {
    const key = label === undefined || label === null ? '' : String(label);
    if (!seen.has(key)) seen.set(key, seen.size);
    return seen.get(key);
  };
}

export function agreementApi({ core, unwrap }) {
  return {
    percentAgreement(a, b) { return unwrap(core.agreement_percent(i32(a), i32(b))); },
    cohenKappa(a, b, { weights = 'none' } = {}) {
      return unwrap(core.agreement_cohen_kappa(i32(a), i32(b), check('weights', weights, WEIGHTS)));
    },
    cohenKappaInference(table, nCategories, { weights = 'none', scores = null, confidence = 0.95 } = {}) {
      return unwrap(core.agreement_cohen_kappa_inference(f64(table), nCategories,
        check('weights', weights, WEIGHTS), scores ? f64(scores) : null, Number(confidence)));
    },
    scottPi(a, b) { return unwrap(core.agreement_scott_pi(i32(a), i32(b))); },
    bennettS(a, b, { categories = 0 } = {}) {
      return unwrap(core.agreement_bennett_s(i32(a), i32(b), categories));
    },
    fleissKappa(counts, nItems, nCategories, { method = 'fleiss' } = {}) {
      return unwrap(core.agreement_fleiss_kappa(f64(counts), nItems, nCategories,
                                                check('method', method, FLEISS_METHODS)));
    },
    krippendorffAlpha(matrix, nAnnotators, nItems, { level = 'nominal' } = {}) {
      return unwrap(core.agreement_krippendorff_alpha(
          f64(matrix), nAnnotators, nItems, check('level', level, LEVELS)));
    },
    krippendorffAlphaCounts(valueCounts, nUnits, nValues,
      { level = 'nominal', valueDomain = null, distance = null } = {}) {
      return unwrap(core.agreement_krippendorff_alpha_counts(f64(valueCounts), nUnits, nValues,
        check('level', level, LEVELS), valueDomain ? f64(valueDomain) : null,
        distance ? f64(distance) : null));
    },
    setDistanceMatrix(domain, { distance = 'masi' } = {}) {
      const [codes, offsets] = flatSets(domain);
      return unwrap(core.agreement_set_distances(codes, offsets,
        check('distance', distance, SET_DISTANCES)));
    },
    masiDistance(a, b, { exactFractions = false } = {}) {
      const [codes, offsets] = flatSets([a, b]);
      const d = unwrap(core.agreement_set_distances(codes, offsets,
        exactFractions ? 'masi-exact' : 'masi'));
      return d[1];
    },
    jaccardDistance(a, b) {
      const [codes, offsets] = flatSets([a, b]);
      return unwrap(core.agreement_set_distances(codes, offsets, 'jaccard'))[1];
    },
    perClassAgreement(counts, nItems, nCategories) {
      return unwrap(core.agreement_per_class(i32(counts), nItems, nCategories));
    },
    linearSumAssignment(cost, rows, cols) {
      return unwrap(core.agreement_assignment(f64(cost), rows, cols));
    },
    boxIou(a, b) {
      return unwrap(core.agreement_box_iou(flatBoxes([a], () => 0)[0], flatBoxes([b], () => 0)[0]));
    },
    boxAgreement(a, b, { iouThreshold = 0.5, sameLabel = true } = {}) {
      const codes = labelCoder();
      const [fa, la] = flatBoxes(a, codes);
      const [fb, lb] = flatBoxes(b, codes);
      return unwrap(core.agreement_boxes(fa, la, fb, lb, Number(iouThreshold), Boolean(sameLabel)));
    },
    maskAgreement(a, b, width, height) {
      return unwrap(core.agreement_masks(a, b, width, height));
    },
    spanAgreement(a, b, { textLength = -1, mode = 'exact' } = {}) {
      const codes = labelCoder();
      const [fa, la] = flatSpans(a, codes);
      const [fb, lb] = flatSpans(b, codes);
      return unwrap(core.agreement_spans(fa, la, fb, lb, Number(textLength),
                                         check('mode', mode, SPAN_MATCH)));
    },
    projectGeometricAgreement(jsonText, { iouThreshold = 0.5, sameLabel = true } = {}) {
      return unwrap(core.agreement_project_geometry(String(jsonText), Number(iouThreshold),
                                                    Boolean(sameLabel)));
    },
  };
}
