#!/usr/bin/env bash
# Runs every benchmark and prints its figures (`make bench`). Figures are ratios against baselines
# measured in the same run; absolute numbers depend on the (shared, noisy) machine.
set -uo pipefail
cd "$(dirname "$0")/.."
for b in build/release/bench/*_bench; do
  [ -x "$b" ] || continue
  echo "== $b =="
  "$b" --benchmark_min_time=0.5 || echo "($b failed)"
done
echo "== whole-program scan throughput =="
bash bench/scan_throughput.sh 20
