// Every Label Studio file in tests/data and examples/**/project*.json round-trips through the
// WebAssembly module to equal JSON, and the bytes equal the native CLI's output.
// LOCALABEL_CLI selects the native binary (default build/native-debug/tools/localabel).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const cli = path.resolve(repo, process.env.LOCALABEL_CLI ?? 'build/native-debug/tools/localabel');

function filesUnder(dir, keep) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && keep(f)).sort();
}

const files = [
  ...filesUnder(path.join(repo, 'tests/data'), (f) => path.dirname(f) === path.join(repo, 'tests/data') && f.endsWith('.json')),
  ...filesUnder(path.join(repo, 'examples'), (f) => /^project.*\.json$/.test(path.basename(f))),
];

// Where a and b differ ('' when equal; numbers within 1e-9 relative).
function difference(a, b, at = '') {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) ? '' : `${at}: ${a} != ${b}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${at}: array vs non-array`;
    if (a.length !== b.length) return `${at}: ${a.length} vs ${b.length} elements`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return '';
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a) || !(k in b)) return `${at}.${k}: present on one side only`;
      const d = difference(a[k], b[k], `${at}.${k}`);
      if (d) return d;
    }
    return '';
  }
  return a === b ? '' : `${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

test('there are files to round-trip', () => {
  assert.ok(files.length >= 6, files.join(', '));
});

for (const file of files) {
  const name = path.relative(repo, file);
  test(`round trip: ${name}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    let input = JSON.parse(text);
    const ours = !Array.isArray(input) && 'localabel_project' in input;
    const out = ours ? lb.importProjectText(text) : lb.exportLabelStudio(text);
    if (!ours && !Array.isArray(input)) input = [input];
    assert.equal(difference(input, JSON.parse(out)), '');
    // Exporting the export gives the same bytes.
    assert.equal(ours ? lb.importProjectText(out) : lb.exportLabelStudio(out), out);
    // The native CLI writes the same bytes.
    const native = execFileSync(cli, ['convert', '--from', 'ls', '--to', ours ? 'localabel' : 'ls', file, '-'],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.ok(native === out, `native and wasm output differ for ${name}`);
  });
}
