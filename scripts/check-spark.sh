#!/usr/bin/env bash
# The Spark path gives the tables of a single run: scripts/spark-run on the
# bundled corpus (default partitions) and on ../shared/field/docs (3
# partitions) must write output sets byte-identical to `sourcefacts run
# --no-cache` on the same folders, and every part must read in DuckDB
# (when the duckdb module is there). spark-run installs PySpark itself.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --bin sourcefacts
bin=target/release/sourcefacts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() {
  local name=$1 corpus=$2; shift 2
  if [ ! -d "$corpus" ]; then echo "$name: $corpus absent, skipped"; return; fi
  scripts/spark-run "$corpus" "$tmp/$name-spark" --keep-parts "$@" 2>"$tmp/$name.log" >/dev/null || {
    echo "FAIL: spark-run on $corpus"; tail -20 "$tmp/$name.log"; status=1; return; }
  grep '^spark-run: [0-9]* files' "$tmp/$name.log" || true
  "$bin" run "$corpus" --out "$tmp/$name-run" --no-cache --quiet --no-summary
  if diff -r "$tmp/$name-spark" "$tmp/$name-run" >/dev/null; then
    echo "$name: spark-run and run give identical output sets ($(find "$tmp/$name-run" -type f | wc -l) files)"
  else
    echo "FAIL: $name: spark-run and run differ"; diff -rq "$tmp/$name-spark" "$tmp/$name-run" | sed -n 1,10p; status=1
  fi
  if python3 -c "import duckdb" 2>/dev/null; then
    python3 - "$tmp/$name-spark.parts" <<'PY' || status=1
import duckdb, glob, sys
files = sorted(glob.glob(sys.argv[1] + "/part-*/units.parquet"))
n = duckdb.sql("select count(*) from read_parquet(%r)" % files).fetchall()[0][0]
print("  %d parts read in DuckDB: %d units" % (len(files), n))
PY
  fi
}
check corpus corpus
check field ../shared/field/docs --partitions 3
exit $status
