// A local folder as storage, through the browser's File System Access API: a
// FileSystemDirectoryHandle from window.showDirectoryPicker() (Chromium-based browsers), or
// the origin-private file system's navigator.storage.getDirectory(). Keys map to files:
// "events/alice/000000000001.json" is the file 000000000001.json in the folder events/alice/
// (folders are created as needed). A key is never overwritten with other content: segments
// are immutable, and a shared folder (a synced drive, a network share) holds every
// annotator's files side by side.
import { SyncError } from './errors.js';

// Chromium writes through a "<name>.crswap" file next to the target until close().
const SWAP_FILE = /\.crswap$/;

function keyParts(key) {
  const parts = String(key).split('/');
  if (!key || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new SyncError('http', `"${key}" is not a storage key (expected names separated by "/", without empty, "." or ".." parts)`);
  }
  return parts;
}

/**
 * options: {directory (FileSystemDirectoryHandle: the project's folder), name? (how the UI
 *   names it; default the handle's name)}
 */
export class FolderTransport {
  constructor(options) {
    const dir = options?.directory;
    if (!dir || typeof dir.getDirectoryHandle !== 'function' || typeof dir.getFileHandle !== 'function') {
      throw new TypeError('FolderTransport: option "directory" must be a FileSystemDirectoryHandle');
    }
    this.directory = dir;
    this.name = options.name ?? dir.name ?? 'folder';
  }

  describe() {
    return `folder "${this.name}"`;
  }

  // Turns the File System Access API's DOMExceptions into SyncErrors in plain words.
  fail(err, what) {
    if (err instanceof SyncError) return err;
    const name = err?.name ?? '';
    const detail = err?.message ? ` (${err.message})` : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      return new SyncError('auth', `${what}: the browser has no permission to use the folder "${this.name}"; open the sync settings and press Save to allow it again${detail}`, { cause: err });
    }
    if (name === 'NotFoundError') {
      return new SyncError('notFound', `${what}: the folder "${this.name}" is gone (moved or deleted); choose it again in the sync settings${detail}`, { cause: err });
    }
    if (name === 'QuotaExceededError') {
      return new SyncError('server', `${what}: the disk is full${detail}; will retry`, { retryable: true, cause: err });
    }
    if (name === 'NoModificationAllowedError' || name === 'InvalidModificationError' || name === 'InvalidStateError') {
      // Another tab or program is writing the same file at this moment.
      return new SyncError('server', `${what}: the file is busy${detail}; will retry`, { retryable: true, cause: err });
    }
    return new SyncError('http', `${what}: ${name || 'Error'}${detail}`, { cause: err });
  }

  // The folder holding `parts` (all but the last); null when it does not exist and !create.
  async folderOf(parts, create) {
    let dir = this.directory;
    for (const p of parts.slice(0, -1)) {
      try {
        dir = await dir.getDirectoryHandle(p, { create });
      } catch (err) {
        if (!create && (err?.name === 'NotFoundError' || err?.name === 'TypeMismatchError')) {
          // A missing sub-folder is an empty one; a missing chosen folder is an error.
          if (dir === this.directory) await this.assertRootExists();
          return null;
        }
        throw err;
      }
    }
    return dir;
  }

  async assertRootExists() {
    // Reading the folder fails with NotFoundError once it was moved or deleted.
    for await (const entry of this.directory.keys()) {
      void entry;
      break;
    }
  }

  async readFile(dir, name) {
    let handle;
    try {
      handle = await dir.getFileHandle(name);
    } catch (err) {
      if (err?.name === 'NotFoundError' || err?.name === 'TypeMismatchError') {
        if (dir === this.directory) await this.assertRootExists();
        return null;
      }
      throw err;
    }
    return (await handle.getFile()).text();
  }

  /**
   * Writes a new file. Writing a key that exists with the same text does nothing (a retried
   * write); with other text it fails with kind 'conflict' and leaves the file as it was. An
   * empty file counts as missing (a write cut short before its text).
   */
  async put(key, text, { signal } = {}) {
    const parts = keyParts(key);
    try {
      if (signal?.aborted) throw new SyncError('aborted', 'the sync client was closed');
      const dir = await this.folderOf(parts, true);
      const name = parts[parts.length - 1];
      const existing = await this.readFile(dir, name);
      // An empty file is a write that never completed (getFileHandle creates the file before
      // the text is written); no stored object is empty, so it is written again.
      if (existing !== null && existing !== '') {
        if (existing === text) return;
        throw new SyncError('conflict', `PUT ${key}: the folder already has this file with other content; it is not overwritten (stored files never change)`);
      }
      const handle = await dir.getFileHandle(name, { create: true });
      // createWritable writes to a swap file and replaces the target on close(): a crash
      // leaves no half-written file.
      const writable = await handle.createWritable();
      try {
        await writable.write(text);
      } catch (err) {
        await writable.abort().catch(() => {});
        throw err;
      }
      await writable.close();
    } catch (err) {
      throw this.fail(err, `PUT ${key}`);
    }
  }

  /** The file's text; null when it does not exist. */
  async get(key) {
    const parts = keyParts(key);
    try {
      const dir = await this.folderOf(parts, false);
      return dir === null ? null : await this.readFile(dir, parts[parts.length - 1]);
    } catch (err) {
      throw this.fail(err, `GET ${key}`);
    }
  }

  async delete(key) {
    const parts = keyParts(key);
    try {
      const dir = await this.folderOf(parts, false);
      if (dir !== null) await dir.removeEntry(parts[parts.length - 1]);
    } catch (err) {
      if (err?.name === 'NotFoundError') return;
      throw this.fail(err, `DELETE ${key}`);
    }
  }

  /** Every file key under `prefix` (e.g. "events/"), found by walking its folders; sorted. */
  async list(prefix) {
    const cut = prefix.lastIndexOf('/');
    const folder = cut < 0 ? '' : prefix.slice(0, cut + 1);
    const keys = [];
    try {
      const dir = folder === '' ? this.directory : await this.folderOf(keyParts(folder + 'x'), false);
      if (dir !== null) await this.walk(dir, folder, keys);
    } catch (err) {
      throw this.fail(err, `LIST ${prefix}`);
    }
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async walk(dir, path, keys) {
    const folders = [];
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') folders.push([name, handle]);
      else if (!SWAP_FILE.test(name)) keys.push(path + name);
    }
    for (const [name, handle] of folders) await this.walk(handle, `${path}${name}/`, keys);
  }
}
