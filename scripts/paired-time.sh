#!/usr/bin/env bash
# Times two builds of sourcefacts on one corpus, alternating run by run,
# so that the machine's own drift (about 0.3 s on a 5.5 s archive run on
# the 2-core machine) falls on both alike. Prints each run, then the range
# of each build's wall and CPU time.
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
for _ in $(seq "$runs"); do
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    rm -rf "$out/o"
    /usr/bin/time -f "$which %e %U %S %M" -a -o "$out/times" \
      "$bin" run "$corpus" --out "$out/o" --full --no-cache --quiet --no-summary
    tail -1 "$out/times" | awk '{printf "%s wall %s s  user %s s  sys %s s  peak RSS %d MB\n", $1, $2, $3, $4, $5/1024}'
  done
done
awk '{w[$1]=w[$1]" "$2; c[$1]=c[$1]" "($3+$4)}
  END {for (k in w) {
    n=split(w[k], a, " "); m=split(c[k], b, " ");
    lo=a[1]; hi=a[1]; for (i in a) {if (a[i]<lo) lo=a[i]; if (a[i]>hi) hi=a[i]}
    clo=b[1]; chi=b[1]; for (i in b) {if (b[i]<clo) clo=b[i]; if (b[i]>chi) chi=b[i]}
    printf "%s: wall %.2f to %.2f s, CPU %.2f to %.2f s (%d runs)\n", k, lo, hi, clo, chi, n}}' "$out/times" | sort
