#!/usr/bin/env bash
# localabel aggregate: the start state of Dawid-Skene and GLAD (--max-iterations 0) and
# crowd-kit's parameter convention (--refit-after-last-e-step), on crowd-kit's toy YSDA data
# (tests/aggregation/test_ds_aggregation.py, test_dawid_skene_step_by_step).
#   tests/cli/aggregate_start_state.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
toy="$root/tests/data/aggregation/toy_ysda.csv"
. "$root/tests/cli/lib/checks.sh"

conf() {  # confidence of item $2 in file $1
  echo "[i['confidence'] for i in j['items'] if i['item']=='$2'][0]"
}

# n_iter = 0: probas_iter_0 are the vote fractions; t2 is yes with 0.6, t5 no with 0.8.
"$bin" aggregate "$toy" --method ds --max-iterations 0 --tolerance 0 > "$tmp/ds0.json"; rc=$?
check "ds --max-iterations 0 exits 0" test $rc -eq 0
check "ds start state: no iterations" json_true "$tmp/ds0.json" "j['iterations']==0 and not j['converged']"
check "ds start state: t2 yes 0.6" json_true "$tmp/ds0.json" \
  "[i['label'] for i in j['items'] if i['item']=='t2']==['yes'] and abs($(conf ds0 t2)-0.6)<1e-12"
check "ds start state: t5 no 0.8" json_true "$tmp/ds0.json" "abs($(conf ds0 t5)-0.8)<1e-12"
check "ds start state: t1 tie goes to no" json_true "$tmp/ds0.json" \
  "[i['label'] for i in j['items'] if i['item']=='t1']==['no']"

# n_iter = 1: probas_iter_1 t1 (0.35, 0.65) -> yes 0.65, t3 no 0.87 (atol 0.005 there).
"$bin" aggregate "$toy" --method ds --max-iterations 1 --tolerance 0 --refit-after-last-e-step > "$tmp/ds1.json"; rc=$?
check "ds --refit-after-last-e-step exits 0" test $rc -eq 0
check "ds n_iter 1: t1 yes 0.65" json_true "$tmp/ds1.json" \
  "[i['label'] for i in j['items'] if i['item']=='t1']==['yes'] and abs($(conf ds1 t1)-0.65)<0.005"
check "ds n_iter 1: t3 no 0.87" json_true "$tmp/ds1.json" "abs($(conf ds1 t3)-0.87)<0.005"

# GLAD start state: the posteriors of alpha = 1, log beta = 1; alphas untouched.
"$bin" aggregate "$toy" --method glad --max-iterations 0 > "$tmp/glad0.json"; rc=$?
check "glad --max-iterations 0 exits 0" test $rc -eq 0
check "glad start state keeps alpha 1" json_true "$tmp/glad0.json" \
  "j['iterations']==0 and all(a['alpha']==1 for a in j['annotators'])"

# Bad values and misplaced flags are usage errors (exit 2).
"$bin" aggregate "$toy" --method mace --max-iterations 0 2> "$tmp/err.txt" > /dev/null; rc=$?
check "mace --max-iterations 0 exits 2" test $rc -eq 2
check "mace names the range" has "$tmp/err.txt" "1..1000000"
"$bin" aggregate "$toy" --method ds --max-iterations -1 2> /dev/null > /dev/null; rc=$?
check "ds --max-iterations -1 exits 2" test $rc -eq 2
"$bin" aggregate "$toy" --method glad --refit-after-last-e-step 2> "$tmp/err2.txt" > /dev/null; rc=$?
check "--refit-after-last-e-step with glad exits 2" test $rc -eq 2
"$bin" aggregate --help > "$tmp/help.txt" 2>&1
check "--help lists --refit-after-last-e-step" has "$tmp/help.txt" "refit-after-last-e-step"
exit $fail
