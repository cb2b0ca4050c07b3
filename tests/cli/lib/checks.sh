# Shared by the CLI test scripts (sourced, not run): a temporary folder removed on exit,
# `check NAME CMD...` that prints ok/FAIL and remembers a failure in $fail, `has FILE TEXT`,
# and `json_true FILE EXPR` that evaluates a Python expression over the JSON file as `j`.
# A script ends with `exit $fail`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
has() { grep -q -- "$2" "$1"; }
json_true() {  # json_true FILE EXPR
  /usr/bin/python3 -c "import json,math,sys; j=json.load(open('$1')); sys.exit(0 if ($2) else 1)"
}
