// One annotator's sync client: records edit events (persisted before they are acknowledged),
// uploads them as immutable segments with retry and exponential backoff, and pulls and
// merges everyone's segments with the core. See sync.d.ts for the API.
import { SyncError } from './errors.js';

const QUEUE_FORMAT = 'localabel-queue/1';

function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new SyncError('aborted', 'the sync client was closed'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SyncError('aborted', 'the sync client was closed'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function pool(items, width, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]);
    }
  });
  await Promise.all(workers);
}

export class SyncClient {
  /**
   * Opens the client of `annotator`, restoring its upload queue from `store`. With an empty
   * store (a new device), the next sequence number is read from storage first, so keys
   * already written are never reused.
   * options: {annotator, transport, store, core (syncCore), segmentSize (50 events),
   *   retry: {baseMs 500, maxMs 30000, factor 2, maxAttempts Infinity}, autoPushMs (1000;
   *   null disables the upload after each edit), onStatus(status), stampTime (true),
   *   random (Math.random), pullAttempts (10: attempts per read in pull and openProject),
   *   openAttempts (Infinity: attempts per read when a new device looks up its next sequence
   *   number; a page that must stay usable passes a small number and opens again later)}
   */
  static async open(options) {
    const client = new SyncClient(options);
    await client.restore();
    return client;
  }

  constructor(options) {
    for (const f of ['annotator', 'transport', 'store', 'core']) {
      if (!options?.[f]) throw new TypeError(`SyncClient: option "${f}" is required`);
    }
    this.annotator = options.annotator;
    this.transport = options.transport;
    this.store = options.store;
    this.core = options.core;
    this.segmentSize = options.segmentSize ?? 50;
    this.retry = { baseMs: 500, maxMs: 30000, factor: 2, maxAttempts: Infinity, ...(options.retry ?? {}) };
    this.autoPushMs = options.autoPushMs === undefined ? 1000 : options.autoPushMs;
    this.onStatus = options.onStatus ?? null;
    this.stampTime = options.stampTime ?? true;
    this.random = options.random ?? Math.random;
    // Uploads never give up on temporary failures (the work is the user's); reads do.
    this.pullAttempts = options.pullAttempts ?? 10;
    this.openAttempts = options.openAttempts ?? Infinity;
    this.storeName = `queue/${this.annotator}`;
    this.state = null;
    this.chain = Promise.resolve();
    this.pushing = null;
    this.closed = false;
    this.abort = new AbortController();
    this.lastError = null;
    this.retries = 0;
    this.cache = new Map(); // segment key -> text (segments are immutable)
    this.timers = new Set();
    this.onOnline = () => this.push().catch(() => {});
    globalThis.addEventListener?.('online', this.onOnline);
  }

  async restore() {
    const saved = await this.store.load(this.storeName);
    if (saved) {
      if (saved.format !== QUEUE_FORMAT || saved.annotator !== this.annotator) {
        throw new SyncError('http', `the saved upload queue "${this.storeName}" is not a queue of ${this.annotator}`);
      }
      this.state = saved;
      return;
    }
    // New device: continue after the last segment this annotator has in storage.
    const keys = await this.withRetry(() => this.transport.list(`events/${this.annotator}/`, { signal: this.abort.signal }), this.openAttempts);
    let nextSeq = 1;
    const own = keys.filter((k) => /^events\/[^/]+\/\d{12}\.json$/.test(k));
    if (own.length) {
      const last = own[own.length - 1];
      const text = await this.withRetry(() => this.transport.get(last, { signal: this.abort.signal }), this.openAttempts);
      const segment = text === null ? null : JSON.parse(text);
      if (!segment || !Array.isArray(segment.events)) throw new SyncError('http', `${last}: not a readable segment`);
      nextSeq = segment.first_seq + segment.events.length;
    }
    const state = { format: QUEUE_FORMAT, annotator: this.annotator, nextSeq, pending: [], sealed: [], uploadedEvents: 0 };
    await this.store.save(this.storeName, state);
    this.state = state;
  }

  assertOpen() {
    if (this.closed) throw new SyncError('aborted', 'the sync client was closed');
  }

  // Runs fn after every earlier state change; state changes are saved one at a time.
  locked(fn) {
    const run = this.chain.then(() => {
      this.assertOpen();
      return fn();
    });
    this.chain = run.catch(() => {});
    return run;
  }

  async commit(next) {
    await this.store.save(this.storeName, next);
    this.state = next;
  }

  /**
   * Records one edit: {type, task, region?, value?, lead_time?}. The annotator id and the next
   * sequence number are added, the core checks the event, and it is saved in the store before
   * the returned promise resolves to {seq} (the acknowledgement). Invalid events reject with
   * LocalabelError and use no sequence number.
   */
  record(event) {
    return this.locked(async () => {
      const seq = this.state.nextSeq;
      const full = { ...event, annotator: this.annotator, seq };
      if (this.stampTime && full.time === undefined) full.time = Date.now();
      const text = this.core.canonicalEvent(full);
      await this.commit({ ...this.state, nextSeq: seq + 1, pending: [...this.state.pending, text] });
      this.emit();
      this.schedulePush();
      return { seq };
    });
  }

  schedulePush() {
    if (this.autoPushMs === null || this.closed) return;
    if (this.autoTimer) return;
    this.autoTimer = setTimeout(() => {
      this.autoTimer = null;
      this.push().catch(() => {});
    }, this.autoPushMs);
  }

  // Moves pending events into sealed segments (fixed key and bytes from now on).
  async seal() {
    const pending = this.state.pending;
    if (!pending.length) return;
    const sealed = [...this.state.sealed];
    for (let i = 0; i < pending.length; i += this.segmentSize) {
      const chunk = pending.slice(i, i + this.segmentSize);
      const { key, text } = this.core.encodeSegment(chunk);
      sealed.push({ key, text, count: chunk.length });
    }
    await this.commit({ ...this.state, pending: [], sealed });
  }

  /**
   * Uploads everything recorded so far; resolves with the status once the queue is empty.
   * Temporary failures are retried with exponential backoff; a permanent one (wrong key,
   * no permission) rejects with SyncError and keeps the queue for a later push.
   */
  push() {
    if (!this.pushing) {
      this.pushing = this.pushLoop().finally(() => {
        this.pushing = null;
      });
    }
    return this.pushing;
  }

  async pushLoop() {
    for (;;) {
      await this.locked(() => this.seal());
      const segment = this.state.sealed[0];
      if (!segment) {
        // Records made while this loop ran are sealed on the next turn; stop only when none.
        if (!this.state.pending.length) {
          this.emit();
          return this.status();
        }
        continue;
      }
      await this.withRetry(() => this.transport.put(segment.key, segment.text, { signal: this.abort.signal }));
      await this.locked(() =>
        this.commit({
          ...this.state,
          sealed: this.state.sealed.filter((s) => s.key !== segment.key),
          uploadedEvents: this.state.uploadedEvents + segment.count,
        }),
      );
      this.cache.set(segment.key, segment.text);
      this.emit();
    }
  }

  async withRetry(fn, maxAttempts = this.retry.maxAttempts) {
    for (let attempt = 0; ; ++attempt) {
      this.assertOpen();
      try {
        const result = await fn();
        if (this.lastError) {
          this.lastError = null;
          this.emit();
        }
        return result;
      } catch (err) {
        if (this.closed) throw new SyncError('aborted', 'the sync client was closed', { cause: err });
        this.lastError = err;
        const retryable = err instanceof SyncError && err.retryable;
        if (!retryable || attempt + 1 >= maxAttempts) {
          this.emit();
          throw err;
        }
        ++this.retries;
        this.emit();
        const base = Math.min(this.retry.maxMs, this.retry.baseMs * this.retry.factor ** attempt);
        await delay(base * (0.5 + 0.5 * this.random()), this.abort.signal);
      }
    }
  }

  /**
   * Lists and reads every segment in storage (each key is read once: segments never change),
   * adds this client's not yet uploaded events (unless includeLocal is false), and returns the
   * core's canonical merged export text.
   */
  async pull({ includeLocal = true, concurrency = 8 } = {}) {
    this.assertOpen();
    const signal = this.abort.signal;
    const keys = await this.withRetry(() => this.transport.list('events/', { signal }), this.pullAttempts);
    const missing = keys.filter((k) => !this.cache.has(k));
    const unreadable = new Map();
    await pool(missing, concurrency, async (key) => {
      // A segment is cached only once it reads as JSON: a torn read (a store that is not
      // atomic, a proxy cutting the body) is read again, never kept.
      for (let attempt = 0; attempt < 3; ++attempt) {
        const text = await this.withRetry(() => this.transport.get(key, { signal }), this.pullAttempts);
        if (text === null) return;
        try {
          JSON.parse(text);
          this.cache.set(key, text);
          return;
        } catch {
          unreadable.set(key, text);
        }
      }
    });
    const objects = [];
    for (const key of keys) {
      // Unreadable segments go to the merge, which reports them under "rejected".
      if (this.cache.has(key)) objects.push({ key, text: this.cache.get(key) });
      else if (unreadable.has(key)) objects.push({ key, text: unreadable.get(key) });
    }
    if (includeLocal) {
      for (const s of this.state.sealed) objects.push({ key: s.key, text: s.text });
      if (this.state.pending.length) objects.push(this.core.encodeSegment(this.state.pending));
    }
    return this.core.mergeText(objects);
  }

  /**
   * Writes project.json (the project owner does this once; annotators only read it), retrying
   * temporary failures up to `attempts` times (default without limit).
   */
  async publishProject(project, { attempts = this.retry.maxAttempts } = {}) {
    const text = typeof project === 'string' ? project : JSON.stringify(project, null, 2);
    await this.withRetry(() => this.transport.put('project.json', text, { signal: this.abort.signal }), attempts);
  }

  /** Reads project.json; null when the storage has none. */
  async openProject() {
    const text = await this.withRetry(() => this.transport.get('project.json', { signal: this.abort.signal }), this.pullAttempts);
    return text === null ? null : JSON.parse(text);
  }

  /** This annotator's queue of tasks for a project: [{task, honeypot, partner}]. */
  assignment(project) {
    return this.core.assign(project, this.annotator);
  }

  /**
   * {state: 'synced' | 'pending' | 'retrying' | 'error' | 'closed', pending (events not yet
   * stored), segments (sealed, waiting for upload), uploaded (events stored by this client),
   * nextSeq, retries, error (plain-words message or null)}
   */
  status() {
    const s = this.state ?? { pending: [], sealed: [], uploadedEvents: 0, nextSeq: 0 };
    const pending = s.pending.length + s.sealed.reduce((n, x) => n + x.count, 0);
    const err = this.lastError;
    let state = 'synced';
    if (this.closed) state = 'closed';
    else if (err && !(err instanceof SyncError && err.retryable)) state = 'error';
    else if (pending > 0) state = err ? 'retrying' : 'pending';
    return {
      state,
      pending,
      segments: s.sealed.length,
      uploaded: s.uploadedEvents,
      nextSeq: s.nextSeq,
      retries: this.retries,
      error: err ? err.message : null,
    };
  }

  emit() {
    if (this.onStatus) {
      try {
        this.onStatus(this.status());
      } catch {
        // A failing listener must not break syncing.
      }
    }
  }

  /** Periodic upload every `intervalMs` (default 30 s) in addition to the one after edits. */
  start({ intervalMs = 30000 } = {}) {
    this.assertOpen();
    const timer = setInterval(() => this.push().catch(() => {}), intervalMs);
    this.timers.add(timer);
    return this;
  }

  /**
   * Stops all work at once, like closing the tab: requests in flight are aborted, no further
   * state is saved. Resolves when the last state save already started has finished, so a new
   * client can open the same store.
   */
  async close() {
    if (this.closed) return this.chain;
    this.closed = true;
    this.abort.abort();
    for (const t of this.timers) clearInterval(t);
    if (this.autoTimer) clearTimeout(this.autoTimer);
    globalThis.removeEventListener?.('online', this.onOnline);
    await this.chain;
  }
}
