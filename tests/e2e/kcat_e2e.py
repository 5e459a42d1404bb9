#!/usr/bin/env python3
"""End to end with independent clients: `vigil broker` in one process, `vigil run` in another, kcat
producing the sample feed (plus malformed lines) and reading the alert and dead-letter topics.

Usage: kcat_e2e.py VIGIL SOURCE_DIR
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util as u  # noqa: E402


def main():
    vigil, src = sys.argv[1], sys.argv[2]
    u.need_kcat()
    feed = os.path.join(src, "deploy/sample/feed.jsonl")
    expected = u.scan_flagged(vigil, feed)
    assert expected, "the sample feed should flag something"
    work = tempfile.mkdtemp(prefix="vigil-kcat-")
    malformed = os.path.join(work, "malformed.jsonl")
    with open(malformed, "wb") as f:
        f.write(b'{"id": "bad-1", "text": "unterminated\n')          # invalid_json
        f.write(b'{"id": "bad-2", "lang": "en"}\n')                   # missing_text
        f.write(b'{"id": "bad-3", "text": "caf\xc3\x28"}\n')          # invalid_utf8
        f.write(b'{"id": "bad-4", "text": "  "}\n')                   # empty
    broker = u.Broker(vigil, ["vigil.input", "vigil.alerts", "vigil.dead-letters"])
    run = None
    try:
        run = u.Run(vigil, broker.bootstrap, os.path.join(work, "run.log"))
        u.kcat_produce(broker.bootstrap, "vigil.input", feed)
        u.kcat_produce(broker.bootstrap, "vigil.input", malformed)
        deadline = time.time() + 90
        ids = []
        while time.time() < deadline:
            ids = u.alert_ids(broker.bootstrap)
            if expected <= set(ids):
                break
            time.sleep(0.5)
        missing = expected - set(ids)
        assert not missing, f"alerts missing for {sorted(missing)[:10]} ({len(missing)} of {len(expected)})"
        assert set(ids) == expected, f"unexpected alerts: {sorted(set(ids) - expected)[:10]}"
        assert len(ids) == len(expected), f"{len(ids) - len(expected)} duplicate alerts in a clean run"

        dead = []
        while time.time() < deadline and len(dead) < 4:
            dead = u.kcat_read(broker.bootstrap, "vigil.dead-letters", fmt="%h\n")
            time.sleep(0.3)
        reasons = sorted(h.split("vigil.reason=")[1].split(",")[0] for h in dead)
        assert reasons == ["empty", "invalid_json", "invalid_utf8", "missing_text"], reasons
        assert all("vigil.topic=vigil.input" in h and "vigil.offset=" in h for h in dead), dead

        rc = run.terminate()
        run = None
        assert rc == 0, f"vigil run exited {rc}"
        print(f"kcat e2e: {len(ids)} alerts for {len(expected)} expected, dead letters {reasons}")
    finally:
        if run:
            run.kill9()
        broker.stop()
    events = [e.get("event") for e in u.read_events(os.path.join(work, "run.log"))]
    assert "shutdown_complete" in events, events[-5:]
    return 0


if __name__ == "__main__":
    sys.exit(main())
