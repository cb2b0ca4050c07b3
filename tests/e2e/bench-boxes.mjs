#!/usr/bin/env node
// Measures the app with many boxes on one image (a benchmark, not a test: it asserts
// nothing about time). For each count it opens a generated project with that many boxes on
// the example's first photograph and reports, idle and while one box is dragged around, the
// C++ time of the frames that were drawn (UI + drawing + GL submission, as the app measures
// it; an idle frame identical to the last one is not drawn) and the page's frame rate under
// SwiftShader.
//   node tests/e2e/bench-boxes.mjs [1000 10000 50000]
import { exampleProject, launchBrowser, startServer, waitForState, waitFrames } from './lib/app.mjs';

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (counts.length === 0) counts.push(1000, 10000, 50000);
const { tasks } = exampleProject();
const base = tasks[0];
const w = base.annotations[0].result[0].original_width;
const h = base.annotations[0].result[0].original_height;

function projectWithBoxes(n) {
  // A deterministic grid of small boxes (x, y, width, height in percent), some rotated.
  const side = Math.ceil(Math.sqrt(n));
  const result = [];
  for (let i = 0; i < n; i++) {
    const gx = i % side;
    const gy = Math.floor(i / side);
    result.push({
      id: `b${i}`, type: 'rectanglelabels', from_name: 'label', to_name: 'image',
      original_width: w, original_height: h,
      value: { x: (gx / side) * 100, y: (gy / side) * 100, width: 70 / side, height: 70 / side,
        rotation: i % 7 === 0 ? 15 : 0, rectanglelabels: [['Person', 'Object', 'Vehicle'][i % 3]] },
    });
  }
  return JSON.stringify([{ id: 1, data: { image: base.data.image }, annotations: [{ id: 1, completed_by: 'me', result }] }]);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForState(page, (s) => s.ready, { what: 'the example' });
  for (const n of counts) {
    const text = projectWithBoxes(n);
    await page.evaluate(([t, b]) => window.localabel.loadProject(t, b), [text, `${server.url}examples/demo/project.json`]);
    await waitForState(page, (s) => s.ready && s.regions_drawn === n, { what: `${n} boxes`, timeout: 120000 });
    // The page records the timing of every frame (la_frame_json: alone, since the full state
    // holds every drawn region, megabytes of JSON at 50,000 boxes) while `step(k)` runs
    // repeatedly for `ms`; only frames that were drawn count for the times.
    const sample = async (ms, step) => {
      await page.evaluate(() => {
        window.__rec = [];
        window.__recOn = true;
        const tick = () => {
          if (!window.__recOn) return;
          const m = window.localabel.module;
          const f = JSON.parse(m.UTF8ToString(m._la_frame_json()));
          if (window.__rec.at(-1)?.frame !== f.frame) window.__rec.push(f);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const t0 = Date.now();
      for (let k = 0; Date.now() - t0 < ms; k++) {
        if (step) await step(k);
        else await page.waitForTimeout(50);
      }
      const rows = await page.evaluate(() => {
        window.__recOn = false;
        return window.__rec;
      });
      const secs = (Date.now() - t0) / 1000;
      const drawn = rows.filter((r) => !r.frame_skipped);
      const q = (key, f) => {
        const v = drawn.map((r) => r[key]).sort((a, b) => a - b);
        return v.length ? v[Math.min(v.length - 1, Math.floor(f * v.length))] : NaN;
      };
      return {
        fps: (rows.at(-1).frame - rows[0].frame) / secs,
        drawnFps: (rows.at(-1).frames_drawn - rows[0].frames_drawn) / secs,
        median: q('frame_ms', 0.5), p95: q('frame_ms', 0.95), max: q('frame_ms', 1),
        ui: q('frame_ui_ms', 0.5), regions: q('frame_regions_ms', 0.5), render: q('frame_render_ms', 0.5),
        samples: drawn.length,
      };
    };
    const fmt = (r) => `C++ frame median ${r.median.toFixed(2)} / p95 ${r.p95.toFixed(2)} / max ${r.max.toFixed(2)} ms ` +
      `(UI ${r.ui.toFixed(2)}, regions ${r.regions.toFixed(2)}, render ${r.render.toFixed(2)}; ${r.samples} drawn frames sampled), ` +
      `${r.fps.toFixed(1)} frames/s, ${r.drawnFps.toFixed(1)} drawn/s`;
    const idle = await sample(3000);
    console.log(`${n} boxes, idle: ${fmt(idle)}`);
    // Drag the middle box around for three seconds: every frame changes.
    const side = Math.ceil(Math.sqrt(n));
    const mid = side * Math.floor(side / 2) + Math.floor(side / 2);
    const gx = mid % side;
    const gy = Math.floor(mid / side);
    const view = await page.evaluate(() => window.localabel.state().view);
    const at = (px, py) => [view.x + view.scale * px, view.y + view.scale * py];
    const [cx, cy] = at(((gx + 0.35) / side) * w, ((gy + 0.35) / side) * h);
    await page.mouse.move(cx, cy);
    await waitFrames(page, 3);
    await page.mouse.down();
    await waitFrames(page, 3);
    const drag = await sample(3000, (k) => page.mouse.move(cx + 40 * Math.sin(k / 10), cy + 40 * Math.cos(k / 10)));
    await page.mouse.up();
    const moved = await page.evaluate(() => {
      const s = window.localabel.state();
      return { selected: s.selected, edits: s.events.next_seq - 1 };
    });
    console.log(`${n} boxes, dragging box ${moved.selected || '(none selected)'} (${moved.edits} edits so far): ${fmt(drag)}`);
    await page.keyboard.press('Control+z');  // the next count starts from a fresh project anyway
  }
} finally {
  await browser.close();
  await server.close();
}
