#!/usr/bin/python3
"""Turns `localabel simulate` JSON outputs into learning-curves.png and the tables in README.md.

usage: /usr/bin/python3 docs/learning-curves/plot.py digits.json breast_cancer.json wine.json fortunes.json
(needs Debian's python3-matplotlib). Writes next to this script.
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
runs = [(os.path.splitext(os.path.basename(p))[0], json.load(open(p))) for p in sys.argv[1:]]
fig, axes = plt.subplots(1, len(runs), figsize=(5 * len(runs), 4.2))
if len(runs) == 1:
    axes = [axes]
for ax, (name, r) in zip(axes, runs):
    for s in r["strategies"]:
        style = dict(lw=2.2, color="black") if s["name"] == "random" else dict(lw=1.2)
        ax.plot(r["labels"], s["accuracy"], label=s["name"], **style)
    ax.axhline(r["target_accuracy"], color="grey", ls=":", lw=1)
    ax.axvline(r["reference_labels"], color="grey", ls=":", lw=1)
    ax.set_title("%s (%d seeds)" % (name, r["seeds"]))
    ax.set_xlabel("labels")
    ax.set_ylabel("test accuracy")
    lo = min(min(s["accuracy"][1:] or s["accuracy"]) for s in r["strategies"])
    ax.set_ylim(max(0.0, lo - 0.02), 1.0 if r["target_accuracy"] > 0.9 else r["target_accuracy"] + 0.1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=6, loc="lower right")
fig.tight_layout()
fig.savefig(os.path.join(here, "learning-curves.png"), dpi=90)

lines = []
for name, r in runs:
    lines.append("### %s\n" % name)
    lines.append("%d rows, %d classes, %d features; pool %d, test %d; %d seeds; initial %d, batch %d, C=%g. "
                 "Random sampling reaches %.4f at %d labels.\n"
                 % (r["rows"], r["classes"], r["features"], r["pool"], r["test"], r["seeds"],
                    r["initial"], r["batch"], r["c"], r["target_accuracy"], r["reference_labels"]))
    lines.append("| strategy | labels to reach random@%d | ratio |" % r["reference_labels"])
    lines.append("|---|---:|---:|")
    for s in r["strategies"]:
        if s["ratio"] is None:
            lines.append("| %s | not reached | - |" % s["name"])
        else:
            lines.append("| %s | %d | %.3f |" % (s["name"], s["labels_to_target"], s["ratio"]))
    lines.append("")
    # A thinned curve table: about 12 rows.
    step = max(1, len(r["labels"]) // 12)
    idx = list(range(0, len(r["labels"]), step))
    if idx[-1] != len(r["labels"]) - 1:
        idx.append(len(r["labels"]) - 1)
    lines.append("| labels | " + " | ".join(s["name"] for s in r["strategies"]) + " |")
    lines.append("|---:|" + "---:|" * len(r["strategies"]))
    for i in idx:
        lines.append("| %d | " % r["labels"][i] + " | ".join("%.4f" % s["accuracy"][i] for s in r["strategies"]) + " |")
    lines.append("")
open(os.path.join(here, "tables.md"), "w").write("\n".join(lines))
