// The durable edit log: every edit event the app makes is appended to IndexedDB before the
// app counts it as saved. One database per project URL; records are kept as the JSON text
// the app wrote, keyed by the event's sequence number, and read back in that order.

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Opens (creating if needed) the event log named `name`. Rejects with the browser's error. */
export async function openEventLog(name) {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('events');
  const db = await new Promise((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error('the event database is blocked by another tab'));
  });
  return {
    /** Every stored record text, in sequence order. */
    async all() {
      const tx = db.transaction('events', 'readonly');
      return promised(tx.objectStore('events').getAll());
    },
    /**
     * Appends one record; resolves once the transaction has committed (strict durability:
     * flushed to disk), rejects with the browser's error (e.g. QuotaExceededError).
     */
    append(seq, text) {
      return new Promise((resolve, reject) => {
        let tx;
        try {
          tx = db.transaction('events', 'readwrite', { durability: 'strict' });
          tx.objectStore('events').add(text, seq);
        } catch (e) {
          reject(e);
          return;
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('the write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('the write was aborted'));
      });
    },
  };
}
