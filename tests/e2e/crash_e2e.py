#!/usr/bin/env python3
"""Crash test: `kill -9` of `vigil run` in the middle of a 100,000-message stream (against a separate
`vigil broker` process), restart, and check that every input that should alert has an alert.
Duplicates are allowed (at-least-once) and counted; a missing alert fails the test.

Usage: crash_e2e.py VIGIL SOURCE_DIR [MESSAGES]
"""
import glob
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util as u  # noqa: E402


def make_stream(src, path, n):
    """`n` messages of about 300 bytes from the sample feed and the benign corpora, unique ids."""
    texts = []
    for f in [os.path.join(src, "deploy/sample/feed.jsonl")] + sorted(glob.glob(os.path.join(src, "tests/data/benign/*.jsonl"))):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    m = json.loads(line)
                    texts.append((m["text"], m.get("lang", "")))
    rnd = random.Random(7)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            text, lang = texts[i % len(texts)]
            while len(text.encode()) < 200:
                text += " " + rnd.choice(texts)[0]
            channel = f"chan-{i % 64}"
            msg = {"id": f"c-{i}", "text": text[:400], "lang": lang, "source": {"platform": "e2e", "channel": channel}}
            out.write(channel + "\t" + json.dumps(msg, ensure_ascii=False) + "\n")


def main():
    vigil, src = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    u.need_kcat()
    work = tempfile.mkdtemp(prefix="vigil-crash-")
    keyed = os.path.join(work, "stream.tsv")
    make_stream(src, keyed, n)
    values = os.path.join(work, "stream.jsonl")
    with open(keyed, encoding="utf-8") as f, open(values, "w", encoding="utf-8") as g:
        for line in f:
            g.write(line.split("\t", 1)[1])
    expected = u.scan_flagged(vigil, values)
    print(f"crash: {n} messages, {len(expected)} should alert", flush=True)

    # The mock cluster keeps at most 5 MB per partition (older data is dropped): 16 partitions hold
    # the ~40 MB stream with room to spare.
    broker = u.Broker(vigil, ["vigil.input", "vigil.alerts", "vigil.dead-letters"], partitions=16)
    log = os.path.join(work, "run.log")
    run = None
    try:
        # The stream goes in two halves: the second is produced only after the kill, so the kill always
        # lands mid-stream however fast this machine processes the first half.
        first, second = os.path.join(work, "first.tsv"), os.path.join(work, "second.tsv")
        with open(keyed, encoding="utf-8") as f:
            lines = f.readlines()
        with open(first, "w", encoding="utf-8") as f:
            f.writelines(lines[: len(lines) // 2])
        with open(second, "w", encoding="utf-8") as f:
            f.writelines(lines[len(lines) // 2:])
        u.kcat_produce(broker.bootstrap, "vigil.input", first, keyed=True)
        run = u.Run(vigil, broker.bootstrap, log)
        # Kill as soon as alerts are flowing. (Waiting for a quarter of them raced on a loaded CI
        # machine: each poll re-reads the alert topic, and the whole stream could finish between two
        # polls, leaving nothing in flight to lose.)
        deadline = time.time() + 120
        seen = 0
        while time.time() < deadline:
            seen = len(u.kcat_read(broker.bootstrap, "vigil.alerts", fmt="%o\n"))
            if seen >= min(200, len(expected) // 10):
                break
            time.sleep(0.05)
        run.kill9()
        run = None
        before = len(u.alert_ids(broker.bootstrap))
        assert before < len(expected), "the stream finished before the kill: nothing tested"
        print(f"crash: killed -9 with {before} alerts out", flush=True)

        u.kcat_produce(broker.bootstrap, "vigil.input", second, keyed=True)
        run = u.Run(vigil, broker.bootstrap, log)
        deadline = time.time() + 300
        ids = []
        while time.time() < deadline:
            ids = u.alert_ids(broker.bootstrap)
            if expected <= set(ids):
                break
            time.sleep(1)
        rc = run.terminate()
        run = None
        missing = expected - set(ids)
        unexpected = set(ids) - expected
        dups = len(ids) - len(set(ids))
        print(f"crash: {len(set(ids))} of {len(expected)} alerts present, {len(missing)} lost, "
              f"{dups} duplicates, {len(unexpected)} unexpected; restarted run exited {rc}", flush=True)
        assert not missing, f"lost alerts, e.g. {sorted(missing)[:10]}"
        assert not unexpected, f"unexpected alerts, e.g. {sorted(unexpected)[:10]}"
        assert rc == 0
    finally:
        if run:
            run.kill9()
        broker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
