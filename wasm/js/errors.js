// Errors from the core arrive as {ok: false, code, message, path}; the facade throws them.

/** An error reported by the core: `code` is stable (e.g. "WrongType"), `path` names the place. */
export class LocalabelError extends Error {
  constructor(code, message, path = '') {
    super(message);
    this.name = 'LocalabelError';
    this.code = code;
    this.path = path;
  }
}

/** Returns r.value for {ok: true, value}, throws LocalabelError for {ok: false, ...}. */
export function unwrap(r) {
  if (r && r.ok) return r.value;
  throw new LocalabelError(r?.code ?? 'Unknown', r?.message ?? 'unknown error', r?.path ?? '');
}
