// Projects created in the page: their task list, label configuration and files (images, the
// text file) live in this browser's IndexedDB, never on a server. The page opens one with
// index.html?local=<id>; its images are referred to by their path inside the picked files or
// folder (as in a Label Studio export next to its images) and read back from IndexedDB.

const DB_NAME = 'localabel-projects';
const PROJECTS = 'projects';
const FILES = 'files';

/** The base URL of a local project's files: relative image paths resolve against it. */
export const localBase = (id) => `localabel-file://${id}/`;

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(PROJECTS, { keyPath: 'id' });
      db.createObjectStore(FILES, { keyPath: ['project', 'path'] });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('the project store is blocked by another tab'));
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the write was aborted'));
  });
}

/** A new project id: time-ordered and unique enough for one browser. */
function newId() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `p${Date.now().toString(36)}${random[0].toString(36)}${random[1].toString(36)}`;
}

/**
 * Stores a project and its files in one transaction (all or nothing) and returns its id.
 * A full disk or quota is reported as an Error saying so (QuotaExceededError), not swallowed.
 *   {name, projectText (Label Studio task list), labelsText (project file with label_sets),
 *    files: [{path, blob}]}
 */
export async function saveLocalProject({ name, projectText, labelsText, files = [] }) {
  const db = await openDb();
  try {
    const id = newId();
    const tx = db.transaction([PROJECTS, FILES], 'readwrite');
    tx.objectStore(PROJECTS).put({ id, name, created: new Date().toISOString(), projectText, labelsText, fileCount: files.length });
    for (const f of files) tx.objectStore(FILES).put({ project: id, path: f.path, blob: f.blob });
    try {
      await done(tx);
    } catch (e) {
      if (e?.name === 'QuotaExceededError') {
        throw new Error('the browser has no room left to keep this project (storage quota exceeded); free some space or pick fewer files');
      }
      throw e;
    }
    return id;
  } finally {
    db.close();
  }
}

/** The stored project {id, name, projectText, labelsText}; throws when it is not here. */
export async function loadLocalProject(id) {
  const db = await openDb();
  try {
    const tx = db.transaction(PROJECTS, 'readonly');
    const record = await new Promise((resolve, reject) => {
      const req = tx.objectStore(PROJECTS).get(id);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!record) throw new Error(`there is no project "${id}" in this browser (projects made in the page stay in the browser that made them)`);
    return record;
  } finally {
    db.close();
  }
}

/** Every stored project, newest first: [{id, name, created, fileCount}]. */
export async function listLocalProjects() {
  const db = await openDb();
  try {
    const tx = db.transaction(PROJECTS, 'readonly');
    const all = await new Promise((resolve, reject) => {
      const req = tx.objectStore(PROJECTS).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return all.map(({ id, name, created, fileCount }) => ({ id, name, created, fileCount }))
      .sort((a, b) => (a.created < b.created ? 1 : -1));
  } finally {
    db.close();
  }
}

/**
 * Deletes a stored project: its record, its files and its edit log (the IndexedDB database
 * the page keeps its edits in, named after the project's base). Nothing else is touched.
 */
export async function deleteLocalProject(id) {
  const db = await openDb();
  try {
    const tx = db.transaction([PROJECTS, FILES], 'readwrite');
    tx.objectStore(PROJECTS).delete(id);
    tx.objectStore(FILES).delete(IDBKeyRange.bound([id, ''], [id, '\uffff']));
    await done(tx);
  } finally {
    db.close();
  }
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(`localabel-events:${localBase(id)}`);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve(); // deleted once the other tab lets go
  });
}

/** The blob of file `path` of stored project `id`; throws when it is not there. */
export async function fileBlob(id, path) {
  const db = await openDb();
  try {
    const tx = db.transaction(FILES, 'readonly');
    const record = await new Promise((resolve, reject) => {
      const req = tx.objectStore(FILES).get([id, path]);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!record) throw new Error(`${path}: not among the files of this project`);
    return record.blob;
  } finally {
    db.close();
  }
}

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Where to fetch an image of a task: {url, release()}. Paths relative to a local project's
 * base are read from IndexedDB as an object URL (released after decoding); anything else
 * resolves against `baseUrl` as usual.
 */
export async function imageSource(url, baseUrl) {
  if (baseUrl?.startsWith('localabel-file://') && !ABSOLUTE.test(url)) {
    const id = baseUrl.slice('localabel-file://'.length).replace(/\/$/, '');
    const objectUrl = URL.createObjectURL(await fileBlob(id, url));
    return { url: objectUrl, release: () => URL.revokeObjectURL(objectUrl) };
  }
  const prefix = 'localabel-file://';
  if (url.startsWith(prefix)) {
    const rest = url.slice(prefix.length);
    const slash = rest.indexOf('/');
    const objectUrl = URL.createObjectURL(await fileBlob(rest.slice(0, slash), decodeURIComponent(rest.slice(slash + 1))));
    return { url: objectUrl, release: () => URL.revokeObjectURL(objectUrl) };
  }
  return { url: new URL(url, baseUrl).href, release() {} };
}
