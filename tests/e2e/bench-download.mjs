// Measures what the page downloads: opens the built app on a project in headless Chromium,
// lists every file it requested, and prints each one's size and gzip -9 size, with totals for
// code (wasm + JavaScript + HTML), fonts and the project's data.
//   node tests/e2e/bench-download.mjs [--query "?project=/examples/text/project.json"]
// A measurement run by hand, not a test.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openApp, waitForState, webDir } from './lib/app.mjs';

const args = process.argv.slice(2);
const query = args.includes('--query') ? args[args.indexOf('--query') + 1] : '';

const requested = new Set();
const app = await openApp({ prepare: (p) => p.on('request', (r) => requested.add(r.url())) });
try {
  if (query) await app.page.goto(app.server.url + query);
  await waitForState(app.page, (s) => s.ready, { what: 'the project' });
  await app.page.waitForTimeout(3000);  // late loads (workers, fonts)
} finally {
  await app.close();
}

const kind = (f) => (/\.(wasm|m?js|html)$/.test(f) ? 'code' : /\.(ttf|otf|woff2?)$/.test(f) ? 'fonts' : 'data');
const rows = [];
const seen = new Set();
for (const url of requested) {
  const rel = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '') || 'index.html';
  const file = path.join(webDir, rel);
  if (seen.has(rel) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) continue;
  seen.add(rel);
  const bytes = fs.readFileSync(file);
  rows.push({ rel, kind: kind(rel), size: bytes.length, gz: zlib.gzipSync(bytes, { level: 9 }).length });
}
rows.sort((a, b) => a.kind.localeCompare(b.kind) || b.gz - a.gz);
const kb = (n) => (n / 1000).toFixed(1).padStart(8);
for (const r of rows) console.log(`${r.kind.padEnd(6)} ${r.rel.padEnd(40)} ${kb(r.size)} KB ${kb(r.gz)} KB gz`);
for (const k of ['code', 'fonts', 'data']) {
  const sel = rows.filter((r) => r.kind === k);
  console.log(`total ${k}: ${sel.length} files, ${kb(sel.reduce((s, r) => s + r.size, 0))} KB, ` +
    `${kb(sel.reduce((s, r) => s + r.gz, 0))} KB gzip -9`);
}
