#!/usr/bin/env bash
# Instructions and (simulated) branch mispredictions per decision of the warmed-up period
# loop: cachegrind on bench/loop.js at two horizons, subtracted, so start-up and compilation
# cancel out. Deterministic enough (±5% between runs: the compiler's background timing
# differs) to judge changes that wall-clock time on a shared machine cannot.
#
#   bench/instructions.sh [DIST] [T1] [T2]     (defaults: dist 30 90; 4,000 customers)
#
# Needs valgrind (apt-get install -y valgrind) and a build (npm run build).
set -euo pipefail
DIST=${1:-dist}; T1=${2:-30}; T2=${3:-90}; N=${N:-4000}
run() {
  valgrind --tool=cachegrind --cache-sim=no --branch-sim=yes --smc-check=all-non-file \
    --cachegrind-out-file=/dev/null node --predictable "$DIST/bench/loop.js" "$N" "$1" --from-start 2>&1
}
count() { grep -E "$1" <<<"$2" | head -1 | sed -E 's/.*:\s+([0-9,]+).*/\1/; s/,//g'; }
decisions() { grep -o '"decisions":[0-9]*' <<<"$1" | cut -d: -f2; }
a=$(run "$T1"); b=$(run "$T2")
ia=$(count 'I\s+refs' "$a"); ib=$(count 'I\s+refs' "$b")
ma=$(count 'Mispredicts' "$a"); mb=$(count 'Mispredicts' "$b")
da=$(decisions "$a"); db=$(decisions "$b")
awk -v i=$((ib - ia)) -v m=$((mb - ma)) -v d=$((db - da)) \
  'BEGIN { printf "instructions/decision %.0f  mispredicts/decision %.2f  (%d decisions)\n", i / d, m / d, d }'
