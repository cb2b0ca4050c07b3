/**
 * Localabel: annotation analytics compiled to WebAssembly.
 *
 * ```js
 * import { load } from './localabel/index.js';
 * const lb = await load();
 * ```
 */

import type { AnalyticsApi } from './analytics.js';
import type { FormatsApi } from './formats.js';
import type { LearningApi } from './learning.js';
import type { QualityApi } from './quality.js';
import type { SyncCore } from './sync.js';

export * from './analytics.js';
export * from './formats.js';
export * from './learning.js';
export * from './quality.js';

/** An error reported by the core. `code` is one of the stable names below. */
export class LocalabelError extends Error {
  readonly code:
    | 'InvalidJson' | 'MissingField' | 'WrongType' | 'OutOfRange' | 'EmptyInput'
    | 'LengthMismatch' | 'Duplicate' | 'UnknownReference' | 'InvalidArgument'
    | 'InvalidFormat' | 'IoError' | 'Unsupported' | 'Unknown';
  /** JSON path (e.g. `tasks[3].annotations[0].result[2].value.width`) or "line N"; may be "". */
  readonly path: string;
}

export interface LoadOptions {
  /** The bytes of localabel_core.wasm (required in Node, where the module cannot fetch). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Maps a file name the module asks for (localabel_core.wasm) to a URL. */
  locateFile?: (path: string, prefix: string) => string;
}

/**
 * Label Studio task JSON as accepted by the project functions: the text of a task list
 * (`[{"id", "data", "annotations", "predictions"}, ...]`), of one task object, or of a Localabel
 * project file (`{"localabel_project": 1, ...}`); bytes of that text (UTF-8); or the parsed
 * value (it is serialised with JSON.stringify).
 */
export type ProjectInput = string | Uint8Array | ArrayBuffer | object;

/** A label of a label set. */
export interface ProjectLabel {
  name: string;
  /** CSS colour "#rrggbb"; labels inferred from a task list get one from a 20-colour palette. */
  color: string;
  hotkey?: string;
  description?: string;
  examples?: string[];
  [unknownField: string]: unknown;
}

/** One control's labels (Label Studio's from_name, annotating to_name). */
export interface ProjectLabelSet {
  name: string;
  to_name?: string;
  /** The Label Studio result type of the set's regions. */
  kind: 'choices' | 'labels' | 'rectanglelabels' | 'polygonlabels' | 'brushlabels' | 'keypointlabels';
  /** Several choices allowed (choices only). */
  multiple?: boolean;
  labels: ProjectLabel[];
  [unknownField: string]: unknown;
}

/**
 * A Localabel project file: label configuration and settings around Label Studio tasks.
 * `tasks` is the same task list exportLabelStudio writes (percent coordinates, code-point
 * span offsets, rle brush masks), with every field the input had.
 */
export interface ProjectFile {
  localabel_project: 1;
  name: string;
  label_sets: ProjectLabelSet[];
  settings: {
    /** Share of tasks labelled by two annotators, in [0, 1]. */
    overlap_share: number;
    /** Share of an annotator's queue that is gold, in [0, 1]. */
    honeypot_rate: number;
    /** Predictions scored below this need review, in [0, 1]. */
    review_threshold: number;
    sampling_strategy: string;
    [unknownSetting: string]: unknown;
  };
  tasks: object[];
  [unknownField: string]: unknown;
}

/** Counts reported by validateProject. */
export interface ProjectSummary {
  tasks: number;
  imageTasks: number;
  textTasks: number;
  annotations: number;
  /** Annotations marked ground_truth (gold answers). */
  groundTruth: number;
  /** Annotations with was_cancelled (skipped). */
  skipped: number;
  predictions: number;
  /** Regions in annotations and predictions. */
  regions: number;
  regionsByKind: {
    choices: number; span: number; box: number; polygon: number; brush: number;
    keypoint: number;
    /** Result types kept verbatim (textarea, rating, ...). */
    other: number;
  };
  labelSets: number;
  /** One line, e.g. "3 tasks (3 image, 0 text), 4 annotations (...), ..." (what the CLI prints). */
  text: string;
}

/**
 * Projects: Label Studio import and export, validation, and Label Studio's brush mask codec.
 *
 * Every function that reads a project validates it completely and throws a LocalabelError on
 * the first problem, with `path` naming the place in Label Studio terms
 * (`tasks[3].annotations[0].result[2].value.width`; a single task object is `tasks[0]`;
 * JSON syntax errors give `line L, column C`) and `code` saying what kind of problem it is:
 * InvalidJson, EmptyInput, WrongType, MissingField, OutOfRange (negative sizes, percentages
 * outside [0, 100], spans past the text), InvalidFormat (polygon with fewer than 3 points, bad
 * rle stream, span text not matching its offsets), LengthMismatch (rle count is not
 * width * height * 4), Duplicate (task, annotation or prediction id), Unsupported, and
 * UnknownReference (project files: a result naming an undeclared label set or label).
 *
 * Coordinates: Label Studio gives x, y, width, height and polygon points in percent of
 * original_width / original_height; rotation in degrees clockwise around the box's top-left
 * corner. Span offsets are Unicode code points (what Label Studio writes since 2022; files whose
 * offsets count UTF-16 code units are recognised from value.text and written back that way).
 * Fields and result types that are not modelled are kept and written back unchanged.
 */
export interface ProjectApi {
  /**
   * Reads a task list, one task, or a project file, and returns it as a project file object:
   * for Label Studio input, the label sets are inferred from the results (one per from_name,
   * labels sorted by name, colours from a fixed palette) and the settings are the defaults.
   * @throws LocalabelError when the input is not valid (see ProjectApi).
   */
  importProject(input: ProjectInput): ProjectFile;

  /**
   * The texts of a file people have (one per line, CSV with a header (RFC 4180), JSON Lines,
   * or a JSON array) as the `data` objects of new tasks: `{text, ...other columns/fields}`.
   * `format` 'auto' picks by the file name's extension, else by the content. `field` names
   * the text column (default: "text", the only column, or the first of text, sentence,
   * content, body, review, comment). Errors name the file, the line (and column) and what
   * was expected: EmptyInput, InvalidFormat (invalid UTF-8, unclosed quote, extra fields,
   * empty text), MissingField (lists the columns present), WrongType, InvalidJson, Duplicate.
   */
  readTextTasks(input: string | Uint8Array | ArrayBuffer, options?: {
    format?: 'auto' | 'lines' | 'csv' | 'jsonl' | 'json';
    field?: string;
    fileName?: string;
  }): Array<{ text: string; [field: string]: unknown }>;

  /** importProject, as the project file's JSON text (deterministic: 2-space indent, sorted keys). */
  importProjectText(input: ProjectInput): string;

  /**
   * Reads any accepted input and writes it as a Label Studio task list (JSON text, 2-space
   * indent, keys sorted, UTF-8, final newline). The bytes are identical to what the native
   * `localabel convert --from ls --to ls` writes. For a valid Label Studio file the output is
   * equal to the input as JSON (numbers within float round-off, single task → list of one).
   * @throws LocalabelError when the input is not valid.
   */
  exportLabelStudio(input: ProjectInput): string;

  /**
   * Validates any accepted input and returns its counts.
   * @throws LocalabelError naming the first problem.
   */
  validateProject(input: ProjectInput): ProjectSummary;

  /**
   * Encodes a mask as Label Studio brush rle (`value.rle` of a `brushlabels` result with
   * `format: "rle"`): mask pixels become RGBA (255, 255, 255, 255), others (0, 0, 0, 0), packed
   * with @thi.ng/rle-pack's bit format (word size 8, run sizes 3, 4, 8, 16).
   * @param width image width in pixels (original_width), 1..2^20
   * @param height image height in pixels (original_height), 1..2^20
   * @param mask one byte per pixel, row-major, non-zero = in the mask; length width * height
   * @returns the rle byte values, ready for JSON
   * @throws LocalabelError OutOfRange (sizes), LengthMismatch (mask length), InvalidArgument.
   */
  encodeBrushRle(width: number, height: number, mask: Uint8Array | number[]): number[];

  /**
   * Decodes Label Studio brush rle (from either Label Studio encoder: the editor's coloured
   * RGBA or the Python converter's) into a mask: a pixel is in the mask when its alpha byte is
   * non-zero.
   * @param rle the `value.rle` byte values
   * @returns one byte per pixel (1 = in the mask, 0 = not), row-major, length width * height
   * @throws LocalabelError InvalidFormat (truncated stream, word size above 8 bits, a run past
   *   the count, more than one byte of padding), LengthMismatch (count != width * height * 4),
   *   OutOfRange (sizes, or a byte value outside 0..255).
   */
  decodeBrushRle(rle: Uint8Array | number[], width: number, height: number): Uint8Array;

  /**
   * Decodes Label Studio brush rle into the image's RGBA bytes (width * height * 4, as an
   * ImageData's data). Same errors as decodeBrushRle; images above 2^26 pixels are OutOfRange.
   */
  decodeBrushRleRgba(rle: Uint8Array | number[], width: number, height: number): Uint8Array;
}

/**
 * The API object `load()` resolves to: project functions (ProjectApi, above), analytics
 * (AnalyticsApi, analytics.d.ts), learning (LearningApi, learning.d.ts) and the sync core
 * (`sync`, sync.d.ts; the sync client itself is imported from './localabel/sync/index.js').
 */
export interface Localabel extends ProjectApi, AnalyticsApi, LearningApi, FormatsApi, QualityApi {
  /** The core's version, e.g. "0.1.0". */
  readonly version: string;
  /** The core's sync functions: canonical events, segments, merge, task assignment. */
  readonly sync: SyncCore;
}

/** Instantiates the WebAssembly module and returns the API. */
export function load(options?: LoadOptions): Promise<Localabel>;
