#!/usr/bin/python3
"""Independent reference for localabel's seeded percentile bootstrap.

Re-implements the documented procedure (SplitMix64 seeded with the seed, unbiased draws of
n item indices with replacement by rejection of the lowest 2^64 mod n values, numpy's default
"linear" percentile of the defined resample values) on top of scikit-learn's
cohen_kappa_score, and writes bootstrap_reference.json next to this file. Input: the
Wikipedia "Cohen's kappa" proposal example (50 items, kappa 0.4) in proposals.csv.
Run: /usr/bin/python3 tests/data/agreement/bootstrap_reference.py
"""
import csv
import json
import math
import os

import numpy as np
from sklearn.metrics import cohen_kappa_score

M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        threshold = ((1 << 64) - n) % n
        while True:
            r = self.next()
            if r >= threshold:
                return r % n


here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "proposals.csv"))))
items = sorted({int(r["item"]) for r in rows})
by_item = {i: {} for i in items}
for r in rows:
    by_item[int(r["item"])][r["annotator"]] = r["label"]

out = {"input": "proposals.csv", "annotators": ["A", "B"], "cases": []}
for seed, resamples, confidence in [(42, 200, 0.95), (7, 300, 0.9)]:
    rng = SplitMix64(seed)
    values, undefined = [], 0
    for _ in range(resamples):
        draw = [items[rng.below(len(items))] for _ in items]
        a = [by_item[i]["A"] for i in draw]
        b = [by_item[i]["B"] for i in draw]
        k = cohen_kappa_score(a, b)
        if math.isnan(k):
            undefined += 1
        else:
            values.append(k)
    lo = float(np.percentile(values, 100 * (1 - confidence) / 2))
    hi = float(np.percentile(values, 100 * (1 + confidence) / 2))
    out["cases"].append({"coefficient": "cohen_kappa", "seed": seed, "resamples": resamples,
                         "confidence": confidence, "lower": lo, "upper": hi,
                         "undefined": undefined})
json.dump(out, open(os.path.join(here, "bootstrap_reference.json"), "w"), indent=2)
print(json.dumps(out, indent=2))
