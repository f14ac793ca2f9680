#!/usr/bin/env bash
# Compares every table and report of the release binary against a saved
# set, on the bundled corpus, the probes, ../shared/field/docs, a
# generated 100 MB corpus and the White House archive
# (../shared/corpora/whitehouse): the check a refactoring must pass.
#
#   scripts/same-output.sh save DIR     # write today's outputs into DIR
#   scripts/same-output.sh check DIR    # run again and diff against DIR
#
# SOURCEFACTS_BIN=path checks another build of the same commit (say,
# scripts/build-pgo.sh's) against a set the release build saved.
#
# Prints one line per folder; exits 1 when any file differs.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?save or check}; dir=${2:?folder}
bin=${SOURCEFACTS_BIN:-target/release/sourcefacts}
gen=target/release/gen-corpus
cargo build --release -q --bins
[ -d /tmp/sourcefacts-g100 ] || "$gen" --mb 100 /tmp/sourcefacts-g100 >/dev/null
declare -A sets=([corpus]=corpus [probes]=tests/probes [field]=../shared/field/docs [g100]=/tmp/sourcefacts-g100 [whitehouse]=../shared/corpora/whitehouse)
status=0
for name in corpus probes field g100 whitehouse; do
  src=${sets[$name]}
  if [ ! -d "$src" ]; then echo "$name: $src absent, skipped"; continue; fi
  if [ "$mode" = save ]; then
    rm -rf "$dir/$name"; "$bin" run "$src" --out "$dir/$name" --full --quiet --no-summary --no-cache
    echo "$name: saved"
  else
    out=$(mktemp -d)
    "$bin" run "$src" --out "$out/o" --full --quiet --no-summary --no-cache
    if diff -rq "$dir/$name" "$out/o" >/dev/null; then echo "$name: identical"
    else echo "$name: DIFFERS"; diff -rq "$dir/$name" "$out/o" || true; status=1; fi
    rm -rf "$out"
  fi
done
exit $status
