// The in-app learner uses the project's own embeddings (tasks' data.embedding) instead of TF-IDF:
// on texts that say nothing ("Item 7") but embeddings that separate three classes, ten labels
// given by keyboard make its pre-labels of the other tasks right. A project whose embeddings
// are broken falls back to TF-IDF and the Model panel names the place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appState, openAppForFile, waitForState } from './lib/app.mjs';
import { seededRandom } from '../lib/random.mjs';

const CLASSES = ['Weather', 'Cooking', 'Computers'];
const HOTKEYS = ['1', '2', '3'];  // examples/text/labels.json
const N = 36;

// Class k's embeddings lie around the k-th corner of a triangle in 4 dimensions.
function project({ broken = false } = {}) {
  const rnd = seededRandom(7);
  const centres = [[3, 0, 0, 1], [0, 3, 0, 1], [0, 0, 3, 1]];
  const truth = {};
  const tasks = [];
  const vectors = [];
  for (let i = 0; i < N; i++) {
    const k = (i * 7) % 3;
    const id = `e${String(i).padStart(2, '0')}`;
    truth[id] = k;
    const embedding = centres[k].map((c) => c + (rnd() - 0.5));
    vectors.push(embedding);
    const data = { text: `Item ${i}` };
    if (!(broken && i === 5)) data.embedding = embedding;
    tasks.push({ id, data });
  }
  return { tasks, truth, vectors };
}

let page;
openAppForFile({ opened: (app) => { ({ page } = app); } });

async function openProject(name, tasks, { sidecar = null } = {}) {
  await page.route((u) => u.pathname === `/test/${name}.json`,
    (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(tasks) }));
  let query = '';
  if (sidecar) {
    await page.route((u) => u.pathname === `/test/${name}.f32`,
      (route) => route.fulfill({ contentType: 'application/octet-stream', body: sidecar }));
    query = `&embeddings=/test/${name}.f32`;
  }
  await page.goto(`${new URL(page.url()).origin}/?project=/test/${name}.json&labels=/examples/text/labels.json${query}`);
  await waitForState(page, (s) => s.ready && s.task.kind === 'text', { what: `${name}: the first text task` });
}

const status = () => page.evaluate(() => window.localabel.assist.status());
async function waitStatus(predicate, what) {
  for (let i = 0; i < 600; i++) {
    const s = await status();
    if (predicate(s)) return s;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await status())}`);
}

// Labels ten tasks by keyboard (each the shown task's true class) and checks that the learner's
// pre-labels of the other tasks are their embedding's class.
async function labelTenAndCheck(truth) {
  // Ten labels by keyboard, each the shown task's true class.
  const labelled = new Set();
  for (let n = 0; n < 10; n++) {
    const s = await appState(page);
    const id = s.task.id;
    labelled.add(id);
    await page.keyboard.press(HOTKEYS[truth[id]]);
    await waitForState(page, (st) => st.task.id !== id, { what: `the task after ${id}` });
  }
  await waitStatus((s) => s.phase === 'ready' && s.labelled === 10, 'a model trained on the 10 labels');

  // Its pre-labels of the other tasks follow the embeddings.
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  let right = 0;
  let predicted = 0;
  for (const t of exported) {
    if (labelled.has(t.id)) continue;
    const p = t.predictions?.find((x) => x.model_version === 'localabel-learner');
    if (!p) continue;
    predicted++;
    right += p.result[0].value.choices[0] === CLASSES[truth[t.id]];
  }
  assert.equal(predicted, N - 10, 'every unlabelled task has a pre-label');
  assert.ok(right >= predicted - 1, `${right} of ${predicted} pre-labels are the embedding's class`);
}

test('the learner trains on the tasks\' embeddings and pre-labels by them', async () => {
  const { tasks, truth } = project();
  await openProject('embeddings', tasks);
  await waitStatus((s) => s.phase === 'waiting', 'the features');
  assert.equal((await status()).features, 'task embeddings (4 values)');
  const panel = await page.evaluate(() => {
    const m = window.localabel.module;
    return JSON.parse(m.UTF8ToString(m._la_model_json())).features;
  });
  assert.equal(panel, 'task embeddings (4 values)', 'the Model panel shows it');
  await labelTenAndCheck(truth);
});

test('a sidecar file of float32 embeddings (?embeddings=URL) serves the same way', async () => {
  const { tasks, truth, vectors } = project();
  for (const t of tasks) delete t.data.embedding;
  await openProject('sidecar', tasks, { sidecar: Buffer.from(new Float32Array(vectors.flat()).buffer) });
  await waitStatus((s) => s.phase === 'waiting', 'the features');
  assert.equal((await status()).features, 'embeddings from /test/sidecar.f32 (4 values)');
  await labelTenAndCheck(truth);
});

test('a sidecar of the wrong size falls back to TF-IDF and says why', async () => {
  const { tasks } = project();
  for (const t of tasks) delete t.data.embedding;
  await openProject('short-sidecar', tasks, { sidecar: Buffer.alloc(4 * N * 4 - 4) });
  const s = await waitStatus((st) => st.phase === 'waiting', 'the features');
  assert.match(s.features, /TF-IDF of the texts \(not the embeddings file \/test\/short-sidecar\.f32: embeddings: 572 bytes is not a multiple of 4 x 36 rows/);
});

test('broken embeddings fall back to TF-IDF and the panel says where', async () => {
  const { tasks } = project({ broken: true });
  await openProject('broken-embeddings', tasks);
  const s = await waitStatus((st) => st.phase === 'waiting', 'the features');
  assert.match(s.features, /TF-IDF of the texts \(not the embeddings .*tasks\[5\]\.data\.embedding: expected an embedding/);
});
