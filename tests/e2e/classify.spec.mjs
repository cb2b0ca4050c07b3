// End-to-end test of classifying whole tasks in the Details panel with the mouse: a single
// choice set on an image task (radio buttons: a click chooses, another replaces, a click on
// the chosen one clears) and a multiple choice set on a text task (checkboxes toggle, in the
// set's label order); each click is one undoable edit, and the export holds the choices.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  exampleProject, gotoTask, openApp, repo, screenshot, waitForState, waitFrames, waitSaved,
} from './lib/app.mjs';

const { tasks } = exampleProject();
// The example's labels with the text category set allowing several choices.
const labels = JSON.parse(fs.readFileSync(path.join(repo, 'examples/demo/labels.json'), 'utf8'));
labels.label_sets.find((s) => s.name === 'category').multiple = true;
let app;
let page;

before(async () => {
  app = await openApp({
    prepare: (p) => p.route((u) => u.pathname === '/test/labels-multiple.json', (route) => route.fulfill({ json: labels })),
  });
  page = app.page;
  await page.goto(`${app.server.url}?project=/examples/demo/project.json&labels=/test/labels-multiple.json`);
  await waitForState(page, (s) => s.ready, { what: 'the example project' });
});

after(async () => {
  await app?.close();
});

const myChoices = (s, set) => s.mine.find((r) => r.kind === 'choices' && r.from_name === set)?.labels ?? [];

async function clickChoice(set, label) {
  const s = await waitForState(page, (st) => st.choice_buttons.some((b) => b.set === set && b.label === label), { what: `the ${label} button` });
  const b = s.choice_buttons.find((x) => x.set === set && x.label === label);
  await page.mouse.click(b.rect[0] + b.rect[2] / 2, b.rect[1] + b.rect[3] / 2);
  await waitFrames(page, 2);
}

test('a single choice is chosen, replaced and cleared by clicks, each undoable', async () => {
  let s = await gotoTask(page, 0);
  assert.equal(s.task.kind, 'image');
  assert.deepEqual(s.choice_buttons.filter((b) => b.set === 'scene').map((b) => b.label), ['Indoor', 'Outdoor', 'Microscopy', 'Texture']);
  await clickChoice('scene', 'Outdoor');
  s = await waitForState(page, (st) => myChoices(st, 'scene').length === 1, { what: 'the choice' });
  assert.deepEqual(myChoices(s, 'scene'), ['Outdoor']);
  assert.ok(s.choice_buttons.find((b) => b.label === 'Outdoor').on);
  await clickChoice('scene', 'Indoor');
  s = await waitForState(page, (st) => myChoices(st, 'scene')[0] === 'Indoor', { what: 'the replaced choice' });
  assert.deepEqual(myChoices(s, 'scene'), ['Indoor']);
  await page.keyboard.press('Control+z');
  s = await waitForState(page, (st) => myChoices(st, 'scene')[0] === 'Outdoor', { what: 'undo' });
  await clickChoice('scene', 'Outdoor');
  s = await waitForState(page, (st) => myChoices(st, 'scene').length === 0, { what: 'the cleared choice' });
  await page.keyboard.press('Control+z');
  s = await waitForState(page, (st) => myChoices(st, 'scene')[0] === 'Outdoor', { what: 'undo of the clearing' });
  await screenshot(page, 'classify-image');
});

test('several choices are toggled on a text task and exported in the set order', async () => {
  const index = tasks.findIndex((t) => t.data.text);
  let s = await gotoTask(page, index);
  assert.equal(s.task.kind, 'text');
  await clickChoice('category', 'Science');
  await clickChoice('category', 'People');
  s = await waitForState(page, (st) => myChoices(st, 'category').length === 2, { what: 'two choices' });
  assert.deepEqual(myChoices(s, 'category'), ['People', 'Science'], 'in the label set\'s order');
  await clickChoice('category', 'Science');
  s = await waitForState(page, (st) => myChoices(st, 'category').length === 1, { what: 'one unticked' });
  assert.deepEqual(myChoices(s, 'category'), ['People']);
  await page.keyboard.press('Control+z');
  s = await waitForState(page, (st) => myChoices(st, 'category').length === 2, { what: 'undo' });
  await waitSaved(page);
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  const mine = (t) => t.annotations.find((a) => a.completed_by === s.annotator);
  const pick = (t, set) => mine(t).result.find((r) => r.type === 'choices' && r.from_name === set).value.choices;
  assert.deepEqual(pick(exported[index], 'category'), ['People', 'Science']);
  assert.deepEqual(pick(exported[0], 'scene'), ['Outdoor']);
});
