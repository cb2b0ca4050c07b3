// The learning-only module (learning_module.js, localabel_learning.wasm) gives the same learning
// functions as the whole core, with the same results and the same errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadLocalabel, loadLocalabelLearning } from './load.mjs';

const full = await loadLocalabel();
const learn = await loadLocalabelLearning();

test('it has every learning function of the whole core and nothing else', () => {
  const names = Object.keys(learn).sort();
  assert.ok(names.length >= 10, names.join(', '));
  for (const n of names) assert.equal(typeof full[n], 'function', `the whole core has ${n}`);
  assert.equal(learn.parseProject, undefined, 'no project functions');
});

test('same features, model, probabilities, scores and label model as the whole core', () => {
  const texts = ['cheap pills, win money now', 'meeting moved to monday', 'win a prize today',
    'the report is attached', 'money back guarantee', 'lunch on friday?'];
  const y = [1, 0, 1, 0, 1, 0];
  const [a, b] = [full, learn].map((lb) => {
    const f = lb.textFeatures(texts, { hashBits: 8 });
    const m = lb.fitLogisticRegression(f.data, texts.length, y, 2, { c: 10, maxIter: 200, tol: 1e-6 });
    const p = lb.predictProba(m, f.data, texts.length);
    const s = lb.uncertaintyScores(p, texts.length, 'entropy');
    const lfs = [{ kind: 'keywords', label: 1, keywords: ['win', 'money'] }, { kind: 'regex', label: 0, pattern: '\\bmonday|friday\\b' }];
    const votes = lb.applyLabellingFunctions(lfs, texts);
    const lm = lb.fitLabelModel(votes.votes, texts.length, 2);
    return { f: [...f.data], w: [...m.weights], p: [...p], s: [...s], votes: [...votes.votes], lm: [...lm.probs] };
  });
  assert.deepEqual(b, a);
  assert.ok(a.s.some((v) => v > 0), 'the scores are not all zero');
});

test('errors are LocalabelErrors naming the place', () => {
  assert.throws(() => learn.uncertaintyScores([0.5, 1.5], 1, 'entropy'),
    (e) => e.name === 'LocalabelError' && e.code === 'OutOfRange' && e.path === 'probs[0][1]');
});
