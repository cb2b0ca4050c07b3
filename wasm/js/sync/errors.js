// Errors of the storage transports, classified so that callers can decide whether to retry
// and the page can explain the problem in plain words.

/**
 * kind: 'network' (no answer: offline, DNS, refused, dropped, or blocked by CORS in a browser),
 * 'timeout', 'auth' (wrong key or secret, or no permission), 'clock' (request time too far from
 * the server's), 'notFound' (bucket or folder missing), 'server' (5xx, 429), 'http' (other
 * status), 'conflict' (a local folder already has the file with other content; it is not
 * overwritten), 'aborted' (the client was closed).
 */
export class SyncError extends Error {
  constructor(kind, message, { status = 0, code = '', retryable = false, serverTime = null, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'SyncError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.retryable = retryable;
    this.serverTime = serverTime;
  }
}

/** The text of an XML element, entities decoded; '' when absent. */
export function xmlText(xml, tag) {
  const m = new RegExp(`<(?:[A-Za-z]+:)?${tag}>([\\s\\S]*?)</(?:[A-Za-z]+:)?${tag}>`).exec(xml);
  return m ? decodeXml(m[1]) : '';
}

/** All texts of an element (e.g. every <Key> of a listing). */
export function xmlTexts(xml, tag) {
  const re = new RegExp(`<(?:[A-Za-z]+:)?${tag}>([\\s\\S]*?)</(?:[A-Za-z]+:)?${tag}>`, 'g');
  const out = [];
  for (let m; (m = re.exec(xml)); ) out.push(decodeXml(m[1]));
  return out;
}

export function decodeXml(text) {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (all, e) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    if (e[1] === 'x') return String.fromCodePoint(parseInt(e.slice(2), 16));
    return String.fromCodePoint(parseInt(e.slice(1), 10));
  });
}

/**
 * Runs fetch with a timeout and an outer abort signal; network failures become SyncError.
 * @returns {Promise<Response>}
 */
export async function fetchWithTimeout(fetchFn, url, init, { timeoutMs = 15000, signal } = {}) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    const res = await fetchFn(url, { ...init, signal: controller.signal, cache: 'no-store' });
    // Read the body under the same timeout: a connection can also stall mid-body.
    const body = await res.arrayBuffer();
    return { status: res.status, headers: res.headers, body: new Uint8Array(body), ok: res.ok };
  } catch (err) {
    if (signal?.aborted) throw new SyncError('aborted', 'the sync client was closed', { cause: err });
    if (timedOut) {
      throw new SyncError('timeout', `no answer from ${new URL(url).host} within ${timeoutMs} ms`, {
        retryable: true,
        cause: err,
      });
    }
    throw new SyncError(
      'network',
      `could not reach ${new URL(url).host} (offline, connection dropped, or blocked by the browser's CORS check)`,
      { retryable: true, cause: err },
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

const decoder = new TextDecoder();
export function bodyText(res) {
  return decoder.decode(res.body);
}

/** Classifies a non-2xx answer of an S3-compatible store. */
export function s3Error(res, what, localNow = Date.now()) {
  const text = bodyText(res);
  const code = xmlText(text, 'Code');
  const detail = xmlText(text, 'Message');
  const serverTime = parseServerTime(res, text);
  const opts = { status: res.status, code, serverTime };
  if (code === 'RequestTimeTooSkewed' || (res.status === 403 && serverTime && Math.abs(serverTime - localNow) > 900000)) {
    const minutes = serverTime ? Math.round((localNow - serverTime) / 60000) : null;
    return new SyncError(
      'clock',
      `${what}: the storage rejected the request because this computer's clock is ` +
        (minutes === null ? 'too far off' : `off by about ${Math.abs(minutes)} minutes (${minutes > 0 ? 'ahead' : 'behind'})`) +
        '; signed requests must be within 15 minutes of the server time. Set the system clock to the correct time.',
      opts,
    );
  }
  if (code === 'SignatureDoesNotMatch') {
    return new SyncError(
      'auth',
      `${what}: the secret access key is wrong (the storage computed a different request signature). ` +
        'Check the secret key, and that it belongs to the access key id.',
      opts,
    );
  }
  if (code === 'InvalidAccessKeyId') {
    return new SyncError('auth', `${what}: the access key id is not known to the storage. Check the access key id.`, opts);
  }
  if (code === 'ExpiredToken' || code === 'InvalidToken') {
    return new SyncError('auth', `${what}: the session token has expired or is invalid. Get new temporary credentials.`, opts);
  }
  if (code === 'AccessDenied' || res.status === 403) {
    return new SyncError(
      'auth',
      `${what}: access denied. The credentials are valid but not allowed to do this on the bucket` +
        (detail ? ` (${detail})` : '') + '.',
      opts,
    );
  }
  if (code === 'NoSuchBucket') {
    return new SyncError('notFound', `${what}: the bucket does not exist. Check the bucket name and the endpoint.`, opts);
  }
  if (res.status >= 500 || res.status === 429 || code === 'SlowDown') {
    return new SyncError('server', `${what}: the storage is busy or failing (HTTP ${res.status}${code ? ' ' + code : ''}${detail ? ': ' + detail : ''}); will retry`, {
      ...opts,
      retryable: true,
    });
  }
  return new SyncError('http', `${what}: HTTP ${res.status}${code ? ' ' + code : ''}${detail ? ': ' + detail : ''}`, opts);
}

/** Classifies a non-2xx answer of a plain HTTP / WebDAV store. */
export function httpError(res, what) {
  const opts = { status: res.status };
  if (res.status === 401) {
    return new SyncError('auth', `${what}: the server asks for a user name and password, or the ones given are wrong.`, opts);
  }
  if (res.status === 403) {
    return new SyncError('auth', `${what}: the server refuses access (HTTP 403). Check the folder's permissions.`, opts);
  }
  if (res.status === 405) {
    return new SyncError(
      'http',
      `${what}: the server does not allow this method (HTTP 405). Enable WebDAV writes (nginx: dav_methods PUT DELETE MKCOL).`,
      opts,
    );
  }
  if (res.status >= 500 || res.status === 429) {
    return new SyncError('server', `${what}: the server is busy or failing (HTTP ${res.status}); will retry`, { ...opts, retryable: true });
  }
  return new SyncError('http', `${what}: HTTP ${res.status}`, opts);
}

function parseServerTime(res, text) {
  const fromBody = xmlText(text, 'ServerTime');
  if (fromBody) {
    const t = Date.parse(fromBody);
    if (!Number.isNaN(t)) return t;
  }
  const date = res.headers.get('date');
  if (date) {
    const t = Date.parse(date);
    if (!Number.isNaN(t)) return t;
  }
  return null;
}
