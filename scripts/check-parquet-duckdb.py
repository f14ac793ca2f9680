#!/usr/bin/env python3
"""Reads every Parquet table of `--format parquet` with DuckDB: the same
row count as the CSV table, offsets and counts as BIGINT. Without the
duckdb module (pip install duckdb), says so and exits 0.

    scripts/check-parquet-duckdb.py [CORPUS]   # default: ../shared/field/docs, else corpus
"""
import csv
import os
import subprocess
import sys
import tempfile

try:
    import duckdb
except ImportError:
    print("check-parquet-duckdb: the duckdb module is missing (pip install duckdb); skipped")
    sys.exit(0)

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "field", "docs")
if not os.path.isdir(corpus):
    corpus = os.path.join(root, "corpus")
subprocess.run(["cargo", "build", "--release", "-q"], cwd=root, check=True)
tables = ["documents", "dates", "troops", "acronyms", "bodies", "identifiers",
          "entities", "conflicts", "agreements", "figures"]
bad = 0
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out")
    subprocess.run([os.path.join(root, "target", "release", "sourcefacts"), "run", corpus,
                    "--out", out, "--format", "csv,parquet", "--quiet", "--no-summary"], check=True)
    con = duckdb.connect()
    for t in tables:
        path = os.path.join(out, "parquet", t + ".parquet")
        n = con.execute(f"select count(*) from '{path}'").fetchone()[0]
        with open(os.path.join(out, t + ".csv"), newline="") as f:
            rows = sum(1 for _ in csv.DictReader(f))
        types = dict((r[0], r[1]) for r in con.execute(f"describe select * from '{path}'").fetchall())
        ints = [c for c in ("start", "end", "line", "bytes", "mentions") if c in types]
        wrong = [c for c in ints if types[c] != "BIGINT"]
        if n != rows or wrong:
            bad += 1
            print(f"{t}: {n} rows in Parquet, {rows} in CSV; not BIGINT: {wrong}")
print("check-parquet-duckdb:", "ok, every table read" if bad == 0 else f"{bad} tables differ")
sys.exit(1 if bad else 0)
