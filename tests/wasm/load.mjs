// Loads the built facade in Node (the module cannot fetch its .wasm here: pass the bytes).
// LOCALABEL_WEB_DIR selects the build (default build/wasm-release/web).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = path.resolve(repo, process.env.LOCALABEL_WEB_DIR ?? 'build/wasm-release/web');

export async function loadLocalabel() {
  const dir = path.join(webDir, 'localabel');
  const { load } = await import(pathToFileURL(path.join(dir, 'index.js')).href);
  return load({ wasmBinary: fs.readFileSync(path.join(dir, 'localabel_core.wasm')) });
}

/** The learning-only module (learning_module.js) with its .wasm bytes. */
export async function loadLocalabelLearning() {
  const dir = path.join(webDir, 'localabel');
  const { loadLearning } = await import(pathToFileURL(path.join(dir, 'learning_module.js')).href);
  return loadLearning({ wasmBinary: fs.readFileSync(path.join(dir, 'localabel_learning.wasm')) });
}
