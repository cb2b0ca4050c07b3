// The local-folder transport's key, listing and no-overwrite logic, against a small
// in-memory implementation of the File System Access API's FileSystemDirectoryHandle written
// here (Node has none). The same transport runs against Chromium's real handles in
// tests/e2e/sync-folder.spec.mjs; this test adds the cases a browser makes hard to force
// (a lost permission, a folder deleted underneath, a write that fails half-way).
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { loadSync } from './lib/servers.mjs';

let sync;
before(async () => {
  sync = await loadSync();
});

function domError(name, message = name) {
  const e = new Error(message);
  e.name = name;
  return e;
}

// Names and behaviour follow the WHATWG File System standard: getDirectoryHandle and
// getFileHandle reject with NotFoundError (missing) or TypeMismatchError (other kind),
// removeEntry with NotFoundError, createWritable writes nothing visible until close().
class MemFile {
  constructor(name, parent) {
    this.kind = 'file';
    this.name = name;
    this.parent = parent;
    this.text = '';
  }
  async getFile() {
    this.parent.check();
    const text = this.text;
    return { text: async () => text };
  }
  async createWritable() {
    this.parent.check();
    let buffer = '';
    const file = this;
    return {
      async write(chunk) {
        if (file.parent.root.failWrites) throw domError('QuotaExceededError', 'no space left');
        buffer += chunk;
      },
      async close() {
        file.text = buffer;
      },
      async abort() {},
    };
  }
}

class MemDir {
  constructor(name, root = null) {
    this.kind = 'directory';
    this.name = name;
    this.root = root ?? this;
    this.children = new Map();
    this.removed = false;
    if (!root) {
      this.denied = false;
      this.failWrites = false;
      this.calls = 0;
    }
  }
  check() {
    this.root.calls++;
    if (this.root.denied) throw domError('NotAllowedError', 'permission not granted');
    if (this.removed) throw domError('NotFoundError', 'the folder was removed');
  }
  async getDirectoryHandle(name, { create = false } = {}) {
    this.check();
    const c = this.children.get(name);
    if (c) {
      if (c.kind !== 'directory') throw domError('TypeMismatchError');
      return c;
    }
    if (!create) throw domError('NotFoundError');
    const d = new MemDir(name, this.root);
    this.children.set(name, d);
    return d;
  }
  async getFileHandle(name, { create = false } = {}) {
    this.check();
    const c = this.children.get(name);
    if (c) {
      if (c.kind !== 'file') throw domError('TypeMismatchError');
      return c;
    }
    if (!create) throw domError('NotFoundError');
    const f = new MemFile(name, this);
    this.children.set(name, f);
    return f;
  }
  async removeEntry(name) {
    this.check();
    if (!this.children.delete(name)) throw domError('NotFoundError');
  }
  async *entries() {
    this.check();
    // A snapshot, in insertion order (browsers give no order either).
    for (const entry of [...this.children.entries()]) yield entry;
  }
  async *keys() {
    for await (const [name] of this.entries()) yield name;
  }
}

// Every file under a folder as {path: text}.
function files(dir, path = '', out = {}) {
  for (const [name, c] of dir.children) {
    if (c.kind === 'file') out[path + name] = c.text;
    else files(c, `${path}${name}/`, out);
  }
  return out;
}

test('keys with "/" become sub-folders; get, list by walking the prefix, delete', async () => {
  const root = new MemDir('birds');
  const t = new sync.FolderTransport({ directory: root });
  assert.equal(t.describe(), 'folder "birds"');
  await t.put('project.json', '{"p":1}');
  await t.put('events/bob/000000000001.json', 'b1');
  await t.put('events/alice/000000000003.json', 'a3');
  await t.put('events/alice/000000000001.json', 'a1');
  await t.put('events/alice.json', 'not in the folder');
  assert.deepEqual(files(root), {
    'project.json': '{"p":1}',
    'events/bob/000000000001.json': 'b1',
    'events/alice/000000000003.json': 'a3',
    'events/alice/000000000001.json': 'a1',
    'events/alice.json': 'not in the folder',
  });
  assert.deepEqual(await t.list('events/'), [
    'events/alice.json', 'events/alice/000000000001.json', 'events/alice/000000000003.json', 'events/bob/000000000001.json',
  ]);
  assert.deepEqual(await t.list('events/alice/'), ['events/alice/000000000001.json', 'events/alice/000000000003.json']);
  // A prefix that ends inside a name filters the folder's listing.
  assert.deepEqual(await t.list('events/ali'), ['events/alice.json', 'events/alice/000000000001.json', 'events/alice/000000000003.json']);
  assert.deepEqual(await t.list('events/carol/'), [], 'a missing folder lists as empty');
  assert.deepEqual(await t.list('nothing/here/'), []);
  assert.equal((await t.list('')).length, 5);
  assert.equal(await t.get('events/alice/000000000003.json'), 'a3');
  assert.equal(await t.get('events/alice/000000000009.json'), null);
  assert.equal(await t.get('events/carol/000000000001.json'), null, 'missing folder: null');
  assert.equal(await t.get('events/alice'), null, 'a folder is not a file');
  await t.delete('events/alice/000000000003.json');
  await t.delete('events/alice/000000000003.json'); // already gone: fine
  await t.delete('nowhere/x.json');
  assert.deepEqual(await t.list('events/alice/'), ['events/alice/000000000001.json']);
});

test('a key is never overwritten: same text is a no-op, other text a conflict', async () => {
  const root = new MemDir('f');
  const t = new sync.FolderTransport({ directory: root });
  await t.put('events/a/000000000001.json', 'first');
  await t.put('events/a/000000000001.json', 'first'); // a retried write
  await assert.rejects(t.put('events/a/000000000001.json', 'second'), (e) => {
    assert.equal(e.name, 'SyncError');
    assert.equal(e.kind, 'conflict');
    assert.equal(e.retryable, false);
    assert.match(e.message, /events\/a\/000000000001\.json.*not overwritten/);
    return true;
  });
  assert.equal(await t.get('events/a/000000000001.json'), 'first');
});

test('bad keys, lost permission, a removed folder and a full disk give SyncErrors in plain words', async () => {
  const root = new MemDir('shared');
  const t = new sync.FolderTransport({ directory: root, name: 'Team share' });
  for (const bad of ['', 'events//x.json', '../x.json', 'events/./x.json', 'events/']) {
    await assert.rejects(t.put(bad, 'x'), (e) => e.kind === 'http' && /not a storage key/.test(e.message), bad);
  }
  await t.put('events/a/000000000001.json', 'x');
  root.denied = true;
  await assert.rejects(t.list('events/'), (e) => e.kind === 'auth' && /permission to use the folder "Team share"/.test(e.message));
  await assert.rejects(t.get('project.json'), (e) => e.kind === 'auth' && !e.retryable);
  root.denied = false;
  root.failWrites = true;
  await assert.rejects(t.put('events/a/000000000002.json', 'y'), (e) => e.kind === 'server' && e.retryable && /disk is full/.test(e.message));
  root.failWrites = false;
  // The failed write left an empty file (created before the text, as browsers do): the retry
  // writes it, and an empty file is never taken for a stored one.
  assert.equal(await t.get('events/a/000000000002.json'), '');
  await t.put('events/a/000000000002.json', 'y');
  assert.equal(await t.get('events/a/000000000002.json'), 'y');
  // The chosen folder itself deleted: reads, writes and listings say so.
  root.removed = true;
  await assert.rejects(t.list('events/'), (e) => e.kind === 'notFound' && /"Team share" is gone \(moved or deleted\)/.test(e.message));
  await assert.rejects(t.put('events/a/000000000003.json', 'z'), (e) => e.kind === 'notFound' && !e.retryable);
  await assert.rejects(t.get('events/a/000000000001.json'), (e) => e.kind === 'notFound');
  await assert.rejects(t.get('project.json'), (e) => e.kind === 'notFound');
  assert.throws(() => new sync.FolderTransport({}), /FileSystemDirectoryHandle/);
});

test('a SyncClient syncs two annotators through one folder handle and merges them', async () => {
  const root = new MemDir('project');
  const transport = new sync.FolderTransport({ directory: root });
  const open = (annotator) =>
    sync.SyncClient.open({ annotator, transport, store: new sync.MemoryStore(), core: sync.core, autoPushMs: null, segmentSize: 2 });
  const alice = await open('alice');
  const bob = await open('bob');
  const box = (id, x) => ({ id, type: 'rectanglelabels', from_name: 'label', to_name: 'image', value: { x, y: 1, width: 2, height: 3, rectanglelabels: ['Bird'] } });
  await alice.record({ type: 'create_region', task: '1', region: 'r1', value: box('r1', 10) });
  await alice.record({ type: 'create_region', task: '1', region: 'r2', value: box('r2', 20) });
  await alice.record({ type: 'submit', task: '1', lead_time: 3 });
  await bob.record({ type: 'create_region', task: '1', region: 'q1', value: box('q1', 30) });
  await alice.push();
  await bob.push();
  assert.deepEqual(Object.keys(files(root)).sort(), [
    'events/alice/000000000001.json', 'events/alice/000000000003.json', 'events/bob/000000000001.json',
  ]);
  const seg = JSON.parse(files(root)['events/alice/000000000001.json']);
  assert.equal(seg.first_seq, 1);
  assert.deepEqual(seg.events.map((e) => [e.annotator, e.seq, e.type]), [['alice', 1, 'create_region'], ['alice', 2, 'create_region']]);
  const merged = JSON.parse(await bob.pull());
  assert.deepEqual(merged.annotators.map((a) => [a.annotator, a.events, a.missing]), [['alice', 3, 0], ['bob', 1, 0]]);
  const a = merged.annotations.find((x) => x.annotator === 'alice');
  assert.equal(a.status, 'submitted');
  assert.deepEqual(a.regions.map((r) => r.value.value.x), [10, 20]);
  // A new device of alice (empty queue) continues after her last stored segment.
  const again = await open('alice');
  assert.equal(again.status().nextSeq, 4);
  await Promise.all([alice.close(), bob.close(), again.close()]);
});
