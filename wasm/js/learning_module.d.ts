// Types of learning_module.js: the learning API on a module of its own.
import type { LearningApi } from './learning.js';
import type { LoadOptions, LocalabelError } from './index.js';

export type { LearningApi, LocalabelError };

/**
 * Instantiates localabel_learning.wasm (wasmBinary: its bytes) and resolves to the same
 * learning functions as load() gives.
 */
export function loadLearning(options?: LoadOptions): Promise<LearningApi>;
