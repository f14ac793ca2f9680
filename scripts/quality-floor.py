#!/usr/bin/env python3
"""The quality floor: score today's output on the seeds, the field set and
two public benchmarks (TempEval-3 dates, Medstract acronyms) with
../shared/tools/score.py and fail when any figure falls below
quality/floor.csv. The floor is only ever raised (see quality/README.md).

    scripts/quality-floor.py [--bin target/release/sourcefacts] [--raise]

--raise rewrites floor.csv with today's figures where they are higher.
Exits 0 with a message when ../shared is absent (a clone without it).
"""
import csv
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
FLOOR = os.path.join(ROOT, "quality", "floor.csv")
# set name -> (gold folder, documents folder, extra options)
SETS = {
    "seeds": ("gold", "seeds", []),
    "field": ("field", "field/docs", []),
    # Public benchmarks, scored as scripts/eval-external.sh scores them.
    "tempeval3_date": ("external/tempeval3_date", "external/tempeval3_date/docs",
                       ["--vague", "--doc-dates", "external/tempeval3_date/dct.csv"]),
    "medstract": ("external/acronyms_medstract", "external/acronyms_medstract/docs", []),
}


def score(binary, gold, docs, extra):
    """Runs the binary on docs and returns {(table, metric): value}."""
    extra = [os.path.join(SHARED, a) if a.endswith(".csv") else a for a in extra]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, "run", docs, "--out", out, "--quiet", "--no-summary", "--full", *extra], check=True)
        text = subprocess.run(
            [sys.executable, os.path.join(SHARED, "tools", "score.py"), gold, out],
            check=True, capture_output=True, text=True,
        ).stdout
    figures = {}
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        for key, value in re.findall(r"(\w+)=([0-9.]+)\b", line):
            figures[(parts[0], key)] = float(value)
    return figures


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "target", "release", "sourcefacts")
    if "--bin" in args:
        binary = args[args.index("--bin") + 1]
    if not os.path.isdir(SHARED):
        print("quality floor: ../shared is absent, not checked")
        return 0
    with open(FLOOR, newline="") as f:
        rows = list(csv.DictReader(f))
    wanted = {row["set"] for row in rows}
    scores = {name: score(binary, os.path.join(SHARED, g), os.path.join(SHARED, d), extra)
              for name, (g, d, extra) in SETS.items() if name in wanted}
    failed = 0
    for row in rows:
        got = scores[row["set"]].get((row["table"], row["metric"]))
        floor = float(row["floor"])
        if got is None:
            print(f"MISSING {row['set']} {row['table']} {row['metric']}: no figure")
            failed += 1
        elif got + 1e-9 < floor:
            print(f"BELOW   {row['set']} {row['table']} {row['metric']}: {got} < floor {floor}")
            failed += 1
        else:
            print(f"ok      {row['set']} {row['table']} {row['metric']}: {got} (floor {floor})")
            if "--raise" in args and got > floor:
                row["floor"] = f"{got:.1f}"
    if "--raise" in args and not failed:
        with open(FLOOR, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["set", "table", "metric", "floor"], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    print(f"quality-floor: {len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
