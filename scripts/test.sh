#!/usr/bin/env bash
# The README's test command (via `make test`): release build tests (all labels), a bounded libFuzzer run
# of the normaliser, then the unit tests again under ASan + UBSan. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"

echo "== release build: unit, integration and e2e tests =="
ctest --preset release -j"$JOBS"

echo "== libFuzzer (clang, ASan + UBSan): normaliser, ${FUZZ_SECONDS:-60} s over the regression corpus =="
bash tests/fuzz/run_fuzz.sh "${FUZZ_SECONDS:-60}"

echo "== ASan + UBSan build: unit tests =="
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$JOBS"
ctest --preset asan-unit -j"$JOBS"
