// End-to-end test of the app in headless Chromium: it opens the example project, draws the
// first image with its regions, moves between tasks with the keyboard, zooms and pans, and
// shows text tasks with their spans. Screenshots go to test-output/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appState, drawnImageRegions, exampleProject, gotoTask, labelColor, nearestColorDistance, openAppForFile, regionStats, screenshot, waitForState, waitFrames,
} from './lib/app.mjs';

const { tasks, labels } = exampleProject();
let server;
let page;
const requests = [];

openAppForFile({
  prepare: (p) => p.on('request', (r) => requests.push(r.url())),
  opened: (app) => { ({ server, page } = app); },
});

/** Shows the task's first annotation (the first annotator's) with `]`. */
async function showFirstAnnotation() {
  await page.keyboard.press(']');
  return waitForState(page, (x) => !x.source.prediction && x.source.index === 0, { what: 'the first annotation' });
}

test('the first image task is drawn with its regions in label colours', async () => {
  const state = await waitForState(page, (s) => s.ready, { what: 'the first frame with the image' });
  assert.equal(state.tasks, tasks.length);
  assert.equal(state.task.index, 0);
  assert.equal(state.task.id, String(tasks[0].id));
  assert.equal(state.task.kind, 'image');
  // The first view is the user's own annotation, not started; the others' are one key away.
  assert.equal(state.source.mine_not_started, true);
  assert.equal(state.regions_drawn, 0);
  await showFirstAnnotation();
  const expected = drawnImageRegions(tasks[0].annotations[0]);
  await waitFrames(page, 3);
  const s = await appState(page);
  assert.equal(s.regions_drawn, expected.length);
  assert.deepEqual(s.regions.map((r) => r.id).sort(), expected.map((r) => r.id).sort());
  assert.ok(s.frame_ms > 0, 'the C++ frame time is measured');
  console.log(`first task: ${s.regions_drawn} regions, C++ frame ${s.frame_ms.toFixed(2)} ms`);

  const shot = await screenshot(page, '01-first-image-task');
  const stats = regionStats(shot, s.canvas.map(Math.round));
  assert.ok(stats.distinctColors > 200, `the canvas shows a photograph (${stats.distinctColors} colours)`);
  assert.ok(stats.lumaStd > 20, `the canvas is not flat (luma std ${stats.lumaStd.toFixed(1)})`);

  // Each axis-aligned box's left edge is drawn in its label's colour.
  const byId = new Map(expected.map((r) => [r.id, r]));
  let checked = 0;
  for (const drawn of s.regions.filter((r) => r.kind === 'box')) {
    const item = byId.get(drawn.id);
    if (item.value.rotation) continue;
    const [x, y, w, h] = drawn.rect;
    if (x < s.canvas[0] + 2 || y < s.canvas[1] + 2 || x + w > s.canvas[0] + s.canvas[2]) continue;
    const color = labelColor(labels, item.from_name, item.value.rectanglelabels[0]);
    const d = nearestColorDistance(shot, x, y + h * 0.6, color, 2);
    assert.ok(d < 40, `box ${drawn.id} (${drawn.label}) edge colour distance ${d.toFixed(0)}`);
    checked++;
  }
  assert.ok(checked >= 2, `checked ${checked} box outlines`);
  // Keypoints: a dot of the label's colour at their centre.
  for (const drawn of s.regions.filter((r) => r.kind === 'keypoint')) {
    const item = byId.get(drawn.id);
    const color = labelColor(labels, item.from_name, item.value.keypointlabels[0]);
    const [x, y, w, h] = drawn.rect;
    assert.ok(nearestColorDistance(shot, x + w / 2, y + h / 2, color, 1) < 40,
      `keypoint ${drawn.id} is drawn in its colour`);
  }
  // The brush mask of the first annotation is drawn as an overlay.
  assert.ok(s.regions.some((r) => r.kind === 'brush'), 'a mask region is drawn');
});

test('wheel zooms around the pointer, middle drag pans, F fits again, 0 shows 100 %', async () => {
  const before = await appState(page);
  const [cx, cy, cw, ch] = before.canvas;
  await page.mouse.move(cx + cw / 2, cy + ch / 2);
  await page.mouse.wheel(0, -300);
  const zoomed = await waitForState(page, (s) => s.view.scale > before.view.scale * 1.05,
    { what: 'zoom in' });
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(cx + cw / 2 + 80, cy + ch / 2 + 40, { steps: 5 });
  await page.mouse.up({ button: 'middle' });
  const panned = await waitForState(page, (s) => Math.abs(s.view.x - zoomed.view.x - 80) < 2,
    { what: 'pan by 80 px' });
  assert.ok(Math.abs(panned.view.y - zoomed.view.y - 40) < 2);
  await screenshot(page, '02-zoomed-and-panned');
  await page.keyboard.press('f');
  const fitted = await waitForState(page, (s) => Math.abs(s.view.scale - before.view.scale) < 1e-4,
    { what: 'fit' });
  assert.ok(Math.abs(fitted.view.x - before.view.x) < 1);
  await page.keyboard.press('0');
  await waitForState(page, (s) => s.view.scale === 1, { what: '100 %' });
  await page.keyboard.press('f');
});

test('clicking a region selects it, Escape clears, Tab cycles', async () => {
  await gotoTask(page, 0);
  await waitFrames(page, 2);
  const s = await appState(page);
  const keypoint = s.regions.find((r) => r.kind === 'keypoint');
  const [kx, ky, kw, kh] = keypoint.rect;
  await page.mouse.click(kx + kw / 2, ky + kh / 2);
  await waitForState(page, (x) => x.selected === keypoint.id, { what: 'keypoint selected' });
  // A box whose centre no smaller box, polygon or keypoint covers.
  const boxes = s.regions.filter((r) => r.kind === 'box');
  const inside = (r, x, y) => x >= r.rect[0] && y >= r.rect[1] && x <= r.rect[0] + r.rect[2] &&
    y <= r.rect[1] + r.rect[3];
  const target = boxes.find((b) => {
    const cx = b.rect[0] + b.rect[2] / 2;
    const cy = b.rect[1] + b.rect[3] / 2;
    return s.regions.every((o) => o === b || o.kind === 'brush' || !inside(o, cx, cy));
  });
  assert.ok(target, 'a box with a free centre');
  await page.mouse.click(target.rect[0] + target.rect[2] / 2, target.rect[1] + target.rect[3] / 2);
  await waitForState(page, (x) => x.selected === target.id, { what: 'box selected' });
  await screenshot(page, '07-selected-box');
  await page.keyboard.press('Escape');
  await waitForState(page, (x) => x.selected === '', { what: 'selection cleared' });
  await page.keyboard.press('Tab');
  const first = tasks[0].annotations[0].result.find((r) => r.type !== 'choices');
  await waitForState(page, (x) => x.selected === first.id, { what: 'Tab selects the first region' });
  await page.keyboard.press('Escape');
});

test('j moves to the next task and Up back (k is the keypoint tool)', async () => {
  await page.keyboard.press('j');
  const s = await waitForState(page, (x) => x.ready && x.task.index === 1, { what: 'task 2' });
  assert.equal(s.task.id, String(tasks[1].id));
  assert.equal(s.source.mine_not_started, true, 'a new task shows the user\'s own annotation');
  await showFirstAnnotation();
  await waitFrames(page, 2);
  const s2 = await appState(page);
  assert.equal(s2.regions_drawn, drawnImageRegions(tasks[1].annotations[0]).length);
  await screenshot(page, '03-second-task');
  await page.keyboard.press('ArrowUp');
  await waitForState(page, (x) => x.task.index === 0, { what: 'back to task 1' });
});

test('review mode shows the prediction coloured by score and flags low scores', async () => {
  await gotoTask(page, 0);
  await page.keyboard.press('r');
  await waitForState(page, (x) => x.source.prediction, { what: 'review mode' });
  await waitFrames(page, 2);
  const s = await appState(page);
  const prediction = tasks[0].predictions[0];
  const drawn = drawnImageRegions(prediction);
  assert.equal(s.regions_drawn, drawn.length);
  const low = drawn.filter((r) => r.score < s.review_threshold);
  assert.ok(low.length > 0 && low.length < drawn.length, 'the example has low and high scores');
  assert.equal(s.needs_review, low.length);
  assert.deepEqual(s.regions.filter((r) => r.needs_review).map((r) => r.id).sort(),
    low.map((r) => r.id).sort());
  const shot = await screenshot(page, '06-review-mode');
  // Colour by score: red-ish for low scores, green-ish for high ones (box outlines).
  for (const d of s.regions.filter((r) => r.kind === 'box')) {
    const [x, y, w, h] = d.rect;
    if (x < s.canvas[0] + 4 || y < s.canvas[1] + 4) continue;
    const [r, g] = shot.at(x, y + h * 0.6);
    if (d.score < 0.6) assert.ok(r > g + 40, `low score ${d.score} is drawn red (${r}, ${g})`);
    if (d.score > 0.9) assert.ok(g > r + 40, `high score ${d.score} is drawn green (${r}, ${g})`);
  }
  await page.keyboard.press('r');
  await waitForState(page, (x) => !x.source.prediction, { what: 'annotation shown again' });
});

test('a text task shows its text with the spans highlighted, also after an emoji', async () => {
  // The first text task whose text starts with an emoji and has a span after it.
  const index = tasks.findIndex((t) => t.data.text && t.data.text.codePointAt(0) > 0x2000 &&
    t.annotations[0].result.some((r) => r.type === 'labels'));
  assert.ok(index > 0);
  await gotoTask(page, index);
  await showFirstAnnotation();
  await waitFrames(page, 2);
  const s = await appState(page);
  assert.equal(s.task.kind, 'text');
  const spans = tasks[index].annotations[0].result.filter((r) => r.type === 'labels');
  assert.equal(s.spans_drawn, spans.length);
  assert.deepEqual(s.choices, tasks[index].annotations[0].result
    .filter((r) => r.type === 'choices').flatMap((r) => r.value.choices));
  const shot = await screenshot(page, '04-text-task-with-emoji');
  for (const drawn of s.regions) {
    const item = spans.find((r) => r.id === drawn.id);
    const color = labelColor(labels, item.from_name, item.value.labels[0]);
    const [x, y, w, h] = drawn.rect;
    // The underline at the bottom of the span is in the label's colour.
    assert.ok(nearestColorDistance(shot, x + w / 2, y + h - 2, color, 1) < 40,
      `span "${item.value.text}" underline colour`);
  }
});

test('overlapping spans are both drawn', async () => {
  const overlaps = (a, b) => a.value.start < b.value.end && b.value.start < a.value.end;
  const index = tasks.findIndex((t) => {
    const spans = t.annotations[0]?.result.filter((r) => r.type === 'labels') ?? [];
    return spans.some((a, i) => spans.some((b, j) => i !== j && overlaps(a, b)));
  });
  assert.ok(index > 0, 'the example has overlapping spans');
  await gotoTask(page, index);
  await showFirstAnnotation();
  await waitFrames(page, 2);
  const s = await appState(page);
  const spans = tasks[index].annotations[0].result.filter((r) => r.type === 'labels');
  assert.equal(s.spans_drawn, spans.length);
  const rects = s.regions.map((r) => r.rect);
  // Two drawn spans overlap horizontally and their underlines sit on different lanes.
  const pair = rects.flatMap((a, i) => rects.map((b, j) => [a, b, i, j]))
    .find(([a, b, i, j]) => i < j && a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && Math.abs(a[1] - b[1]) < 4);
  assert.ok(pair, 'overlapping spans share a line');
  assert.notEqual(pair[0][3], pair[1][3], 'their underlines are on different lanes');
  await screenshot(page, '05-overlapping-spans');
});

test('the page requested nothing outside its own origin', () => {
  const origin = new URL(server.url).origin;
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((u) => u.endsWith('/examples/demo/project.json')));
});
