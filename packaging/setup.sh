#!/usr/bin/env bash
# Sets up a Debian 12 machine for FuzzForge and runs it: installs what is missing, makes sure a
# Docker engine answers and the base image exists, builds, then runs the main job (a scan of
# the bundled example projects).
#   bash packaging/setup.sh            install, build, run the main job (and the GUI on a display)
#   bash packaging/setup.sh --no-run   install and build only
#   FUZZFORGE_EXTRA_PACKAGES="..."     further Debian packages to install (the test script uses it)
# Re-running is fast: nothing is installed, pulled or rebuilt that is already there.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_MAIN=1
for arg in "$@"; do
  case "$arg" in
    --no-run) RUN_MAIN=0 ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

BASE_IMAGE="debian:bookworm-slim"
MIRROR="${FUZZFORGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite libqt6sql6-psql
  libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  libspdlog-dev libyaml-cpp-dev libarchive-dev libhttp-parser-dev fonts-dejavu-core
  libhyperscan-dev
  docker.io iptables debootstrap
)
# shellcheck disable=SC2206
PACKAGES+=(${FUZZFORGE_EXTRA_PACKAGES:-})

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages: all present"
    return
  fi
  log "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
}

engine_answers() { timeout 10 docker version >/dev/null 2>&1; }

start_engine() {
  if engine_answers; then
    log "Docker engine: answering"
    return
  fi
  if [ -n "${DOCKER_HOST:-}" ] && [[ "$DOCKER_HOST" != unix://* ]]; then
    echo "setup.sh: DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST" >&2
    exit 1
  fi
  log "Starting dockerd (log: /var/log/fuzzforge-dockerd.log)"
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl start docker || true
  fi
  if ! engine_answers; then
    # No init system to ask (containers, CI): run the daemon ourselves, detached.
    $SUDO rm -f /var/run/docker.pid
    $SUDO bash -c 'setsid nohup dockerd >/var/log/fuzzforge-dockerd.log 2>&1 < /dev/null &'
  fi
  for _ in $(seq 1 60); do
    engine_answers && { log "Docker engine: started"; return; }
    sleep 1
  done
  echo "setup.sh: dockerd did not come up; see /var/log/fuzzforge-dockerd.log:" >&2
  tail -20 /var/log/fuzzforge-dockerd.log >&2 || true
  exit 1
}

ensure_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "Base image $BASE_IMAGE: present"
    return
  fi
  log "Pulling $BASE_IMAGE"
  if timeout 300 docker pull "$BASE_IMAGE"; then
    return
  fi
  # No registry reachable (air-gapped networks, CI): build the same base from Debian's packages.
  log "No registry: building $BASE_IMAGE with debootstrap from $MIRROR"
  local rootfs
  rootfs=$(mktemp -d /tmp/fuzzforge-rootfs.XXXXXX)
  trap '$SUDO rm -rf "$rootfs"' RETURN
  $SUDO debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR"
  $SUDO rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  $SUDO tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$BASE_IMAGE"
  log "Base image $BASE_IMAGE: imported"
}

build() {
  log "Building (preset dev)"
  cd "$ROOT"
  if [ ! -f build/dev/CMakeCache.txt ]; then
    cmake --preset dev
  fi
  cmake --build --preset dev
}

install_packages
start_engine
ensure_base_image
build

if [ "$RUN_MAIN" -eq 1 ]; then
  log "fuzzforge-cli doctor"
  "$ROOT/build/dev/app/fuzzforge-cli" doctor
  # The main job: a real scan of the bundled example projects (C, Python, shell) with every
  # built-in workflow that applies. The first run builds the workflows' images.
  log "fuzzforge-cli scan resources/examples"
  "$ROOT/build/dev/app/fuzzforge-cli" scan "$ROOT/resources/examples" \
    --sarif "$ROOT/build/example-findings.sarif" --json "$ROOT/build/example-findings.json" \
    --report "html:$ROOT/build/example-report.html" --report "pdf:$ROOT/build/example-report.pdf"
  log "Findings written to build/example-findings.sarif and .json; reports: build/example-report.html and .pdf"
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
    log "Starting the GUI (the example projects open; the scan above is in History)"
    exec "$ROOT/build/dev/app/fuzzforge" "$ROOT/resources/examples"
  fi
fi
