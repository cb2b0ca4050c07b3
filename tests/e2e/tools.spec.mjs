// End-to-end test of the image tools with the real mouse and keyboard: a rotated box (by its
// rotation handle), polygon vertex editing (insert, delete, drag), a brush stroke and an
// eraser stroke, multi-select (Shift+click, rubber band), relabel of several regions,
// copy/paste onto the same and another task, delete of several regions, hide and lock,
// the region filter, z-order, undo/redo of each, the help overlay and a remapped shortcut
// that survives a reload; then the Label Studio export holds exactly these regions (brush
// masks decoded with @thi.ng/rle-pack, the packer Label Studio's editor uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  appState, clickImage, dragImage, dragPage, imageToPage, key, openAppForFile, repo, screenshot, waitForState, waitFrames, waitSaved,
} from './lib/app.mjs';

const { decode } = await import(
  pathToFileURL(path.join(repo, 'node_modules/@thi.ng/rle-pack/index.js')).href);

const W = 512;
const H = 512;  // examples/demo/images/astronaut.png, task 0 of the example
let page;
openAppForFile({ ready: false, opened: (app) => { ({ page } = app); } });

function near(actual, expected, tol, what) {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
}

const mineById = (s, id) => s.mine.find((r) => r.id === id);
const ids = (s) => s.mine.map((r) => r.id);

async function withKey(name, fn) {
  await page.keyboard.down(name);
  await waitFrames(page, 1);
  await fn();
  await page.keyboard.up(name);
  await waitFrames(page, 1);
}

// Drags with the left button between two page points, frame by frame.

// Selects the region filter's text and deletes it (Ctrl+A, Backspace), until the app shows it
// empty. ImGui takes queued keys one per frame and can see the chord split (then Backspace
// deletes one character), so the pair is repeated while text is left.
async function clearFilter() {
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Control+a');
    await waitFrames(page, 2);
    await page.keyboard.press('Backspace');
    const left = await waitForState(page, (st) => st.filter.text === '', { what: 'an empty filter', timeout: 3000 })
      .then(() => false, () => true);
    if (!left) return;
  }
  await waitForState(page, (st) => st.filter.text === '', { what: 'an empty filter' });
}

async function undoRedo(check, what) {
  const done = await appState(page);
  await key(page, 'Control+z');
  check(await appState(page), `undo of ${what}`);
  await key(page, 'Control+y');
  const redone = await appState(page);
  assert.deepEqual(redone.mine, done.mine, `redo of ${what}`);
  return redone;
}

// The page point of the centre of image pixel (i, j), and the pixel the app will see there.
function pixelToPage(s, i, j) {
  const p = imageToPage(s, i + 0.5, j + 0.5);
  return [Math.round(p[0]), Math.round(p[1])];
}
function pageToPixel(s, [x, y]) {
  return [Math.floor((x - s.view.x) / s.view.scale), Math.floor((y - s.view.y) / s.view.scale)];
}

// Pixels within diameter / 2 of the segment between two pixel centres, as the app defines a
// stroke (frontend/app/app.h, paint_stroke), on a W x H byte mask.
function paintSegment(mask, [ai, aj], [bi, bj], diameter, value) {
  const a = { x: ai + 0.5, y: aj + 0.5 };
  const b = { x: bi + 0.5, y: bj + 0.5 };
  const r = Math.max(0.5, diameter / 2);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      const px = i + 0.5 - a.x;
      const py = j + 0.5 - a.y;
      const t = len2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey <= r * r) mask[j * W + i] = value;
    }
  }
}

let tol;
const made = {};  // ids of the regions made, by role
let expectedMask;
let beforeReload;

test('a box rotated by its handle is drawn, hit and undone rotated', async () => {
  let s = await waitForState(page, (st) => st.ready && st.task.index === 0, { what: 'task 0' });
  tol = 1.5 / s.view.scale + 1e-6;
  await key(page, 'b');
  await dragImage(page, s, [60, 60], [160, 120]);
  s = await waitForState(page, (st) => st.mine.length === 1, { what: 'a box' });
  const box = s.mine[0];
  made.box = box.id;
  assert.equal(box.rotation, 0);
  // Select it with the select tool; its rotation handle lies on the top edge's extension.
  await key(page, 'Escape');
  await clickImage(page, s, [110, 90]);
  s = await appState(page);
  assert.equal(s.selected, box.id);
  assert.ok(s.rotate_handle, 'the selected box has a rotation handle');
  near(s.rotate_handle[1], imageToPage(s, 0, box.y)[1], 1, 'the handle is level with the top edge');
  // Turn it by 30 degrees: the pointer seen from the top-left corner gives the angle.
  const L = 120;
  const target = imageToPage(s, box.x + L * Math.cos(Math.PI / 6), box.y + L * Math.sin(Math.PI / 6));
  await dragPage(page, s.rotate_handle, target);
  s = await waitForState(page, (st) => mineById(st, box.id).rotation !== 0, { what: 'rotation' });
  const rotated = mineById(s, box.id);
  const ix = (target[0] - s.view.x) / s.view.scale;
  const iy = (target[1] - s.view.y) / s.view.scale;
  near(rotated.rotation, (Math.atan2(iy - box.y, ix - box.x) * 180) / Math.PI, 0.3, 'rotation');
  near(rotated.rotation, 30, 0.6, 'rotation near 30 degrees');
  assert.deepEqual([rotated.x, rotated.y, rotated.width, rotated.height],
    [box.x, box.y, box.width, box.height], 'rotation turns around the top-left corner');
  // A point inside the rotated box but outside the upright one selects it.
  const a = (rotated.rotation * Math.PI) / 180;
  const u = 0.9 * box.width;
  const v = 0.8 * box.height;
  const inside = [box.x + u * Math.cos(a) - v * Math.sin(a), box.y + u * Math.sin(a) + v * Math.cos(a)];
  assert.ok(inside[1] > box.y + box.height, 'the point is below the upright box');
  await key(page, 'Escape');
  assert.equal((await appState(page)).selected, '');
  await clickImage(page, s, inside);
  s = await appState(page);
  assert.equal(s.selected, box.id, 'the rotated box is hit where it is drawn');
  const drawn = s.regions.find((r) => r.id === box.id);
  assert.ok(drawn.rect[3] > (box.height + 20) * s.view.scale, 'drawn rotated (taller bounds)');
  await undoRedo((st, what) => assert.equal(mineById(st, box.id).rotation, 0, what), 'the rotation');
});

// Resizing works in the box's own frame: the dragged corner follows the pointer, the opposite
// corner stays where it is in the image, the rotation is kept.
test('a rotated box is resized by its corners, the opposite corner staying put', async () => {
  let s = await appState(page);
  const box = mineById(s, made.box);
  assert.ok(Math.abs(box.rotation - 30) < 1, `the box of the first test is rotated (${box.rotation})`);
  const corner = (b, u, v) => {
    const t = (b.rotation * Math.PI) / 180;
    return [b.x + u * Math.cos(t) - v * Math.sin(t), b.y + u * Math.sin(t) + v * Math.cos(t)];
  };
  if (s.selected !== box.id) {
    await key(page, 'Escape');
    await clickImage(page, s, corner(box, box.width / 2, box.height / 2));
    s = await waitForState(page, (st) => st.selected === box.id, { what: 'the rotated box selected' });
  }
  // The bottom-right corner 20 px further along the top edge and 10 px down the side.
  await dragPage(page, imageToPage(s, ...corner(box, box.width, box.height)),
    imageToPage(s, ...corner(box, box.width + 20, box.height + 10)));
  s = await waitForState(page, (st) => Math.abs(mineById(st, box.id).width - box.width) > 5, { what: 'the resize' });
  const r = mineById(s, box.id);
  near(r.x, box.x, 1e-6, 'the top-left corner stays (x)');
  near(r.y, box.y, 1e-6, 'the top-left corner stays (y)');
  near(r.width, box.width + 20, 2 * tol, 'width');
  near(r.height, box.height + 10, 2 * tol, 'height');
  assert.equal(r.rotation, box.rotation);
  // The top-left corner 15 px back along the top edge and 5 px up: the bottom-right stays.
  const fixed = corner(r, r.width, r.height);
  await dragPage(page, imageToPage(s, ...corner(r, 0, 0)), imageToPage(s, ...corner(r, -15, -5)));
  s = await waitForState(page, (st) => Math.abs(mineById(st, box.id).width - r.width) > 5, { what: 'the second resize' });
  const r2 = mineById(s, box.id);
  near(r2.width, r.width + 15, 2 * tol, 'width');
  near(r2.height, r.height + 5, 2 * tol, 'height');
  const moved = corner(r2, r2.width, r2.height);
  near(moved[0], fixed[0], 1e-6, 'the bottom-right corner stays (x)');
  near(moved[1], fixed[1], 1e-6, 'the bottom-right corner stays (y)');
  assert.equal(r2.rotation, box.rotation);
  // Both resizes are undone: the box is as the first test left it.
  await key(page, 'Control+z');
  await key(page, 'Control+z');
  s = await waitForState(page, (st) => mineById(st, box.id).width === box.width, { what: 'the undone resizes' });
  assert.deepEqual(mineById(s, box.id), box);
});

test('polygon vertices are inserted, deleted and dragged', async () => {
  await key(page, 'Escape');
  await key(page, 'p');
  let s = await appState(page);
  assert.equal(s.tool, 'polygon');
  const square = [[300, 60], [420, 60], [420, 160], [300, 160]];
  for (const p of square) await clickImage(page, s, p);
  await key(page, 'Enter');
  s = await waitForState(page, (st) => st.mine.some((r) => r.kind === 'polygon'), { what: 'polygon' });
  const poly = s.mine.find((r) => r.kind === 'polygon');
  made.polygon = poly.id;
  await key(page, 'Escape');
  await clickImage(page, s, [360, 110]);
  assert.equal((await appState(page)).selected, poly.id);
  const pointsOf = (st) => mineById(st, poly.id).points;

  // Alt+click on the top edge inserts a vertex there.
  await withKey('Alt', () => clickImage(page, s, [360, 60]));
  s = await waitForState(page, (st) => pointsOf(st).length === 5, { what: 'inserted vertex' });
  let pts = pointsOf(s);
  near(pts[1][0], 360, tol, 'inserted x');
  near(pts[1][1], 60, tol, 'inserted y');
  assert.deepEqual([pts[0], pts[2], pts[3], pts[4]], poly.points, 'other vertices kept');
  await undoRedo((st, what) => assert.deepEqual(pointsOf(st), poly.points, what), 'the insert');
  const five = pts;

  // Alt+click on a vertex deletes it.
  await withKey('Alt', () => clickImage(page, s, [300, 160]));
  s = await waitForState(page, (st) => pointsOf(st).length === 4, { what: 'deleted vertex' });
  pts = pointsOf(s);
  assert.deepEqual(pts, five.slice(0, 4), 'the last vertex deleted');
  await undoRedo((st, what) => assert.deepEqual(pointsOf(st), five, what), 'the vertex delete');
  const four = pts;

  // A drag of a vertex moves it alone.
  await dragImage(page, s, [420, 160], [440, 180]);
  s = await waitForState(page, (st) => pointsOf(st)[3][0] > 425, { what: 'dragged vertex' });
  pts = pointsOf(s);
  near(pts[3][0], 440, tol * 2, 'dragged x');
  near(pts[3][1], 180, tol * 2, 'dragged y');
  assert.deepEqual(pts.slice(0, 3), four.slice(0, 3));
  await undoRedo((st, what) => assert.deepEqual(pointsOf(st), four, what), 'the vertex drag');

  // A triangle keeps its three vertices.
  await withKey('Alt', () => clickImage(page, s, [360, 60]));
  await withKey('Alt', () => clickImage(page, s, [300, 60]));
  s = await appState(page);
  assert.equal(pointsOf(s).length, 3);
  await withKey('Alt', () => clickImage(page, s, [420, 60]));
  s = await appState(page);
  assert.equal(pointsOf(s).length, 3, 'no polygon with fewer than 3 vertices');
  await key(page, 'Control+z');
  s = await appState(page);
  assert.deepEqual(pointsOf(s), pts, 'back to the dragged polygon');
});

test('a brush stroke and an eraser stroke make one mask, each one undoable edit', async () => {
  await key(page, 'Escape');
  await key(page, 'g');
  await key(page, 'Minus');
  let s = await appState(page);
  assert.equal(s.tool, 'brush');
  assert.equal(s.brush_size, 10);
  const d = s.brush_size;
  // A horizontal stroke along pixel row 300, from column 200 to 260.
  const a = pixelToPage(s, 200, 300);
  const b = pixelToPage(s, 260, 300);
  await dragPage(page, a, b, { steps: 12 });
  s = await waitForState(page, (st) => st.mine.some((r) => r.kind === 'brush'), { what: 'a mask' });
  const brush = s.mine.find((r) => r.kind === 'brush');
  made.brush = brush.id;
  const painted = new Uint8Array(W * H);
  paintSegment(painted, pageToPixel(s, a), pageToPixel(s, b), d, 1);
  const paintedArea = painted.reduce((n, v) => n + v, 0);
  assert.equal(brush.mask_area, paintedArea, 'painted pixels');
  assert.equal(s.selected, brush.id);
  await undoRedo((st, what) => assert.ok(!st.mine.some((r) => r.kind === 'brush'), what), 'the stroke');

  // The eraser, across the painted band at column 230.
  await key(page, 'x');
  s = await appState(page);
  assert.equal(s.tool, 'eraser');
  const c = pixelToPage(s, 230, 285);
  const e = pixelToPage(s, 230, 315);
  await dragPage(page, c, e, { steps: 12 });
  s = await waitForState(page, (st) => mineById(st, brush.id).mask_area < paintedArea, { what: 'erased' });
  expectedMask = painted.slice();
  paintSegment(expectedMask, pageToPixel(s, c), pageToPixel(s, e), d, 0);
  assert.equal(mineById(s, brush.id).mask_area, expectedMask.reduce((n, v) => n + v, 0));
  await undoRedo((st, what) => assert.equal(mineById(st, brush.id).mask_area, paintedArea, what),
    'the eraser stroke');
});

test('multi-select, relabel, copy/paste, delete, hide, lock, filter and z-order', async () => {
  await key(page, 'Escape');
  await key(page, 'b');
  let s = await appState(page);
  await dragImage(page, s, [300, 380], [340, 420]);
  await dragImage(page, s, [360, 380], [400, 420]);
  s = await waitForState(page, (st) => st.mine.length === 5, { what: 'two more boxes' });
  made.c = s.mine[3].id;
  made.d = s.mine[4].id;
  await key(page, 'Escape');

  // A rubber band with Shift selects both; Shift+click adds and removes the polygon.
  await withKey('Shift', () => dragImage(page, s, [290, 370], [410, 430]));
  s = await appState(page);
  assert.deepEqual(s.selection, [made.c, made.d], 'the rubber band selects the two boxes');
  await withKey('Shift', () => clickImage(page, s, [360, 110]));
  // The first selected stays primary; the others follow in list order.
  assert.deepEqual((await appState(page)).selection, [made.c, made.polygon, made.d]);
  await withKey('Shift', () => clickImage(page, s, [360, 110]));
  s = await appState(page);
  assert.deepEqual(s.selection, [made.c, made.d]);

  // A label hotkey relabels both, as one edit.
  await key(page, 'v');
  s = await appState(page);
  assert.deepEqual(mineById(s, made.c).labels, ['Vehicle']);
  assert.deepEqual(mineById(s, made.d).labels, ['Vehicle']);
  s = await undoRedo((st, what) => {
    assert.deepEqual(mineById(st, made.c).labels, ['Person'], what);
    assert.deepEqual(mineById(st, made.d).labels, ['Person'], what);
  }, 'the relabel');

  // Copy and paste: two new boxes 10 pixels right and down, selected.
  const c = mineById(s, made.c);
  const dd = mineById(s, made.d);
  await key(page, 'Control+c');
  await key(page, 'Control+v');
  s = await waitForState(page, (st) => st.mine.length === 7, { what: 'pasted' });
  const pasted = s.mine.slice(5);
  assert.deepEqual(s.selection, pasted.map((r) => r.id));
  for (const [p, o] of [[pasted[0], c], [pasted[1], dd]]) {
    assert.notEqual(p.id, o.id);
    assert.deepEqual(p.labels, o.labels);
    // Exact up to the pixel -> percent -> pixel round trip of the Label Studio form.
    near(p.x, o.x + 10, 1e-9, 'pasted x');
    near(p.y, o.y + 10, 1e-9, 'pasted y');
    near(p.width, o.width, 1e-9, 'pasted width');
    near(p.height, o.height, 1e-9, 'pasted height');
  }
  s = await undoRedo((st, what) => assert.equal(st.mine.length, 5, what), 'the paste');
  const withPasted = s.mine;

  // Delete both pasted boxes at once; undo puts them back where they were.
  await key(page, 'Delete');
  s = await appState(page);
  assert.equal(s.mine.length, 5);
  await key(page, 'Control+z');
  assert.deepEqual((await appState(page)).mine, withPasted, 'undo of a multiple delete');
  await key(page, 'Control+y');
  s = await appState(page);
  assert.equal(s.mine.length, 5);

  // Paste onto the next task (another image of another size).
  await key(page, 'Escape');
  await key(page, 'j');
  s = await waitForState(page, (st) => st.ready && st.task.index === 1, { what: 'task 1' });
  await key(page, 'Control+v');
  s = await waitForState(page, (st) => st.mine.length === 2, { what: 'pasted on task 1' });
  // examples/demo/images/coffee.png is 600 x 400: pasted boxes stay inside it.
  s.mine.forEach((r, i) => {
    const o = [c, dd][i];
    near(r.x, Math.min(o.x + 10, 600 - o.width), 1e-9, 'x on task 1');
    near(r.y, Math.min(o.y + 10, 400 - o.height), 1e-9, 'y on task 1');
    near(r.width, o.width, 1e-9, 'width on task 1');
    near(r.height, o.height, 1e-9, 'height on task 1');
  });
  made.task1 = s.mine;
  await key(page, 'Escape');
  await key(page, 'ArrowUp');
  s = await waitForState(page, (st) => st.ready && st.task.index === 0, { what: 'back to task 0' });

  // Hide C: not drawn, not hit; undo shows it again.
  await clickImage(page, s, [320, 400]);
  assert.equal((await appState(page)).selected, made.c);
  await key(page, 'h');
  s = await appState(page);
  assert.equal(mineById(s, made.c).hidden, true);
  assert.ok(!s.regions.some((r) => r.id === made.c), 'a hidden region is not drawn');
  await clickImage(page, s, [320, 400]);
  assert.equal((await appState(page)).selected, '', 'a hidden region is not hit');
  s = await undoRedo((st, what) => {
    assert.equal(mineById(st, made.c).hidden, false, what);
    assert.ok(st.regions.some((r) => r.id === made.c), what);
  }, 'hide');

  // Lock D: drawn, but neither selected nor moved by the mouse.
  await clickImage(page, s, [380, 400]);
  assert.equal((await appState(page)).selected, made.d);
  await key(page, 'Shift+h');
  s = await appState(page);
  assert.equal(mineById(s, made.d).locked, true);
  await key(page, 'Escape');
  await clickImage(page, s, [380, 400]);
  assert.equal((await appState(page)).selected, '', 'a locked region is not selected by a click');
  const dBefore = mineById(s, made.d);
  await dragImage(page, s, [380, 400], [420, 440]);
  s = await appState(page);
  assert.deepEqual(mineById(s, made.d), dBefore, 'a locked region does not move');
  s = await undoRedo((st, what) => assert.equal(mineById(st, made.d).locked, false, what), 'lock');

  // The region list filter.
  const f = s.filter.rect;
  await page.mouse.click(f[0] + f[2] / 2, f[1] + f[3] / 2);
  await waitFrames(page, 2);
  await page.keyboard.type('polyg');
  s = await waitForState(page, (st) => st.filter.text === 'polyg', { what: 'filter text' });
  await waitFrames(page, 2);
  s = await appState(page);
  assert.equal(s.filter.listed, 1, 'one polygon listed');
  // ImGui takes queued key events one per frame, so each step waits until the app saw it.
  await clearFilter();
  await page.keyboard.type('vehicle');
  await waitForState(page, (st) => st.filter.text === 'vehicle', { what: 'filter text' });
  await waitFrames(page, 2);
  s = await appState(page);
  assert.equal(s.filter.listed, 2, 'the two relabelled boxes');
  await clearFilter();
  await waitFrames(page, 2);
  s = await appState(page);
  assert.equal(s.filter.text, '');
  assert.ok(s.filter.listed >= 5);
  await clickImage(page, s, [480, 480]);  // leaves the text box

  // Z-order: the rotated box to the front (end of the list) and to the back.
  const rb = mineById(s, made.box);
  const ra = (rb.rotation * Math.PI) / 180;
  const centre = [rb.x + (rb.width / 2) * Math.cos(ra) - (rb.height / 2) * Math.sin(ra),
    rb.y + (rb.width / 2) * Math.sin(ra) + (rb.height / 2) * Math.cos(ra)];
  await clickImage(page, s, centre);
  assert.equal((await appState(page)).selected, made.box);
  const order = ids(await appState(page));
  await key(page, 'Control+BracketRight');
  s = await appState(page);
  assert.deepEqual(ids(s), [...order.filter((x) => x !== made.box), made.box]);
  s = await undoRedo((st, what) => assert.deepEqual(ids(st), order, what), 'bring to front');
  await key(page, 'Control+BracketLeft');
  s = await appState(page);
  assert.deepEqual(ids(s), [made.box, ...order.filter((x) => x !== made.box)]);
  await undoRedo((st, what) => assert.deepEqual(ids(st), [...order.filter((x) => x !== made.box), made.box], what),
    'send to back');
  await key(page, 'Escape');
});

test('the help overlay lists every shortcut; a remapped key survives a reload', async () => {
  await key(page, 'F1');
  let s = await appState(page);
  assert.equal(s.help.open, true);
  assert.deepEqual(Object.keys(s.help.buttons).sort(), Object.keys(s.keys).sort(),
    'every remappable action is listed');
  await screenshot(page, '20-help-overlay');
  const btn = s.help.buttons.box_tool;
  await page.mouse.click(btn[0] + btn[2] / 2, btn[1] + btn[3] / 2);
  s = await waitForState(page, (st) => st.help.capturing === 'box_tool', { what: 'capturing' });
  // Q is the hotkey of the span label Quote: a command may not take it, and the app says why.
  await key(page, 'q');
  s = await appState(page);
  assert.equal(s.keys.box_tool, 'B');
  assert.match(s.status, /Q is the hotkey of label "Quote" \(set ner\): box_tool keeps B/);
  await page.mouse.click(btn[0] + btn[2] / 2, btn[1] + btn[3] / 2);
  s = await waitForState(page, (st) => st.help.capturing === 'box_tool', { what: 'capturing again' });
  await key(page, 'u');
  s = await appState(page);
  assert.equal(s.keys.box_tool, 'U');
  assert.equal(s.help.capturing, '');
  await key(page, 'F1');
  assert.equal((await appState(page)).help.open, false);
  await key(page, '?');
  assert.equal((await appState(page)).help.open, true, '? opens the help too');
  await key(page, 'Escape');
  assert.equal((await appState(page)).help.open, false);

  beforeReload = await waitSaved(page);
  await page.reload();
  s = await waitForState(page, (st) => st.ready && st.task.index === 0, { what: 'reloaded' });
  assert.equal(s.keys.box_tool, 'U', 'the mapping is restored');
  assert.equal(s.events.skipped, 0);
  assert.deepEqual(s.mine, beforeReload.mine, 'every edit restored, in order, with its flags');
  assert.equal(s.undo_depth, beforeReload.undo_depth);
  await key(page, 'u');
  assert.equal((await appState(page)).tool, 'box');
  await key(page, 'Escape');
  await key(page, 'b');
  assert.equal((await appState(page)).tool, 'select', 'b is no longer the box tool');
  // The restored history undoes grouped edits as one: the last is the send to back.
  await key(page, 'Control+z');
  s = await appState(page);
  assert.equal(ids(s).at(-1), made.box);
  await key(page, 'Control+y');
  s = await waitSaved(page);
  assert.deepEqual(s.mine, beforeReload.mine);
});

test('the export holds exactly the regions: rotation, polygon, brush pixels, flags, pastes', async () => {
  const s = await appState(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const mineOf = (task) => task.annotations.find((a) => a.completed_by === 'me').result;
  const result = mineOf(exported.find((t) => String(t.id) === s.task.id));
  assert.deepEqual(result.map((r) => r.id), ids(s), 'same regions, same order');
  for (const r of s.mine) {
    const item = result.find((x) => x.id === r.id);
    assert.equal(item.original_width, W);
    assert.equal(item.original_height, H);
    const v = item.value;
    if (r.kind === 'box') {
      assert.equal(item.type, 'rectanglelabels');
      near(v.x, (r.x / W) * 100, 1e-9, 'x %');
      near(v.y, (r.y / H) * 100, 1e-9, 'y %');
      near(v.width, (r.width / W) * 100, 1e-9, 'width %');
      near(v.height, (r.height / H) * 100, 1e-9, 'height %');
      assert.equal(v.rotation, r.rotation, 'rotation in degrees');
      assert.deepEqual(v.rectanglelabels, r.labels);
    } else if (r.kind === 'polygon') {
      assert.equal(item.type, 'polygonlabels');
      assert.equal(v.points.length, 4);
      v.points.forEach(([x, y], i) => {
        near(x, (r.points[i][0] / W) * 100, 1e-9, 'point x %');
        near(y, (r.points[i][1] / H) * 100, 1e-9, 'point y %');
      });
    } else if (r.kind === 'brush') {
      assert.equal(item.type, 'brushlabels');
      assert.equal(v.format, 'rle');
      const rgba = decode(Uint8Array.from(v.rle));
      assert.equal(rgba.length, W * H * 4);
      let diff = 0;
      for (let p = 0; p < W * H; p++) diff += (rgba[p * 4 + 3] > 0 ? 1 : 0) !== expectedMask[p] ? 1 : 0;
      assert.equal(diff, 0, 'the decoded mask is exactly the brush minus the eraser stroke');
    }
  }
  const box = result.find((x) => x.id === made.box);
  near(box.value.rotation, 30, 0.6, 'exported rotation');
  near(box.value.x, (60 / W) * 100, (tol * 100) / W, 'exported rotated box x');
  assert.equal(result.find((x) => x.id === made.c).hidden, true, 'hidden travels with the region');
  assert.equal(result.find((x) => x.id === made.d).readonly, true, 'locked travels as readonly');
  const t1 = mineOf(exported.find((t) => String(t.id) === '2'));
  assert.equal(t1.length, 2);
  t1.forEach((item, i) => {
    const r = made.task1[i];
    near(item.value.x, (r.x / item.original_width) * 100, 1e-9, 'pasted x %');
    near(item.value.y, (r.y / item.original_height) * 100, 1e-9, 'pasted y %');
  });
});
