// The page: creates the app module, hands it the font, the project and its images.
//   index.html?project=<url of a Label Studio JSON task list>&labels=<label config url>
// Defaults: the bundled example project. The page requests nothing but its own files, the
// project, the label configuration and the images the project refers to.
import createLocalabelApp from './localabel_app.mjs';
import { loadImageRgba } from './images.mjs';
import { openEventLog } from './events.mjs';

const params = new URLSearchParams(location.search);
const defaultProject = '/examples/demo/project.json';
let projectUrl = new URL(params.get('project') ?? defaultProject, location.href);
const labelsParam = params.get('labels') ?? (params.has('project') ? null : '/examples/demo/labels.json');
const labelsUrl = labelsParam ? new URL(labelsParam, location.href) : null;

function showMessage(text) {
  const el = document.getElementById('message');
  el.textContent = text;
  el.style.display = text ? 'block' : 'none';
}

async function fetchBytes(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${what} from ${url}: HTTP ${response.status}`);
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

async function main() {
  const canvas = document.getElementById('canvas');
  let module;
  const onImageRequest = (taskIndex, url) => {
    const resolved = new URL(url, projectUrl).href;
    loadImageRgba(resolved).then(({ width, height, rgba }) => {
      const ptr = toHeap(module, rgba);
      try {
        module._la_set_image(taskIndex, ptr, width, height);
      } finally {
        module._free(ptr);
      }
    }).catch((e) => {
      const text = new TextEncoder().encode(`${e.message}\0`);
      callWithBytes(module, (ptr) => module._la_image_failed(taskIndex, ptr), text);
    });
  };
  // Edits are appended to IndexedDB; the app counts one as saved only when its write has
  // committed. A failure is shown on the page and reported to the app (never swallowed).
  const logName = `localabel-events:${projectUrl.href}`;
  const logReady = openEventLog(logName);
  const storeErrors = [];
  const onStoreEvent = (seq, text) => {
    logReady.then((log) => log.append(seq, text)).then(
      () => module._la_event_stored(seq),
      (e) => {
        const message = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
        storeErrors.push(message);
        showMessage(`Edit ${seq} was NOT saved (${message})`);
        callWithBytes(module, (ptr) => module._la_event_store_failed(seq, ptr),
          new TextEncoder().encode(`${message}\0`));
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
  const storedRecords = logReady.then((log) => log.all()).catch((e) => {
    showMessage(`Edits cannot be saved or restored: ${e?.name ?? 'Error'}: ${e?.message ?? e}`);
    return [];
  });
  const [fontBytes, projectBytes, labelBytes, records] = await Promise.all([
    fetchBytes(new URL('fonts/DejaVuSans.ttf', import.meta.url), 'the font'),
    fetchBytes(projectUrl, 'the project'),
    labelsUrl ? fetchBytes(labelsUrl, 'the label configuration') : Promise.resolve(null),
    storedRecords,
  ]);
  module = await createLocalabelApp({ canvas, onImageRequest, onStoreEvent, onDownload });
  // The font stays in wasm memory for the module's lifetime (the atlas reads it).
  const fontPtr = toHeap(module, fontBytes);
  if (module._la_start(fontPtr, fontBytes.length) !== 0) throw new Error('WebGL2 is not available');
  if (labelBytes) callWithBytes(module, module._la_load_label_config, labelBytes);
  if (callWithBytes(module, module._la_load_project, projectBytes) !== 0) {
    showMessage(JSON.parse(state()).status);
  } else if (records.length > 0) {
    // Same turn as the load: no frame (and no edit) runs in between.
    callWithBytes(module, module._la_replay_events, new TextEncoder().encode(`[${records.join(',')}]`));
  }
  canvas.focus();

  function state() {
    return module.UTF8ToString(module._la_state_json());
  }
  // For tests and embedding: the app's state as an object, and opening a project given as
  // JSON text (relative image URLs then resolve against `baseUrl`, default the page).
  window.localabel = {
    state: () => JSON.parse(state()),
    loadProject(jsonText, baseUrl = location.href) {
      projectUrl = new URL(baseUrl, location.href);
      const ok = callWithBytes(module, module._la_load_project, new TextEncoder().encode(jsonText)) === 0;
      showMessage(ok ? '' : JSON.parse(state()).status);
      return ok;
    },
    /** The project with every edit, as Label Studio JSON text. */
    exportText: () => module.UTF8ToString(module._la_export()),
    storeErrors,
    module,
  };
}

main().catch((e) => {
  console.error(e);
  showMessage(e.message);
});
