// End-to-end test of the active-learning loop (issue 6, "In the app"): 30 tasks of the example
// text project (examples/text) are labelled with the real keyboard while the learner retrains
// in its Web Worker every 5 labels. Checked: the app's frame time stays under 50 ms throughout,
// the queue order changes after retraining, the pre-labels appear as predictions with scores
// (those under the review threshold flagged), accepting one with A makes it an annotation, and
// the Model panel shows the learner's state (screenshot).
//
// Frame time. The app draws one frame per animation frame on the page's main thread (the
// emscripten main loop runs in requestAnimationFrame), so a frame is late when that thread is
// busy. What is asserted below 50 ms for every frame and every task of the labelling run is the
// main thread's CPU time, from Chrome's trace (thread time "tdur" of the task that runs the
// animation frame's callbacks, i.e. the whole frame: the app's C++ frame, GL submission and any
// JS in the callbacks, and of every other top-level task, e.g. the worker's messages arriving
// or the pre-labels being handed to the app; 50 ms is also the Long Tasks API's threshold).
// The learning worker must not hog a CPU either: it trains in slices and sleeps between them
// (learning_worker.mjs), and each of its tasks is asserted under the same 50 ms of CPU time.
// Thread time, not wall time, because this test shares two cores with other jobs: a
// descheduled thread shows long wall-clock frames that no code of the page caused. The
// wall-clock measures are logged too: the C++ time of each frame (la_frame_json frame_ms) and
// the gaps between animation frames. (Why those gaps reach hundreds of milliseconds on a
// loaded machine, and what they are made of: tests/e2e/bench-learning-frames.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  appState, endTrace, launchBrowser, recordFrameTiming, regionStats, repo, screenshot, startServer, waitForState, waitFrames,
  waitSaved,
} from './lib/app.mjs';

const answers = JSON.parse(fs.readFileSync(path.join(repo, 'examples/text/answers.json'), 'utf8'));
const ids = JSON.parse(fs.readFileSync(path.join(repo, 'examples/text/project.json'), 'utf8')).map((t) => String(t.id));
const labels = JSON.parse(fs.readFileSync(path.join(repo, 'examples/text/labels.json'), 'utf8'));
const topic = labels.label_sets.find((s) => s.name === 'topic');
const hotkey = Object.fromEntries(topic.labels.map((l) => [l.name, l.hotkey]));
const classIndex = Object.fromEntries(topic.labels.map((l, i) => [l.name, i]));
const FRAME_LIMIT_MS = 50;

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error('page console:', m.text());
  });
  // Frame timing, recorded by the page itself on every animation frame (see the header).
  await recordFrameTiming(page);
  await page.goto(`${server.url}?project=/examples/text/project.json&labels=/examples/text/labels.json`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const modelJson = () => page.evaluate(() => {
  const m = window.localabel.module;
  return JSON.parse(m.UTF8ToString(m._la_model_json()));
});
const myLabels = () => page.evaluate(() => {
  const m = window.localabel.module;
  return Object.fromEntries(JSON.parse(m.UTF8ToString(m._la_model_labels())));
});
const assistStatus = () => page.evaluate(() => window.localabel.assist.status());
const assistResults = () => page.evaluate(() => window.localabel.assist.results);

// Relative order of the ids both lists hold.
function common(a, b) {
  const inB = new Set(b);
  return a.filter((id) => inB.has(id));
}

test('30 text tasks labelled while the model retrains in the worker', async () => {
  let s = await waitForState(page, (st) => st.ready && st.task.kind === 'text', { what: 'the first text task' });
  assert.equal(s.tasks, Object.keys(answers).length);
  let status = await assistStatus();
  for (let i = 0; i < 200 && status.phase !== 'waiting'; i++) {
    await page.waitForTimeout(50);
    status = await assistStatus();
  }
  assert.equal(status.phase, 'waiting', `the worker computed the features (${status.message})`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReturnAsStream' });
  await page.evaluate(() => { window.__timing.recording = true; });
  let accepted = null;
  let checkedPrediction = false;
  let followed = 0;
  for (let n = 0; n < 30; n++) {
    s = await appState(page);
    const id = s.task.id;
    const answer = answers[id];
    assert.ok(answer, `task ${id} has an answer`);
    const before = await myLabels();
    assert.equal(before[id], undefined, `task ${id} is shown unlabelled (label ${n + 1})`);
    const queueBefore = (await modelJson()).queue_head;
    const predicted = s.source.prediction ? s.regions.find((r) => r.kind === 'choices') : null;
    if (predicted) {
      // A pre-label: a prediction with a score, flagged when under the review threshold.
      assert.ok(predicted.score >= 0 && predicted.score <= 1, `score ${predicted.score}`);
      assert.equal(predicted.needs_review, predicted.score < s.review_threshold);
      assert.equal(s.needs_review, predicted.needs_review ? 1 : 0);
      checkedPrediction = true;
    }
    if (predicted && predicted.label === answer && accepted === null) {
      // Accept the pre-label with one key: it becomes this annotator's annotation.
      await page.keyboard.press('a');
      accepted = { id, label: answer, score: predicted.score };
    } else {
      await page.keyboard.press(hotkey[answer]);
    }
    const next = await waitForState(page, (st) => st.task.id !== id, { what: `the task after ${id}` });
    const labelsNow = await myLabels();
    assert.equal(labelsNow[id], classIndex[answer], `task ${id} labelled ${answer}`);
    // Once there is a queue, the next task is its first unlabelled one (the queue the app held
    // at the key press, or a newer one that arrived meanwhile).
    const queueAfter = (await modelJson()).queue_head;
    // Without a queue yet, the app goes on in file order.
    const expected = (q) => q.find((t) => t !== id && labelsNow[t] === undefined);
    const inFileOrder = expected([...ids.slice(ids.indexOf(id) + 1), ...ids.slice(0, ids.indexOf(id))]);
    const candidates = [queueBefore.length > 0 ? expected(queueBefore) : inFileOrder];
    if (queueAfter.length > 0) candidates.push(expected(queueAfter));
    assert.ok(candidates.includes(next.task.id),
      `task ${next.task.id} follows the queue ${queueBefore.slice(0, 3)} / ${queueAfter.slice(0, 3)}`);
    if (queueBefore.length > 0) followed++;
  }
  const done = await myLabels();
  assert.equal(Object.keys(done).length, 30);

  // Wait until the learner has seen the 30 labels and is idle. It retrains every 5 labels from
  // the first moment two classes are labelled: the last training had between 26 and 30.
  for (let i = 0; i < 600; i++) {
    status = await assistStatus();
    if (status.phase === 'ready' && status.labelled === 30) break;
    await page.waitForTimeout(50);
  }
  assert.equal(status.labelled, 30, 'the learner saw all 30 labels');
  // Every 5 labels gives 6 trainings; fewer when labels arrive faster than a training runs
  // (the worker then takes the newest labels).
  assert.ok(status.retrains >= 3, `retrained ${status.retrains} times (every 5 labels)`);
  await waitFrames(page, 5);
  const timing = await page.evaluate(() => {
    window.__timing.recording = false;
    return window.__timing;
  });
  const trace = await endTraceWithThreads(cdp);
  await waitSaved(page);

  // Frame time throughout the run (see the header).
  const main = trace.mainThread;
  const callbacks = trace.events.filter((e) => e.tid === main && e.name === 'FireAnimationFrame' && e.ph === 'X');
  const tasks = trace.events.filter((e) => e.tid === main && e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X');
  // A frame: the task that ran animation frame callbacks (the app's and the timing probe's).
  const frames = tasks.filter((t) => callbacks.some((c) => c.ts >= t.ts && c.ts < t.ts + t.dur));
  const workerTasks = trace.events.filter((e) => e.tid === trace.workerThread && e.name === 'ThreadControllerImpl::RunTask' &&
    e.ph === 'X');
  const maxOf = (list, field) => Math.max(...list.map((e) => (e[field] ?? 0) / 1000));
  const pct = (list, q) => {
    const v = list.slice().sort((a, b) => a - b);
    return v[Math.min(v.length - 1, Math.floor(q * v.length))];
  };
  console.log(`trace: ${frames.length} animation frames, main-thread CPU per frame max ${maxOf(frames, 'tdur').toFixed(1)} ms ` +
    `(wall max ${maxOf(frames, 'dur').toFixed(1)} ms); ${tasks.length} tasks, CPU max ${maxOf(tasks, 'tdur').toFixed(1)} ms ` +
    `(wall max ${maxOf(tasks, 'dur').toFixed(1)} ms); learning worker: ${workerTasks.length} tasks, CPU max ` +
    `${maxOf(workerTasks, 'tdur').toFixed(1)} ms`);
  console.log(`wall clock: C++ frame time p50 ${pct(timing.cpp, 0.5).toFixed(1)} / p95 ${pct(timing.cpp, 0.95).toFixed(1)} / ` +
    `max ${Math.max(...timing.cpp).toFixed(1)} ms over ${timing.cpp.length} frames; animation frame gaps p50 ` +
    `${pct(timing.gaps, 0.5).toFixed(1)} / p95 ${pct(timing.gaps, 0.95).toFixed(1)} / max ${Math.max(...timing.gaps).toFixed(1)} ms`);
  assert.ok(frames.length > 100, `animation frames were traced (${frames.length})`);
  assert.ok(frames.every((e) => typeof e.tdur === 'number'), 'the trace has thread times');
  assert.ok(maxOf(frames, 'tdur') < FRAME_LIMIT_MS, `a frame took ${maxOf(frames, 'tdur')} ms of main-thread CPU`);
  assert.ok(maxOf(tasks, 'tdur') < FRAME_LIMIT_MS, `a task took ${maxOf(tasks, 'tdur')} ms of main-thread CPU`);
  assert.ok(workerTasks.length > 0, 'the learning worker was traced');
  assert.ok(maxOf(workerTasks, 'tdur') < FRAME_LIMIT_MS, `a worker task took ${maxOf(workerTasks, 'tdur')} ms of CPU`);

  // The queue order changes after retraining: for some retraining, the tasks unlabelled both
  // before and after it are ranked in a different order.
  const results = await assistResults();
  const trainings = results.filter((r) => !r.reranked);
  assert.equal(trainings.length, status.retrains);
  let changed = 0;
  for (let k = 1; k < trainings.length; k++) {
    const before = common(trainings[k - 1].queue, trainings[k].queue);
    const after = common(trainings[k].queue, trainings[k - 1].queue);
    assert.equal(before.length, after.length);
    if (before.join() !== after.join()) changed++;
  }
  console.log(`queue order changed after ${changed} of ${trainings.length - 1} retrainings`);
  assert.ok(changed >= 1, 'the queue order changed after a retraining');
  // The app holds the latest order, and the labelling followed the queue once there was one.
  const model = await modelJson();
  assert.deepEqual(model.queue_head, trainings.at(-1).queue.slice(0, 50));
  console.log(`${followed} of 30 next tasks came from the learner's queue`);
  assert.ok(followed >= 20, `${followed} next tasks followed the queue`);

  // Held-out accuracy: estimated by cross-validation on the labels of the last training, above
  // chance (1/3 for three balanced topics). (A logistic regression trained on the first 30
  // tasks of this project predicts 70 % of the other 60 right; runs of this test estimated
  // 52 % to 79 % from about 22 training labels per fold.)
  console.log(`held-out accuracy ${status.accuracy} (${status.accuracyMethod})`);
  const cvLabels = Number(/cross-validation on (\d+) labels/.exec(status.accuracyMethod)?.[1]);
  assert.ok(cvLabels >= 26 && cvLabels <= 30, status.accuracyMethod);
  assert.ok(status.accuracy > 1 / 3 && status.accuracy <= 1, `accuracy ${status.accuracy}`);

  // Pre-labels were seen and one was accepted with A.
  assert.ok(checkedPrediction, 'a pre-label was shown');
  assert.ok(accepted, 'a correct pre-label was accepted with A');
  console.log(`accepted the pre-label ${accepted.label} (score ${accepted.score.toFixed(2)}) of task ${accepted.id}`);
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  const task = exported.find((t) => String(t.id) === accepted.id);
  const mine = task.annotations.find((a) => String(a.completed_by) === 'me');
  assert.deepEqual(mine.result.map((r) => r.value.choices), [[accepted.label]]);
  assert.ok(task.predictions.some((p) => p.model_version === 'localabel-learner'), 'the pre-label stays a prediction');
});

test('the Model panel shows the learner', async () => {
  await page.keyboard.press('m');
  let model = null;
  for (let i = 0; i < 100; i++) {
    model = await modelJson();
    if (model.open && model.panel[2] > 0) break;
    await page.waitForTimeout(30);
  }
  assert.ok(model.open, 'M opens the panel');
  assert.equal(model.phase, 'ready');
  assert.equal(model.accuracy, (await assistStatus()).accuracy);
  await waitFrames(page, 3);
  const shot = await screenshot(page, 'active-learning-model-panel');
  const [x, y, w, h] = model.panel.map(Math.round);
  const stats = regionStats(shot, [x, y, w, h]);
  assert.ok(stats.distinctColors > 6, `the panel is drawn (${stats.distinctColors} colours)`);

  // The queue order follows the strategy chosen in the panel, without retraining: Random
  // re-orders the unlabelled tasks; Entropy again gives exactly the order of the last training
  // (the same model), less the tasks labelled since.
  const results = await assistResults();
  const labelled = await myLabels();
  const lastTraining = results.filter((r) => !r.reranked).at(-1);
  const stillUnlabelled = lastTraining.queue.filter((id) => labelled[id] === undefined);
  const choose = async (index, name) => {
    let m = await modelJson();
    await clickAt(m.strategy_rects[0]);
    m = await waitForModel((x) => x.strategy_rects[index + 1][2] > 0);
    await clickAt(m.strategy_rects[index + 1]);
    await waitForModel((x) => x.strategy === name);
    for (let i = 0; i < 200; i++) {
      const r = (await assistResults()).at(-1);
      if (r.reranked && r.strategy === name) return r;
      await page.waitForTimeout(30);
    }
    throw new Error(`no re-ranking by ${name}`);
  };
  const random = await choose(3, 'random');
  assert.equal(random.retrains, lastTraining.retrains, 'no retraining');
  assert.deepEqual(random.queue.slice().sort(), stillUnlabelled.slice().sort());
  assert.notDeepEqual(random.queue, stillUnlabelled);
  assert.deepEqual((await modelJson()).queue_head, random.queue.slice(0, 50));
  // The other orders rank the same unlabelled tasks.
  for (const [index, name] of [[1, 'margin'], [2, 'least_confidence'], [4, 'hybrid']]) {
    const r = await choose(index, name);
    assert.deepEqual(r.queue.slice().sort(), stillUnlabelled.slice().sort(), `${name} ranks the unlabelled tasks`);
  }
  const entropy = await choose(0, 'entropy');
  assert.deepEqual(entropy.queue, stillUnlabelled);

  // The help overlay lists the key.
  await page.keyboard.press('F1');
  const s = await waitForState(page, (st) => st.help.open, { what: 'the help overlay' });
  assert.ok(s.help.open);
  await page.keyboard.press('F1');
  await page.keyboard.press('m');
  model = await waitForModel((m) => !m.open);
  assert.equal(model.open, false);
});

// Ends Chrome tracing and reads the trace: {events, mainThread (tid of the page's main thread),
// workerThread (tid of the page's dedicated worker)}.
async function endTraceWithThreads(cdp) {
  const events = await endTrace(cdp);
  // The renderer's main thread: the one that ran the animation frames.
  const counts = new Map();
  for (const e of events) {
    if (e.name === 'FireAnimationFrame') counts.set(e.tid, (counts.get(e.tid) ?? 0) + 1);
  }
  const mainThread = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const mainPid = events.find((e) => e.tid === mainThread)?.pid;
  const workerThread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mainPid &&
    e.args.name === 'DedicatedWorker thread')?.tid;
  return { events, mainThread, workerThread };
}

// Clicks the middle of an (x, y, w, h) rectangle, letting the app see press and release.
async function clickAt([x, y, w, h]) {
  await page.mouse.move(x + w / 2, y + h / 2);
  await waitFrames(page, 1);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 2);
}

async function waitForModel(predicate) {
  let m = null;
  for (let i = 0; i < 300; i++) {
    m = await modelJson();
    if (predicate(m)) return m;
    await page.waitForTimeout(30);
  }
  const { queue_head: _, ...shown } = m;
  throw new Error(`timed out waiting for the model state; last: ${JSON.stringify(shown).slice(0, 1500)}`);
}

test('labelling functions: live coverage, conflicts and accuracy; the label model as predictions', async () => {
  const texts = JSON.parse(fs.readFileSync(path.join(repo, 'examples/text/project.json'), 'utf8'))
    .map((t) => ({ id: String(t.id), text: t.data.text }));
  // "warm" makes the two functions disagree on "Warm sunshine and a light breeze ...".
  const words = { 0: 'rain, snow, storm, wind, sunshine', 1: 'bake, salt, pan, warm' };
  await page.keyboard.press('m');
  let model = await waitForModel((m) => m.open && m.lf_rects.length === 3 && m.lf_rects[0][2] > 0);
  for (const [label, text] of Object.entries(words)) {
    // The inputs move down as analysis lines appear under them: aim with the current layout.
    model = await modelJson();
    await clickAt(model.lf_rects[label]);
    await page.keyboard.type(text);
    model = await waitForModel((m) => m.lfs.some(([l, t]) => l === Number(label) && t === text));
    await page.keyboard.press('Enter');
    await waitFrames(page, 2);
  }
  model = await waitForModel((m) => m.lf.version === m.lf_version && m.lf.rows[0].coverage > 0);

  // The same quantities computed here from the texts: a function votes when one of its words
  // occurs as a whole word, ASCII case-insensitive.
  const votes = texts.map(({ text }) => Object.entries(words)
    .filter(([, list]) => new RegExp(`\\b(${list.split(', ').join('|')})\\b`, 'i').test(text))
    .map(([label]) => Number(label)));
  const n = texts.length;
  const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  near(model.lf.coverage, votes.filter((v) => v.length > 0).length / n, 'coverage');
  near(model.lf.overlap, votes.filter((v) => v.length > 1).length / n, 'overlap');
  near(model.lf.conflict, votes.filter((v) => new Set(v).size > 1).length / n, 'conflict');
  const mine = await myLabels();
  for (const label of [0, 1]) {
    const covered = votes.map((v, i) => (v.includes(label) ? i : -1)).filter((i) => i >= 0);
    near(model.lf.rows[label].coverage, covered.length / n, `coverage of function ${label}`);
    const judged = covered.filter((i) => mine[texts[i].id] !== undefined);
    const right = judged.filter((i) => mine[texts[i].id] === label).length;
    if (judged.length > 0) near(model.lf.rows[label].accuracy, right / judged.length, `accuracy of function ${label}`);
    else assert.equal(model.lf.rows[label].accuracy, -1);
  }
  assert.equal(model.lf.rows[2].coverage, -1, 'no function for Computers');
  assert.ok(model.lf.conflict > 0, 'the example has a conflict');
  console.log(`labelling functions: coverage ${model.lf.coverage.toFixed(2)}, conflict ${model.lf.conflict.toFixed(2)}`);

  // Apply: every text with a vote gets a label-model prediction; a text with votes for one
  // label only gets that label.
  await clickAt(model.lf_apply_rect);
  model = await waitForModel((m) => m.lf.applied > 0);
  const covered = votes.filter((v) => v.length > 0).length;
  assert.equal(model.lf.applied, covered);
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  const byId = new Map(exported.map((t) => [String(t.id), t]));
  const names = topic.labels.map((l) => l.name);
  texts.forEach(({ id }, i) => {
    const p = byId.get(id).predictions?.find((x) => x.model_version === 'localabel-label-model');
    assert.equal(Boolean(p), votes[i].length > 0, `task ${id} has a label-model prediction`);
    if (p && new Set(votes[i]).size === 1) {
      assert.deepEqual(p.result[0].value.choices, [names[votes[i][0]]], `label-model label of ${id}`);
    }
  });
  await screenshot(page, 'active-learning-labelling-functions');
  await page.keyboard.press('m');
});
