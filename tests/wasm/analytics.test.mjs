// The analytics facade under Node: published reference values, edge cases and typed errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const data = path.join(repo, 'tests/data/analytics');

function throwsCode(fn, code) {
  assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === code, `expected ${code}`);
}

test('Cohen kappa: Wikipedia proposal example (0.4) and scikit-learn weighted values', () => {
  const a = [...Array(25).fill(1), ...Array(25).fill(0)];
  const b = [...Array(20).fill(1), ...Array(5).fill(0), ...Array(10).fill(1), ...Array(15).fill(0)];
  const k = lb.cohenKappa(a, b);
  assert.ok(Math.abs(k.value - 0.4) < 1e-12);
  assert.equal(k.units, 50);
  // scikit-learn 1.2.1 cohen_kappa_score on the same vectors.
  const x = [0, 1, 2, 2, 3, 1, 0, 4, 4, 2, 1, 3];
  const y = [0, 2, 2, 1, 3, 1, 1, 4, 3, 2, 0, 3];
  assert.ok(Math.abs(lb.cohenKappa(x, y).value - 0.4736842105263158) < 1e-12);
  assert.ok(Math.abs(lb.cohenKappa(x, y, { weights: 'linear' }).value - 0.7087378640776698) < 1e-12);
  assert.ok(Math.abs(lb.cohenKappa(x, y, { weights: 'quadratic' }).value - 0.8706896551724138) < 1e-12);
});

test('undefined kappa is NaN with a reason, not an error', () => {
  const k = lb.cohenKappa([2, 2, 2], [2, 2, 2]);
  assert.ok(Number.isNaN(k.value));
  assert.match(k.undefinedReason, /same label/);
});

test('bad inputs throw typed errors', () => {
  throwsCode(() => lb.cohenKappa([1, 2], [1]), 'LengthMismatch');
  throwsCode(() => lb.cohenKappa([], []), 'EmptyInput');
  throwsCode(() => lb.krippendorffAlpha([1, Infinity], 1, 2), 'OutOfRange');
  throwsCode(() => lb.fleissKappa([2, 0, 1, 2], 2, 2), 'InvalidArgument');
  throwsCode(() => lb.annotationsFromCsv('item,annotator,label\n1,a,x\n1,a,y\n'), 'Duplicate');
  throwsCode(() => lb.annotationsFromCsv('item,annotator,label\n1,a,x\n', { labels: ['y'] }),
             'UnknownReference');
  throwsCode(() => lb.annotationsFromCsv(''), 'EmptyInput');
  throwsCode(() => lb.annotationsFromIds({ item: [1, 2], annotator: [1], label: [0, 0] }),
             'LengthMismatch');
  throwsCode(() => lb.rollingQualityDrop([1, NaN], { window: 1 }), 'OutOfRange');
  assert.throws(() => lb.cohenKappa([1], [1], { weights: 'cubic' }), RangeError);
});

test('Fleiss kappa: Wikipedia example table (0.20993)', () => {
  const table = [0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0, 2, 2, 8, 1, 1,
    7, 7, 0, 0, 0, 3, 2, 6, 3, 0, 2, 5, 3, 2, 2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7];
  assert.ok(Math.abs(lb.fleissKappa(table, 10, 5).value - 0.20993070442195522) < 1e-12);
});

test('Krippendorff alpha: Krippendorff (2011) worked example, matrix and long table', () => {
  const M = NaN;
  const m = [1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M, 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3,
    M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M, 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M];
  const published = { nominal: 0.743, ordinal: 0.815, interval: 0.849, ratio: 0.797 };
  const t = lb.annotationsFromCsv(fs.readFileSync(path.join(data, 'krippendorff2011.csv'), 'utf8'));
  for (const [level, value] of Object.entries(published)) {
    assert.ok(Math.abs(lb.krippendorffAlpha(m, 4, 12, { level }).value - value) < 5e-4, level);
    assert.ok(Math.abs(t.krippendorffAlpha({ level }).value - value) < 5e-4, level);
  }
  throwsCode(() => t.fleissKappa(), 'InvalidArgument');
  t.dispose();
  assert.throws(() => t.fleissKappa(), /dispose/);
  // One annotator: nothing pairable.
  const one = lb.krippendorffAlpha([1, 2, 3], 1, 3);
  assert.ok(Number.isNaN(one.value));
  assert.match(one.undefinedReason, /two or more/);
});

test('table: majority vote, Dawid-Skene, gold, qualification and annotator stats', () => {
  const t = lb.annotationsFromCsv(fs.readFileSync(path.join(data, 'crowd.csv'), 'utf8'));
  assert.deepEqual(t.labels, ['cat', 'dog']);
  assert.deepEqual(t.annotators, ['ann', 'bob', 'eve']);
  assert.equal(t.hasTime, true);
  const mv = t.majorityVote({ fractions: true });
  assert.deepEqual([...mv.labels], [0, 1, 0]);  // item 3 is a tie: smallest label
  assert.equal(mv.ties, 1);
  assert.deepEqual([...t.majorityVote({ ties: 'abstain' }).labels], [0, 1, -1]);
  const ds = t.dawidSkene();
  assert.equal(ds.posteriors.length, 6);
  assert.ok(ds.iterations >= 1 && ds.converged);
  const k = t.cohenKappa('ann', 'bob');
  assert.ok(Math.abs(k.value - 0.4) < 1e-12);
  throwsCode(() => t.cohenKappa('ann', 'zed'), 'UnknownReference');
  throwsCode(() => t.goldAccuracy(), 'EmptyInput');
  assert.equal(t.setGold(fs.readFileSync(path.join(data, 'crowd_gold.csv'), 'utf8')), 2);
  const acc = t.goldAccuracy();
  assert.deepEqual(acc.map((a) => a.accuracy), [1, 0.5, 0]);
  const q = t.qualificationTest('bob');
  assert.equal(q.passed, false);
  assert.deepEqual(q.errors, [{ item: '3', expected: 'cat', given: 'dog' }]);
  const stats = t.annotatorStats({ pricePerLabel: 0.5 });
  assert.equal(stats[0].medianSeconds, 3);
  assert.equal(stats[0].cost, 1.5);
  throwsCode(() => t.setGold('item,label\n9,cat\n'), 'UnknownReference');
  t.dispose();
});

test('tables from integer ids and from Label Studio JSON', () => {
  const t = lb.annotationsFromIds({ item: [5, 5, 9, 9], annotator: [1, 2, 1, 2], label: [0, 0, 3, 0] });
  assert.deepEqual(t.items, ['5', '9']);
  assert.ok(Math.abs(t.krippendorffAlpha().value - lb.krippendorffAlpha([0, 3, 0, 0], 2, 2).value) < 1e-12);
  t.dispose();
  const tasks = [1, 2, 3].map((id) => ({
    id,
    data: { text: `t${id}` },
    annotations: [
      { id: id * 10, completed_by: 1, result: [{ from_name: 'c', to_name: 'text', type: 'choices', value: { choices: [id === 3 ? 'B' : 'A'] } }] },
      { id: id * 10 + 1, completed_by: 2, result: [{ from_name: 'c', to_name: 'text', type: 'choices', value: { choices: ['A'] } }] },
    ],
  }));
  const ls = lb.annotationsFromLabelStudio(JSON.stringify(tasks));
  assert.equal(ls.rows, 6);
  assert.deepEqual(ls.labels, ['A', 'B']);
  assert.ok(Math.abs(ls.cohenKappa(0, 1).value - lb.cohenKappa([0, 0, 1], [0, 0, 0]).value) < 1e-12);
  ls.dispose();
  // The same answers from the parsed export and from the loaded project object.
  const fromArray = lb.annotationsFromLabelStudio(tasks);
  const fromProject = lb.annotationsFromProject(lb.importProject(JSON.stringify(tasks)));
  for (const t of [fromArray, fromProject]) {
    assert.equal(t.rows, 6);
    assert.deepEqual(t.annotators, ['1', '2']);
    assert.ok(Math.abs(t.cohenKappa('1', '2').value - lb.cohenKappa([0, 0, 1], [0, 0, 0]).value) < 1e-12);
    t.dispose();
  }
  assert.throws(() => lb.annotationsFromProject('{"tasks": 3}'), (e) => e.name === 'LocalabelError');
});

test('drift: rolling mean alarm and quality drop', () => {
  const r = lb.rollingMeanAlarm([1, 1, 1, 0, 1, 0, 0], { window: 3, threshold: 0.5 });
  assert.equal(r.firstAlarm, 5);
  assert.equal(r.windows, 5);
  const d = lb.rollingQualityDrop([1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1], { window: 4 });
  assert.deepEqual([...d.alarms], [7, 15]);
});
