// Where an upload queue keeps its state between page loads. A store holds one JSON-able
// object per name: load(name) -> object | null, save(name, object). save must be atomic
// (the whole object or nothing), so that a crash mid-save keeps the previous state.

/** In memory: survives dropping a client object, not a page reload. */
export class MemoryStore {
  constructor() {
    this.map = new Map();
  }
  async load(name) {
    const text = this.map.get(name);
    return text === undefined ? null : JSON.parse(text);
  }
  async save(name, value) {
    // Stored as text so callers can never share (and mutate) the saved object.
    this.map.set(name, JSON.stringify(value));
  }
}

/** IndexedDB (browser): survives reloads and browser restarts on the same profile. */
export class IndexedDbStore {
  constructor({ dbName = 'localabel-sync', indexedDB = globalThis.indexedDB } = {}) {
    if (!indexedDB) throw new Error('IndexedDB is not available in this environment');
    this.dbName = dbName;
    this.idb = indexedDB;
    this.db = null;
  }
  open() {
    if (this.db) return this.db;
    this.db = new Promise((resolve, reject) => {
      const req = this.idb.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('state');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }
  async load(name) {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const req = db.transaction('state', 'readonly').objectStore('state').get(name);
      req.onsuccess = () => resolve(req.result === undefined ? null : JSON.parse(req.result));
      req.onerror = () => reject(req.error);
    });
  }
  async save(name, value) {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction('state', 'readwrite');
      tx.objectStore('state').put(JSON.stringify(value), name);
      // Resolve only when the transaction is durable: the edit is acknowledged after this.
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}
