// The page's sync settings: where the shared storage is and who this annotator is.
//
// Where they are kept: the target (kind, endpoint, bucket, region, URL style, prefix, folder
// URL, listing, annotator id) in this browser's localStorage, so that a reload finds the
// storage again. Credentials (secret, session token, WebDAV password, access key) are kept in
// memory only, unless the user ticks "remember in this browser"; then they go to
// localStorage too, under their own key. Neither key is ever part of project.json, an event
// segment or an export. Reading or writing settings makes no network request. A local
// folder (File System Access API) is remembered as its directory handle in IndexedDB
// (handles are structured-cloneable), under a random id kept with the target; the browser
// asks again for permission to use it after a reload (see folderAccess).

const TARGET_KEY = 'localabel-sync-target';
const SECRET_KEY = 'localabel-sync-credentials';
const SECRET_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'password'];

/**
 * Kinds of target: 'off', 's3' (SigV4 in the page), 'presigned' (URLs signed elsewhere),
 * 'webdav', 'folder' (a local folder through the File System Access API).
 */
export const KINDS = ['off', 's3', 'presigned', 'webdav', 'folder'];

let memoryCredentials = null;

/** Settings with every field present (strings and booleans). */
export function defaultSettings() {
  return {
    kind: 'off',
    endpoint: '',
    bucket: '',
    region: 'us-east-1',
    pathStyle: true,
    prefix: '',
    signUrl: '',
    davUrl: '',
    listing: 'propfind',
    username: '',
    folderId: '',
    folderName: '',
    annotator: '',
    accessKeyId: '',
    secretAccessKey: '',
    sessionToken: '',
    password: '',
    remember: false,
  };
}

function readJson(key) {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The saved settings (with credentials from memory or, when remembered, localStorage). */
export function loadSettings() {
  const s = { ...defaultSettings(), ...(readJson(TARGET_KEY) ?? {}) };
  const remembered = readJson(SECRET_KEY);
  const creds = memoryCredentials ?? remembered;
  for (const f of SECRET_FIELDS) s[f] = creds?.[f] ?? '';
  s.remember = !!remembered;
  if (!KINDS.includes(s.kind)) s.kind = 'off';
  return s;
}

/** Saves settings: the target always, credentials in memory, and on disk only when remembered. */
export function saveSettings(settings) {
  const target = {};
  for (const [k, v] of Object.entries(settings)) {
    if (!SECRET_FIELDS.includes(k) && k !== 'remember' && k in defaultSettings()) target[k] = v;
  }
  localStorage.setItem(TARGET_KEY, JSON.stringify(target));
  const creds = Object.fromEntries(SECRET_FIELDS.map((f) => [f, settings[f] ?? '']));
  memoryCredentials = creds;
  if (settings.remember) localStorage.setItem(SECRET_KEY, JSON.stringify(creds));
  else localStorage.removeItem(SECRET_KEY);
}

const ANNOTATOR_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/**
 * What is missing or wrong, in plain words; [] when the settings can be used. `secrets`
 * false skips the credential fields (to tell "configured but the secret is not in memory").
 */
export function problems(s, { secrets = true } = {}) {
  const out = [];
  if (s.kind === 'off') return out;
  if (!ANNOTATOR_ID.test(s.annotator)) {
    out.push('Annotator id: 1 to 64 letters, digits, ".", "_" or "-", not starting with "."');
  }
  const url = (v, what) => {
    try {
      const u = new URL(v);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      out.push(`${what}: expected an http:// or https:// address`);
    }
  };
  if (s.kind === 's3') {
    url(s.endpoint, 'Endpoint');
    if (!s.bucket) out.push('Bucket: required');
    if (secrets && !s.accessKeyId) out.push('Access key: required');
    if (secrets && !s.secretAccessKey) out.push('Secret: required');
  } else if (s.kind === 'presigned') {
    url(s.signUrl, 'Signing service URL');
  } else if (s.kind === 'webdav') {
    url(s.davUrl, 'Folder URL');
  } else if (s.kind === 'folder') {
    if (!s.folderId) out.push('Folder: choose a folder');
  }
  return out;
}

/** True when a target is chosen but a credential it needs is not available (not remembered). */
export function needsSecret(s) {
  return s.kind === 's3' && problems(s, { secrets: false }).length === 0 && problems(s).length > 0;
}

/** A stable name of the target and annotator (no secrets): names this browser's databases. */
export function targetId(s) {
  if (s.kind === 's3') {
    return `s3 ${s.endpoint.replace(/\/+$/, '')} ${s.bucket} ${s.pathStyle ? 'path' : 'vhost'} ${s.prefix.replace(/^\/+|\/+$/g, '')} @${s.annotator}`;
  }
  if (s.kind === 'presigned') return `presigned ${s.signUrl} @${s.annotator}`;
  if (s.kind === 'webdav') return `webdav ${s.davUrl.replace(/\/*$/, '/')} @${s.annotator}`;
  // By the folder's name, not the handle's id: a folder chosen again (after the browser forgot
  // it, or after it was moved) continues the same upload queue and edit log.
  if (s.kind === 'folder') return `folder ${s.folderName} @${s.annotator}`;
  return 'off';
}

const FOLDER_DB = 'localabel-sync-folders';

function folderDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(FOLDER_DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('handles');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Keeps a directory handle under a new random id; resolves to the id. */
export async function rememberFolder(handle) {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  const db = await folderDb();
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction('handles', 'readwrite');
      tx.objectStore('handles').put(handle, id);
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
  return id;
}

/** The directory handle remembered under `id`, or null. */
export async function rememberedFolder(id) {
  if (!id) return null;
  const db = await folderDb();
  try {
    return await new Promise((resolve, reject) => {
      const req = db.transaction('handles', 'readonly').objectStore('handles').get(id);
      req.onsuccess = () => resolve(req.result ?? null);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

/**
 * Whether the page may use the folder of settings `s`: {handle, state: 'granted' | 'prompt' |
 * 'denied' | 'missing'}. With `ask` (only inside a click: browsers require a user gesture),
 * the browser's permission prompt is shown when needed.
 */
export async function folderAccess(s, { ask = false } = {}) {
  const handle = await rememberedFolder(s.folderId).catch(() => null);
  if (!handle) return { handle: null, state: 'missing' };
  const mode = { mode: 'readwrite' };
  let state = typeof handle.queryPermission === 'function' ? await handle.queryPermission(mode) : 'granted';
  if (state !== 'granted' && ask && typeof handle.requestPermission === 'function') {
    state = await handle.requestPermission(mode).catch(() => 'denied');
  }
  return { handle, state };
}

/** Why the folder of `s` cannot be used now, in plain words ('' when it can). */
export function folderProblem(s, state) {
  const name = s.folderName ? `"${s.folderName}"` : 'the chosen folder';
  if (state === 'missing') return `This browser no longer knows the folder ${name}: choose it again in the sync settings.`;
  if (state === 'denied') return `The browser was not allowed to use the folder ${name}. Open the sync settings, press Save and choose "Allow".`;
  if (state === 'prompt') return `The browser needs your permission again to use the folder ${name}: open the sync settings (Sync…) and press Save.`;
  return '';
}

/**
 * True when sync is configured but cannot start without the user: a credential that was not
 * remembered, or a local folder whose permission the browser asks for again after a reload.
 */
export async function needsUser(s) {
  if (needsSecret(s)) return true;
  if (s.kind !== 'folder' || problems(s).length) return false;
  return (await folderAccess(s)).state !== 'granted';
}

/** The text of the sync status while it waits for the user (see needsUser). */
export async function pausedText(s) {
  if (s.kind === 'folder') return `Sync paused: ${folderProblem(s, (await folderAccess(s)).state)}`;
  return 'Sync paused: enter the credentials again (they are not remembered)';
}

/**
 * The transport for settings `s`, like makeTransport; for a local folder it reads the
 * remembered handle and checks the permission (rejects with a plain message without it).
 */
export async function transportFor(sync, s) {
  if (s.kind !== 'folder') return makeTransport(sync, s);
  const { handle, state } = await folderAccess(s);
  if (state !== 'granted') throw new sync.SyncError('auth', folderProblem(s, state));
  return new sync.FolderTransport({ directory: handle, name: s.folderName || handle.name });
}

/**
 * The transport of the sync module `sync` (./localabel/sync/index.js) for settings `s`.
 * Presigned: the signing service answers GET <signUrl>?method=<GET|PUT|DELETE|LIST>&key=<key>
 * with the presigned URL as text (it holds the secret, the page does not).
 */
export function makeTransport(sync, s) {
  if (s.kind === 's3') {
    return new sync.S3Transport({
      endpoint: s.endpoint,
      bucket: s.bucket,
      region: s.region || 'us-east-1',
      pathStyle: s.pathStyle,
      prefix: s.prefix,
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
      sessionToken: s.sessionToken || undefined,
    });
  }
  if (s.kind === 'presigned') {
    return new sync.PresignedTransport({
      async sign(method, key) {
        const u = new URL(s.signUrl);
        u.searchParams.set('method', method);
        u.searchParams.set('key', key);
        const res = await fetch(u, { cache: 'no-store' });
        if (!res.ok) throw new sync.SyncError(res.status >= 500 ? 'server' : 'auth', `the signing service answered HTTP ${res.status}`, { status: res.status });
        return (await res.text()).trim();
      },
    });
  }
  if (s.kind === 'webdav') {
    return new sync.WebDavTransport({
      baseUrl: s.davUrl,
      listing: s.listing,
      username: s.username || undefined,
      password: s.username ? s.password : undefined,
    });
  }
  if (s.kind === 'folder') throw new Error('a local folder needs transportFor (its handle is read asynchronously)');
  throw new Error('sync is off');
}
