#!/usr/bin/env bash
# CLI gold, drift and annotators commands: published values, every drift method, fatigue,
# formats, help, exit codes and error messages.
#   tests/cli/gold_drift.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/gold_drift"
. "$root/tests/cli/lib/checks.sh"

# scikit-learn precision_recall_fscore_support documentation example (y_true = gold):
# macro (0.2222, 0.3333, 0.2667), micro 0.3333, weighted (0.2222, 0.3333, 0.2667).
"$bin" gold "$data/sklearn_prf.csv" --gold "$data/sklearn_prf_gold.csv" > "$tmp/prf.json"; rc=$?
check "gold exits 0" test $rc -eq 0
check "gold macro P/R/F = scikit-learn example" json_true "$tmp/prf.json" \
  "abs(j['annotators'][0]['macro']['precision']-2/9)<1e-12 and abs(j['annotators'][0]['macro']['recall']-1/3)<1e-12 and abs(j['annotators'][0]['macro']['f1']-0.8/3)<1e-12"
check "gold micro and weighted = scikit-learn example" json_true "$tmp/prf.json" \
  "abs(j['annotators'][0]['micro']['f1']-1/3)<1e-12 and abs(j['annotators'][0]['weighted']['precision']-2/9)<1e-12 and abs(j['annotators'][0]['weighted']['f1']-0.8/3)<1e-12"
check "gold per-class: cat P 2/3 R 1 F 0.8" json_true "$tmp/prf.json" \
  "[c['label'] for c in j['annotators'][0]['classes']]==['cat','dog','pig'] and abs(j['annotators'][0]['classes'][0]['f1']-0.8)<1e-12"
check "gold lists the 4 errors" json_true "$tmp/prf.json" "len(j['annotators'][0]['errors'])==4"
"$bin" gold "$data/sklearn_prf.csv" --gold "$data/sklearn_prf_gold.csv" --format table > "$tmp/prf.txt"
check "gold --format table has macro_f1 0.2667" has "$tmp/prf.txt" "0.2667"
"$bin" gold "$data/sklearn_prf.csv" --gold "$data/sklearn_prf_gold.csv" --zero-division nan > /dev/null; rc=$?
check "gold --zero-division nan exits 0" test $rc -eq 0
"$bin" gold "$data/sklearn_prf.csv" --gold "$data/sklearn_prf_gold.csv" --zero-division 2 2> /dev/null; rc=$?
check "gold bad --zero-division is a usage error" test $rc -eq 2
# An annotator without gold answers: null scores, not an error.
printf 'item,annotator,label\n1,ann,cat\n2,eve,dog\n' > "$tmp/nogold.csv"
printf 'item,label\n1,cat\n' > "$tmp/nogold_gold.csv"
"$bin" gold "$tmp/nogold.csv" --gold "$tmp/nogold_gold.csv" > "$tmp/nogold.json"; rc=$?
check "no gold answered: exit 0, null accuracy and f1" json_true "$tmp/nogold.json" \
  "$rc==0 and j['annotators'][1]['accuracy'] is None and j['annotators'][1]['macro']['f1'] is None and not j['annotators'][1]['passed']"
printf 'item,label\n1,bird\n' > "$tmp/badlabel.csv"
"$bin" gold "$tmp/nogold.csv" --gold "$tmp/badlabel.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "gold label outside the set exits 1" test $rc -eq 1
check "gold label outside the set is named" has "$tmp/err.txt" "UnknownReference"
"$bin" gold "$tmp/nogold.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "gold without gold answers exits 1 with EmptyInput" test $rc -eq 1
check "gold without gold says so" has "$tmp/err.txt" "EmptyInput"

# Drift methods on quality.csv: ann is right on its first 100 answers, then wrong on every
# second one; bob is always right.
g="--gold $data/quality_gold.csv"
"$bin" drift "$data/quality.csv" $g --method rolling --window 20 > "$tmp/rolling.json"; rc=$?
check "rolling: exit 0, ann alarm at 119 only, bob none" json_true "$tmp/rolling.json" \
  "$rc==0 and j['annotators'][0]['alarms']==[119] and j['annotators'][1]['alarms']==[]"
# ADWIN on a sharper change: 150 right answers, then 150 wrong ones. Checks run every 32
# values (indices 31, ..., 159, 191). At 159 only 10 zeros follow: even the best cut (150 | 10)
# needs eps = sqrt(2 m s2 d') + 2/3 d' m = 0.42 + 0.99 > 1 (m = 1/146 + 1/6, s2 = 0.059,
# d' = ln(2 ln 160 / 0.002) = 8.53), more than any mean difference. At 191 (42 zeros) the cut
# 150 | 42 needs eps = 0.31 + 0.19 = 0.50 < 1: detected at 191.
printf 'item,annotator,label\n' > "$tmp/step.csv"; printf 'item,label\n' > "$tmp/step_gold.csv"
for i in $(seq 0 299); do
  if [ $i -lt 150 ]; then echo "$i,ann,x"; else echo "$i,ann,y"; fi; echo "$i,x" >> "$tmp/step_gold.csv"
done >> "$tmp/step.csv"
"$bin" drift "$tmp/step.csv" --gold "$tmp/step_gold.csv" --method adwin > "$tmp/adwin.json"; rc=$?
check "adwin: exit 0, change found at 191" json_true "$tmp/adwin.json" \
  "$rc==0 and j['annotators'][0]['alarms'][0]==191 and j['clock']==32 and j['delta']==0.002"
check "adwin names the item of the alarm" json_true "$tmp/adwin.json" \
  "j['annotators'][0]['alarm_items'][0]=='191'"
"$bin" drift "$data/quality.csv" $g --method adwin > "$tmp/adwin_q.json"; rc=$?
check "adwin: bob (always right) has no detection" json_true "$tmp/adwin_q.json" \
  "$rc==0 and j['annotators'][1]['alarms']==[]"
"$bin" drift "$data/quality.csv" $g --method page-hinkley --threshold 5 > "$tmp/ph.json"; rc=$?
check "page-hinkley: ann alarm after 100, bob none" json_true "$tmp/ph.json" \
  "$rc==0 and 100<=j['annotators'][0]['alarms'][0]<140 and j['annotators'][1]['alarms']==[]"
"$bin" drift "$data/quality.csv" $g --method page-hinkley --threshold 5 --two-sided > "$tmp/ph2.json"
check "page-hinkley --two-sided reported" json_true "$tmp/ph2.json" "j['two_sided']==True"
# CUSUM: target = mean of the first 30 scores = 1; after item 100 each pair adds 2*(1-x)-0.1:
# S = 0.95, 0.9, 1.85, 1.8, ... exceeds 5 at the 6th wrong answer, index 110.
"$bin" drift "$data/quality.csv" $g --method cusum > "$tmp/cusum.json"; rc=$?
check "cusum: ann alarm at 110" json_true "$tmp/cusum.json" \
  "$rc==0 and j['annotators'][0]['alarms'][0]==110 and j['annotators'][0]['target']==1"
"$bin" drift "$data/quality.csv" --method distribution > "$tmp/dist.json"; rc=$?
# Rows 0-199 (items 0-99): cat 100, dog 100; rows 200-399: cat 50, dog 150 (ann's wrong
# answers). PSI = 0.25 ln 2 + 0.25 ln 1.5 = 0.25 ln 3; chi-square of (100 100 / 50 150) = 80/3.
check "distribution: hand-computed PSI and chi-square" json_true "$tmp/dist.json" \
  "$rc==0 and abs(j['psi']-0.25*math.log(3))<1e-12 and abs(j['chi_square']-80/3)<1e-9 and j['dof']==1 and j['split']==200"
printf 'item,annotator,label\n1,a,x\n2,a,y\n3,a,x\n4,a,y\n' > "$tmp/same.csv"
"$bin" drift "$tmp/same.csv" --method distribution > "$tmp/dist_same.json"
check "distribution: identical parts give PSI 0, JS 0, p 1" json_true "$tmp/dist_same.json" \
  "abs(j['psi'])<1e-12 and abs(j['js_bits'])<1e-12 and abs(j['p_value']-1)<1e-12"
"$bin" drift "$data/quality.csv" --method distribution --split 0 2> "$tmp/err.txt" > /dev/null; rc=$?
check "distribution --split 0 exits 1 naming --split" test $rc -eq 1
check "distribution --split error text" has "$tmp/err.txt" "split"

# Fatigue: ann slows from 10 to 20 s per task and gets worse in the second half.
"$bin" drift "$data/quality.csv" $g --fatigue > "$tmp/fat.json"; rc=$?
check "fatigue: exit 0, one alert (ann slower and worse)" json_true "$tmp/fat.json" \
  "$rc==0 and j['alerts']==1 and j['sessions'][0]['slower'] and j['sessions'][0]['worse'] and j['sessions'][0]['early_seconds']==10 and j['sessions'][0]['late_seconds']==20 and j['sessions'][0]['late_quality']==0.5"
check "fatigue uses the timestamp column" json_true "$tmp/fat.json" "j['clock']=='timestamp column'"
"$bin" drift "$data/quality.csv" $g --method fatigue --min-tasks 300 > "$tmp/fat300.json"
check "fatigue --min-tasks 300: sessions too short to alert" json_true "$tmp/fat300.json" "len(j['sessions'])==2 and j['alerts']==0"
# A 40-minute break splits a session (default gap 30 minutes); --session-gap 3600 joins them.
printf 'item,annotator,label,time,timestamp
1,a,x,5,5
2,a,x,5,10
3,a,x,5,2415
4,a,x,5,2420
' > "$tmp/gap.csv"
"$bin" drift "$tmp/gap.csv" --fatigue > "$tmp/gap.json"
check "fatigue: a 40-minute break makes two sessions" json_true "$tmp/gap.json" "len(j['sessions'])==2"
"$bin" drift "$tmp/gap.csv" --fatigue --session-gap 3600 > "$tmp/gap.json"
check "fatigue --session-gap 3600: one session" json_true "$tmp/gap.json" "len(j['sessions'])==1"
"$bin" drift "$data/quality.csv" $g --fatigue --format table > "$tmp/fat.txt"
check "fatigue table shows the alert" has "$tmp/fat.txt" "slower+worse"
printf 'item,annotator,label\n1,a,x\n1,b,x\n' > "$tmp/notime.csv"
"$bin" drift "$tmp/notime.csv" --fatigue 2> "$tmp/err.txt" > /dev/null; rc=$?
check "fatigue without times exits 1 (MissingField)" has "$tmp/err.txt" "MissingField"
printf 'item,annotator,label,time,timestamp\n1,a,x,3,10\n1,b,x,4,nan\n' > "$tmp/nants.csv"
"$bin" drift "$tmp/nants.csv" --fatigue 2> "$tmp/err.txt" > /dev/null; rc=$?
check "NaN timestamp exits 1" test $rc -eq 1
check "NaN timestamp names line 3" has "$tmp/err.txt" "line 3"

# One annotator, constant quality: no alarm from any method.
printf 'item,annotator,label\n' > "$tmp/one.csv"
for i in $(seq 1 100); do echo "$i,solo,a"; done >> "$tmp/one.csv"
printf 'item,label\n' > "$tmp/one_gold.csv"
for i in $(seq 1 100); do echo "$i,a"; done >> "$tmp/one_gold.csv"
for m in rolling page-hinkley adwin cusum; do
  "$bin" drift "$tmp/one.csv" --gold "$tmp/one_gold.csv" --method $m > "$tmp/one.json"; rc=$?
  check "one annotator, constant stream, $m: no alarm" json_true "$tmp/one.json" \
    "$rc==0 and j['annotators'][0]['alarms']==[] and j['annotators'][0]['answers_scored']==100"
done

# Bad inputs and usage.
"$bin" drift "$data/quality.csv" --method nope 2> /dev/null; rc=$?
check "unknown method is a usage error" test $rc -eq 2
"$bin" drift "$data/quality.csv" $g --method adwin --delta nan 2> "$tmp/err.txt"; rc=$?
check "NaN option is a usage error" test $rc -eq 2
"$bin" drift "$data/quality.csv" $g --method adwin --delta 2 2> "$tmp/err.txt" > /dev/null; rc=$?
check "adwin delta 2 exits 1 (InvalidArgument)" has "$tmp/err.txt" "InvalidArgument"
printf 'item,annotator,label\n1,a,x\n1,a,y\n' > "$tmp/dup.csv"
"$bin" drift "$tmp/dup.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "duplicate exits 1" test $rc -eq 1
check "duplicate names the lines" has "$tmp/err.txt" "lines 2 and 3"
: > "$tmp/empty.csv"
"$bin" drift "$tmp/empty.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "empty input exits 1 with EmptyInput" has "$tmp/err.txt" "EmptyInput"
"$bin" annotators "$data/quality.csv" --gold "$data/quality_gold.csv" --price 0.1 > "$tmp/ann.json"; rc=$?
check "annotators: gold accuracy and cost" json_true "$tmp/ann.json" \
  "$rc==0 and j['annotators'][0]['gold_accuracy']==0.75 and abs(j['annotators'][0]['cost']-20)<1e-9"
"$bin" annotators "$data/quality.csv" --price -1 2> "$tmp/err.txt" > /dev/null; rc=$?
check "annotators negative price exits 1" test $rc -eq 1
for c in gold drift annotators; do
  "$bin" $c --help > "$tmp/help.txt" 2>&1; rc=$?
  check "$c --help exits 0" test $rc -eq 0
done
"$bin" drift --help > "$tmp/help.txt" 2>&1
check "drift --help lists adwin and fatigue" bash -c "grep -q adwin '$tmp/help.txt' && grep -q fatigue '$tmp/help.txt'"
exit $fail
