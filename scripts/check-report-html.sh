#!/usr/bin/env bash
# Checks a run's report in headless Chromium:
# - report.html is under 3 MB and renders (layout done) in under 5 s;
# - the page fits 1280 px (no horizontal scroll), shows no raw markup
#   (`<sup>`, `**`, `](http`), and every section is there;
# - every SVG timeline the data calls for is there;
# - every link of the entry page, the full lists and the document pages
#   resolves (files and #anchors), and every conflict links to both of
#   its passages on document pages;
# - screenshots of the entry page and of one document page are written.
#
# Usage: scripts/check-report-html.sh OUT_DIR [SHOT_DIR]
# Installs Debian's chromium when missing (needs root and apt).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath "${1:?output folder of a run}")
shots=$(realpath -m "${2:-/tmp/sourcefacts-report-shots}")
mkdir -p "$shots"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
profile=$(mktemp -d)
probe="$out/.probe-report.html"
trap 'rm -rf "$profile" "$probe"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$profile" --window-size=1280,1000)

# The probe is the entry page plus a script at its end that measures what a
# person would see once the page is laid out: the time since navigation,
# the width, the SVGs and any raw markup in the rendered text.
sed 's#</body></html>#<script>(function(){var d=document.documentElement,t=document.body.innerText;d.setAttribute("data-probe-width",d.scrollWidth);d.setAttribute("data-probe-svg",document.querySelectorAll("svg").length);d.setAttribute("data-probe-raw",["<sup>","**","](http"].filter(function(m){return t.indexOf(m)>=0}).join(" ")||"none");d.setAttribute("data-probe-ms",Math.round(performance.now()));})();</script></body></html>#' \
  "$out/report.html" > "$probe"
dom=$(timeout 120 chromium "${flags[@]}" --dump-dom "file://$probe" 2>/dev/null)
# `sed -n 1p` reads its input whole: `head -1` would end the pipe early and
# the writer's SIGPIPE fail the script under pipefail.
attr() { grep -o "data-probe-$1=\"[^\"]*\"" <<<"$dom" | sed -n 1p | cut -d'"' -f2; }
width=$(attr width); svgs=$(attr svg); raw=$(attr raw); ms=$(attr ms)
size=$(stat -c %s "$out/report.html")
echo "report.html: $size bytes, rendered in ${ms:-?} ms, width ${width:-?} px at 1280, $svgs SVG, raw markup: ${raw:-?}"
status=0
fail() { echo "FAIL: $*"; status=1; }
[ -n "$ms" ] || fail "the page did not render"
[ "$size" -lt 3000000 ] || fail "report.html is $size bytes (limit 3 MB)"
[ -n "$ms" ] && [ "$ms" -lt 5000 ] || fail "rendering took ${ms:-?} ms (limit 5000)"
[ -n "$width" ] && [ "$width" -le 1280 ] || fail "the page is ${width:-?} px wide (limit 1280)"
[ "$raw" = none ] || fail "raw markup in the rendered text: $raw"
for id in summary conflicts figures agreements entities sources; do
  grep -q "id=\"$id\"" <<<"$dom" || fail "section #$id missing from the rendered DOM"
done

# Links, anchors, conflicts and timelines, checked on the files.
python3 - "$out" "${svgs:-0}" <<'EOF' || status=1
import csv, html, os, re, sys
out, svgs = sys.argv[1], int(sys.argv[2])
pages = [os.path.join(out, "report.html"), os.path.join(out, "report", "conflicts.html"),
         os.path.join(out, "report", "figures.html")]
docs = os.path.join(out, "report", "docs")
pages += sorted(os.path.join(docs, f) for f in os.listdir(docs)) if os.path.isdir(docs) else []
ids = {}
def ids_of(path):
    if path not in ids:
        ids[path] = set(re.findall(r'\bid="([^"]+)"', open(path, encoding="utf-8").read()))
    return ids[path]
bad, checked = [], 0
for page in pages:
    text = open(page, encoding="utf-8").read()
    for href in re.findall(r'href="([^"]+)"', text):
        href = html.unescape(href)
        if re.match(r"[a-z]+:", href):
            continue
        target, _, anchor = href.partition("#")
        path = os.path.normpath(os.path.join(os.path.dirname(page), target)) if target else page
        checked += 1
        if not os.path.isfile(path):
            bad.append(f"{page}: {href} (no file)")
        elif anchor and anchor not in ids_of(path):
            bad.append(f"{page}: {href} (no #{anchor})")
conflicts = list(csv.DictReader(open(os.path.join(out, "conflicts.csv"), encoding="utf-8")))
full = open(pages[1], encoding="utf-8").read()
cards = full.split('<div class="conflict item')[1:]
linked = sum(1 for c in cards if len(re.findall(r'href="\.\./report/docs/[^"#]+#[^"]+"', c)) >= 2)
series = {}
for f in csv.DictReader(open(os.path.join(out, "figures.csv"), encoding="utf-8")):
    if re.match(r"\d{4}", f["as_of"]):
        key = (f["force"], f["place"], f["service"], f["component"])
        series[key] = series.get(key, 0) + 1
wanted = min(8, sum(1 for n in series.values() if n >= 2))
print(f"links: {checked} checked in {len(pages)} pages, {len(bad)} broken; "
      f"conflicts: {len(conflicts)} in conflicts.csv, {len(cards)} on the full list, {linked} linked to both passages; "
      f"timelines: {svgs} SVG for {wanted} series with two dated statements or more")
ok = True
for b in bad[:10]:
    print("FAIL: broken link", b); ok = False
# The full list shows at most 1,000 in full (CONFLICTS_LISTED in src/report).
listed = min(len(conflicts), 1000)
if len(cards) != listed or linked != listed:
    print("FAIL: not every conflict is shown with links to both passages"); ok = False
if svgs < wanted:
    print("FAIL: fewer SVG timelines than series to draw"); ok = False
sys.exit(0 if ok else 1)
EOF

# Screenshots: the entry page, and the first document page of a conflict.
timeout 120 chromium "${flags[@]}" --window-size=1280,2400 --screenshot="$shots/report.png" "file://$out/report.html" >/dev/null 2>&1
doc=$(grep -o 'href="report/docs/[^"#]*' "$out/report.html" | sed -n 1p | cut -d'"' -f2)
if [ -n "$doc" ]; then
  timeout 120 chromium "${flags[@]}" --window-size=1280,1800 --screenshot="$shots/document.png" "file://$out/$doc" >/dev/null 2>&1
fi
[ -s "$shots/report.png" ] || fail "no screenshot of the entry page"
[ $status -eq 0 ] && echo "report checks passed; screenshots in $shots"
exit $status
