#!/usr/bin/python3
"""Independent reference values for the bench data (numpy + scikit-learn, Debian packages).

    /usr/bin/python3 tests/data/analytics/reference.py /tmp/bench-data/small

Cohen's kappa comes from scikit-learn's cohen_kappa_score; Fleiss' kappa and Krippendorff's
alpha are written out here from their published definitions (Fleiss 1971; Krippendorff 2011,
coincidence matrix) so that the C++ results are checked against a second implementation;
majority vote and gold accuracy are direct numpy computations.
"""
import json
import sys

import numpy as np
from sklearn.metrics import cohen_kappa_score

d = sys.argv[1]
a = np.loadtxt(f"{d}/annotations.csv", delimiter=",", skiprows=1, dtype=np.int64)
item, ann, lab = a[:, 0], a[:, 1], a[:, 2]
N, A, K = item.max() + 1, ann.max() + 1, lab.max() + 1
M = np.full((A, N), -1)
M[ann, item] = lab
both = (M[0] >= 0) & (M[1] >= 0)
out = {
    "cohen_kappa": cohen_kappa_score(M[0][both], M[1][both]),
    "cohen_kappa_quadratic": cohen_kappa_score(M[0][both], M[1][both], weights="quadratic"),
}
counts = np.zeros((N, K))
np.add.at(counts, (item, lab), 1)
n = counts.sum(1)[0]
p = counts.sum(0) / counts.sum()
P = ((counts ** 2).sum(1) - n) / (n * (n - 1))
out["fleiss_kappa"] = (P.mean() - (p ** 2).sum()) / (1 - (p ** 2).sum())


def alpha(level):
    m = (M >= 0).sum(0)
    keep = m >= 2
    o = np.zeros((K, K))
    for u in np.nonzero(keep)[0]:
        c = np.bincount(M[:, u][M[:, u] >= 0], minlength=K).astype(float)
        o += (np.outer(c, c) - np.diag(c)) / (m[u] - 1)
    nc = o.sum(1)
    nt = nc.sum()
    v = np.arange(K, dtype=float)
    d2 = (v[:, None] != v[None, :]).astype(float) if level == "nominal" else (v[:, None] - v[None, :]) ** 2
    return 1 - (nt - 1) * (o * d2).sum() / (np.outer(nc, nc) * d2).sum()


if N <= 200_000:
    out["krippendorff_alpha_nominal"] = alpha("nominal")
    out["krippendorff_alpha_interval"] = alpha("interval")
mv = np.argmax(counts, axis=1)  # argmax takes the first (smallest) label on ties
truth = np.fromfile(f"{d}/truth.i32", dtype="<i4")
out["majority_vote"] = {"n": int(N), "sum": int(mv.sum()), "head": mv[:10].tolist(),
                        "acc_truth": float((mv == truth).mean())}
g = np.loadtxt(f"{d}/gold.csv", delimiter=",", skiprows=1, dtype=np.int64)
gold = np.full(N, -1)
gold[g[:, 0]] = g[:, 1]
isg = gold[item] >= 0
accs = [float((lab[isg & (ann == j)] == gold[item[isg & (ann == j)]]).mean()) for j in range(A)]
out["gold_accuracy"] = {"n_annotators": int(A), "mean": float(np.mean(accs)), "first": accs[:5]}
print(json.dumps(out, indent=1))
