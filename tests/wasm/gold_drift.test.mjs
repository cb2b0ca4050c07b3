// Gold checks and drift in the wasm facade: published reference values, edge cases and typed
// errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const data = path.join(repo, 'tests/data/gold_drift');

function throwsCode(fn, code) {
  assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === code, `expected ${code}`);
}
const near = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} != ${b}`);

test('classificationReport: scikit-learn documentation examples', () => {
  // sklearn.metrics.precision_recall_fscore_support docs: cat 0, dog 1, pig 2.
  const r = lb.classificationReport([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
  near(r.macro.precision, 2 / 9);
  near(r.macro.recall, 1 / 3);
  near(r.macro.f1, 0.8 / 3);
  near(r.micro.f1, 1 / 3);
  near(r.weighted.precision, 2 / 9);
  near(r.weighted.f1, 0.8 / 3);
  near(r.classes[0].f1, 0.8);
  // sklearn.metrics.classification_report docs: macro 0.50 0.56 0.49, weighted 0.70 0.60 0.61.
  const c = lb.classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]);
  near(c.accuracy, 0.6);
  near(c.macro.recall, 5 / 9);
  near(c.weighted.precision, 0.7);
  near(c.weighted.f1, (2 / 3 + 2.4) / 5);
  // zero_division (scikit-learn 1.2.1, y_true [0,0,0], y_pred [0,1,1]).
  near(lb.classificationReport([0, 0, 0], [0, 1, 1], { zeroDivision: 1 }).macro.recall, 2 / 3);
  near(lb.classificationReport([0, 0, 0], [0, 1, 1]).macro.recall, 1 / 6);
  const n = lb.classificationReport([0, 0, 0], [0, 1, 1], { zeroDivision: 'nan' });
  assert.ok(Number.isNaN(n.classes[1].recall));
  near(n.macro.recall, 1 / 3);
});

test('goldReport and qualification on a table, one annotator without gold', () => {
  const t = lb.annotationsFromCsv(
    'item,annotator,label\n1,ann,cat\n2,ann,pig\n3,ann,dog\n4,ann,cat\n5,ann,cat\n6,ann,dog\n7,eve,cat\n');
  t.setGold('item,label\n1,cat\n2,dog\n3,pig\n4,cat\n5,dog\n6,pig\n');
  const [ann, eve] = t.goldReport();
  assert.equal(ann.annotator, 'ann');
  assert.deepEqual(ann.classes.map((c) => c.label), ['cat', 'dog', 'pig']);
  near(ann.macro.f1, 0.8 / 3);
  assert.equal(eve.n, 0);
  assert.ok(Number.isNaN(eve.accuracy) && Number.isNaN(eve.macro.f1));
  const q = t.qualificationTest('ann');
  assert.equal(q.errors.length, 4);
  throwsCode(() => t.qualificationTest('nobody'), 'UnknownReference');
  throwsCode(() => t.setGold('item,label\n1,bird\n'), 'UnknownReference');
  assert.throws(() => t.goldReport({ zeroDivision: 2 }), RangeError);
  t.dispose();
  const none = lb.annotationsFromCsv('item,annotator,label\n1,a,x\n');
  throwsCode(() => none.goldReport(), 'EmptyInput');
  none.dispose();
});

test('classificationReport: bad inputs', () => {
  throwsCode(() => lb.classificationReport([0, 1], [0]), 'LengthMismatch');
  throwsCode(() => lb.classificationReport([], []), 'EmptyInput');
  throwsCode(() => lb.classificationReport([0, 1], [0, 5], { nLabels: 2 }), 'UnknownReference');
});

test('placeHoneypots: rate, determinism, spread, no duplicates', () => {
  const tasks = Array.from({ length: 20000 }, (_, i) => `t${i}`);
  const gold = Array.from({ length: 3000 }, (_, i) => `g${i}`);
  const a = lb.placeHoneypots({ seed: 'p', annotator: 'ann', tasks, gold });
  const b = lb.placeHoneypots({ seed: 'p', annotator: 'bob', tasks, gold });
  const again = lb.placeHoneypots({ seed: 'p', annotator: 'ann', tasks, gold });
  near(a.honeypots / a.queue.length, 0.05, 0.006);
  assert.deepEqual(a.queue, again.queue);
  assert.notDeepEqual(Array.from(a.honeypot), Array.from(b.honeypot));
  assert.equal(new Set(a.queue).size, a.queue.length);
  assert.deepEqual(a.queue.filter((_, i) => !a.honeypot[i]), tasks);
  const pos = [];
  a.honeypot.forEach((h, i) => { if (h) pos.push(i); });
  const gaps = new Set(pos.slice(1).map((p, i) => p - pos[i]));
  assert.ok(gaps.size > 30, 'gaps vary');
  assert.deepEqual(lb.placeHoneypots({ seed: 'p', annotator: 'ann', tasks: [], gold }).queue, []);
  throwsCode(() => lb.placeHoneypots({ seed: 'p', annotator: 'ann', tasks: ['a', 'a'], gold }), 'Duplicate');
  throwsCode(() => lb.placeHoneypots({ seed: 'p', annotator: 'ann', tasks, gold, rate: 1 }), 'OutOfRange');
  throwsCode(() => lb.placeHoneypots({ seed: 'p', annotator: 'ann', tasks, gold, rate: NaN }), 'OutOfRange');
  throwsCode(() => lb.placeHoneypots({ seed: 'p', annotator: '', tasks, gold }), 'InvalidArgument');
  assert.throws(() => lb.placeHoneypots({ seed: 'p', annotator: 'a', tasks: 'abc', gold }), TypeError);
});

test('adwin: river documented example (change detected at index 1023)', () => {
  const stream = fs.readFileSync(path.join(data, 'river_adwin_stream.txt'), 'utf8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map(Number);
  assert.equal(stream.length, 2000);
  const r = lb.adwin(stream);
  assert.deepEqual(Array.from(r.detections), [1023]);
  assert.equal(r.width, 976);
  const step = [...Array(100).fill(0), ...Array(100).fill(1)];
  assert.deepEqual(Array.from(lb.adwin(step).detections), [127]);
  assert.equal(lb.adwin(Array(3000).fill(0.5)).detections.length, 0);
  assert.equal(lb.adwin([]).width, 0);
  throwsCode(() => lb.adwin([1, NaN]), 'OutOfRange');
  throwsCode(() => lb.adwin([1], { delta: 0 }), 'InvalidArgument');
  throwsCode(() => lb.adwin([1], { clock: 1.5 }), 'InvalidArgument');
});

test('pageHinkley, cusum, labelDistributionDrift', () => {
  const drop = [...Array(200).fill(0.9), ...Array(200).fill(0.2)];
  const ph = lb.pageHinkley(drop, { threshold: 5 });
  assert.ok(ph[0] > 199 && ph[0] < 230);
  assert.equal(lb.pageHinkley(Array(400).fill(0.9), { threshold: 5, twoSided: true }).length, 0);
  const rise = drop.slice().reverse();
  assert.equal(lb.pageHinkley(rise, { threshold: 5 }).length, 0);
  assert.ok(lb.pageHinkley(rise, { threshold: 5, twoSided: true }).length > 0);
  // Hand computed: target 1, slack 0.1: S = 0, 0, 0.4, 0.8, 1.2 > 1 at index 4.
  assert.deepEqual(Array.from(lb.cusum([1, 1, 0.5, 0.5, 0.5, 1], { target: 1, slack: 0.1, threshold: 1 })), [4]);
  assert.throws(() => lb.cusum([1]), TypeError);
  throwsCode(() => lb.pageHinkley([1, Infinity]), 'OutOfRange');
  throwsCode(() => lb.pageHinkley([1], { threshold: 0 }), 'InvalidArgument');
  // scipy.stats.chi2_contingency documentation example [[10, 10, 20], [20, 20, 20]]:
  // chi2 2.7777777777777777, dof 2, p 0.24935220877729619.
  const d = lb.labelDistributionDrift([10, 10, 20], [20, 20, 20]);
  near(d.chiSquare, 2.7777777777777777);
  assert.equal(d.dof, 2);
  near(d.pValue, 0.24935220877729619);
  const disjoint = lb.labelDistributionDrift([10, 0], [0, 10]);
  near(disjoint.jsBits, 1);
  near(disjoint.psi, 2 * (1 - 1e-4) * Math.log(1e4), 1e-9);
  assert.ok(Number.isNaN(lb.labelDistributionDrift([3, 0], [5, 0]).pValue));
  throwsCode(() => lb.labelDistributionDrift([1, 2], [1]), 'LengthMismatch');
  throwsCode(() => lb.labelDistributionDrift([0, 0], [1, 1]), 'EmptyInput');
  throwsCode(() => lb.labelDistributionDrift([NaN, 1], [1, 1]), 'OutOfRange');
});

test('sessionFatigue: sessions, halves, alerts and errors', () => {
  const annotator = [];
  const timestamp = [];
  const seconds = [];
  const quality = [];
  let t = 0;
  for (let i = 0; i < 12; i++) {
    const s = i < 6 ? 10 : 15;
    t += s;
    annotator.push(0); timestamp.push(t); seconds.push(s);
    quality.push(i < 6 ? 1 : [1, 0, 1, 0, 0, 1][i - 6]);
  }
  t += 2400;
  for (let i = 0; i < 4; i++) {
    t += 10;
    annotator.push(0); timestamp.push(t); seconds.push(10); quality.push(1);
  }
  const r = lb.sessionFatigue({ annotator, timestamp, seconds, quality });
  assert.equal(r.sessions.length, 2);
  const s0 = r.sessions[0];
  assert.equal(s0.earlySeconds, 10);
  assert.equal(s0.lateSeconds, 15);
  assert.equal(s0.lateQuality, 0.5);
  assert.ok(s0.slower && s0.worse);
  near(s0.secondsSlope, 90 / 143);
  assert.equal(r.alerts, 1);
  assert.equal(lb.sessionFatigue({ annotator, timestamp, seconds, quality },
    { sessionGapSeconds: 3600 }).sessions.length, 1);
  assert.equal(lb.sessionFatigue({ annotator: [], timestamp: [] }).sessions.length, 0);
  throwsCode(() => lb.sessionFatigue({ annotator: [0, 0], timestamp: [1] }), 'LengthMismatch');
  throwsCode(() => lb.sessionFatigue({ annotator: [0], timestamp: [NaN] }), 'OutOfRange');
  throwsCode(() => lb.sessionFatigue({ annotator: [0], timestamp: [1], quality: [2] }), 'OutOfRange');
  throwsCode(() => lb.sessionFatigue({ annotator: [0], timestamp: [1] }, { minTasks: 1 }), 'InvalidArgument');
});
