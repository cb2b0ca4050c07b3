// A project bundle: the project, its label configuration and every event segment, in one
// JSON file that can be downloaded and opened anywhere (no storage needed):
//   {"format": "localabel-bundle/1", "project": <Label Studio task list>, "labels": <label
//    configuration or null>, "objects": [{"key": "events/<annotator>/<seq>.json", "text": ...}]}
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

/** The bundle's text. projectText and labelsText are JSON texts (labelsText may be null). */
export function makeBundle({ projectText, labelsText, objects }) {
  return JSON.stringify({
    format: BUNDLE_FORMAT,
    project: JSON.parse(projectText),
    labels: labelsText ? JSON.parse(labelsText) : null,
    objects: [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  });
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
  return {
    projectText: JSON.stringify(b.project),
    labelsText: b.labels ? JSON.stringify(b.labels) : null,
    objects: b.objects,
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
