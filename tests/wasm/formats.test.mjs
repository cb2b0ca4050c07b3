// The training formats in WebAssembly: the same bytes as the native CLI (the files under
// tests/data/formats/expected/ are written by make_expected.sh with the native build), round
// trips, and every malformed file of tests/data/bad/formats/ with its code and place.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const decoder = new TextDecoder();

// A folder's files with paths relative to it (sorted), or one file.
function loadInput(p) {
  if (!fs.statSync(p).isDirectory()) return [{ path: path.basename(p), bytes: fs.readFileSync(p) }];
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push({ path: path.relative(p, full).split(path.sep).join('/'), bytes: fs.readFileSync(full) });
    }
  };
  walk(p);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const cases = JSON.parse(fs.readFileSync(path.join(repo, 'tests/data/formats/cases.json')));

test('wasm output is byte-identical to the native output', () => {
  assert.ok(cases.length >= 15);
  for (const c of cases) {
    const files = loadInput(path.join(repo, c.input));
    const r = lb.convertData(c.from, files, c.to, c.options);
    const dir = path.join(repo, 'tests/data/formats/expected', c.name);
    const expectedFiles = loadInput(dir).filter((f) => f.path !== 'report.json');
    assert.deepEqual(r.files.map((f) => f.path).sort(), expectedFiles.map((f) => f.path).sort(),
      `${c.name}: file list`);
    for (const f of r.files) {
      const want = expectedFiles.find((e) => e.path === f.path);
      assert.equal(Buffer.compare(Buffer.from(f.bytes), want.bytes), 0, `${c.name}: ${f.path} differs`);
    }
    const reportFile = path.join(dir, 'report.json');
    if (fs.existsSync(reportFile)) {
      assert.deepEqual(r.report, JSON.parse(fs.readFileSync(reportFile)), `${c.name}: report`);
    }
  }
});

const image = fs.readFileSync(path.join(repo, 'tests/data/formats/image_tasks.json'));
const sizes = { 'abc-cat': [640, 480], street: [640, 480] };

function regions(tasksJson) {
  return JSON.parse(tasksJson).map((t) => (t.annotations[0]?.result ?? [])
    .map((r) => ({ type: r.type, value: r.value })));
}

function closeTo(a, b) {
  return a === b || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

test('LS -> COCO -> LS keeps the boxes, polygons and keypoints', () => {
  const coco = lb.convertData('ls', { path: 'tasks.json', bytes: image }, 'coco');
  assert.equal(coco.report.approximated['rotated box -> axis-aligned bounding box'], 1);
  const back = lb.convertData('coco', coco.files, 'ls');
  const got = regions(decoder.decode(back.files[0].bytes));
  const boxes = got[0].filter((r) => r.type === 'rectanglelabels');
  // (10, 20, 100, 50) on 640 x 480 in percent.
  assert.ok(closeTo(boxes[0].value.x, 10 * 100 / 640));
  assert.ok(closeTo(boxes[0].value.width, 100 * 100 / 640));
  assert.equal(got[0].filter((r) => r.type === 'polygonlabels').length, 1);
  assert.deepEqual(got[0].filter((r) => r.type === 'keypointlabels').map((r) => r.value.keypointlabels[0]),
    ['nose', 'tail']);
});

test('LS -> YOLO (obb) -> LS keeps the rotated box exactly', () => {
  const yolo = lb.convertData('ls', { path: 'tasks.json', bytes: image }, 'yolo', { yoloTask: 'obb' });
  assert.deepEqual(yolo.files.map((f) => f.path), ['data.yaml', 'labels/abc-cat.txt', 'labels/street.txt']);
  const back = lb.convertData('yolo', yolo.files, 'ls', { yoloTask: 'obb', imageSizes: sizes });
  const rotated = regions(decoder.decode(back.files[0].bytes))[0].filter((r) => r.value.rotation);
  assert.equal(rotated.length, 1);
  assert.ok(closeTo(rotated[0].value.rotation, 30));
  assert.ok(closeTo(rotated[0].value.x, 200 * 100 / 640));
  assert.ok(closeTo(rotated[0].value.width, 80 * 100 / 640));
});

test('LS -> VOC -> LS keeps whole-pixel boxes', () => {
  const voc = lb.convertData('ls', { path: 'tasks.json', bytes: image }, 'voc');
  const back = lb.convertData('voc', voc.files, 'ls');
  const box = regions(decoder.decode(back.files[0].bytes))[0][0];
  assert.ok(closeTo(box.value.x, 10 * 100 / 640));
  assert.ok(closeTo(box.value.height, 50 * 100 / 480));
});

test('spans -> CoNLL / spaCy -> spans keep code-point offsets', () => {
  const text = fs.readFileSync(path.join(repo, 'tests/data/formats/text_tasks.json'));
  for (const to of ['conll', 'spacy']) {
    const out = lb.convertData('ls', { path: 'tasks.json', bytes: text }, to);
    const back = lb.convertData(to, out.files, 'ls');
    const spans = regions(decoder.decode(back.files[0].bytes))[0]
      .filter((r) => r.type === 'labels').map((r) => [r.value.start, r.value.end, r.value.labels[0]]);
    assert.deepEqual(spans, [[0, 3, 'PER'], [14, 22, 'LOC']], to);
  }
});

test('every malformed file gives its code and place', () => {
  const bad = path.join(repo, 'tests/data/bad/formats');
  const expected = JSON.parse(fs.readFileSync(path.join(bad, 'expected.json')));
  assert.ok(expected.length >= 120);
  for (const c of expected) {
    const options = {};
    if (c.yolo_task) options.yoloTask = c.yolo_task;
    if (c.image_sizes) options.imageSizes = c.image_sizes;
    assert.throws(() => lb.convertData(c.format, loadInput(path.join(bad, c.file)), 'ls', options),
      (e) => e.name === 'LocalabelError' && e.code === c.code && e.path === c.place,
      `${c.file}: expected ${c.code} at "${c.place}"`);
  }
});

test('unknown formats, options and sizes are InvalidArgument', () => {
  assert.throws(() => lb.convertData('xml', [], 'ls'), (e) => e.code === 'InvalidArgument');
  assert.throws(() => lb.convertData('ls', { path: 'a', bytes: image }, 'coco', { rle: 'zip' }),
    (e) => e.code === 'InvalidArgument');
  assert.throws(() => lb.convertData('yolo', [], 'ls', { imageSizes: { a: [1.5, 2] } }),
    (e) => e.code === 'InvalidArgument' && e.path === 'imageSizes.a[0]');
  assert.deepEqual([...lb.folderFormats], ['yolo', 'voc']);
});
