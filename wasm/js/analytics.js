// The analytics part of the facade: a table of annotations (item, annotator, label[, time])
// loaded once into an `Annotations` object whose methods share the parse, plus the functions
// on plain vectors. Each area lives in its own module: agreement.js, aggregation.js, gold.js,
// drift.js. Types: analytics.d.ts and the area .d.ts files.
//
// Label vectors are Int32Arrays (or arrays of integers); matrices are flat row-major arrays.
// Call `dispose()` on an Annotations object to free its memory in the module.
import { TABLE, f64, i32 } from './analytics_shared.js';
import { agreementApi, agreementMethods } from './agreement.js';
import { aggregationApi, aggregationMethods } from './aggregation.js';
import { driftApi, driftMethods } from './drift.js';
import { goldApi, goldMethods } from './gold.js';

class Annotations {
  #handle;
  #ctx;
  #info;

  constructor(handle, ctx, info) {
    this.#handle = handle;
    this.#ctx = ctx;
    this.#info = info;
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
    const { handle, unwrap } = this[TABLE]();
    const n = typeof gold === 'string'
      ? unwrap(handle.setGoldCsv(gold))
      : unwrap(handle.setGoldCodes(i32(gold.items), i32(gold.labels)));
    this.#info = { ...this.#info, goldAnswers: n };
    return n;
  }

  /** Frees the table's memory in the module. */
  dispose() {
    if (this.#handle) this.#handle.delete();
    this.#handle = null;
  }

  /** The live handle and helpers for the methods of each area module. */
  [TABLE]() {
    if (!this.#handle) throw new Error('Annotations: used after dispose()');
    const info = this.#info;
    return {
      handle: this.#handle,
      core: this.#ctx.core,
      unwrap: this.#ctx.unwrap,
      info,
      // An id given as a string is looked up in info[what]; a number is already a code.
      // -1 (unknown) is passed on so that the core reports it with its path.
      code(id, what) {
        return typeof id === 'number' ? id : info[what].indexOf(String(id));
      },
    };
  }
}

Object.assign(Annotations.prototype, agreementMethods, aggregationMethods, goldMethods, driftMethods);

export function analyticsApi(ctx) {
  const { core, unwrap } = ctx;
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
    return new Annotations(handle, ctx, unwrap(r));
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
    /** Loads the classification answers of a Label Studio JSON export (text or parsed
     * array; ground truth = gold). */
    annotationsFromLabelStudio(json, { fromName = '' } = {}) {
      const text = typeof json === 'string' ? json : JSON.stringify(json);
      return load((h) => h.loadLabelStudio(text, fromName));
    },
    /** Loads the classification answers of a project object as `importProject` returns it. */
    annotationsFromProject(project, { fromName = '' } = {}) {
      const text = typeof project === 'string' ? project : JSON.stringify(project);
      return load((h) => h.loadProject(text, fromName));
    },
    ...agreementApi(ctx),
    ...aggregationApi(ctx),
    ...goldApi(ctx),
    ...driftApi(ctx),
  };
}
