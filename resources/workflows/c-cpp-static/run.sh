#!/bin/sh
# Runs cppcheck and flawfinder over /target; the outputs go to /results for FuzzForge to parse.
set -eu
min_level=$1
checks=$2
cp /opt/fuzzforge/versions.json /results/versions.json
echo "cppcheck: checking /target (--enable=$checks)"
cppcheck --xml --xml-version=2 --enable="$checks" --inconclusive --quiet \
  --suppress=missingIncludeSystem -j 2 /target 2> /results/cppcheck.xml
echo "flawfinder: scanning /target (minimum level $min_level)"
flawfinder --csv --dataonly --minlevel="$min_level" /target > /results/flawfinder.csv
echo "done"
