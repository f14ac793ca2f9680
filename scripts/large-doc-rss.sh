#!/usr/bin/env bash
# Peak memory of a run over one large document (the bundled corpus repeated
# to MB megabytes), which the run cuts into sections: fails when the peak
# RSS passes LIMIT_MB. CI runs it at 256 MB; scripts/big-file.sh times the
# 1 GB case.
#
#   scripts/large-doc-rss.sh [MB] [LIMIT_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-256}; limit=${2:-600}
dir=$(mktemp -d); out=$(mktemp -d)
trap 'rm -rf "$dir" "$out"' EXIT
cargo build --release -q
mkdir "$dir/in"
cat corpus/*.txt corpus/*.txt corpus/*.txt corpus/*.txt > "$dir/chunk.txt"
: > "$dir/in/big.txt"
while [ "$(stat -c %s "$dir/in/big.txt")" -lt $((mb * 1024 * 1024)) ]; do
  cat "$dir/chunk.txt" "$dir/chunk.txt" "$dir/chunk.txt" "$dir/chunk.txt" >> "$dir/in/big.txt"
done
# The children's peak RSS, from the kernel (no GNU time needed).
peak_kb=$(python3 - "$dir/in" "$out/o" <<'PY'
import resource, subprocess, sys
subprocess.run(["target/release/sourcefacts", "run", sys.argv[1], "--out", sys.argv[2],
                "--quiet", "--no-summary", "--no-cache"], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
peak_mb=$((peak_kb / 1024))
echo "one ${mb} MB document: peak RSS ${peak_mb} MB (limit ${limit} MB)"
[ "$peak_mb" -le "$limit" ] || { echo "peak RSS over the limit" >&2; exit 1; }
