#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset (clang, ASan + UBSan) and fuzzes the normaliser
# for a bounded time over the regression corpus. Exits non-zero on a crash, sanitizer report, leak,
# timeout or contract violation (the target aborts).
#
#   tests/fuzz/run_fuzz.sh [SECONDS]     # default 60; CI calls it with ~60
#
# New interesting inputs go to a scratch directory; add a crashing input (build/fuzz/crash-*) to
# tests/fuzz/corpus/normaliser/ once it is fixed, so it stays a regression test.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2 --target normaliser_fuzz

fuzzer="$root/build/fuzz/tests/fuzz/normaliser_fuzz"
corpus="$root/tests/fuzz/corpus/normaliser"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# First run the committed corpus on its own: a regression fails fast and clearly.
"$fuzzer" -runs=0 "$corpus"
# Then fuzz: new units are written to the scratch directory, the corpus is only read.
"$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -dict="$root/tests/fuzz/normaliser.dict" -artifact_prefix="$root/build/fuzz/" -print_final_stats=1 \
  "$scratch" "$corpus"
