#!/usr/bin/env bash
# Whole-program throughput of `vigil scan` over a generated multilingual corpus (~MB of JSONL built
# from the bundled test data, repeated), next to `cat` of the same file as the I/O baseline.
# Prints MB/s and messages/s. Usage: bench/scan_throughput.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-20}"
VIGIL=build/release/vigil
corpus=$(mktemp --suffix=.jsonl)
trap 'rm -f "$corpus"' EXIT
src=$(cat tests/functional/cases/*.jsonl tests/data/benign/*.jsonl deploy/sample/feed.jsonl)
while [ "$(stat -c %s "$corpus")" -lt $((MB * 1000000)) ]; do printf '%s\n' "$src" >> "$corpus"; done
lines=$(wc -l < "$corpus")
bytes=$(stat -c %s "$corpus")
echo "corpus: $lines messages, $((bytes / 1000000)) MB (functional suite + benign corpus + sample feed, repeated)"
t0=$(date +%s.%N); cat "$corpus" > /dev/null; t1=$(date +%s.%N)
"$VIGIL" scan --all "$corpus" > /dev/null 2> /tmp/vigil-scan-bench.err
t2=$(date +%s.%N)
python3 - "$bytes" "$lines" "$t0" "$t1" "$t2" <<'PY'
import sys
b, n, t0, t1, t2 = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
scan = t2 - t1
print(f"vigil scan --all: {b/1e6/scan:.1f} MB/s, {n/scan:,.0f} messages/s ({scan:.2f} s wall, lexicon load included)")
print(f"cat baseline:     {b/1e6/max(t1-t0,1e-6):.0f} MB/s")
PY
tail -1 /tmp/vigil-scan-bench.err
