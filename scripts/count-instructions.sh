#!/usr/bin/env bash
# Counts the instructions two builds of sourcefacts execute on one corpus
# (valgrind's cachegrind, one thread), the two runs side by side. Unlike
# wall or CPU time, the count does not drift with the machine, so a change
# of 1% shows. Prints each build's total, the total without SHA-256
# (valgrind runs it in software, where a real run uses the CPU's SHA
# instructions), and the functions whose counts moved most.
#
#   scripts/count-instructions.sh OLD_BINARY NEW_BINARY CORPUS
#   TOP=40 scripts/count-instructions.sh ...   # more functions listed (15)
#
# Build both binaries with CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1: with the
# default units, inlining shifts between builds and moves 40 to 140 M
# instructions from one function to another where the code did not change.
# Give each checkout its own --target-dir: two worktrees share the same
# relative paths, so cargo's fingerprints (file times) can take one's
# artifacts for the other's and hand back a stale binary (`cmp` the two).
# Counts undersell the lazy DFAs and automata, whose cost is cache misses:
# time those (docs/PERFORMANCE.md, session 19).
#
# A slice of the archive keeps it to a minute or two (valgrind runs about
# 50 times slower than the binary), e.g. every 10th file:
#   (cd ../shared/corpora/whitehouse && find . -type f -name '*.md' | sort | awk 'NR%10==0' \
#     | while read -r f; do mkdir -p "/tmp/slice10/$(dirname "$f")"; cp "$f" "/tmp/slice10/$f"; done)
# Needs valgrind (cachegrind, cg_annotate).
set -euo pipefail
old=${1:?old binary}; new=${2:?new binary}; corpus=${3:?corpus}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$work/$1.out" \
    "$2" run "$corpus" --out "$work/$1-out" --full --no-cache --quiet --no-summary --threads 1 \
    >"$work/$1.log" 2>&1
}
count old "$old" & count new "$new" & wait
# Per function, summed over the files it was inlined from.
per_function() {
  cg_annotate --auto=no "$work/$1.out" 2>/dev/null | awk '
    /file:function/ { on = 1; next }
    on && /^ *[0-9,]+ \(/ {
      v = $1; gsub(",", "", v); n = $0
      sub(/^[^)]*\) +/, "", n); sub(/^[^:]*:/, "", n); s[n] += v
    }
    END { for (k in s) printf "%d\t%s\n", s[k], k }' | sort -t$'\t' -k2
}
per_function old >"$work/old.tsv"
per_function new >"$work/new.tsv"
for which in old new; do
  total=$(grep -oE 'I +refs: +[0-9,]+' "$work/$which.log" | grep -oE '[0-9,]+$' | tr -d ,)
  sha=$(awk -F'\t' '$2 ~ /^sha2::/ { s += $1 } END { print s + 0 }' "$work/$which.tsv")
  printf '%s: %d instructions, %d without SHA-256\n' "$which" "$total" "$((total - sha))"
done
echo "largest changes (new - old), per function:"
join -t$'\t' -1 2 -2 2 -a1 -a2 -e0 -o '0,1.1,2.1' "$work/old.tsv" "$work/new.tsv" \
  | awk -F'\t' '{ d = $3 - $2; if (d < 0) a = -d; else a = d; printf "%d\t%+d\t%s\n", a, d, $1 }' \
  | sort -rn | head -${TOP:-15} | cut -f2,3
