// End-to-end sync in the page: two browser profiles as two annotators configure sync
// through the settings panel (real clicks and typing), label, sync, and each sees the
// other's work; for S3 (s3rver, which verifies SigV4) and WebDAV (nginx dav_methods), both
// started here on loopback. Also: a wrong secret gets a clear message in the panel, a
// project opened in one profile opens in the other from the storage settings alone, a
// reload in the middle of uploads loses nothing, and with sync off the page requests
// nothing but its own files.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  appState, dragImage, exampleProject, key, launchBrowser, screenshot, startServer, waitForState,
} from './lib/app.mjs';
import { loadSync, startFaultProxy, startS3, startWebDav } from '../wasm/lib/servers.mjs';

let server;
let origin;
let s3;
let dav;
let sync;
const browsers = [];
let t0 = Date.now();
const step = (what) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

before(async () => {
  server = await startServer();
  origin = new URL(server.url).origin;
  [s3, dav, sync] = await Promise.all([startS3({ corsOrigins: [origin] }), startWebDav({ corsOrigin: origin }), loadSync()]);
});

async function closeBrowsers() {
  while (browsers.length) await browsers.pop().close().catch(() => {});
}

afterEach(closeBrowsers);

after(async () => {
  await closeBrowsers();
  await Promise.all([s3?.stop(), dav?.stop(), server?.close()]);
});

async function openPage() {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(server.url);
  await waitForState(page, (s) => s.ready, { what: 'the first task' });
  return { browser, page };
}

// Types into a field like a person: click, select what is there, type.
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

async function openPanel(page, how = 'button') {
  if (how === 'key') {
    await page.keyboard.press('Control+Comma');
  } else {
    await page.click('#sync-button');
  }
  await page.waitForSelector('#sync-dialog[open]');
}

async function fillPanel(page, fields) {
  await page.selectOption('#sync-kind', fields.kind);
  const map = {
    endpoint: '#sync-endpoint', bucket: '#sync-bucket', region: '#sync-region', prefix: '#sync-prefix',
    accessKeyId: '#sync-access-key-id', secretAccessKey: '#sync-secret-access-key', davUrl: '#sync-dav-url',
    annotator: '#sync-annotator',
  };
  for (const [k, sel] of Object.entries(map)) if (fields[k] !== undefined) await typeInto(page, sel, fields[k]);
  if (fields.listing) await page.selectOption('#sync-listing', fields.listing);
  if (fields.remember) await page.check('#sync-remember');
}

async function resultText(page, predicate, what) {
  const end = Date.now() + 30000;
  let text = '';
  while (Date.now() < end) {
    text = await page.textContent('#sync-test-result');
    if (predicate(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; panel says: ${text}`);
}

async function saveAndClose(page) {
  await page.click('#sync-save');
  await resultText(page, (t) => t.startsWith('Saved') || t.includes('could not'), 'the settings to be saved');
  assert.equal(await page.textContent('#sync-test-result'), 'Saved. Sync is on.');
  await page.click('#sync-close');
}

function syncStatus(page) {
  return page.evaluate(() => window.localabel?.sync.status() ?? null);
}

async function waitSynced(page, what) {
  const end = Date.now() + 60000;
  let st = null;
  while (Date.now() < end) {
    st = await syncStatus(page);
    const shown = await page.getAttribute('#sync-status', 'data-state');
    if (st && st.state === 'synced' && shown === 'synced') return st;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what} to be synced; status ${JSON.stringify(st)}`);
}

// The annotations of a task in the page's Label Studio export.
function exported(page) {
  return page.evaluate(() => JSON.parse(window.localabel.exportText()));
}

async function drawBox(page, a, b) {
  let s = await waitForState(page, (st) => st.ready, { what: 'the image before drawing' });
  if (s.tool !== 'box') await key(page, 'b');
  s = await appState(page);
  const before = s.mine.length;
  await dragImage(page, s, a, b);
  return waitForState(page, (st) => st.mine.length === before + 1, { what: 'the drawn box' });
}

// Clicks "Sync now" until `predicate(export)` holds.
async function syncUntil(page, predicate, what) {
  const end = Date.now() + 60000;
  let last;
  while (Date.now() < end) {
    await page.click('#sync-now');
    await page.waitForTimeout(400);
    last = await exported(page);
    if (predicate(last)) return last;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const boxOf = (annotation) => annotation.result.filter((r) => r.type === 'rectanglelabels').map((r) => r.value);

// Every stored object, merged by the core in node (as another client would).
async function mergedInStorage(transport) {
  const keys = await transport.list('events/');
  const objects = [];
  for (const k of keys) objects.push({ key: k, text: await transport.get(k) });
  return JSON.parse(sync.core.mergeText(objects));
}

function s3Fields(annotator, extra = {}) {
  return {
    kind: 's3', endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, prefix: 'team-e2e',
    accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, annotator, ...extra,
  };
}

test('S3: two annotators sync through a bucket; a wrong secret is explained; reload mid-upload loses nothing', async () => {
  const { tasks } = exampleProject();
  const a = await openPage();
  const b = await openPage();

  // Profile A opens a project of its own (three of the example's tasks, relative images).
  const subset = JSON.stringify(tasks.slice(0, 3).map((t) => ({ ...t, annotations: [] })));
  assert.ok(await a.page.evaluate(([text, base]) => window.localabel.loadProject(text, base), [subset, new URL('/examples/demo/project.json', server.url).href]));
  await waitForState(a.page, (s) => s.ready && s.tasks === 3, { what: 'the three-task project' });
  step('await drawBox(a.page, [40, 40], [120, 110]); // before sync:');
  await drawBox(a.page, [40, 40], [120, 110]); // before sync: goes along when sync starts

  // A wrong secret: the panel says so in plain words.
  step("await openPanel(a.page, 'key');");
  await openPanel(a.page, 'key');
  await fillPanel(a.page, s3Fields('alice', { secretAccessKey: 'not-the-secret', remember: true }));
  await a.page.click('#sync-test');
  const wrong = await resultText(a.page, (t) => t && t !== 'Testing…', 'the test of a wrong secret');
  assert.match(wrong, /secret/i, `the message names the secret: ${wrong}`);
  await screenshot(a.page, 'sync-01-panel-wrong-secret');
  await a.page.click('#sync-save');
  const refused = await resultText(a.page, (t) => t.includes('could not start'), 'saving with a wrong secret');
  assert.match(refused, /secret/i);

  // The right secret: the test passes, and saving starts sync.
  await typeInto(a.page, '#sync-secret-access-key', s3.secretAccessKey);
  await a.page.click('#sync-test');
  const good = await resultText(a.page, (t) => t && t !== 'Testing…', 'the connection test');
  assert.match(good, /^Connection works/, good);
  await screenshot(a.page, 'sync-02-panel-connection-works');
  step('await saveAndClose(a.page);');
  await saveAndClose(a.page);
  step("await waitSynced(a.page, 'A');");
  await waitSynced(a.page, 'A');
  const transport = new sync.S3Transport({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, prefix: 'team-e2e' });
  const published = JSON.parse(await transport.get('project.json'));
  assert.equal(published.length, 3, 'project.json is the project A opened');
  assert.match(published[0].data.image, /^http:\/\/127\.0\.0\.1:\d+\/examples\/demo\/images\//, 'image references made absolute');
  assert.ok(await transport.get('labels.json'), 'the label configuration is stored too');
  let merged = await mergedInStorage(transport);
  assert.equal(merged.annotators.find((x) => x.annotator === 'alice')?.events, 1, 'the edit made before sync was uploaded');

  // Profile B: the storage settings alone open A's project.
  step('await openPanel(b.page);');
  await openPanel(b.page);
  await fillPanel(b.page, s3Fields('bob'));
  step('await saveAndClose(b.page);');
  await saveAndClose(b.page);
  await waitForState(b.page, (s) => s.ready && s.tasks === 3, { what: "A's project in profile B" });
  // Credentials: kept in memory in B (not ticked), remembered in A (ticked); never in exports.
  const stored = (page) => page.evaluate(() => ({ ...localStorage }));
  assert.equal((await stored(b.page))['localabel-sync-credentials'], undefined);
  assert.doesNotMatch(JSON.stringify(await stored(b.page)), /S3RVER/);
  assert.match((await stored(a.page))['localabel-sync-credentials'], /S3RVER/);
  assert.doesNotMatch(await a.page.evaluate(() => window.localabel.exportText()), /S3RVER/);
  step('const bAfterOpen = await syncUntil(b.page, (e) => e[0].annot');
  const bAfterOpen = await syncUntil(b.page, (e) => e[0].annotations.some((x) => x.completed_by === 'alice'), "A's box in B");
  assert.deepEqual(boxOf(bAfterOpen[0].annotations.find((x) => x.completed_by === 'alice')),
    boxOf((await exported(a.page))[0].annotations.find((x) => x.completed_by === 'alice')), "B shows A's box as A has it");

  // Both draw on task 1 at the same time; each sees the other's work.
  step('const sb = await drawBox(b.page, [200, 200], [300, 260]);');
  const sb = await drawBox(b.page, [200, 200], [300, 260]);
  step('const sa = await drawBox(a.page, [300, 50], [380, 150]);');
  const sa = await drawBox(a.page, [300, 50], [380, 150]);
  assert.equal(sa.task.index, 0);
  assert.equal(sb.task.index, 0);
  step('const inA = await syncUntil(a.page, (e) => boxOf(e[0].annota');
  const inA = await syncUntil(a.page, (e) => boxOf(e[0].annotations.find((x) => x.completed_by === 'bob') ?? { result: [] }).length === 1, "B's box in A");
  step('const inB = await syncUntil(b.page, (e) => boxOf(e[0].annota');
  const inB = await syncUntil(b.page, (e) => boxOf(e[0].annotations.find((x) => x.completed_by === 'alice') ?? { result: [] }).length === 2, "A's two boxes in B");
  const mineA = boxOf(inA[0].annotations.find((x) => x.completed_by === 'alice'));
  const mineB = boxOf(inB[0].annotations.find((x) => x.completed_by === 'bob'));
  assert.equal(mineA.length, 2);
  assert.equal(mineB.length, 1);
  assert.deepEqual(boxOf(inA[0].annotations.find((x) => x.completed_by === 'bob')), mineB, "A's view of B is B's own");
  assert.deepEqual(boxOf(inB[0].annotations.find((x) => x.completed_by === 'alice')), mineA, "B's view of A is A's own");
  // The app shows its own annotation and keeps its undo history after the merge.
  let s = await appState(a.page);
  assert.equal(s.mine.length, 2, "A's own boxes are in the app's state");
  await key(a.page, 'Control+z');
  s = await waitForState(a.page, (st) => st.mine.length === 1, { what: 'undo after a pull' });
  await key(a.page, 'Control+Shift+z');
  s = await waitForState(a.page, (st) => st.mine.length === 2, { what: 'redo after a pull' });
  step("await waitSynced(a.page, 'A');");
  await waitSynced(a.page, 'A');
  step("await waitSynced(b.page, 'B');");
  await waitSynced(b.page, 'B');
  await screenshot(a.page, 'sync-03-status-synced');

  // Reload in the middle of uploads: three quick boxes, then reload at once.
  const beforeReload = (await appState(a.page)).events.next_seq - 1;
  step('await drawBox(a.page, [10, 300], [60, 350]);');
  await drawBox(a.page, [10, 300], [60, 350]);
  step('await drawBox(a.page, [70, 300], [120, 350]);');
  await drawBox(a.page, [70, 300], [120, 350]);
  step('await drawBox(a.page, [130, 300], [180, 350]);');
  await drawBox(a.page, [130, 300], [180, 350]);
  const pendingShown = await a.page.textContent('#sync-status');
  await a.page.reload();
  await waitForState(a.page, (st) => st.ready && st.tasks === 3, { what: 'A after the reload' });
  step("const afterReload = await waitSynced(a.page, 'A after the re");
  const afterReload = await waitSynced(a.page, 'A after the reload');
  assert.equal(afterReload.edits, beforeReload + 3, 'all edits restored locally');
  merged = await mergedInStorage(transport);
  const alice = merged.annotators.find((x) => x.annotator === 'alice');
  assert.equal(alice.missing, 0, 'no gap in A\'s uploaded sequence');
  assert.equal(alice.events, afterReload.edits, `every edit of A is in storage exactly once (status before reload: ${pendingShown})`);
  assert.equal(alice.max_seq, afterReload.edits, 'and no edit twice');
  assert.deepEqual(merged.rejected, []);
  const aliceTask = merged.annotations.find((x) => x.annotator === 'alice' && x.task === String(tasks[0].id));
  assert.equal(aliceTask.regions.filter((r) => r.deleted_seq === undefined).length, 5);
  assert.equal(afterReload.pending, 0);
  // B sees all five.
  step('await syncUntil(b.page, (e) => boxOf(e[0].annotations.find((');
  await syncUntil(b.page, (e) => boxOf(e[0].annotations.find((x) => x.completed_by === 'alice') ?? { result: [] }).length === 5, "A's five boxes in B");

  // B kept its credentials in memory only: after a reload sync is paused, the shared project
  // and the others' work are still shown, edits are kept, and entering them uploads the edits.
  await b.page.reload();
  await waitForState(b.page, (st) => st.ready && st.tasks === 3, { what: 'B after the reload' });
  assert.equal(await b.page.getAttribute('#sync-status', 'data-state'), 'paused');
  assert.match(await b.page.textContent('#sync-status'), /enter the credentials/);
  const paused = await exported(b.page);
  assert.equal(boxOf(paused[0].annotations.find((x) => x.completed_by === 'alice')).length, 5, "the others' work as last seen");
  await drawBox(b.page, [400, 400], [450, 450]);
  step('reopen the panel in B');
  await openPanel(b.page);
  assert.equal(await b.page.inputValue('#sync-annotator'), 'bob', 'the target is remembered');
  assert.equal(await b.page.inputValue('#sync-secret-access-key'), '', 'the secret is not');
  assert.equal(await b.page.inputValue('#sync-access-key-id'), '', 'nor the access key');
  await typeInto(b.page, '#sync-access-key-id', s3.accessKeyId);
  await typeInto(b.page, '#sync-secret-access-key', s3.secretAccessKey);
  await saveAndClose(b.page);
  const bSynced = await waitSynced(b.page, 'B after entering the secret');
  assert.equal(bSynced.edits, 2);
  merged = await mergedInStorage(transport);
  assert.deepEqual(merged.annotators.map((x) => [x.annotator, x.events, x.missing]), [['alice', afterReload.edits, 0], ['bob', 2, 0]]);
});

test('WebDAV: two annotators sync through an nginx folder', async () => {
  const a = await openPage();
  const b = await openPage();
  const folder = `${dav.baseUrl}birds/`;
  step('await openPanel(a.page);');
  await openPanel(a.page);
  await fillPanel(a.page, { kind: 'webdav', davUrl: folder, listing: 'propfind', annotator: 'ann' });
  await a.page.click('#sync-test');
  assert.match(await resultText(a.page, (t) => t && t !== 'Testing…', 'the WebDAV test'), /^Connection works/);
  step('await saveAndClose(a.page);');
  await saveAndClose(a.page);
  step('await openPanel(b.page);');
  await openPanel(b.page);
  await fillPanel(b.page, { kind: 'webdav', davUrl: folder, listing: 'json', annotator: 'ben' });
  step('await saveAndClose(b.page);');
  await saveAndClose(b.page);
  step('await drawBox(a.page, [50, 50], [150, 150]);');
  await drawBox(a.page, [50, 50], [150, 150]);
  step('await drawBox(b.page, [250, 250], [320, 330]);');
  await drawBox(b.page, [250, 250], [320, 330]);
  step('const inA = await syncUntil(a.page, (e) => e[0].annotations.');
  const inA = await syncUntil(a.page, (e) => e[0].annotations.some((x) => x.completed_by === 'ben'), "B's box in A");
  step('const inB = await syncUntil(b.page, (e) => e[0].annotations.');
  const inB = await syncUntil(b.page, (e) => e[0].annotations.some((x) => x.completed_by === 'ann'), "A's box in B");
  assert.deepEqual(boxOf(inA[0].annotations.find((x) => x.completed_by === 'ben')), boxOf(inB[0].annotations.find((x) => x.completed_by === 'ben')));
  assert.deepEqual(boxOf(inB[0].annotations.find((x) => x.completed_by === 'ann')), boxOf(inA[0].annotations.find((x) => x.completed_by === 'ann')));
  step("await waitSynced(a.page, 'A');");
  await waitSynced(a.page, 'A');
  await screenshot(b.page, 'sync-04-webdav-synced');
  const t = new sync.WebDavTransport({ baseUrl: folder });
  const merged = await mergedInStorage(t);
  assert.deepEqual(merged.annotators.map((x) => [x.annotator, x.events, x.missing]), [['ann', 1, 0], ['ben', 1, 0]]);
});

test('with sync off, the page requests nothing but its own files and loads no sync code', async () => {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.context.newPage();
  const requests = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    route.continue();
  });
  await page.goto(server.url);
  await waitForState(page, (s) => s.ready, { what: 'the first task' });
  step('await drawBox(page, [60, 60], [160, 140]);');
  await drawBox(page, [60, 60], [160, 140]);
  await key(page, 'j');
  await page.waitForTimeout(1500);
  assert.equal(await page.textContent('#sync-status'), 'Sync off');
  assert.ok(requests.length > 3);
  for (const u of requests) {
    assert.equal(new URL(u).origin, origin, `request to ${u}`);
    // The active-learning worker loads the analytics facade and the core (with the facade's
    // sync/core.js wrapper); the sync layer itself (client, transports, session) stays unloaded.
    assert.doesNotMatch(new URL(u).pathname, /\/localabel\/sync\/(?!core\.js$)|sync_session|bundle\.mjs/, `sync code loaded: ${u}`);
  }
});

test('a project bundle downloaded in one profile opens in another, and downloads again the same', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-bundle-'));
  try {
    const a = await openPage();
    const b = await openPage();
    await drawBox(a.page, [60, 60], [160, 140]);
    await drawBox(a.page, [200, 60], [260, 140]);
    await openPanel(a.page);
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('#sync-bundle-download')]);
    const file = path.join(dir, 'bundle.json');
    await download.saveAs(file);
    assert.equal(download.suggestedFilename(), 'localabel-bundle.json');
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(bundle.format, 'localabel-bundle/1');
    assert.equal(bundle.project.length, exampleProject().tasks.length);
    assert.ok(bundle.labels?.label_sets, 'the label configuration goes along');
    assert.deepEqual(bundle.objects.map((o) => o.key), ['events/local/000000000001.json']);
    assert.equal(JSON.parse(bundle.objects[0].text).events.length, 2);

    await openPanel(b.page);
    const [chooser] = await Promise.all([b.page.waitForEvent('filechooser'), b.page.click('#sync-bundle-open')]);
    await chooser.setFiles(file);
    assert.match(await resultText(b.page, (t) => /^Opened|could not/.test(t), 'the bundle to open'), /^Opened the bundle: 1 annotations by 1 annotators/);
    await screenshot(b.page, 'sync-05-bundle-opened');
    const inB = await exported(b.page);
    const inA = await exported(a.page);
    assert.deepEqual(boxOf(inB[0].annotations.find((x) => x.completed_by === 'local')), boxOf(inA[0].annotations.find((x) => x.completed_by === 'me')));
    const [again] = await Promise.all([b.page.waitForEvent('download'), b.page.click('#sync-bundle-download')]);
    const file2 = path.join(dir, 'bundle2.json');
    await again.saveAs(file2);
    const bundle2 = JSON.parse(fs.readFileSync(file2, 'utf8'));
    assert.deepEqual(bundle2.objects, bundle.objects, 'the round trip keeps every segment byte for byte');
    assert.deepEqual(bundle2.project, bundle.project);
    // A file that is not a bundle is refused with a message.
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"tasks": []}');
    const [chooser2] = await Promise.all([b.page.waitForEvent('filechooser'), b.page.click('#sync-bundle-open')]);
    await chooser2.setFiles(bad);
    assert.match(await resultText(b.page, (t) => t.includes('could not'), 'the refusal'), /not a Localabel bundle/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// A signing service such as a team would run next to its bucket: it holds the secret and
// answers GET /presign?method=<GET|PUT|DELETE|LIST>&key=<key> with a presigned URL.
async function startSigner(pageOrigin) {
  const t = new sync.S3Transport({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const method = u.searchParams.get('method');
    const key = u.searchParams.get('key') ?? '';
    let url;
    if (method === 'LIST') {
      const list = new URL(t.bucketUrl().replace(/\/$/, ''));
      list.searchParams.set('list-type', '2');
      list.searchParams.set('prefix', key);
      url = await sync.presignUrl({ method: 'GET', url: list.href }, t.credentials, 600);
    } else {
      url = await t.presign(method, key, 600);
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': pageOrigin });
    res.end(url);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/presign`, close: () => new Promise((r) => server.close(r)) };
}

test('S3 through presigned URLs: the page holds no secret and still syncs', async () => {
  const signer = await startSigner(origin);
  try {
    const a = await openPage();
    await openPanel(a.page);
    await a.page.selectOption('#sync-kind', 'presigned');
    await typeInto(a.page, '#sync-sign-url', signer.url);
    await typeInto(a.page, '#sync-annotator', 'pat');
    await a.page.click('#sync-test');
    assert.match(await resultText(a.page, (t) => t && t !== 'Testing…', 'the presigned test'), /^Connection works/);
    await saveAndClose(a.page);
    await drawBox(a.page, [80, 80], [180, 160]);
    await waitSynced(a.page, 'the presigned profile');
    const root = new sync.S3Transport({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    assert.ok(await root.get('project.json'), 'project.json published through presigned URLs');
    const merged = await mergedInStorage(root);
    assert.deepEqual(merged.annotators.map((x) => [x.annotator, x.events, x.missing]), [['pat', 1, 0]]);
    const settings = await a.page.evaluate(() => Object.entries(localStorage).map(([k, v]) => `${k}=${v}`).join('\n'));
    assert.doesNotMatch(settings, /S3RVER/, 'no credential in the page storage');
  } finally {
    await signer.close();
  }
});

test('through a proxy that fails 10 % of requests, with reloads mid-upload, every edit is stored exactly once', async () => {
  const proxy = await startFaultProxy(s3.endpoint, { rate: 0.1, seed: 7, delayMs: [100, 600] });
  try {
    const a = await openPage();
    await openPanel(a.page);
    await fillPanel(a.page, s3Fields('faulty', { endpoint: proxy.url, prefix: 'team-faults', remember: true }));
    await saveAndClose(a.page);
    for (let round = 0; round < 3; ++round) {
      for (let i = 0; i < 3; ++i) {
        const x = 20 + 120 * i;
        const y = 20 + 120 * round;
        await drawBox(a.page, [x, y], [x + 60, y + 60]);
      }
      if (round === 0) await screenshot(a.page, 'sync-06-status-pending');
      await a.page.reload();
      await waitForState(a.page, (st) => st.ready, { what: `reload ${round + 1}` });
    }
    const st = await waitSynced(a.page, 'the profile behind the faulty proxy');
    assert.equal(st.edits, 9);
    const t = new sync.S3Transport({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, prefix: 'team-faults' });
    const merged = await mergedInStorage(t);
    const f = merged.annotators.find((x) => x.annotator === 'faulty');
    assert.deepEqual([f.events, f.max_seq, f.missing], [9, 9, 0], 'nine edits, each once, no gap');
    assert.deepEqual(merged.rejected, []);
    const regions = merged.annotations.find((x) => x.annotator === 'faulty').regions;
    assert.equal(regions.length, 9);
    const mine = (await appState(a.page)).mine.map((r) => [r.x, r.y, r.width, r.height]);
    const stored = regions.map((r) => [r.value.value.x, r.value.value.y, r.value.value.width, r.value.value.height].map((v) => (v * 512) / 100));
    assert.equal(mine.length, 9);
    console.log(`fault proxy: ${JSON.stringify(proxy.stats)}`);
    assert.ok(proxy.stats.requests > 0);
    for (let i = 0; i < 9; ++i) for (let k = 0; k < 4; ++k) assert.ok(Math.abs(mine[i][k] - stored[i][k]) < 1e-6, `region ${i} as the page has it`);
  } finally {
    await proxy.stop();
  }
});
