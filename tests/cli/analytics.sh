#!/usr/bin/env bash
# CLI analytics commands on small inputs: values, formats, exit codes and error messages.
#   tests/cli/analytics.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/analytics"
. "$root/tests/cli/lib/checks.sh"

# Krippendorff (2011) worked example as a long CSV: nominal alpha 0.743, interval 0.849.
"$bin" agree "$data/krippendorff2011.csv" > "$tmp/agree.json"; rc=$?
check "agree exits 0" test $rc -eq 0
check "agree alpha nominal 0.743" python3 -c "
import json,sys; j=json.load(open('$tmp/agree.json'))
a=j['krippendorff_alpha']['value']; sys.exit(0 if abs(a-0.743)<5e-4 else 1)"
"$bin" agree "$data/krippendorff2011.csv" --level interval > "$tmp/agree_i.json"
check "agree alpha interval 0.849" python3 -c "
import json,sys; j=json.load(open('$tmp/agree_i.json'))
a=j['krippendorff_alpha']['value']; sys.exit(0 if abs(a-0.849)<5e-4 else 1)"
check "agree: Fleiss points to alpha on unequal raters" has "$tmp/agree.json" "Krippendorff"
"$bin" agree "$data/krippendorff2011.csv" --format table > "$tmp/agree.txt"
check "agree --format table" has "$tmp/agree.txt" "Krippendorff's alpha (nominal): 0.7434"

# Perfect agreement on one category: NaN (null) with a reason, not an error.
printf 'item,annotator,label\n1,a,x\n1,b,x\n2,a,x\n2,b,x\n' > "$tmp/one.csv"
"$bin" agree "$tmp/one.csv" > "$tmp/one.json"; rc=$?
check "single category exits 0" test $rc -eq 0
check "single category gives a reason" has "$tmp/one.json" "undefined_reason"

# Aggregation and gold.
"$bin" aggregate "$data/crowd.csv" --method majority > "$tmp/mv.json"
check "majority vote ties to smallest" python3 -c "
import json,sys; j=json.load(open('$tmp/mv.json'))
sys.exit(0 if [i['label'] for i in j['items']]==['cat','dog','cat'] else 1)"
"$bin" aggregate "$data/crowd.csv" > "$tmp/ds.json"; rc=$?
check "dawid-skene exits 0 and converges" python3 -c "
import json,sys; j=json.load(open('$tmp/ds.json')); sys.exit(0 if j['converged'] and $rc==0 else 1)"
"$bin" gold "$data/crowd.csv" --gold "$data/crowd_gold.csv" > "$tmp/gold.json"
check "gold lists errors" python3 -c "
import json,sys; j=json.load(open('$tmp/gold.json'))
bob=[a for a in j['annotators'] if a['annotator']=='bob'][0]
sys.exit(0 if bob['errors']==[{'item':'3','expected':'cat','given':'dog'}] and not bob['passed'] else 1)"
"$bin" annotators "$data/crowd.csv" --price 0.5 > "$tmp/ann.json"
check "annotators: median time and cost" python3 -c "
import json,sys; j=json.load(open('$tmp/ann.json'))
a=j['annotators'][0]; sys.exit(0 if a['median_seconds']==3 and a['cost']==1.5 else 1)"
"$bin" drift "$data/crowd.csv" --window 1 > "$tmp/drift.json"; rc=$?
check "drift exits 0" test $rc -eq 0

# Bad inputs: clear message naming the line, exit 1.
printf 'item,annotator,label\n1,a,x\n1,a,y\n' > "$tmp/dup.csv"
"$bin" agree "$tmp/dup.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "duplicate exits 1" test $rc -eq 1
check "duplicate names the lines" has "$tmp/err.txt" "lines 2 and 3"
"$bin" agree "$data/crowd.csv" --labels cat 2> "$tmp/err.txt" > /dev/null; rc=$?
check "label outside --labels exits 1" test $rc -eq 1
check "label outside --labels is named" has "$tmp/err.txt" "label 'dog' is not in the declared"
printf 'item,label\n9,cat\n' > "$tmp/badgold.csv"
"$bin" gold "$data/crowd.csv" --gold "$tmp/badgold.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "unknown gold item exits 1" test $rc -eq 1
check "unknown gold item named" has "$tmp/err.txt" "UnknownReference"
printf 'item,annotator,label,time\n1,a,x,NaN\n' > "$tmp/nan.csv"
"$bin" annotators "$tmp/nan.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "NaN time exits 1" test $rc -eq 1
check "NaN time names line 2" has "$tmp/err.txt" "line 2"
: > "$tmp/empty.csv"
"$bin" aggregate "$tmp/empty.csv" 2> "$tmp/err.txt" > /dev/null; rc=$?
check "empty input exits 1" test $rc -eq 1
check "empty input says so" has "$tmp/err.txt" "EmptyInput"
"$bin" agree 2> /dev/null; rc=$?
check "missing file is a usage error" test $rc -eq 2
"$bin" aggregate "$data/crowd.csv" --method nope 2> /dev/null; rc=$?
check "bad method is a usage error" test $rc -eq 2
exit $fail
