#!/usr/bin/env python3
"""Draws a fixed random sample of rows from one table of an output folder,
for a person to judge by reading (precision is only seen that way).

    scripts/sample-rows.py OUT TABLE [--n 40] [--seed 1] [--rule RULE] [--merged]

`--merged` keeps only entities named two or more ways (entities.csv rows
whose `variants` hold ` | `): the merges to judge.

Prints a CSV with the row's doc, span, text, value columns and context,
plus an empty `judgement` column to fill in (right / wrong / unsure, and a
note). Judged samples are kept in quality/judged/.
"""
import argparse
import csv
import random
import sys

csv.field_size_limit(sys.maxsize)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("table")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rule")
    ap.add_argument("--merged", action="store_true")
    a = ap.parse_args()
    with open(f"{a.out}/{a.table}.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not a.rule or r.get("rule") == a.rule]
    if a.merged:
        rows = [r for r in rows if " | " in r.get("variants", "")]
    random.seed(a.seed)
    sample = random.sample(rows, min(a.n, len(rows)))
    keep = [c for c in ("severity", "kind", "key", "doc", "start", "end", "text", "value",
                        "short", "long", "type", "canonical", "variants", "docs",
                        "qualifier", "force", "location", "as_of", "context",
                        "doc_a", "value_a", "context_a", "doc_b", "value_b", "context_b",
                        "reason") if c in rows[0]]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(keep + ["judgement"])
    for r in sample:
        w.writerow([r[c].replace("\n", " ")[:600] for c in keep] + [""])
    print(f"# {len(sample)} of {len(rows)} rows, seed {a.seed}", file=sys.stderr)


if __name__ == "__main__":
    main()
