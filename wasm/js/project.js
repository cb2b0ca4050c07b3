// The project part of the facade; filled in with the core's project functions.
export function projectApi(/* { core, unwrap } */) {
  return {};
}
