// The learning part of Localabel's API on a module of its own (localabel_learning.wasm: the
// core's features, learner, sampling, weak supervision and label-error code, about a quarter of
// the whole core's download). Same functions and errors as load()'s learning part.
//
//   import { loadLearning } from './localabel/learning_module.js';
//   const learn = await loadLearning();                       // browser or worker
//   const learn = await loadLearning({ wasmBinary: bytes });  // Node
import createLocalabelLearning from './localabel_learning.mjs';
import { LocalabelError, unwrap } from './errors.js';
import { learningApi } from './learning.js';

export { LocalabelError };

/** Instantiates the learning module; resolves to the learning API (see learning.d.ts). */
export async function loadLearning(options = {}) {
  const moduleOptions = {};
  if (options.wasmBinary) moduleOptions.wasmBinary = options.wasmBinary;
  if (options.locateFile) moduleOptions.locateFile = options.locateFile;
  const core = await createLocalabelLearning(moduleOptions);
  return Object.freeze({ ...learningApi({ core, unwrap }) });
}
