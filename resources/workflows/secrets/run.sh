#!/bin/sh
# Runs fuzzforge-secrets over /target; its SARIF goes to /results (values already redacted).
set -eu
min_confidence=$1
max_bytes=$(($2 * 1024))
printf '{"fuzzforge-secrets": "%s"}\n' "$(fuzzforge-secrets --version)" > /results/versions.json
echo "fuzzforge-secrets: scanning /target (confidence >= $min_confidence, files up to $2 KiB)"
fuzzforge-secrets --sarif /results/secrets.sarif --min-confidence "$min_confidence" \
  --max-file-size "$max_bytes" /target
echo "done"
