// S3-compatible storage: objects under an optional prefix of one bucket, signed with AWS
// Signature V4 in the page (path-style or virtual-host URLs, any region, optional session
// token), or reached through presigned URLs made elsewhere.
import { presignUrl, signRequest, uriEncode } from './sigv4.js';
import { SyncError, bodyText, fetchWithTimeout, s3Error, xmlText, xmlTexts } from './errors.js';

function trimSlashes(s) {
  return String(s ?? '').replace(/^\/+|\/+$/g, '');
}

/**
 * A transport to an S3-compatible bucket.
 * options: {endpoint ('https://s3.eu-west-1.amazonaws.com' or 'http://127.0.0.1:4568'),
 *   bucket, region ('us-east-1'), accessKeyId, secretAccessKey, sessionToken?,
 *   pathStyle (true: endpoint/bucket/key; false: bucket.endpoint-host/key), prefix ('' or a
 *   folder inside the bucket), fetch (defaults to globalThis.fetch), timeoutMs (15000),
 *   clock (() => Date, for signing; defaults to the system clock)}
 */
export class S3Transport {
  constructor(options) {
    for (const f of ['endpoint', 'bucket', 'accessKeyId', 'secretAccessKey']) {
      if (!options?.[f]) throw new TypeError(`S3Transport: option "${f}" is required`);
    }
    this.endpoint = new URL(options.endpoint);
    this.bucket = options.bucket;
    this.region = options.region ?? 'us-east-1';
    this.pathStyle = options.pathStyle ?? true;
    this.prefix = trimSlashes(options.prefix);
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 15000;
    this.clock = options.clock ?? (() => new Date());
    // Credentials stay in this object only (memory); they are never written to exports.
    Object.defineProperty(this, 'credentials', {
      enumerable: false,
      value: {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
        sessionToken: options.sessionToken,
        region: this.region,
        service: 's3',
      },
    });
  }

  /** Plain description for the UI (no secrets). */
  describe() {
    return `s3 ${this.bucketUrl()}${this.prefix ? this.prefix + '/' : ''}`;
  }

  /** The bucket's base URL, ending with '/'. */
  bucketUrl() {
    const e = this.endpoint;
    if (this.pathStyle) return `${e.protocol}//${e.host}${e.pathname.replace(/\/+$/, '')}/${uriEncode(this.bucket)}/`;
    return `${e.protocol}//${this.bucket}.${e.host}${e.pathname.replace(/\/+$/, '')}/`;
  }

  objectUrl(key) {
    const full = this.prefix ? `${this.prefix}/${key}` : key;
    return this.bucketUrl() + uriEncode(full, true);
  }

  async request(method, url, { body, headers = {}, signal, what }) {
    const signed = await signRequest({ method, url, headers, body }, this.credentials, this.clock());
    const res = await fetchWithTimeout(this.fetch, url, { method, headers: signed, body }, { timeoutMs: this.timeoutMs, signal });
    if (res.ok) return res;
    if (res.status === 404 && method === 'GET' && xmlText(bodyText(res), 'Code') === 'NoSuchKey') return res;
    throw s3Error(res, what, this.clock().getTime());
  }

  /** Writes an object (whole text). */
  async put(key, text, { signal } = {}) {
    await this.request('PUT', this.objectUrl(key), {
      body: text,
      headers: { 'content-type': 'application/json' },
      signal,
      what: `PUT ${key}`,
    });
  }

  /** Reads an object's text; null when it does not exist. */
  async get(key, { signal } = {}) {
    const res = await this.request('GET', this.objectUrl(key), { signal, what: `GET ${key}` });
    if (res.status === 404) return null;
    return bodyText(res);
  }

  async delete(key, { signal } = {}) {
    await this.request('DELETE', this.objectUrl(key), { signal, what: `DELETE ${key}` });
  }

  /** Every key under `prefix` (relative to the transport's prefix), sorted. */
  async list(prefix, { signal } = {}) {
    const base = this.prefix ? `${this.prefix}/` : '';
    const keys = [];
    let token = '';
    for (;;) {
      // Path-style listings go to "/bucket" (no slash): the form SDKs send and stores expect.
      const url = new URL(this.pathStyle ? this.bucketUrl().replace(/\/$/, '') : this.bucketUrl());
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', base + prefix);
      if (token) url.searchParams.set('continuation-token', token);
      const res = await this.request('GET', url.href, { signal, what: `LIST ${prefix}` });
      const xml = bodyText(res);
      for (const contents of xmlTexts(xml, 'Contents')) {
        const key = xmlText(`<Contents>${contents}</Contents>`, 'Key');
        if (key.startsWith(base)) keys.push(key.slice(base.length));
      }
      token = xmlText(xml, 'NextContinuationToken');
      if (xmlText(xml, 'IsTruncated') !== 'true' || !token) break;
    }
    return keys.sort();
  }

  /** A presigned URL for one object (GET, PUT or DELETE), valid for `expiresSeconds`. */
  presign(method, key, expiresSeconds = 3600) {
    return presignUrl({ method, url: this.objectUrl(key) }, this.credentials, expiresSeconds, this.clock());
  }
}

/**
 * A transport through presigned URLs obtained elsewhere (e.g. from a team's own small
 * signing service), so the page never holds a secret key.
 * options: {sign: async (method: 'GET'|'PUT'|'DELETE'|'LIST', key or prefix) => url,
 *   fetch?, timeoutMs?}. For LIST the URL must be a presigned ListObjectsV2 request.
 */
export class PresignedTransport {
  constructor(options) {
    if (typeof options?.sign !== 'function') throw new TypeError('PresignedTransport: option "sign" must be a function');
    this.sign = options.sign;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 15000;
  }

  describe() {
    return 'presigned URLs';
  }

  async request(method, key, init, signal) {
    const url = await this.sign(method, key);
    const res = await fetchWithTimeout(this.fetch, url, { method: method === 'LIST' ? 'GET' : method, ...init }, {
      timeoutMs: this.timeoutMs,
      signal,
    });
    if (res.ok || (res.status === 404 && method === 'GET')) return res;
    throw s3Error(res, `${method} ${key}`);
  }

  async put(key, text, { signal } = {}) {
    await this.request('PUT', key, { body: text, headers: { 'content-type': 'application/json' } }, signal);
  }

  async get(key, { signal } = {}) {
    const res = await this.request('GET', key, {}, signal);
    return res.status === 404 ? null : bodyText(res);
  }

  async delete(key, { signal } = {}) {
    await this.request('DELETE', key, {}, signal);
  }

  async list(prefix, { signal } = {}) {
    const res = await this.request('LIST', prefix, {}, signal);
    const xml = bodyText(res);
    if (xmlText(xml, 'IsTruncated') === 'true') {
      throw new SyncError('http', 'LIST: the presigned listing is truncated; presign with a larger max-keys');
    }
    return xmlTexts(xml, 'Key').sort();
  }
}
