// A project bundle: the project, its label configuration and every event segment, in one
// JSON file that can be downloaded and opened anywhere (no storage needed):
//   {"format": "localabel-bundle/1", "project": <Label Studio task list>, "labels": <label
//    configuration or null>, "objects": [{"key": "events/<annotator>/<seq>.json", "text": ...}],
//    "files": [{"path": "<image path relative to the project>", "type": "<MIME type>",
//               "base64": "..."}]}
// "files" carries the images of a project made in the page (they exist nowhere else); a
// bundle with files opens as a new project of the browser that opens it, images included.
// The segments are the same immutable objects that sync stores, so opening a bundle merges
// them with the core exactly as a pull would.

// Relative image references in a project's task data, made absolute against the page that
// opened it: the other annotators open project.json from storage, not from this page's URL.
const IMAGE_PATH = /\.(png|jpe?g|gif|webp|bmp|tiff?|svg|avif)(\?.*)?$/i;
export function absolutizeProject(text, baseUrl) {
  const project = JSON.parse(text);
  const tasks = Array.isArray(project) ? project : project?.tasks;
  if (!Array.isArray(tasks)) return text;
  for (const task of tasks) {
    const data = task?.data;
    if (!data || typeof data !== 'object') continue;
    for (const [k, v] of Object.entries(data)) {
      if (typeof v === 'string' && IMAGE_PATH.test(v) && !/^[a-z][a-z0-9+.-]*:/i.test(v)) {
        data[k] = new URL(v, baseUrl).href;
      }
    }
  }
  return JSON.stringify(project, null, 1);
}

export const BUNDLE_FORMAT = 'localabel-bundle/1';
const SEGMENT_KEY = /^events\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}\/\d{12}\.json$/;

/**
 * The bundle's text. projectText and labelsText are JSON texts (labelsText may be null);
 * files: [{path, type, base64}] (the images of a page-made project), omitted when empty.
 */
export function makeBundle({ projectText, labelsText, objects, files = [] }) {
  const bundle = {
    format: BUNDLE_FORMAT,
    project: JSON.parse(projectText),
    labels: labelsText ? JSON.parse(labelsText) : null,
    objects: [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
  if (files.length) bundle.files = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return JSON.stringify(bundle);
}

/** Base64 of bytes (a Uint8Array), in chunks (no argument-count limit). */
export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of base64 text; throws an Error naming `where` when it is not base64. */
export function fromBase64(text, where) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`${where}: not base64`);
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The files of a page-made project that its tasks refer to: [{path, type, base64}], with the
 * project text whose references are made relative again. `base` = "localabel-file://<id>/";
 * `read(path)` gives a file's Blob.
 */
export async function bundleFiles(projectText, base, read) {
  const project = JSON.parse(projectText);
  const tasks = Array.isArray(project) ? project : project?.tasks ?? [];
  const paths = new Set();
  for (const task of tasks) {
    for (const [k, v] of Object.entries(task?.data ?? {})) {
      if (typeof v !== 'string') continue;
      if (v.startsWith(base)) task.data[k] = decodeURIComponent(v.slice(base.length));
      else if (!IMAGE_PATH.test(v) || /^[a-z][a-z0-9+.-]*:/i.test(v) || v.startsWith('/')) continue;
      paths.add(task.data[k]);
    }
  }
  const files = [];
  for (const path of paths) {
    const blob = await read(path);
    files.push({ path, type: blob.type || 'application/octet-stream', base64: toBase64(new Uint8Array(await blob.arrayBuffer())) });
  }
  return { projectText: JSON.stringify(project, null, 1), files };
}

/**
 * Reads a bundle's text: {projectText, labelsText, objects}. Throws an Error that says what
 * is wrong (not JSON, another format, a missing part, a key that is not a segment key).
 */
export function parseBundle(text) {
  let b;
  try {
    b = JSON.parse(text);
  } catch (e) {
    throw new Error(`the file is not JSON (${e.message})`);
  }
  if (!b || typeof b !== 'object' || b.format !== BUNDLE_FORMAT) {
    throw new Error(`the file is not a Localabel bundle (expected "format": "${BUNDLE_FORMAT}")`);
  }
  if (!b.project || typeof b.project !== 'object') throw new Error('the bundle has no "project"');
  if (!Array.isArray(b.objects)) throw new Error('the bundle has no "objects" list');
  b.objects.forEach((o, i) => {
    if (!o || typeof o.key !== 'string' || typeof o.text !== 'string') {
      throw new Error(`objects[${i}]: expected {"key": string, "text": string}`);
    }
    if (!SEGMENT_KEY.test(o.key)) throw new Error(`objects[${i}].key: "${o.key}" is not an event segment key`);
  });
  if (b.files !== undefined && !Array.isArray(b.files)) throw new Error('"files": expected a list');
  const files = (b.files ?? []).map((f, i) => {
    if (!f || typeof f.path !== 'string' || typeof f.base64 !== 'string') {
      throw new Error(`files[${i}]: expected {"path": string, "type": string, "base64": string}`);
    }
    if (!f.path || f.path.startsWith('/') || f.path.split('/').includes('..') || /^[a-z][a-z0-9+.-]*:/i.test(f.path)) {
      throw new Error(`files[${i}].path: "${f.path}" is not a relative path inside the project`);
    }
    const type = typeof f.type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(f.type) ? f.type : 'application/octet-stream';
    return { path: f.path, blob: new Blob([fromBase64(f.base64, `files[${i}].base64`)], { type }) };
  });
  return {
    projectText: JSON.stringify(b.project),
    labelsText: b.labels ? JSON.stringify(b.labels) : null,
    objects: b.objects,
    files,
  };
}

/**
 * Segments of this browser's own edit log (records as events.mjs stores them) under
 * `annotator`, numbered 1, 2, ... in log order, encoded by the core (`core`: SyncCore).
 */
export function logSegments(core, annotator, records, perSegment = 500) {
  const events = records.map((text, i) => {
    const e = JSON.parse(text).event;
    const out = { annotator, seq: i + 1, type: e.type, task: e.task };
    for (const k of ['region', 'value', 'lead_time', 'time']) if (e[k] !== undefined) out[k] = e[k];
    return out;
  });
  const objects = [];
  for (let i = 0; i < events.length; i += perSegment) objects.push(core.encodeSegment(events.slice(i, i + perSegment)));
  return objects;
}
