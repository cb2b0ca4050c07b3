// Helpers the analytics modules share: argument conversion and checks, and the key under
// which an `Annotations` object hands its module handle to the methods of each area.

/** `this[TABLE]()` inside an Annotations method: { handle, core, unwrap, info, code(id, what) }. */
export const TABLE = Symbol('localabel.annotations.table');

export function i32(a) {
  return a instanceof Int32Array ? a : Int32Array.from(a ?? []);
}

export function f64(a) {
  return a instanceof Float64Array ? a : Float64Array.from(a ?? []);
}

/** Throws a RangeError unless `value` is one of `allowed` (a Set). */
export function check(name, value, allowed) {
  if (!allowed.has(value)) {
    throw new RangeError(`${name} must be one of ${[...allowed].join(', ')}; got ${value}`);
  }
  return value;
}
