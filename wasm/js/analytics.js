// The analytics part of the facade: agreement, aggregation, gold checks, annotator statistics
// and drift. Types and documentation: analytics.d.ts.
//
// Label vectors are Int32Arrays (or arrays of integers); matrices are flat row-major arrays.
// A table of annotations (item, annotator, label[, time]) is loaded once into an
// `Annotations` object whose methods share the parse; call `dispose()` to free its memory.

function i32(a) {
  return a instanceof Int32Array ? a : Int32Array.from(a ?? []);
}

function f64(a) {
  return a instanceof Float64Array ? a : Float64Array.from(a ?? []);
}

const WEIGHTS = new Set(['none', 'linear', 'quadratic']);
const LEVELS = new Set(['nominal', 'ordinal', 'interval', 'ratio']);
const TIES = new Set(['smallest', 'abstain', 'random']);

function check(name, value, allowed) {
  if (!allowed.has(value)) {
    throw new RangeError(`${name} must be one of ${[...allowed].join(', ')}; got ${value}`);
  }
  return value;
}

class Annotations {
  #handle;
  #unwrap;
  #info;

  constructor(handle, unwrap, info) {
    this.#handle = handle;
    this.#unwrap = unwrap;
    this.#info = info;
  }

  #live() {
    if (!this.#handle) throw new Error('Annotations: used after dispose()');
    return this.#handle;
  }

  /** Number of annotation rows. */
  get rows() { return this.#info.rows; }
  /** Item ids in code order (sorted). */
  get items() { return this.#info.items; }
  /** Annotator ids in code order (sorted). */
  get annotators() { return this.#info.annotators; }
  /** Labels in code order (sorted, or the declared order). */
  get labels() { return this.#info.labels; }
  /** Whether a time column was given. */
  get hasTime() { return this.#info.hasTime; }
  /** Number of gold answers attached. */
  get goldAnswers() { return this.#info.goldAnswers; }

  /** Attaches gold answers: CSV text `item,label`, or {items, labels} codes. */
  setGold(gold) {
    const h = this.#live();
    const n = typeof gold === 'string'
      ? this.#unwrap(h.setGoldCsv(gold))
      : this.#unwrap(h.setGoldCodes(i32(gold.items), i32(gold.labels)));
    this.#info = { ...this.#info, goldAnswers: n };
    return n;
  }

  cohenKappa(a, b, { weights = 'none' } = {}) {
    return this.#unwrap(this.#live().cohenKappa(
        this.#code(a, 'annotators'), this.#code(b, 'annotators'), check('weights', weights, WEIGHTS)));
  }

  fleissKappa() { return this.#unwrap(this.#live().fleissKappa()); }

  krippendorffAlpha({ level = 'nominal' } = {}) {
    return this.#unwrap(this.#live().krippendorffAlpha(check('level', level, LEVELS)));
  }

  majorityVote({ ties = 'smallest', seed = 0, weights = null, fractions = false } = {}) {
    return this.#unwrap(this.#live().majorityVote(
        check('ties', ties, TIES), seed, weights ? f64(weights) : null, fractions));
  }

  dawidSkene({ maxIterations = 100, tolerance = 1e-5, oneCoin = false } = {}) {
    return this.#unwrap(this.#live().dawidSkene(maxIterations, tolerance, oneCoin));
  }

  goldAccuracy() { return this.#unwrap(this.#live().goldAccuracy()); }

  qualificationTest(annotator, { threshold = 0.85 } = {}) {
    return this.#unwrap(this.#live().qualificationTest(this.#code(annotator, 'annotators'), threshold));
  }

  annotatorStats({ pricePerLabel = 0 } = {}) {
    return this.#unwrap(this.#live().annotatorStats(pricePerLabel));
  }

  /** Frees the table's memory in the module. */
  dispose() {
    if (this.#handle) this.#handle.delete();
    this.#handle = null;
  }

  // An annotator given by id (string) or code (number).
  #code(id, what) {
    if (typeof id === 'number') return id;
    const k = this.#info[what].indexOf(String(id));
    return k;  // -1: the core reports the unknown annotator
  }
}

export function analyticsApi({ core, unwrap }) {
  function load(fill) {
    const handle = new core.AnalyticsTable();
    let r;
    try {
      r = fill(handle);
    } catch (e) {
      handle.delete();
      throw e;
    }
    if (!r.ok) handle.delete();
    return new Annotations(handle, unwrap, unwrap(r));
  }

  return {
    /** Loads a long CSV `item,annotator,label[,time]`. */
    annotationsFromCsv(text, { labels = null } = {}) {
      return load((h) => h.loadCsv(String(text), labels));
    },
    /** Loads integer ids given as typed arrays (any int32 values). */
    annotationsFromIds({ item, annotator, label, time = null }) {
      return load((h) => h.loadIds(i32(item), i32(annotator), i32(label), time ? f64(time) : null));
    },
    /** Loads the classification answers of a Label Studio JSON export (ground truth = gold). */
    annotationsFromLabelStudio(jsonText, { fromName = '' } = {}) {
      return load((h) => h.loadLabelStudio(String(jsonText), fromName));
    },
    percentAgreement(a, b) { return unwrap(core.analytics_percent_agreement(i32(a), i32(b))); },
    cohenKappa(a, b, { weights = 'none' } = {}) {
      return unwrap(core.analytics_cohen_kappa(i32(a), i32(b), check('weights', weights, WEIGHTS)));
    },
    scottPi(a, b) { return unwrap(core.analytics_scott_pi(i32(a), i32(b))); },
    bennettS(a, b, { categories = 0 } = {}) {
      return unwrap(core.analytics_bennett_s(i32(a), i32(b), categories));
    },
    fleissKappa(counts, nItems, nCategories) {
      return unwrap(core.analytics_fleiss_kappa(i32(counts), nItems, nCategories));
    },
    krippendorffAlpha(matrix, nAnnotators, nItems, { level = 'nominal' } = {}) {
      return unwrap(core.analytics_krippendorff_alpha(
          f64(matrix), nAnnotators, nItems, check('level', level, LEVELS)));
    },
    rollingMeanAlarm(values, { window = 1000, threshold = 0.85 } = {}) {
      return unwrap(core.analytics_rolling_mean_alarm(f64(values), window, threshold));
    },
    rollingQualityDrop(values, { window = 50, drop = 0.05 } = {}) {
      return unwrap(core.analytics_rolling_quality_drop(f64(values), window, drop));
    },
  };
}
