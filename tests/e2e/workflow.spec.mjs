// End-to-end test of the work flow by keyboard: submit (Ctrl+Enter) and skip (Ctrl+Space)
// record the time each task was shown and move to the next task not yet done; previous task
// (Shift+J); a second submit adds to the lead time; all of it survives a reload and is in the
// Label Studio export (lead_time, was_cancelled). Then review mode: single predicted regions
// are accepted (A), rejected (Delete) and edited (E, then a change), each decision shown on
// the prediction, undoable, kept after a reload and exported with its origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appState, exampleProject, gotoTask, key, openAppForFile, screenshot, waitForState, waitSaved,
} from './lib/app.mjs';

const { tasks } = exampleProject();
let page;
openAppForFile({ ready: true, opened: (app) => { ({ page } = app); } });

const exportJson = async () => JSON.parse(await page.evaluate(() => window.localabel.exportText()));

test('submit and skip record the lead time and move on; the progress survives a reload', async () => {
  // Task 7 has not been shown before (gotoTask passes tasks 1-6 in a few frames each).
  const T = 6;
  const shownFrom = Date.now();
  let s = await gotoTask(page, T);
  assert.equal(s.progress, 'todo');
  const counts0 = s.progress_counts;
  await page.waitForTimeout(1500);
  const submitAt = Date.now();
  await page.keyboard.press('Control+Enter');
  s = await waitForState(page, (st) => st.task.index !== T, { what: 'the next task after a submit' });
  const shownFor = (Date.now() - shownFrom) / 1000;
  assert.equal(s.task.index, T + 1, 'the next task not yet done');
  assert.match(s.status, new RegExp(`^Submitted task ${tasks[T].id} \\(`));
  assert.equal(s.progress_counts.submitted, counts0.submitted + 1);
  const submit = s.log.at(-1);
  assert.equal(submit.type, 'submit');
  assert.equal(submit.task, String(tasks[T].id));

  // Skip the next task: it is recorded as skipped and the queue goes on.
  await page.waitForTimeout(300);
  await page.keyboard.press('Control+Space');
  s = await waitForState(page, (st) => st.task.index === T + 2, { what: 'the task after a skip' });
  assert.equal(s.log.at(-1).type, 'skip');
  assert.equal(s.progress_counts.skipped, counts0.skipped + 1);

  // Previous task: Shift+J.
  await key(page, 'Shift+J');
  s = await waitForState(page, (st) => st.task.index === T + 1, { what: 'previous task' });
  assert.equal(s.progress, 'skipped');

  s = await gotoTask(page, T);
  assert.equal(s.progress, 'submitted');
  // The lead time is the time the task was shown: at least the 1.5 s waited (frames may come
  // late, never early) and at most the time from showing it to the submit.
  const lead1 = s.lead_time;
  assert.ok(lead1 >= 1.4 && lead1 <= (submitAt - shownFrom) / 1000 + 0.5,
    `lead time ${lead1} s for a task shown ${shownFor.toFixed(2)} s`);

  // Submitting again adds the time shown since.
  await page.waitForTimeout(700);
  await page.keyboard.press('Control+Enter');
  await waitForState(page, (st) => st.task.index !== T, { what: 'moved on after the second submit' });
  await waitSaved(page);
  s = await gotoTask(page, T);
  const lead2 = s.lead_time;
  assert.ok(lead2 >= lead1 + 0.6, `a second submit adds its time: ${lead1} -> ${lead2}`);

  // The events replay after a reload: same progress and lead time.
  const counts = s.progress_counts;
  await page.reload();
  s = await waitForState(page, (st) => st.ready && st.events.replayed >= 3, { what: 'replayed after reload' });
  assert.deepEqual(s.progress_counts, counts);
  s = await gotoTask(page, T);
  assert.equal(s.lead_time, lead2);
  assert.equal(s.progress, 'submitted');

  // The export holds them as Label Studio does.
  const exported = await exportJson();
  const a0 = exported[T].annotations.find((a) => a.lead_time === lead2);
  assert.ok(a0, `the task's annotation has lead_time ${lead2}: ${JSON.stringify(exported[T].annotations.map((a) => a.lead_time))}`);
  assert.equal(a0.was_cancelled, false);
  assert.deepEqual(a0.result, [], 'submitted with no regions drawn');
  const skipped = exported[T + 1].annotations.filter((a) => a.was_cancelled === true);
  assert.equal(skipped.length, 1, 'the skipped task has one skipped annotation');
  assert.ok(skipped[0].lead_time >= 0.2);
});

// Task 4 of the example has a prediction of boxes, a polygon and keypoints, several of them
// under the review threshold (0.8).
const TASK = 3;
const ids = Object.fromEntries(tasks[TASK].predictions[0].result.map((r) => [r.id, r]));
const flagged = Object.values(ids).filter((r) => r.score < 0.8).length;

async function selectRegion(id) {
  for (let i = 0; i < 12; i++) {
    const s = await appState(page);
    if (s.selected === id) return s;
    await key(page, 'Tab');
  }
  throw new Error(`region ${id} could not be selected with Tab`);
}

const decisions = (s) => Object.fromEntries(s.regions.map((r) => [r.id, r.decision]));
const mineById = (s) => Object.fromEntries(s.mine.map((r) => [r.id, r]));

test('review mode: each predicted region is accepted, rejected or edited', async () => {
  let s = await gotoTask(page, TASK);
  assert.ok(ids.bdd6a27099 && ids['737702b38c'] && ids['9d6f4e1f35'] && ids['1dadbb5ea9'], 'the example is as expected');
  await key(page, 'r');
  s = await waitForState(page, (st) => st.source.prediction && st.regions.length === Object.keys(ids).length,
    { what: 'the prediction' });
  assert.ok(flagged >= 5, 'the example has regions to review');
  assert.equal(s.needs_review, flagged, 'every region under 0.8 is flagged');

  // Accept one region: it is copied into my annotation, without its score; the prediction
  // stays shown with the next undecided region selected.
  await selectRegion('bdd6a27099');
  await key(page, 'a');
  s = await waitForState(page, (st) => decisions(st).bdd6a27099 === 'accepted', { what: 'accepted' });
  assert.ok(s.source.prediction, 'still reviewing the prediction');
  assert.equal(s.needs_review, flagged - 1);
  assert.notEqual(s.selected, 'bdd6a27099', 'the next region to decide is selected');
  const pred = ids.bdd6a27099.value;
  const accepted = await page.evaluate(() => window.localabel.exportText());
  const mineAccepted = JSON.parse(accepted)[TASK].annotations.find((a) => a.result.some((r) => r.id === 'bdd6a27099'));
  const item = mineAccepted.result.find((r) => r.id === 'bdd6a27099');
  assert.equal(item.origin, 'prediction');
  assert.equal(item.score, undefined, 'an accepted region has no score');
  assert.ok(Math.abs(item.value.x - pred.x) < 1e-6 && Math.abs(item.value.width - pred.width) < 1e-6);

  // Reject one: the others become pending pre-annotations of my annotation.
  await selectRegion('737702b38c');
  await key(page, 'Delete');
  s = await waitForState(page, (st) => decisions(st)['737702b38c'] === 'rejected', { what: 'rejected' });
  let d = decisions(s);
  assert.equal(d['1dadbb5ea9'], 'pending');
  assert.equal(d['9d6f4e1f35'], 'pending');
  assert.equal(s.needs_review, flagged - 2, 'the pending regions under 0.8 still need review');

  // Edit: E shows my annotation, where the pending regions keep their scores and flags.
  await key(page, 'e');
  s = await waitForState(page, (st) => !st.source.prediction, { what: 'my annotation' });
  let mine = mineById(s);
  assert.deepEqual(Object.keys(mine).sort(), Object.keys(ids).filter((id) => id !== '737702b38c').sort());
  assert.equal(mine['9d6f4e1f35'].score, ids['9d6f4e1f35'].score);
  assert.equal(s.needs_review, flagged - 2);
  const x0 = mine['9d6f4e1f35'].x;
  await selectRegion('9d6f4e1f35');
  await key(page, 'ArrowRight');
  s = await waitForState(page, (st) => mineById(st)['9d6f4e1f35'].origin === 'prediction-changed', { what: 'edited' });
  mine = mineById(s);
  assert.equal(mine['9d6f4e1f35'].score, undefined, 'an edited region has no score');
  assert.ok(Math.abs(mine['9d6f4e1f35'].x - (x0 + 1)) < 1e-6, 'nudged by one pixel');
  assert.equal(s.needs_review, flagged - 3);

  // Accept a pending region in my annotation ('a' is also a box label hotkey: on a pending
  // region it accepts).
  await selectRegion('1dadbb5ea9');
  await key(page, 'a');
  s = await waitForState(page, (st) => mineById(st)['1dadbb5ea9'].score === undefined, { what: 'accepted in mine' });
  assert.equal(mineById(s)['1dadbb5ea9'].labels[0], ids['1dadbb5ea9'].value.rectanglelabels[0], 'not relabelled');
  assert.equal(s.needs_review, flagged - 4);
  // Undo brings the pending state back; redo accepts again.
  await key(page, 'Control+z');
  s = await waitForState(page, (st) => mineById(st)['1dadbb5ea9'].score === ids['1dadbb5ea9'].score, { what: 'undone' });
  await key(page, 'Control+Shift+Z');
  s = await waitForState(page, (st) => mineById(st)['1dadbb5ea9'].score === undefined, { what: 'redone' });

  // Back on the prediction, every decision is shown.
  await key(page, 'r');
  s = await waitForState(page, (st) => st.source.prediction && st.regions.length === Object.keys(ids).length,
    { what: 'the prediction again' });
  const decided = { bdd6a27099: 'accepted', '1dadbb5ea9': 'accepted', '9d6f4e1f35': 'edited', '737702b38c': 'rejected' };
  const expected = Object.fromEntries(Object.keys(ids).map((id) => [id, decided[id] ?? 'pending']));
  assert.deepEqual(decisions(s), expected);
  await screenshot(page, 'review-decisions');

  // Kept after a reload.
  await waitSaved(page);
  await page.reload();
  await waitForState(page, (st) => st.ready, { what: 'reloaded' });
  s = await gotoTask(page, TASK);
  await key(page, 'r');
  // The state's regions are those of the last frame drawn: wait until it drew the prediction.
  s = await waitForState(page, (st) => st.source.prediction && st.regions.length === Object.keys(ids).length,
    { what: 'the prediction after reload' });
  assert.deepEqual(decisions(s), expected);

  // Exported with Label Studio's origins.
  const exported = await exportJson();
  const ann = exported[TASK].annotations.find((a) => a.result.some((r) => r.id === 'bdd6a27099'));
  const origins = Object.fromEntries(ann.result.map((r) => [r.id, [r.origin, r.score]]));
  const expectedOrigins = {};
  for (const [id, r] of Object.entries(ids)) {
    if (decided[id] === 'rejected') continue;
    expectedOrigins[id] = decided[id] === 'edited' ? ['prediction-changed', undefined]
      : decided[id] === 'accepted' ? ['prediction', undefined] : ['prediction', r.score];
  }
  assert.deepEqual(origins, expectedOrigins);
});
