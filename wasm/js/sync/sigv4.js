// AWS Signature Version 4 for S3 requests, computed with WebCrypto (browser and Node >= 19).
// Reference: AWS, "Authenticating Requests (AWS Signature Version 4)", Amazon S3 API
// Reference, sections "Signature Calculations for the Authorization Header" and "Query
// String Authentication" (presigned URLs).

const encoder = new TextEncoder();

function subtle() {
  const c = globalThis.crypto;
  if (!c || !c.subtle) {
    throw new Error('WebCrypto is not available: S3 signing needs a secure context (https or localhost)');
  }
  return c.subtle;
}

function toHex(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function asBytes(data) {
  if (data === undefined || data === null) return new Uint8Array(0);
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError('request body must be a string, Uint8Array or ArrayBuffer');
}

/** Hex SHA-256 of a string or bytes. */
export async function sha256Hex(data) {
  return toHex(await subtle().digest('SHA-256', asBytes(data)));
}

async function hmac(key, message) {
  const k = await subtle().importKey('raw', asBytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, asBytes(message)));
}

/** RFC 3986 encoding as SigV4 wants it: every byte except A-Z a-z 0-9 - _ . ~ is %XX. */
export function uriEncode(text, keepSlash = false) {
  let out = '';
  for (const byte of encoder.encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** "20130524T000000Z" for a Date. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function canonicalQuery(params) {
  return params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

// S3 canonical URI: each path segment URI-encoded once (S3 does not double-encode).
function canonicalPath(url) {
  return url.pathname
    .split('/')
    .map((seg) => uriEncode(decodeURIComponent(seg)))
    .join('/');
}

function hostOf(url) {
  // URL.host omits default ports, as browsers and Node do in the Host header they send.
  return url.host;
}

async function signingKey(secret, day, region, service) {
  const kDate = await hmac('AWS4' + secret, day);
  const kRegion = await hmac(kDate, region);
  const kService = await hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

/**
 * Signs a request with an Authorization header.
 * @param {object} req {method, url (string, already encoded path), headers (object), body}
 * @param {object} cred {accessKeyId, secretAccessKey, sessionToken?, region, service='s3'}
 * @param {Date} now the signing time (the caller's clock; S3 allows 15 minutes of skew)
 * @returns {Promise<object>} headers to send (input headers + x-amz-* + authorization)
 */
export async function signRequest(req, cred, now = new Date()) {
  const url = new URL(req.url);
  const service = cred.service ?? 's3';
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const payloadHash = req.payloadHash ?? (await sha256Hex(req.body));
  const headers = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = String(v).trim().replace(/\s+/g, ' ');
  headers['host'] = hostOf(url);
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = payloadHash;
  if (cred.sessionToken) headers['x-amz-security-token'] = cred.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const params = [...url.searchParams.entries()];
  const canonical = [
    req.method.toUpperCase(),
    canonicalPath(url),
    canonicalQuery(params),
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${cred.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, await sha256Hex(canonical)].join('\n');
  const key = await signingKey(cred.secretAccessKey, day, cred.region, service);
  const signature = toHex(await hmac(key, stringToSign));
  const out = { ...headers };
  delete out.host; // set by the browser / Node from the URL
  out.authorization =
    `AWS4-HMAC-SHA256 Credential=${cred.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return out;
}

/**
 * A presigned URL (query-string authentication): anyone holding it may do `method` on the
 * object until it expires. The payload is not signed (UNSIGNED-PAYLOAD).
 * @param {object} req {method, url}
 * @param {object} cred as for signRequest
 * @param {number} expiresSeconds 1 to 604800
 * @param {Date} now signing time
 */
export async function presignUrl(req, cred, expiresSeconds = 3600, now = new Date()) {
  if (!(expiresSeconds >= 1 && expiresSeconds <= 604800)) {
    throw new RangeError('expiresSeconds must be 1 to 604800 (7 days)');
  }
  const url = new URL(req.url);
  const service = cred.service ?? 's3';
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const scope = `${day}/${cred.region}/${service}/aws4_request`;
  url.searchParams.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA256');
  url.searchParams.set('X-Amz-Credential', `${cred.accessKeyId}/${scope}`);
  url.searchParams.set('X-Amz-Date', date);
  url.searchParams.set('X-Amz-Expires', String(Math.floor(expiresSeconds)));
  url.searchParams.set('X-Amz-SignedHeaders', 'host');
  if (cred.sessionToken) url.searchParams.set('X-Amz-Security-Token', cred.sessionToken);
  const params = [...url.searchParams.entries()];
  const canonical = [
    req.method.toUpperCase(),
    canonicalPath(url),
    canonicalQuery(params),
    `host:${hostOf(url)}\n`,
    'host',
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, await sha256Hex(canonical)].join('\n');
  const key = await signingKey(cred.secretAccessKey, day, cred.region, service);
  const signature = toHex(await hmac(key, stringToSign));
  return `${url.origin}${canonicalPath(url)}?${canonicalQuery(params)}&X-Amz-Signature=${signature}`;
}
