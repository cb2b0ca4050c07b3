// Helpers for the browser end-to-end tests: a loopback server for the built page, Debian's
// Chromium driven by playwright-core, the app's state, and screenshot pixels.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../../tools/serve.mjs';
import { decodePng } from './png.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const webDir = path.resolve(repo, process.env.LOCALABEL_WEB_DIR ?? 'build/wasm-release/web');
export const screenshotDir = path.join(repo, 'test-output/screenshots');

/** Starts the static server on a free loopback port. Returns {server, url, close()}. */
export async function startServer() {
  if (!fs.existsSync(path.join(webDir, 'localabel_app.wasm'))) {
    throw new Error(`${webDir} has no built app (run tools/build or set LOCALABEL_WEB_DIR)`);
  }
  const { server, url } = await serve({ port: 0, host: '127.0.0.1', root: webDir, quiet: true });
  return { server, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Launches headless Chromium on a fresh profile. Returns {context, profile, close()}. */
export async function launchBrowser({ profile } = {}) {
  const dir = profile ?? fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    profile: dir,
    close: async () => {
      await context.close();
      if (!profile) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the server and a browser on a fresh profile and opens the page on it, logging the
 * page's errors. `prepare(page)` runs before the page loads (listeners, routes). Returns
 * {server, browser, page, close()}.
 */
export async function openApp({ prepare = null } = {}) {
  const server = await startServer();
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (prepare) await prepare(page);
  await page.goto(server.url);
  return {
    server, browser, page,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens the app once for all tests of a spec file (node:test before / after hooks): calls
 * `opened(app)` with openApp's result, after the example project is ready when `ready`.
 */
export function openAppForFile({ prepare = null, ready = false, opened }) {
  let app;
  before(async () => {
    app = await openApp({ prepare });
    if (ready) await waitForState(app.page, (s) => s.ready, { what: 'the example project' });
    opened(app);
  });
  after(async () => {
    await app?.close();
  });
}

/**
 * Makes the page record its own frame timing on every animation frame (before it loads):
 * window.__timing = {gaps: ms between animation frames, cpp: the app's C++ ms of each frame,
 * recording: set true to record}.
 */
export function recordFrameTiming(page) {
  return page.addInitScript(() => {
    const t = { gaps: [], cpp: [], recording: false, last: 0, lastFrame: -1 };
    window.__timing = t;
    const tick = (now) => {
      if (t.recording && t.last > 0) t.gaps.push(now - t.last);
      t.last = now;
      const m = window.localabel?.module;
      if (t.recording && m) {
        const f = JSON.parse(m.UTF8ToString(m._la_frame_json()));
        if (f.frame !== t.lastFrame) {
          t.cpp.push(f.frame_ms);
          t.lastFrame = f.frame;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Ends Chrome tracing started on CDP session `cdp` (transferMode ReturnAsStream) and returns
 * the trace's events. */
export async function endTrace(cdp) {
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  const chunks = [];
  for (;;) {
    const r = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64') : Buffer.from(r.data));
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** Goes to task `index` with the keyboard only: Home, then PageDown (10 tasks) and j (1). */
export async function gotoTask(page, index) {
  await page.keyboard.press('Home');
  for (let i = 0; i < Math.floor(index / 10); i++) await page.keyboard.press('PageDown');
  for (let i = 0; i < index % 10; i++) await page.keyboard.press('j');
  return waitForState(page, (s) => s.ready && s.task.index === index, { what: `task ${index}` });
}

/** The app's state (see App::state_json in frontend/app/app.cpp), or null before it runs. */
export function appState(page) {
  return page.evaluate(() => (window.localabel ? window.localabel.state() : null));
}

/** Polls the app's state until `predicate(state)` holds; returns that state. */
export async function waitForState(page, predicate, { timeout = 30000, what = 'state' } = {}) {
  const end = Date.now() + timeout;
  let last = null;
  while (Date.now() < end) {
    last = await appState(page);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)?.slice(0, 600)}`);
}

/** Waits until at least `n` more frames have been drawn after the current one. */
export async function waitFrames(page, n = 3) {
  const start = (await appState(page)).frame;
  return waitForState(page, (s) => s.frame >= start + n, { what: `${n} frames` });
}

/**
 * Takes a screenshot (saved as test-output/screenshots/<name>.png) and decodes it.
 * Returns {width, height, data: Uint8Array RGBA, file, at(x, y) -> [r, g, b]}.
 */
export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  const png = await page.screenshot({ path: file });
  const { width, height, data } = decodePng(png);
  return {
    width, height, data, file,
    at(x, y) {
      const i = (Math.round(y) * width + Math.round(x)) * 4;
      return [data[i], data[i + 1], data[i + 2]];
    },
  };
}

/** Parses "#rrggbb". */
export function hexColor(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Smallest colour distance to `rgb` within a (2r+1)^2 neighbourhood of (x, y). */
export function nearestColorDistance(shot, x, y, rgb, r = 2) {
  let best = Infinity;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const px = Math.round(x) + dx;
      const py = Math.round(y) + dy;
      if (px < 0 || py < 0 || px >= shot.width || py >= shot.height) continue;
      const [a, b, c] = shot.at(px, py);
      best = Math.min(best, Math.hypot(a - rgb[0], b - rgb[1], c - rgb[2]));
    }
  }
  return best;
}

/** Statistics of a rectangle of the screenshot: distinct colours (quantised) and luma spread. */
export function regionStats(shot, [x0, y0, w, h]) {
  const colors = new Set();
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(shot.height, y0 + h); y += 2) {
    for (let x = Math.max(0, x0); x < Math.min(shot.width, x0 + w); x += 2) {
      const [r, g, b] = shot.at(x, y);
      colors.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += l;
      sum2 += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return { distinctColors: colors.size, lumaStd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

/** The example project and its label configuration. */
export function exampleProject() {
  const tasks = JSON.parse(fs.readFileSync(path.join(repo, 'examples/demo/project.json'), 'utf8'));
  const labels = JSON.parse(fs.readFileSync(path.join(repo, 'examples/demo/labels.json'), 'utf8'));
  return { tasks, labels };
}

/** Colour of a label in the example's configuration. */
export function labelColor(labels, fromName, label) {
  const set = labels.label_sets.find((s) => s.name === fromName);
  const l = set?.labels.find((x) => x.name === label);
  if (!l) throw new Error(`no colour for ${fromName}/${label}`);
  return hexColor(l.color);
}

const DRAWN_TYPES = new Set(['rectanglelabels', 'polygonlabels', 'keypointlabels', 'brushlabels']);
/** Regions the app draws for an image annotation (choices are listed, not drawn). */
export function drawnImageRegions(annotation) {
  return annotation.result.filter((r) => DRAWN_TYPES.has(r.type));
}

/**
 * Image pixel (x, y) of the current image task to page coordinates, from the app's view
 * transform (the example images are shown at their original size in the texture).
 */
export function imageToPage(state, x, y) {
  return [state.view.x + state.view.scale * x, state.view.y + state.view.scale * y];
}

/** Drags with the left button from image point a to image point b, frame by frame. */
export async function dragImage(page, state, [ax, ay], [bx, by], { steps = 6 } = {}) {
  return dragPage(page, imageToPage(state, ax, ay), imageToPage(state, bx, by), { steps });
}

/** Drags the mouse between two page points, letting the app see press, moves and release. */
export async function dragPage(page, [x0, y0], [x1, y1], { steps = 8 } = {}) {
  await page.mouse.move(x0, y0);
  await waitFrames(page, 1);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.move(x1, y1, { steps });
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 2);
}

/** Clicks image point (x, y) and lets the app see the press and the release. */
export async function clickImage(page, state, [x, y]) {
  const [px, py] = imageToPage(state, x, y);
  await page.mouse.move(px, py);
  await waitFrames(page, 1);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 2);
}

/** Presses a key (playwright name) and waits for the app to draw twice. */
export async function key(page, name) {
  await page.keyboard.press(name);
  await waitFrames(page, 2);
}

/** Waits until every edit the app made is acknowledged as stored. */
export function waitSaved(page) {
  return waitForState(page, (s) => s.events.pending === 0 && s.events.acked === s.events.next_seq - 1,
    { what: 'every edit saved' });
}

/**
 * Kills the main Chromium process running on profile `dir` with SIGKILL (no unload, no
 * clean shutdown). Returns the pid killed.
 */
export function killBrowserOnProfile(dir) {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd;
    try {
      cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (cmd.some((a) => a.includes(dir)) && !cmd.some((a) => a.startsWith('--type='))) {
      process.kill(Number(entry), 'SIGKILL');
      return Number(entry);
    }
  }
  throw new Error(`no browser process on ${dir}`);
}
