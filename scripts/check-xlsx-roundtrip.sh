#!/usr/bin/env bash
# Checks the workbook of `--format xlsx`: openpyxl (when installed) finds
# no formula cell; LibreOffice (headless) opens it and saves every sheet
# back as CSV, and no fact id, entity id or TIMEX value changed on the way
# (a spreadsheet must not read them as numbers or dates). Needs `soffice`;
# without it, says so and exits 0.
#
#   scripts/check-xlsx-roundtrip.sh [CORPUS]   # default: ../shared/field/docs, else corpus
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  echo "check-xlsx-roundtrip: soffice not found (apt-get install libreoffice-calc); skipped"
  exit 0
fi
corpus=${1:-../shared/field/docs}
[ -d "$corpus" ] || corpus=corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
target/release/sourcefacts run "$corpus" --out "$work/out" --format csv,xlsx --quiet --no-summary
# openpyxl, when installed, must find no formula cell in any sheet.
python3 - "$work/out/sourcefacts.xlsx" <<'PY'
import sys
try:
    import openpyxl
except ImportError:
    print("check-xlsx-roundtrip: openpyxl missing (pip install openpyxl); formula scan skipped")
    sys.exit(0)
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = formulas = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows():
        for c in row:
            cells += 1
            formulas += c.data_type == "f"
print(f"check-xlsx-roundtrip: openpyxl read {len(book.worksheets)} sheets, {cells} cells, {formulas} formulas")
sys.exit(1 if formulas else 0)
PY
# All sheets, UTF-8, comma-separated, one CSV per sheet (LibreOffice 7.2+).
(cd "$work" && soffice --headless --convert-to \
  'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  out/sourcefacts.xlsx >/dev/null 2>&1)
python3 - "$work" <<'PY'
import csv, glob, os, sys
work = sys.argv[1]
bad = 0
sheets = sorted(glob.glob(os.path.join(work, "sourcefacts-*.csv")))
if len(sheets) != 10:
    print(f"check-xlsx-roundtrip: {len(sheets)} sheets came back, 10 expected")
    sys.exit(1)
checked = 0
for sheet in sheets:
    table = sheet.rsplit("-", 1)[1][:-4]
    with open(os.path.join(work, "out", table + ".csv"), newline="") as f:
        want = list(csv.DictReader(f))
    with open(sheet, newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    cols = [c for c in ("fact_id", "entity_id", "anchor_fact_id", "value") if want and c in want[0]]
    if table == "troops":
        cols = [c for c in cols if c != "value"]
    for i, (w, g) in enumerate(zip(want, got)):
        for c in cols:
            checked += 1
            if w[c] != g.get(c, ""):
                bad += 1
                if bad <= 10:
                    print(f"{table} row {i + 2} {c}: {w[c]!r} became {g.get(c)!r}")
    if len(want) != len(got):
        bad += 1
        print(f"{table}: {len(want)} rows in CSV, {len(got)} in the sheet")
print("check-xlsx-roundtrip:", f"ok, {checked} ids and values unchanged" if bad == 0 else f"{bad} cells changed")
sys.exit(1 if bad else 0)
PY
