// The active-learning worker: its own instance of the core's learning part (learning_module.js,
// not the app's module), so that feature extraction and training never run on the page's
// thread.
//
// Messages in:
//   {type: 'init', ids: [task id], texts: [text], classes: [label name], hashBits?, embeddings?}
//     computes the TF-IDF features of every text once (hashed word 1-2-grams and char 3-5-grams),
//     or takes the tasks' own embeddings ({cols, data: N×cols numbers}) when the project has them,
//     or a sidecar file's ({name, bytes: float32 rows of every task, rows, pick: row of each text}).
//   {type: 'labels', labels: Int32Array (class index per task, -1 = unlabelled; transferred),
//    strategy, retrainEvery, force?}
//     retrains (warm start from the previous model) once `retrainEvery` labels arrived since the
//     last training (or at the first moment two classes are labelled, or when forced), and
//     re-ranks the unlabelled tasks when the strategy changed.
//   {type: 'lfs', version, lfs: [{label, keywords}], gold: Int32Array (this annotator's labels,
//    -1 = none)}: applies the keyword labelling functions to every text and analyses them
//    (Snorkel's LFAnalysis quantities: coverage, overlaps, conflicts, empirical accuracy on gold).
//   {type: 'lfApply', lfs}: fits the label model (one-coin Dawid-Skene over the functions'
//    votes) and returns its labels for the texts that got at least one vote.
// Messages out:
//   {type: 'progress', phase, message, progress (0..1), labelled, classes, features? (what it learns from)}
//   {type: 'result', retrains, probs: Float32Array N×K (transferred), order: Int32Array of
//    unlabelled task positions, first = label first (transferred), accuracy (null when not
//    estimated), accuracyMethod, labelled, classes, trainMs, nIter, strategy}
//   {type: 'lfResult', version, coverage, overlap, conflict, rows: [{label, coverage, conflicts,
//    accuracy (null without gold votes), correct, incorrect}]}
//   {type: 'lfPredictions', probs: Float32Array N×K, covered: Uint8Array N (transferred)}
//   {type: 'error', message}
//
// Held-out accuracy: stratified k-fold cross-validation on the labelled tasks (k = 5, fewer when
// the smallest class has fewer than 5 labels, at least 2): every labelled task is predicted by a
// model fitted without it, and the accuracy is the share predicted right. It is only estimated
// when at least two classes have two labels each; each fold is fitted from zero (no warm start
// from a model that saw the held-out tasks).
//
// Sharing the CPU with the page. On a machine with few cores the worker's training competes
// with the page's main thread and the GPU process (which draws the app's frames, in software
// where there is no GPU). A training is therefore done in slices (each fold's fit, the final
// fit and prediction, the queue order), and the worker sleeps for SLICE_PAUSE_MS between them,
// so the threads that draw frames get the CPU at least once per slice instead of waiting for a
// whole training. And when the features are computed (the page is loading), small fits and a
// prediction on made-up labels warm the engine up: the code of training is compiled to its
// optimised tier then, in the background, rather than during the first trainings while the
// annotator labels. (trainMs, the wall time of a training, includes the pauses.)
import { loadLearning } from './localabel/learning_module.js';
import { seededRandom as random } from './random.mjs'; // the random order, the folds

const apiReady = loadLearning();
const C = 10; // inverse L2 strength (scikit-learn's C) of the logistic regression
const FIT = { c: C, maxIter: 200, tol: 1e-4 };
const SLICE_PAUSE_MS = 8;
const WARM_UP_ROWS = 20;

let api = null;
let features = null; // {data: Float32Array N×D, rows, cols}
let featureKind = '';
let texts = null;
let classes = [];
let model = null;
let probs = null;
let retrains = 0;
let labelledAtTraining = 0;
let lastStrategy = null;
let lastLabels = null;

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

// Gives the CPU to the other threads for a moment (see the header).
function pause() {
  return new Promise((resolve) => setTimeout(resolve, SLICE_PAUSE_MS));
}

// The rows `indices` of a matrix ({data, cols}; the features by default), as one Float32Array.
function rowsOf(indices, matrix = features) {
  const d = matrix.cols;
  const out = new Float32Array(indices.length * d);
  indices.forEach((r, k) => out.set(matrix.data.subarray(r * d, (r + 1) * d), k * d));
  return out;
}

function countClasses(labels) {
  const counts = new Array(classes.length).fill(0);
  for (const y of labels) if (y >= 0) counts[y]++;
  return counts;
}


function shuffled(items, seed) {
  const out = items.slice();
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Stratified k-fold accuracy (see the header), one fold per slice. Resolves to
// {accuracy, folds} or null.
async function crossValidate(labelled, labels, report) {
  const counts = countClasses(labels);
  // Folds are dealt over the classes with two labels or more; a class with a single label is
  // kept in every training fold (there is nothing to test it against), so one rare class does
  // not switch the estimate off.
  const testable = counts.filter((c) => c >= 2);
  if (testable.length < 2) return null;
  const folds = Math.max(2, Math.min(5, Math.min(...testable)));
  // Each class's tasks dealt round-robin over the folds, in a seeded order.
  const fold = new Map();
  for (let c = 0; c < classes.length; c++) {
    if (counts[c] < 2) continue;
    const members = shuffled(labelled.filter((i) => labels[i] === c), 12345 + c);
    members.forEach((i, k) => fold.set(i, k % folds));
  }
  let right = 0;
  let tested = 0;
  for (let f = 0; f < folds; f++) {
    report(f / (folds + 1), `cross-validation fold ${f + 1} of ${folds}`);
    await pause();
    const train = labelled.filter((i) => fold.get(i) !== f);
    const test = labelled.filter((i) => fold.get(i) === f);
    const m = api.fitLogisticRegression(rowsOf(train), train.length, train.map((i) => labels[i]),
      classes.length, FIT);
    const p = api.predictProba(m, rowsOf(test), test.length);
    test.forEach((i, k) => {
      let best = 0;
      for (let c = 1; c < classes.length; c++) if (p[k * classes.length + c] > p[k * classes.length + best]) best = c;
      if (best === labels[i]) right++;
    });
    tested += test.length;
  }
  return { accuracy: right / tested, folds };
}

// Unlabelled task positions, label-first order, for `strategy`.
function queueOrder(strategy, labels) {
  const n = features.rows;
  const unlabelled = [];
  const labelled = [];
  for (let i = 0; i < n; i++) (labels[i] < 0 ? unlabelled : labelled).push(i);
  if (strategy === 'random') return Int32Array.from(shuffled(unlabelled, 777 + retrains));
  const measure = strategy === 'margin' ? 'margin' : strategy === 'least_confidence' ? 'leastConfidence' : 'entropy';
  const scores = api.uncertaintyScores(probs, n, measure);
  // Margin: smallest first; the others: largest first. Ties by the lower position.
  const sign = measure === 'margin' ? 1 : -1;
  const byScore = unlabelled.slice().sort((a, b) => sign * (scores[a] - scores[b]) || a - b);
  if (strategy !== 'hybrid' || labelled.length === 0) return Int32Array.from(byScore);
  // Hybrid: the first picks trade uncertainty against distance to the labelled tasks, then
  // the rest by entropy.
  const mask = new Uint8Array(n);
  for (const i of labelled) mask[i] = 1;
  const picks = api.uncertaintyDiversity(probs, features.data, n,
    { labelled: mask, k: Math.min(20, unlabelled.length), measure: 'entropy' });
  const seen = new Set(picks);
  return Int32Array.from([...picks, ...byScore.filter((i) => !seen.has(i))]);
}

// Small fits (from zero, then warm-started as a retraining is) and a prediction on made-up
// labels (every class in turn over the first rows), whose results are dropped: they only warm
// the engine up (see the header).
function warmUp() {
  const n = Math.min(WARM_UP_ROWS, features.rows);
  if (n < 2 || classes.length < 2) return;
  const rows = Array.from({ length: n }, (_, i) => i);
  const x = rowsOf(rows);
  const y = rows.map((i) => i % classes.length);
  const first = api.fitLogisticRegression(x, n, y, classes.length, FIT);
  const m = api.fitLogisticRegression(x, n, y.map((c) => (c + 1) % classes.length), classes.length, FIT, first);
  const p = api.predictProba(m, features.data, features.rows);
  api.uncertaintyScores(p, features.rows, 'entropy');
}

function sendResult(extra) {
  const p = probs.slice();
  const order = queueOrder(lastStrategy, lastLabels);
  post({ type: 'result', retrains, probs: p, order, strategy: lastStrategy, ...extra }, [p.buffer, order.buffer]);
}

async function onLabels({ labels, strategy, retrainEvery, force }) {
  const counts = countClasses(labels);
  const labelledCount = counts.reduce((a, b) => a + b, 0);
  const classCount = counts.filter((c) => c > 0).length;
  const progress = (value, message) => post({ type: 'progress', phase: 'training', message, progress: value,
    labelled: labelledCount, classes: classCount });
  const strategyChanged = strategy !== lastStrategy;
  lastStrategy = strategy;
  lastLabels = labels;
  const due = model === null ? classCount >= 2 : labelledCount - labelledAtTraining >= retrainEvery;
  if (!(due || (force && classCount >= 2))) {
    if (model !== null && strategyChanged) sendResult({ reranked: true, labelled: labelledCount, classes: classCount });
    else post({ type: 'progress', phase: model ? 'ready' : 'waiting', progress: model ? 1 : 0,
      message: model
        ? `next training after ${Math.max(0, labelledAtTraining + retrainEvery - labelledCount)} more labels`
        : 'needs labels of two classes', labelled: labelledCount, classes: classCount });
    return;
  }
  const t0 = performance.now();
  const labelled = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) labelled.push(i);
  const cv = await crossValidate(labelled, labels, progress);
  const folds = cv ? cv.folds : 0;
  progress(folds / (folds + 1), 'fitting on every label');
  await pause();
  const previous = model && model.nClasses === classes.length ? model : null;
  model = api.fitLogisticRegression(rowsOf(labelled), labelled.length, labelled.map((i) => labels[i]),
    classes.length, FIT, previous);
  await pause();
  probs = api.predictProba(model, features.data, features.rows);
  await pause();
  retrains++;
  labelledAtTraining = labelledCount;
  sendResult({
    accuracy: cv ? cv.accuracy : null,
    accuracyMethod: cv ? `stratified ${cv.folds}-fold cross-validation on ${labelledCount} labels`
      : 'needs two labels in each of two classes',
    labelled: labelledCount,
    classes: classCount,
    trainMs: performance.now() - t0,
    nIter: model.nIter,
  });
}

// Keyword lists as the core's labelling functions ('keywords': whole words or phrases, ASCII
// case-insensitive); empty lists are left out.
function keywordFunctions(lfs) {
  return lfs.map(({ label, keywords }) => ({
    name: classes[label], kind: 'keywords', label,
    keywords: keywords.split(',').map((w) => w.trim()).filter((w) => w.length > 0),
  })).filter((f) => f.keywords.length > 0);
}

function onLfs({ version, lfs, gold }) {
  if (!texts) throw new Error('labelling functions before the texts');
  const fns = keywordFunctions(lfs);
  if (fns.length === 0) {
    post({ type: 'lfResult', version, coverage: 0, overlap: 0, conflict: 0, rows: [] });
    return;
  }
  const m = api.applyLabellingFunctions(fns, texts);
  // An accuracy without judged votes stays unknown (NaN) here, not Snorkel's 0.
  const a = api.analyseLabellingFunctions(m.votes, m.nPoints, gold, { undefinedAccuracyNaN: true });
  post({
    type: 'lfResult', version, coverage: a.labelCoverage, overlap: a.labelOverlap, conflict: a.labelConflict,
    rows: a.lfs.map((r, i) => ({
      label: fns[i].label, coverage: r.coverage, conflicts: r.conflicts,
      accuracy: Number.isNaN(r.empiricalAccuracy) ? null : r.empiricalAccuracy, correct: r.correct, incorrect: r.incorrect,
    })),
  });
}

function onLfApply({ lfs }) {
  if (!texts) throw new Error('labelling functions before the texts');
  const fns = keywordFunctions(lfs);
  const n = texts.length;
  const covered = new Uint8Array(n);
  let probs = new Float32Array(n * classes.length);
  if (fns.length > 0) {
    const m = api.applyLabellingFunctions(fns, texts);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m.nLfs; j++) if (m.votes[i * m.nLfs + j] >= 0) covered[i] = 1;
    }
    probs = api.fitLabelModel(m.votes, n, classes.length).probs.slice();
  }
  post({ type: 'lfPredictions', probs, covered }, [probs.buffer, covered.buffer]);
}

let chain = Promise.resolve();
self.onmessage = (e) => {
  // Messages are handled one after the other, each after the module is ready.
  chain = chain.then(async () => {
    try {
      api ??= await apiReady;
      const m = e.data;
      if (m.type === 'init') {
        post({ type: 'progress', phase: 'loading', message: `features of ${m.texts.length} texts`, progress: 0,
          labelled: 0, classes: 0 });
        // The project's own embeddings when it has them (a sidecar file, or the tasks' data),
        // else TF-IDF of the texts.
        features = null;
        let why = m.embeddingsError;
        if (m.sidecar) {
          try {
            const all = api.embeddingsFromBinary(m.sidecar.bytes, m.sidecar.rows);
            features = { data: rowsOf(m.sidecar.pick, all), rows: m.sidecar.pick.length, cols: all.cols };
            featureKind = `embeddings from ${m.sidecar.name} (${all.cols} values)`;
          } catch (err) {
            why = `embeddings file ${m.sidecar.name}: ${err.message}`;
          }
        } else if (m.embeddings) {
          features = { data: Float32Array.from(m.embeddings.data), rows: m.texts.length, cols: m.embeddings.cols };
          featureKind = `task embeddings (${m.embeddings.cols} values)`;
        }
        if (!features) {
          features = api.textFeatures(m.texts, { hashBits: m.hashBits ?? 12 });
          featureKind = `TF-IDF of the texts${why ? ` (not the ${why})` : ''}`;
        }
        texts = m.texts;
        classes = m.classes;
        model = null;
        probs = null;
        retrains = 0;
        labelledAtTraining = 0;
        warmUp();
        post({ type: 'progress', phase: 'waiting', message: 'needs labels of two classes', progress: 0,
          labelled: 0, classes: 0, features: featureKind });
      } else if (m.type === 'lfs') {
        onLfs(m);
      } else if (m.type === 'lfApply') {
        onLfApply(m);
      } else if (m.type === 'labels') {
        if (!features) throw new Error('labels before the texts');
        await onLabels(m);
      }
    } catch (err) {
      post({ type: 'error', message: `${err?.name ?? 'Error'}: ${err?.message ?? err}` });
    }
  });
};
