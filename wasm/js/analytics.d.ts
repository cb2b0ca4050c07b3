/**
 * Quality analytics: a table of annotations and the conventions every area follows. The
 * areas are typed in agreement.d.ts, aggregation.d.ts, gold.d.ts and drift.d.ts.
 * Re-exported by index.d.ts; the functions are members of the object `load()` resolves to.
 *
 * Conventions:
 * - Label vectors are `Int32Array`s (plain arrays of integers are converted); matrices are
 *   flat row-major arrays with their shape given.
 * - An undefined coefficient (for example both annotators used one and the same label, so
 *   chance agreement is 1 and kappa is 0/0) is **not** an error: `value` is `NaN` and
 *   `undefinedReason` says why, in a sentence the UI can show.
 * - Bad input (mismatched lengths, empty input, duplicates, unknown annotators or labels,
 *   NaN/infinite numbers) throws a `LocalabelError` whose `code` and `path` name the problem.
 */

import type { AgreementApi, AgreementMethods } from './agreement.js';
import type { AggregationApi, AggregationMethods } from './aggregation.js';
import type { DriftApi, DriftMethods } from './drift.js';
import type { GoldApi, GoldMethods } from './gold.js';

export * from './agreement.js';
export * from './aggregation.js';
export * from './drift.js';
export * from './gold.js';

/**
 * A long table of annotations (item, annotator, label[, time]) held in the module. Codes are
 * indices into `items`, `annotators`, `labels`, which are sorted (numerically when every value
 * is an integer) or follow the declared label order. Duplicate (annotator, item) pairs are an
 * error when loading. Call `dispose()` when done.
 */
export interface Annotations
    extends AgreementMethods, AggregationMethods, GoldMethods, DriftMethods {
  readonly rows: number;
  readonly items: string[];
  readonly annotators: string[];
  readonly labels: string[];
  readonly hasTime: boolean;
  readonly goldAnswers: number;
  /** Attaches gold answers: CSV `item,label` text or codes. Returns their number. */
  setGold(gold: string | { items: ArrayLike<number>; labels: ArrayLike<number> }): number;
  /** Frees the module memory of this table. */
  dispose(): void;
}

export interface AnalyticsApi extends AgreementApi, AggregationApi, GoldApi, DriftApi {
  /** Parses a long CSV `item,annotator,label[,time]` (header optional). `labels` declares the
   * label set and its order; a label outside it throws UnknownReference. */
  annotationsFromCsv(text: string, options?: { labels?: string[] | null }): Annotations;
  /** Builds a table from integer ids. */
  annotationsFromIds(columns: {
    item: ArrayLike<number>;
    annotator: ArrayLike<number>;
    label: ArrayLike<number>;
    time?: ArrayLike<number> | null;
  }): Annotations;
  /** The classification (choices) answers of a Label Studio export; ground-truth annotations
   * become gold answers. `fromName` picks the label set (default: the first choices set). */
  annotationsFromLabelStudio(json: string | object[], options?: { fromName?: string }): Annotations;
  /** The same from a project as `importProject` returns it (Localabel's project format). */
  annotationsFromProject(project: string | object, options?: { fromName?: string }): Annotations;
}
