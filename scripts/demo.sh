#!/usr/bin/env bash
# The README's demo command (via `make demo`): runs Vigil over the bundled sample feed and shows the alerts.
set -euo pipefail
cd "$(dirname "$0")/.."
VIGIL=build/release/vigil
if "$VIGIL" run --help >/dev/null 2>&1; then
  # The real pipeline: embedded Kafka broker, sample feed replayed into the input topic.
  exec "$VIGIL" run --demo
fi
echo "== vigil scan deploy/sample/feed.jsonl (text view) =="
"$VIGIL" scan --format text deploy/sample/feed.jsonl
