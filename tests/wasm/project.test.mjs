// The project API in WebAssembly: import, validation summaries, and the bad-input corpus
// (each file gives the code and JSON path listed in tests/data/bad/expected.json).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const data = path.join(repo, 'tests/data');
const read = (name) => fs.readFileSync(path.join(data, name));

test('every malformed input gives its code and path', () => {
  const expected = JSON.parse(read('bad/expected.json'));
  const names = Object.keys(expected);
  assert.ok(names.length >= 45);
  for (const name of names) {
    const bytes = read(path.join('bad', name));
    let error;
    try {
      lb.validateProject(bytes);
    } catch (e) {
      error = e;
    }
    assert.ok(error, `${name} was accepted`);
    assert.equal(error.name, 'LocalabelError', name);
    assert.equal(error.code, expected[name].code, name);
    assert.equal(error.path, expected[name].path, name);
    if (error.path) assert.ok(error.message.startsWith(`${error.path}: `), error.message);
  }
});

test('validateProject counts tasks, annotations and regions', () => {
  const s = lb.validateProject(read('ls_image_regions.json').toString('utf8'));
  assert.equal(s.tasks, 3);
  assert.equal(s.imageTasks, 3);
  assert.equal(s.annotations, 4);
  assert.equal(s.groundTruth, 1);
  assert.equal(s.skipped, 1);
  assert.equal(s.predictions, 2);
  assert.equal(s.regionsByKind.box, 8);
  assert.equal(s.regionsByKind.polygon, 2);
  assert.equal(s.regionsByKind.keypoint, 2);
  assert.equal(s.regionsByKind.other, 2);
  assert.match(s.text, /^3 tasks \(3 image, 0 text\)/);
  const t = lb.validateProject(read('ls_text_spans.json'));
  assert.equal(t.regionsByKind.span, 12);
});

test('importProject infers label sets and accepts text, bytes or objects', () => {
  const text = read('ls_image_regions.json').toString('utf8');
  const p = lb.importProject(text);
  assert.equal(p.localabel_project, 1);
  const boxes = p.label_sets.find((s) => s.name === 'label');
  assert.equal(boxes.kind, 'rectanglelabels');
  assert.deepEqual(boxes.labels.map((l) => l.name), ['Cup', 'Flag', 'Person', 'Saucer']);
  assert.ok(boxes.labels.every((l) => /^#[0-9a-f]{6}$/.test(l.color)));
  assert.deepEqual(lb.importProject(JSON.parse(text)), p);
  assert.deepEqual(lb.importProject(new TextEncoder().encode(text)), p);
  // A project file comes back as it was written.
  assert.equal(lb.importProjectText(lb.importProjectText(text)), lb.importProjectText(text));
});

test('span offsets stay code points after emoji', () => {
  const out = JSON.parse(lb.exportLabelStudio(read('ls_text_spans.json')));
  const text = out[0].data.text;
  for (const r of out[0].annotations[0].result) {
    if (r.type !== 'labels') continue;
    // Array.from splits a string into code points, as the model counts them.
    assert.equal(Array.from(text).slice(r.value.start, r.value.end).join(''), r.value.text);
  }
});

test('hostile inputs fail cleanly', () => {
  const code = (input) => {
    try {
      lb.validateProject(input);
      return 'ok';
    } catch (e) {
      return e.code;
    }
  };
  assert.equal(code('['.repeat(100000)), 'OutOfRange');
  assert.equal(code(''), 'EmptyInput');
  assert.equal(code('[{"data": {"text": "' + 'x'.repeat(1 << 20) + '"}}]'), 'ok');
  assert.equal(code('[{"data": {}, "annotations": [{"result": [{"type": "rectanglelabels", "value": ' +
    '{"x": 1e308, "y": 0, "width": 1, "height": 1, "rectanglelabels": []}, "from_name": "a", ' +
    '"to_name": "b", "original_width": 10, "original_height": 10}]}]}]'), 'OutOfRange');
  // The module still works afterwards.
  assert.equal(lb.validateProject('[]').tasks, 0);
});

test('texts from CSV, JSON Lines and lines become task data; errors name file and line', () => {
  const csv = 'id,text\n1,"Hello, world"\n2,"Привет 😀"\n';
  assert.deepEqual(lb.readTextTasks(csv, { fileName: 'a.csv' }),
    [{ id: '1', text: 'Hello, world' }, { id: '2', text: 'Привет 😀' }]);
  const bytes = new TextEncoder().encode('{"text": "a"}\n"b"\n');
  assert.deepEqual(lb.readTextTasks(bytes, { fileName: 'b.jsonl' }), [{ text: 'a' }, { text: 'b' }]);
  assert.deepEqual(lb.readTextTasks('one\r\ntwo\n', { format: 'lines' }), [{ text: 'one' }, { text: 'two' }]);
  assert.throws(() => lb.readTextTasks('id,title\n1,x\n', { fileName: 'a.csv' }),
    (e) => e.code === 'MissingField' && e.path === 'line 1' && /a\.csv, line 1/.test(e.message));
  assert.throws(() => lb.readTextTasks(new Uint8Array([0x6f, 0x6b, 0x0a, 0x61, 0xff]), { fileName: 't.txt' }),
    (e) => e.code === 'InvalidFormat' && e.path === 'line 2, column 2');
  assert.throws(() => lb.readTextTasks('x', { format: 'xml' }), RangeError);
});
