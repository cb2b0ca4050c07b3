#!/usr/bin/env bash
# CLI tests for `localabel validate` and `localabel convert`: outputs and exit codes.
# Usage: validate_convert.sh PATH/TO/localabel REPO_ROOT
set -euo pipefail
cli=$1
root=$2
data="$root/tests/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_exit CODE CMD...: runs CMD, keeps stdout/stderr in $tmp/out, $tmp/err.
expect_exit() {
  local want=$1
  shift
  local got=0
  "$@" >"$tmp/out" 2>"$tmp/err" || got=$?
  if [ "$got" != "$want" ]; then
    fail "exit $got (wanted $want): $* ; stderr: $(head -c 300 "$tmp/err")"
  fi
}

expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || fail "'$2' not in $1: $(head -c 300 "$1")"
}

# validate: ok with counts
expect_exit 0 "$cli" validate "$data/ls_image_regions.json"
expect_in "$tmp/out" "ok: 3 tasks (3 image, 0 text), 4 annotations (1 ground truth, 1 skipped), 2 predictions, 15 regions"
expect_in "$tmp/out" "8 box"
expect_exit 0 "$cli" validate "$data/localabel_project.json"
expect_in "$tmp/out" "ok: 4 tasks"

# validate from stdin
expect_exit 0 "$cli" validate - <"$data/ls_text_spans.json"
expect_in "$tmp/out" "12 span"

# validate: invalid input names the path and the code, exit 1
expect_exit 1 "$cli" validate "$data/bad/box_width_negative.json"
expect_in "$tmp/err" "tasks[0].annotations[0].result[1].value.width"
expect_in "$tmp/err" "[OutOfRange]"
expect_exit 1 "$cli" validate "$data/bad/invalid_json_truncated.json"
expect_in "$tmp/err" "line 2, column 26"
expect_exit 1 "$cli" validate "$tmp/does-not-exist.json"
expect_in "$tmp/err" "cannot open"

# every bad input exits 1 with its code
while IFS=$'\t' read -r name code; do
  expect_exit 1 "$cli" validate "$data/bad/$name"
  expect_in "$tmp/err" "[$code]"
done < <(python3 -c '
import json, sys
for k, v in sorted(json.load(open(sys.argv[1])).items()): print(k + "\t" + v["code"])
' "$data/bad/expected.json")

# validate: usage errors exit 2
expect_exit 2 "$cli" validate
expect_exit 2 "$cli" validate a.json b.json
expect_exit 2 "$cli" validate --bogus a.json

# --help for each command exits 0 and describes it
expect_exit 0 "$cli" validate --help
expect_in "$tmp/out" "usage: localabel validate FILE"
expect_exit 0 "$cli" convert --help
expect_in "$tmp/out" "usage: localabel convert --from FORMAT --to FORMAT IN OUT"
expect_in "$tmp/out" "localabel"

# convert ls -> ls to a file, then the output converts to the same bytes again
expect_exit 0 "$cli" convert --from ls --to ls "$data/ls_brush.json" "$tmp/a.json"
[ -s "$tmp/a.json" ] || fail "convert wrote nothing"
expect_exit 0 "$cli" convert --from ls --to ls "$tmp/a.json" "$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "convert is not idempotent"

# stdin -> stdout gives the same bytes as file -> file
expect_exit 0 "$cli" convert --from ls --to ls - - <"$data/ls_brush.json"
cmp -s "$tmp/out" "$tmp/a.json" || fail "stdin/stdout output differs from the file output"

# ls -> localabel -> ls
expect_exit 0 "$cli" convert --from ls --to localabel "$data/ls_text_spans.json" "$tmp/p.json"
expect_in "$tmp/p.json" '"localabel_project": 1'
expect_exit 0 "$cli" convert --from localabel --to ls "$tmp/p.json" "$tmp/c.json"
expect_exit 0 "$cli" convert --from ls --to ls "$data/ls_text_spans.json" "$tmp/d.json"
cmp -s "$tmp/c.json" "$tmp/d.json" || fail "ls -> localabel -> ls differs from ls -> ls"

# a bare task list is not a project file
expect_exit 1 "$cli" convert --from localabel --to ls "$data/ls_text_spans.json" "$tmp/e.json"
expect_in "$tmp/err" "[WrongType]"

# convert: invalid input exit 1, nothing written
expect_exit 1 "$cli" convert --from ls --to ls "$data/bad/brush_rle_truncated.json" "$tmp/f.json"
expect_in "$tmp/err" "value.rle"
[ ! -e "$tmp/f.json" ] || fail "convert wrote output for invalid input"

# convert: usage errors exit 2
expect_exit 2 "$cli" convert --from ls "$data/ls_brush.json" "$tmp/g.json"
expect_exit 2 "$cli" convert --from tsv --to ls "$data/ls_brush.json" "$tmp/g.json"
expect_exit 2 "$cli" convert --from ls --to xml "$data/ls_brush.json" "$tmp/g.json"
expect_exit 2 "$cli" convert --from ls --to ls "$data/ls_brush.json"
expect_exit 2 "$cli" convert --from ls --to ls --frobnicate "$data/ls_brush.json" "$tmp/g.json"
expect_exit 2 "$cli" convert --from

# unwritable output: exit 1
expect_exit 1 "$cli" convert --from ls --to ls "$data/ls_brush.json" "$tmp/no/such/dir/out.json"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "validate/convert CLI: all checks passed"
