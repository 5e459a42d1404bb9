#!/usr/bin/env python3
"""End-to-end test of Vigil's observability with a real Prometheus server.

    prometheus_e2e.py VIGIL_BINARY SOURCE_DIR

Starts, on loopback and on ports picked free at run time:
  1. `vigil run` against a broker address where nothing listens: /healthz must answer 200 and
     /readyz 503 naming group_joined (vigil_ready 0); SIGTERM must stop it cleanly.
  2. `vigil run` with an unloadable lexicon: it must either refuse to start or stay not ready with
     lexicons_loaded missing.
  3. `vigil broker` (the embedded Kafka-protocol broker), `vigil run` against it, and Debian's
     `prometheus` scraping it every second. Once /readyz answers 200, two batches are produced
     with kcat (the sample feed; then one message per dead-letter reason and part of the feed
     again), with a SIGHUP lexicon reload in between. The expected figures come from `vigil scan`
     on the same lines with the same lexicons and config. The test then asks Prometheus' HTTP API
     for every counter and checks it equals what was sent and flagged; it also reads the alert and
     dead-letter topics back, runs `promtool check metrics` on the live /metrics page, and stops
     everything with SIGTERM.

Exit status: 0 passed, 1 failed, 77 skipped (prometheus, kcat or `vigil run` missing). Every
process it starts is in its own session, dies with the test (PR_SET_PDEATHSIG) and is killed on
exit; every wait is bounded.
"""

import atexit
import collections
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77
SEVERITIES = ("offensive", "moderately_dangerous", "extremely_dangerous")
REASONS = ("invalid_json", "missing_text", "invalid_utf8", "oversize", "empty", "processing_error")
REGION_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")

PROCS = []  # (name, Popen)
TMP = tempfile.mkdtemp(prefix="vigil-prom-e2e-")
FAILURES = []


def log(msg):
    print(f"[prometheus_e2e {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def check(ok, what):
    if ok:
        log(f"ok    {what}")
    else:
        log(f"FAIL  {what}")
        FAILURES.append(what)
    return ok


# --- processes ---------------------------------------------------------------------------------

def _die_with_parent():
    os.setsid()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed if this test dies, even by SIGKILL
    except OSError:
        pass


def start(name, argv, **kw):
    out = open(os.path.join(TMP, f"{name}.log"), "wb")
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         preexec_fn=_die_with_parent, **kw)
    PROCS.append((name, p))
    log(f"started {name} (pid {p.pid}): {' '.join(argv)}")
    return p


def stop(p, timeout=30.0):
    """SIGTERM to the process group, SIGKILL after `timeout`. Returns the exit code."""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(10)
            return None  # did not stop in time
    return p.returncode


def tail(name, lines=25):
    try:
        with open(os.path.join(TMP, f"{name}.log"), "rb") as f:
            text = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join("      " + l for l in text[-lines:])
    except OSError:
        return "      (no log)"


def cleanup():
    for name, p in reversed(PROCS):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
    shutil.rmtree(TMP, ignore_errors=True)


def on_signal(signum, frame):
    cleanup()
    sys.exit(128 + signum)


atexit.register(cleanup)
signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)


# --- helpers -------------------------------------------------------------------------------------

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=5.0):
    """(status, body); status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
        return 0, ""


def wait_until(fn, timeout, what, interval=0.25, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = fn()
        if v:
            return v
        if proc is not None and proc.poll() is not None:
            log(f"{what}: process exited with {proc.returncode}")
            return None
        time.sleep(interval)
    log(f"timed out after {timeout:.0f} s waiting for {what}")
    return None


def write_config(path, brokers, metrics_port, lexicons):
    with open(path, "w") as f:
        f.write(
            "kafka:\n"
            f"  brokers: \"{brokers}\"\n"
            "  group_id: vigil-prometheus-e2e\n"
            "  input_topics: [vigil.input]\n"
            "  alert_topic: vigil.alerts\n"
            "  dead_letter_topic: vigil.dead-letters\n"
            "pipeline:\n"
            "  workers: 2\n"
            "  shutdown_deadline_seconds: 10\n"
            "lexicons:\n"
            f"  paths: [\"{lexicons}\"]\n"
            "  watch: false\n"
            "metrics:\n"
            f"  listen: \"127.0.0.1:{metrics_port}\"\n"
            "log:\n"
            "  level: info\n")


def readyz(port):
    status, body = http_get(f"http://127.0.0.1:{port}/readyz")
    try:
        doc = json.loads(body) if body else {}
    except ValueError:
        doc = {}
    return status, doc


def metric_value(page, series):
    for line in page.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return None


# --- Prometheus ------------------------------------------------------------------------------------

class Prometheus:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def query(self, expr):
        """{frozenset(labels.items()): value} for an instant query; None on error."""
        url = f"{self.base}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        status, body = http_get(url)
        if status != 200:
            return None
        doc = json.loads(body)
        if doc.get("status") != "success":
            return None
        out = {}
        for r in doc["data"]["result"]:
            out[frozenset(r["metric"].items())] = float(r["value"][1])
        return out

    def by(self, expr, label):
        """{label value: value} for a `sum by (label)` style query."""
        res = self.query(expr)
        if res is None:
            return None
        return {dict(k).get(label, ""): v for k, v in res.items()}

    def scalar(self, expr):
        res = self.query(expr)
        if not res:
            return None
        return next(iter(res.values()))


# --- phases ------------------------------------------------------------------------------------

def phase_not_ready_without_broker(vigil, lexicons):
    log("phase 1: no reachable broker -> alive but not ready")
    port = free_port()
    dead_broker = f"127.0.0.1:{free_port()}"  # nothing listens there
    cfg = os.path.join(TMP, "no-broker.yaml")
    write_config(cfg, dead_broker, port, lexicons)
    p = start("vigil-no-broker", [vigil, "run", "--config", cfg])
    healthy = wait_until(lambda: http_get(f"http://127.0.0.1:{port}/healthz")[0] == 200, 60, "/healthz", proc=p)
    if not check(healthy, "/healthz answers 200 while the broker is unreachable"):
        log("vigil run output:\n" + tail("vigil-no-broker"))
        stop(p)
        return
    # Give it time to (fail to) join: it must stay not ready, naming the group.
    statuses = []
    doc = {}
    for _ in range(6):
        status, doc = readyz(port)
        statuses.append(status)
        time.sleep(0.5)
    check(all(s == 503 for s in statuses), f"/readyz stays 503 without a broker (saw {statuses})")
    check(doc.get("ready") is False and "group_joined" in doc.get("missing", []),
          f"/readyz names group_joined as missing ({doc})")
    page = http_get(f"http://127.0.0.1:{port}/metrics")[1]
    check(metric_value(page, "vigil_ready") == 0, "vigil_ready is 0 while not ready")
    code = stop(p, 30)
    check(code == 0, f"SIGTERM stops an unready instance cleanly (exit {code})")


def phase_not_ready_without_lexicon(vigil):
    log("phase 2: unloadable lexicon -> never ready")
    port = free_port()
    bad = os.path.join(TMP, "bad-lexicons")
    os.makedirs(bad)
    with open(os.path.join(bad, "broken.yaml"), "w") as f:
        f.write("language: en\nentries:\n  - id: broken\n    indicator: no_such_indicator\n    terms: [x]\n")
    cfg = os.path.join(TMP, "bad-lexicon.yaml")
    write_config(cfg, f"127.0.0.1:{free_port()}", port, bad)
    p = start("vigil-bad-lexicon", [vigil, "run", "--config", cfg])

    def settled():
        if p.poll() is not None:
            return "exited"
        status, doc = readyz(port)
        return ("serving", status, doc) if status else None

    res = wait_until(settled, 60, "vigil run with a broken lexicon to exit or serve /readyz")
    if res == "exited":
        out = tail("vigil-bad-lexicon", 200)
        check(p.returncode != 0 and "no_such_indicator" in out,
              f"a broken lexicon at start-up stops vigil run with the error (exit {p.returncode})")
        if "no_such_indicator" not in out:
            log("vigil run output:\n" + tail("vigil-bad-lexicon"))
    elif res:
        _, status, doc = res
        check(status == 503 and "lexicons_loaded" in doc.get("missing", []),
              f"/readyz is 503 naming lexicons_loaded with a broken lexicon ({status} {doc})")
    else:
        check(False, "vigil run with a broken lexicon neither exited nor served /readyz")
    stop(p, 30)


def expected_from_scan(vigil, lexicons, cfg, feed):
    """What `vigil run` must count for `feed`, from `vigil scan` with the same lexicons and config."""
    r = subprocess.run([vigil, "scan", "--config", cfg, "--lexicons", lexicons,
                        "--input", "jsonl", feed], capture_output=True, timeout=300)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"vigil scan failed ({r.returncode}): {r.stderr.decode(errors='replace')}")
    alerts = [json.loads(l) for l in r.stdout.decode().splitlines() if l.strip()]
    reasons = collections.Counter(re.findall(r"skipped \(([a-z0-9_]+)\)", r.stderr.decode(errors="replace")))
    return alerts, reasons


def phase_scrape(vigil, src, lexicons, prometheus_bin):
    log("phase 3: vigil run + embedded broker, scraped by Prometheus")

    # Broker.
    port_file = os.path.join(TMP, "broker.port")
    broker = start("vigil-broker", [vigil, "broker", "--topics", "vigil.input,vigil.alerts,vigil.dead-letters",
                                    "--partitions", "4", "--port-file", port_file])
    ok = wait_until(lambda: os.path.exists(port_file) and open(port_file).read().strip(), 30, "broker port file",
                    proc=broker)
    if not check(ok, "embedded broker is up"):
        log("broker output:\n" + tail("vigil-broker"))
        return
    bootstrap = open(port_file).read().strip()

    # Vigil.
    metrics_port = free_port()
    cfg = os.path.join(TMP, "vigil.yaml")
    write_config(cfg, bootstrap, metrics_port, lexicons)
    vigil_p = start("vigil-run", [vigil, "run", "--config", cfg])

    # Prometheus.
    prom_port = free_port()
    prom_cfg = os.path.join(TMP, "prometheus.yml")
    with open(prom_cfg, "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                "scrape_configs:\n  - job_name: vigil\n    static_configs:\n"
                f"      - targets: [\"127.0.0.1:{metrics_port}\"]\n")
    prom_p = start("prometheus", [prometheus_bin, f"--config.file={prom_cfg}",
                                  f"--storage.tsdb.path={os.path.join(TMP, 'tsdb')}",
                                  f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"])
    prom = Prometheus(prom_port)
    if not check(wait_until(lambda: http_get(f"{prom.base}/-/ready")[0] == 200, 60, "Prometheus ready",
                            proc=prom_p), "Prometheus is ready"):
        log("prometheus output:\n" + tail("prometheus"))
        return

    # Readiness: wait for 200, noting whether a 503 was seen on the way.
    seen = []

    def ready():
        status, doc = readyz(metrics_port)
        if status and (not seen or seen[-1] != status):
            seen.append(status)
        return status == 200 and doc.get("ready") is True

    if not check(wait_until(ready, 90, "/readyz 200", proc=vigil_p), "vigil run becomes ready (/readyz 200)"):
        log("vigil run output:\n" + tail("vigil-run", 40))
        return
    log(f"/readyz statuses seen on the way: {seen}")
    check(wait_until(lambda: prom.scalar('vigil_ready{job="vigil"}') == 1, 30, "vigil_ready == 1 in Prometheus"),
          "Prometheus scrapes vigil_ready 1")
    check(prom.scalar('up{job="vigil"}') == 1, "Prometheus scrapes the target (up 1)")

    # Two batches: the sample posts; then one message per dead-letter reason the parser can produce
    # and 30 of the posts again. A SIGHUP reload in between.
    with open(os.path.join(src, "deploy/sample/feed.jsonl"), "rb") as f:
        posts = [l.rstrip(b"\n") for l in f if l.strip()]
    bad = [b'{"id": "bad-1", "text": "unterminated',      # invalid_json
           b'{"id": "bad-2", "lang": "en"}',              # missing_text
           b'{"id": "bad-3", "text": "caf\xc3 au lait"}',  # invalid_utf8
           b'{"id": "bad-4", "text": "   "}']             # empty
    batches = [posts, bad + posts[:30]]
    feeds = []
    for i, lines in enumerate(batches + [batches[0] + batches[1]]):
        feeds.append(os.path.join(TMP, f"feed-{i}.jsonl"))
        with open(feeds[-1], "wb") as f:
            f.write(b"\n".join(lines) + b"\n")
    sent = len(batches[0]) + len(batches[1])
    alerts, reasons = expected_from_scan(vigil, lexicons, cfg, feeds[2])
    dead = sum(reasons.values())
    log(f"feed: {sent} messages, vigil scan flags {len(alerts)} and rejects {dead} ({dict(reasons)})")
    check(len(alerts) > 0 and reasons == {"invalid_json": 1, "missing_text": 1, "invalid_utf8": 1, "empty": 1},
          "vigil scan flags some of the feed and rejects the four malformed lines, one per reason")

    def produce(feed):
        r = subprocess.run(["kcat", "-P", "-b", bootstrap, "-t", "vigil.input", "-l", feed],
                           capture_output=True, timeout=60)
        if r.returncode != 0:
            log(r.stderr.decode(errors="replace"))
        return r.returncode == 0

    if not check(produce(feeds[0]), f"kcat produced batch 1 ({len(batches[0])} messages)"):
        return
    done1 = wait_until(lambda: prom.scalar('sum(vigil_messages_processed_total{job="vigil"})') == len(batches[0]),
                       90, "batch 1 processed", interval=1.0, proc=vigil_p)
    check(done1, "Prometheus shows batch 1 processed")

    # A reload (same files): counted as a success, with a newer load time.
    loaded_at = prom.scalar('vigil_lexicon_last_reload_timestamp_seconds{job="vigil"}') or 0
    check(prom.scalar('sum(vigil_lexicon_reloads_total{job="vigil"})') == 0, "no reload counted before SIGHUP")
    os.kill(vigil_p.pid, signal.SIGHUP)
    check(wait_until(lambda: prom.scalar('vigil_lexicon_reloads_total{job="vigil",result="success"}') == 1, 60,
                     "reload success in Prometheus", interval=1.0, proc=vigil_p),
          "SIGHUP reload counted as a success")
    check((prom.scalar('vigil_lexicon_last_reload_timestamp_seconds{job="vigil"}') or 0) > loaded_at > 0,
          "the lexicon load time moved forward with the reload")

    if not check(produce(feeds[1]), f"kcat produced batch 2 ({len(batches[1])} messages)"):
        return

    # What Prometheus must eventually show.
    sev = collections.Counter(a["severity"] for a in alerts)
    indicators = collections.Counter(i["name"] for a in alerts for i in a.get("indicators", []))
    targets = collections.Counter(t for a in alerts for t in set(a.get("target_groups", [])))
    regions = collections.Counter((a.get("region") if REGION_RE.match(a.get("region") or "") else "other",
                                   a["severity"]) for a in alerts)

    def lexicon_langs():
        return set(prom.by('sum by (lang) (vigil_lexicon_entries{job="vigil"})', "lang") or {})

    def expectations():
        langs = lexicon_langs()
        # A message without `lang` counts under the language it was analysed as (detected_lang).
        by_lang = collections.Counter(
            ((a.get("lang") or a.get("detected_lang")) if (a.get("lang") or a.get("detected_lang")) in langs
             else "other", a["severity"]) for a in alerts)
        return [
            ("messages consumed from vigil.input",
             'sum(vigil_messages_consumed_total{job="vigil",topic="vigil.input"})', None, sent),
            # Finished messages, dead letters included (docs/operations.md).
            ("messages processed (finished)", 'sum(vigil_messages_processed_total{job="vigil"})', None, sent),
            ("dead letters by reason", 'sum by (reason) (vigil_messages_dead_lettered_total{job="vigil"})', "reason",
             {r: reasons.get(r, 0) for r in REASONS}),
            ("alerts by severity", 'sum by (severity) (vigil_alerts_total{job="vigil"})', "severity",
             {s: sev.get(s, 0) for s in SEVERITIES}),
            ("alert indicators", 'sum by (indicator) (vigil_alert_indicators_total{job="vigil"}) > 0', "indicator",
             dict(indicators)),
            ("alerts by target group", 'sum by (target_group) (vigil_alerts_by_target_total{job="vigil"}) > 0',
             "target_group", dict(targets)),
            ("alerts by region and severity",
             'sum by (region, severity) (vigil_alerts_by_region_total{job="vigil"}) > 0', ("region", "severity"),
             dict(regions)),
            ("alerts by language and severity",
             'sum by (lang, severity) (vigil_alerts_by_language_total{job="vigil"}) > 0', ("lang", "severity"),
             dict(by_lang)),
            # Every analysed message counts once under how its language was settled.
            ("messages by language source", 'sum(vigil_messages_by_language_source_total{job="vigil"})', None,
             sent - dead),
            ("processing-duration observations",
             'sum(vigil_processing_duration_seconds_count{job="vigil"})', None, sent - dead),
            ("messages in flight", 'sum(vigil_messages_in_flight{job="vigil"})', None, 0),
        ]

    def actual(expr, label):
        if label is None:
            return prom.scalar(expr)
        res = prom.query(expr)
        if res is None:
            return None
        if isinstance(label, tuple):
            return {tuple(dict(k).get(l, "") for l in label): v for k, v in res.items()}
        return {dict(k).get(label, ""): v for k, v in res.items()}

    def normalise(v):
        if isinstance(v, dict):
            return {k: float(x) for k, x in v.items() if x}
        return None if v is None else float(v)

    def all_match():
        for name, expr, label, want in expectations():
            if normalise(actual(expr, label)) != normalise(want):
                return False
        return True

    # Prometheus scrapes every second; processing the feed takes a few seconds at most.
    wait_until(all_match, 120, "Prometheus to show every expected count", interval=1.0, proc=vigil_p)
    time.sleep(3)  # and nothing more arrives afterwards (no double counting)
    for name, expr, label, want in expectations():
        got = normalise(actual(expr, label))
        check(got == normalise(want), f"{name}: Prometheus {got} == expected {normalise(want)}")

    check((prom.scalar('sum(vigil_end_to_end_latency_seconds_count{job="vigil"})') or 0) > 0,
          "end-to-end latency observed")
    check(wait_until(lambda: (prom.scalar('sum(vigil_committed_offsets_total{job="vigil"})') or 0) > 0, 15,
                     "committed offsets", interval=1.0), "offsets committed")
    lag = wait_until(lambda: prom.scalar('sum(vigil_consumer_lag_messages{job="vigil"})') == 0, 30,
                     "consumer lag 0 after draining")
    check(lag, "consumer lag per partition is exported and drains to 0")
    check(prom.scalar('vigil_lexicon_reloads_total{job="vigil",result="failure"}') == 0, "no lexicon reload failed")
    versions = {a.get("lexicon_version") for a in alerts}
    info = prom.by('vigil_lexicon_info{job="vigil"}', "version") or {}
    check(set(info) == versions and all(v == 1 for v in info.values()),
          f"vigil_lexicon_info names the lexicon version in the alerts ({sorted(info)} vs {sorted(versions)})")
    check("en" in lexicon_langs() and (prom.scalar('sum(vigil_lexicon_entries{job="vigil"})') or 0) > 100,
          "lexicon entries exported per language")
    check(prom.scalar('count(vigil_build_info{job="vigil"} == 1)') == 1, "build info exported")
    check((prom.scalar('vigil_uptime_seconds{job="vigil"}') or 0) > 0, "uptime exported")
    check(prom.scalar('count(vigil_worker_busy_ratio{job="vigil"})') == 2, "busy ratio for each of the 2 workers")
    check(prom.scalar('vigil_ready{job="vigil"}') == 1, "still ready after the feed")

    # What was published matches what was counted.
    def count_topic(topic):
        r = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
                            "-f", "%o\\n"], capture_output=True, timeout=60)
        return len([l for l in r.stdout.splitlines() if l.strip()]) if r.returncode == 0 else None

    check(count_topic("vigil.alerts") == len(alerts), f"the alert topic holds {len(alerts)} alerts")
    check(count_topic("vigil.dead-letters") == dead, f"the dead-letter topic holds {dead} messages")

    # promtool on the live page.
    page = http_get(f"http://127.0.0.1:{metrics_port}/metrics")[1]
    if shutil.which("promtool"):
        r = subprocess.run(["promtool", "check", "metrics"], input=page.encode(), capture_output=True, timeout=60)
        check(r.returncode == 0, "promtool check metrics passes on the live /metrics page" +
              (": " + (r.stdout + r.stderr).decode(errors="replace") if r.returncode else ""))

    code = stop(vigil_p, 30)
    check(code == 0, f"SIGTERM stops vigil run cleanly (exit {code})")
    if FAILURES:
        log("vigil run output:\n" + tail("vigil-run", 40))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    vigil, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    prometheus_bin = shutil.which("prometheus")
    if not prometheus_bin:
        log("SKIP: prometheus not found (Debian package 'prometheus'; scripts/install-deps.sh installs it)")
        return SKIP
    if not shutil.which("kcat"):
        log("SKIP: kcat not found (Debian package 'kcat'), needed to produce the test messages")
        return SKIP
    r = subprocess.run([vigil, "run", "--help"], capture_output=True, timeout=30)
    if r.returncode != 0 or not re.search(rb"Usage: \S+ run\b", r.stdout + r.stderr):
        log(f"SKIP: `{vigil} run` is not available in this build")
        return SKIP

    # A snapshot of the lexicons: `vigil scan` and `vigil run` (and its SIGHUP reload) must read the
    # same files even if the working tree changes while the test runs.
    lexicons = os.path.join(TMP, "lexicons")
    shutil.copytree(os.path.join(src, "lexicons"), lexicons)

    phase_not_ready_without_broker(vigil, lexicons)
    phase_not_ready_without_lexicon(vigil)
    phase_scrape(vigil, src, lexicons, prometheus_bin)

    if FAILURES:
        log(f"{len(FAILURES)} check(s) failed:")
        for f in FAILURES:
            log(f"  - {f}")
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
