#!/usr/bin/env bash
# The README's test command (via `make test`): release build tests (all labels), then the unit tests
# again under ASan + UBSan. Prints ctest's summaries; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"

echo "== release build: unit, integration and e2e tests =="
ctest --preset release -j"$JOBS"

echo "== ASan + UBSan build: unit tests =="
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$JOBS"
ctest --preset asan-unit -j"$JOBS"
