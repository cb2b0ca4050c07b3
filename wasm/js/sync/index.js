// Sync to object storage, a WebDAV folder or a local folder, with no server of ours. Types: ../sync.d.ts.
//
//   import { S3Transport, SyncClient, IndexedDbStore, syncCore } from './localabel/sync/index.js';
export { S3Transport, PresignedTransport } from './s3.js';
export { WebDavTransport } from './webdav.js';
export { FolderTransport } from './folder.js';
export { MemoryStore, IndexedDbStore } from './stores.js';
export { SyncClient } from './client.js';
export { SyncError } from './errors.js';
export { testConnection, s3CorsRule, s3CorsXml, webdavCorsConfig } from './diagnose.js';
export { signRequest, presignUrl, sha256Hex } from './sigv4.js';
export { syncCore, syncApi } from './core.js';

/**
 * Instantiates the core module on its own and returns its sync functions (for pages and
 * tools that use sync without the rest of the facade). options as for createLocalabelCore:
 * {wasmBinary} in Node, {locateFile} in the browser if needed.
 */
export async function loadSyncCore(options = {}) {
  const { default: createLocalabelCore } = await import('../localabel_core.mjs');
  const { syncCore } = await import('./core.js');
  return syncCore(await createLocalabelCore(options));
}
