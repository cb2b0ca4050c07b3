#!/usr/bin/env bash
# `localabel simulate`: output shape, usage and input errors, and the digits acceptance check
# (scikit-learn's bundled digits from Debian's python3-sklearn: the best strategy reaches
# random sampling's accuracy at 1,000 labels with at most 40 % of those labels).
set -euo pipefail
cli="$1"
repo="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Iris (150 rows, no header): JSON with a curve per strategy and the summary fields.
"$cli" simulate --csv "$repo/tests/data/learning/iris.csv" --seeds 2 --initial 6 --batch 6 \
  --strategies margin,kcenter --out "$tmp/iris.json"
python3 - "$tmp/iris.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["rows"] == 150 and r["classes"] == 3 and r["pool"] + r["test"] == 150, r
names = [s["name"] for s in r["strategies"]]
assert names == ["random", "margin", "kcenter"], names
for s in r["strategies"]:
    assert len(s["accuracy"]) == len(r["labels"]) and all(0 <= a <= 1 for a in s["accuracy"])
assert r["labels"][0] == 6 and r["labels"][-1] == r["pool"]
assert r["strategies"][0]["labels_to_target"] <= r["reference_labels"]
PY

# Table format.
"$cli" simulate --csv "$repo/tests/data/learning/iris.csv" --seeds 1 --initial 6 --batch 20 \
  --strategies entropy --format table > "$tmp/iris.txt"
grep -q '^| labels | random | entropy |' "$tmp/iris.txt"

# Usage errors exit 2, bad input exits 1 with the line named.
set +e
"$cli" simulate --csv "$repo/tests/data/learning/iris.csv" --strategies nope 2> "$tmp/err"
[ $? -eq 2 ] || { echo "unknown strategy should exit 2"; exit 1; }
"$cli" simulate 2> "$tmp/err"
[ $? -eq 2 ] || { echo "missing data should exit 2"; exit 1; }
printf '1,2,0\n3,x,1\n4,5,1\n' > "$tmp/bad.csv"
"$cli" simulate --csv "$tmp/bad.csv" 2> "$tmp/err"
[ $? -eq 1 ] || { echo "bad CSV should exit 1"; exit 1; }
grep -q 'line 2, field 2' "$tmp/err" || { cat "$tmp/err"; exit 1; }
set -e

# Acceptance on digits (1,797 rows; pool 1,348, test 449).
digits=/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
gunzip -c "$digits" > "$tmp/digits.csv"
"$cli" simulate --csv "$tmp/digits.csv" --seeds 5 --initial 10 --batch 10 --budget 1000 \
  --reference 1000 --strategies least_confidence,margin,balanced_margin --out "$tmp/digits.json"
python3 - "$tmp/digits.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["reference_labels"] == 1000, r["reference_labels"]
print("digits: best", r["best"], "ratio", r["best_ratio"])
assert r["best_ratio"] is not None and r["best_ratio"] <= 0.40, r["best_ratio"]
PY
