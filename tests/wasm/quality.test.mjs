// The quality report in the wasm facade equals the native CLI's report on the demo project
// (every number within 1e-9), and the facade's options are checked.
// LOCALABEL_CLI selects the native binary (default build/native-debug/tools/localabel).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const cli = path.resolve(repo, process.env.LOCALABEL_CLI ?? 'build/native-debug/tools/localabel');

// The demo as one Localabel project file: the label configuration around the tasks.
const config = JSON.parse(fs.readFileSync(path.join(repo, 'examples/demo/labels.json'), 'utf8'));
config.tasks = JSON.parse(fs.readFileSync(path.join(repo, 'examples/demo/project.json'), 'utf8'));
const projectText = JSON.stringify(config);

function sameWithin(a, b, where, tol = 1e-9) {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a)), `${where}: ${a} != ${b}`);
  } else if (Array.isArray(a)) {
    assert.ok(Array.isArray(b) && a.length === b.length, `${where}: arrays differ in length`);
    a.forEach((x, i) => sameWithin(x, b[i], `${where}[${i}]`, tol));
  } else if (a && typeof a === 'object') {
    assert.ok(b && typeof b === 'object', `${where}: not an object`);
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${where}: keys`);
    for (const k of Object.keys(a)) sameWithin(a[k], b[k], `${where}.${k}`, tol);
  } else {
    assert.equal(a, b, where);
  }
}

test('quality report: wasm equals the native CLI on the demo project', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quality-'));
  try {
    const file = path.join(dir, 'demo.json');
    fs.writeFileSync(file, projectText);
    const args = ['quality', file, '--date', '2026-12-07', '--seed', '5', '--bootstrap', '100'];
    const native = JSON.parse(execFileSync(cli, args, { maxBuffer: 1 << 28 }).toString());
    const wasm = lb.qualityReport(projectText, { date: '2026-12-07', seed: 5, bootstrapResamples: 100 });
    assert.equal(wasm.project, 'Localabel demo');
    assert.ok(wasm.agreement.length >= 7, 'every label set of the demo');
    sameWithin(native, wasm, 'report');
    const nativeDs = JSON.parse(execFileSync(cli, [...args, '--consensus', 'dawid-skene', '--detector', 'adwin'],
      { maxBuffer: 1 << 28 }).toString());
    sameWithin(nativeDs, lb.qualityReport(projectText, {
      date: '2026-12-07', seed: 5, bootstrapResamples: 100, consensus: 'dawid-skene', detector: 'adwin',
    }), 'dawid-skene report');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('quality report: html page and consensus predictions', () => {
  const html = lb.qualityReportHtml(projectText, { date: '2026-12-07', bootstrapResamples: 20 });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<svg/);
  assert.doesNotMatch(html, /<script|src=|href=/);
  const preds = lb.consensusPredictions(projectText, { bootstrapResamples: 20 });
  assert.ok(preds.length > 0);
  assert.ok(preds.every((p) => p.model_version === 'localabel-consensus' && p.result.length > 0));
});

test('quality report: options are checked', () => {
  const code = (fn, c, p) => assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === c &&
    (p === undefined || e.path === p));
  code(() => lb.qualityReport(projectText, { iouThreshold: 0 }), 'InvalidArgument', 'iou_threshold');
  code(() => lb.qualityReport(projectText, { bootstrapResamples: 1.5 }), 'InvalidArgument', 'bootstrapResamples');
  code(() => lb.qualityReport(projectText, { seed: 2 ** 53 }), 'InvalidArgument', 'seed');
  code(() => lb.qualityReport(projectText, { detector: 'cusum' }), 'InvalidArgument', 'detector');
  code(() => lb.qualityReport(projectText, { colour: 'red' }), 'InvalidArgument', 'colour');
  code(() => lb.qualityReport('[{"id": 1', {}), 'InvalidJson');
});
