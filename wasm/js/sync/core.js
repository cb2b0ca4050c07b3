// The core's sync functions (compiled C++), with failed results turned into thrown
// LocalabelError. `core` is the instantiated localabel_core module.
import { unwrap } from '../errors.js';

/** Wraps the raw module's sync bindings. */
export function syncCore(core) {
  return Object.freeze({
    /** Validates an event object and returns its canonical JSON text. */
    canonicalEvent: (event) => unwrap(core.syncCanonicalEvent(JSON.stringify(event))),
    /** Builds a segment from event objects or texts: {key, text}. */
    encodeSegment: (events) =>
      unwrap(core.syncEncodeSegment('[' + events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join(',') + ']')),
    /** Merges stored objects [{key, text}] into the canonical export text. */
    mergeText: (objects) => unwrap(core.syncMerge(objects)),
    /** The annotator's queue [{task, honeypot, partner}] for a project (object or text). */
    assign: (project, annotator) => unwrap(core.syncAssign(typeof project === 'string' ? project : JSON.stringify(project), annotator)),
    /** "events/<annotator>/<12 digits>.json" */
    segmentKey: (annotator, firstSeq) => unwrap(core.syncSegmentKey(annotator, firstSeq)),
  });
}

/** For the facade (index.js): `...syncApi(ctx)` adds `lb.sync`. */
export function syncApi({ core }) {
  return { sync: syncCore(core) };
}
