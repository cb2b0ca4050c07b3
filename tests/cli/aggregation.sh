#!/usr/bin/env bash
# localabel aggregate: every method, box fusion, formats, exit codes and error messages.
#   tests/cli/aggregation.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/aggregation"
crowd="$root/tests/data/analytics/crowd.csv"
. "$root/tests/cli/lib/checks.sh"

# Methods by their short and long names; old names keep working.
for m in mv majority ds dawid-skene one-coin wmv glad mace; do
  "$bin" aggregate "$crowd" --method $m > "$tmp/$m.json"; rc=$?
  check "--method $m exits 0" test $rc -eq 0
  check "--method $m labels every item" json_true "$tmp/$m.json" "len(j['items'])==3"
done
check "mv ties go to the smallest label" json_true "$tmp/mv.json" "[i['label'] for i in j['items']]==['cat','dog','cat']"
check "mv and majority agree" cmp -s <(sed 1,2d "$tmp/mv.json") <(sed 1,2d "$tmp/majority.json")

# Skill-weighted vote from gold (see tests/data/aggregation/README.md for the hand values).
"$bin" aggregate "$data/gold_crowd.csv" --method wmv --skill gold --gold "$data/gold.csv" > "$tmp/wmv.json"
check "wmv gold: ann skill 7/9, weight log 7" json_true "$tmp/wmv.json" \
  "abs(j['annotators'][0]['skill']-7/9)<1e-12 and abs(j['annotators'][0]['weight']-math.log(7))<1e-12"
check "wmv gold: bob weight log 1/4" json_true "$tmp/wmv.json" "abs(j['annotators'][1]['weight']-math.log(0.25))<1e-12"
check "wmv gold: x is cat" json_true "$tmp/wmv.json" "[i['label'] for i in j['items'] if i['item']=='x']==['cat']"
check "wmv gold: posterior 7/8.0625" json_true "$tmp/wmv.json" \
  "abs([i['confidence'] for i in j['items'] if i['item']=='x'][0]-7/8.0625)<1e-12"
"$bin" aggregate "$data/gold_crowd.csv" --method mv > "$tmp/mvx.json"
check "mv: x is dog" json_true "$tmp/mvx.json" "[i['label'] for i in j['items'] if i['item']=='x']==['dog']"
"$bin" aggregate "$data/gold_crowd.csv" --method wmv --skill majority > "$tmp/wmvm.json"
check "wmv majority: bob agrees 5 of 5" json_true "$tmp/wmvm.json" "j['annotators'][1]['correct']==5 and j['skill_source']=='majority'"
"$bin" aggregate "$data/gold_crowd.csv" --method wmv --skill gold 2> "$tmp/err.txt" > /dev/null; rc=$?
check "wmv gold without gold exits 1" test $rc -eq 1
check "wmv gold without gold says EmptyInput" has "$tmp/err.txt" "EmptyInput"
"$bin" aggregate "$data/gold_crowd.csv" --method wmv --format table > "$tmp/wmv.txt"
check "wmv --format table lists weights" has "$tmp/wmv.txt" "weight"

# GLAD and MACE outputs.
check "glad converges and reports alphas" json_true "$tmp/glad.json" "j['converged'] and len(j['annotators'])==3 and 'alpha' in j['annotators'][0]"
check "mace reports competence in [0,1]" json_true "$tmp/mace.json" "all(0<=a['competence']<=1 for a in j['annotators'])"
"$bin" aggregate "$crowd" --method mace --seed 3 > "$tmp/mace3a.json"
"$bin" aggregate "$crowd" --method mace --seed 3 > "$tmp/mace3b.json"
check "mace with a seed is reproducible" cmp -s "$tmp/mace3a.json" "$tmp/mace3b.json"
"$bin" aggregate "$crowd" --method glad --format table > "$tmp/glad.txt"
check "glad --format table" has "$tmp/glad.txt" "alpha"

# Majority vote with annotator weights; bad weights.
"$bin" aggregate "$crowd" --method mv --weights bob=3 > "$tmp/mvw.json"
check "mv --weights bob=3 makes item 3 dog" json_true "$tmp/mvw.json" "j['items'][2]['label']=='dog' and j['ties']==0"
"$bin" aggregate "$crowd" --method mv --weights zed=1 2> "$tmp/err.txt" > /dev/null; rc=$?
check "unknown annotator in --weights exits 1" test $rc -eq 1
check "unknown annotator is named" has "$tmp/err.txt" "annotator 'zed'"
"$bin" aggregate "$crowd" --method mv --weights bob=nan 2> "$tmp/err.txt" > /dev/null; rc=$?
check "NaN weight exits 1" test $rc -eq 1
check "NaN weight says OutOfRange" has "$tmp/err.txt" "OutOfRange"
"$bin" aggregate "$crowd" --method mv --weights bob=1,bob=2 2> "$tmp/err.txt" > /dev/null; rc=$?
check "duplicate weight exits 1 with Duplicate" bash -c "test $rc -eq 1 && grep -q Duplicate '$tmp/err.txt'"
"$bin" aggregate "$crowd" --method mv --weights bob 2> /dev/null; rc=$?
check "malformed --weights is a usage error" test $rc -eq 2

# Box fusion on a Label Studio project.
"$bin" aggregate "$data/boxes.json" --boxes > "$tmp/boxes.json"; rc=$?
check "--boxes exits 0" test $rc -eq 0
check "--boxes: three Car boxes fuse to the mean, confidence 1" json_true "$tmp/boxes.json" \
  "(lambda b: b['label']=='Car' and abs(b['x']-32/3)<1e-9 and abs(b['y']-32/3)<1e-9 and abs(b['width']-20)<1e-9 and b['confidence']==1 and b['annotators']==3)(j['tasks'][0]['boxes'][0])"
check "--boxes: two of three Person boxes give 2/3" json_true "$tmp/boxes.json" \
  "abs(j['tasks'][0]['boxes'][1]['confidence']-2/3)<1e-12 and j['tasks'][0]['boxes'][1]['label']=='Person'"
check "--boxes: different labels stay apart" json_true "$tmp/boxes.json" \
  "[b['confidence'] for b in j['tasks'][1]['boxes']]==[0.5,0.5]"
"$bin" aggregate "$data/boxes.json" --boxes --iou 0.9 > "$tmp/boxes9.json"
check "--boxes --iou 0.9 splits the Car cluster" json_true "$tmp/boxes9.json" "len(j['tasks'][0]['boxes'])>3"
"$bin" aggregate "$data/boxes.json" --boxes --weights 1=2 > "$tmp/boxesw.json"
check "--boxes --weights moves the fused box towards annotator 1" json_true "$tmp/boxesw.json" \
  "abs(j['tasks'][0]['boxes'][0]['x']-(2*10+12+10)/4)<1e-9"
"$bin" aggregate "$data/boxes.json" --boxes --format table > "$tmp/boxes.txt"
check "--boxes --format table" has "$tmp/boxes.txt" "3/3"
"$bin" aggregate "$data/boxes_rotated.json" --boxes 2> "$tmp/err.txt" > /dev/null; rc=$?
check "rotated box exits 1 naming the path" bash -c "test $rc -eq 1 && grep -q 'annotations\[1\].result\[0\].value.rotation' '$tmp/err.txt'"
"$bin" aggregate "$data/boxes.json" --boxes --iou 0 2> "$tmp/err.txt" > /dev/null; rc=$?
check "--iou 0 exits 1 with InvalidArgument" bash -c "test $rc -eq 1 && grep -q InvalidArgument '$tmp/err.txt'"
"$bin" aggregate "$crowd" --boxes 2> "$tmp/err.txt" > /dev/null; rc=$?
check "--boxes on a CSV exits 1" test $rc -eq 1

# Usage and bad input.
"$bin" aggregate --help > "$tmp/help.txt"; rc=$?
check "--help exits 0 and lists methods" bash -c "test $rc -eq 0 && grep -q 'glad' '$tmp/help.txt' && grep -q -- '--boxes' '$tmp/help.txt'"
"$bin" aggregate "$crowd" --method nope 2> /dev/null; rc=$?
check "bad method is a usage error" test $rc -eq 2
"$bin" aggregate "$crowd" --method wmv --skill nope 2> /dev/null; rc=$?
check "bad --skill is a usage error" test $rc -eq 2
"$bin" aggregate "$crowd" --method mace --restarts 0 2> /dev/null; rc=$?
check "--restarts 0 is a usage error" test $rc -eq 2
"$bin" aggregate "$crowd" --method glad --tolerance nan 2> /dev/null; rc=$?
check "--tolerance nan is a usage error" test $rc -eq 2
printf 'item,annotator,label\n1,a,x\n1,a,y\n' > "$tmp/dup.csv"
"$bin" aggregate "$tmp/dup.csv" --method glad 2> "$tmp/err.txt" > /dev/null; rc=$?
check "duplicate (annotator, item) exits 1 naming the lines" bash -c "test $rc -eq 1 && grep -q 'lines 2 and 3' '$tmp/err.txt'"
printf 'item,label\n1,cat\n1,dog\n' > "$tmp/dupgold.csv"
"$bin" aggregate "$crowd" --method wmv --skill gold --gold "$tmp/dupgold.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "duplicate gold item exits 1" test $rc -eq 1
: > "$tmp/empty.csv"
"$bin" aggregate "$tmp/empty.csv" --method mace 2> "$tmp/err.txt" > /dev/null; rc=$?
check "empty input exits 1 with EmptyInput" bash -c "test $rc -eq 1 && grep -q EmptyInput '$tmp/err.txt'"
exit $fail
