// End-to-end test of a large image (16384 x 16384 pixels, 1 GiB as RGBA) shown through
// tiles: it opens, zooms in with the wheel, pans across many tiles with the middle button,
// the resident tile textures stay within their bound (least recently used ones evicted), the
// page's JavaScript heap and the app's wasm memory stay far below the image's size, the
// pixels on screen are those of the image at their place, and a box drawn on it is exported
// in full-resolution coordinates. The image is a generated grid (tests/e2e/lib/grid-image.mjs)
// whose every pixel's colour is known.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  appState, key, launchBrowser, screenshot, startServer, waitForState, waitFrames,
} from './lib/app.mjs';
import { gridColor, gridImage } from './lib/grid-image.mjs';

const SIZE = 16384;
const MiB = 1024 * 1024;
let server;
let browser;
let page;
let cdp;
let shown; // state once the image is shown
const measured = {};

before(async () => {
  const file = await gridImage(SIZE);
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route('**/large/grid.png', (route) => route.fulfill({ path: file, contentType: 'image/png' }));
  cdp = await browser.context.newCDPSession(page);
  await page.goto(server.url);
  await waitForState(page, (s) => s.ready, { what: 'the example project' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Resident memory (bytes, /proc) of the browser on the test's profile and all its
// descendants: includes the decoded image, which lives outside both heaps.
function browserRss() {
  const parent = new Map();
  const rss = new Map();
  const onProfile = new Set(); // the browser and its helpers name the profile
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.includes(browser.profile))) onProfile.add(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  // The browser: the process on the profile whose parent is not.
  const root = [...onProfile].find((pid) => !onProfile.has(parent.get(pid)));
  let total = 0;
  for (const [pid, size] of rss) {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
      if (p === root) {
        total += size;
        break;
      }
    }
  }
  return total;
}

// The page's JavaScript heap in use (CDP Runtime.getHeapUsage), the app's wasm memory and
// the browser's resident memory.
async function memory() {
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.localabel.module.HEAPU8.length);
  return { js: usedSize, wasm, browser: browserRss() };
}

const toPage = (s, x, y) => [s.view.x + s.view.scale * x, s.view.y + s.view.scale * y];
const toImage = (s, px, py) => [(px - s.view.x) / s.view.scale, (py - s.view.y) / s.view.scale];
const allTilesShown = (s) => s.tiles && s.tiles.level >= 0 && s.tiles.visible > 0 &&
  s.tiles.visible_resident === s.tiles.visible && s.tiles.in_flight === 0;

// Screen points (page pixels) inside the canvas at the centres of 4 x 4 checker squares of
// the image (2 image pixels from any colour edge), about `count` of them spread evenly.
function samplePoints(s, count = 200) {
  const [cx, cy, cw, ch] = s.canvas;
  const points = [];
  const step = Math.sqrt((cw * ch) / count);
  for (let py = cy + 8; py < cy + ch - 8; py += step) {
    for (let px = cx + 8; px < cx + cw - 8; px += step) {
      const [ix, iy] = toImage(s, px, py);
      if (ix < 0 || iy < 0 || ix >= SIZE || iy >= SIZE) continue;
      const x = Math.floor(ix / 4) * 4 + 2;
      const y = Math.floor(iy / 4) * 4 + 2;
      if (x % 1024 < 4 || y % 1024 < 4) continue; // next to a black line
      const [sx, sy] = toPage(s, x, y);
      points.push({ x, y, sx: Math.floor(sx), sy: Math.floor(sy) });
    }
  }
  return points;
}

test('a 16384 x 16384 image opens with an overview and far less memory than its pixels', async () => {
  const project = JSON.stringify([{ id: 1, data: { image: '/large/grid.png' } }]);
  measured.baseMemory = await memory();
  const t0 = Date.now();
  assert.equal(await page.evaluate((text) => window.localabel.loadProject(text), project), true);
  shown = await waitForState(page, (s) => s.ready && s.tiles, { timeout: 240000, what: 'the large image' });
  measured.firstDisplayMs = Date.now() - t0;
  assert.equal(shown.tiles.width, SIZE);
  assert.equal(shown.tiles.height, SIZE);
  assert.equal(shown.tiles.level, -1, 'fitted whole, the overview is fine enough');
  assert.equal(shown.tiles.resident, 0);
  // The whole image fits the canvas.
  const [cx, cy, cw, ch] = shown.canvas;
  const [x0, y0] = toPage(shown, 0, 0);
  const [x1, y1] = toPage(shown, SIZE, SIZE);
  assert.ok(x0 >= cx && y0 >= cy && x1 <= cx + cw + 1 && y1 <= cy + ch + 1, 'fitted');

  // The overview shows each 256-pixel cell's colour at its place; its blue is the
  // checkerboard averaged (about 128), not 0 or 255.
  const shot = await screenshot(page, 'large-image-01-overview');
  let checked = 0;
  for (let cyi = 1; cyi < 64; cyi += 7) {
    for (let cxi = 1; cxi < 64; cxi += 7) {
      const x = cxi * 256 + 128;
      const y = cyi * 256 + 128;
      const [r, g] = gridColor(x, y);
      const [px, py] = toPage(shown, x, y);
      const [sr, sg, sb] = shot.at(Math.floor(px), Math.floor(py));
      assert.ok(Math.abs(sr - r) <= 8 && Math.abs(sg - g) <= 8,
        `cell ${cxi},${cyi} at (${px.toFixed(0)}, ${py.toFixed(0)}): [${sr}, ${sg}] expected [${r}, ${g}]`);
      assert.ok(sb > 60 && sb < 200, `overview blue ${sb} is the checkerboard's average`);
      checked++;
    }
  }
  assert.ok(checked >= 64);
  measured.openMemory = await memory();
});

test('zoomed in with the wheel, full-resolution tiles are drawn at their place', async () => {
  const [cx, cy, cw, ch] = shown.canvas;
  // Zoom around image point (3000, 2500) until one image pixel is at least one screen pixel.
  const [ax, ay] = toPage(shown, 3000, 2500);
  await page.mouse.move(ax, ay);
  let s = shown;
  for (let i = 0; i < 30 && s.view.scale < 1; i++) {
    const before = s.view.scale;
    await page.mouse.wheel(0, -300);
    s = await waitForState(page, (t) => t.view.scale > before, { what: 'zoom in' });
  }
  assert.ok(s.view.scale >= 1, `scale ${s.view.scale}`);
  s = await waitForState(page, allTilesShown, { timeout: 60000, what: 'the visible tiles' });
  assert.equal(s.tiles.level, 0);
  assert.ok(s.tiles.visible >= 1 && s.tiles.visible <= 4, `${s.tiles.visible} tiles visible`);
  await waitFrames(page, 3);
  s = await appState(page);
  const shot = await screenshot(page, 'large-image-02-zoomed-tiles');
  const points = samplePoints(s);
  assert.ok(points.length > 100, `${points.length} sample points`);
  let wrong = 0;
  for (const p of points) {
    const expected = gridColor(p.x, p.y);
    const got = shot.at(p.sx, p.sy);
    if (expected.some((v, k) => Math.abs(v - got[k]) > 8)) {
      if (wrong++ < 5) console.error(`image (${p.x}, ${p.y}) at (${p.sx}, ${p.sy}): [${got}] expected [${expected}]`);
    }
  }
  assert.equal(wrong, 0, `${wrong} of ${points.length} pixels differ from the image`);
  // The zoom anchor stayed under the pointer (within a screen pixel of the fitted view).
  const [bx, by] = toImage(s, ax, ay);
  const slack = 1 / shown.view.scale;
  assert.ok(Math.abs(bx - 3000) < slack && Math.abs(by - 2500) < slack,
    `anchor now at (${bx.toFixed(1)}, ${by.toFixed(1)}), allowed ${slack.toFixed(1)} px`);
  assert.ok(cw > 0 && ch > 0 && cx >= 0 && cy >= 0);
});

test('panning across the image loads and evicts tiles within the bound, never showing holes', async () => {
  let s = await appState(page);
  // Zoom out one step at a time until just below 100 % (still full-resolution tiles, more
  // of them visible).
  const [cx, cy, cw, ch] = s.canvas;
  await page.mouse.move(cx + cw / 2, cy + ch / 2);
  for (let i = 0; i < 10 && s.view.scale >= 1; i++) {
    const before = s.view.scale;
    await page.mouse.wheel(0, 100);
    s = await waitForState(page, (t) => t.view.scale < before, { what: 'zoom out' });
  }
  assert.ok(s.view.scale >= 0.5 && s.view.scale < 1, `scale ${s.view.scale}`);
  const start = s.tiles;
  const [startX] = toImage(s, cx + cw, cy + ch / 2);
  let maxResident = 0;
  let holesChecked = 0;
  const y = cy + ch / 2;
  for (let drag = 0; drag < 14; drag++) {
    // Middle-button drag from the right of the canvas to its left: the view moves right.
    await page.mouse.move(cx + cw - 40, y);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(cx + 40, y - ch * 0.2, { steps: 8 });
    await page.mouse.up({ button: 'middle' });
    s = await waitFrames(page, 2);
    if (drag % 4 === 1) {
      // Right after the pan, before the new tiles arrive: no hole, every sampled cell shows
      // its colour (from a tile or from the overview stretched in its place).
      const shot = await screenshot(page, `large-image-03-pan-${drag}`);
      const now = await appState(page);
      for (const p of samplePoints(now, 80)) {
        if (p.x % 256 < 12 || p.y % 256 < 12 || p.x % 256 > 244 || p.y % 256 > 244) continue;
        const [r, g] = gridColor(p.x, p.y);
        const got = shot.at(p.sx, p.sy);
        assert.ok(Math.abs(got[0] - r) <= 10 && Math.abs(got[1] - g) <= 10,
          `after pan ${drag}: image (${p.x}, ${p.y}) shows [${got}], cell colour [${r}, ${g}]`);
        holesChecked++;
      }
    }
    s = await waitForState(page, allTilesShown, { timeout: 60000, what: `tiles after pan ${drag}` });
    maxResident = Math.max(maxResident, s.tiles.resident, s.tiles.max_resident);
    assert.ok(s.tiles.resident <= s.tiles.max_tiles, `${s.tiles.resident} tiles resident`);
  }
  const end = s.tiles;
  const [vx, vy] = toImage(s, cx + cw, y);
  console.log(`panned to image (${vx.toFixed(0)}, ${vy.toFixed(0)}); tiles: loaded ${end.loaded}, evicted ${end.evicted}, ` +
    `most resident ${end.max_resident} of ${end.max_tiles}`);
  assert.ok(vx - startX > 8 * 1024, `the view moved by ${(vx - startX).toFixed(0)} pixels (8 tiles at least)`);
  assert.ok(holesChecked > 20, `${holesChecked} points checked right after panning`);
  assert.equal(end.max_tiles, 24);
  assert.equal(end.tile_size, 1024);
  // More tiles were shown than the cache holds: the least recently used ones were evicted.
  assert.ok(end.loaded > end.max_tiles, `${end.loaded} tiles loaded (${start.loaded} before panning)`);
  assert.ok(end.evicted > 0, `${end.evicted} tiles evicted`);
  assert.equal(end.resident, end.loaded - end.evicted, 'every loaded tile is resident or evicted');
  assert.ok(end.max_resident <= 24 && maxResident <= 24, `at most ${end.max_resident} tiles resident`);
  const mem = await memory();
  measured.panMemory = mem;
  measured.tiles = end;
  // The decoded image (1 GiB) is held once, by the browser: with the tile textures, the
  // overview and the canvases the browser grew by less than 2 GiB.
  const grown = mem.browser - measured.baseMemory.browser;
  assert.ok(grown < 2048 * MiB, `the browser grew by ${(grown / MiB).toFixed(0)} MiB`);
  // The image is 1 GiB as RGBA: neither heap holds more than a small part of it.
  assert.ok(mem.js < 200 * MiB, `JavaScript heap ${(mem.js / MiB).toFixed(1)} MiB`);
  assert.ok(mem.wasm < 256 * MiB, `wasm memory ${(mem.wasm / MiB).toFixed(1)} MiB`);
});

test('between the overview and full resolution, tiles of a coarser level are drawn at their place', async () => {
  let s = await appState(page);
  const [cx, cy, cw, ch] = s.canvas;
  await page.mouse.move(cx + cw / 2, cy + ch / 2);
  for (let i = 0; i < 10 && s.view.scale >= 0.5; i++) {
    const before = s.view.scale;
    await page.mouse.wheel(0, 100);
    s = await waitForState(page, (t) => t.view.scale < before, { what: 'zoom out' });
  }
  assert.ok(s.view.scale < 0.5 && s.view.scale > 0.125, `scale ${s.view.scale}`);
  s = await waitForState(page, allTilesShown, { timeout: 60000, what: 'the visible tiles' });
  // 2^level image pixels per texel, no more than one screen pixel's worth.
  assert.equal(s.tiles.level, Math.floor(Math.log2(1 / s.view.scale)));
  assert.ok(s.tiles.level >= 1 && s.tiles.level < s.tiles.levels, `level ${s.tiles.level}`);
  assert.ok(s.tiles.resident <= s.tiles.max_tiles);
  await waitFrames(page, 3);
  s = await appState(page);
  const shot = await screenshot(page, `large-image-04-level-${s.tiles.level}`);
  // Each visible cell's colour at its centre.
  let checked = 0;
  for (const p of samplePoints(s, 120)) {
    const x = Math.floor(p.x / 256) * 256 + 128;
    const y = Math.floor(p.y / 256) * 256 + 128;
    const [px, py] = toPage(s, x, y);
    if (px < cx + 4 || py < cy + 4 || px > cx + cw - 4 || py > cy + ch - 4) continue;
    const [r, g] = gridColor(x, y);
    const got = shot.at(Math.floor(px), Math.floor(py));
    assert.ok(Math.abs(got[0] - r) <= 8 && Math.abs(got[1] - g) <= 8,
      `level ${s.tiles.level}: image (${x}, ${y}) shows [${got}], cell colour [${r}, ${g}]`);
    checked++;
  }
  assert.ok(checked > 30, `${checked} cells checked`);
});

test('a box drawn on the large image is exported in full-resolution coordinates', async () => {
  await key(page, 'b');
  let s = await appState(page);
  assert.equal(s.tool, 'box');
  const [cx, cy, cw, ch] = s.canvas;
  const a = [cx + cw * 0.3, cy + ch * 0.3];
  const b = [cx + cw * 0.6, cy + ch * 0.7];
  const [ix0, iy0] = toImage(s, ...a);
  const [ix1, iy1] = toImage(s, ...b);
  await page.mouse.move(...a);
  await waitFrames(page, 1);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.move(...b, { steps: 6 });
  await waitFrames(page, 2);
  await page.mouse.up();
  s = await waitFrames(page, 2);
  assert.equal(s.regions_drawn, 1);
  await screenshot(page, 'large-image-05-box');
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  const tasks = Array.isArray(exported) ? exported : exported.tasks;
  const box = tasks[0].annotations.flatMap((x) => x.result).find((r) => r.type === 'rectanglelabels');
  assert.ok(box, 'the box is exported');
  assert.equal(box.original_width, SIZE);
  assert.equal(box.original_height, SIZE);
  const tol = 2 / s.view.scale; // pixels of the image
  const near = (got, want, what) => assert.ok(Math.abs(got - want) <= (tol / SIZE) * 100,
    `${what}: ${got} % expected ${want} %`);
  near(box.value.x, (ix0 / SIZE) * 100, 'x');
  near(box.value.y, (iy0 / SIZE) * 100, 'y');
  near(box.value.width, ((ix1 - ix0) / SIZE) * 100, 'width');
  near(box.value.height, ((iy1 - iy0) / SIZE) * 100, 'height');
  console.log(`box at image (${ix0.toFixed(1)}, ${iy0.toFixed(1)}) - (${ix1.toFixed(1)}, ${iy1.toFixed(1)}); ` +
    `exported x ${box.value.x.toFixed(4)} %, y ${box.value.y.toFixed(4)} %`);
  const mb = (v) => (v / MiB).toFixed(1);
  console.log(`large image: tile ${measured.tiles.tile_size} px, at most ${measured.tiles.max_tiles} tiles; ` +
    `first display ${measured.firstDisplayMs} ms; JS heap ${mb(measured.openMemory.js)} MiB after opening, ` +
    `${mb(measured.panMemory.js)} MiB after panning; wasm memory ${mb(measured.panMemory.wasm)} MiB; ` +
    `browser resident ${mb(measured.baseMemory.browser)} MiB before, ${mb(measured.openMemory.browser)} MiB after opening, ${mb(measured.panMemory.browser)} MiB after panning`);
});
