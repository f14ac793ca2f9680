#!/usr/bin/env bash
# Robustness at size: one ~1 GB document (the bundled corpus repeated) and a
# run over it, reporting wall time and peak RSS. Not part of `cargo test`:
# it needs ~1 GB of disk and a few minutes. Usage: scripts/big-file.sh [GB]
set -euo pipefail
cd "$(dirname "$0")/.."
gb=${1:-1}
dir=$(mktemp -d)
out=$(mktemp -d)
cargo build --release -q
target_bytes=$((gb * 1024 * 1024 * 1024))
cat corpus/*.txt > "$dir/chunk.txt"
: > "$dir/big.txt"
while [ "$(stat -c %s "$dir/big.txt")" -lt "$target_bytes" ]; do cat "$dir/chunk.txt" "$dir/chunk.txt" "$dir/chunk.txt" "$dir/chunk.txt" >> "$dir/big.txt"; done
rm "$dir/chunk.txt"
ls -l "$dir/big.txt"
/usr/bin/time -v target/release/sourcefacts run "$dir" --out "$out/o" 2>&1 | grep -E "sourcefacts:|dates|Elapsed|Maximum resident"
grep -c . "$out/o/dates.csv"
rm -rf "$dir" "$out"
