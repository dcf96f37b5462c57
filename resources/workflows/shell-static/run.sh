#!/bin/sh
# Runs shellcheck over the shell scripts of /target (by extension or by #! line).
set -u
severity=$1
cp /opt/fuzzforge/versions.json /results/versions.json
list=/tmp/shell-files
: > "$list"
find /target \( -name .git -o -name node_modules \) -prune -o -type f -print | while IFS= read -r f; do
  case "$f" in
    *.sh|*.bash|*.ksh|*.dash) echo "$f" >> "$list" ;;
    *) head -c 64 "$f" 2>/dev/null | head -n 1 | grep -Eq '^#!.*(/|env )(ba|da|k)?sh' && echo "$f" >> "$list" ;;
  esac
done
count=$(wc -l < "$list")
echo "shellcheck: $count script(s), severity >= $severity"
if [ "$count" -eq 0 ]; then
  echo '{"comments":[]}' > /results/shellcheck.json
  exit 0
fi
tr '\n' '\0' < "$list" | xargs -0 shellcheck -f json1 -S "$severity" > /results/shellcheck.json
status=$?
# xargs reports 123 when shellcheck exited 1 (issues found) for some batch.
[ "$status" -eq 0 ] || [ "$status" -eq 123 ] || { echo "shellcheck failed with status $status" >&2; exit "$status"; }
echo "done"
