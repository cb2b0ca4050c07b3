// "Test connection": writes, reads, lists and deletes a small probe object, and explains in
// plain words what is wrong when something fails (CORS, credentials, clock, missing bucket).
import { SyncError } from './errors.js';
import { S3Transport } from './s3.js';
import { WebDavTransport } from './webdav.js';

const S3_HEADERS = ['authorization', 'content-type', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token'];

/** The bucket CORS rule to paste (AWS console JSON), for a page served from `origin`. */
export function s3CorsRule(origin) {
  return JSON.stringify(
    [
      {
        AllowedOrigins: [origin],
        AllowedMethods: ['GET', 'PUT', 'HEAD', 'DELETE'],
        AllowedHeaders: S3_HEADERS,
        ExposeHeaders: ['ETag', 'Date'],
        MaxAgeSeconds: 3000,
      },
    ],
    null,
    2,
  );
}

/** The same rule as the XML that `PutBucketCors` and most S3-compatible stores accept. */
export function s3CorsXml(origin) {
  return (
    '<CORSConfiguration>\n  <CORSRule>\n' +
    `    <AllowedOrigin>${origin}</AllowedOrigin>\n` +
    ['GET', 'PUT', 'HEAD', 'DELETE'].map((m) => `    <AllowedMethod>${m}</AllowedMethod>\n`).join('') +
    S3_HEADERS.map((h) => `    <AllowedHeader>${h}</AllowedHeader>\n`).join('') +
    '    <ExposeHeader>ETag</ExposeHeader>\n    <ExposeHeader>Date</ExposeHeader>\n' +
    '    <MaxAgeSeconds>3000</MaxAgeSeconds>\n  </CORSRule>\n</CORSConfiguration>\n'
  );
}

/** The nginx lines that let a page from `origin` use a WebDAV folder. */
export function webdavCorsConfig(origin) {
  return [
    `add_header Access-Control-Allow-Origin "${origin}" always;`,
    'add_header Access-Control-Allow-Methods "GET, PUT, DELETE, MKCOL, PROPFIND, OPTIONS" always;',
    'add_header Access-Control-Allow-Headers "authorization, content-type, depth" always;',
    'add_header Access-Control-Expose-Headers "Date, ETag" always;',
    'if ($request_method = OPTIONS) { return 204; }',
  ].join('\n');
}

function corsRuleFor(transport, origin) {
  if (transport instanceof S3Transport) return { format: 's3-json', text: s3CorsRule(origin), xml: s3CorsXml(origin) };
  if (transport instanceof WebDavTransport) return { format: 'nginx', text: webdavCorsConfig(origin) };
  return null;
}

// Sends the preflight a browser would send (possible outside browsers only: pages may not set
// Origin themselves) and says what the answer lacks.
async function checkPreflight(transport, url, origin, method, headers) {
  const fetchFn = transport.fetch;
  let res;
  try {
    res = await fetchFn(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers.join(',') },
      cache: 'no-store',
    });
    await res.arrayBuffer();
  } catch {
    return null; // unreachable: reported by the probe itself
  }
  const allowOrigin = res.headers.get('access-control-allow-origin');
  const allowMethods = (res.headers.get('access-control-allow-methods') ?? '').toUpperCase();
  const allowHeaders = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
  if (!res.ok || !allowOrigin || (allowOrigin !== '*' && allowOrigin !== origin)) {
    return `the storage does not allow requests from this page's origin ${origin} (CORS): its answer to the browser's preflight check ${res.ok ? 'has no matching Access-Control-Allow-Origin header' : `was HTTP ${res.status}`}`;
  }
  if (!allowMethods.includes(method) && allowMethods !== '*') {
    return `the storage's CORS rule does not allow the ${method} method`;
  }
  const missing = headers.filter((h) => !allowHeaders.includes(h) && allowHeaders !== '*');
  if (missing.length) return `the storage's CORS rule does not allow the request headers ${missing.join(', ')}`;
  return null;
}

function inBrowser() {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/**
 * Checks that the page can write, read, list and delete in the storage.
 * options: {origin (the page's origin; default location.origin), checkCors (true: outside a
 *   browser, send the preflight a browser would and check the answer)}
 * Resolves to {ok, steps: [{step, ok, message}], problem: null | {kind, message},
 * corsRule: null | {format, text, xml?}} — corsRule is given whenever CORS may be at fault.
 */
export async function testConnection(transport, options = {}) {
  const origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost:8080';
  const steps = [];
  const key = `.localabel-check/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.json`;
  const body = JSON.stringify({ check: key });
  const result = { ok: false, steps, problem: null, corsRule: null };
  const fail = (step, err) => {
    const kind = err instanceof SyncError ? err.kind : 'http';
    let message = err.message;
    if (kind === 'network' && inBrowser()) {
      message =
        `The browser could not read the storage's answer. Most often the bucket's CORS rule does not allow ${origin}; ` +
        'paste the rule below into the bucket settings. Otherwise the address is wrong or the computer is offline.';
      result.corsRule = corsRuleFor(transport, origin);
    }
    steps.push({ step, ok: false, message });
    result.problem = { kind, message };
    return result;
  };

  const rule = corsRuleFor(transport, origin);
  if (!inBrowser() && rule && options.checkCors !== false) {
    const url = transport instanceof S3Transport ? transport.objectUrl(key) : transport.url(key);
    const headers = transport instanceof S3Transport ? S3_HEADERS.filter((h) => h !== 'x-amz-security-token' || transport.credentials.sessionToken) : ['content-type'];
    const cors = await checkPreflight(transport, url, origin, 'PUT', headers);
    if (cors) {
      result.corsRule = rule;
      const message = `${cors}. Paste this CORS rule into the storage settings.`;
      steps.push({ step: 'cors', ok: false, message });
      result.problem = { kind: 'cors', message };
      return result;
    }
    steps.push({ step: 'cors', ok: true, message: `requests from ${origin} are allowed` });
  }

  try {
    await transport.put(key, body);
    steps.push({ step: 'write', ok: true, message: 'wrote a test file' });
  } catch (err) {
    return fail('write', err);
  }
  try {
    const back = await transport.get(key);
    if (back !== body) {
      return fail('read', new SyncError('http', back === null ? 'the test file written a moment ago cannot be read back' : 'the test file reads back with different content (a cache or proxy rewrites files)'));
    }
    steps.push({ step: 'read', ok: true, message: 'read it back' });
  } catch (err) {
    return fail('read', err);
  }
  try {
    const keys = await transport.list('.localabel-check/');
    if (!keys.includes(key)) return fail('list', new SyncError('http', 'the folder listing does not show the test file, so others\' work would not be found'));
    steps.push({ step: 'list', ok: true, message: 'listed the folder' });
  } catch (err) {
    return fail('list', err);
  }
  try {
    await transport.delete(key);
    steps.push({ step: 'delete', ok: true, message: 'removed the test file' });
  } catch (err) {
    // Annotators never delete: a store that forbids deletes is fine for syncing.
    steps.push({ step: 'delete', ok: false, message: `could not remove the test file (not needed for syncing): ${err.message}` });
  }
  result.ok = true;
  return result;
}
