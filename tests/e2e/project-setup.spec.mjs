// End-to-end test of starting a project without writing JSON: the "New project" dialog takes
// picked image files and a label set typed into its form (names, colours, description, edge
// cases), refuses what is incomplete with messages that name the place, and opens the new
// project from this browser's storage; a box drawn on it survives a reload (the image is read
// back from IndexedDB), the guidelines panel shows the label's description and edge cases,
// and the export holds the box with the typed label. A text/CSV file becomes text tasks, and a
// broken JSONL file is refused with its line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  appState, clickImage, dragImage, dragPage, imageToPage, key, openAppForFile, repo, screenshot, waitForState, waitFrames, waitSaved,
} from './lib/app.mjs';

let server;
let page;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-setup-'));
const images = ['astronaut.png', 'coffee.png', 'chelsea.png'].map((f) => path.join(repo, 'examples/demo/images', f));

openAppForFile({ ready: true, opened: (app) => { ({ server, page } = app); } });

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const problems = () => page.locator('#project-problems li').allTextContents();

test('a project is made from picked images and a typed label set, and is labelled', async () => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.click('#project-button');
  await page.waitForSelector('#project-dialog[open]');
  assert.ok((await problems()).some((p) => p.includes('Pick or drop the images or texts')));
  assert.equal(await page.isDisabled('#project-create'), true);

  await page.fill('#project-name', 'Kitchen objects');
  await page.setInputFiles('#project-files', images);
  await page.waitForFunction(() => document.querySelector('#project-data-summary').textContent.startsWith('3 images'));
  // A Boxes set was proposed with one empty label: creating is refused, naming the place.
  assert.ok((await problems()).includes('Label set 1 (Boxes), label 1: the name is empty'), (await problems()).join(' | '));
  assert.equal(await page.isDisabled('#project-create'), true);

  const set = page.locator('.project-set').first();
  await set.locator('.label-name').first().fill('Mug');
  await set.locator('.label-description').first().fill('Any cup with a handle.');
  await set.locator('.label-edgeCases').first().fill('A mug seen from above still counts\nA glass is not a mug');
  await set.locator('.label-add').click();
  await set.locator('.label-name').nth(1).fill('Mug');
  assert.ok((await problems()).includes('Label set 1 (Boxes), label 2: "Mug" is already a label of this set'));
  await set.locator('.label-name').nth(1).fill('Person');
  await set.locator('.label-hotkey').nth(1).fill('u');
  // Three more sets, one label each: polygons, brush masks, keypoints.
  for (const [kind, label] of [['Polygons', 'Handle'], ['Brush masks', 'Coffee'], ['Keypoints', 'Eye']]) {
    await page.selectOption('#project-add-kind', { label: kind });
    await page.click('#project-add-set');
    await page.locator('.project-set').last().locator('.label-name').first().fill(label);
  }
  assert.deepEqual(await problems(), []);
  assert.equal(await page.isDisabled('#project-create'), false);
  await screenshot(page, 'project-settings');

  await page.click('#project-create');
  await page.waitForURL(/\?local=/);
  let s = await waitForState(page, (st) => st.ready && st.tasks === 3, { what: 'the new project' });
  assert.equal(s.task.kind, 'image');
  assert.ok(s.image_ready, 'the picked image is shown');
  // Nothing left the machine: every request went to the page's own server.
  const origin = new URL(server.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);

  await key(page, 'b');
  s = await appState(page);
  await dragImage(page, s, [40, 50], [160, 140]);
  s = await waitForState(page, (st) => st.mine.length === 1, { what: 'the box' });
  assert.deepEqual(s.mine[0].labels, ['Mug']);

  // A second box, turned by 30 degrees with its rotation handle.
  await dragImage(page, s, [250, 60], [350, 120]);
  s = await waitForState(page, (st) => st.mine.length === 2, { what: 'the second box' });
  const box2 = s.mine[1];
  await key(page, 'Escape');
  await clickImage(page, s, [300, 90]);
  s = await waitForState(page, (st) => st.selected === box2.id && st.rotate_handle, { what: 'the second box selected' });
  const turn = imageToPage(s, box2.x + 120 * Math.cos(Math.PI / 6), box2.y + 120 * Math.sin(Math.PI / 6));
  await dragPage(page, s.rotate_handle, turn);
  s = await waitForState(page, (st) => st.mine.find((r) => r.id === box2.id).rotation !== 0, { what: 'the rotation' });
  // A polygon (three clicks, Enter), a brush stroke and a keypoint.
  await key(page, 'p');
  for (const p of [[60, 300], [160, 300], [110, 380]]) await clickImage(page, s, p);
  await key(page, 'Enter');
  s = await waitForState(page, (st) => st.mine.some((r) => r.kind === 'polygon'), { what: 'the polygon' });
  await key(page, 'g');
  await dragImage(page, s, [300, 300], [380, 320], { steps: 8 });
  s = await waitForState(page, (st) => st.mine.some((r) => r.kind === 'brush'), { what: 'the brush stroke' });
  await key(page, 'k');
  await clickImage(page, s, [420, 200]);
  s = await waitForState(page, (st) => st.mine.some((r) => r.kind === 'keypoint'), { what: 'the keypoint' });
  assert.equal(s.mine.length, 5);
  // Undo takes the keypoint away, redo brings it back.
  await page.keyboard.press('Control+z');
  await waitForState(page, (st) => st.mine.length === 4, { what: 'undo' });
  await page.keyboard.press('Control+Shift+z');
  s = await waitForState(page, (st) => st.mine.length === 5, { what: 'redo' });
  await key(page, 'Escape');
  await waitSaved(page);

  await page.reload();
  s = await waitForState(page, (st) => st.ready && st.mine.length === 5, { what: 'the regions after a reload' });
  assert.ok(s.image_ready, 'the image is read back from this browser after a reload');

  await page.keyboard.press('Control+g');
  await page.waitForSelector('#guidelines-dialog[open]');
  const text = await page.locator('#guidelines-body').innerText();
  assert.match(text, /Mug/);
  assert.match(text, /Any cup with a handle\./);
  assert.match(text, /A glass is not a mug/);
  assert.match(text, /Person/);
  await screenshot(page, 'guidelines');
  await page.click('#guidelines-close');

  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  assert.equal(exported.length, 3);
  const first = exported.find((t) => t.data.image === 'astronaut.png');
  assert.ok(first, `tasks keep the picked file names: ${exported.map((t) => t.data.image)}`);
  const result = first.annotations.flatMap((a) => a.result);
  assert.deepEqual(result.map((r) => r.type).sort(),
    ['brushlabels', 'keypointlabels', 'polygonlabels', 'rectanglelabels', 'rectanglelabels']);
  // Coordinates in Label Studio percentages of the 512 x 512 image; one screen pixel of slack.
  const pct = (px) => (px / 512) * 100;
  const tol = 100 * (1.5 / s.view.scale) / 512;
  const close = (a, b, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
  const [b1, b2] = result.filter((r) => r.type === 'rectanglelabels').sort((p, q) => p.value.x - q.value.x);
  assert.deepEqual(b1.value.rectanglelabels, ['Mug']);
  close(b1.value.x, pct(40), 'box x');
  close(b1.value.y, pct(50), 'box y');
  close(b1.value.width, pct(120), 'box width');
  close(b1.value.height, pct(90), 'box height');
  assert.equal(b1.value.rotation, 0);
  close(b2.value.x, pct(250), 'rotated box x (its corner stays)');
  close(b2.value.width, pct(100), 'rotated box width');
  assert.ok(Math.abs(b2.value.rotation - 30) < 1, `rotation ${b2.value.rotation}`);
  const poly = result.find((r) => r.type === 'polygonlabels').value;
  assert.deepEqual(poly.polygonlabels, ['Handle']);
  [[60, 300], [160, 300], [110, 380]].forEach(([x, y], i) => {
    close(poly.points[i][0], pct(x), `polygon point ${i} x`);
    close(poly.points[i][1], pct(y), `polygon point ${i} y`);
  });
  const brush = result.find((r) => r.type === 'brushlabels').value;
  assert.deepEqual(brush.brushlabels, ['Coffee']);
  assert.equal(brush.format, 'rle');
  assert.ok(brush.rle.length > 10, 'the stroke is stored run-length encoded');
  const point = result.find((r) => r.type === 'keypointlabels').value;
  assert.deepEqual(point.keypointlabels, ['Eye']);
  close(point.x, pct(420), 'keypoint x');
  close(point.y, pct(200), 'keypoint y');
});

test('a CSV of texts becomes text tasks; a broken JSONL file is refused with its line', async () => {
  const csv = path.join(tmp, 'reviews.csv');
  fs.writeFileSync(csv, 'text,source\n"Great coffee 😀, would buy again",shop\n"Καλό αλλά ακριβό",web\n"Не понравилось",web\n');
  const jsonl = path.join(tmp, 'broken.jsonl');
  fs.writeFileSync(jsonl, '{"text": "fine"}\n{"text": "cut off\n');
  await page.click('#project-button');
  await page.waitForSelector('#project-dialog[open]');
  await page.fill('#project-name', 'Reviews');
  await page.setInputFiles('#project-files', [jsonl]);
  await page.waitForFunction(() => [...document.querySelectorAll('#project-problems li')].some((li) => li.textContent.includes('broken.jsonl')));
  const refused = (await problems()).find((p) => p.includes('broken.jsonl'));
  assert.match(refused, /broken\.jsonl.*line 2/, refused);

  await page.click('#project-clear');
  await page.setInputFiles('#project-files', [csv]);
  await page.waitForFunction(() => document.querySelector('#project-data-summary').textContent.startsWith('3 texts'));
  // Texts alone: a text classification set is proposed; two labels typed in.
  const set = page.locator('.project-set').first();
  assert.match(await set.locator('legend').innerText(), /Text classification/);
  await set.locator('.label-name').first().fill('Positive');
  await set.locator('.label-add').click();
  await set.locator('.label-name').nth(1).fill('Negative');
  assert.deepEqual(await problems(), []);
  const before = page.url();
  await page.click('#project-create');
  await page.waitForURL((u) => u.search.includes('local=') && u.href !== before);
  const s = await waitForState(page, (st) => st.ready && st.tasks === 3 && st.task.kind === 'text', { what: 'the text project' });
  assert.equal(s.task.index, 0);
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  assert.deepEqual(exported.map((t) => t.data.text), ['Great coffee 😀, would buy again', 'Καλό αλλά ακριβό', 'Не понравилось']);
  assert.deepEqual(exported.map((t) => t.data.source), ['shop', 'web', 'web']);
  await screenshot(page, 'text-project');
});

test('a Label Studio export opens with its images picked from local files', async () => {
  const ls = path.join(tmp, 'export.json');
  fs.writeFileSync(ls, JSON.stringify([{
    id: 7,
    data: { image: '/data/upload/3/5f2a9c-coffee.png' },
    annotations: [{ id: 1, completed_by: 1, result: [{
      id: 'r1', type: 'rectanglelabels', from_name: 'label', to_name: 'image', original_width: 400, original_height: 400,
      value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Cup'] },
    }] }],
  }, { id: 8, data: { image: 'https://example.org/not-fetched.png' } }]));
  await page.click('#project-button');
  await page.waitForSelector('#project-dialog[open]');
  await page.fill('#project-name', 'From Label Studio');
  await page.setInputFiles('#project-files', [ls, images[1]]);
  await page.waitForFunction(() => document.querySelector('#project-data-summary').textContent.includes('2 Label Studio tasks'));
  assert.match(await page.locator('#project-data-summary').innerText(), /1 images found among the picked files/);
  // The URL that is not among the picked files is kept, and said so; no set is needed.
  const notes = await problems();
  assert.equal(notes.length, 1, notes.join(' | '));
  assert.match(notes[0], /^Note: 1 image references .*not-fetched\.png/);
  const before = page.url();
  const blocked = [];
  await page.route('https://example.org/**', (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  await page.click('#project-create');
  await page.waitForURL((u) => u.search.includes('local=') && u.href !== before);
  const s = await waitForState(page, (st) => st.ready && st.tasks === 2, { what: 'the imported project' });
  assert.equal(s.task.index, 0);
  assert.ok(s.image_ready, 'the picked coffee.png stands in for the upload path');
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  assert.equal(exported[0].data.image, 'coffee.png');
  assert.deepEqual(exported[0].annotations[0].result[0].value.rectanglelabels, ['Cup']);
  assert.equal(exported[1].data.image, 'https://example.org/not-fetched.png');
  // The only outside request is the image URL the project itself names (prefetched).
  assert.ok(blocked.every((u) => u === 'https://example.org/not-fetched.png'), blocked.join(' '));
});
