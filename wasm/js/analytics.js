// The analytics part of the facade; filled in with the core's analytics functions.
export function analyticsApi(/* { core, unwrap } */) {
  return {};
}
