#!/usr/bin/env python3
"""`vigil run --demo` (what `make demo` runs): embedded broker, sample feed replayed, alerts printed,
exit 0 once the feed is processed. The alerts printed must be exactly what `vigil scan` flags.

Usage: demo_e2e.py VIGIL SOURCE_DIR
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util as u  # noqa: E402


def main():
    vigil, src = sys.argv[1], sys.argv[2]
    feed = os.path.join(src, "deploy/sample/feed.jsonl")
    expected = u.scan_flagged(vigil, feed)
    out = subprocess.run([vigil, "run", "--demo", "--no-metrics"], capture_output=True, timeout=120)
    stdout = out.stdout.decode()
    assert out.returncode == 0, f"exit {out.returncode}: {out.stderr.decode()[-2000:]}"
    printed = {m.group(1) for m in re.finditer(r"^\[\w+ [\d.]+\] (.+?)(?: \([^)]*\))?: ", stdout, re.M)}
    assert printed == expected, f"printed {sorted(printed)[:5]}..., expected {sorted(expected)[:5]}..."
    summary = stdout.strip().splitlines()[-1]
    m = re.match(r"vigil: (\d+) messages processed, (\d+) alerts", summary)
    assert m, summary
    with open(feed) as f:
        n = sum(1 for line in f if line.strip())
    assert int(m.group(1)) == n and int(m.group(2)) == len(expected), summary
    print(f"demo: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
