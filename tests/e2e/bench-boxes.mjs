#!/usr/bin/env node
// Measures the app with many boxes on one image (a benchmark, not a test: it asserts
// nothing about time). For each count it opens a generated project with that many boxes on
// the example's first photograph and reports the C++ time of a frame (UI + drawing + GL
// submission, as the app measures it) and the page's frame rate under SwiftShader.
//   node tests/e2e/bench-boxes.mjs [1000 10000 50000]
import { exampleProject, launchBrowser, startServer, waitForState } from './lib/app.mjs';

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
  return JSON.stringify([{ id: 1, data: { image: base.data.image }, annotations: [{ id: 1, completed_by: 1, result }] }]);
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
    // Sample the C++ frame time over about three seconds.
    const samples = [];
    const ui = [];
    const render = [];
    const regs = [];
    const frameOf = () => page.evaluate(() => {
      const m = window.localabel.module;
      return m._la_frame_json ? JSON.parse(m.UTF8ToString(m._la_frame_json())).frame : window.localabel.state().frame;
    });
    const startFrame = await frameOf();
    const t0 = Date.now();
    while (Date.now() - t0 < 3000) {
      // The frame timing alone (the full state holds every drawn region: megabytes of JSON
      // at 50,000 boxes, which would slow the page being measured).
      const s = await page.evaluate(() => {
        const m = window.localabel.module;
        const x = m._la_frame_json ? JSON.parse(m.UTF8ToString(m._la_frame_json())) : window.localabel.state();
        return [x.frame, x.frame_ms, x.frame_ui_ms, x.frame_render_ms, x.frame_regions_ms];
      });
      samples.push(s[1]);
      ui.push(s[2]);
      render.push(s[3]);
      regs.push(s[4]);
      await page.waitForTimeout(100);
    }
    const endFrame = await frameOf();
    for (const a of [samples, ui, render, regs]) a.sort((x, y) => x - y);
    const median = samples[Math.floor(samples.length / 2)];
    const parts = `UI ${ui[ui.length >> 1].toFixed(2)} ms (regions ${regs[regs.length >> 1].toFixed(2)} ms) + render ${render[render.length >> 1].toFixed(2)} ms`;
    const fps = (endFrame - startFrame) / ((Date.now() - t0) / 1000);
    console.log(`${n} boxes: C++ frame median ${median.toFixed(2)} ms (min ${samples[0].toFixed(2)}, max ${samples.at(-1).toFixed(2)}; ${parts}), ${fps.toFixed(1)} fps`);
  }
} finally {
  await browser.close();
  await server.close();
}
