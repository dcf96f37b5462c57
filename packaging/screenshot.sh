#!/usr/bin/env bash
# A screenshot of the main window mid-scan, as the analyst sees it, made under Xvfb:
#   bash packaging/screenshot.sh [OUT.png]      (default build/screenshots/mainwindow-midscan.png)
# It scans the bundled C example with c-cpp-static and the demo workflow (which works for a
# while with a steady log and CPU use), waits until the static analysis has finished and the
# demo is busy, and takes the picture. Settings and history are fresh ones in a temporary
# folder, so the default layout is what is shown.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/build/screenshots/mainwindow-midscan.png}
export FUZZFORGE_EXTRA_PACKAGES="xvfb xauth imagemagick ${FUZZFORGE_EXTRA_PACKAGES:-}"
bash "$ROOT/packaging/setup.sh" --no-run
mkdir -p "$(dirname "$OUT")"
tmp=$(mktemp -d /tmp/fuzzforge-screenshot.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
export FUZZFORGE_DATABASE_URL="sqlite:$tmp/history.db"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM

running() { docker ps -q --filter "label=org.fuzzforge.workflow=$1" | grep -q .; }

export ROOT OUT
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  set -u
  "$ROOT/build/dev/app/fuzzforge" --workflows "$ROOT/packaging/demo-workflows" --scan \
      -w c-cpp-static -w demo-activity --param demo-activity.seconds=90 \
      "$ROOT/resources/examples/vulnerable-c" >"$HOME/fuzzforge.log" 2>&1 &
  app=$!
  running() { docker ps -q --filter "label=org.fuzzforge.workflow=$1" | grep -q .; }
  # The images may have to be built first: up to 10 minutes for the demo to start.
  for _ in $(seq 1 600); do running demo-activity && break; sleep 1; done
  running demo-activity || { echo "screenshot.sh: the demo run never started" >&2; tail -20 "$HOME/fuzzforge.log" >&2; kill $app; exit 1; }
  # Mid-scan: the static analysis is done (its findings are shown), the demo is busy.
  sleep 5
  for _ in $(seq 1 300); do running c-cpp-static || break; sleep 1; done
  sleep 8
  import -window root "$OUT"
  kill $app
  wait $app || true
'
echo "screenshot: $OUT"
