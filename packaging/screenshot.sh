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

export ROOT OUT
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  set -u
  since=$(date +%s)
  "$ROOT/build/dev/app/fuzzforge" --workflows "$ROOT/packaging/demo-workflows" --scan \
      -w c-cpp-static -w demo-activity --param demo-activity.seconds=120 \
      "$ROOT/resources/examples/vulnerable-c" >"$HOME/fuzzforge.log" 2>&1 &
  app=$!
  # Mid-scan: the static analysis has finished (its container is gone: the engine says so,
  # even when it was quick) while the demo is still busy. Images may be built first.
  done=""
  for _ in $(seq 1 450); do
    if docker events --since "$since" --until "$(date +%s)" --filter type=container \
         --filter event=destroy --filter label=org.fuzzforge.workflow=c-cpp-static | grep -q .; then
      done=1; break
    fi
    sleep 2
  done
  if [ -z "$done" ]; then
    echo "screenshot.sh: the static analysis did not finish in 15 minutes" >&2
    tail -20 "$HOME/fuzzforge.log" >&2; kill $app; exit 1
  fi
  docker ps -q --filter label=org.fuzzforge.workflow=demo-activity | grep -q . \
    || { echo "screenshot.sh: the demo run is not running" >&2; tail -20 "$HOME/fuzzforge.log" >&2; kill $app; exit 1; }
  sleep 6 # the findings view, the log and the graphs take in what just happened
  import -window root "$OUT"
  kill $app
  wait $app || true
'
echo "screenshot: $OUT"
