#!/usr/bin/env bash
# localabel gold --report-labels: scikit-learn's precision_recall_fscore_support labels= (the labels
# reported and averaged over, in order), on scikit-learn's own cases.
#   tests/cli/gold_report_labels.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/gold_drift"
. "$root/tests/cli/lib/checks.sh"

# sklearn.metrics.precision_recall_fscore_support docstring: labels=['pig', 'dog', 'cat'] gives
# precision (0, 0, 2/3), recall (0, 0, 1), F (0, 0, 0.8), support (2, 2, 2).
"$bin" gold "$data/sklearn_prf.csv" --gold "$data/sklearn_prf_gold.csv" --report-labels pig,dog,cat > "$tmp/order.json"; rc=$?
check "--report-labels exits 0" test $rc -eq 0
check "--report-labels keeps the given order" json_true "$tmp/order.json" \
  "[c['label'] for c in j['annotators'][0]['classes']]==['pig','dog','cat']"
check "--report-labels pig,dog,cat: cat P 2/3 R 1 F 0.8" json_true "$tmp/order.json" \
  "abs(j['annotators'][0]['classes'][2]['precision']-2/3)<1e-12 and j['annotators'][0]['classes'][2]['recall']==1 and abs(j['annotators'][0]['classes'][2]['f1']-0.8)<1e-12"

# sklearn/metrics/tests/test_classification.py test_precision_recall_f_ignored_labels:
# y_true = [1, 1, 2, 3], y_pred = [1, 3, 3, 3], labels=[1, 3]: recall (0.5, 1), macro 0.75,
# weighted 2/3, micro 2/3. (Labels 0, 2 and 4 also occur on a fifth item without gold.)
printf 'item,annotator,label\na,p,1\nb,p,3\nc,p,3\nd,p,3\ne,q,0\ne,r,4\ne,s,2\n' > "$tmp/ign.csv"
printf 'item,label\na,1\nb,1\nc,2\nd,3\n' > "$tmp/ign_gold.csv"
"$bin" gold "$tmp/ign.csv" --gold "$tmp/ign_gold.csv" --report-labels 1,3 > "$tmp/ign.json"; rc=$?
check "ignored labels exits 0" test $rc -eq 0
check "ignored labels: macro 0.75, weighted 2/3, micro 2/3" json_true "$tmp/ign.json" \
  "abs(j['annotators'][0]['macro']['recall']-0.75)<1e-12 and abs(j['annotators'][0]['weighted']['recall']-2/3)<1e-12 and abs(j['annotators'][0]['micro']['recall']-2/3)<1e-12"

# test_precision_recall_f_extra_labels: y_true = [1, 3, 3, 2], y_pred = [1, 1, 3, 2],
# labels=[0, 1, 2, 3, 4]: recall (0, 1, 1, 0.5, 0), macro 0.5; micro and weighted unchanged.
printf 'item,annotator,label\na,p,1\nb,p,1\nc,p,3\nd,p,2\ne,q,0\ne,r,4\n' > "$tmp/extra.csv"
printf 'item,label\na,1\nb,3\nc,3\nd,2\n' > "$tmp/extra_gold.csv"
"$bin" gold "$tmp/extra.csv" --gold "$tmp/extra_gold.csv" --report-labels 0,1,2,3,4 > "$tmp/extra.json"
"$bin" gold "$tmp/extra.csv" --gold "$tmp/extra_gold.csv" > "$tmp/extra_all.json"
check "extra labels: recall per class" json_true "$tmp/extra.json" \
  "[c['recall'] for c in j['annotators'][0]['classes']]==[0,1,1,0.5,0] and j['annotators'][0]['classes'][0]['support']==0"
check "extra labels: macro recall 0.5" json_true "$tmp/extra.json" "abs(j['annotators'][0]['macro']['recall']-0.5)<1e-12"
check "extra labels: micro recall as without labels" json_true "$tmp/extra_all.json" \
  "abs(j['annotators'][0]['micro']['recall']-json.load(open('$tmp/extra.json'))['annotators'][0]['micro']['recall'])<1e-12"

# An unknown label is an input error naming the flag; --help lists --report-labels.
"$bin" gold "$data/sklearn_prf.csv" --gold "$data/sklearn_prf_gold.csv" --report-labels cow 2> "$tmp/err.txt" > /dev/null; rc=$?
check "unknown --report-labels exits 1" test $rc -eq 1
check "unknown --report-labels names it" has "$tmp/err.txt" "cow"
"$bin" gold --help > "$tmp/help.txt" 2>&1
check "--help lists --report-labels" has "$tmp/help.txt" "--report-labels"
exit $fail
