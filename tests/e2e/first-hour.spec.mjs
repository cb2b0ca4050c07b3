// End-to-end tests of a newcomer's first hour, with mouse and keyboard only: a text
// classification project made with the New-project form's defaults is labelled through ten
// tasks by keys and by clicks and exported; an image project with choices and boxes gets a
// choice on an untouched task, a box, and a relabel through the picker (right-click and the
// Details panel); tool keys never relabel; keys typed outside the canvas edit nothing; the
// window at exactly the screen's size stays a page (no fullscreen request, no errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  appState, dragImage, imageToPage, key, launchBrowser, openAppForFile, repo, screenshot, waitForState, waitFrames, waitSaved,
} from './lib/app.mjs';

let app;
let page;
const errors = [];
openAppForFile({
  ready: true,
  prepare: (p) => p.on('pageerror', (e) => errors.push(e.message)),
  opened: (a) => { app = a; ({ page } = a); },
});
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-first-hour-'));

const center = (rect) => [rect[0] + rect[2] / 2, rect[1] + rect[3] / 2];
const myChoices = (s, set) => s.mine.find((r) => r.kind === 'choices' && r.from_name === set)?.labels ?? [];

/** A click the app sees as press and release in different frames (as a person's click is). */
async function clickAt(x, y, { button = 'left' } = {}) {
  await page.mouse.move(x, y);
  await waitFrames(page, 1);
  await page.mouse.down({ button });
  await waitFrames(page, 2);
  await page.mouse.up({ button });
  await waitFrames(page, 2);
}

async function clickButton(list, set, label) {
  const s = await waitForState(page, (st) => st[list].some((b) => b.set === set && b.label === label), { what: `${set}/${label} in ${list}` });
  const [x, y] = center(s[list].find((b) => b.set === set && b.label === label).rect);
  await clickAt(x, y);
}

async function exportDownloaded() {
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

test('the example shows the choice editor and the tool bar on a task the user has not touched', async () => {
  const s = await waitForState(page, (st) => st.ready && st.task.index === 0 && st.choice_buttons.length > 0, { what: 'task 0' });
  assert.equal(s.mine.length, 0, 'nothing of mine yet');
  assert.deepEqual(s.choice_buttons.filter((b) => b.set === 'scene').map((b) => b.label), ['Indoor', 'Outdoor', 'Microscopy', 'Texture']);
  const tools = s.tool_buttons.filter((b) => b.set === 'tool').map((b) => b.label);
  assert.deepEqual(tools, ['Select', 'Box', 'Polygon', 'Keypoint', 'Brush', 'Eraser']);
  assert.ok(s.tool_buttons.find((b) => b.label === 'Select').on, 'the select tool is active');
  // The tool bar sits above the image, not over it.
  const bar = s.tool_buttons.find((b) => b.label === 'Box').rect;
  assert.ok(bar[1] + bar[3] <= s.canvas[1] + 1, 'the tool bar ends above the image area');
  await screenshot(page, 'first-hour-example');
});

test('a choice on an untouched task by click, a box from the tool bar, a relabel through the picker', async () => {
  let s = await appState(page);
  assert.equal(s.source.mine_not_started, true, 'the first view is the user\'s own annotation');
  // A click on a choice creates my annotation and keeps showing it.
  await clickButton('choice_buttons', 'scene', 'Outdoor');
  s = await waitForState(page, (st) => myChoices(st, 'scene')[0] === 'Outdoor', { what: 'the choice' });
  assert.equal(s.source.prediction, false);
  assert.equal(s.source.mine_not_started, false);
  assert.equal(s.regions_drawn, 0, 'still the user\'s own (empty but for the choice) annotation');
  // The Box tool by its button, the next label picked in the bar.
  await clickButton('tool_buttons', 'tool', 'Box');
  s = await waitForState(page, (st) => st.tool === 'box', { what: 'the box tool' });
  const next = s.tool_buttons.find((b) => b.set === 'next_label');
  assert.equal(next.label, 'Person', 'the first label of the box set');
  await dragImage(page, s, [60, 60], [160, 140]);
  s = await waitForState(page, (st) => st.mine.some((r) => r.kind === 'box'), { what: 'the box' });
  const box = s.mine.find((r) => r.kind === 'box');
  assert.deepEqual(box.labels, ['Person']);
  assert.deepEqual(myChoices(s, 'scene'), ['Outdoor'], 'the choice stays');
  // Right-click on the box: its label picker; a click relabels.
  await clickButton('tool_buttons', 'tool', 'Select');
  s = await appState(page);
  const [px, py] = imageToPage(s, 110, 100);
  await clickAt(px, py, { button: 'right' });
  s = await waitForState(page, (st) => st.label_picker.some((b) => b.set === 'menu'), { what: 'the label menu' });
  assert.deepEqual(s.label_picker.filter((b) => b.set === 'menu').map((b) => b.label), ['Person', 'Animal', 'Vehicle', 'Object', 'Text', 'Structure']);
  await screenshot(page, 'first-hour-picker');
  await clickButton('label_picker', 'menu', 'Vehicle');
  s = await waitForState(page, (st) => st.mine.find((r) => r.kind === 'box')?.labels[0] === 'Vehicle', { what: 'the relabel' });
  // The Details panel lists the same picker while the box is selected.
  s = await waitForState(page, (st) => !st.label_picker.some((b) => b.set === 'menu') &&
    st.label_picker.some((b) => b.set === 'label' && b.label === 'Vehicle' && b.on), { what: 'the picker in Details' });
  await clickButton('label_picker', 'label', 'Animal');
  s = await waitForState(page, (st) => st.mine.find((r) => r.kind === 'box')?.labels[0] === 'Animal', { what: 'relabel in Details' });
  await page.keyboard.press('Control+z');
  s = await waitForState(page, (st) => st.mine.find((r) => r.kind === 'box')?.labels[0] === 'Vehicle', { what: 'undo of the relabel' });
  await waitSaved(page);
});

test('the others\' work is one click away in the switcher, and back', async () => {
  let s = await appState(page);
  const mineIndex = s.source.index;
  const [x, y] = center(s.source_switcher);
  await clickAt(x, y);
  s = await waitForState(page, (st) => st.source_entries.length > 0, { what: 'the switcher open' });
  const other = s.source_entries.find((e) => e.set === 'annotation' && e.label !== s.annotator);
  assert.ok(other, 'another annotator is listed');
  await screenshot(page, 'first-hour-switcher');
  await clickAt(...center(other.rect));
  s = await waitForState(page, (st) => st.source.index !== mineIndex && st.regions_drawn > 0, { what: 'the other annotation' });
  await clickAt(...center(s.source_switcher));
  s = await waitForState(page, (st) => st.source_entries.length > 0, { what: 'the switcher open again' });
  const mine = s.source_entries.find((e) => e.set === 'annotation' && e.label === s.annotator);
  await clickAt(...center(mine.rect));
  s = await waitForState(page, (st) => st.source.index === mineIndex, { what: 'my annotation again' });
});

test('every documented tool key pressed after drawing never relabels; the moved label key does', async () => {
  let s = await appState(page);
  const box = s.mine.find((r) => r.kind === 'box');
  // Select the box again, then every plain command key of the help (but those that leave the task).
  const [px, py] = imageToPage(s, 110, 100);
  await clickAt(px, py);
  for (const name of ['b', 'p', 'k', 'g', 'x', 'f', '0', 'e', 'a', 'h', 'h', '-', '=', 'Escape']) {
    await key(page, name);
    s = await appState(page);
    const now = s.mine.find((r) => r.id === box.id);
    assert.ok(now, `the box is still there after ${name}`);
    assert.deepEqual(now.labels, ['Vehicle'], `${name} did not relabel`);
  }
  // The label keys moved under Shift: P is the polygon tool, Shift+P labels Person. (0 zoomed
  // to 100 %: the box is elsewhere on the page now.)
  s = await appState(page);
  await clickAt(...imageToPage(s, 110, 100));
  s = await waitForState(page, (st) => st.selection.length === 1, { what: 'the box selected' });
  await key(page, 'Shift+P');
  s = await waitForState(page, (st) => st.mine.find((r) => r.id === box.id)?.labels[0] === 'Person', { what: 'Shift+P' });
  // Plain v (not a command key) still labels directly.
  await key(page, 'v');
  s = await waitForState(page, (st) => st.mine.find((r) => r.id === box.id)?.labels[0] === 'Vehicle', { what: 'v' });
  await waitSaved(page);
});

test('a sentence typed into a text field or with the focus outside the canvas edits nothing', async () => {
  let s = await waitSaved(page);
  const before = { seq: s.events.next_seq, mine: JSON.stringify(s.mine), tool: s.tool, review: s.source };
  // Into the New-project form's name field, then closed with its Cancel button.
  await page.click('#project-button');
  await page.waitForSelector('#project-dialog[open]');
  await page.click('#project-name');
  await page.keyboard.type(' a sentence: every key, e r 1 2 3 p j!');
  await page.click('#project-cancel');
  // A click that misses any field (on the status text of the bar), then typing.
  await page.click('#sync-status');
  await page.keyboard.type('typed here: e r a b 1 2 3 j p');
  assert.ok(await page.isVisible('#focus-hint'), 'the page says the shortcuts are paused');
  await screenshot(page, 'first-hour-keys-paused');
  s = await appState(page);
  assert.equal(s.events.next_seq, before.seq, 'no edit was recorded');
  assert.equal(JSON.stringify(s.mine), before.mine);
  assert.equal(s.tool, before.tool);
  assert.deepEqual(s.source, before.review);
  // Esc gives the keys back to the canvas.
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'canvas');
  assert.equal(await page.isVisible('#focus-hint'), false);
});

test('the window at exactly the screen size: no fullscreen request, no page error, the bar visible', async () => {
  const screenSize = await page.evaluate(() => ({ width: screen.width, height: screen.height }));
  const errorsBefore = errors.length;
  await page.setViewportSize(screenSize);
  await waitFrames(page, 10);
  await page.waitForTimeout(500);
  let s = await appState(page);
  const size = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { canvas: [c.width, c.height], page: [innerWidth, innerHeight], fullscreen: !!document.fullscreenElement };
  });
  assert.deepEqual(size.canvas, size.page, 'the canvas is the page\'s size');
  assert.equal(size.fullscreen, false);
  assert.ok(await page.isVisible('#sync-bar'));
  assert.ok(s.canvas[2] > 100 && s.canvas[3] > 100, 'the image area is usable');
  await screenshot(page, 'first-hour-screen-size');
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitFrames(page, 5);
  s = await appState(page);
  assert.equal(errors.length, errorsBefore, `page errors: ${errors.slice(errorsBefore).join('; ')}`);
});

test('at 800×600, 640×480 and 1920×1080 the image keeps at least half of the width; nothing overlaps the bar', async () => {
  for (const [width, height] of [[800, 600], [640, 480], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    await waitFrames(page, 4);
    const s = await appState(page);
    assert.ok(s.canvas[2] >= width * 0.5, `${width}x${height}: the image area is ${s.canvas[2]} px wide`);
    const bar = await page.locator('#sync-bar').boundingBox();
    assert.ok(bar.y >= s.canvas[1] + s.canvas[3] - 1, `${width}x${height}: the page's bar is below the image area`);
    await screenshot(page, `first-hour-${width}x${height}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitFrames(page, 3);
});

test('side panels hide and show with their buttons, and take the width their edge is dragged to', async () => {
  let s = await appState(page);
  const canvasX = s.canvas[0];
  await clickButton('tool_buttons', 'panel', 'Tasks');
  s = await waitForState(page, (st) => st.canvas[0] < 40, { what: 'the task list hidden' });
  await screenshot(page, 'first-hour-panel-hidden');
  await clickButton('tool_buttons', 'panel', 'Tasks');
  s = await waitForState(page, (st) => Math.abs(st.canvas[0] - canvasX) < 1, { what: 'the task list back' });
  // Drag the Details panel's inner edge 60 px to the left: the image area narrows by as much.
  const strip = s.tool_buttons.find((b) => b.set === 'splitter' && b.label === 'split-details').rect;
  const width = s.canvas[2];
  const { dragPage } = await import('./lib/app.mjs');
  await dragPage(page, center(strip), [center(strip)[0] - 60, center(strip)[1]]);
  s = await waitForState(page, (st) => Math.abs(st.canvas[2] - (width - 60)) < 3, { what: 'the wider Details panel' });
});

test('a choice hotkey labels an image task nobody of mine touched; Esc closes the switcher; Guidelines open at the top; Ctrl+A selects no page text', async () => {
  // The example's labels with hotkeys 6..9 on the image scene set.
  const labels = JSON.parse(fs.readFileSync(path.join(repo, 'examples/demo/labels.json'), 'utf8'));
  labels.label_sets.find((x) => x.name === 'scene').labels.forEach((l, i) => { l.hotkey = String(6 + i); });
  await page.route((u) => u.pathname === '/test/labels-scene-keys.json', (route) => route.fulfill({ json: labels }));
  await page.goto(`${app.server.url}?project=examples/demo/project.json&labels=/test/labels-scene-keys.json`);
  let s = await waitForState(page, (st) => st.ready && st.task.index === 0, { what: 'the example with scene keys' });
  await key(page, 'j');
  s = await waitForState(page, (st) => st.ready && st.task.index === 1, { what: 'task 2' });
  assert.equal(s.source.mine_not_started, true);
  assert.deepEqual(s.choice_buttons.map((b) => b.label), ['Indoor', 'Outdoor', 'Microscopy', 'Texture']);
  await key(page, '7');
  s = await waitForState(page, (st) => myChoices(st, 'scene')[0] === 'Outdoor', { what: 'Outdoor by key' });
  assert.equal(s.source.mine_not_started, false, 'my annotation was made and is shown');
  await key(page, '7');
  s = await appState(page);
  assert.deepEqual(myChoices(s, 'scene'), ['Outdoor'], 'the key sets the choice; it does not clear it');
  // Esc closes the open switcher.
  await clickAt(...center(s.source_switcher));
  await waitForState(page, (st) => st.source_entries.length > 0, { what: 'the switcher open' });
  await key(page, 'Escape');
  await waitForState(page, (st) => st.source_entries.length === 0, { what: 'the switcher closed by Esc' });
  // Ctrl+A on the canvas selects regions, never the page's text.
  await key(page, 'Control+a');
  assert.equal(await page.evaluate(() => String(getSelection())), '');
  // Guidelines open at their top.
  await page.click('#guidelines-button');
  await page.waitForSelector('#guidelines-dialog[open]');
  assert.equal(await page.evaluate(() => document.getElementById('guidelines-dialog').scrollTop), 0);
  await page.keyboard.press('Escape');
});

test('a text classification project made with the form\'s defaults is labelled by keys and clicks', async () => {
  const csv = path.join(tmp, 'reviews.csv');
  const texts = Array.from({ length: 10 }, (_, i) => `Review number ${i + 1}: ${['great', 'awful', 'fine'][i % 3]} coffee`);
  fs.writeFileSync(csv, `text\n${texts.map((t) => `"${t}"`).join('\n')}\n`);
  await page.click('#project-button');
  await page.waitForSelector('#project-dialog[open]');
  await page.fill('#project-name', 'Coffee reviews');
  await page.setInputFiles('#project-files', [csv]);
  await page.waitForFunction(() => document.querySelector('#project-data-summary').textContent.startsWith('10 texts'));
  const set = page.locator('.project-set').first();
  assert.match(await set.locator('legend').innerText(), /Text classification/);
  await set.locator('.label-name').first().fill('Positive');
  await set.locator('.label-add').click();
  await set.locator('.label-name').nth(1).fill('Negative');
  await set.locator('.label-add').click();
  await set.locator('.label-name').nth(2).fill('Neutral');
  const keys = await set.locator('.label-hotkey').evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(keys, ['1', '2', '3'], 'the form proposes 1, 2, 3');
  // A hotkey that is a command's key is refused with the command named.
  await set.locator('.label-hotkey').nth(2).fill('p');
  const problems = await page.locator('#project-problems li').allInnerTexts();
  assert.ok(problems.some((p) => /hotkey "p" is the key of the command "Polygon tool"/.test(p)), problems.join('\n'));
  assert.equal(await page.isDisabled('#project-create'), true);
  await set.locator('.label-hotkey').nth(2).fill('3');
  await page.click('#project-create');
  await page.waitForURL((u) => u.search.includes('local='));
  let s = await waitForState(page, (st) => st.ready && st.tasks === 10 && st.choice_buttons.length === 3, { what: 'the text project' });
  assert.deepEqual(s.choice_buttons.map((b) => b.label), ['Positive', 'Negative', 'Neutral']);
  await screenshot(page, 'first-hour-text-project');
  const labels = ['Positive', 'Negative', 'Neutral'];
  const given = new Map(); // task id -> label
  for (let i = 0; i < 10; i++) {
    s = await appState(page);
    const id = s.task.id;
    assert.ok(!given.has(id), `task ${id} comes once`);
    const label = labels[i % 3];
    given.set(id, label);
    if (i < 5) {
      // By key: labels the task and moves on to the next unlabelled one.
      await page.keyboard.press(String((i % 3) + 1));
      s = await waitForState(page, (st) => st.task.id !== id, { what: `the task after ${id}` });
    } else {
      // By click on the button, then submit (Ctrl+Enter) to go on.
      await clickButton('choice_buttons', s.choice_buttons[0].set, label);
      s = await waitForState(page, (st) => myChoices(st, st.choice_buttons[0].set)[0] === label, { what: `${label} on ${id}` });
      await page.keyboard.press('Control+Enter');
      if (i < 9) s = await waitForState(page, (st) => st.task.id !== id, { what: `the task after ${id}` });
    }
  }
  await waitSaved(page);
  const exported = await exportDownloaded();
  assert.equal(exported.length, 10);
  for (const t of exported) {
    const mine = t.annotations.find((a) => a.result.some((r) => r.type === 'choices'));
    assert.ok(mine, `task ${t.id} has an annotation with a choice`);
    assert.deepEqual(mine.result.find((r) => r.type === 'choices').value.choices, [given.get(String(t.id))], `task ${t.id}`);
  }
  await screenshot(page, 'first-hour-text-labelled');
});

test('a project that cannot be opened leaves the app usable, saying why and what to do', async () => {
  await page.goto(`${app.server.url}?project=no-such-project.json`);
  const s = await waitForState(page, (st) => st.loaded && st.frame > 2, { what: 'the app on an empty project' });
  assert.equal(s.tasks, 0);
  const message = await page.locator('#message').innerText();
  assert.match(message, /Could not load the project from .*no-such-project\.json: there is no file at that address \(HTTP 404\)/);
  assert.match(message, /New project/);
  assert.ok(await page.isVisible('#project-button'), 'New project… is there');
  await screenshot(page, 'first-hour-missing-project');
  await page.click('#message a');
  await waitForState(page, (st) => st.ready && st.tasks > 20, { what: 'the example from the link' });
});

test('the built folder served by a plain static server opens the example without an error', async () => {
  const { spawn } = await import('node:child_process');
  const { webDir } = await import('./lib/app.mjs');
  const port = 18000 + Math.floor(Math.random() * 2000);
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], { cwd: webDir, stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const failed = [];
    const pageErrors = [];
    const other = await page.context().newPage();
    other.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    other.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
    other.on('pageerror', (e) => pageErrors.push(e.message));
    await other.goto(`http://127.0.0.1:${port}/`);
    const s = await waitForState(other, (st) => st.ready && st.tasks > 20, { what: 'the example from the built folder' });
    assert.equal(s.task.kind, 'image');
    assert.deepEqual(failed, []);
    assert.deepEqual(pageErrors, []);
    await other.close();
  } finally {
    server.kill();
  }
});

test('a bundle of a page-made image project opens in a fresh profile with its images', async () => {
  // An image project made in the page from two picked files, one box drawn.
  await page.goto(app.server.url);
  await waitForState(page, (st) => st.ready, { what: 'the example' });
  await page.click('#project-button');
  await page.waitForSelector('#project-dialog[open]');
  await page.fill('#project-name', 'Two pictures');
  await page.setInputFiles('#project-files', ['coffee.png', 'chelsea.png'].map((f) => path.join(repo, 'examples/demo/images', f)));
  await page.waitForFunction(() => document.querySelector('#project-data-summary').textContent.startsWith('2 images'));
  const set = page.locator('.project-set').first();
  await set.locator('.label-name').first().fill('Cup');
  await page.click('#project-create');
  await page.waitForURL((u) => u.search.includes('local='));
  let s = await waitForState(page, (st) => st.ready && st.tasks === 2, { what: 'the new project' });
  await clickButton('tool_buttons', 'tool', 'Box');
  s = await appState(page);
  await dragImage(page, s, [40, 40], [140, 120]);
  await waitForState(page, (st) => st.mine.length === 1, { what: 'the box' });
  await waitSaved(page);
  await page.click('#sync-button');
  await page.waitForSelector('#sync-dialog[open]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#sync-bundle-download')]);
  const file = path.join(tmp, 'pictures-bundle.json');
  await download.saveAs(file);
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(bundle.files.map((f) => f.path), ['chelsea.png', 'coffee.png']);
  assert.deepEqual(Buffer.from(bundle.files[1].base64, 'base64'), fs.readFileSync(path.join(repo, 'examples/demo/images/coffee.png')));
  assert.ok(bundle.project.every((t) => !String(t.data.image).startsWith('localabel-file:')), 'the tasks name the bundled files');
  await page.keyboard.press('Escape');

  // A fresh profile opens the bundle: a project of its own, images included, the box shown as
  // the other annotator's.
  const other = await launchBrowser();
  try {
    const p2 = await other.context.newPage();
    await p2.goto(app.server.url);
    await waitForState(p2, (st) => st.ready, { what: 'the example in the fresh profile' });
    await p2.click('#sync-button');
    await p2.waitForSelector('#sync-dialog[open]');
    const [chooser] = await Promise.all([p2.waitForEvent('filechooser'), p2.click('#sync-bundle-open')]);
    await chooser.setFiles(file);
    await p2.waitForURL((u) => u.search.includes('local='));
    const s2 = await waitForState(p2, (st) => st.ready && st.tasks === 2 && st.image_ready, { what: 'the bundled project with its image' });
    assert.equal(s2.source.mine_not_started, true);
    await p2.keyboard.press(']');
    await waitForState(p2, (st) => st.regions_drawn === 1, { what: 'the bundled box' });
    await screenshot(p2, 'first-hour-bundle-opened');
  } finally {
    await other.close();
  }
});

test('the Projects list shows what this browser holds; Delete removes one with a second click', async () => {
  await page.goto(app.server.url);
  await waitForState(page, (st) => st.ready, { what: 'the example' });
  await page.click('#projects-button');
  await page.waitForSelector('#projects-dialog[open]');
  const names = () => page.locator('#projects-list .projects-name').allInnerTexts();
  await page.waitForFunction(() => document.querySelectorAll('#projects-list .projects-item').length >= 3);
  assert.deepEqual((await names()).slice(0, 1), ['Example project']);
  for (const n of ['Coffee reviews', 'Two pictures']) assert.ok((await names()).includes(n), `${n} is listed`);
  await screenshot(page, 'first-hour-projects');
  const row = page.locator('#projects-list .projects-item', { hasText: 'Coffee reviews' });
  await row.locator('.projects-delete').click();
  assert.equal(await row.locator('.projects-delete').innerText(), 'Delete for good?');
  assert.ok((await names()).includes('Coffee reviews'), 'one click does not delete');
  await row.locator('.projects-delete').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('#projects-list .projects-name')].some((e) => e.textContent === 'Coffee reviews'));
  assert.match(await page.locator('#projects-note').innerText(), /Deleted "Coffee reviews"/);
  // Open goes to the other one.
  await page.locator('#projects-list .projects-item', { hasText: 'Two pictures' }).locator('.projects-open').click();
  await page.waitForURL((u) => u.search.includes('local='));
  await waitForState(page, (st) => st.ready && st.tasks === 2, { what: 'the opened project' });
});
