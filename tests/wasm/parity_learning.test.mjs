// Parity of the learning, aggregation and gold functions with their reference libraries, through
// the wasm module and the JS API: the same cases as the native tests, each citing the
// reference's repository, file and test (see tests/core/weak_supervision/confident_learning_
// test.cpp, snorkel_parity_test.cpp and tests/core/aggregation/reference_examples_test.cpp for
// the derivations).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, loadLocalabelLearning, repo } from './load.mjs';

const lb = await loadLocalabel();
const near = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);
const throwsCode = (fn, code, pathName) => assert.throws(fn, (e) =>
  e.name === 'LocalabelError' && e.code === code && (pathName === undefined || e.path === pathName));

// cleanlab/cleanlab cleanlab/count.py compute_confident_joint: with two or more classes at
// their threshold (− 1e-6) the row counts for the overall argmax. Example A of
// confident_learning_test.cpp (TwoConfidentClassesCountTheOverallArgmax).
const probsA = [0.4, 0.3, 0.3, 0.2, 0.2, 0.6, 0.3, 0.4, 0.3, 0.3, 0.2, 0.5, 0.1, 0.1, 0.8, 0.31, 0.3, 0.39];
const labelsA = [0, 0, 1, 1, 2, 2];

test('cleanlab compute_confident_joint: several confident classes count the overall argmax', () => {
  const r = lb.findLabelIssues(probsA, labelsA);
  assert.deepEqual([...r.confidentJointRaw], [1, 0, 1, 1, 1, 0, 0, 0, 2]);
  assert.deepEqual([...r.confidentJoint], [1, 0, 1, 1, 1, 0, 0, 0, 2]);
  near(r.thresholds[2], 0.595, 1e-7);
  assert.deepEqual([...r.issues], [1, 3]);
  assert.deepEqual([...r.isIssue], [0, 1, 0, 1, 0, 0]);
  assert.equal(r.numLabelIssues, 2);
  assert.ok(r.selfConfidence instanceof Float64Array);
  for (const filterBy of ['prune_by_class', 'both', 'confident_learning', 'predicted_neq_given']) {
    assert.deepEqual([...lb.findLabelIssues(probsA, labelsA, { filterBy }).issues], [1, 3], filterBy);
  }
});

// cleanlab calibrate_confident_joint and filter.find_label_issues options: Example B of
// confident_learning_test.cpp (CalibratesTheJointAndAppliesEveryFilter).
const probsB = [0.9, 0.1, 0.8, 0.2, 0.6, 0.4, 0.3, 0.7, 0.4, 0.6, 0.2, 0.8, 0.7, 0.3, 0.5, 0.5];
const labelsB = [0, 0, 0, 0, 0, 1, 1, 0];

test('float64 probabilities keep their precision, Float32Array keeps float32', () => {
  const r64 = lb.findLabelIssues(Float64Array.from(probsA), labelsA);
  assert.equal(r64.thresholds[2], (0.8 + 0.39) / 2);
  assert.equal(r64.selfConfidence[5], 0.39);
  const r32 = lb.findLabelIssues(Float32Array.from(probsA), labelsA);
  assert.equal(r32.selfConfidence[5], Math.fround(0.39));
  assert.deepEqual([...r32.issues], [...r64.issues]);
  assert.equal(lb.labelQualityScores(probsA, labelsA, { method: 'normalized_margin' })[5], (0.39 - 0.31 + 1) / 2);
});

test('cleanlab calibration, frac_noise, min_examples_per_class and the low_* filters', () => {
  const r = lb.findLabelIssues(probsB, labelsB);
  assert.deepEqual([...r.confidentJointRaw], [3, 2, 1, 1]);
  assert.deepEqual([...r.confidentJoint], [4, 2, 1, 1]);
  assert.deepEqual([...r.issues], [3, 6, 4]);
  assert.deepEqual([...lb.findLabelIssues(probsB, labelsB, { minExamplesPerClass: 2 }).issues], [3, 4]);
  assert.deepEqual([...lb.findLabelIssues(probsB, labelsB, { fracNoise: 0.5 }).issues], [3]);
  const m = lb.findLabelIssues(probsB, labelsB, { filterBy: 'low_normalized_margin', rankBy: 'normalized_margin' });
  assert.deepEqual([...m.issues], [3, 6, 4]);
  near(m.quality[4], (0.4 - 0.6 + 1) / 2, 1e-7);
  throwsCode(() => lb.findLabelIssues(probsB, labelsB, { filterBy: 'prune' }), 'InvalidArgument', 'filter_by');
  throwsCode(() => lb.findLabelIssues(probsB, labelsB, { rankBy: 'margin' }), 'InvalidArgument', 'rank_by');
  throwsCode(() => lb.findLabelIssues(probsB, labelsB, { fracNoise: 0 }), 'InvalidArgument', 'frac_noise');
  throwsCode(() => lb.findLabelIssues(probsB, labelsB, { minExamplesPerClass: 1.5 }), 'InvalidArgument',
    'minExamplesPerClass');
});

test('cleanlab rank.py label-quality scores', () => {
  // p = (.25, .5, .25) given 0: self_confidence .25, normalized_margin .375, and
  // confidence_weighted_entropy log(s + 1) / s with s = 1.5 log 2 / log 3 / .25.
  const p = [0.25, 0.5, 0.25, 1, 0, 0];
  assert.deepEqual([...lb.labelQualityScores(p, [0, 0])], [0.25, 1]);
  near(lb.labelQualityScores(p, [0, 0], { method: 'normalized_margin' })[0], 0.375, 1e-12);
  const s = 1.5 * Math.log(2) / Math.log(3) / 0.25;
  near(lb.labelQualityScores(p, [0, 0], { method: 'confidence_weighted_entropy' })[0], Math.log(s + 1) / s, 1e-12);
  // adjust_pred_probs (_subtract_confident_thresholds).
  const adj = lb.labelQualityScores([0.75, 0.25, 0.5, 0.5], [0, 1], { adjustPredProbs: true });
  near(adj[0], 0.6, 1e-12);
  near(adj[1], 0.6, 1e-12);
});

// snorkel-team/snorkel test/labeling/test_analysis.py (TestAnalysis): L and Y.
const L = [
  -1, -1, 0, -1, -1, 0,
  -1, -1, -1, 2, -1, -1,
  2, -1, -1, -1, -1, 0,
  1, -1, 2, -1, 0, 0,
  -1, -1, -1, -1, -1, -1,
  1, -1, 0, 2, 1, 0,
];
const Y = [0, 1, 2, 0, 1, 2];

test('Snorkel LFAnalysis: test_lf_summary, normalised overlaps/conflicts, empirical probs', () => {
  const a = lb.analyseLabellingFunctions(L, 6, Y, { nClasses: 3 });
  near(a.labelCoverage, 5 / 6, 1e-12);
  near(a.labelOverlap, 4 / 6, 1e-12);
  near(a.labelConflict, 3 / 6, 1e-12);
  const acc = [1 / 3, 0, 1 / 3, 1 / 2, 1 / 2, 2 / 4];
  const correct = [1, 0, 1, 1, 1, 2];
  const incorrect = [2, 0, 2, 1, 1, 2];
  const ovlNorm = [1, 0, 1, 1 / 2, 1, 1];
  const conNorm = [1, 0, 2 / 3, 1, 1, 3 / 4];
  a.lfs.forEach((s, j) => {
    near(s.empiricalAccuracy, acc[j], 1e-12);  // the LF without votes: 0, Snorkel's nan_to_num
    assert.equal(s.correct, correct[j]);
    assert.equal(s.incorrect, incorrect[j]);
    near(s.overlapsNormalized, ovlNorm[j], 1e-12);
    near(s.conflictsNormalized, conNorm[j], 1e-12);
  });
  // test_lf_empirical_probs, LF 0: [[1/2, 1, 0], [0, 0, 0], [1/2, 0, 1/2], [0, 0, 1/2]].
  assert.equal(a.nClasses, 3);
  [0.5, 1, 0, 0, 0, 0, 0.5, 0, 0.5, 0, 0, 0.5].forEach((v, i) => near(a.lfs[0].empiricalProbs[i], v, 1e-12));
  assert.ok(Number.isNaN(lb.analyseLabellingFunctions(L, 6, Y, { undefinedAccuracyNaN: true }).lfs[1].empiricalAccuracy));
});

test('Snorkel MajorityLabelVoter.predict_proba: test_majority_label_vote and the docstring', () => {
  // test/labeling/model/test_baseline.py test_majority_label_vote.
  assert.deepEqual([...lb.majorityLabelVoter([0, 1, 0, 0, 1, 0, 1, 0, 0, -1, -1, 1], 4, 2)],
    [1, 0, 1, 0, 1, 0, 0, 1]);
  // snorkel/labeling/model/baselines.py docstring: ties split, all-abstain uniform.
  assert.deepEqual([...lb.majorityLabelVoter([0, 0, -1, -1, 0, 1, 1, -1, 0], 3, 2)], [1, 0, 0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual([...lb.majorityLabelVoter([-1, -1], 1, 4)], [0.25, 0.25, 0.25, 0.25]);
  throwsCode(() => lb.majorityLabelVoter([0, 3], 1, 3), 'OutOfRange', 'votes[0][1]');
});

// Toloka/crowd-kit tests/aggregation/test_ds_aggregation.py test_dawid_skene_step_by_step on
// the toy YSDA answers (tests/data/aggregation/toy_ysda.csv).
const toy = fs.readFileSync(path.join(repo, 'tests/data/aggregation/toy_ysda.csv'), 'utf8');

test('crowd-kit Dawid-Skene n_iter = 0 and 1 in one result each', () => {
  const t = lb.annotationsFromCsv(toy);
  const r0 = t.dawidSkene({ maxIterations: 0, tolerance: 0 });
  assert.equal(r0.iterations, 0);
  // probas_iter_0 (no, yes) and priors_iter_0.
  [0.5, 0.5, 0.4, 0.6, 0.6, 0.4, 0, 1, 0.8, 0.2].forEach((v, i) => near(r0.posteriors[i], v, 1e-12));
  near(r0.priors[0], 0.46, 1e-12);
  // errors_iter_0, w1: P(no | true no) = 0.22 (= 0.5 / 2.3), P(no | true yes) = 0.19.
  near(r0.confusion[0], 0.5 / 2.3, 1e-12);
  near(r0.confusion[2], 0.19, 0.005);
  const r1 = t.dawidSkene({ maxIterations: 1, tolerance: 0, refitAfterLastEStep: true });
  // probas_iter_1 t1 (0.35, 0.65), priors_iter_1 (0.49, 0.51), errors_iter_1 w2 P(no | no) 0.75.
  near(r1.posteriors[1], 0.65, 0.005);
  near(r1.priors[0], 0.49, 0.005);
  near(r1.confusion[4], 0.75, 0.005);
  const g = t.glad({ maxIterations: 0 });
  assert.equal(g.iterations, 0);
  assert.ok([...g.alphas].every((x) => x === 1));
  t.dispose();
});

test('the learning-only module gives the same confident learning', async () => {
  const learn = await loadLocalabelLearning();
  assert.deepEqual([...learn.findLabelIssues(probsA, labelsA).confidentJointRaw], [1, 0, 1, 1, 1, 0, 0, 0, 2]);
  assert.deepEqual([...learn.majorityLabelVoter([0, 0, -1], 1, 2)], [1, 0]);
});

// scikit-learn sklearn/metrics/tests/test_classification.py: test_precision_recall_f_ignored_labels
// and test_precision_recall_f_extra_labels; the precision_recall_fscore_support docstring's
// labels=['pig', 'dog', 'cat'].
test('scikit-learn labels=: ignored, extra and reordered labels', () => {
  const ign = lb.classificationReport([1, 1, 2, 3], [1, 3, 3, 3], { nLabels: 5, reportLabels: [1, 3] });
  assert.deepEqual(ign.classes.map((c) => c.recall), [0.5, 1]);
  near(ign.macro.recall, 0.75, 1e-12);
  near(ign.weighted.recall, 2 / 3, 1e-12);
  near(ign.micro.recall, 2 / 3, 1e-12);
  const extra = lb.classificationReport([1, 3, 3, 2], [1, 1, 3, 2], { reportLabels: [0, 1, 2, 3, 4] });
  assert.deepEqual(extra.classes.map((c) => c.recall), [0, 1, 1, 0.5, 0]);
  near(extra.macro.recall, 0.5, 1e-12);
  const t = lb.annotationsFromCsv('item,annotator,label\n1,ann,cat\n2,ann,pig\n3,ann,dog\n4,ann,cat\n5,ann,cat\n6,ann,dog\n');
  t.setGold('item,label\n1,cat\n2,dog\n3,pig\n4,cat\n5,dog\n6,pig\n');
  // The same docstring case on a table, labels by name.
  const [ann] = t.goldReport({ reportLabels: ['pig', 'dog', 'cat'] });
  assert.deepEqual(ann.classes.map((c) => c.label), ['pig', 'dog', 'cat']);
  near(ann.classes[2].precision, 2 / 3, 1e-12);
  assert.deepEqual(ann.classes.map((c) => c.support), [2, 2, 2]);
  const doc = lb.classificationReport([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { reportLabels: [2, 1, 0] });
  assert.deepEqual(doc.classes.map((c) => c.label), [2, 1, 0]);
  near(doc.classes[2].precision, 2 / 3, 1e-12);
  near(doc.classes[2].f1, 0.8, 1e-12);
  assert.throws(() => lb.classificationReport([0, 1], [0, 1], { reportLabels: [1, 1] }),
    (e) => e.code === 'InvalidArgument' && e.path === 'labels[1]');
  t.dispose();
});

// cleanlab/cleanlab cleanlab/multiannotator.py get_majority_vote_label: the tie-break chain on
// the hand-built case of reference_examples_test.cpp (MajorityVoteReference.CleanlabTieBreakChain).
test('cleanlab majority-vote tie-break chain', () => {
  const t = lb.annotationsFromCsv('item,annotator,label\n'
    + 'i1,a,x\ni1,b,x\ni1,c,y\ni2,a,y\ni2,b,y\ni2,d,x\ni3,b,z\ni3,c,z\ni3,d,z\ni4,a,x\ni4,b,x\ni4,d,x\n'
    + 't1,a,x\nt1,b,y\nt2,c,x\nt2,d,z\nt3,a,y\nt3,c,z\nt5,a,y\nt5,b,z\n');
  const predProbs = [0.4, 0.3, 0.3, 0.4, 0.3, 0.3, 0.4, 0.3, 0.3, 0.4, 0.3, 0.3,
    0.2, 0.7, 0.1, 0.4, 0.2, 0.4, 0.2, 0.4, 0.4, 0.2, 0.4, 0.4];
  const r = t.majorityVote({ ties: 'cleanlab', seed: 7, predProbs });
  assert.equal(r.ties, 4);
  assert.deepEqual([...r.labels].slice(0, 7), [0, 1, 2, 0, 1, 0, 1]);  // x y z x y x y
  assert.ok(r.labels[7] === 1 || r.labels[7] === 2);
  assert.equal(t.majorityVote({ ties: 'cleanlab' }).labels[4], 0);  // no model: frequency, x
  assert.throws(() => t.majorityVote({ ties: 'smallest', predProbs }),
    (e) => e.code === 'InvalidArgument' && e.path === 'pred_probs');
  t.dispose();
});

// scikit-learn sklearn/cluster/tests/test_k_means.py: test_kmeans_results (init array with
// sample_weight) and test_kmeans_relocated_clusters (an empty cluster relocated).
test('scikit-learn KMeans(init=array, n_init=1): test_kmeans_results and relocated clusters', () => {
  const x = [0, 0, 0.5, 0, 0.5, 1, 1, 1];
  const r = lb.kMeans(x, 4, { k: 2, maxIter: 300, initialCentres: [0, 0, 1, 1], sampleWeight: [3, 1, 1, 3],
    relocateEmptyClusters: true });
  assert.deepEqual([...r.assignment], [0, 0, 1, 1]);
  assert.deepEqual([...r.centres], [0.125, 0, 0.875, 1]);
  near(r.inertia, 0.375, 1e-9);
  assert.equal(r.iterations, 2);
  const rel = lb.kMeans(x, 4, { k: 2, maxIter: 300, initialCentres: [0.5, 0.5, 3, 3], relocateEmptyClusters: true });
  assert.equal(rel.iterations, 3);
  near(rel.inertia, 0.25, 1e-9);
  assert.deepEqual([...rel.centres], [0.75, 1, 0.25, 0]);
  assert.throws(() => lb.kMeans(x, 4, { k: 2, initialCentres: [0, 0, 1] }), (e) => e.code === 'LengthMismatch');
});

// Dawid & Skene 1979 count every rating when an observer rates an item several times: the
// constructed case of reference_examples_test.cpp (RepeatedRatingsCountAsDawidSkene1979),
// derived by hand from their equations 3.1, 2.3 and 2.5.
test('Dawid-Skene on repeated ratings counts every rating (Dawid & Skene 1979)', () => {
  const ratings = {
    item: [0, 0, 0, 0, 1, 1, 1], annotator: [0, 0, 0, 1, 0, 1, 1], label: [0, 0, 1, 1, 1, 1, 1],
  };
  const start = lb.dawidSkeneRatings(ratings, { maxIterations: 0, tolerance: 0 });
  assert.deepEqual([...start.posteriors], [0.5, 0.5, 0, 1]);
  near(start.priors[0], 0.25, 1e-15);
  const conf = [2 / 3, 1 / 3, 0.4, 0.6, 0, 1, 0, 1];
  conf.forEach((c, j) => near(start.confusion[j], c, 1e-15));
  const one = lb.dawidSkeneRatings(ratings, { maxIterations: 1, tolerance: 0 });
  near(one.posteriors[0], 125 / 368, 1e-12);
  near(one.posteriors[2], 5 / 32, 1e-12);
  near(one.logLikelihood, Math.log(1 / 27 + 9 / 125) + Math.log(1 / 12 + 9 / 20), 1e-12);
  // One rating per pair: the table's dawidSkene, field for field.
  const single = { item: [0, 0, 1, 1], annotator: [0, 1, 0, 1], label: [0, 1, 1, 1] };
  const t = lb.annotationsFromCsv('item,annotator,label\n0,a,0\n0,b,1\n1,a,1\n1,b,1\n');
  const byTable = t.dawidSkene();
  const byRatings = lb.dawidSkeneRatings(single);
  assert.deepEqual([...byRatings.posteriors], [...byTable.posteriors]);
  assert.deepEqual([...byRatings.confusion], [...byTable.confusion]);
  assert.equal(byRatings.iterations, byTable.iterations);
  t.dispose();
  throwsCode(() => lb.dawidSkeneRatings({ item: [0], annotator: [0], label: [2] }, { labels: 2 }),
    'OutOfRange', 'ratings[0].label');
  throwsCode(() => lb.dawidSkeneRatings({ item: [1], annotator: [0], label: [0] }, { labels: 2 }),
    'EmptyInput', 'items[0]');
  throwsCode(() => lb.dawidSkeneRatings({ item: [0, 1], annotator: [0], label: [0, 0] }),
    'LengthMismatch', 'ratings.annotator');
  assert.throws(() => lb.dawidSkeneRatings({ item: [0.5], annotator: [0], label: [0] }), RangeError);
});

// Table 1 of Dawid & Skene 1979 (tests/data/aggregation/dawid_skene_1979.csv: 45 patients,
// 5 anaesthetists, observer 1 three times): the start posteriors of their eq. 3.1 count all
// seven ratings of a patient, as in DawidSkene1979AnaesthesiaStartState.
test('Dawid-Skene 1979 anaesthesia table: start state and non-decreasing likelihood', () => {
  const rows = fs.readFileSync(path.join(repo, 'tests/data/aggregation/dawid_skene_1979.csv'), 'utf8')
    .trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  assert.equal(rows.length, 315);
  // Numeric codes: patient p, observer o and rating r have codes p - 1, o - 1, r - 1.
  const ratings = {
    item: rows.map((r) => r[0] - 1), annotator: rows.map((r) => r[1] - 1), label: rows.map((r) => r[2] - 1),
  };
  const r = lb.dawidSkeneRatings(ratings, { maxIterations: 0 });
  assert.equal(r.posteriors.length, 45 * 4);
  const p2 = [0, 0, 5 / 7, 2 / 7];
  const p3 = [3 / 7, 4 / 7, 0, 0];
  for (let k = 0; k < 4; k++) {
    near(r.posteriors[4 + k], p2[k], 1e-15);
    near(r.posteriors[8 + k], p3[k], 1e-15);
  }
  let previous = r.logLikelihood;
  for (const n of [1, 2, 5, 20]) {
    const ll = lb.dawidSkeneRatings(ratings, { maxIterations: n, tolerance: 0 }).logLikelihood;
    assert.ok(ll >= previous - 1e-9, `${n}: ${ll} < ${previous}`);
    previous = ll;
  }
});

// Uncertainty scores in float64 for a Float64Array: the values of the native
// UncertaintyScores.Float64KeepsDoublePrecision (tests/core/sampling/uncertainty_test.cpp);
// scipy.stats.entropy([0.5, 0.3, 0.2]) = 1.0296530140645737, as modAL's classifier_entropy.
test('uncertainty scores of a Float64Array are float64, of a Float32Array float32', async () => {
  const p = Float64Array.from([0.5, 0.3, 0.2, 1, 0, 0, 1 - 1e-9, 1e-9, 0]);
  const learn = await loadLocalabelLearning();
  for (const api of [lb, learn]) {
    const lc = api.uncertaintyScores(p, 3, 'leastConfidence');
    const mg = api.uncertaintyScores(p, 3, 'margin');
    const en = api.uncertaintyScores(p, 3, 'entropy');
    assert.ok(lc instanceof Float64Array && en instanceof Float64Array);
    assert.deepEqual([...lc.subarray(0, 2)], [0.5, 0]);
    assert.deepEqual([...mg.subarray(0, 2)], [0.5 - 0.3, 1]);
    near(en[0], 1.0296530140645737, 1e-12);
    near(lc[2], 1e-9, 1e-16);
    near(en[2], -(1 - 1e-9) * Math.log(1 - 1e-9) - 1e-9 * Math.log(1e-9), 1e-20);
    const s32 = api.uncertaintyScores(Float32Array.from(p), 3, 'leastConfidence');
    assert.ok(s32 instanceof Float32Array);
    assert.equal(s32[2], 0);
    throwsCode(() => api.uncertaintyScores(Float64Array.from([0.5, NaN]), 1), 'OutOfRange', 'probs[0][1]');
  }
});

// predictProba of Float64Array features is softmax(W x + b) in double: the model of the native
// LogisticRegression.PredictProbaOnFloat64FeaturesIsDouble (logistic_regression_test.cpp).
test('predictProba of Float64Array features is float64', async () => {
  const learn = await loadLocalabelLearning();
  const model = { nFeatures: 2, nClasses: 2, weights: [1, -1, 0, 2], intercept: [0.5, -0.5] };
  const x = Float64Array.from([0.1, 0.2, 0, 0]);
  for (const api of [lb, learn]) {
    const m = model;
    const p = api.predictProba(m, x, 2);
    assert.ok(p instanceof Float64Array);
    near(p[0], 1 / (1 + Math.exp(-0.5)), 1e-12);
    near(p[1], 1 / (1 + Math.exp(0.5)), 1e-12);
    near(p[2], 1 / (1 + Math.exp(-1)), 1e-12);
    const p32 = api.predictProba(m, Float32Array.from(x), 2);
    assert.ok(p32 instanceof Float32Array);
    for (let j = 0; j < 4; j++) near(p32[j], p[j], 1e-6);
    throwsCode(() => api.predictProba(m, Float64Array.from([1, 2, 3]), 1), 'LengthMismatch', 'features');
  }
});
