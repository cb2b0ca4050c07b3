// Real storage servers for the sync tests, on 127.0.0.1 and free ports:
//   startS3()         @20minutes/s3rver in a child node process (verifies SigV4), with a
//                     bucket and a CORS rule for one page origin
//   startWebDav()     Debian nginx with dav_methods, autoindex JSON and CORS headers
//   startFaultProxy() a node http proxy that answers 503, drops connections (before or after
//                     the store saw the request) or delays, on a share of requests
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repo } from '../load.mjs';
import { seededRandom as mulberry32 } from '../../lib/random.mjs';

export const PAGE_ORIGIN = 'http://127.0.0.1:8080';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `localabel-${name}-`));
}

async function waitForPort(port, child, what) {
  for (let i = 0; i < 200; ++i) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start listening on port ${port}`);
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function corsXml(origins) {
  return (
    '<CORSConfiguration><CORSRule>' +
    origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('') +
    ['GET', 'PUT', 'HEAD', 'DELETE'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('') +
    ['authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token', 'content-type']
      .map((h) => `<AllowedHeader>${h}</AllowedHeader>`)
      .join('') +
    '<ExposeHeader>ETag</ExposeHeader><ExposeHeader>Date</ExposeHeader>' +
    '</CORSRule></CORSConfiguration>'
  );
}

/**
 * Starts s3rver with bucket `bucket` whose CORS rule allows `corsOrigins`. Default keys:
 * S3RVER / S3RVER, region us-east-1. serviceEndpoint 'localhost' makes
 * `<bucket>.s3.localhost` a virtual-host address.
 */
export async function startS3({ bucket = 'annotations', corsOrigins = [PAGE_ORIGIN] } = {}) {
  const dir = tempDir('s3');
  const port = await freePort();
  const lib = path.join(repo, 'node_modules/@20minutes/s3rver/lib');
  // s3rver rewrites an object's files in place, so two PUTs of one key at the same moment (a
  // retry racing the original) can leave torn metadata that fails every later listing, and a
  // GET can see half a file. S3 replaces objects atomically; write to a temporary file and
  // rename, as S3's semantics require.
  const script = `
    const fsp = require('fs/promises');
    const crypto = require('crypto');
    const { pick, pickBy } = require(${JSON.stringify(path.join(repo, 'node_modules/lodash'))});
    const FilesystemStore = require(${JSON.stringify(path.join(lib, 'stores/filesystem.js'))});
    const S3Object = require(${JSON.stringify(path.join(lib, 'models/object.js'))});
    let counter = 0;
    async function atomicWrite(file, data) {
      const tmp = file + '.' + process.pid + '.' + (++counter) + '.tmp';
      await fsp.writeFile(tmp, data);
      await fsp.rename(tmp, file);
    }
    FilesystemStore.prototype.putContent = async function (objectPath, content) {
      const chunks = [];
      if (Buffer.isBuffer(content)) chunks.push(content);
      else for await (const c of content) chunks.push(Buffer.from(c));
      const data = Buffer.concat(chunks);
      await atomicWrite(objectPath, data);
      return [data.length, crypto.createHash('md5').update(data).digest('hex')];
    };
    FilesystemStore.prototype.putMetadata = async function (bucket, key, metadata, md5) {
      const json = {
        ...pick(metadata, S3Object.ALLOWED_METADATA),
        ...pickBy(metadata, (value, k) => k.startsWith('x-amz-meta-')),
      };
      if (md5) await atomicWrite(this.getResourcePath(bucket, key, 'object.md5'), md5);
      await atomicWrite(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(json, null, 2));
    };
    const S3rver = require(${JSON.stringify(path.join(repo, 'node_modules/@20minutes/s3rver'))});
    const server = new S3rver({
      address: '127.0.0.1', port: ${port}, silent: true, directory: ${JSON.stringify(path.join(dir, 'data'))},
      serviceEndpoint: 'localhost',
      configureBuckets: [{ name: ${JSON.stringify(bucket)}, configs: [${JSON.stringify(corsXml(corsOrigins))}] }],
    });
    server.run().then(() => process.stdout.write('ready\\n'), (e) => { console.error(e); process.exit(1); });
    process.on('SIGTERM', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited with code ${code}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    dir,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts nginx serving a WebDAV folder at http://127.0.0.1:<port>/dav/. */
export async function startWebDav({ corsOrigin = PAGE_ORIGIN } = {}) {
  const dir = tempDir('dav');
  const port = await freePort();
  fs.mkdirSync(path.join(dir, 'www/dav'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  const davExt = '/usr/lib/nginx/modules/ngx_http_dav_ext_module.so';
  const conf = `
${fs.existsSync(davExt) ? `load_module ${davExt};` : ''}
user www-data;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types { application/json json; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    client_max_body_size 64m;
    location /dav/ {
      dav_methods PUT DELETE MKCOL;
      ${fs.existsSync(davExt) ? 'dav_ext_methods PROPFIND;' : ''}
      create_full_put_path on;
      dav_access user:rw group:rw all:r;
      autoindex on;
      autoindex_format json;
      add_header Access-Control-Allow-Origin "${corsOrigin}" always;
      add_header Access-Control-Allow-Methods "GET, PUT, DELETE, MKCOL, PROPFIND, OPTIONS" always;
      add_header Access-Control-Allow-Headers "authorization, content-type, depth" always;
      add_header Access-Control-Expose-Headers "Date, ETag" always;
      if ($request_method = OPTIONS) { return 204; }
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  // Workers run as www-data: they must be able to write the folder and the temp paths.
  for (const p of ['www', 'www/dav', 'tmp']) fs.chownSync(path.join(dir, p), 33, 33);
  fs.chmodSync(dir, 0o755);
  const child = spawn('/usr/sbin/nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForPort(port, child, 'nginx');
  return {
    baseUrl: `http://127.0.0.1:${port}/dav/`,
    port,
    dir,
    root: path.join(dir, 'www/dav'),
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A proxy to `target` (http://127.0.0.1:port) that disturbs a share `rate` of requests,
 * equally often: 503 without forwarding, connection dropped before forwarding, connection
 * dropped after the store handled the request (the client never learns it succeeded), and a
 * delay of `delayMs` before forwarding. `stats` counts what happened.
 */
export async function startFaultProxy(target, { rate = 0.1, seed = 1, delayMs = [100, 800] } = {}) {
  const random = mulberry32(seed);
  const to = new URL(target);
  const stats = { requests: 0, status503: 0, dropBefore: 0, dropAfter: 0, delayed: 0 };
  const sockets = new Set();
  const forward = (req, body, res, dropAfter) => {
    const up = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        const chunks = [];
        upRes.on('data', (c) => chunks.push(c));
        upRes.on('end', () => {
          if (dropAfter) return req.socket.destroy();
          res.writeHead(upRes.statusCode, upRes.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    up.on('error', () => req.socket.destroy());
    up.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      ++stats.requests;
      const body = Buffer.concat(chunks);
      if (random() >= rate) return forward(req, body, res, false);
      const kind = Math.floor(random() * 4);
      if (kind === 0) {
        ++stats.status503;
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
        return res.end('injected fault');
      }
      if (kind === 1) {
        ++stats.dropBefore;
        return req.socket.destroy();
      }
      if (kind === 2) {
        ++stats.dropAfter;
        return forward(req, body, res, true);
      }
      ++stats.delayed;
      const wait = delayMs[0] + random() * (delayMs[1] - delayMs[0]);
      setTimeout(() => forward(req, body, res, false), wait);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A fetch that sends every request to 127.0.0.1:<port> whatever the URL's host name, keeping
 * the Host header (like curl --resolve): virtual-host bucket names such as
 * annotations.s3.localhost need no DNS entry.
 */
export function loopbackFetch(port) {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const headers = { ...(init.headers ?? {}), host: u.host };
      const req = http.request(
        { host: '127.0.0.1', port, method: init.method ?? 'GET', path: u.pathname + u.search, headers, signal: init.signal },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : String(v));
            resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode, headers: h }));
          });
          res.on('error', reject);
        },
      );
      req.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
      req.end(init.body ?? undefined);
    });
}

/**
 * The sync JS layer and the core's sync functions from the built web folder
 * (LOCALABEL_WEB_DIR, as tests/wasm/load.mjs).
 */
export async function loadSync() {
  const { webDir } = await import('../load.mjs');
  const { pathToFileURL } = await import('node:url');
  const dir = path.join(webDir, 'localabel');
  const sync = await import(pathToFileURL(path.join(dir, 'sync/index.js')).href);
  const { FileStore } = await import(pathToFileURL(path.join(dir, 'sync/file_store.js')).href);
  const core = await sync.loadSyncCore({ wasmBinary: fs.readFileSync(path.join(dir, 'localabel_core.wasm')) });
  return { ...sync, FileStore, core };
}
