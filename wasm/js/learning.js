// The learning part of the facade; filled in with the core's learning functions.
export function learningApi(/* { core, unwrap } */) {
  return {};
}
