#!/usr/bin/env bash
# CLI quality command: the demo project's report (every section has values), the three output
# forms, the consensus predictions, options, bad input and exit codes.
#   tests/cli/quality.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
demo="$root/examples/demo"
. "$root/tests/cli/lib/checks.sh"

"$bin" quality "$demo/project.json" --config "$demo/labels.json" --date 2026-12-07 \
  --predictions "$tmp/pred.json" > "$tmp/q.json"; rc=$?
check "quality exits 0 on the demo" test $rc -eq 0
check "project name and date" json_true "$tmp/q.json" "j['project']=='Localabel demo' and j['date']=='2026-12-07'"
check "progress: 120 tasks, all answered" json_true "$tmp/q.json" \
  "j['progress']['tasks']==120 and j['progress']['untouched']==0 and j['progress']['tasks_per_hour']>0"
cat_metrics="{m['name']:m for a in j['agreement'] if a['label_set']=='category' for m in a['metrics']}"
check "category: alpha, Fleiss and percent agreement with intervals" json_true "$tmp/q.json" \
  "all(m['value'] is not None and m['lower']<=m['value']<=m['upper'] for m in ($cat_metrics).values()) and len($cat_metrics)==3"
check "category: Fleiss' kappa is defined (every text has 3 answers)" json_true "$tmp/q.json" \
  "($cat_metrics)['fleiss_kappa']['units']==100"
check "scene: Fleiss' kappa undefined with a reason" json_true "$tmp/q.json" \
  "[m for a in j['agreement'] if a['label_set']=='scene' for m in a['metrics'] if m['name']=='fleiss_kappa'][0]['reason'].startswith('tasks have')"
check "boxes, spans and keypoints have values" json_true "$tmp/q.json" \
  "all(m['value'] is not None for a in j['agreement'] if a['kind'] in ('boxes','spans','keypoints') for m in a['metrics'])"
check "polygons: a note, not a failure" json_true "$tmp/q.json" \
  "[a for a in j['agreement'] if a['kind']=='polygons'][0]['notes'][0].startswith('no agreement measure')"
check "pairwise kappa: 3 x 3 with numbers off the diagonal" json_true "$tmp/q.json" \
  "[a for a in j['agreement'] if a['label_set']=='category'][0]['pairwise']['values'][1] is not None"
check "disagreement queue sorted, with task and index" json_true "$tmp/q.json" \
  "len(j['disagreement']['tasks'])>0 and all(x['disagreement']>=y['disagreement'] for x,y in zip(j['disagreement']['tasks'],j['disagreement']['tasks'][1:]))"
gold="[g for g in j['gold'] if g['label_set']=='category'][0]['annotators']"
check "gold: careful 1 passes, sloppy 2 and drifting 3 fail" json_true "$tmp/q.json" \
  "[a['passed'] for a in $gold]==[True,False,False] and all(a['answered']==30 for a in $gold)"
check "gold: sloppy annotator is the least accurate and lists mistakes" json_true "$tmp/q.json" \
  "min($gold,key=lambda a:a['accuracy'])['annotator']=='2' and len($gold[1]['mistakes'])==$gold[1]['answered']-$gold[1]['correct']"
check "drift: the drifting annotator 3 has an alarm, the careful one none" json_true "$tmp/q.json" \
  "len(j['drift']['annotators'][2]['alarms'])>0 and len(j['drift']['annotators'][0]['alarms'])==0 and j['drift']['order']=='event times'"
check "annotators table: sloppy is fastest" json_true "$tmp/q.json" \
  "max(j['annotators']['rows'],key=lambda a:a['tasks_per_hour'])['annotator']=='2'"
check "consensus with confidences" json_true "$tmp/q.json" \
  "all(0<i['confidence']<=1 for c in j['consensus'] for i in c['items'] if i['label'])"
check "box fusion on the image tasks" json_true "$tmp/q.json" "len(j['box_consensus'][0]['tasks'])>0"
check "predictions: model_version localabel-consensus" json_true "$tmp/pred.json" \
  "len(j)>0 and all(p['model_version']=='localabel-consensus' for p in j)"

"$bin" quality "$demo/project.json" --config "$demo/labels.json" --date 2026-12-07 --seed 3 \
  --bootstrap 50 --consensus dawid-skene --detector adwin > "$tmp/q2.json"; rc=$?
check "dawid-skene and adwin options" json_true "$tmp/q2.json" \
  "$rc==0 and j['consensus'][0]['method']=='dawid-skene' and j['drift']['detector']=='adwin' and j['options']['bootstrap_resamples']==50"

"$bin" quality "$demo/project.json" --config "$demo/labels.json" --format html -o "$tmp/q.html"; rc=$?
check "html exits 0" test $rc -eq 0
check "html has inline SVG" has "$tmp/q.html" "<svg"
check "html has the definitions" has "$tmp/q.html" "Krippendorff 2011"
check "html has no script and no external resource" bash -c "! grep -qiE '<script|src=|href=|<link' '$tmp/q.html'"
"$bin" quality "$demo/project.json" --format table > "$tmp/q.txt"; rc=$?
check "table exits 0 and shows the gold section" bash -c "test $rc -eq 0 && grep -q 'Gold: category' '$tmp/q.txt'"

"$bin" quality "$demo/project.json" --iou 0 2> "$tmp/err.txt" > /dev/null; rc=$?
check "bad --iou is a usage error naming the option" bash -c "test $rc -eq 2 && grep -q iou_threshold '$tmp/err.txt'"
"$bin" quality "$demo/project.json" --detector cusum 2> /dev/null > /dev/null; rc=$?
check "unknown detector is a usage error" test $rc -eq 2
"$bin" quality "$demo/project.json" --format pdf 2> /dev/null > /dev/null; rc=$?
check "unknown format is a usage error" test $rc -eq 2
printf '[{"id": 1, "data": {"text": "x"}' > "$tmp/bad.json"
"$bin" quality "$tmp/bad.json" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "invalid JSON exits 1 with its code" bash -c "test $rc -eq 1 && grep -q InvalidJson '$tmp/err.txt'"
# A single-choice set answered with two choices: a note in its section, the rest still there.
printf '[{"id":1,"data":{"text":"x"},"annotations":[{"completed_by":1,"result":[{"from_name":"c","to_name":"text","type":"choices","value":{"choices":["a","b"]}}]},{"completed_by":2,"result":[{"from_name":"c","to_name":"text","type":"choices","value":{"choices":["a"]}}]}]}]' > "$tmp/multi.json"
"$bin" quality "$tmp/multi.json" > "$tmp/multi_out.json"; rc=$?
check "two choices in a set: multiple-choice alpha, exit 0" json_true "$tmp/multi_out.json" \
  "$rc==0 and j['agreement'][0]['kind']=='multiple-choices'"
"$bin" quality --help > "$tmp/help.txt"; rc=$?
check "--help lists the options" bash -c "test $rc -eq 0 && grep -q -- '--gold-threshold' '$tmp/help.txt' && grep -q -- '--consensus' '$tmp/help.txt'"
"$bin" quality 2> /dev/null; rc=$?
check "missing FILE is a usage error" test $rc -eq 2
exit $fail
