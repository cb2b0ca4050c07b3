#!/usr/bin/env node
// A small static file server for the built page and the example projects.
//   node tools/serve.mjs [--port 8080] [--host 127.0.0.1] [--root build/wasm-release/web]
// Serves <root> at / and examples/ at /examples/. Prints the URL when it listens.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8', '.ttf': 'font/ttf', '.d.ts': 'text/plain',
};

/** Starts the server; resolves to {server, url}. */
export function serve({ port = 8080, host = '127.0.0.1', root, quiet = false } = {}) {
  const webRoot = path.resolve(root ?? path.join(repo, 'build/wasm-release/web'));
  const mounts = [['/examples/', path.join(repo, 'examples')], ['/', webRoot]];
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (urlPath.endsWith('/')) urlPath += 'index.html';
    for (const [prefix, dir] of mounts) {
      if (!urlPath.startsWith(prefix)) continue;
      const file = path.join(dir, urlPath.slice(prefix.length));
      if (!file.startsWith(dir)) break;
      fs.stat(file, (err, st) => {
        if (err || !st.isFile()) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        const ext = file.endsWith('.d.ts') ? '.d.ts' : path.extname(file).toLowerCase();
        res.writeHead(200, {
          'content-type': TYPES[ext] ?? 'application/octet-stream',
          'content-length': st.size,
          'cache-control': 'no-cache',
        });
        if (req.method === 'HEAD') res.end();
        else fs.createReadStream(file).pipe(res);
      });
      return;
    }
    res.writeHead(404).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/`;
      if (!quiet) console.log(`Localabel is served at ${url}  (Ctrl+C stops it)`);
      resolve({ server, url });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : def;
  };
  if (args.includes('--help')) {
    console.log('usage: node tools/serve.mjs [--port 8080] [--host 127.0.0.1] [--root DIR]');
    process.exit(0);
  }
  serve({ port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1'), root: opt('--root') })
    .catch((e) => { console.error(`serve: ${e.message}`); process.exit(1); });
}
