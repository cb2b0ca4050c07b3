// Background sync of the page: this browser's edits go to shared storage and the other
// annotators' work comes back. The sync module (./localabel/sync/) and the core module
// (localabel_core) are imported only here, only once sync is configured: with sync off the
// page loads neither and makes no request beyond its own files.
//
// Push. The page's durable edit log (events.mjs, one record per acknowledged edit) is the
// source. Every record is forwarded, in order, to the SyncClient, which saves it in its own
// IndexedDB queue and uploads it as an immutable segment events/<annotator>/<seq>.json
// (about a second after an edit batch, every 30 s, when the browser comes back online),
// retrying with exponential backoff. Which records are already forwarded is derived from the
// client's queue itself: record i of the log became the client's event firstSeq + i, so
// "forwarded" = nextSeq - firstSeq. The queue's save is the only write, so a reload or a
// crash at any moment neither skips nor doubles an edit.
//
// Pull. The client lists events/, reads new segments and the core merges them in its
// deterministic order. The page keeps the other annotators' merged annotations (and caches
// them for an offline start); main.mjs shows them (see apply() there).
import { targetId, transportFor } from './sync_settings.mjs';
import { absolutizeProject } from './bundle.mjs';

const PULL_EVERY_MS = 30000;
const PUSH_EVERY_MS = 30000;
// Reads while opening (a new device's next sequence number, project.json): after this many
// attempts open() gives up with the last error, so the page stays usable (retryOpen below
// keeps trying in the background).
const OPEN_ATTEMPTS = 4;

/** An app event record's event as the SyncClient's input (annotator and seq are its own). */
function editInput(event) {
  const out = { type: event.type, task: event.task };
  for (const k of ['region', 'value', 'lead_time', 'time']) if (event[k] !== undefined) out[k] = event[k];
  return out;
}

export class SyncSession {
  /**
   * settings: complete sync settings (sync_settings.mjs). hooks:
   *   records()          the page's log records of this session (texts, in order)
   *   onOthers(list)     the other annotators' merged annotations changed
   *   onStatus(status)   {state, text, pending, ...} for the status element
   */
  constructor(settings, hooks) {
    this.settings = settings;
    this.hooks = hooks;
    this.id = targetId(settings);
    this.annotator = settings.annotator;
    this.timers = [];
    this.forwarding = Promise.resolve();
    this.forwardError = null;
    this.pullError = null;
    this.lastOthers = null;
    this.closed = false;
    this.pulls = 0;
    this.lastPending = 0;
  }

  /** The names of this session's databases (the page's event log and the sync queue). */
  static logName(settings) {
    return `localabel-events:sync:${targetId(settings)}`;
  }

  /**
   * What this browser last saw of the storage of `settings`, without connecting: {project:
   * {text, labels} | null, others}. Used when the credentials are not in memory (not
   * remembered): the page shows the shared project and keeps logging edits for later upload.
   */
  static async cachedView(settings) {
    const sync = await import('./localabel/sync/index.js');
    const store = new sync.IndexedDbStore({ dbName: `localabel-sync:${targetId(settings)}` });
    const project = await store.load('page/project');
    const others = (await store.load('page/others'))?.annotations ?? [];
    return { project: project?.text ? project : null, others };
  }

  /**
   * Loads the sync module and the core; opens the queue. Needs the storage only on a new
   * device; when it cannot be reached, rejects after a few attempts (OPEN_ATTEMPTS, with
   * backoff: a few seconds) with the last error.
   */
  async open() {
    this.sync = await import('./localabel/sync/index.js');
    this.core = await this.sync.loadSyncCore();
    this.transport = await transportFor(this.sync, this.settings);
    this.store = new this.sync.IndexedDbStore({ dbName: `localabel-sync:${this.id}` });
    this.client = await this.sync.SyncClient.open({
      annotator: this.annotator,
      transport: this.transport,
      store: this.store,
      core: this.core,
      onStatus: () => this.emit(),
      openAttempts: OPEN_ATTEMPTS,
      pullAttempts: OPEN_ATTEMPTS,
    });
    let first = await this.store.load('page/first-seq');
    if (!first) {
      // Nothing of this browser has been forwarded yet: its log starts at the next seq.
      first = { seq: this.client.status().nextSeq };
      await this.store.save('page/first-seq', first);
    }
    this.firstSeq = first.seq;
    this.lastOthers = (await this.store.load('page/others'))?.annotations ?? null;
    return this;
  }

  /**
   * The project of this storage: {text, labels, published}. Uses the copy cached at the last
   * start; else reads project.json; when the storage has none, publishes `local` ({text,
   * labels, baseUrl}: the project this page has open) as project.json (and labels.json).
   */
  async project(local) {
    const cached = await this.store.load('page/project');
    if (cached?.text) return { ...cached, published: false };
    const text = await this.client.openProject().then((p) => (p === null ? null : JSON.stringify(p, null, 1)));
    let result;
    if (text === null) {
      const published = absolutizeProject(local.text, local.baseUrl);
      await this.client.publishProject(published, { attempts: OPEN_ATTEMPTS });
      if (local.labels) await this.transport.put('labels.json', local.labels);
      result = { text: published, labels: local.labels ?? null };
    } else {
      result = { text, labels: await this.transport.get('labels.json') };
    }
    await this.store.save('page/project', result);
    return { ...result, published: text === null };
  }

  /** Starts forwarding, periodic push and pull. */
  start() {
    this.client.start({ intervalMs: PUSH_EVERY_MS });
    // Segments left in the queue by the last page (a reload mid-upload) go at once.
    this.client.push().catch(() => {});
    this.timers.push(setInterval(() => this.pull().catch(() => {}), PULL_EVERY_MS));
    this.onOnline = () => this.pull().catch(() => {});
    addEventListener('online', this.onOnline);
    this.forward();
    this.pull().catch(() => {});
    this.emit();
  }

  forwarded() {
    return this.client.status().nextSeq - this.firstSeq;
  }

  /** Forwards every log record not yet in the client's queue (call after each new record). */
  forward() {
    this.forwarding = this.forwarding.then(async () => {
      const records = this.hooks.records();
      while (!this.closed && this.forwarded() < records.length && !this.forwardError) {
        const i = this.forwarded();
        try {
          const record = JSON.parse(records[i]);
          await this.client.record(editInput(record.event));
        } catch (e) {
          if (this.closed) return;
          // The queue could not take the edit (its database failed): it stays in the page's
          // log and is forwarded again after the next start.
          this.forwardError = `edit ${i + 1} could not be queued for upload: ${e.message}`;
        }
      }
      this.emit();
    });
    return this.forwarding;
  }

  /** Uploads everything now, then pulls; resolves when done (rejects on a lasting failure). */
  async syncNow() {
    await this.forward();
    if (this.forwardError) throw new Error(this.forwardError);
    await this.client.push();
    await this.pull();
  }

  /** Lists and merges every segment; hands the other annotators' annotations to the page. */
  async pull() {
    if (this.closed) return;
    try {
      const merged = JSON.parse(await this.client.pull({ includeLocal: false }));
      this.pullError = null;
      this.pulls++;
      this.merged = merged;
      // This annotator's own annotations come from the page's log (exact, with the undo
      // history); only the others' are taken from storage.
      const others = merged.annotations.filter((a) => a.annotator !== this.annotator);
      const key = JSON.stringify(others);
      if (key !== JSON.stringify(this.lastOthers)) {
        this.lastOthers = others;
        await this.store.save('page/others', { annotations: others });
        this.hooks.onOthers(others);
      }
    } catch (e) {
      if (this.closed) return;
      this.pullError = e.message;
      throw e;
    } finally {
      this.emit();
    }
  }

  /** Every event segment in the storage: [{key, text}] (for a bundle). */
  async storedObjects() {
    const keys = await this.transport.list('events/');
    const objects = await Promise.all(keys.map(async (key) => ({ key, text: await this.transport.get(key) })));
    return objects.filter((o) => o.text !== null);
  }

  /**
   * Copies a bundle's segments into the storage: only keys the storage does not have (keys
   * are immutable, nothing is overwritten), and none of this annotator's own (its sequence
   * numbers belong to this browser's queue). Resolves to {added, skipped}.
   */
  async addObjects(objects) {
    const have = new Set(await this.transport.list('events/'));
    let added = 0;
    let skipped = 0;
    for (const o of objects) {
      if (have.has(o.key) || o.key.startsWith(`events/${this.annotator}/`)) {
        ++skipped;
        continue;
      }
      await this.transport.put(o.key, o.text);
      ++added;
    }
    return { added, skipped };
  }

  /** The others' annotations cached at the last pull (for a start without network). */
  cachedOthers() {
    return this.lastOthers ?? [];
  }

  status() {
    const c = this.client.status();
    const unforwarded = Math.max(0, this.hooks.records().length - (c.nextSeq - this.firstSeq));
    const pending = c.pending + unforwarded;
    let state = c.state;
    let text;
    const error = this.forwardError ?? c.error;
    if (this.forwardError || state === 'error') {
      state = 'error';
      text = `Sync error: ${error}`;
    } else if (pending > 0) {
      state = state === 'retrying' ? 'retrying' : 'pending';
      text = `Pending ${pending}` + (state === 'retrying' ? ` (retrying: ${c.error})` : '');
    } else if (this.pullError) {
      state = 'retrying';
      text = `Synced; reading others' work failed: ${this.pullError}`;
    } else {
      state = 'synced';
      text = `Synced as ${this.annotator}`;
    }
    return {
      state, text, pending, error,
      edits: this.hooks.records().length, // edits in this browser's log for this storage
      uploaded: c.uploaded, // of which uploaded by this browser's queue
      pulls: this.pulls,
      annotator: this.annotator,
      target: this.transport.describe(),
    };
  }

  emit() {
    if (this.closed || !this.client) return;
    const st = this.status();
    // Right after an upload completes, read the others' work as well.
    if (st.state === 'synced' && this.lastPending > 0) this.pull().catch(() => {});
    this.lastPending = st.pending;
    this.hooks.onStatus(st);
  }

  /**
   * Calls `start()` (which rejects while the storage cannot be reached) again and again with
   * exponential backoff (baseMs, doubling up to maxMs), telling `onWait(message, ms)` before
   * each wait, until it resolves or `stop()` (of the returned object) is called.
   */
  static retryOpen(start, { baseMs = 5000, maxMs = 60000, onWait = () => {} } = {}) {
    let stopped = false;
    let timer = null;
    let delay = baseMs;
    const attempt = async (error) => {
      if (stopped) return;
      onWait(error, delay);
      timer = setTimeout(async () => {
        if (stopped) return;
        try {
          await start();
        } catch (e) {
          delay = Math.min(maxMs, delay * 2);
          attempt(e);
        }
      }, delay);
    };
    return {
      begin: (error) => attempt(error),
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  async close() {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    if (this.onOnline) removeEventListener('online', this.onOnline);
    await this.client?.close();
  }
}
