#!/usr/bin/env bash
# localabel agree: pairwise matrices, per-class agreement, seeded bootstrap intervals,
# geometric agreement of a Label Studio project; formats, exit codes and error messages.
#   tests/cli/agreement.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/agreement"
. "$root/tests/cli/lib/checks.sh"
py() { /usr/bin/python3 -c "$1"; }

# Pairwise matrices: scikit-learn cohen_kappa_score per pair (see tests/data/agreement/README.md).
"$bin" agree "$data/pairwise.csv" --pairwise > "$tmp/pw.json"; rc=$?
check "pairwise exits 0" test $rc -eq 0
check "pairwise kappa a-b, a-c, b-c match scikit-learn" py "
import json,sys; j=json.load(open('$tmp/pw.json'))['pairwise']
k=j['cohen_kappa']; n=j['annotators']; i={x:n.index(x) for x in n}
ok=abs(k[i['a']][i['b']]-0.5333333333333333)<1e-12 and abs(k[i['a']][i['c']]-0.75)<1e-12 \
   and abs(k[i['c']][i['b']]-0.0625)<1e-12 and j['shared_items'][i['a']][i['b']]==7
sys.exit(0 if ok else 1)"
check "pairwise: no shared item is null with a reason" py "
import json,sys; j=json.load(open('$tmp/pw.json'))['pairwise']
n=j['annotators']; a,d=n.index('a'),n.index('d')
sys.exit(0 if j['cohen_kappa'][a][d] is None and j['cohen_kappa_undefined_reason'][a][d]=='no item in common' and j['shared_items'][a][d]==0 else 1)"
"$bin" agree "$data/pairwise.csv" --pairwise --weights linear > "$tmp/pwl.json"
check "pairwise linear weights a-b 0.611111" py "
import json,sys; j=json.load(open('$tmp/pwl.json'))['pairwise']; n=j['annotators']
sys.exit(0 if abs(j['cohen_kappa'][n.index('a')][n.index('b')]-0.6111111111111112)<1e-12 else 1)"
"$bin" agree "$data/pairwise.csv" --pairwise --format table > "$tmp/pw.txt"
check "pairwise table shows the matrix" has "$tmp/pw.txt" "Cohen's kappa (none weights) of every pair"
check "pairwise table marks pairs without shared items" has "$tmp/pw.txt" "none"

# Per-class agreement: Fleiss (1971) per-category kappas .245 .245 .520 .471 .566.
"$bin" agree "$data/fleiss1971_long.csv" --per-class > "$tmp/pc.json"; rc=$?
check "per-class exits 0" test $rc -eq 0
check "per-class matches Fleiss (1971) Table 2" py "
import json,sys; j=json.load(open('$tmp/pc.json'))
k={c['label']:c['kappa'] for c in j['per_class']}
want={'Depression':.245,'Personality disorder':.245,'Schizophrenia':.520,'Neurosis':.471,'Other':.566}
sys.exit(0 if all(abs(k[x]-v)<5e-4 for x,v in want.items()) and abs(j['fleiss_kappa']['value']-0.430)<5e-4 else 1)"
"$bin" agree "$data/fleiss1971_long.csv" --per-class --format table > "$tmp/pc.txt"
check "per-class table" has "$tmp/pc.txt" "Schizophrenia"

# Bootstrap: the same numbers as the independent Python reference (bootstrap_reference.py).
"$bin" agree "$data/proposals.csv" --bootstrap 200 --seed 42 --coefficient cohen --pair A,B \
  > "$tmp/bs.json"; rc=$?
check "bootstrap exits 0" test $rc -eq 0
check "bootstrap seed 42 matches the Python reference" py "
import json,sys; j=json.load(open('$tmp/bs.json'))['bootstrap']
r=json.load(open('$data/bootstrap_reference.json'))['cases'][0]
ok=abs(j['lower']-r['lower'])<1e-12 and abs(j['upper']-r['upper'])<1e-12 and j['resamples']==200 \
   and j['undefined']==r['undefined'] and abs(j['estimate']-0.4)<1e-12 and j['seed']==42
sys.exit(0 if ok else 1)"
"$bin" agree "$data/proposals.csv" --bootstrap 300 --seed 7 --confidence 0.9 --coefficient cohen \
  > "$tmp/bs7.json"
check "bootstrap seed 7, 90 % matches the Python reference" py "
import json,sys; j=json.load(open('$tmp/bs7.json'))['bootstrap']
r=json.load(open('$data/bootstrap_reference.json'))['cases'][1]
sys.exit(0 if abs(j['lower']-r['lower'])<1e-12 and abs(j['upper']-r['upper'])<1e-12 else 1)"
"$bin" agree "$data/fleiss1971_long.csv" --bootstrap 50 --seed 3 --coefficient fleiss \
  --progress > "$tmp/bsf.json" 2> "$tmp/progress.txt"
check "bootstrap of Fleiss' kappa brackets 0.430" py "
import json,sys; b=json.load(open('$tmp/bsf.json'))['bootstrap']
sys.exit(0 if b['lower']<0.430<b['upper'] and b['coefficient']=='fleiss' else 1)"
check "bootstrap progress on stderr" has "$tmp/progress.txt" "bootstrap: 50 resamples"
"$bin" agree "$data/proposals.csv" --bootstrap 100 --coefficient percent --format table > "$tmp/bs.txt"
check "bootstrap table line" has "$tmp/bs.txt" "bootstrap percent: 0.7000 \["
# Undefined resamples are counted: one category everywhere.
printf 'item,annotator,label\n1,a,x\n1,b,x\n2,a,x\n2,b,x\n' > "$tmp/one.csv"
"$bin" agree "$tmp/one.csv" --bootstrap 20 --coefficient cohen > "$tmp/bs1.json"; rc=$?
check "bootstrap on one category exits 0 with NaN and a count" py "
import json,sys; b=json.load(open('$tmp/bs1.json'))['bootstrap']
sys.exit(0 if $rc==0 and b['lower'] is None and b['undefined']==20 and 'undefined_reason' in b else 1)"

# Geometry: Label Studio project (values in tests/data/agreement/README.md).
"$bin" agree "$data/geometry_ls.json" --geometry > "$tmp/geo.json"; rc=$?
check "geometry exits 0" test $rc -eq 0
check "geometry: box IoU, F1, spans" py "
import json,sys; j=json.load(open('$tmp/geo.json'))
p=j['pairs'][0]['boxes']
ok=j['tasks']==3 and abs(p['mean_iou']-360/440)<1e-9 and p['f1']==0.5 \
   and abs(j['mean_box_iou']-(360/440+1)/2)<1e-9 and j['mean_box_f1']==0.75 \
   and j['mean_span_f1_exact']==0.5 and j['mean_span_f1_overlap']==1 and j['mean_mask_iou'] is None
sys.exit(0 if ok else 1)"
"$bin" agree "$data/geometry_ls.json" --geometry --iou-threshold 0.9 > "$tmp/geo9.json"
check "geometry: a threshold above the IoU drops the match" py "
import json,sys; j=json.load(open('$tmp/geo9.json')); p=j['pairs'][0]['boxes']
sys.exit(0 if p['matches']==[] and p['mean_iou'] is None and p['f1']==0 else 1)"
"$bin" agree "$data/geometry_ls.json" --geometry --format table > "$tmp/geo.txt"
check "geometry table" has "$tmp/geo.txt" "boxes (2 pairs): mean IoU 0.9091"

# Bad inputs: clear messages, exit 1; usage errors exit 2.
/usr/bin/python3 - "$data/geometry_ls.json" "$tmp/negbox.json" <<'PYEOF'
import json, sys
t = json.load(open(sys.argv[1]))
t[0]["annotations"][1]["result"][0]["value"]["width"] = -5
json.dump(t, open(sys.argv[2], "w"))
PYEOF
"$bin" agree "$tmp/negbox.json" --geometry 2> "$tmp/err.txt" > /dev/null; rc=$?
check "negative box size exits 1" test $rc -eq 1
check "negative box size is named" has "$tmp/err.txt" "tasks\[0\].annotations\[1\].result\[0\]"
/usr/bin/python3 - "$data/geometry_ls.json" "$tmp/dupann.json" <<'PYEOF'
import json, sys
t = json.load(open(sys.argv[1]))
t[1]["annotations"][1]["completed_by"] = 1
json.dump(t, open(sys.argv[2], "w"))
PYEOF
"$bin" agree "$tmp/dupann.json" --geometry 2> "$tmp/err.txt" > /dev/null; rc=$?
check "annotator twice on a task exits 1" test $rc -eq 1
check "annotator twice is a Duplicate" has "$tmp/err.txt" "Duplicate"
"$bin" agree "$data/proposals.csv" --bootstrap 10 --coefficient cohen --pair A,Z \
  2> "$tmp/err.txt" > /dev/null; rc=$?
check "unknown annotator in --pair exits 1" test $rc -eq 1
check "unknown annotator is named" has "$tmp/err.txt" "annotator 'Z' is not in the input"
printf 'item,annotator,label\n1,a,x\n1,a,y\n' > "$tmp/dup.csv"
"$bin" agree "$tmp/dup.csv" --pairwise 2> "$tmp/err.txt" > /dev/null; rc=$?
check "duplicate answer exits 1" test $rc -eq 1
check "duplicate names the lines" has "$tmp/err.txt" "lines 2 and 3"
"$bin" agree "$data/pairwise.csv" --per-class --labels x,y 2> "$tmp/err.txt" > /dev/null; rc=$?
check "label outside --labels exits 1" test $rc -eq 1
check "label outside --labels is named" has "$tmp/err.txt" "label 'z' is not in the declared"
: > "$tmp/empty.csv"
"$bin" agree "$tmp/empty.csv" --pairwise 2> "$tmp/err.txt" > /dev/null; rc=$?
check "empty input exits 1" test $rc -eq 1
check "empty input says so" has "$tmp/err.txt" "EmptyInput"
printf 'item,annotator,label\n1,a,x\n2,a,y\n' > "$tmp/single.csv"
"$bin" agree "$tmp/single.csv" --per-class --pairwise > "$tmp/single.json"; rc=$?
check "one annotator: exit 0, per-class error entry, 1x1 matrix" py "
import json,sys; j=json.load(open('$tmp/single.json'))
sys.exit(0 if $rc==0 and j['per_class']['code']=='EmptyInput' and j['pairwise']['cohen_kappa']==[[None]] else 1)"
"$bin" agree "$tmp/single.csv" --bootstrap 10 --coefficient cohen 2> "$tmp/err.txt" > /dev/null; rc=$?
check "one annotator: cohen bootstrap exits 1" test $rc -eq 1
for bad in "--bootstrap 0" "--bootstrap 2.5" "--bootstrap 10 --confidence 1" \
           "--bootstrap 10 --confidence nan" "--bootstrap 10 --seed -1" \
           "--bootstrap 10 --coefficient nope" "--geometry --iou-threshold x"; do
  # shellcheck disable=SC2086
  "$bin" agree "$data/proposals.csv" $bad 2> /dev/null > /dev/null; rc=$?
  check "usage error: $bad" test $rc -eq 2
done
"$bin" agree "$data/geometry_ls.json" --geometry --iou-threshold 0 2> "$tmp/err.txt" > /dev/null
rc=$?
check "threshold 0 exits 1 with InvalidArgument" has "$tmp/err.txt" "InvalidArgument"
"$bin" agree --help > "$tmp/help.txt"; rc=$?
check "--help exits 0" test $rc -eq 0
for opt in --pairwise --per-class --bootstrap --seed --confidence --coefficient --geometry \
           --iou-threshold; do
  check "--help documents $opt" has "$tmp/help.txt" "$opt"
done
exit $fail
