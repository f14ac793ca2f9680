#!/usr/bin/env bash
# Times every trigger-gated pattern of the extractors on one corpus, one
# thread: per pattern, the time in Scan::captures and in the regex, the
# bytes searched, windows, matches, trigger hits visited and hit tests
# run, costliest first. This is how session 23 chose its targets
# (docs/PERFORMANCE.md). It applies scripts/gate-stats.patch (a timer
# around Scan::captures) to a scratch worktree of HEAD, never to the
# working tree, and builds that in a target folder of its own.
#
#   scripts/gate-stats.sh CORPUS [TOP]    # e.g. ../shared/corpora/whitehouse 20
#
# The times include the timer's own cost (tens of ns a call); compare
# patterns and builds measured by this script, not with plain runs. When
# gate.rs or main.rs change so that the patch no longer applies, the
# script says so: refresh the patch from an instrumented copy's diff.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(realpath "${1:?corpus}"); top=${2:-25}
target=${GATE_STATS_TARGET:-/tmp/sourcefacts-gate-stats}
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach -q "$work/src" HEAD
git -C "$work/src" apply "$root/scripts/gate-stats.patch" \
  || { echo "scripts/gate-stats.patch no longer applies to HEAD" >&2; exit 2; }
(cd "$work/src" && cargo build --release -q --bin sourcefacts --target-dir "$target")
GATE_STATS="$work/stats.txt" "$target/release/sourcefacts" run "$corpus" --out "$work/out" \
  --full --no-cache --quiet --no-summary --threads 1 >/dev/null
awk '{t += $1; r += $4} END {printf "gated searches: %.1f ms in all, %.1f ms in the regex\n", t, r}' "$work/stats.txt"
head -n "$top" "$work/stats.txt" | cut -c1-200
