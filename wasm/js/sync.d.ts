// Types of Localabel's sync layer: `import ... from './localabel/sync/index.js'`.
//
// Storage layout (any transport):
//   project.json                               written once by the project owner
//   events/<annotator>/<first seq, 12 digits>.json   immutable segments of edit events
// An annotator only ever creates new keys of its own, so nobody can overwrite anybody; every
// reader lists events/ and the core merges all segments in a deterministic order.

/** Raised by transports and the sync client. Decide on `kind`, show `message` to people. */
export declare class SyncError extends Error {
  name: 'SyncError';
  /**
   * 'network' no answer (offline, dropped, refused, or blocked by CORS in a browser);
   * 'timeout'; 'auth' wrong key/secret/token or no permission; 'clock' the computer's clock
   * is more than 15 minutes off; 'notFound' bucket missing; 'server' 5xx/429 (retried);
   * 'http' any other status; 'conflict' a local folder already has the key with other
   * content (nothing is overwritten); 'aborted' the client was closed. A local folder reports
   * a missing permission as 'auth', a moved or deleted folder as 'notFound', a full disk or
   * a file busy in another tab as 'server' (retried).
   */
  kind: 'network' | 'timeout' | 'auth' | 'clock' | 'notFound' | 'server' | 'http' | 'conflict' | 'aborted';
  /** HTTP status, 0 when there was no answer (and for a local folder). */
  status: number;
  /** S3 error code such as "SignatureDoesNotMatch", "" otherwise. */
  code: string;
  /** True for failures that a later attempt may not meet (network, timeout, server). */
  retryable: boolean;
  /** The server's clock (ms since 1970) when it reported one, else null. */
  serverTime: number | null;
}

/** A storage backend: whole-object reads and writes under string keys. */
export interface Transport {
  /** Human-readable target without secrets, e.g. "s3 http://host/bucket/". */
  describe(): string;
  put(key: string, text: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** The object's text, or null when it does not exist. */
  get(key: string, options?: { signal?: AbortSignal }): Promise<string | null>;
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** All keys starting with `prefix`, sorted. */
  list(prefix: string, options?: { signal?: AbortSignal }): Promise<string[]>;
}

export interface S3Options {
  /** "https://s3.eu-west-1.amazonaws.com", "https://<account>.r2.cloudflarestorage.com", "http://127.0.0.1:9000" */
  endpoint: string;
  bucket: string;
  /** Default "us-east-1". */
  region?: string;
  accessKeyId: string;
  /** Kept in memory in this object only; never written to exports or storage. */
  secretAccessKey: string;
  /** For temporary credentials (STS). */
  sessionToken?: string;
  /** true (default): endpoint/bucket/key. false: bucket.endpoint-host/key (virtual host). */
  pathStyle?: boolean;
  /** Folder inside the bucket for this project, e.g. "projects/birds". */
  prefix?: string;
  fetch?: typeof fetch;
  /** Per request, default 15000. */
  timeoutMs?: number;
  /** Clock used for signing; default the system clock. */
  clock?: () => Date;
}

/** S3-compatible storage, requests signed in the page with AWS Signature V4 (WebCrypto). */
export declare class S3Transport implements Transport {
  constructor(options: S3Options);
  describe(): string;
  put(key: string, text: string, options?: { signal?: AbortSignal }): Promise<void>;
  get(key: string, options?: { signal?: AbortSignal }): Promise<string | null>;
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  list(prefix: string, options?: { signal?: AbortSignal }): Promise<string[]>;
  /** The bucket's base URL (ends with "/"). */
  bucketUrl(): string;
  objectUrl(key: string): string;
  /** A presigned URL (query-string SigV4, unsigned payload) valid for 1..604800 seconds. */
  presign(method: 'GET' | 'PUT' | 'DELETE', key: string, expiresSeconds?: number): Promise<string>;
}

/** S3 through presigned URLs made elsewhere: the page holds no secret. */
export declare class PresignedTransport implements Transport {
  constructor(options: {
    /** Returns a presigned URL; for 'LIST', a presigned ListObjectsV2 URL for the prefix. */
    sign(method: 'GET' | 'PUT' | 'DELETE' | 'LIST', keyOrPrefix: string): Promise<string>;
    fetch?: typeof fetch;
    timeoutMs?: number;
  });
  describe(): string;
  put(key: string, text: string, options?: { signal?: AbortSignal }): Promise<void>;
  get(key: string, options?: { signal?: AbortSignal }): Promise<string | null>;
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  list(prefix: string, options?: { signal?: AbortSignal }): Promise<string[]>;
}

/** Plain HTTP GET/PUT storage (WebDAV, nginx dav_methods). */
export declare class WebDavTransport implements Transport {
  constructor(options: {
    /** The project's folder, e.g. "https://files.example.org/dav/birds/". */
    baseUrl: string;
    /** 'propfind' (WebDAV, default) or 'json' (nginx `autoindex_format json`). */
    listing?: 'propfind' | 'json';
    /** HTTP Basic credentials (memory only). */
    username?: string;
    password?: string;
    headers?: Record<string, string>;
    fetch?: typeof fetch;
    timeoutMs?: number;
  });
  describe(): string;
  put(key: string, text: string, options?: { signal?: AbortSignal }): Promise<void>;
  get(key: string, options?: { signal?: AbortSignal }): Promise<string | null>;
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  list(prefix: string, options?: { signal?: AbortSignal }): Promise<string[]>;
}

/**
 * A local folder through the File System Access API: a FileSystemDirectoryHandle from
 * `window.showDirectoryPicker({mode: 'readwrite'})` (Chromium-based browsers) or from the
 * origin-private file system (`navigator.storage.getDirectory()`, every modern browser).
 * Keys map to files in sub-folders ("events/alice/000000000001.json" is the file
 * 000000000001.json in events/alice/, created as needed); list() walks the folders under the
 * prefix. put() never overwrites: a key that exists with the same text is left as it is (a
 * retried write), with other text put() rejects with kind 'conflict'. Files are written through
 * createWritable(), which replaces the target only when complete. The page must hold
 * 'readwrite' permission on the handle (FileSystemHandle.requestPermission, which needs a
 * click after a reload); without it the operations reject with kind 'auth'.
 */
export declare class FolderTransport implements Transport {
  constructor(options: {
    directory: FileSystemDirectoryHandle;
    /** How describe() names the folder; default the handle's name. */
    name?: string;
  });
  readonly directory: FileSystemDirectoryHandle;
  /** 'folder "<name>"' */
  describe(): string;
  put(key: string, text: string, options?: { signal?: AbortSignal }): Promise<void>;
  get(key: string, options?: { signal?: AbortSignal }): Promise<string | null>;
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  list(prefix: string, options?: { signal?: AbortSignal }): Promise<string[]>;
}

/** Where the upload queue persists. save() must be atomic. */
export interface QueueStore {
  load(name: string): Promise<unknown | null>;
  save(name: string, value: unknown): Promise<void>;
}
/** In memory: survives dropping a client, not a page reload. */
export declare class MemoryStore implements QueueStore {
  load(name: string): Promise<unknown | null>;
  save(name: string, value: unknown): Promise<void>;
}
/** IndexedDB: survives reloads and browser restarts. save() resolves when the transaction is durable. */
export declare class IndexedDbStore implements QueueStore {
  constructor(options?: { dbName?: string; indexedDB?: IDBFactory });
  load(name: string): Promise<unknown | null>;
  save(name: string, value: unknown): Promise<void>;
}

/** The core's sync functions (C++ compiled to WebAssembly). Failures throw LocalabelError. */
export interface SyncCore {
  /** Checks an event and returns its canonical JSON text (keys sorted). */
  canonicalEvent(event: EditEvent): string;
  /** One segment from consecutive events of one annotator: its key and canonical text. */
  encodeSegment(events: Array<EditEvent | string>): { key: string; text: string };
  /** Deterministic merge of stored objects into the canonical export text (MergedExport as JSON). */
  mergeText(objects: Array<{ key: string; text: string }>): string;
  /** The annotator's task queue, by rendezvous hashing of project id, task and annotator. */
  assign(project: object | string, annotator: string): QueueItem[];
  /** "events/<annotator>/<firstSeq as 12 digits>.json" */
  segmentKey(annotator: string, firstSeq: number): string;
}

/** An edit as the page records it; annotator and seq are added by SyncClient.record. */
export interface EditInput {
  type: 'create_region' | 'change_region' | 'delete_region' | 'submit' | 'skip';
  task: string;
  /** Region id; required for the region types. */
  region?: string;
  /** The region (a Label Studio result item); required for create_region and change_region. */
  value?: object;
  /** Seconds, submit/skip only. */
  lead_time?: number;
  /** Client clock in ms (added automatically); informational, never used for ordering. */
  time?: number;
}
export interface EditEvent extends EditInput {
  /** 1-64 characters of A-Z a-z 0-9 . _ -, not starting with "." */
  annotator: string;
  /** 1, 2, 3, ... per annotator. */
  seq: number;
}

export interface QueueItem {
  task: string;
  /** A gold task placed in the queue for quality control. */
  honeypot: boolean;
  /** The other annotator of an overlapping task (for agreement); "" otherwise. */
  partner: string;
}

/** The merged state (JSON.parse of SyncCore.mergeText / SyncClient.pull). */
export interface MergedExport {
  format: 'localabel-merged/1';
  /** Distinct events applied. */
  events: number;
  /** Identical copies dropped (a retried upload never counts twice). */
  duplicates: number;
  annotators: Array<{ annotator: string; events: number; max_seq: number; missing: number }>;
  /** One per (task, annotator), sorted by task then annotator (byte order). */
  annotations: Array<{
    task: string;
    annotator: string;
    status: 'draft' | 'submitted' | 'skipped';
    lead_time?: number;
    /** Seqs of every event applied to this annotation. */
    history: number[];
    /** Live and deleted regions in creation order; deleted ones keep their last value. */
    regions: Array<{ id: string; value: object; versions: number[]; deleted_seq?: number }>;
  }>;
  /** Segments that could not be read and conflicting copies of an event. */
  rejected: Array<{ key: string; annotator: string; seq: number; message: string }>;
  /** Edits that applied with a warning or not at all (e.g. change of a deleted region). */
  issues: Array<{ key: string; annotator: string; seq: number; message: string }>;
}

export interface SyncStatus {
  /** 'synced' nothing waiting; 'pending' uploads waiting; 'retrying' after a temporary failure;
   *  'error' a failure that needs the user (wrong secret, no permission); 'closed'. */
  state: 'synced' | 'pending' | 'retrying' | 'error' | 'closed';
  /** Events recorded but not yet stored. */
  pending: number;
  /** Sealed segments waiting for upload. */
  segments: number;
  /** Events this device has stored. */
  uploaded: number;
  nextSeq: number;
  retries: number;
  /** Plain-words message of the last failure, or null. */
  error: string | null;
}

export interface SyncClientOptions {
  annotator: string;
  transport: Transport;
  store: QueueStore;
  core: SyncCore;
  /** Events per segment, default 50. */
  segmentSize?: number;
  /** Exponential backoff: delay = min(maxMs, baseMs * factor^attempt) * (0.5 .. 1). */
  retry?: { baseMs?: number; maxMs?: number; factor?: number; maxAttempts?: number };
  /** Upload this many ms after an edit (default 1000); null: only push() and start(). */
  autoPushMs?: number | null;
  onStatus?: (status: SyncStatus) => void;
  /** Add `time` to events (default true). */
  stampTime?: boolean;
  random?: () => number;
  /** Attempts per read in pull/openProject (default 10); uploads retry without limit. */
  pullAttempts?: number;
  /**
   * Attempts per read when open() on a new device (empty store) looks up the annotator's next
   * sequence number in storage; default without limit. With a number, open() rejects with the
   * last SyncError once they are used up (the caller may open again later).
   */
  openAttempts?: number;
}

/** One annotator's sync client. */
export declare class SyncClient {
  /** Restores the queue from the store (or, on a new device, reads the next seq from storage). */
  static open(options: SyncClientOptions): Promise<SyncClient>;
  readonly annotator: string;
  /** Acknowledges an edit once it is saved in the store; resolves to its sequence number. */
  record(event: EditInput): Promise<{ seq: number }>;
  /** Uploads everything recorded; resolves when nothing is waiting. Rejects on 'auth' etc. */
  push(): Promise<SyncStatus>;
  /** Reads all segments (each once) and returns the merged export text. */
  pull(options?: { includeLocal?: boolean; concurrency?: number }): Promise<string>;
  /** Writes project.json; temporary failures are retried `attempts` times (default without limit). */
  publishProject(project: object | string, options?: { attempts?: number }): Promise<void>;
  openProject(): Promise<object | null>;
  assignment(project: object | string): QueueItem[];
  status(): SyncStatus;
  /** Periodic push every intervalMs (default 30000). */
  start(options?: { intervalMs?: number }): this;
  /** Stops at once (aborts requests); resolves after the last started save. */
  close(): Promise<void>;
}

export interface ConnectionCheck {
  ok: boolean;
  steps: Array<{ step: 'cors' | 'write' | 'read' | 'list' | 'delete'; ok: boolean; message: string }>;
  problem: null | { kind: SyncError['kind'] | 'cors'; message: string };
  /** The rule to paste into the bucket (JSON and XML) or nginx, when CORS may be at fault. */
  corsRule: null | { format: 's3-json' | 'nginx'; text: string; xml?: string };
}

/** Writes, reads, lists and deletes a probe object and explains failures in plain words. */
export declare function testConnection(
  transport: Transport,
  options?: { origin?: string; checkCors?: boolean },
): Promise<ConnectionCheck>;
export declare function s3CorsRule(origin: string): string;
export declare function s3CorsXml(origin: string): string;
export declare function webdavCorsConfig(origin: string): string;

/** SigV4 Authorization header for one request (exposed for tools and tests). */
export declare function signRequest(
  req: { method: string; url: string; headers?: Record<string, string>; body?: string | Uint8Array; payloadHash?: string },
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string; service?: string },
  now?: Date,
): Promise<Record<string, string>>;
export declare function presignUrl(
  req: { method: string; url: string },
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string; service?: string },
  expiresSeconds?: number,
  now?: Date,
): Promise<string>;
export declare function sha256Hex(data: string | Uint8Array): Promise<string>;

/** Wraps an instantiated core module. */
export declare function syncCore(core: unknown): SyncCore;
/** For the facade's load(): `...syncApi(ctx)` adds `sync: SyncCore`. */
export declare function syncApi(ctx: { core: unknown }): { sync: SyncCore };
/** Instantiates the core module alone and returns its sync functions. */
export declare function loadSyncCore(options?: { wasmBinary?: ArrayBuffer | Uint8Array; locateFile?: (path: string) => string }): Promise<SyncCore>;
