// End-to-end test of editing image regions with the real mouse and keyboard: boxes (draw,
// move, resize by a handle, relabel by hotkey, nudge), keypoints, polygons (closed by a
// click on the first point and by Enter), delete, undo and redo; then the edits survive a
// reload (with the undo history), and the Label Studio export holds exactly the regions drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  appState, clickImage, dragImage, exampleProject, key, openAppForFile, screenshot, waitForState, waitFrames, waitSaved,
} from './lib/app.mjs';

const { tasks } = exampleProject();
let page;
openAppForFile({ ready: false, opened: (app) => { ({ page } = app); } });

// Mouse positions are whole CSS pixels: allow one screen pixel of error in image pixels.
function near(actual, expected, tol, what) {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
}

function deepNear(actual, expected, where) {
  if (typeof expected === 'number') {
    near(actual, expected, 1e-9 * Math.max(1, Math.abs(expected)), where);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where} is an array`);
    assert.equal(actual.length, expected.length, `${where} length`);
    expected.forEach((e, i) => deepNear(actual[i], e, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where} keys`);
    for (const k of Object.keys(expected)) deepNear(actual[k], expected[k], `${where}.${k}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

const byKind = (s, kind) => s.mine.filter((r) => r.kind === kind);

let tol;
let afterEdits;

test('boxes, keypoints and polygons are drawn and edited with mouse and keyboard', async () => {
  let s = await waitForState(page, (st) => st.ready && st.task.index === 0, { what: 'task 0' });
  assert.equal(s.task.id, String(tasks[0].id));
  assert.equal(s.mine.length, 0, 'a fresh profile has no edits');
  tol = 1.5 / s.view.scale + 1e-6;

  // Box tool: drag a box.
  await key(page, 'b');
  s = await appState(page);
  assert.equal(s.tool, 'box');
  await dragImage(page, s, [100, 100], [200, 180]);
  s = await waitForState(page, (st) => st.mine.length === 1, { what: 'the drawn box' });
  let box = s.mine[0];
  assert.equal(box.kind, 'box');
  assert.equal(box.from_name, 'label');
  assert.deepEqual(box.labels, ['Person'], 'the first label of the box label set');
  near(box.x, 100, tol, 'box x');
  near(box.y, 100, tol, 'box y');
  near(box.width, 100, tol, 'box width');
  near(box.height, 80, tol, 'box height');
  assert.equal(s.selected, box.id, 'the new box is selected');
  assert.equal(s.source.prediction, false);

  // Select tool: drag the box by its inside.
  await key(page, 'Escape');
  s = await appState(page);
  assert.equal(s.tool, 'select');
  assert.equal(s.selected, '');
  const before = s.mine[0];
  await dragImage(page, s, [150, 140], [180, 160]);
  s = await waitForState(page, (st) => Math.abs(st.mine[0].x - before.x) > 10, { what: 'moved box' });
  box = s.mine[0];
  near(box.x, before.x + 30, tol * 2, 'moved x');
  near(box.y, before.y + 20, tol * 2, 'moved y');
  assert.equal(box.width, before.width, 'a move keeps the width');
  assert.equal(box.height, before.height, 'a move keeps the height');
  assert.equal(s.selected, box.id);

  // Resize by the bottom-right handle.
  const br = [box.x + box.width, box.y + box.height];
  await dragImage(page, s, br, [br[0] + 30, br[1] + 40]);
  s = await waitForState(page, (st) => Math.abs(st.mine[0].width - box.width) > 10, { what: 'resized box' });
  const resized = s.mine[0];
  near(resized.x, box.x, 1e-6, 'resize keeps the left edge');
  near(resized.y, box.y, 1e-6, 'resize keeps the top edge');
  near(resized.width, box.width + 30, tol * 2, 'resized width');
  near(resized.height, box.height + 40, tol * 2, 'resized height');

  // Label hotkey of the box's label set ('a' = Animal in examples/demo/labels.json; A is also
  // the accept command, so the label's key is Shift+A).
  await key(page, 'Shift+A');
  s = await appState(page);
  assert.deepEqual(s.mine[0].labels, ['Animal']);
  // Nudge: one pixel right, ten down with Shift.
  await key(page, 'ArrowRight');
  await key(page, 'Shift+ArrowDown');
  s = await appState(page);
  near(s.mine[0].x, resized.x + 1, 1e-6, 'nudged x');
  near(s.mine[0].y, resized.y + 10, 1e-6, 'nudged y');
  assert.equal(s.task.index, 0, 'arrows nudge the selection instead of changing the task');

  // Keypoint tool: a click.
  await key(page, 'k');
  s = await appState(page);
  assert.equal(s.tool, 'keypoint');
  await clickImage(page, s, [300, 320]);
  s = await waitForState(page, (st) => byKind(st, 'keypoint').length === 1, { what: 'keypoint' });
  const kp = byKind(s, 'keypoint')[0];
  assert.equal(kp.from_name, 'points');
  assert.deepEqual(kp.labels, ['Eye']);
  near(kp.x, 300, tol, 'keypoint x');
  near(kp.y, 320, tol, 'keypoint y');

  // Polygon tool: three clicks, closed by clicking the first point.
  await key(page, 'p');
  s = await appState(page);
  assert.equal(s.tool, 'polygon');
  const tri = [[350, 50], [450, 60], [420, 150]];
  for (const p of tri) await clickImage(page, s, p);
  assert.equal((await appState(page)).polygon_draft, 3);
  await clickImage(page, s, tri[0]);
  s = await waitForState(page, (st) => byKind(st, 'polygon').length === 1, { what: 'polygon' });
  let poly = byKind(s, 'polygon')[0];
  assert.equal(poly.from_name, 'outline');
  assert.equal(poly.points.length, 3);
  poly.points.forEach(([x, y], i) => {
    near(x, tri[i][0], tol, `polygon point ${i} x`);
    near(y, tri[i][1], tol, `polygon point ${i} y`);
  });
  // A second polygon closed by Enter, with a label hotkey chosen first ('2' = Object).
  await key(page, 'Escape');
  await key(page, 'p');
  await key(page, '2');
  const quad = [[50, 350], [140, 345], [150, 430], [60, 440]];
  for (const p of quad) await clickImage(page, s, p);
  await key(page, 'Enter');
  s = await waitForState(page, (st) => byKind(st, 'polygon').length === 2, { what: 'second polygon' });
  poly = byKind(s, 'polygon')[1];
  assert.equal(poly.points.length, 4);
  assert.deepEqual(poly.labels, ['Object']);
  assert.equal(s.selected, poly.id);
  await screenshot(page, '10-edited-regions');

  // Delete the selected polygon.
  const full = s.mine;
  await key(page, 'Delete');
  s = await appState(page);
  assert.equal(s.mine.length, full.length - 1);
  assert.ok(!s.mine.some((r) => r.id === poly.id));

  // Undo brings it back, a second undo removes its creation, redo twice returns.
  await key(page, 'Control+z');
  s = await appState(page);
  assert.deepEqual(s.mine, full, 'undo of the delete restores the polygon');
  await key(page, 'Control+z');
  s = await appState(page);
  assert.equal(s.mine.length, full.length - 1, 'undo of the creation');
  await key(page, 'Control+Shift+z');
  s = await appState(page);
  assert.deepEqual(s.mine, full, 'redo with Ctrl+Shift+Z');
  await key(page, 'Control+y');
  s = await appState(page);
  assert.equal(s.mine.length, full.length - 1, 'redo with Ctrl+Y deletes again');
  const edited = s.mine;

  // Every edit can be undone, back to nothing, and redone.
  const depth = s.undo_depth;
  assert.ok(depth >= 10, `undo history of ${depth} edits`);
  for (let i = 0; i < depth; i++) await page.keyboard.press('Control+z');
  await waitFrames(page, 3);
  s = await appState(page);
  assert.equal(s.mine.length, 0, 'all edits undone');
  assert.equal(s.undo_depth, 0);
  for (let i = 0; i < depth; i++) await page.keyboard.press('Control+y');
  await waitFrames(page, 3);
  s = await appState(page);
  assert.deepEqual(s.mine, edited, 'all edits redone');

  s = await waitSaved(page);
  assert.ok(s.events.acked > 2 * depth, `${s.events.acked} events acknowledged`);
  assert.equal(s.events.error, '');
  afterEdits = s;
});

test('a reload restores the edits and the undo history from IndexedDB', async () => {
  // Leave something on the redo stack too.
  await key(page, 'Control+z');
  const s0 = await waitSaved(page);
  assert.equal(s0.redo_depth, 1);
  await page.reload();
  const s = await waitForState(page, (st) => st.ready, { what: 'the reloaded page' });
  assert.equal(s.task.index, 0);
  assert.equal(s.events.replayed, s0.events.acked, 'every stored event replayed');
  assert.equal(s.events.skipped, 0);
  assert.deepEqual(s.mine, s0.mine, 'same regions, same coordinates');
  assert.equal(s.undo_depth, s0.undo_depth);
  assert.equal(s.redo_depth, s0.redo_depth);
  // The restored history works: redo gives the state before the reload's undo.
  await key(page, 'Control+y');
  let after = await appState(page);
  assert.deepEqual(after.mine, afterEdits.mine);
  await key(page, 'Control+z');
  after = await appState(page);
  assert.deepEqual(after.mine, s0.mine);
  await key(page, 'Control+y');
  await waitSaved(page);
});

test('Ctrl+E downloads the project as Label Studio JSON holding exactly the drawn regions', async () => {
  const s = await appState(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(exported.length, tasks.length);
  const task = exported.find((t) => String(t.id) === s.task.id);
  const mineAnn = task.annotations.filter((a) => a.completed_by === 'me');
  assert.equal(mineAnn.length, 1, 'one annotation by this annotator');
  // The example's other annotations are unchanged (numbers up to the percent/pixel round
  // trip of the core's import and export).
  deepNear(task.annotations.filter((a) => a.completed_by !== 'me'), tasks[0].annotations, 'annotations');
  const result = mineAnn[0].result;
  assert.equal(result.length, s.mine.length);
  const W = 512;
  const H = 512;  // examples/demo/images/astronaut.png
  for (const r of s.mine) {
    const item = result.find((x) => x.id === r.id);
    assert.ok(item, `region ${r.id} exported`);
    assert.equal(item.from_name, r.from_name);
    assert.equal(item.original_width, W);
    assert.equal(item.original_height, H);
    const v = item.value;
    if (r.kind === 'box') {
      assert.equal(item.type, 'rectanglelabels');
      assert.deepEqual(v.rectanglelabels, r.labels);
      near(v.x, (r.x / W) * 100, 1e-9, 'x %');
      near(v.y, (r.y / H) * 100, 1e-9, 'y %');
      near(v.width, (r.width / W) * 100, 1e-9, 'width %');
      near(v.height, (r.height / H) * 100, 1e-9, 'height %');
    } else if (r.kind === 'keypoint') {
      assert.equal(item.type, 'keypointlabels');
      near(v.x, (r.x / W) * 100, 1e-9, 'keypoint x %');
      near(v.y, (r.y / H) * 100, 1e-9, 'keypoint y %');
    } else {
      assert.equal(item.type, 'polygonlabels');
      assert.equal(v.points.length, r.points.length);
      v.points.forEach(([x, y], i) => {
        near(x, (r.points[i][0] / W) * 100, 1e-9, 'point x %');
        near(y, (r.points[i][1] / H) * 100, 1e-9, 'point y %');
      });
    }
  }
  // Coordinates of what was drawn, checked against the mouse positions (percent of 512).
  const box = result.find((x) => x.type === 'rectanglelabels');
  near(box.value.x, ((130 + 1) / W) * 100, (tol * 2 * 100) / W, 'exported box x');
  near(box.value.width, (130 / W) * 100, (tol * 4 * 100) / W, 'exported box width');
  assert.deepEqual(box.value.rectanglelabels, ['Animal']);
  const kp = result.find((x) => x.type === 'keypointlabels');
  near(kp.value.x, (300 / W) * 100, (tol * 100) / W, 'exported keypoint x');
  const tri = result.find((x) => x.type === 'polygonlabels');
  near(tri.value.points[1][0], (450 / W) * 100, (tol * 100) / W, 'exported polygon point');
  // The same text is available from the page API.
  assert.deepEqual(JSON.parse(await page.evaluate(() => window.localabel.exportText())), exported);
});
