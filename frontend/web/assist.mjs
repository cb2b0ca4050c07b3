// Active learning on the page's thread: feeds the learning worker (learning_worker.mjs) with
// the project's texts once and with this annotator's labels as they change, and hands the
// worker's results to the app without reloading the project: the queue order
// (la_set_queue_order), the pre-labels as predictions with a score (la_set_predictions) and
// the learner's status for the Model panel (la_set_model_status).
//
// The app is polled every `pollMs` through la_model_json, a small JSON (settings of the Model
// panel, an edit counter, the project's size); the labels (la_model_labels) are read only
// when the edit counter moved, and sent to the worker only when they differ. One message is
// in the worker at a time; newer labels replace older ones waiting to be sent. Labels travel
// as a transferred Int32Array, results come back as transferred typed arrays.

const encoder = new TextEncoder();

/**
 * Starts the loop for the app module `module` (the page's createLocalabelApp instance).
 * Returns {status(), results, stop()}: status is the learner's last report; results lists
 * every training or re-ranking as {retrains, reranked, strategy, queue (task ids), accuracy, at (ms)}.
 */
export function startAssist(module, { pollMs = 250, hashBits = 12, sidecar = null } = {}) {
  const readJson = (fn) => JSON.parse(module.UTF8ToString(fn()));
  const sendJson = (fn, value) => {
    const bytes = encoder.encode(JSON.stringify(value));
    const ptr = module._malloc(Math.max(1, bytes.length));
    try {
      module.HEAPU8.set(bytes, ptr);
      return fn(ptr, bytes.length);
    } finally {
      module._free(ptr);
    }
  };

  let worker = null;
  let project = ''; // size and first id of the project the worker has
  let ids = [];
  let position = new Map();
  let classes = [];
  let lastEdit = -1;
  let lastSettings = -1;
  let lastLabels = null;
  let pending = null; // labels for the worker, waiting for it to be free
  let pendingLf = null; // labelling functions to analyse
  let pendingApply = null; // labelling functions to apply (the label model's predictions)
  let lastLfKey = '';
  let lastApply = -1;
  let busy = false;
  let status = { phase: 'off', message: '', progress: 0, labelled: 0, classes: 0, retrains: 0, accuracy: null };
  const results = [];
  let handed = null; // the last {predictions, queue} given to the app

  const report = (update) => {
    status = { ...status, ...update };
    sendJson(module._la_set_model_status, {
      phase: status.phase, message: status.message, progress: status.progress, labelled: status.labelled,
      classes: status.classes, retrains: status.retrains, accuracy: status.accuracy,
      accuracy_method: status.accuracyMethod ?? '', train_ms: status.trainMs ?? 0, features: status.features ?? '',
      ...(update.lf ? { lf: update.lf } : {}),
    });
  };

  function flush() {
    if (busy || !worker) return;
    const message = pendingApply ?? pendingLf ?? pending;
    if (!message) return;
    if (message === pendingApply) pendingApply = null;
    else if (message === pendingLf) pendingLf = null;
    else pending = null;
    busy = true;
    const transfer = message.labels ? [message.labels.buffer] : message.gold ? [message.gold.buffer] : [];
    worker.postMessage(message, transfer);
  }

  // Gives the app the last results; a refusal (the project changed under them) is reported
  // once and the results are dropped.
  function hand() {
    const ok = sendJson(module._la_set_predictions, handed.predictions) === 0 &&
      sendJson(module._la_set_queue_order, handed.queue) === 0;
    if (!ok) {
      handed = null;
      report({ phase: 'error', message: 'the app refused the pre-labels or the queue order' });
    }
  }

  function applyResult(m) {
    const k = classes.length;
    const predictions = ids.map((id, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (m.probs[i * k + c] > m.probs[i * k + best]) best = c;
      return { task: id, label: classes[best], score: Math.min(1, Math.max(0, m.probs[i * k + best])) };
    });
    const queue = Array.from(m.order, (i) => ids[i]);
    handed = { predictions, queue };
    hand();
    results.push({ retrains: m.retrains, reranked: Boolean(m.reranked), strategy: m.strategy, queue,
      accuracy: m.accuracy ?? null, at: performance.now() });
    const update = { phase: 'ready', progress: 1, retrains: m.retrains, labelled: m.labelled, classes: m.classes };
    if (!m.reranked) {
      Object.assign(update, {
        message: `trained on ${m.labelled} labels (${m.nIter} iterations)`,
        accuracy: m.accuracy ?? null, accuracyMethod: m.accuracyMethod, trainMs: m.trainMs,
      });
    } else {
      update.message = `queue re-ordered by ${m.strategy}`;
    }
    report(update);
  }

  function onMessage(e) {
    const m = e.data;
    if (m.type === 'progress') {
      report({ phase: m.phase, message: m.message, progress: m.progress, labelled: m.labelled, classes: m.classes,
        ...(m.features ? { features: m.features } : {}) });
      if (m.phase !== 'training' && m.phase !== 'loading') busy = false;
    } else if (m.type === 'result') {
      applyResult(m);
      busy = false;
    } else if (m.type === 'lfResult') {
      report({ lf: { version: m.version, coverage: m.coverage, overlap: m.overlap, conflict: m.conflict, rows: m.rows } });
      busy = false;
    } else if (m.type === 'lfPredictions') {
      const k = classes.length;
      const predictions = [];
      for (let i = 0; i < ids.length; i++) {
        if (!m.covered[i]) continue;
        let best = 0;
        for (let c = 1; c < k; c++) if (m.probs[i * k + c] > m.probs[i * k + best]) best = c;
        predictions.push({ task: ids[i], label: classes[best], score: Math.min(1, Math.max(0, m.probs[i * k + best])) });
      }
      if (sendJson(module._la_set_predictions, { model_version: 'localabel-label-model', predictions }) !== 0) {
        report({ phase: 'error', message: 'the app refused the label model\'s predictions' });
      }
      status.lfApplied = predictions.length;
      busy = false;
    } else if (m.type === 'error') {
      report({ phase: 'error', message: m.message });
      busy = false;
    }
    flush();
  }

  // Reads the learner's data when the app's project changed (stopping the worker of the old
  // one), and starts the worker once it is wanted: a text task is shown or the Model panel is
  // open. A project that is never labelled as text never downloads the core module.
  let data = null;
  let starting = false; // fetching the sidecar file
  let sidecarFile; // undefined until fetched: {name, bytes} or {error}
  function syncProject(info) {
    const signature = `${info.tasks}:${info.first_task}`;
    if (signature !== project) {
      project = signature;
      worker?.terminate();
      worker = null;
      busy = false;
      pending = null;
      data = readJson(module._la_model_data);
      if (!data.set || data.tasks.length === 0) {
        data = null;
        report({ phase: 'off', message: 'no text tasks with a choice label set', progress: 0 });
        return;
      }
      report({ phase: 'idle', message: 'starts on a text task or with this panel', progress: 0, retrains: 0, accuracy: null });
    }
    if (worker || starting || !data || !(info.text_task_shown || info.open)) return;
    // A sidecar file of embeddings is fetched first (once); without one the worker starts now.
    if (sidecar && sidecarFile === undefined) {
      starting = true;
      sidecar().then((f) => { sidecarFile = f; }, (e) => { sidecarFile = { error: `${e?.message ?? e}` }; })
        .finally(() => { starting = false; });
      return;
    }
    ids = data.tasks.map((t) => t.id);
    position = new Map(ids.map((id, i) => [id, i]));
    classes = data.set.labels;
    worker = new Worker(new URL('./learning_worker.mjs', import.meta.url), { type: 'module' });
    worker.onmessage = onMessage;
    worker.onerror = (e) => {
      report({ phase: 'error', message: `the learning worker failed: ${e.message ?? e}` });
      busy = false;
    };
    busy = true;
    pendingLf = null;
    pendingApply = null;
    lastLfKey = '';
    const side = sidecarFile?.bytes
      ? { name: sidecarFile.name, bytes: sidecarFile.bytes, rows: data.total, pick: data.tasks.map((t) => t.index) }
      : null;
    const sideError = sidecarFile?.error ? `embeddings file ${sidecarFile.error}` : null;
    worker.postMessage({ type: 'init', ids, texts: data.tasks.map((t) => t.text), classes, hashBits,
      embeddings: data.embeddings ?? null, sidecar: side,
      embeddingsError: sideError ?? data.embeddings_error ?? null });
    data = null;  // the worker has the texts now
    lastLabels = null;
    lastEdit = -1;
    handed = null;
    report({ phase: 'loading', message: `features of ${ids.length} texts`, progress: 0, retrains: 0, accuracy: null });
  }

  function poll() {
    const info = readJson(module._la_model_json);
    syncProject(info);
    if (!worker) return;
    // The project was loaded again with the same tasks (a sync merge): give the results back.
    if (handed && !info.predictions_present) hand();
    // Labelling functions: analysed again when they or the labels change; applied on request.
    const lfs = info.lfs.map(([label, keywords]) => ({ label, keywords }));
    const lfKey = `${info.lf_version}/${info.edit_version}`;
    if (info.lf_apply !== lastApply) {
      if (lastApply >= 0) pendingApply = { type: 'lfApply', lfs };
      lastApply = info.lf_apply;
    } else if (lfKey !== lastLfKey && (lfs.length > 0 || info.lf_version > 0)) {
      lastLfKey = lfKey;
      const gold = new Int32Array(ids.length).fill(-1);
      for (const [id, c] of JSON.parse(module.UTF8ToString(module._la_model_labels()))) {
        const i = position.get(id);
        if (i !== undefined) gold[i] = c;
      }
      pendingLf = { type: 'lfs', version: info.lf_version, lfs, gold };
    }
    flush();
    const settingsChanged = info.settings_version !== lastSettings;
    if (info.edit_version === lastEdit && !settingsChanged) return;
    lastEdit = info.edit_version;
    lastSettings = info.settings_version;
    const text = module.UTF8ToString(module._la_model_labels());
    if (text === lastLabels && !settingsChanged) return;
    lastLabels = text;
    const labels = new Int32Array(ids.length).fill(-1);
    for (const [id, c] of JSON.parse(text)) {
      const i = position.get(id);
      if (i !== undefined) labels[i] = c;
    }
    pending = { type: 'labels', labels, strategy: info.strategy, retrainEvery: info.retrain_every };
    flush();
  }

  const timer = setInterval(() => {
    try {
      poll();
    } catch (e) {
      report({ phase: 'error', message: `${e?.message ?? e}` });
    }
  }, pollMs);
  poll();

  return {
    status: () => ({ ...status }),
    results,
    stop() {
      clearInterval(timer);
      worker?.terminate();
      worker = null;
    },
  };
}
