// Two annotators sync through real storage (s3rver with SigV4, nginx WebDAV) with the same
// JS layer and the core's merge: each sees the other's work, a project created by one opens
// in the other, concurrent edits of one task are both kept, history survives edits and
// deletes, and the upload queue survives a reload.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSync, startS3, startWebDav } from './lib/servers.mjs';

let sync;
let s3;
let dav;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-sync-clients-'));

before(async () => {
  [sync, s3, dav] = await Promise.all([loadSync(), startS3(), startWebDav()]);
});
after(async () => {
  await Promise.all([s3?.stop(), dav?.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const backends = {
  s3: (prefix) =>
    new sync.S3Transport({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, prefix }),
  'webdav (nginx json index)': (prefix) => new sync.WebDavTransport({ baseUrl: `${dav.baseUrl}${prefix}/`, listing: 'json' }),
  'webdav (propfind)': (prefix) => new sync.WebDavTransport({ baseUrl: `${dav.baseUrl}${prefix}/`, listing: 'propfind' }),
};

const project = {
  id: 'birds-2026',
  name: 'Birds',
  annotators: ['ann', 'bea'],
  settings: { overlap_share: 0.25, honeypot_rate: 0 },
  tasks: Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, data: { image: `img/${i}.jpg` } })),
};

function open(annotator, transport, store = new sync.MemoryStore(), extra = {}) {
  return sync.SyncClient.open({ annotator, transport, store, core: sync.core, autoPushMs: null, retry: { baseMs: 20, maxMs: 200 }, ...extra });
}

for (const [name, makeTransport] of Object.entries(backends)) {
  test(`${name}: two annotators push and pull and each sees the other's work`, async () => {
    const prefix = name.replace(/\W+/g, '-');
    const ann = await open('ann', makeTransport(prefix));
    await ann.publishProject(project);

    // bea opens the project ann created.
    const bea = await open('bea', makeTransport(prefix));
    const opened = await bea.openProject();
    assert.deepEqual(opened, project);

    // Assignment: each takes its own queue; together they cover every task; overlaps twice.
    const queues = { ann: ann.assignment(opened), bea: bea.assignment(opened) };
    const covered = new Map();
    for (const [who, q] of Object.entries(queues)) for (const item of q) covered.set(item.task, [...(covered.get(item.task) ?? []), who]);
    assert.equal(covered.size, project.tasks.length);
    const shared = [...covered].filter(([, who]) => who.length === 2).map(([task]) => task);
    assert.ok(shared.length > 0, 'some tasks overlap for agreement');

    for (const [who, client] of [['ann', ann], ['bea', bea]]) {
      for (const item of queues[who]) {
        await client.record({ type: 'create_region', task: item.task, region: 'r1', value: { label: `${who}-label`, x: 1 } });
        await client.record({ type: 'change_region', task: item.task, region: 'r1', value: { label: `${who}-label`, x: 2 } });
        await client.record({ type: 'submit', task: item.task, lead_time: 4.5 });
      }
    }
    assert.equal(ann.status().state, 'pending');
    const pushed = await Promise.all([ann.push(), bea.push()]);
    for (const s of pushed) assert.equal(s.state, 'synced');

    const [fromAnn, fromBea] = await Promise.all([ann.pull(), bea.pull()]);
    assert.equal(fromAnn, fromBea, 'both compute byte-identical merged exports');
    const merged = JSON.parse(fromBea);
    assert.equal(merged.events, 3 * (queues.ann.length + queues.bea.length));
    assert.deepEqual(merged.rejected, []);
    // Every overlapping task has two annotations, one per annotator, both kept.
    for (const task of shared) {
      const both = merged.annotations.filter((a) => a.task === task);
      assert.deepEqual(both.map((a) => a.annotator), ['ann', 'bea']);
      assert.deepEqual(both.map((a) => a.regions[0].value.label), ['ann-label', 'bea-label']);
      for (const a of both) assert.equal(a.status, 'submitted');
    }

    // Storage layout: project.json and immutable segments under each annotator's folder.
    const t = makeTransport(prefix);
    const keys = await t.list('events/');
    assert.ok(keys.length >= 2);
    for (const k of keys) assert.match(k, /^events\/(ann|bea)\/\d{12}\.json$/);
    const before = new Map(await Promise.all(keys.map(async (k) => [k, await t.get(k)])));

    // ann deletes her region on the first shared task; bea sees the deletion with history.
    const task = shared[0];
    const del = await ann.record({ type: 'delete_region', task, region: 'r1' });
    await ann.push();
    const after = JSON.parse(await bea.pull());
    const annA = after.annotations.find((a) => a.task === task && a.annotator === 'ann');
    assert.equal(annA.regions[0].deleted_seq, del.seq);
    assert.equal(annA.regions[0].value.x, 2, 'the deleted region keeps its last value');
    assert.equal(annA.regions[0].versions.length, 2, 'and the seqs of its create and change');
    assert.equal(annA.history.length, 4);
    const beaA = after.annotations.find((a) => a.task === task && a.annotator === 'bea');
    assert.equal(beaA.regions[0].deleted_seq, undefined, "bea's own region is untouched");

    // Existing objects never changed; ann only added a key of her own.
    const keysAfter = await t.list('events/');
    for (const [k, text] of before) assert.equal(await t.get(k), text, `${k} unchanged`);
    const added = keysAfter.filter((k) => !before.has(k));
    assert.deepEqual(added, [`events/ann/${String(del.seq).padStart(12, '0')}.json`]);
    await Promise.all([ann.close(), bea.close()]);
  });
}

test('the upload queue survives a reload, and a new device continues after the stored sequence', async () => {
  const transport = backends.s3('reload');
  const store = new sync.FileStore(path.join(tmp, 'reload'));
  const statuses = [];
  let cy = await open('cy', transport, store, { onStatus: (s) => statuses.push(s.state) });
  for (let i = 0; i < 7; ++i) await cy.record({ type: 'skip', task: `t${i}` });
  assert.deepEqual(cy.status().pending, 7);
  await cy.close(); // the page closes before any upload
  assert.equal(cy.status().state, 'closed');
  await assert.rejects(cy.record({ type: 'skip', task: 'x' }), /closed/);

  cy = await open('cy', transport, store);
  assert.equal(cy.status().pending, 7, 'nothing acknowledged was lost');
  assert.equal(cy.status().nextSeq, 8);
  await cy.push();
  assert.deepEqual(await transport.list('events/cy/'), ['events/cy/000000000001.json']);
  assert.ok(statuses.includes('pending'));

  // Invalid events are refused by the core and take no sequence number.
  await assert.rejects(cy.record({ type: 'paint', task: 't' }), (err) => err.name === 'LocalabelError' && err.code === 'InvalidArgument');
  assert.equal(cy.status().nextSeq, 8);

  // A second device of cy starts from an empty store: it continues at seq 8, never reusing keys.
  const laptop = await open('cy', transport, new sync.MemoryStore());
  assert.equal(laptop.status().nextSeq, 8);
  await Promise.all([cy.close(), laptop.close()]);
});

test('a wrong secret stops uploads with a plain error and keeps the queue', async () => {
  const good = backends.s3('secret');
  const bad = new sync.S3Transport({ ...good, endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: 'wrong', prefix: 'secret' });
  const store = new sync.MemoryStore();
  await store.save('queue/dan', { format: 'localabel-queue/1', annotator: 'dan', nextSeq: 1, pending: [], sealed: [], uploadedEvents: 0 });
  const dan = await open('dan', bad, store);
  await dan.record({ type: 'skip', task: 't1' });
  await assert.rejects(dan.push(), (err) => err.kind === 'auth');
  const s = dan.status();
  assert.equal(s.state, 'error');
  assert.match(s.error, /secret access key is wrong/);
  assert.equal(s.pending, 1);
  await dan.close();
  const fixed = await open('dan', good, store);
  await fixed.push();
  assert.equal(fixed.status().state, 'synced');
  assert.equal(JSON.parse(await fixed.pull()).events, 1);
  await fixed.close();
});

test('the wasm merge writes the same bytes as the native core (same case as event_log_test.cpp)', () => {
  const segment = sync.core.encodeSegment([
    { annotator: 'ann', seq: 1, type: 'create_region', task: 't', region: 'r', value: { b: 1, a: 0.1 } },
    { annotator: 'ann', seq: 2, type: 'submit', task: 't', lead_time: 1.25 },
  ]);
  assert.equal(
    sync.core.mergeText([segment]),
    '{"annotations":[{"annotator":"ann","history":[1,2],"lead_time":1.25,' +
      '"regions":[{"id":"r","value":{"a":0.1,"b":1},"versions":[1]}],"status":"submitted",' +
      '"task":"t"}],"annotators":[{"annotator":"ann","events":2,"max_seq":2,"missing":0}],' +
      '"duplicates":0,"events":2,"format":"localabel-merged/1","issues":[],"rejected":[]}',
  );
  assert.throws(() => sync.core.encodeSegment([]), (err) => err.name === 'LocalabelError' && err.code === 'EmptyInput');
  assert.throws(() => sync.core.assign({ id: 'p', annotators: ['a'] }, 'zed'), (err) => err.code === 'UnknownReference');
  assert.equal(sync.core.segmentKey('ann', 42), 'events/ann/000000000042.json');
});
