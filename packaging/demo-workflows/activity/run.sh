#!/bin/sh
# Prints a unit of "analysis" at a time for about SECONDS seconds, spinning the CPU in between,
# then reports one finding per C file of the project in SARIF.
seconds=${1:-30}
end=$(( $(date +%s) + seconds ))
i=0
while [ "$(date +%s)" -lt "$end" ]; do
  i=$((i + 1))
  echo "analysing unit $i"
  if [ $((i % 7)) -eq 0 ]; then echo "note: unit $i took the slow path" >&2; fi
  j=0
  while [ $j -lt 20000 ]; do j=$((j + 1)); done
done
{
  printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"activity","version":"1.0"}},"results":['
  sep=""
  for f in $(cd /target && find . -name '*.c' | sort); do
    printf '%s{"ruleId":"demo-review","level":"note","message":{"text":"Review %s"},' "$sep" "${f#./}"
    printf '"locations":[{"physicalLocation":{"artifactLocation":{"uri":"%s"},"region":{"startLine":1}}}]}' "${f#./}"
    sep=","
  done
  printf ']}]}\n'
} > /results/out.sarif
echo "done after $i units"
