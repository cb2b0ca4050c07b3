// The aggregation facade under Node: hand-computed reference values, edge cases and typed errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const data = path.join(repo, 'tests/data/aggregation');
const crowdCsv = fs.readFileSync(path.join(repo, 'tests/data/analytics/crowd.csv'), 'utf8');

function throwsCode(fn, code) {
  assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === code, `expected ${code}`);
}

// A synthetic crowd (K = 3): `acc[a]` < 0 is a spammer that always answers 0.
function crowd(nItems, acc, seed) {
  let s = BigInt(seed);
  const next = () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(s >> 33n);
  };
  const item = [], annotator = [], label = [], truth = [];
  for (let i = 0; i < nItems; i++) {
    const z = next() % 3;
    truth.push(z);
    acc.forEach((p, a) => {
      item.push(i);
      annotator.push(a);
      label.push(p < 0 ? 0 : next() / 2147483648 < p ? z : (z + 1 + (next() % 2)) % 3);
    });
  }
  return { table: lb.annotationsFromIds({ item, annotator, label }), truth };
}

const accuracy = (labels, truth) => truth.filter((z, i) => labels[i] === z).length / truth.length;

test('weighted vote: gold skills and log-odds weights (hand values in tests/data/aggregation/README.md)', () => {
  const t = lb.annotationsFromCsv(fs.readFileSync(path.join(data, 'gold_crowd.csv'), 'utf8'));
  throwsCode(() => t.weightedVote({ skill: 'gold' }), 'EmptyInput');
  t.setGold(fs.readFileSync(path.join(data, 'gold.csv'), 'utf8'));
  const r = t.weightedVote({ skill: 'gold' });
  assert.ok(Math.abs(r.skills[0] - 7 / 9) < 1e-12);
  assert.ok(Math.abs(r.weights[0] - Math.log(7)) < 1e-12);
  assert.ok(Math.abs(r.weights[1] - Math.log(0.25)) < 1e-12);
  const x = t.items.indexOf('x');
  assert.equal(t.labels[r.labels[x]], 'cat');
  assert.equal(t.labels[t.majorityVote().labels[x]], 'dog');
  assert.ok(Math.abs(r.posteriors[x * 3] - 7 / 8.0625) < 1e-12);
  assert.deepEqual([...t.weightedVote().correct], [0, 5, 5]);
  throwsCode(() => t.weightedVote({ priorStrength: NaN }), 'InvalidArgument');
  assert.throws(() => t.weightedVote({ skill: 'vibes' }), RangeError);
  t.dispose();
});

test('GLAD and MACE beat majority vote when spammers agree; MACE is seeded', () => {
  const { table: t, truth } = crowd(400, [0.75, 0.75, 0.75, -1, -1, -1, -1], 12345);
  const mv = accuracy(t.majorityVote().labels, truth);
  const m = t.mace({ seed: 1 });
  assert.ok(mv < 0.5);
  assert.ok(accuracy(m.labels, truth) > 0.8);  // 3 annotators at 0.75: about 0.85 is the best possible
  for (let a = 3; a < 7; a++) assert.ok(m.competence[a] < 0.5 && m.strategies[a * 3] > 0.9);
  assert.deepEqual(t.mace({ seed: 1 }), m);
  const g = crowd(300, [0.8, 0.8, 0.8, 1 / 3, 1 / 3, 1 / 3], 7);
  const r = g.table.glad();
  assert.ok(r.converged);
  assert.ok(accuracy(r.labels, g.truth) > 0.9);
  assert.ok(r.alphas[0] > r.alphas[4] + 0.5);
  assert.equal(r.logBetas.length, 300);
  t.dispose();
  g.table.dispose();
});

test('GLAD objective never decreases over iterations', () => {
  const { table: t } = crowd(80, [0.7, 0.6, 0.5, 0.9], 3);
  let prev = -Infinity;
  for (let it = 1; it <= 6; it++) {
    const r = t.glad({ maxIterations: it, tolerance: 0 });
    assert.ok(r.objective >= prev - 1e-9);
    prev = r.objective;
  }
  t.dispose();
});

test('edge cases: one annotator, single class, all ties', () => {
  const one = lb.annotationsFromCsv('item,annotator,label\n1,a,x\n2,a,y\n3,a,x\n');
  for (const r of [one.majorityVote(), one.weightedVote(), one.dawidSkene(), one.glad(), one.mace()]) {
    assert.deepEqual([...r.labels], [0, 1, 0]);
  }
  one.dispose();
  const single = lb.annotationsFromCsv('item,annotator,label\n1,a,x\n1,b,x\n2,a,x\n');
  assert.deepEqual([...single.glad().posteriors], [1, 1]);
  assert.deepEqual([...single.mace().posteriors], [1, 1]);
  assert.deepEqual([...single.weightedVote().weights], [0, 0]);
  single.dispose();
  const ties = lb.annotationsFromCsv('item,annotator,label\n1,a,0\n1,b,1\n2,a,1\n2,b,0\n');
  assert.equal(ties.weightedVote().ties, 2);
  assert.deepEqual([...ties.majorityVote({ ties: 'abstain' }).labels], [-1, -1]);
  ties.dispose();
  throwsCode(() => lb.annotationsFromCsv(''), 'EmptyInput');
});

test('bad options give typed errors, not crashes', () => {
  const t = lb.annotationsFromCsv(crowdCsv);
  throwsCode(() => t.majorityVote({ seed: -1 }), 'InvalidArgument');
  throwsCode(() => t.majorityVote({ seed: NaN }), 'InvalidArgument');
  throwsCode(() => t.majorityVote({ weights: [1, NaN, 1] }), 'OutOfRange');
  throwsCode(() => t.majorityVote({ weights: [1, 1] }), 'LengthMismatch');
  throwsCode(() => t.dawidSkene({ maxIterations: 1.5 }), 'InvalidArgument');
  throwsCode(() => t.glad({ maxIterations: -1 }), 'InvalidArgument');
  throwsCode(() => t.dawidSkene({ maxIterations: -1 }), 'InvalidArgument');
  throwsCode(() => t.glad({ tolerance: NaN }), 'InvalidArgument');
  throwsCode(() => t.glad({ classPriors: [1] }), 'LengthMismatch');
  throwsCode(() => t.glad({ classPriors: [1, NaN] }), 'OutOfRange');
  throwsCode(() => t.mace({ restarts: 0 }), 'InvalidArgument');
  throwsCode(() => t.mace({ seed: 2 ** 60 }), 'InvalidArgument');
  throwsCode(() => t.mace({ alpha: -1 }), 'InvalidArgument');
  t.dispose();
  assert.throws(() => t.glad(), /dispose/);
});

test('fuseBoxes: weighted boxes fusion (Solovyev et al. 2021) by hand', () => {
  // Boxes (0,0)-(10,10) score 0.9 and (2,0)-(12,10) score 0.6 (IoU 2/3), 3 annotators:
  // x1 = (0.9*0 + 0.6*2) / 1.5 = 0.8, x2 = 10.8, confidence mean(0.9, 0.6) * 2 / 3 = 0.5.
  const r = lb.fuseBoxes({ x: [0, 2], y: [0, 0], width: [10, 10], height: [10, 10], label: [0, 0],
    annotator: [0, 1], score: [0.9, 0.6] }, { annotators: 3 });
  assert.equal(r.x.length, 1);
  assert.ok(Math.abs(r.x[0] - 0.8) < 1e-12);
  assert.ok(Math.abs(r.x[0] + r.width[0] - 10.8) < 1e-12);
  assert.ok(Math.abs(r.confidence[0] - 0.5) < 1e-12);
  assert.deepEqual([...r.members[0]], [0, 1]);
  assert.equal(r.annotators[0], 2);
  const w = lb.fuseBoxes({ x: [0, 2], y: [0, 0], width: [10, 10], height: [10, 10], label: [0, 0],
    annotator: [0, 1], score: [0.9, 0.6] }, { weights: [2, 1, 1] });
  assert.ok(Math.abs(w.x[0] - 0.5) < 1e-12);
  assert.ok(Math.abs(w.confidence[0] - 0.6) < 1e-12);
  const apart = lb.fuseBoxes({ x: [0, 0], y: [0, 0], width: [5, 5], height: [5, 5], label: [0, 1],
    annotator: [0, 1] });
  assert.equal(apart.x.length, 2);
  assert.equal(lb.fuseBoxes({ x: [], y: [], width: [], height: [], label: [], annotator: [] }).x.length, 0);
});

test('fuseBoxes: bad input gives typed errors', () => {
  const ok = { x: [0], y: [0], width: [1], height: [1], label: [0], annotator: [0] };
  throwsCode(() => lb.fuseBoxes({ ...ok, y: [0, 1] }), 'LengthMismatch');
  throwsCode(() => lb.fuseBoxes({ ...ok, score: [0.5, 0.5] }), 'LengthMismatch');
  throwsCode(() => lb.fuseBoxes({ ...ok, x: [NaN] }), 'OutOfRange');
  throwsCode(() => lb.fuseBoxes({ ...ok, width: [0] }), 'OutOfRange');
  throwsCode(() => lb.fuseBoxes({ ...ok, score: [2] }), 'OutOfRange');
  throwsCode(() => lb.fuseBoxes(ok, { weights: [NaN] }), 'OutOfRange');
  throwsCode(() => lb.fuseBoxes({ ...ok, annotator: [3] }, { weights: [1, 1] }), 'OutOfRange');
  throwsCode(() => lb.fuseBoxes(ok, { iouThreshold: 0 }), 'InvalidArgument');
  throwsCode(() => lb.fuseBoxes(ok, { weights: [0] }), 'InvalidArgument');
  assert.throws(() => lb.fuseBoxes({ ...ok, annotator: [0.5] }), RangeError);
  assert.throws(() => lb.fuseBoxes({ ...ok, height: [-1] }), (e) => e.path === 'boxes[0].height');
});
