#!/usr/bin/env bash
# Times two builds of sourcefacts on one corpus, alternating run by run,
# so that the machine's own drift (about 0.3 s on a 5.5 s archive run on
# the 2-core machine) falls on both alike. Prints each run, then each
# build's best, median and worst wall and CPU time.
#
#   scripts/paired-time.sh OLD_BINARY NEW_BINARY CORPUS [RUNS]
#
# Build the old binary from another commit with a worktree, e.g.
#   git worktree add /tmp/old HEAD~3 && cargo build --release \
#     --manifest-path /tmp/old/Cargo.toml --target-dir /tmp/old-target
set -euo pipefail
old=${1:?old binary}; new=${2:?new binary}; corpus=${3:?corpus}; runs=${4:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The corpus read once, untimed: after large builds the kernel had
# dropped parts of the archive from the page cache (64 of its files, in
# session 33), and the first timed run, whichever build, waited on the disk.
find "$corpus" -type f -exec cat {} + >/dev/null
for _ in $(seq "$runs"); do
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    rm -rf "$out/o"
    /usr/bin/time -f "$which %e %U %S %M" -a -o "$out/times" \
      "$bin" run "$corpus" --out "$out/o" --full --no-cache --quiet --no-summary
    tail -1 "$out/times" | awk '{printf "%s wall %s s  user %s s  sys %s s  peak RSS %d MB\n", $1, $2, $3, $4, $5/1024}'
  done
done
# Best, median and worst of each build's wall and CPU (user + sys) time.
summary() { # NAME COLUMN_EXPRESSION
  awk -v k="$1" '$1 == k {print '"$2"'}' "$out/times" | sort -g | awk '
    {v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "%.2f / %.2f / %.2f s", v[1], m, v[NR]}'
}
for which in old new; do
  echo "$which: wall $(summary "$which" '$2') (best / median / worst), CPU $(summary "$which" '$3 + $4') ($runs runs)"
done
