// The learning facade in Node: the same hand-computed values as the native tests, through
// the wasm module and the JS API (typed arrays in, plain objects out, LocalabelError thrown).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const near = (a, b, eps = 1e-6) => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);

test('uncertainty scores match the definitions (Settles 2009)', () => {
  const p = [0.5, 0.3, 0.2, 1, 0, 0];
  near(lb.uncertaintyScores(p, 2, 'leastConfidence')[0], 0.5);
  near(lb.uncertaintyScores(p, 2, 'margin')[0], 0.2);
  near(lb.uncertaintyScores(p, 2, 'entropy')[0], 1.029653);
  assert.equal(lb.uncertaintyScores(p, 2, 'entropy')[1], 0);
});

test('selection breaks ties by lower index and honours exclude', () => {
  const p = [0.9, 0.1, 0.5, 0.5, 0.7, 0.3, 0.5, 0.5];
  assert.deepEqual([...lb.selectUncertain(p, 4, { measure: 'margin', k: 4 })], [1, 3, 2, 0]);
  assert.deepEqual([...lb.selectUncertain(p, 4, { measure: 'margin', k: 2, exclude: [0, 1, 0, 0] })],
                   [3, 2]);
});

test('bad input throws a typed LocalabelError naming the place', () => {
  assert.throws(() => lb.uncertaintyScores([0.5, 1.5], 1, 'entropy'),
                (e) => e.name === 'LocalabelError' && e.code === 'OutOfRange' && e.path === 'probs[0][1]');
  assert.throws(() => lb.uncertaintyScores([0.5, 0.5], 1, 'nope'),
                (e) => e.code === 'InvalidArgument');
  assert.throws(() => lb.kCenterGreedy([0, 1, 2], 3, { k: 2, initialCentres: [9] }),
                (e) => e.code === 'OutOfRange');
});

test('k-center picks in the exact greedy order', () => {
  const r = lb.kCenterGreedy([0, 10, 1, 6, 3], 5, { k: 3 });
  assert.deepEqual([...r.picks], [0, 1, 3]);
  near(r.radius, 3);
});

test('k-means representatives and committee disagreement', () => {
  const km = lb.kMeans([-1, 0, 1, 99, 100, 101, 199, 200, 201], 9, { k: 3, seed: 7 });
  assert.deepEqual([...km.representatives].map((r) => r % 3), [1, 1, 1]);
  near(km.inertia, 6, 1e-3);
  const ve = lb.committeeDisagreement([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8]], 1, 'voteEntropy');
  near(ve[0], 0.6365142);
  const kl = lb.committeeDisagreement([[1, 0], [0.5, 0.5]], 1, 'maxKl');
  near(kl[0], 0.2876821);
});

test('logistic regression matches scikit-learn on iris and warm-starts', () => {
  const rows = fs.readFileSync(path.join(repo, 'tests/data/learning/iris.csv'), 'utf8')
    .trim().split('\n').map((l) => l.split(',').map(Number));
  const x = new Float32Array(rows.flatMap((r) => r.slice(0, 4)));
  const y = rows.map((r) => r[4]);
  const ref = JSON.parse(fs.readFileSync(
    path.join(repo, 'tests/data/learning/logreg_iris_reference.json'), 'utf8'))['C=1'];
  const model = lb.fitLogisticRegression(x, 150, y, 3, { tol: 1e-6, maxIter: 2000 });
  assert.ok(model.converged);
  for (let k = 0; k < 3; ++k)
    for (let j = 0; j < 4; ++j) near(model.weights[k * 4 + j], ref.coef[k][j], 2e-3);
  const p = lb.predictProba(model, x, 150);
  assert.equal(p.length, 450);
  near(p[0], ref.proba_rows_0_50_100[0][0], 1e-3);
  const warm = lb.fitLogisticRegression(x, 150, y, 3, { tol: 1e-6, maxIter: 2000 }, model);
  assert.ok(warm.nIter < model.nIter);
});

test('text and image features', () => {
  const f = lb.textFeatures(['the cat sat', 'the cat sat down', 'stock prices'], { hashBits: 10 });
  assert.equal(f.cols, 1024);
  assert.equal(f.data.length, 3 * 1024);
  const img = lb.imageFeatures(new Uint8Array([255, 0, 0, 255, 255, 255, 255, 255]), 2, 1);
  assert.equal(img.length, 128);
  near(img[48], 0.5);
});

test('labelling functions, LF analysis and the label model', () => {
  const lfs = [
    { kind: 'keywords', label: 1, keywords: ['money', 'prize'] },
    { kind: 'pattern', label: 1, pattern: 'http*://' },
    { kind: 'threshold', label: 0, field: 'length', threshold: 20, above: false },
  ];
  const texts = ['win money at https://x.y', 'moneybags', 'hi', 'a prize'];
  const m = lb.applyLabellingFunctions(lfs, texts,
    { metadata: [{ length: 24 }, { length: 9 }, { length: 2 }, null] });
  assert.deepEqual([...m.votes], [1, 1, -1, -1, -1, 0, -1, -1, 0, 1, -1, -1]);
  const a = lb.analyseLabellingFunctions([1, 1, -1, 0, 1, -1, -1, -1, 0, -1, -1, -1], 4, [1, 1, 0, -1]);
  near(a.lfs[0].coverage, 0.5);
  near(a.lfs[0].conflicts, 0.25);
  near(a.lfs[0].empiricalAccuracy, 0.5);
  near(a.labelCoverage, 0.75);
  const model = lb.fitLabelModel(m.votes, 4, 2);
  assert.equal(model.probs.length, 8);
  assert.ok(model.probs[1] > 0.5);  // point 0: two LFs say class 1
  assert.throws(() => lb.applyLabellingFunctions([{ kind: 'sql', label: 0 }], ['x']),
                (e) => e.code === 'InvalidArgument' && e.path === 'lfs[0].kind');
});

test('regular-expression labelling functions run in linear time and name a bad pattern', () => {
  const lf = { kind: 'regex', label: 1, pattern: String.raw`\b(?:refund|money back)\b|\$\d+` };
  const texts = ['I want a REFUND', 'refunded already', 'costs $25', 'Хочу money back!', 'a'.repeat(5000)];
  const m = lb.applyLabellingFunctions([lf, { kind: 'regex', label: 0, pattern: '(a*)*b' }], texts);
  // "(a*)*b" finds the b of "back"; on 5000 a's without a b it fails fast (no backtracking).
  assert.deepEqual([...m.votes], [1, -1, -1, -1, 1, -1, 1, 0, -1, -1]);
  assert.throws(() => lb.applyLabellingFunctions([lf, { kind: 'regex', label: 0, pattern: 'a**' }], texts),
                (e) => e.code === 'InvalidArgument' && e.path === 'lfs[1].pattern' && /character 1: multiple repeat/.test(e.message));
});

test('confident learning flags the hand-computed label issues', () => {
  const p = [0.9, 0.1, 0.8, 0.2, 0.2, 0.8, 0.1, 0.9, 0.3, 0.7, 0.7, 0.3];
  const r = lb.findLabelIssues(p, [0, 0, 0, 1, 1, 1]);
  assert.deepEqual([...r.issues], [2, 5]);
  assert.deepEqual([...r.confidentJoint], [2, 1, 1, 2]);
});

test('embeddings from a sidecar file of float32 values', () => {
  const values = new Float32Array([1, 2, 3, -4.5, 0, 6]);
  const m = lb.embeddingsFromBinary(new Uint8Array(values.buffer), 2);
  assert.equal(m.rows, 2);
  assert.equal(m.cols, 3);
  assert.deepEqual([...m.data], [1, 2, 3, -4.5, 0, 6]);
  assert.throws(() => lb.embeddingsFromBinary(values.subarray(0, 3), 2),
    (e) => e.code === 'InvalidFormat' && /12 bytes/.test(e.message));
  assert.throws(() => lb.embeddingsFromBinary(new Float32Array([1, NaN]), 2),
    (e) => e.code === 'OutOfRange' && e.path === 'embeddings[1][0]');
});
