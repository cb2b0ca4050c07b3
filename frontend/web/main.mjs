// The page: creates the app module, hands it the font, the project and its images, keeps
// every edit in IndexedDB, and (when the user configures it) syncs with shared storage.
//   index.html?project=<url of a Label Studio JSON task list>&labels=<label config url>
//   index.html?local=<id>: a project made in the page ("New project…"), kept in IndexedDB
// Defaults: the bundled example project. With sync off, the page requests nothing but its
// own files, the project, the label configuration and the images the project refers to;
// the sync and core modules are loaded only once sync is configured.
import createLocalabelApp from './localabel_app.mjs';
import { loadImageInto } from './images.mjs';
import { openEventLog } from './events.mjs';
import { loadSettings, needsUser, pausedText, problems, saveSettings } from './sync_settings.mjs';
import { createSyncPanel } from './sync_panel.mjs';
import { fileBlob, imageSource, loadLocalProject, localBase, saveLocalProject } from './local_projects.mjs';

const params = new URLSearchParams(location.search);
// Relative to the page, so that the built folder works from any host and path.
const defaultProject = 'examples/demo/project.json';
const localId = params.get('local');
let projectUrl = new URL(localId ? localBase(localId) : params.get('project') ?? defaultProject, location.href);
const labelsParam = params.get('labels') ?? (params.has('project') || localId ? null : 'examples/demo/labels.json');
const labelsUrl = labelsParam ? new URL(labelsParam, location.href) : null;

/** A project that could not be opened: why (`text`), and the ways forward. */
function showOpenProblem(text) {
  showMessage(`${text} Make a project from your files with "New project…" (bottom right), or `);
  const example = document.createElement('a');
  example.href = location.pathname;
  example.textContent = 'open the example project';
  example.style.color = '#fff';
  document.getElementById('message').append(example, '.');
}

function showMessage(text) {
  const el = document.getElementById('message');
  el.textContent = text;
  el.style.display = text ? 'block' : 'none';
}

async function fetchBytes(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch {
    // The browser tells nothing more: say what the usual causes are.
    throw new Error(`Could not load ${what} from ${url}: the server cannot be reached, or it does not let this page read the file (no CORS header for this page's origin).`);
  }
  if (!response.ok) {
    const why = response.status === 404 ? 'there is no file at that address' : `the server answered ${response.status} ${response.statusText}`.trim();
    throw new Error(`Could not load ${what} from ${url}: ${why} (HTTP ${response.status}).`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

// Copies bytes into the module's memory; returns the pointer (free with module._free).
function toHeap(module, bytes) {
  const ptr = module._malloc(Math.max(1, bytes.length));
  module.HEAPU8.set(bytes, ptr);
  return ptr;
}

function callWithBytes(module, fn, bytes) {
  const ptr = toHeap(module, bytes);
  try {
    return fn(ptr, bytes.length);
  } finally {
    module._free(ptr);
  }
}

const utf8 = (text) => new TextEncoder().encode(text);
const utf8Text = (bytes) => new TextDecoder().decode(bytes);

// The sync panel and the Ctrl+, key. These listeners are installed before the app module
// adds its own (window, capture phase), so keys typed into the panel never reach the app.
const dialog = document.getElementById('sync-dialog');
let panel = null;
let guidelines = null; // the guidelines panel (guidelines.mjs), Ctrl+G
for (const type of ['keydown', 'keypress', 'keyup']) {
  addEventListener(type, (e) => {
    if (type === 'keydown' && e.ctrlKey && !e.altKey && (e.key === ',' || e.code === 'Comma')) {
      e.preventDefault();
      e.stopImmediatePropagation();
      panel?.open();
      return;
    }
    if (type === 'keydown' && e.ctrlKey && !e.altKey && e.code === 'KeyG') {
      e.preventDefault();
      e.stopImmediatePropagation();
      guidelines?.open();
      return;
    }
    if (e.target instanceof Element && e.target.closest('dialog')) {
      e.stopImmediatePropagation();
      return;
    }
    // Shortcuts reach the app only while its canvas has the focus: keys typed after a click on
    // the bar or beside a text field edit nothing. Releases always pass (no key stays down).
    if (type !== 'keyup' && document.activeElement !== canvasElement) {
      e.stopImmediatePropagation();
      if (type === 'keydown') keysPaused(e);
    }
  }, true);
}
const canvasElement = document.getElementById('canvas');
const focusHint = document.getElementById('focus-hint');
let focusHintTimer = 0;
/** A key typed while the canvas has no focus: say so, and give Esc back to the canvas. */
function keysPaused(e) {
  if (e.key === 'Escape' && !(e.target instanceof Element && e.target.closest('input, textarea, select, [contenteditable]'))) {
    canvasElement.focus();
    return;
  }
  if (e.target instanceof Element && e.target.closest('input, textarea, select, [contenteditable]')) return;
  focusHint.hidden = false;
  clearTimeout(focusHintTimer);
  focusHintTimer = setTimeout(() => { focusHint.hidden = true; }, 4000);
}
canvasElement.addEventListener('focus', () => { focusHint.hidden = true; });
// A project is swapped under the app only between gestures (see apply()).
let pointerDown = false;
addEventListener('pointerdown', () => { pointerDown = true; }, true);
addEventListener('pointerup', () => { pointerDown = false; }, true);

function renderSyncStatus({ state, text }) {
  document.getElementById('sync-now').hidden = state === 'off' || state === 'paused';
  const el = document.getElementById('sync-status');
  el.textContent = text;
  el.dataset.state = state;
  el.title = text;
}

/**
 * Adds the other annotators' merged annotations (MergedExport.annotations of sync.d.ts) to a
 * Label Studio task list: one annotation per (task, annotator), completed_by the annotator
 * id, with its live regions; deleted regions stay in storage, not in the view.
 */
function composeProject(baseText, others) {
  if (!others.length) return baseText;
  const project = JSON.parse(baseText);
  const tasks = Array.isArray(project) ? project : project.tasks;
  const byId = new Map(tasks.map((t) => [String(t.id), t]));
  for (const a of others) {
    const task = byId.get(a.task);
    if (!task) continue;
    const annotation = {
      id: `${a.annotator}/${a.task}`,
      completed_by: a.annotator,
      result: a.regions.filter((r) => r.deleted_seq === undefined).map((r) => r.value),
    };
    if (a.status !== 'draft') annotation.was_cancelled = a.status === 'skipped';
    if (a.lead_time !== undefined) annotation.lead_time = a.lead_time;
    (task.annotations ??= []).push(annotation);
  }
  return JSON.stringify(project);
}

async function main() {
  const canvas = document.getElementById('canvas');
  let module;
  // The open project and its edit log. Local: the project from the page's URL, log named
  // after it. Sync: project.json of the storage, log named after the storage and annotator.
  //   {name, logReady, records: texts of every stored edit in order, baseText: the project
  //    without this browser's edits, baseUrl, others: other annotators' merged annotations,
  //    sync: SyncSession or null}
  let session = null;
  let inflight = 0; // edits handed to IndexedDB and not yet committed
  const onImageRequest = (taskIndex, url) => {
    // Images of a project made in the page are read from IndexedDB (local_projects.mjs).
    let release = () => {};
    imageSource(url, session?.baseUrl ?? projectUrl.href).then((source) => {
      release = source.release;
      // Large images go over as an overview and tiles cut on request (images.mjs).
      return loadImageInto(module, taskIndex, source.url);
    }).then(() => {
      release();
    }).catch((e) => {
      release();
      const text = utf8(`${e.message}\0`);
      callWithBytes(module, (ptr) => module._la_image_failed(taskIndex, ptr), text);
    });
  };
  // Edits are appended to IndexedDB; the app counts one as saved only when its write has
  // committed. A failure is shown on the page and reported to the app (never swallowed).
  // With sync on, each committed edit is then forwarded to the upload queue.
  const storeErrors = [];
  const onStoreEvent = (seq, text) => {
    const s = session;
    inflight++;
    s.logReady.then((log) => log.append(seq, text)).then(
      () => {
        inflight--;
        s.records.push(text);
        module._la_event_stored(seq);
        s.sync?.forward();
      },
      (e) => {
        inflight--;
        const message = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
        storeErrors.push(message);
        showMessage(`Edit ${seq} was NOT saved (${message})`);
        callWithBytes(module, (ptr) => module._la_event_store_failed(seq, ptr), utf8(`${message}\0`));
      });
  };
  const onDownload = (name, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  const stored = localId ? await loadLocalProject(localId) : null;
  // A project that cannot be read still opens the app (empty), with a sentence saying why and
  // what to do, so the page stays usable: New project…, the example, another address.
  let openError = null;
  const orEmpty = (promise) => promise.catch((e) => {
    openError ??= e;
    return null;
  });
  const [fontBytes, projectFetched, labelFetched] = await Promise.all([
    fetchBytes(new URL('fonts/DejaVuSans.ttf', import.meta.url), 'the font'),
    stored ? utf8(stored.projectText) : orEmpty(fetchBytes(projectUrl, 'the project')),
    stored?.labelsText ? utf8(stored.labelsText) : labelsUrl ? orEmpty(fetchBytes(labelsUrl, 'the label configuration')) : Promise.resolve(null),
  ]);
  const projectBytes = openError ? utf8('[]') : projectFetched;
  const labelBytes = openError ? null : labelFetched;
  // The project this page opened itself (published to storage when sync starts on an empty one).
  // `from`: the first record of the local log made on this project (earlier ones belong to the
  // project the page opened before window.localabel.loadProject replaced it).
  const localProject = { text: utf8Text(projectBytes), labels: labelBytes ? utf8Text(labelBytes) : null, from: 0 };
  module = await createLocalabelApp({ canvas, onImageRequest, onStoreEvent, onDownload });
  // The font stays in wasm memory for the module's lifetime (the atlas reads it).
  const fontPtr = toHeap(module, fontBytes);
  if (module._la_start(fontPtr, fontBytes.length) !== 0) throw new Error('WebGL2 is not available');
  if (labelBytes) callWithBytes(module, module._la_load_label_config, labelBytes);
  // The page's bar covers the right end of the app's status bar: the app keeps its text clear.
  const bar = document.getElementById('sync-bar');
  new ResizeObserver(() => module._la_set_page_bar_width(bar.getBoundingClientRect().width + 8)).observe(bar);

  function state() {
    return module.UTF8ToString(module._la_state_json());
  }

  // Shows a session: its project with the other annotators' annotations, then this browser's
  // own edits replayed from its log on top.
  //
  // Why load + replay instead of patching the app's state: the app's own annotation (and its
  // undo/redo stacks) is rebuilt only by replaying the log, and the log is exactly what this
  // browser has acknowledged, so the result is exact by construction: others' work as the
  // core merged it from storage, plus every local edit (uploaded or not) in its order, with
  // the undo history of every task. Our own annotator's events in storage are not added
  // again from the merge (they are the same edits as the log). It runs synchronously, only
  // when no edit is on its way to IndexedDB and no mouse button is held, so no edit can fall
  // between the log being read and the replay. The app stays on the task (and annotation)
  // shown and counts each logged edit once (la_reload_project). What it costs: images are
  // decoded again; it runs only when the others' work changed.
  let applyTimer = null;
  function apply() {
    clearTimeout(applyTimer);
    applyTimer = null;
    const busy = inflight > 0 || pointerDown || JSON.parse(state()).polygon_draft > 0;
    if (busy) {
      applyTimer = setTimeout(apply, 100);
      return false;
    }
    const composed = utf8(composeProject(session.baseText, session.others));
    // Every record of this browser's log is this browser's annotator's edit (records made
    // before sync started, or before the annotator was set, carry the default id).
    const annotator = session.annotator ?? 'me';
    const records = utf8(`[${session.records.map((t) => {
      const r = JSON.parse(t);
      if (r?.event) r.event.annotator = annotator;
      return JSON.stringify(r);
    }).join(',')}]`);
    callWithBytes(module, module._la_set_annotator, utf8(`${annotator}\0`));
    const ok = callWithBytes(module, (p) => callWithBytes(module, (r) => module._la_reload_project(p, composed.length, r, records.length), records), composed);
    if (ok === 1 && JSON.parse(state()).status.startsWith('Could not open')) {
      showOpenProblem(`${JSON.parse(state()).status.replace(/^Could not open the project: /, `Could not open the project ${projectUrl.href}: `)}.`);
      return false;
    }
    return true;
  }

  // Replaces the session; resolves once the new project is shown.
  async function switchSession(next, { carry = null } = {}) {
    next.logReady = openEventLog(next.name);
    next.records = await next.logReady.then((log) => log.all()).catch((e) => {
      showMessage(`Edits cannot be saved or restored: ${e?.name ?? 'Error'}: ${e?.message ?? e}`);
      return [];
    });
    if (carry?.length && next.records.length === 0) {
      // The project this browser worked on becomes the shared one: its edits go along.
      const log = await next.logReady;
      for (const text of carry) await log.append(JSON.parse(text).event.seq, text);
      next.records = [...carry];
    }
    if (next.labels) callWithBytes(module, module._la_load_label_config, utf8(next.labels));
    while (inflight > 0 || pointerDown) await new Promise((r) => setTimeout(r, 50));
    const previous = session;
    session = next;
    apply();
    if (previous?.sync && previous.sync !== next.sync) await previous.sync.close();
  }

  function localSession() {
    return { name: `localabel-events:${projectUrl.href}`, baseText: localProject.text, baseUrl: projectUrl.href, others: [], sync: null, local: true };
  }

  // Starts syncing with `settings` (complete); rejects with a plain message.
  async function startSync(settings) {
    const { SyncSession } = await import('./sync_session.mjs');
    let ss;
    ss = new SyncSession(settings, {
      records: () => (session?.sync === ss ? session.records : []),
      onOthers: (others) => {
        if (session?.sync !== ss) return;
        session.others = others;
        apply();
      },
      onStatus: (st) => {
        if (session?.sync === ss) renderSyncStatus(st);
      },
    });
    renderSyncStatus({ state: 'pending', text: 'Connecting…' });
    // One client per queue at a time: the running one stops before the new one opens it.
    if (session?.sync) {
      await session.sync.close();
      session.sync = null;
    }
    try {
      await ss.open();
      const project = await ss.project({ text: localProject.text, labels: localProject.labels, baseUrl: projectUrl.href });
      const carry = session?.local && project.published ? session.records.slice(localProject.from) : null;
      await switchSession(
        { name: SyncSession.logName(settings), baseText: project.text, baseUrl: location.href, labels: project.labels, others: ss.cachedOthers(), sync: ss, annotator: settings.annotator },
        { carry },
      );
      ss.start();
    } catch (e) {
      await ss.close();
      renderSyncStatus({ state: 'error', text: `Sync error: ${e.message}` });
      // retryable: the storage could not be reached (worth trying again later).
      throw Object.assign(new Error(`Sync could not start: ${e.message}`), { retryable: e?.retryable === true });
    }
  }

  // When the storage cannot be reached as sync starts, the page stays usable (edits are kept
  // in this browser) and sync starts as soon as it can: tried again with backoff (5 s, doubling
  // up to 60 s) until it starts or other settings are saved.
  let retrying = null;
  async function keepTrying(settings, error) {
    const { SyncSession } = await import('./sync_session.mjs');
    retrying?.stop();
    const r = SyncSession.retryOpen(async () => {
      if (retrying !== r) return;
      await startSync(settings);
      retrying = null;
      showMessage('');
    }, {
      onWait: (e, ms) => {
        if (retrying !== r) return;
        renderSyncStatus({ state: 'retrying', text: `${e.message}. Trying again in ${Math.round(ms / 1000)} s; your edits are kept in this browser.` });
      },
    });
    retrying = r;
    r.begin(error);
  }
  // The folder picker of the File System Access API (null where the browser has none).
  let pickFolder = typeof window.showDirectoryPicker === 'function'
    ? () => window.showDirectoryPicker({ id: 'localabel-sync', mode: 'readwrite' })
    : null;

  async function stopSync() {
    if (!session?.local) await switchSession(localSession());
    renderSyncStatus({ state: 'off', text: 'Sync off' });
  }

  // Bundles (bundle.mjs): loaded, with the core, only when the user asks for one.
  async function downloadBundle() {
    const { logSegments, makeBundle, absolutizeProject } = await import('./bundle.mjs');
    let objects;
    if (session.sync) {
      // Everything this browser has goes to the storage first; the bundle is the storage.
      await session.sync.syncNow();
      objects = await session.sync.storedObjects();
    } else {
      const sync = await import('./localabel/sync/index.js');
      const core = await sync.loadSyncCore();
      objects = [...logSegments(core, loadSettings().annotator || 'local', session.records), ...(session.bundleObjects ?? [])];
    }
    let projectText = absolutizeProject(session.baseText, session.baseUrl);
    // A project made in this page has its images only here: they go into the bundle.
    let files = [];
    if (localId && !session.sync) {
      const { bundleFiles } = await import('./bundle.mjs');
      ({ projectText, files } = await bundleFiles(projectText, localBase(localId), (p) => fileBlob(localId, p)));
    }
    onDownload('localabel-bundle.json', makeBundle({ projectText, labelsText: session.labels ?? localProject.labels, objects, files }));
    return `Downloaded localabel-bundle.json (${objects.length} event segments${files.length ? `, ${files.length} images` : ''}).`;
  }

  async function openBundle(text) {
    const { parseBundle } = await import('./bundle.mjs');
    const b = parseBundle(text);
    if (session.sync) {
      const { added, skipped } = await session.sync.addObjects(b.objects);
      await session.sync.pull();
      return `Copied ${added} event segments to the storage (${skipped} were there already or are yours).`;
    }
    // Without sync the bundle's project replaces the page's (as loadProject does) and its
    // annotations are shown as the other annotators' work; new edits are this browser's.
    const sync = await import('./localabel/sync/index.js');
    const core = await sync.loadSyncCore();
    const merged = JSON.parse(core.mergeText(b.objects));
    if (b.files.length) {
      // A page-made project with its images: kept in this browser as a project of its own,
      // the bundle's annotations in it as the other annotators' work.
      const name = `Bundle of ${new Date().toISOString().slice(0, 10)}`;
      const id = await saveLocalProject({ name, projectText: composeProject(b.projectText, merged.annotations), labelsText: b.labelsText, files: b.files });
      location.assign(`${location.pathname}?local=${encodeURIComponent(id)}`);
      return `Opened the bundle as a new project with ${b.files.length} images.`;
    }
    localProject.text = b.projectText;
    localProject.from = session.records.length + inflight;
    session.baseText = b.projectText;
    session.others = merged.annotations;
    session.bundleObjects = b.objects;
    if (b.labelsText) {
      session.labels = b.labelsText;
      callWithBytes(module, module._la_load_label_config, utf8(b.labelsText));
    }
    apply();
    return `Opened the bundle: ${merged.annotations.length} annotations by ${merged.annotators.length} annotators.`;
  }

  panel = createSyncPanel(dialog, {
    downloadBundle,
    openBundle,
    folderPicker: () => pickFolder,
    async test(settings) {
      const sync = await import('./localabel/sync/index.js');
      const { transportFor } = await import('./sync_settings.mjs');
      return sync.testConnection(await transportFor(sync, settings), { origin: location.origin });
    },
    async save(settings) {
      retrying?.stop();
      retrying = null;
      saveSettings(settings);
      if (settings.kind === 'off') return stopSync();
      return startSync(settings).catch((e) => {
        if (e.retryable) keepTrying(settings, e);
        throw e;
      });
    },
  });
  // Keys go back to the app once the panel closes or a bar button was clicked.
  dialog.addEventListener('close', () => canvas.focus());
  document.getElementById('sync-button').addEventListener('click', () => panel.open());

  // "New project…" (project_setup.mjs): the core's text reader is loaded only when a text file
  // is picked; the new project opens in its own page (?local=<id>) with its own edit log.
  const { createProjectSetup } = await import('./project_setup.mjs');
  let facade = null;
  const projectSetup = createProjectSetup(document.getElementById('project-dialog'), {
    async readTextTasks(bytes, fileName) {
      facade ??= import('./localabel/index.js').then((m) => m.load());
      return (await facade).readTextTasks(bytes, { fileName });
    },
    async create(project) {
      const id = await saveLocalProject(project);
      location.assign(`${location.pathname}?local=${encodeURIComponent(id)}`);
    },
    commandKeys: () => (module ? JSON.parse(module.UTF8ToString(module._la_command_keys())) : {}),
  });
  document.getElementById('project-button').addEventListener('click', () => projectSetup.open());
  const { createProjectsPanel } = await import('./projects_panel.mjs');
  const projectsPanel = createProjectsPanel(document.getElementById('projects-dialog'), { currentId: localId });
  document.getElementById('projects-button').addEventListener('click', () => projectsPanel.open());
  const { createGuidelines } = await import('./guidelines.mjs');
  guidelines = createGuidelines(document.getElementById('guidelines-dialog'), {
    labelsText: () => session?.labels ?? localProject.labels,
  });
  document.getElementById('guidelines-button').addEventListener('click', () => guidelines.open());
  for (const id of ['project-dialog', 'guidelines-dialog', 'projects-dialog']) {
    document.getElementById(id).addEventListener('close', () => canvas.focus());
  }
  document.getElementById('sync-now').addEventListener('click', () => {
    canvas.focus();
    session?.sync?.syncNow().catch(() => {});
  });

  const settings = loadSettings();
  let started = false;
  let unreachable = null; // the error when the storage could not be reached
  const waiting = await needsUser(settings).catch(() => false);
  if (settings.kind !== 'off' && problems(settings).length === 0 && !waiting) {
    try {
      await startSync(settings);
      started = true;
    } catch (e) {
      showMessage(e.message);
      if (e.retryable) unreachable = e;
    }
  }
  if (!started && (waiting || unreachable)) {
    // The secret was kept in memory only, the folder needs its permission again, or the
    // storage cannot be reached: show the shared project as last seen and keep logging edits;
    // they are uploaded once sync can start.
    const { SyncSession } = await import('./sync_session.mjs');
    const view = await SyncSession.cachedView(settings).catch(() => null);
    if (view?.project) {
      await switchSession({ name: SyncSession.logName(settings), baseText: view.project.text, baseUrl: location.href, labels: view.project.labels, others: view.others, sync: null, annotator: settings.annotator });
      started = true;
    }
    if (unreachable) keepTrying(settings, unreachable);
    else renderSyncStatus({ state: 'paused', text: await pausedText(settings) });
  } else if (!started && settings.kind !== 'off') {
    renderSyncStatus({ state: 'paused', text: 'Sync paused: the settings are incomplete' });
  }
  if (!started) await switchSession(localSession());
  canvas.focus();

  // Active learning (assist.mjs): a worker learns from this browser's labels of text tasks and
  // proposes the queue order and pre-labels; it idles on projects without a text choice set.
  // ?embeddings=URL names a sidecar file of the tasks' embeddings (float32, one row per task in
  // project order) for the learner; fetched only when the learner starts.
  const embeddingsParam = params.get('embeddings');
  const sidecar = embeddingsParam
    ? async () => {
      const r = await fetch(new URL(embeddingsParam, location.href));
      if (!r.ok) throw new Error(`${embeddingsParam}: HTTP ${r.status}`);
      return { name: embeddingsParam, bytes: new Uint8Array(await r.arrayBuffer()) };
    }
    : null;
  const assist = await import('./assist.mjs').then((m) => m.startAssist(module, { sidecar })).catch((e) => {
    console.warn(`active learning is off: ${e?.message ?? e}`);
    return null;
  });

  // For tests and embedding: the app's state as an object, and opening a project given as
  // JSON text (relative image URLs then resolve against `baseUrl`, default the page).
  if (openError) showOpenProblem(openError.message);
  window.localabel = {
    state: () => JSON.parse(state()),
    loadProject(jsonText, baseUrl = location.href) {
      projectUrl = new URL(baseUrl, location.href);
      session.baseUrl = projectUrl.href;
      if (session.local) {
        localProject.text = jsonText;
        localProject.from = session.records.length + inflight;
        session.baseText = jsonText;
      }
      const ok = callWithBytes(module, module._la_load_project, utf8(jsonText)) === 0;
      showMessage(ok ? '' : JSON.parse(state()).status);
      return ok;
    },
    /** The project with every edit, as Label Studio JSON text. */
    exportText: () => module.UTF8ToString(module._la_export()),
    /** Sync: its status ({state, text, pending, ...}; null when off) and an immediate push and pull. */
    sync: {
      status: () => session?.sync?.status() ?? null,
      now: () => (session?.sync ? session.sync.syncNow() : Promise.reject(new Error('sync is off'))),
      merged: () => session?.sync?.merged ?? null,
      /**
       * Replaces the folder picker behind "Choose folder…" (window.showDirectoryPicker) by
       * `pick` (async () => FileSystemDirectoryHandle), e.g. a folder of the origin-private
       * file system where no picker can be clicked (tests, kiosks); null: no local folder.
       */
      useFolderPicker(pick) {
        pickFolder = pick;
      },
    },
    storeErrors,
    module,
    /** Active learning: the learner's status and its results (assist.mjs); null when off. */
    assist,
  };
}

main().catch((e) => {
  console.error(e);
  showMessage(e.message);
});
