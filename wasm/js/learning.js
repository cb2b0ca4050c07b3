// The learning part of the facade: features, the in-browser learner, active-learning
// sampling, diversity, weak supervision and label-error detection. Types: learning.d.ts.
//
// Matrices are flat row-major Float32Arrays with their row count; the column count is derived
// (data.length / rows) unless given.

function asF32(a) {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

// Probabilities for the label-error functions: a Float32Array stays float32 (big matrices),
// anything else (Float64Array, plain numbers) goes in as float64.
function asProbs(a) {
  return a instanceof Float32Array || a instanceof Float64Array ? a : Float64Array.from(a);
}

function colsOf(data, rows, what) {
  if (!Number.isInteger(rows) || rows <= 0) {
    return 0;  // the core reports the empty or mis-shaped matrix
  }
  const cols = data.length / rows;
  if (!Number.isInteger(cols)) {
    throw new RangeError(`${what}: ${data.length} values are not a multiple of ${rows} rows`);
  }
  return cols;
}

const MEASURES = new Set(['leastConfidence', 'margin', 'entropy']);

export function learningApi({ core, unwrap }) {
  const api = {
    uncertaintyScores(probs, rows, measure = 'entropy') {
      const p = probs instanceof Float64Array ? probs : asF32(probs);
      return unwrap(core.learning_uncertainty_scores(p, rows, colsOf(p, rows, 'probs'), measure));
    },

    selectUncertain(probs, rows, { measure = 'entropy', k, exclude = null } = {}) {
      const p = asF32(probs);
      return unwrap(core.learning_select_uncertain(
          p, rows, colsOf(p, rows, 'probs'), measure, k, exclude ? Uint8Array.from(exclude) : null));
    },

    committeeDisagreement(memberProbs, rows, measure = 'voteEntropy') {
      const members = memberProbs.map(asF32);
      const cols = members.length ? colsOf(members[0], rows, 'members[0]') : 0;
      return unwrap(core.learning_committee_disagreement(members, rows, cols, measure));
    },

    expectedGradientLength(probs, features, rows) {
      const p = asF32(probs);
      const f = asF32(features);
      return unwrap(core.learning_expected_gradient_length(
          p, f, rows, colsOf(p, rows, 'probs'), colsOf(f, rows, 'features')));
    },

    kCenterGreedy(features, rows, { k, initialCentres = [] } = {}) {
      const f = asF32(features);
      return unwrap(core.learning_kcenter_greedy(
          f, rows, colsOf(f, rows, 'features'), k, Int32Array.from(initialCentres)));
    },

    kMeans(features, rows, {
      k, seed = 0, maxIter = 20, initialCentres = null, sampleWeight = null,
      relocateEmptyClusters = false, tol = 1e-4,
    } = {}) {
      const f = asF32(features);
      return unwrap(core.learning_kmeans(f, rows, colsOf(f, rows, 'features'), k, seed, maxIter,
          initialCentres ? asF32(initialCentres) : null,
          sampleWeight ? Float64Array.from(sampleWeight) : null, !!relocateEmptyClusters, tol));
    },

    coldStart(features, rows, { k, seed = 0, hintLabels = null } = {}) {
      const f = asF32(features);
      return unwrap(core.learning_cold_start(
          f, rows, colsOf(f, rows, 'features'), k, seed,
          hintLabels ? Int32Array.from(hintLabels) : null));
    },

    rankedBatch(probs, features, rows, { labelled, k }) {
      const p = asF32(probs);
      const f = asF32(features);
      return unwrap(core.learning_ranked_batch(
          p, f, rows, colsOf(p, rows, 'probs'), colsOf(f, rows, 'features'),
          Uint8Array.from(labelled), k));
    },

    uncertaintyDiversity(probs, features, rows, { labelled, k, measure = 'entropy' }) {
      if (!MEASURES.has(measure)) throw new RangeError(`unknown measure ${measure}`);
      const p = asF32(probs);
      const f = asF32(features);
      return unwrap(core.learning_uncertainty_diversity(
          p, f, rows, colsOf(p, rows, 'probs'), colsOf(f, rows, 'features'),
          Uint8Array.from(labelled), measure, k));
    },

    fitLogisticRegression(features, rows, labels, nClasses, options = {}, warmStart = null) {
      const f = asF32(features);
      return unwrap(core.learning_fit_logistic_regression(
          f, rows, colsOf(f, rows, 'features'), Int32Array.from(labels), nClasses, options,
          warmStart));
    },

    predictProba(model, features, rows) {
      const f = features instanceof Float64Array ? features : asF32(features);
      return unwrap(core.learning_predict_proba(model, f, rows, colsOf(f, rows, 'features')));
    },

    textFeatures(texts, { hashBits = 12 } = {}) {
      return unwrap(core.learning_text_features(texts, hashBits));
    },

    embeddingsFromBinary(bytes, rows) {
      const view = bytes instanceof Uint8Array ? bytes
        : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
          : new Uint8Array(bytes);
      return unwrap(core.learning_embeddings_from_binary(view, rows));
    },

    imageFeatures(rgba, width, height) {
      return unwrap(core.learning_image_features(
          rgba instanceof Uint8Array ? rgba : Uint8Array.from(rgba), width, height));
    },

    applyLabellingFunctions(lfs, texts, { metadata = null, modelProbs = null } = {}) {
      const probs = modelProbs ? asF32(modelProbs) : null;
      const cols = probs ? colsOf(probs, texts.length, 'modelProbs') : 0;
      return unwrap(core.learning_apply_lfs(lfs, texts, metadata, probs, cols));
    },

    analyseLabellingFunctions(votes, nPoints, gold = null,
                              { nClasses = 0, undefinedAccuracyNaN = false } = {}) {
      return unwrap(core.learning_analyse_lfs(
          Int32Array.from(votes), nPoints, gold ? Int32Array.from(gold) : null, nClasses,
          !!undefinedAccuracyNaN));
    },

    majorityLabelVoter(votes, nPoints, cardinality) {
      return unwrap(core.learning_majority_label_voter(Int32Array.from(votes), nPoints, cardinality));
    },

    fitLabelModel(votes, nPoints, nClasses, { maxIter = 100, tol = 1e-6 } = {}) {
      return unwrap(core.learning_fit_label_model(
          Int32Array.from(votes), nPoints, nClasses, maxIter, tol));
    },

    findLabelIssues(probs, labels, {
      filterBy = 'prune_by_noise_rate', rankBy = 'self_confidence', fracNoise = 1,
      minExamplesPerClass = 1,
    } = {}) {
      const p = asProbs(probs);
      const rows = labels.length;
      return unwrap(core.learning_find_label_issues(
          p, rows, colsOf(p, rows, 'probs'), Int32Array.from(labels), filterBy, rankBy, fracNoise,
          minExamplesPerClass));
    },

    labelQualityScores(probs, labels, { method = 'self_confidence', adjustPredProbs = false } = {}) {
      const p = asProbs(probs);
      const rows = labels.length;
      return unwrap(core.learning_label_quality_scores(
          p, rows, colsOf(p, rows, 'probs'), Int32Array.from(labels), method, !!adjustPredProbs));
    },
  };
  return api;
}
