// Opening a sync client while the storage cannot be reached (a loopback port nobody listens
// on: real refused connections). Uploads never give up, but a new device's open() and a
// project publication can be bounded, so that a page reports the problem and stays usable.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, loadSync } from './lib/servers.mjs';

let sync;
let deadUrl;
before(async () => {
  sync = await loadSync();
  deadUrl = `http://127.0.0.1:${await freePort()}/dav/`;
});

// A WebDAV transport to the dead port that counts its requests.
function countingTransport() {
  const t = new sync.WebDavTransport({ baseUrl: deadUrl, listing: 'json', timeoutMs: 2000 });
  t.calls = { list: 0, put: 0 };
  const list = t.list.bind(t);
  const put = t.put.bind(t);
  t.list = (...a) => (++t.calls.list, list(...a));
  t.put = (...a) => (++t.calls.put, put(...a));
  return t;
}

const options = (transport, extra = {}) => ({
  annotator: 'ann',
  transport,
  store: new sync.MemoryStore(),
  core: sync.core,
  autoPushMs: null,
  retry: { baseMs: 5, maxMs: 20 },
  random: () => 0.5,
  ...extra,
});

test('open() with openAttempts rejects with the network error after that many tries', async () => {
  const t = countingTransport();
  const statuses = [];
  await assert.rejects(sync.SyncClient.open(options(t, { openAttempts: 3, onStatus: (s) => statuses.push(s) })), (e) => {
    assert.equal(e.name, 'SyncError');
    assert.equal(e.kind, 'network');
    assert.equal(e.retryable, true);
    assert.match(e.message, /^could not reach 127\.0\.0\.1:\d+/);
    return true;
  });
  assert.equal(t.calls.list, 3);
  assert.ok(statuses.some((s) => s.retries >= 2 && /could not reach/.test(s.error)), 'retries were reported');
});

test('open() without openAttempts keeps trying until closed (uploads and a new device never give up by default)', async () => {
  const t = countingTransport();
  const client = new sync.SyncClient(options(t));
  const opening = client.restore();
  while (t.calls.list < 6) await new Promise((r) => setTimeout(r, 10));
  await client.close();
  await assert.rejects(opening, (e) => e.kind === 'aborted');
});

test('publishProject({attempts}) gives up after that many tries', async () => {
  const t = countingTransport();
  // A client whose queue already exists opens without the storage.
  const store = new sync.MemoryStore();
  await store.save('queue/ann', { format: 'localabel-queue/1', annotator: 'ann', nextSeq: 1, pending: [], sealed: [], uploadedEvents: 0 });
  const client = await sync.SyncClient.open(options(t, { store }));
  await assert.rejects(client.publishProject({ tasks: [] }, { attempts: 2 }), (e) => e.kind === 'network');
  assert.equal(t.calls.put, 2);
  await client.close();
});
