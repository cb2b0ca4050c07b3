#!/usr/bin/env bash
# CLI options that follow reference libraries: scipy's chisquare (drift --method
# goodness-of-fit), river's PageHinkley alpha/mode, river's CUSUM (cusum-warmup), ADWIN's
# window statistics, and statsmodels' fleiss_kappa method (agree --fleiss-method).
#   tests/cli/drift_agree_parity.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/gold_drift"
. "$root/tests/cli/lib/checks.sh"

# scipy/stats/_stats_py.py chisquare docstring: chisquare([16, 18, 16, 14, 12, 12]) ->
# statistic 2.0, pvalue 0.84914503608460956; f_exp=[16, 16, 16, 16, 16, 8] -> 3.5,
# 0.62338762774958223; ddof=1 -> 0.73575888234288467. Labels a..f with those counts.
{
  echo item,annotator,label
  n=0
  for pair in a:16 b:18 c:16 d:14 e:12 f:12; do
    for ((k = 0; k < ${pair#*:}; k++)); do n=$((n + 1)); echo "i$n,ann,${pair%%:*}"; done
  done
} > "$tmp/counts.csv"
"$bin" drift "$tmp/counts.csv" --method goodness-of-fit > "$tmp/gof.json"; rc=$?
check "goodness-of-fit exits 0" test $rc -eq 0
check "goodness-of-fit = scipy chisquare docstring" json_true "$tmp/gof.json" \
  "abs(j['statistic']-2.0)<1e-12 and j['dof']==5 and abs(j['p_value']-0.84914503608460956)<1e-12"
"$bin" drift "$tmp/counts.csv" --method goodness-of-fit \
  --expected a=16,b=16,c=16,d=16,e=16,f=8 > "$tmp/gof2.json"
check "goodness-of-fit --expected = scipy f_exp example" json_true "$tmp/gof2.json" \
  "abs(j['statistic']-3.5)<1e-12 and abs(j['p_value']-0.62338762774958223)<1e-12"
"$bin" drift "$tmp/counts.csv" --method goodness-of-fit --ddof 1 > "$tmp/gof3.json"
check "goodness-of-fit --ddof 1 = scipy ddof example" json_true "$tmp/gof3.json" \
  "j['dof']==4 and abs(j['p_value']-0.73575888234288467)<1e-12"
"$bin" drift "$tmp/counts.csv" --method goodness-of-fit --expected a=1,zz=2 2> "$tmp/err.txt"; rc=$?
check "goodness-of-fit unknown label in --expected exits 1" test $rc -eq 1
check "goodness-of-fit names --expected" has "$tmp/err.txt" "expected"

g="--gold $data/quality_gold.csv"
"$bin" drift "$data/quality.csv" $g --method page-hinkley --threshold 5 --alpha 1 --mode both \
  > "$tmp/ph.json"; rc=$?
check "page-hinkley --alpha --mode exits 0 and reports them" json_true "$tmp/ph.json" \
  "$rc==0 and j['alpha']==1 and j['mode']=='both'"
"$bin" drift "$data/quality.csv" $g --method page-hinkley --mode sideways 2> "$tmp/err.txt"; rc=$?
check "page-hinkley bad --mode exits 1 naming --mode" test $rc -eq 1
check "page-hinkley bad --mode message" has "$tmp/err.txt" "mode"
"$bin" drift "$data/quality.csv" $g --method page-hinkley --threshold 5 --alpha 0 2> /dev/null; rc=$?
check "page-hinkley --alpha 0 exits 1" test $rc -eq 1

"$bin" drift "$data/quality.csv" $g --method cusum-warmup > "$tmp/cw.json"; rc=$?
check "cusum-warmup exits 0 with river's defaults" json_true "$tmp/cw.json" \
  "$rc==0 and j['min_instances']==30 and j['slack']==0.5 and j['threshold']==5 and j['mode']=='both'"
check "cusum-warmup: ann (quality falls after 100) alarms after 100" json_true "$tmp/cw.json" \
  "[a for a in j['annotators'] if a['annotator']=='ann'][0]['alarms'][0] >= 100"

"$bin" drift "$data/quality.csv" $g --method adwin > "$tmp/adwin.json"; rc=$?
check "adwin reports the window's total and variances" json_true "$tmp/adwin.json" \
  "$rc==0 and all(abs(a['final_variance_in_window']*a['final_width']-a['final_variance'])<1e-9 and abs(a['final_total']-a['final_mean']*a['final_width'])<1e-9 for a in j['annotators'])"

# statsmodels' table1 of test_inter_rater.py as a long table would need 140 rows; a small
# table checks the option: 2 items x 3 raters, labels x/y.
printf 'item,annotator,label\n1,a,x\n1,b,x\n1,c,y\n2,a,y\n2,b,y\n2,c,y\n' > "$tmp/f.csv"
# P-bar = ((4+1-3)/6 + (9-3)/6) / 2 = 2/3; Randolph P_e = 1/2: kappa = (2/3 - 1/2) / (1/2) = 1/3.
"$bin" agree "$tmp/f.csv" --fleiss-method randolph > "$tmp/r.json"; rc=$?
check "agree --fleiss-method randolph = (P-bar - 1/K) / (1 - 1/K)" json_true "$tmp/r.json" \
  "$rc==0 and j['fleiss_kappa']['method']=='randolph' and abs(j['fleiss_kappa']['value']-1/3)<1e-12"
"$bin" agree "$tmp/f.csv" > "$tmp/f.json"
# Fleiss: p = (2/6, 4/6), P_e = 5/9: kappa = (2/3 - 5/9) / (4/9) = 1/4.
check "agree default is Fleiss' margins" json_true "$tmp/f.json" \
  "j['fleiss_kappa']['method']=='fleiss' and abs(j['fleiss_kappa']['value']-0.25)<1e-12"
"$bin" agree "$tmp/f.csv" --fleiss-method cohen 2> /dev/null; rc=$?
check "agree bad --fleiss-method is a usage error" test $rc -eq 2

# fast-krippendorff tests/test_krippendorff.py test_nominal_metric_reliability_data: 0.691358;
# --coincidences gives the coincidence matrix of that example (n_c = 7, 4, 10, 5; n = 26).
/usr/bin/python3 - "$tmp/k.csv" <<'PY'
import sys
nan = None
data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
with open(sys.argv[1], 'w') as f:
    f.write('item,annotator,label\n')
    for a, row in enumerate(data):
        for u, v in enumerate(row):
            if v is not None:
                f.write(f'u{u:02d},c{a},{v}\n')
PY
"$bin" agree "$tmp/k.csv" --coincidences > "$tmp/k.json"; rc=$?
check "agree --coincidences: alpha and matrix of the package's example" json_true "$tmp/k.json" \
  "$rc==0 and abs(j['krippendorff_alpha']['value']-0.691358)<5e-7 and j['krippendorff_alpha']['coincidences']['coincidences']==[[6,0,1,0],[0,4,0,0],[1,0,7,2],[0,0,2,3]] and j['krippendorff_alpha']['coincidences']['marginals']==[7,4,10,5] and j['krippendorff_alpha']['coincidences']['n_pairable']==26"
# Set-valued labels with NLTK's MASI: {a} vs {a, b} costs 0.665 (nltk masi_distance).
printf 'item,annotator,label\n1,x,a\n1,y,a\n2,x,a;b\n2,y,a\n3,x,c\n3,y,c\n' > "$tmp/sets.csv"
"$bin" agree "$tmp/sets.csv" --distance masi > "$tmp/sets.json"; rc=$?
check "agree --distance masi = 1 - D_o/D_e with MASI distances" json_true "$tmp/sets.json" \
  "$rc==0 and j['krippendorff_alpha_sets']['distance']=='masi' and abs(j['krippendorff_alpha_sets']['value']-(1-1.33/((3*0.665*2+12+4)/5)))<1e-12"
"$bin" agree "$tmp/sets.csv" --distance cosine 2> /dev/null; rc=$?
check "agree bad --distance exits 1" test $rc -eq 1

# statsmodels test_inter_rater.py UnweightedCohens (SAS printout): table [[0,4,1],[0,8,0],
# [0,1,5]] -> kappa 0.4842, ASE 0.1380, ASE under H0 0.1484, Z 3.2626.
{
  echo item,annotator,label
  n=0
  for cell in 1:2:4 1:3:1 2:2:8 3:2:1 3:3:5; do
    IFS=: read -r ra rb c <<< "$cell"
    for ((k = 0; k < c; k++)); do n=$((n + 1)); echo "i$n,A,$ra"; echo "i$n,B,$rb"; done
  done
} > "$tmp/sas.csv"
"$bin" agree "$tmp/sas.csv" > "$tmp/sas.json"; rc=$?
check "agree cohen_kappa_inference = SAS printout" json_true "$tmp/sas.json" \
  "$rc==0 and all(abs(j['pairs'][0]['cohen_kappa_inference'][k]-v)<5e-5 for k,v in [('kappa',0.4842),('ase',0.1380),('lower',0.2137),('upper',0.7547),('ase0',0.1484),('z',3.2626),('p_one_sided',0.0006),('p_two_sided',0.0011)])"
"$bin" agree "$tmp/sas.csv" --weights linear --scores 1=0,2=1,3=2 > "$tmp/sasw.json"; rc=$?
check "agree --weights linear --scores = SAS weighted printout" json_true "$tmp/sasw.json" \
  "$rc==0 and all(abs(j['pairs'][0]['cohen_kappa_inference'][k]-v)<5e-5 for k,v in [('kappa',0.4701),('ase',0.1457),('ase0',0.1426),('z',3.2971)])"
"$bin" agree "$tmp/sas.csv" --scores 1=0,2=1 2> "$tmp/err.txt" > /dev/null; rc=$?
check "agree --scores without a label's score exits 1" test $rc -eq 1
"$bin" drift --help > "$tmp/help.txt"
check "drift --help lists the new options" bash -c "grep -q -- '--alpha' '$tmp/help.txt' && grep -q -- '--mode' '$tmp/help.txt' && grep -q -- 'cusum-warmup' '$tmp/help.txt' && grep -q -- '--ddof' '$tmp/help.txt'"
"$bin" agree --help > "$tmp/ahelp.txt"
check "agree --help lists --fleiss-method" has "$tmp/ahelp.txt" "--fleiss-method"
check "agree --help lists --scores, --coincidences, --distance" bash -c "grep -q -- '--scores' '$tmp/ahelp.txt' && grep -q -- '--coincidences' '$tmp/ahelp.txt' && grep -q -- '--distance' '$tmp/ahelp.txt'"
exit $fail
