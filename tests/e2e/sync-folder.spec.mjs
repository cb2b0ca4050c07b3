// End-to-end sync through a local folder (File System Access API) and the page's handling
// of merged work. Headless Chromium gives no folder picker to click, so the page is handed a
// folder of Chromium's origin-private file system (navigator.storage.getDirectory(): the
// same FileSystemDirectoryHandle type the picker returns) through the test hook
// window.localabel.sync.useFolderPicker; everything else goes through the settings panel.
// Also: the panel explains where the folder picker is missing; the app records edits under
// the sync annotator, stays on the task the user is looking at when others' work arrives and
// counts only its own stored edits; a storage that cannot be reached when sync starts gives a
// clear message after a few seconds, the page stays usable, and sync starts once it can.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { appState, dragImage, exampleProject, key, launchBrowser, screenshot, startServer, waitForState } from './lib/app.mjs';
import { freePort, loadSync, startWebDav } from '../wasm/lib/servers.mjs';

let server;
let origin;
let sync;
let dav;
const browsers = [];

before(async () => {
  server = await startServer();
  origin = new URL(server.url).origin;
  [sync, dav] = await Promise.all([loadSync(), startWebDav({ corsOrigin: origin })]);
});

async function closeBrowsers() {
  while (browsers.length) await browsers.pop().close().catch(() => {});
}
afterEach(closeBrowsers);
after(async () => {
  await closeBrowsers();
  await Promise.all([dav?.stop(), server?.close()]);
});

async function newPage(browser, init) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (init) await page.addInitScript(init);
  await page.goto(server.url);
  await waitForState(page, (s) => s.ready, { what: 'the first task' });
  return page;
}

async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

async function resultText(page, predicate, what, ms = 30000) {
  const end = Date.now() + ms;
  let text = '';
  while (Date.now() < end) {
    text = await page.textContent('#sync-test-result');
    if (predicate(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; panel says: ${text}`);
}

async function waitSynced(page, what, ms = 60000) {
  const end = Date.now() + ms;
  let st = null;
  while (Date.now() < end) {
    st = await page.evaluate(() => window.localabel?.sync.status() ?? null);
    if (st?.state === 'synced' && (await page.getAttribute('#sync-status', 'data-state')) === 'synced') return st;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what} to be synced; status ${JSON.stringify(st)}`);
}

async function drawBox(page, a, b) {
  let s = await waitForState(page, (st) => st.ready, { what: 'the image before drawing' });
  if (s.tool !== 'box') await key(page, 'b');
  s = await appState(page);
  const before = s.mine.length;
  await dragImage(page, s, a, b);
  return waitForState(page, (st) => st.mine.length === before + 1 && st.events.pending === 0, { what: 'the drawn box, saved' });
}

const exported = (page) => page.evaluate(() => JSON.parse(window.localabel.exportText()));
const boxes = (annotation) => (annotation?.result ?? []).filter((r) => r.type === 'rectanglelabels').map((r) => r.value);

// Every file of the OPFS folder `name` as {path: text}, read in the page.
function folderFiles(page, name) {
  return page.evaluate(async (folder) => {
    const out = {};
    const walk = async (dir, path) => {
      for await (const [n, h] of dir.entries()) {
        if (h.kind === 'directory') await walk(h, `${path}${n}/`);
        else out[path + n] = await (await h.getFile()).text();
      }
    };
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle(folder), '');
    return out;
  }, name);
}

// The page's "Choose folder…" returns the OPFS folder `name`.
function giveFolder(page, name) {
  return page.evaluate((folder) => {
    window.localabel.sync.useFolderPicker(async () => (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true }));
  }, name);
}

test('a local folder: edits become segment files, another tab of the profile pulls them; the app keeps its task, count and annotator', async () => {
  const { tasks } = exampleProject();
  const browser = await launchBrowser();
  browsers.push(browser);
  const a = await newPage(browser);
  await giveFolder(a, 'team');
  await a.click('#sync-button');
  await a.waitForSelector('#sync-dialog[open]');
  assert.equal(await a.isVisible('#sync-folder-unsupported'), false, 'Chromium offers the folder: no explanation shown');
  await a.selectOption('#sync-kind', 'folder');
  assert.equal(await a.isVisible('#sync-folder-choose'), true);
  await a.click('#sync-save');
  assert.match(await resultText(a, (t) => t.length > 0, 'the refusal without a folder'), /Folder: choose a folder/);
  await a.click('#sync-folder-choose');
  await a.waitForFunction(() => document.getElementById('sync-folder-name').textContent !== 'no folder chosen');
  assert.equal(await a.textContent('#sync-folder-name'), '"team"');
  assert.equal(await a.textContent('#sync-test-result'), 'Chosen: "team". Press Save to sync with it.');
  await typeInto(a, '#sync-annotator', 'alice');
  await a.click('#sync-test');
  assert.match(await resultText(a, (t) => t && t !== 'Testing…' && !t.startsWith('Chosen'), 'the folder test'), /^Connection works: wrote a test file, read it back, listed the folder, removed the test file/);
  await a.click('#sync-save');
  assert.equal(await resultText(a, (t) => t.startsWith('Saved') || t.includes('could not'), 'saving'), 'Saved. Sync is on.');
  await screenshot(a, 'sync-folder-01-panel');
  await a.click('#sync-close');
  await waitSynced(a, 'alice');
  assert.equal((await appState(a)).annotator, 'alice', 'the app records under the sync annotator');

  await drawBox(a, [40, 40], [140, 120]);
  await key(a, 'j');
  await waitForState(a, (s) => s.ready && s.task.index === 1, { what: 'task 2' });
  await drawBox(a, [60, 60], [160, 160]);
  const stA = await waitSynced(a, 'alice after two boxes');
  assert.equal(stA.edits, 2);
  assert.match(stA.target, /^folder "team"$/);

  // The folder holds the project and alice's segments as plain JSON files.
  // (One segment per upload: the two boxes may have gone up together or one by one.)
  let files = await folderFiles(a, 'team');
  const aliceKeys = Object.keys(files).filter((k) => k.startsWith('events/alice/')).sort();
  assert.deepEqual(Object.keys(files).filter((k) => !k.startsWith('events/alice/')).sort(), ['labels.json', 'project.json']);
  assert.ok(aliceKeys.length >= 1 && aliceKeys.every((k) => /^events\/alice\/\d{12}\.json$/.test(k)), aliceKeys.join());
  assert.equal(aliceKeys[0], 'events/alice/000000000001.json');
  assert.equal(JSON.parse(files['project.json']).length, tasks.length);
  assert.ok(JSON.parse(files['labels.json']));
  const aliceTexts = aliceKeys.map((k) => files[k]);
  const seg = { events: aliceKeys.flatMap((k) => JSON.parse(files[k]).events) };
  assert.equal(JSON.parse(files[aliceKeys[0]]).first_seq, 1);
  assert.deepEqual(seg.events.map((e) => [e.annotator, e.seq, e.type, e.task]), [
    ['alice', 1, 'create_region', String(tasks[0].id)],
    ['alice', 2, 'create_region', String(tasks[1].id)],
  ]);
  const own = (await exported(a))[0].annotations.find((x) => x.completed_by === 'alice');
  assert.deepEqual(boxes(own), [seg.events[0].value.value], 'the export names the annotator as the storage does');

  // Another tab of the same profile, as another annotator: same folder, pulls alice's work.
  await a.close();
  const b = await newPage(browser);
  await waitSynced(b, 'the second tab (still alice)');
  await b.click('#sync-button');
  await b.waitForSelector('#sync-dialog[open]');
  assert.equal(await b.inputValue('#sync-kind'), 'folder');
  assert.equal(await b.textContent('#sync-folder-name'), '"team"', 'the folder is remembered');
  await typeInto(b, '#sync-annotator', 'bob');
  await b.click('#sync-save');
  assert.equal(await resultText(b, (t) => t.startsWith('Saved') || t.includes('could not'), 'saving as bob'), 'Saved. Sync is on.');
  await b.click('#sync-close');
  let st = await waitForState(b, (s) => s.ready && s.annotator === 'bob', { what: 'bob in the app' });
  const seen = await (async () => {
    const end = Date.now() + 30000;
    for (;;) {
      const e = await exported(b);
      const x = e[0].annotations.find((y) => y.completed_by === 'alice');
      if (x || Date.now() > end) return e;
      await b.click('#sync-now');
      await b.waitForTimeout(300);
    }
  })();
  assert.deepEqual(boxes(seen[0].annotations.find((x) => x.completed_by === 'alice')), [seg.events[0].value.value], "bob sees alice's box");
  assert.deepEqual(boxes(seen[1].annotations.find((x) => x.completed_by === 'alice')), [seg.events[1].value.value]);
  assert.equal(seen[0].annotations.some((x) => x.completed_by === 'bob'), false);

  // bob labels task 1, then looks at task 3 while carol's work arrives in the folder.
  st = await waitForState(b, (s) => s.ready, { what: 'B ready' });
  if (st.task.index !== 0) {
    await key(b, 'Home');
    await waitForState(b, (s) => s.ready && s.task.index === 0, { what: 'task 1' });
  }
  await drawBox(b, [200, 200], [260, 280]);
  await waitSynced(b, 'bob');
  await key(b, 'j');
  await key(b, 'j');
  st = await waitForState(b, (s) => s.ready && s.task.index === 2, { what: 'task 3 in B' });
  const before = st.events;
  assert.equal(before.acked, 1, 'one edit of bob saved');
  const carol = sync.core.encodeSegment([
    { annotator: 'carol', seq: 1, type: 'create_region', task: String(tasks[0].id), region: 'c1', value: { ...seg.events[0].value, id: 'c1' } },
    { annotator: 'carol', seq: 2, type: 'submit', task: String(tasks[0].id), lead_time: 4 },
  ]);
  await b.evaluate(async ([k, text]) => {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('team');
    const parts = k.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
    const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await w.write(text);
    await w.close();
  }, [carol.key, carol.text]);
  const end = Date.now() + 30000;
  let withCarol;
  while (Date.now() < end) {
    await b.click('#sync-now');
    await b.waitForTimeout(400);
    withCarol = await exported(b);
    if (withCarol[0].annotations.some((x) => x.completed_by === 'carol')) break;
  }
  assert.ok(withCarol[0].annotations.some((x) => x.completed_by === 'carol'), "carol's work arrived");
  // Pull again (nothing new) and once more after another edit elsewhere: still on task 3.
  await b.click('#sync-now');
  st = await waitForState(b, (s) => s.ready, { what: 'B after the pulls' });
  assert.equal(st.task.index, 2, 'the view stays on the task bob is looking at');
  assert.equal(st.events.acked, 1, "saved counts bob's own edit once, not the others' nor each pull");
  assert.equal(st.events.replayed, 1);
  assert.equal(st.annotator, 'bob');
  assert.equal(await b.evaluate(() => window.localabel.sync.status().pulls > 1), true);
  await screenshot(b, 'sync-folder-02-second-tab');

  files = await folderFiles(b, 'team');
  assert.deepEqual(Object.keys(files).filter((k) => k.startsWith('events/')).sort(), [
    ...aliceKeys, 'events/bob/000000000001.json', 'events/carol/000000000001.json',
  ]);
  assert.deepEqual(aliceKeys.map((k) => files[k]), aliceTexts, "alice's segments are unchanged (never overwritten)");
  const bobSeg = JSON.parse(files['events/bob/000000000001.json']);
  assert.deepEqual(bobSeg.events.map((e) => [e.annotator, e.seq, e.type]), [['bob', 1, 'create_region']]);
  const merged = JSON.parse(sync.core.mergeText(Object.entries(files).filter(([k]) => k.startsWith('events/')).map(([k, text]) => ({ key: k, text }))));
  assert.deepEqual(merged.annotators.map((x) => [x.annotator, x.events, x.missing]), [['alice', 2, 0], ['bob', 1, 0], ['carol', 2, 0]]);

  // The browser forgets the folder (its remembered handles are cleared): after a reload sync
  // pauses with a plain message, the page shows the shared work as last seen and keeps edits;
  // choosing the folder again resumes and uploads them.
  await b.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase('localabel-sync-folders');
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  }));
  await b.reload();
  await waitForState(b, (s) => s.ready && s.annotator === 'bob', { what: 'B after the reload' });
  await b.waitForFunction(() => document.getElementById('sync-status').dataset.state === 'paused');
  assert.equal(await b.textContent('#sync-status'), 'Sync paused: This browser no longer knows the folder "team": choose it again in the sync settings.');
  const paused = await exported(b);
  assert.ok(paused[0].annotations.some((x) => x.completed_by === 'carol'), "the others' work as last seen");
  assert.equal(boxes(paused[0].annotations.find((x) => x.completed_by === 'bob')).length, 1, "bob's own box");
  await key(b, 'Home');
  await drawBox(b, [300, 300], [350, 350]);
  await giveFolder(b, 'team');
  await b.click('#sync-button');
  await b.waitForSelector('#sync-dialog[open]');
  await b.click('#sync-folder-choose');
  await resultText(b, (t) => t.startsWith('Chosen'), 'the folder chosen again');
  await b.click('#sync-save');
  assert.equal(await resultText(b, (t) => t.startsWith('Saved') || t.includes('could not'), 'saving again'), 'Saved. Sync is on.');
  await b.click('#sync-close');
  const resumed = await waitSynced(b, 'bob after choosing the folder again');
  assert.equal(resumed.edits, 2, "bob's log continues");
  files = await folderFiles(b, 'team');
  const bobEvents = Object.keys(files).filter((k) => k.startsWith('events/bob/')).sort().flatMap((k) => JSON.parse(files[k]).events);
  assert.deepEqual(bobEvents.map((e) => [e.seq, e.type]), [[1, 'create_region'], [2, 'create_region']], 'the edit made while paused is uploaded, after the first');
});

test('where the browser has no folder picker, the panel explains and points to the bundle', async () => {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await newPage(browser, () => {
    Object.defineProperty(window, 'showDirectoryPicker', { value: undefined, configurable: true });
  });
  await page.click('#sync-button');
  await page.waitForSelector('#sync-dialog[open]');
  assert.equal(await page.isVisible('#sync-folder-unsupported'), true);
  assert.match(await page.textContent('#sync-folder-unsupported'), /File System Access API.*Download bundle/s);
  const offered = await page.$$eval('#sync-kind option', (os) => os.filter((o) => !o.hidden && !o.disabled).map((o) => o.value));
  assert.deepEqual(offered, ['off', 's3', 'presigned', 'webdav']);
});

// A proxy to the WebDAV server that refuses every connection while `down`.
async function startSwitchProxy(target) {
  const to = new URL(target);
  const state = { down: true, refused: 0 };
  const srv = http.createServer((req, res) => {
    if (state.down) {
      ++state.refused;
      return req.socket.destroy();
    }
    const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  const port = await freePort();
  await new Promise((resolve) => srv.listen(port, '127.0.0.1', resolve));
  return { state, url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(r); }) };
}

test('storage unreachable when sync starts: a clear message within seconds, the page stays usable, sync starts once it can', async () => {
  const proxy = await startSwitchProxy(dav.baseUrl);
  try {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await newPage(browser);
    const folder = `${proxy.url}${new URL(dav.baseUrl).pathname}unreachable/`;
    await page.click('#sync-button');
    await page.waitForSelector('#sync-dialog[open]');
    await page.selectOption('#sync-kind', 'webdav');
    await typeInto(page, '#sync-dav-url', folder);
    await typeInto(page, '#sync-annotator', 'una');
    const t0 = Date.now();
    await page.click('#sync-save');
    const said = await resultText(page, (t) => t.includes('could not'), 'the message about the storage', 40000);
    const seconds = (Date.now() - t0) / 1000;
    console.log(`unreachable storage reported after ${seconds.toFixed(1)} s: ${said}`);
    assert.match(said, /^Sync could not start: could not reach 127\.0\.0\.1:\d+/);
    assert.ok(proxy.state.refused >= 4, `tried several times (${proxy.state.refused})`);
    await page.click('#sync-close');
    // Retrying in the background, in plain words; the page is usable meanwhile.
    await page.waitForFunction(() => document.getElementById('sync-status').dataset.state === 'retrying');
    assert.match(await page.textContent('#sync-status'), /Trying again in \d+ s; your edits are kept in this browser/);
    await drawBox(page, [50, 50], [120, 130]);
    const st = await appState(page);
    assert.equal(st.events.acked, 1, 'the edit is saved in the browser');
    await screenshot(page, 'sync-folder-03-unreachable');
    // A reload while the storage is still away: the page opens at once with the edit, and
    // keeps trying in the background.
    const refusedBefore = proxy.state.refused;
    await page.reload();
    await waitForState(page, (s) => s.ready && s.mine.length === 1, { what: 'the page and its edit after the reload' });
    await page.waitForFunction(() => document.getElementById('sync-status').dataset.state === 'retrying');
    assert.match(await page.textContent('#sync-status'), /^Sync could not start: could not reach .*Trying again in 5 s; your edits are kept in this browser\.$/);
    assert.ok(proxy.state.refused > refusedBefore);
    // The storage comes back: sync starts by itself and uploads the edit.
    proxy.state.down = false;
    const synced = await waitSynced(page, 'the page once the storage is back', 90000);
    assert.equal(synced.edits, 1);
    assert.equal(synced.annotator, 'una');
    const t = new sync.WebDavTransport({ baseUrl: `${dav.baseUrl}unreachable/` });
    const keys = await t.list('events/');
    assert.deepEqual(keys, ['events/una/000000000001.json']);
    assert.equal(JSON.parse(await t.get(keys[0])).events[0].type, 'create_region');
  } finally {
    await proxy.stop();
  }
});
