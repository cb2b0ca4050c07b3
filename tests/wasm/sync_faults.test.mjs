// Faults: 20 simulated annotators (node clients, the same JS layer) each make 500 edits
// through a proxy that disturbs 10 % of requests (503, dropped connections before or after
// the store handled them, delays), and each "reloads" several times mid-upload (the client
// object is closed while an upload is in flight and recreated from its persisted queue, here
// a MemoryStore shared by the client objects of one annotator; FileStore reloads are covered
// in sync_clients.test.mjs).
// At the end storage holds every acknowledged edit exactly once, the merged state matches what
// each annotator did, and all clients compute byte-identical merged exports.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadSync, startFaultProxy, startS3, startWebDav } from './lib/servers.mjs';
import { seededRandom as mulberry32 } from '../lib/random.mjs';

const ANNOTATORS = 20;
const EDITS = 500;

let sync;
let s3;
let dav;

before(async () => {
  [sync, s3, dav] = await Promise.all([loadSync(), startS3(), startWebDav()]);
});
after(async () => {
  await Promise.all([s3?.stop(), dav?.stop()]);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One simulated annotator: edits tasks of its queue, keeps a model of what it did, and
// reloads now and then while an upload is in flight.
async function annotate(index, makeTransport, queue, stats) {
  const annotator = `a${String(index).padStart(2, '0')}`;
  const random = mulberry32(1000 + index);
  const store = new sync.MemoryStore();
  const open = () =>
    sync.SyncClient.open({
      annotator,
      transport: makeTransport(),
      store,
      core: sync.core,
      segmentSize: 100,
      autoPushMs: 250,
      retry: { baseMs: 20, maxMs: 400 },
      random,
      pullAttempts: 40,
    });
  let client = await open();
  const acked = new Map(); // seq -> event as recorded
  const model = new Map(); // task -> {regions: Map(id -> {value, versions, deletedSeq}), status, history}
  let nextReload = 60 + Math.floor(random() * 80);
  for (let edit = 0; edit < EDITS; ++edit) {
    const task = queue[Math.floor(random() * queue.length)].task;
    const m = model.get(task) ?? { regions: new Map(), status: 'draft', history: [] };
    model.set(task, m);
    const live = [...m.regions].filter(([, r]) => !r.deletedSeq);
    const roll = random();
    let event;
    if (roll < 0.4 || live.length === 0) {
      event = { type: 'create_region', task, region: `r${edit}`, value: { x: edit, label: 'bird' } };
    } else if (roll < 0.7) {
      event = { type: 'change_region', task, region: live[Math.floor(random() * live.length)][0], value: { x: edit, label: 'bird' } };
    } else if (roll < 0.85) {
      event = { type: 'delete_region', task, region: live[Math.floor(random() * live.length)][0] };
    } else {
      event = { type: 'submit', task, lead_time: edit / 10 };
    }
    const { seq } = await client.record(event);
    acked.set(seq, event);
    m.history.push(seq);
    if (event.type === 'create_region') m.regions.set(event.region, { value: event.value, versions: [seq], deletedSeq: 0 });
    if (event.type === 'change_region') {
      const r = m.regions.get(event.region);
      r.value = event.value;
      r.versions.push(seq);
    }
    if (event.type === 'delete_region') m.regions.get(event.region).deletedSeq = seq;
    if (event.type === 'submit') m.status = 'submitted';

    if (edit === nextReload) {
      // Reload mid-upload: start an upload, let it get under way, then drop the client.
      client.push().catch(() => {});
      await sleep(random() * 15);
      await client.close();
      ++stats.reloads;
      client = await open();
      nextReload = edit + 60 + Math.floor(random() * 80);
    } else if (random() < 0.05) {
      await sleep(1);
    }
  }
  await client.push();
  stats.retries += client.retries;
  return { annotator, client, acked, model };
}

function expectedAnnotations(results) {
  const out = [];
  for (const { annotator, model } of results) {
    for (const [task, m] of model) {
      const regions = [...m.regions].map(([id, r]) => {
        const region = { id, value: r.value, versions: r.versions };
        if (r.deletedSeq) region.deleted_seq = r.deletedSeq;
        return region;
      });
      const a = { task, annotator, status: m.status, history: m.history, regions };
      out.push(a);
    }
  }
  const byteOrder = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((x, y) => byteOrder(x.task, y.task) || byteOrder(x.annotator, y.annotator));
}

async function runScenario(name, makeDirectTransport, proxy) {
  const project = {
    id: `faults-${name}`,
    annotators: Array.from({ length: ANNOTATORS }, (_, i) => `a${String(i).padStart(2, '0')}`),
    settings: { overlap_share: 0.1, honeypot_rate: 0 },
    tasks: Array.from({ length: 400 }, (_, i) => ({ id: `task-${i}` })),
  };
  const direct = makeDirectTransport('');
  await direct.put('project.json', JSON.stringify(project));
  const stats = { reloads: 0, retries: 0 };
  const results = await Promise.all(
    project.annotators.map((a, i) =>
      annotate(i, () => makeDirectTransport(proxy.url), sync.core.assign(project, a), stats),
    ),
  );

  // Storage (read directly, not through the proxy) holds every acknowledged edit exactly once.
  const keys = await direct.list('events/');
  const objects = [];
  for (let i = 0; i < keys.length; i += 16) {
    objects.push(...(await Promise.all(keys.slice(i, i + 16).map(async (key) => ({ key, text: await direct.get(key) })))));
  }
  const seen = new Map();
  for (const { key, text } of objects) {
    const segment = JSON.parse(text);
    assert.equal(key.split('/')[1], segment.annotator, `${key} is in its annotator's folder`);
    for (const e of segment.events) seen.set(`${e.annotator}/${e.seq}`, (seen.get(`${e.annotator}/${e.seq}`) ?? 0) + 1);
  }
  let acknowledged = 0;
  for (const { annotator, acked } of results) {
    for (const seq of acked.keys()) {
      assert.equal(seen.get(`${annotator}/${seq}`), 1, `${annotator} edit ${seq} stored exactly once`);
      ++acknowledged;
    }
  }
  assert.equal(acknowledged, ANNOTATORS * EDITS);
  assert.equal(seen.size, acknowledged, 'no unacknowledged or foreign edits in storage');

  // Every client pulls through the faulty proxy and computes the same bytes.
  const exports = [];
  for (let i = 0; i < results.length; i += 5) {
    exports.push(...(await Promise.all(results.slice(i, i + 5).map(({ client }) => client.pull({ includeLocal: false })))));
  }
  const reference = sync.core.mergeText(objects);
  for (const e of exports) assert.equal(e, reference);
  const merged = JSON.parse(reference);
  assert.equal(merged.events, ANNOTATORS * EDITS);
  assert.equal(merged.duplicates, 0);
  assert.deepEqual(merged.rejected, []);
  assert.deepEqual(merged.issues, []);
  const got = merged.annotations.map(({ lead_time, ...a }) => a); // eslint-disable-line no-unused-vars
  assert.deepEqual(got, expectedAnnotations(results));
  for (const { client } of results) await client.close();
  const faults = proxy.stats.status503 + proxy.stats.dropBefore + proxy.stats.dropAfter + proxy.stats.delayed;
  console.log(
    `# ${name}: ${keys.length} segments, ${proxy.stats.requests} requests, ${faults} disturbed ` +
      `(503 ${proxy.stats.status503}, dropped before ${proxy.stats.dropBefore}, dropped after ${proxy.stats.dropAfter}, ` +
      `delayed ${proxy.stats.delayed}), ${stats.retries} retries by the final client objects, ${stats.reloads} reloads`,
  );
  assert.ok(proxy.stats.dropAfter > 0 && proxy.stats.status503 > 0 && proxy.stats.delayed > 0 && stats.reloads >= ANNOTATORS);
}

test('s3: 20 annotators x 500 edits through 10 % faults and reloads lose and duplicate nothing', async () => {
  const proxy = await startFaultProxy(s3.endpoint, { rate: 0.1, seed: 7 });
  try {
    await runScenario(
      's3',
      (endpoint) =>
        new sync.S3Transport({
          endpoint: endpoint || s3.endpoint,
          bucket: s3.bucket,
          region: s3.region,
          accessKeyId: s3.accessKeyId,
          secretAccessKey: s3.secretAccessKey,
          prefix: 'faults',
          timeoutMs: 10000,
        }),
      proxy,
    );
  } finally {
    await proxy.stop();
  }
});

test('webdav: 20 annotators x 500 edits through 10 % faults and reloads lose and duplicate nothing', async () => {
  const proxy = await startFaultProxy(`http://127.0.0.1:${dav.port}`, { rate: 0.1, seed: 11 });
  try {
    await runScenario(
      'webdav',
      (origin) => new sync.WebDavTransport({ baseUrl: `${origin || `http://127.0.0.1:${dav.port}`}/dav/faults/`, listing: 'json', timeoutMs: 10000 }),
      proxy,
    );
  } finally {
    await proxy.stop();
  }
});
