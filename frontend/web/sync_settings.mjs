// The page's sync settings: where the shared storage is and who this annotator is.
//
// Where they are kept: the target (kind, endpoint, bucket, region, URL style, prefix, folder
// URL, listing, annotator id) in this browser's localStorage, so that a reload finds the
// storage again. Credentials (secret, session token, WebDAV password, access key) are kept in
// memory only, unless the user ticks "remember in this browser"; then they go to
// localStorage too, under their own key. Neither key is ever part of project.json, an event
// segment or an export. Reading or writing settings makes no network request.

const TARGET_KEY = 'localabel-sync-target';
const SECRET_KEY = 'localabel-sync-credentials';
const SECRET_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'password'];

/** Kinds of target: 'off', 's3' (SigV4 in the page), 'presigned' (URLs signed elsewhere), 'webdav'. */
export const KINDS = ['off', 's3', 'presigned', 'webdav'];

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
  return 'off';
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
  throw new Error('sync is off');
}
