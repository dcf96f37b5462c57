#!/bin/sh
# Runs bandit over /target; exit status 1 only means "issues found".
set -u
case "$1" in low) sev=-l ;; medium) sev=-ll ;; high) sev=-lll ;; *) echo "bad severity $1" >&2; exit 2 ;; esac
case "$2" in low) conf=-i ;; medium) conf=-ii ;; high) conf=-iii ;; *) echo "bad confidence $2" >&2; exit 2 ;; esac
cp /opt/fuzzforge/versions.json /results/versions.json
echo "bandit: scanning /target (severity >= $1, confidence >= $2)"
bandit -r /target -f json -o /results/bandit.json "$sev" "$conf" \
  -x '/target/.git,/target/node_modules,/target/.venv'
status=$?
[ "$status" -le 1 ] || { echo "bandit failed with status $status" >&2; exit "$status"; }
echo "done"
