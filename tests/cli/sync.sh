#!/usr/bin/env bash
# `localabel sync` against real servers on loopback (s3rver with SigV4, nginx WebDAV).
# usage: sync.sh LOCALABEL_BINARY SOURCE_DIR
set -euo pipefail
cli=$1
src=$2
tmp=$(mktemp -d)
fail() { echo "FAIL: $*" >&2; exit 1; }

# The servers live as long as this script holds the fifo open.
mkfifo "$tmp/ctl"
node --input-type=module -e "
  import { startS3, startWebDav } from '$src/tests/wasm/lib/servers.mjs';
  const [s3, dav] = await Promise.all([startS3(), startWebDav()]);
  console.log(JSON.stringify({ s3: s3.endpoint, dav: dav.baseUrl }));
  process.stdin.resume();
  process.stdin.on('end', async () => { await Promise.all([s3.stop(), dav.stop()]); process.exit(0); });
" < "$tmp/ctl" > "$tmp/servers.json" &
server_pid=$!
exec 3> "$tmp/ctl"
cleanup() { exec 3>&-; wait "$server_pid" || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$tmp/servers.json" ] && break; sleep 0.1; done
s3=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$tmp/servers.json','utf8')).s3)")
dav=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$tmp/servers.json','utf8')).dav)")

cat > "$tmp/ann.jsonl" <<'JSON'
{"annotator":"ann","seq":1,"type":"create_region","task":"t1","region":"r1","value":{"label":"cat","x":1}}
{"annotator":"ann","seq":2,"type":"change_region","task":"t1","region":"r1","value":{"label":"cat","x":2}}
{"annotator":"ann","seq":3,"type":"submit","task":"t1","lead_time":2.5}
JSON
cat > "$tmp/bea.json" <<'JSON'
[{"annotator":"bea","seq":1,"type":"create_region","task":"t1","region":"r1","value":{"label":"dog"}},
 {"annotator":"bea","seq":2,"type":"delete_region","task":"t1","region":"r1"},
 {"annotator":"bea","seq":3,"type":"skip","task":"t2"}]
JSON

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
run_store() {
  local name=$1; shift
  local out
  out=$("$cli" sync push --annotator ann --events "$tmp/ann.jsonl" "$@") || fail "$name: push ann"
  [ "$out" = "pushed 3 events in 1 segments (0 already stored)" ] || fail "$name: push said: $out"
  out=$("$cli" sync push --annotator ann --events "$tmp/ann.jsonl" "$@") || fail "$name: push again"
  [ "$out" = "pushed 0 events in 0 segments (3 already stored)" ] || fail "$name: second push said: $out"
  out=$("$cli" sync push --annotator bea --events "$tmp/bea.json" --segment-size 1 "$@") || fail "$name: push bea"
  [ "$out" = "pushed 3 events in 3 segments (0 already stored)" ] || fail "$name: push bea said: $out"
  out=$("$cli" sync status "$@") || fail "$name: status"
  echo "$out" | grep -q "^4 segments, 6 events, 3 annotations, 0 rejected, 0 issues$" || fail "$name: status said: $out"
  echo "$out" | grep -Eq "^  bea +events 3  last seq 3  missing 0$" || fail "$name: status per annotator: $out"
  "$cli" sync pull "$@" --out "$tmp/$name.json" || fail "$name: pull"
  node -e "
    const m = JSON.parse(require('fs').readFileSync('$tmp/$name.json', 'utf8'));
    const a = m.annotations;
    if (m.events !== 6 || a.length !== 3) throw new Error('counts ' + m.events + ' ' + a.length);
    if (a[0].annotator !== 'ann' || a[0].regions[0].value.x !== 2 || a[0].status !== 'submitted') throw new Error('ann');
    if (a[1].annotator !== 'bea' || a[1].regions[0].deleted_seq !== 2) throw new Error('bea keeps the deleted region');
    if (a[2].task !== 't2' || a[2].status !== 'skipped') throw new Error('skip');
  " || fail "$name: merged export content"
}

run_store s3 --store s3://annotations/cli-test --endpoint "$s3"
run_store webdav --store "${dav}cli-test/" --listing json
"$cli" sync pull --store "${dav}cli-test/" --listing propfind --out "$tmp/propfind.json" || fail "propfind pull"
# Same events in two stores, two listings: byte-identical exports.
cmp "$tmp/s3.json" "$tmp/webdav.json" || fail "s3 and webdav exports differ"
cmp "$tmp/webdav.json" "$tmp/propfind.json" || fail "json and propfind listings give different exports"

# A wrong secret is a clear error (exit 1).
set +e
msg=$(AWS_SECRET_ACCESS_KEY=wrong "$cli" sync status --store s3://annotations/cli-test --endpoint "$s3" 2>&1)
code=$?
set -e
[ $code -eq 1 ] || fail "wrong secret exit code $code"
echo "$msg" | grep -q "secret access key is wrong" || fail "wrong secret message: $msg"

# Bad events name their place; usage errors exit 2.
echo '{"annotator":"ann","seq":0,"type":"skip","task":"t"}' > "$tmp/bad.jsonl"
set +e
msg=$("$cli" sync push --annotator ann --events "$tmp/bad.jsonl" --store "${dav}cli-test/" 2>&1)
code=$?
"$cli" sync fetch --store x > /dev/null 2>&1
usage=$?
"$cli" sync pull > /dev/null 2>&1
usage2=$?
set -e
[ $code -eq 1 ] || fail "bad event exit code $code"
echo "$msg" | grep -q "\[0\].seq: expected 1 to 999999999999" || fail "bad event message: $msg"
[ $usage -eq 2 ] && [ $usage2 -eq 2 ] || fail "usage errors should exit 2 ($usage, $usage2)"
echo "sync CLI: ok"
