/**
 * Localabel: annotation analytics compiled to WebAssembly.
 *
 * ```js
 * import { load } from './localabel/index.js';
 * const lb = await load();
 * ```
 */

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

export interface Localabel {
  /** The core's version, e.g. "0.1.0". */
  readonly version: string;
}

/** Instantiates the WebAssembly module and returns the API. */
export function load(options?: LoadOptions): Promise<Localabel>;
