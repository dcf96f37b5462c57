#!/usr/bin/env bash
# The HTML and PDF reports of a scan of the bundled example projects, and a PNG of the PDF's
# title page to look at without a PDF viewer:
#   bash packaging/report-example.sh [OUTDIR]      (default build/report-example)
# Needs what `bash packaging/setup.sh --no-run` gives (a build and a Docker engine); installs
# poppler-utils for pdftoppm when it is missing. The scan is recorded in a history of its own,
# so the report covers just this scan.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/build/report-example}
CLI="$ROOT/build/dev/app/fuzzforge-cli"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x "$CLI" ]; then
  echo "report-example.sh: $CLI is missing; run bash packaging/setup.sh --no-run first" >&2
  exit 1
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  log "Installing poppler-utils (pdftoppm)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends poppler-utils
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
tmp=$(mktemp -d /tmp/fuzzforge-report-example.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# No display needed: the PDF's text is laid out off screen.
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then export QT_QPA_PLATFORM=offscreen; fi

log "fuzzforge-cli scan resources/examples (reports in $OUT)"
# --fail-on is not given: findings are what this scan is for, and its exit code says whether
# the runs themselves worked.
"$CLI" scan "$ROOT/resources/examples" --quiet --database "sqlite:$tmp/history.db" \
  --title "FuzzForge example projects" \
  --report "html:$OUT/report.html" --report "pdf:$OUT/report.pdf"

for f in report.html report.pdf; do
  if [ ! -s "$OUT/$f" ]; then
    echo "report-example.sh: the scan wrote no $f" >&2
    exit 1
  fi
done
rm -f "$OUT/report-title.png"
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$OUT/report.pdf" "$OUT/report-title"

log "Reports written"
echo "  HTML:               $OUT/report.html"
echo "  PDF:                $OUT/report.pdf ($(pdfinfo "$OUT/report.pdf" | awk '/^Pages:/ {print $2}') pages)"
echo "  PDF's title page:   $OUT/report-title.png"
