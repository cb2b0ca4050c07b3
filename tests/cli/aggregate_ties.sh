#!/usr/bin/env bash
# localabel aggregate --ties cleanlab: cleanlab's get_majority_vote_label tie-break chain
# (cleanlab/multiannotator.py) without model probabilities: class frequency, then annotator
# quality, then random. The case of reference_examples_test.cpp (CleanlabTieBreakChain).
#   tests/cli/aggregate_ties.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
. "$root/tests/cli/lib/checks.sh"

printf 'item,annotator,label\ni1,a,x\ni1,b,x\ni1,c,y\ni2,a,y\ni2,b,y\ni2,d,x\ni3,b,z\ni3,c,z\ni3,d,z\ni4,a,x\ni4,b,x\ni4,d,x\nt1,a,x\nt1,b,y\nt2,c,x\nt2,d,z\nt3,a,y\nt3,c,z\nt5,a,y\nt5,b,z\n' > "$tmp/ties.csv"
lab() { echo "[i['label'] for i in j['items'] if i['item']=='$1'][0]"; }
"$bin" aggregate "$tmp/ties.csv" --method mv --ties cleanlab --seed 3 > "$tmp/c.json"; rc=$?
check "--ties cleanlab exits 0" test $rc -eq 0
check "t1: frequency x (8) over y (6)" json_true "$tmp/c.json" "$(lab t1)=='x'"
check "t2: frequency x over z" json_true "$tmp/c.json" "$(lab t2)=='x'"
check "t3: quality of a (1) over c (1/2)" json_true "$tmp/c.json" "$(lab t3)=='y'"
check "t5: random between y and z" json_true "$tmp/c.json" "$(lab t5) in ('y','z') and j['ties']==4"
"$bin" aggregate "$tmp/ties.csv" --method mv --ties cleanlab --seed 3 > "$tmp/c2.json"
check "seeded: the same labels again" cmp -s "$tmp/c.json" "$tmp/c2.json"
"$bin" aggregate "$tmp/ties.csv" --method mv --ties best 2> "$tmp/err.txt" > /dev/null; rc=$?
check "unknown --ties exits 2 and lists cleanlab" bash -c "test $rc -eq 2 && grep -q cleanlab '$tmp/err.txt'"
"$bin" aggregate --help > "$tmp/help.txt" 2>&1
check "--help lists --ties cleanlab" has "$tmp/help.txt" "smallest|abstain|random|cleanlab"
exit $fail
