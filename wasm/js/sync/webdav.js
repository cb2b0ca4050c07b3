// Plain HTTP storage: GET and PUT of whole files (WebDAV, or nginx with dav_methods), and a
// listing by WebDAV PROPFIND or by nginx's `autoindex_format json`.
import { SyncError, bodyText, decodeXml, fetchWithTimeout, httpError } from './errors.js';
import { uriEncode } from './sigv4.js';

/**
 * options: {baseUrl ('https://host/dav/project/'), listing ('propfind' | 'json'),
 *   username?, password? (HTTP Basic), headers? (extra request headers), fetch?, timeoutMs?}
 */
export class WebDavTransport {
  constructor(options) {
    if (!options?.baseUrl) throw new TypeError('WebDavTransport: option "baseUrl" is required');
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/';
    this.listing = options.listing ?? 'propfind';
    if (this.listing !== 'propfind' && this.listing !== 'json') {
      throw new TypeError('WebDavTransport: listing must be "propfind" or "json"');
    }
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 15000;
    const headers = { ...(options.headers ?? {}) };
    if (options.username !== undefined) {
      const raw = new TextEncoder().encode(`${options.username}:${options.password ?? ''}`);
      headers.authorization = 'Basic ' + btoa(String.fromCharCode(...raw));
    }
    Object.defineProperty(this, 'headers', { enumerable: false, value: headers });
  }

  describe() {
    return `webdav ${this.baseUrl} (listing: ${this.listing})`;
  }

  url(key) {
    return this.baseUrl + uriEncode(key, true);
  }

  async request(method, url, init, signal, what) {
    return fetchWithTimeout(this.fetch, url, { method, ...init, headers: { ...this.headers, ...(init.headers ?? {}) } }, {
      timeoutMs: this.timeoutMs,
      signal,
    }).then((res) => {
      res.what = what;
      return res;
    });
  }

  async put(key, text, { signal } = {}) {
    let res = await this.request('PUT', this.url(key), { body: text, headers: { 'content-type': 'application/json' } }, signal);
    if (res.status === 409) {
      // A WebDAV server without create_full_put_path: make the folders, then retry once.
      const parts = key.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; ++i) {
        const r = await this.request('MKCOL', this.url(parts.slice(0, i).join('/') + '/'), {}, signal);
        if (!r.ok && r.status !== 405) throw httpError(r, `MKCOL ${parts.slice(0, i).join('/')}/`);
      }
      res = await this.request('PUT', this.url(key), { body: text, headers: { 'content-type': 'application/json' } }, signal);
    }
    if (!res.ok) throw httpError(res, `PUT ${key}`);
  }

  async get(key, { signal } = {}) {
    const res = await this.request('GET', this.url(key), {}, signal);
    if (res.status === 404) return null;
    if (!res.ok) throw httpError(res, `GET ${key}`);
    return bodyText(res);
  }

  async delete(key, { signal } = {}) {
    const res = await this.request('DELETE', this.url(key), {}, signal);
    if (!res.ok && res.status !== 404) throw httpError(res, `DELETE ${key}`);
  }

  /** Every file key under `prefix` (a folder such as "events/"), recursively, sorted. */
  async list(prefix, { signal } = {}) {
    const folder = prefix === '' || prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys = [];
    await this.walk(folder, keys, signal);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async walk(folder, keys, signal) {
    const entries = this.listing === 'json' ? await this.listJson(folder, signal) : await this.listPropfind(folder, signal);
    const subfolders = [];
    for (const e of entries) {
      if (e.dir) subfolders.push(folder + e.name + '/');
      else keys.push(folder + e.name);
    }
    // A few folders at a time: one per annotator under events/.
    for (let i = 0; i < subfolders.length; i += 4) {
      await Promise.all(subfolders.slice(i, i + 4).map((f) => this.walk(f, keys, signal)));
    }
  }

  async listJson(folder, signal) {
    const res = await this.request('GET', this.url(folder), { headers: { accept: 'application/json' } }, signal);
    if (res.status === 404) return [];
    if (!res.ok) throw httpError(res, `LIST ${folder}`);
    let list;
    try {
      list = JSON.parse(bodyText(res));
    } catch {
      throw new SyncError('http', `LIST ${folder}: the server's folder listing is not JSON; configure nginx with "autoindex on; autoindex_format json;" or use listing "propfind"`);
    }
    if (!Array.isArray(list)) throw new SyncError('http', `LIST ${folder}: expected a JSON array listing`);
    return list.map((e) => ({ name: e.name, dir: e.type === 'directory' }));
  }

  async listPropfind(folder, signal) {
    const body = '<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>';
    const res = await this.request('PROPFIND', this.url(folder), { body, headers: { depth: '1', 'content-type': 'application/xml' } }, signal);
    if (res.status === 404) return [];
    if (!res.ok && res.status !== 207) throw httpError(res, `PROPFIND ${folder}`);
    const xml = bodyText(res);
    const self = new URL(this.url(folder)).pathname;
    const out = [];
    const re = /<(?:[A-Za-z]+:)?response\b[^>]*>([\s\S]*?)<\/(?:[A-Za-z]+:)?response>/g;
    for (let m; (m = re.exec(xml)); ) {
      const href = /<(?:[A-Za-z]+:)?href>([\s\S]*?)<\/(?:[A-Za-z]+:)?href>/.exec(m[1]);
      if (!href) continue;
      let path = decodeXml(href[1].trim());
      if (/^https?:/.test(path)) path = new URL(path).pathname;
      const dir = /<(?:[A-Za-z]+:)?collection\s*\/?>/.test(m[1]) || path.endsWith('/');
      const clean = decodeURIComponent(path.replace(/\/+$/, ''));
      if (decodeURIComponent(self.replace(/\/+$/, '')) === clean) continue;
      out.push({ name: clean.slice(clean.lastIndexOf('/') + 1), dir });
    }
    return out;
  }
}
