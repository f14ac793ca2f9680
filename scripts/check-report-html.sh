#!/usr/bin/env bash
# Renders output/report.html in headless Chromium and checks that the page
# renders: every section is in the rendered DOM, and a screenshot is made.
# Usage: scripts/check-report-html.sh [REPORT.html] [SCREENSHOT.png]
# Installs Debian's chromium when missing (needs root and apt).
set -euo pipefail
cd "$(dirname "$0")/.."
report=$(realpath "${1:-output/report.html}")
shot=${2:-/tmp/sourcefacts-report.png}
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
profile=$(mktemp -d)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$profile")
dom=$(timeout 60 chromium "${flags[@]}" --dump-dom "file://$report" 2>/dev/null)
timeout 60 chromium "${flags[@]}" --window-size=1200,2400 --screenshot="$shot" "file://$report" >/dev/null 2>&1
rm -rf "$profile"
status=0
for id in summary conflicts agreements entities sources; do
  if ! grep -q "id=\"$id\"" <<<"$dom"; then echo "FAIL: section #$id missing from rendered DOM"; status=1; fi
done
[ -s "$shot" ] || { echo "FAIL: no screenshot written"; status=1; }
[ $status -eq 0 ] && echo "report renders: all sections present; screenshot $shot"
exit $status
