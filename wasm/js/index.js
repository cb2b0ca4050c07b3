// Localabel's JavaScript API: the core compiled to WebAssembly, behind a typed facade.
// Types and documentation: index.d.ts.
//
//   import { load } from './localabel/index.js';
//   const lb = await load();                       // browser: fetches localabel_core.wasm
//   const lb = await load({ wasmBinary: bytes });  // Node: pass the .wasm bytes
import createLocalabelCore from './localabel_core.mjs';
import { LocalabelError, unwrap } from './errors.js';
import { analyticsApi } from './analytics.js';
import { formatsApi } from './formats.js';
import { learningApi } from './learning.js';
import { projectApi } from './project.js';
import { qualityApi } from './quality.js';
import { syncApi } from './sync/core.js';

export { LocalabelError };

/** Instantiates the module; resolves to the API object (see index.d.ts). */
export async function load(options = {}) {
  const moduleOptions = {};
  if (options.wasmBinary) moduleOptions.wasmBinary = options.wasmBinary;
  if (options.locateFile) moduleOptions.locateFile = options.locateFile;
  const core = await createLocalabelCore(moduleOptions);
  const ctx = { core, unwrap };
  return Object.freeze({
    version: core.version(),
    ...projectApi(ctx),
    ...analyticsApi(ctx),
    ...formatsApi(ctx),
    ...learningApi(ctx),
    ...syncApi(ctx),
    ...qualityApi(ctx),
  });
}
