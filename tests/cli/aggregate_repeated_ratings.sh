#!/usr/bin/env bash
# localabel aggregate --repeated-ratings: Dawid-Skene where an annotator rates an item several
# times (every rating counts, as Dawid & Skene 1979), on their anaesthesia table and on the
# hand-derived case of reference_examples_test.cpp (RepeatedRatingsCountAsDawidSkene1979).
#   tests/cli/aggregate_repeated_ratings.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
ds79="$root/tests/data/aggregation/dawid_skene_1979.csv"
. "$root/tests/cli/lib/checks.sh"
conf() { echo "[i['confidence'] for i in j['items'] if i['item']=='$1'][0]"; }
lab() { echo "[i['label'] for i in j['items'] if i['item']=='$1'][0]"; }

# The start state counts all seven ratings: patient 2 (3,3,3,4,3,3,4) is 3 with 5/7, patient 3
# (1,1,2,2,1,2,2) is 2 with 4/7.
"$bin" aggregate "$ds79" --method ds --repeated-ratings --max-iterations 0 > "$tmp/s.json"; rc=$?
check "--repeated-ratings exits 0" test $rc -eq 0
check "315 ratings read" json_true "$tmp/s.json" "j['ratings']==315 and len(j['items'])==45"
check "patient 2 starts at 3 with 5/7" json_true "$tmp/s.json" "$(lab 2)=='3' and abs($(conf 2)-5/7)<1e-12"
check "patient 3 starts at 2 with 4/7" json_true "$tmp/s.json" "$(lab 3)=='2' and abs($(conf 3)-4/7)<1e-12"
"$bin" aggregate "$ds79" --method ds > /dev/null 2> "$tmp/dup.txt"; rc=$?
check "without the flag a repeated pair is an input error" test $rc -eq 1

# Hand-derived: one E-step gives item x P(class 1) = 243/368 and item y 27/32.
printf 'item,annotator,label\nx,a,0\nx,a,0\nx,a,1\nx,b,1\ny,a,1\ny,b,1\ny,b,1\n' > "$tmp/r.csv"
"$bin" aggregate "$tmp/r.csv" --method ds --repeated-ratings --max-iterations 1 --tolerance 0 > "$tmp/r.json"
check "item x: 1 with 243/368" json_true "$tmp/r.json" "$(lab x)=='1' and abs($(conf x)-243/368)<1e-12"
check "item y: 1 with 27/32" json_true "$tmp/r.json" "abs($(conf y)-27/32)<1e-12"
"$bin" aggregate "$tmp/r.csv" --method glad --repeated-ratings 2> /dev/null > /dev/null; rc=$?
check "--repeated-ratings with glad exits 2" test $rc -eq 2
printf 'item,label\nx,1\n' > "$tmp/bad.csv"
"$bin" aggregate "$tmp/bad.csv" --method ds --repeated-ratings 2> "$tmp/err.txt" > /dev/null; rc=$?
check "a missing annotator column exits 1 and says so" bash -c "test $rc -eq 1 && grep -q annotator '$tmp/err.txt'"
"$bin" aggregate --help > "$tmp/help.txt" 2>&1
check "--help lists --repeated-ratings" has "$tmp/help.txt" "repeated-ratings"
exit $fail
