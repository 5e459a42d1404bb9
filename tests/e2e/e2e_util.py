"""Helpers for Vigil's process-level tests: a `vigil broker` process, `vigil run` processes, kcat."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77  # CTest SKIP_RETURN_CODE


def need_kcat():
    if not shutil.which("kcat"):
        print("kcat not installed: skipping", file=sys.stderr)
        sys.exit(SKIP)


class Broker:
    """`vigil broker` in its own process; .bootstrap is its address."""

    def __init__(self, vigil, topics, partitions=4):
        self.dir = tempfile.mkdtemp(prefix="vigil-e2e-")
        port_file = os.path.join(self.dir, "bootstrap")
        self.log = open(os.path.join(self.dir, "broker.log"), "w")
        self.proc = subprocess.Popen(
            [vigil, "broker", "--topics", ",".join(topics), "--partitions", str(partitions), "--port-file", port_file],
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 20
        while not os.path.exists(port_file):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("vigil broker did not start")
            time.sleep(0.05)
        self.bootstrap = open(port_file).read().strip()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Run:
    """`vigil run` against a broker; stderr (JSON logs) goes to a file."""

    def __init__(self, vigil, bootstrap, log_path, extra=()):
        self.log_path = log_path
        self.log = open(log_path, "a")
        args = [vigil, "run", "--brokers", bootstrap, "--no-metrics", "--group-id", "vigil-e2e",
                "--shutdown-deadline", "15", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500"]
        self.proc = subprocess.Popen(args + list(extra), stdout=subprocess.DEVNULL, stderr=self.log)

    def terminate(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=timeout)
        self.log.close()
        return rc

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.log.close()

    def events(self):
        return read_events(self.log_path)


def read_events(log_path):
    """The JSON log lines of a log file, parsed."""
    out = []
    with open(log_path) as f:
        for line in f:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def kcat_produce(bootstrap, topic, path, keyed=False):
    args = ["kcat", "-b", bootstrap, "-t", topic, "-P", "-X", "linger.ms=20", "-X", "enable.idempotence=true"]
    if keyed:
        args += ["-K", "\t"]
    with open(path, "rb") as f:
        subprocess.run(args, stdin=f, check=True, timeout=300)


def kcat_read(bootstrap, topic, fmt="%k\t%s\n", timeout=120):
    """Everything in `topic` now, as lines formatted by kcat's -f."""
    out = subprocess.run(["kcat", "-b", bootstrap, "-t", topic, "-C", "-o", "beginning", "-e", "-q", "-f", fmt],
                         capture_output=True, check=True, timeout=timeout)
    return out.stdout.decode("utf-8", "replace").splitlines()


def alert_ids(bootstrap, topic="vigil.alerts"):
    ids = []
    for line in kcat_read(bootstrap, topic, fmt="%s\n"):
        try:
            ids.append(json.loads(line)["message_id"])
        except (ValueError, KeyError):
            pass
    return ids


def scan_flagged(vigil, path):
    """Message ids that `vigil scan` flags in a JSONL file: what `vigil run` must alert on."""
    out = subprocess.run([vigil, "scan", path], capture_output=True, check=True, timeout=600)
    return {json.loads(line)["message_id"] for line in out.stdout.decode().splitlines() if line.strip()}
