#!/usr/bin/env python3
"""Prints criterion's latest results (target/criterion/<group>/<bench>/new/) as a Markdown
table: per-iteration min / median / max over the samples, and criterion's median estimate.

    python3 bench/scripts/criterion_table.py [target/criterion] [group-prefix]
"""
import json
import os
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"
prefix = sys.argv[2] if len(sys.argv) > 2 else ""


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


rows = []
for dirpath, _dirs, files in os.walk(root):
    if os.path.basename(dirpath) != "new" or "sample.json" not in files:
        continue
    with open(os.path.join(dirpath, "benchmark.json")) as f:
        meta = json.load(f)
    if not meta["group_id"].startswith(prefix):
        continue
    with open(os.path.join(dirpath, "sample.json")) as f:
        sample = json.load(f)
    with open(os.path.join(dirpath, "estimates.json")) as f:
        estimate = json.load(f)["median"]["point_estimate"]
    per_iter = sorted(t / n for t, n in zip(sample["times"], sample["iters"]))
    rows.append((meta["group_id"], meta["function_id"], per_iter, estimate))

print("| group | contender | min | median | max | criterion median |")
print("|---|---|---|---|---|---|")
for group, function, per_iter, estimate in sorted(rows):
    print(f"| {group} | {function} | {fmt(per_iter[0])} | {fmt(statistics.median(per_iter))} | "
          f"{fmt(per_iter[-1])} | {fmt(estimate)} |")
