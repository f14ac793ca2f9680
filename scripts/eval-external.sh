#!/usr/bin/env bash
# Scores sourcefacts on the public gold sets in ../shared/external and the
# development set in ../shared/gold. Usage: scripts/eval-external.sh [OUT_ROOT]
# Prints one line per set; the README's quality tables come from this script.
set -euo pipefail
cd "$(dirname "$0")/.."
ext=../shared/external
out=${1:-$(mktemp -d)}
score=../shared/tools/score.py
cargo build --release -q
bin=target/release/sourcefacts

# The gold folders' `docs` entries are files holding a relative path.
docs_of() { local d="$1/docs"; if [ -f "$d" ]; then echo "$1/$(cat "$d")"; else echo "$d"; fi; }

"$bin" run "$(docs_of ../shared/gold)" --out "$out/dev" --quiet --no-summary
echo "== development set (../shared/gold)"
python3 "$score" ../shared/gold "$out/dev"

for set in tempeval3_date tempeval3; do
  "$bin" run "$(docs_of $ext/$set)" --out "$out/$set" --quiet --no-summary --vague \
    --doc-dates "$ext/$set/dct.csv"
  echo "== $set (--vague --doc-dates dct.csv)"
  python3 "$score" "$ext/$set" "$out/$set" | grep '^dates'
done

for set in medstract sh ab3p bioadi; do
  "$bin" run "$ext/acronyms_$set/docs" --out "$out/acronyms_$set" --quiet --no-summary
  echo "== acronyms_$set"
  python3 "$score" "$ext/acronyms_$set" "$out/acronyms_$set" | grep '^acronyms'
done
