#!/usr/bin/env bash
# Measures the reduce apart from the map: for each corpus given, lists it,
# extracts it in N shards (one after the other, all cores each), then times
# `sourcefacts reduce` over the parts: wall, CPU, peak RSS, distinct names,
# and the parts' size. One line per corpus.
#
#   scripts/measure-reduce.sh [--shards N] CORPUS...
set -euo pipefail
cd "$(dirname "$0")/.."
shards=8
if [ "${1:-}" = --shards ]; then shards=$2; shift 2; fi
cargo build --release -q --bin sourcefacts
bin=target/release/sourcefacts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "%-40s %8s %10s %9s %8s %8s %9s %9s\n" corpus MB units names map_s reduce_s cpu_s rss_MB
for corpus in "$@"; do
  rm -rf "$tmp"/*
  "$bin" list "$corpus" > "$tmp/files.jsonl"
  split -n "l/$shards" -d "$tmp/files.jsonl" "$tmp/shard."
  start=$(date +%s.%N)
  for f in "$tmp"/shard.*; do
    "$bin" extract --corpus-root "$corpus" --out "$tmp/part-${f##*.}" --quiet --no-summary < "$f"
  done
  mapped=$(date +%s.%N)
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$bin" reduce "$tmp"/part-* --out "$tmp/out" --quiet > "$tmp/summary"
  read -r wall user sys rss < "$tmp/time"
  names=$(grep -o 'reduced [0-9]* distinct names' "$tmp/summary" | cut -d' ' -f2)
  mb=$(awk '{s+=$0} END {printf "%.0f", s/1e6}' < <(grep -o '"bytes":[0-9]*' "$tmp/files.jsonl" | cut -d: -f2))
  units=$(wc -l < "$tmp/files.jsonl")
  printf "%-40s %8s %10s %9s %8.1f %8.2f %9.2f %9.0f\n" "$(basename "$corpus")" "$mb" "$units" "$names" \
    "$(echo "$mapped - $start" | bc)" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
  du -sh "$tmp"/part-* | awk '{print $1}' | tr '\n' ' ' | sed 's/^/  part sizes: /'; echo
done
