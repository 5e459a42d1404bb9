#!/usr/bin/env bash
# Checks the deployment files under deploy/ (everything but deploy/sample/):
#   - Prometheus: `promtool check rules`, `promtool test rules` (unit tests), `promtool check config`;
#     every alert has a unit test and a runbook section in docs/operations.md.
#   - Grafana: the dashboard is valid JSON with unique panel ids; the provisioning files parse.
#   - Every vigil_* metric named by a rule or panel is in the metrics table of docs/operations.md.
#   - YAML files (compose, k8s, config) parse; `docker compose config` where Docker Compose exists;
#     `systemd-analyze verify` on the unit where systemd-analyze exists.
#
# Runs from any working directory. Exit status: 0 all passed, 1 a check failed, 77 promtool is missing
# (register with SKIP_RETURN_CODE 77 in CTest; install it with scripts/install-deps.sh).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY="$ROOT/deploy"
RULES="$DEPLOY/prometheus/rules/vigil-alerts.yml"
RULE_TESTS="$DEPLOY/prometheus/rules/vigil-alerts.test.yml"
DASHBOARD="$DEPLOY/grafana/dashboards/vigil.json"
OPS_DOC="$ROOT/docs/operations.md"

passed=0
failed=0
skipped=0
tmpdir="$(mktemp -d)"
trap 'rm -rf "$tmpdir"' EXIT

pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1" >&2; }
skip() { skipped=$((skipped + 1)); echo "skip  $1"; }

# run NAME CMD...: runs CMD, shows its output only when it fails.
run() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then pass "$name"; else
    fail "$name"
    printf '%s\n' "$out" | sed 's/^/      /' >&2
  fi
}

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool_test: promtool not found (Debian package 'prometheus'; scripts/install-deps.sh installs it)" >&2
  exit 77
fi

# --- Prometheus ------------------------------------------------------------------------------------
run "promtool check rules $(basename "$RULES")" promtool check rules "$RULES"
# promtool resolves the test file's rule_files relative to the test file itself.
run "promtool test rules $(basename "$RULE_TESTS")" promtool test rules "$RULE_TESTS"
run "promtool check config prometheus.yml" promtool check config "$DEPLOY/prometheus/prometheus.yml"

alerts="$(sed -n 's/^[[:space:]]*- alert:[[:space:]]*\([A-Za-z0-9_]*\).*/\1/p' "$RULES")"
if [ -z "$alerts" ]; then fail "no alerts found in $RULES"; fi
for alert in $alerts; do
  # A test that expects it to fire: its alertname followed by a non-empty exp_alerts list.
  if awk -v a="$alert" '
      $1 == "alertname:" { cur = $2 }
      $1 == "exp_alerts:" && $2 != "[]" && cur == a { found = 1 }
      END { exit !found }' "$RULE_TESTS"; then
    pass "$alert has a unit test in which it fires"
  else
    fail "$alert has no unit test in which it fires"
  fi
  anchor="$(printf '%s' "$alert" | tr '[:upper:]' '[:lower:]')"
  if ! grep -q "runbook_url: \"docs/operations.md#$anchor\"" "$RULES"; then
    fail "$alert: runbook_url is not docs/operations.md#$anchor"
  elif [ -f "$OPS_DOC" ] && grep -qE "^#+ +$alert\$" "$OPS_DOC"; then
    pass "$alert has a runbook section in docs/operations.md"
  else
    fail "$alert: no '### $alert' heading in docs/operations.md (the runbook_url anchor)"
  fi
done

# --- Grafana ---------------------------------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
  run "dashboards/vigil.json is valid JSON" python3 -m json.tool "$DASHBOARD"
  run "dashboards/vigil.json panel ids are unique and every panel has a query" python3 - "$DASHBOARD" <<'EOF'
import json, sys
dash = json.load(open(sys.argv[1]))
panels = []
def walk(ps):
    for p in ps:
        panels.append(p)
        walk(p.get("panels", []))
walk(dash["panels"])
ids = [p["id"] for p in panels]
dups = {i for i in ids if ids.count(i) > 1}
assert not dups, f"duplicate panel ids: {sorted(dups)}"
for p in panels:
    if p["type"] != "row":
        assert p.get("targets"), f"panel {p['id']} ({p.get('title')}) has no query"
        for t in p["targets"]:
            assert t.get("expr"), f"panel {p['id']} ({p.get('title')}) has a target without expr"
EOF
  # Every panel and annotation query must be valid PromQL: substitute Grafana's variables, wrap each
  # query as a recording rule and let promtool parse them.
  if python3 - "$DASHBOARD" >"$tmpdir/dashboard-queries.yml" <<'EOF'
import json, sys
dash = json.load(open(sys.argv[1]))
exprs = []
def walk(ps):
    for p in ps:
        exprs.extend(t["expr"] for t in p.get("targets", []) if t.get("expr"))
        walk(p.get("panels", []))
walk(dash["panels"])
exprs += [a["expr"] for a in dash.get("annotations", {}).get("list", []) if a.get("expr")]
subst = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "6h", "$instance": ".*"}
print("groups:\n  - name: dashboard-queries\n    rules:")
for i, e in enumerate(exprs):
    for k, v in subst.items():
        e = e.replace(k, v)
    print(f"      - record: dashboard:query_{i}\n        expr: {json.dumps(e)}")
EOF
  then
    run "every dashboard query is valid PromQL" promtool check rules "$tmpdir/dashboard-queries.yml"
  else
    fail "could not extract the dashboard queries"
  fi
else
  skip "dashboard JSON checks (no python3)"
fi

# --- Metric names ----------------------------------------------------------------------------------
# Every vigil_* series a rule or a panel reads must be one Vigil exports, i.e. listed in the metrics
# table of docs/operations.md (`| `vigil_name` | ...`). Histogram suffixes map to their base name.
if [ -f "$OPS_DOC" ]; then
  documented="$(grep -oE '^\| *`vigil_[a-z0-9_]+' "$OPS_DOC" | grep -oE 'vigil_[a-z0-9_]+' | sort -u)"
  used="$(grep -ohE 'vigil_[a-z0-9_]+' "$RULES" "$DASHBOARD" \
          | sed -E 's/_(bucket|sum|count)$//' | sort -u)"
  undocumented=0
  for m in $used; do
    if ! printf '%s\n' "$documented" | grep -qx "$m"; then
      fail "metric $m is used by a rule or panel but not in the metrics table of docs/operations.md"
      undocumented=$((undocumented + 1))
    fi
  done
  if [ "$undocumented" -eq 0 ]; then
    pass "metric names in rules and dashboard are documented ($(printf '%s\n' "$used" | wc -l) names)"
  fi
else
  fail "docs/operations.md is missing"
fi

# --- YAML, Compose, systemd ------------------------------------------------------------------------
if python3 -c 'import yaml' >/dev/null 2>&1; then
  while IFS= read -r f; do
    run "${f#"$ROOT"/} parses as YAML" python3 -c '
import sys, yaml
with open(sys.argv[1]) as fh:
    docs = [d for d in yaml.safe_load_all(fh) if d is not None]
assert docs, "no YAML document"
' "$f"
  done < <(find "$DEPLOY" -path "$DEPLOY/sample" -prune -o \( -name '*.yml' -o -name '*.yaml' \) -type f -print | sort)
else
  skip "YAML parse checks (python3 yaml module missing)"
fi

if python3 -c 'import yaml' >/dev/null 2>&1; then
  # The supervisors must wait longer than Vigil's own shutdown deadline, or a drain gets SIGKILLed.
  run "grace periods exceed pipeline.shutdown_deadline_seconds; k8s probes and replicas" python3 - "$DEPLOY" <<'EOF'
import re, sys, yaml
d = sys.argv[1]
def load(p): return list(yaml.safe_load_all(open(f"{d}/{p}")))
def seconds(s):
    m = re.fullmatch(r"(\d+)(s|m)?", str(s).strip())
    assert m, f"cannot read a duration from {s!r}"
    return int(m.group(1)) * (60 if m.group(2) == "m" else 1)

default = load("config/vigil.example.yaml")[0]["pipeline"]["shutdown_deadline_seconds"]
cm = load("k8s/configmap.yaml")[0]
k8s_deadline = yaml.safe_load(cm["data"]["vigil.yaml"])["pipeline"].get("shutdown_deadline_seconds", default)
dep = load("k8s/deployment.yaml")[0]
spec = dep["spec"]["template"]["spec"]
assert spec["terminationGracePeriodSeconds"] > k8s_deadline, "k8s grace period <= shutdown deadline"
assert dep["spec"]["replicas"] == 3
c = spec["containers"][0]
assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
assert c["securityContext"]["allowPrivilegeEscalation"] is False
ann = dep["spec"]["template"]["metadata"]["annotations"]
assert ann["prometheus.io/scrape"] == "true" and ann["prometheus.io/port"] == "9464"

compose = load("compose/docker-compose.yml")[0]
compose_deadline = load("compose/vigil.yaml")[0].get("pipeline", {}).get("shutdown_deadline_seconds", default)
assert seconds(compose["services"]["vigil"]["stop_grace_period"]) > compose_deadline, "compose stop_grace_period"

unit = open(f"{d}/systemd/vigil.service").read()
stop = re.search(r"^TimeoutStopSec=(\S+)$", unit, re.M).group(1)
assert seconds(stop) > default, "systemd TimeoutStopSec <= shutdown deadline"
for line in ("ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure",
             "ExecReload=/bin/kill -HUP $MAINPID"):
    assert re.search(rf"^{re.escape(line)}$", unit, re.M), f"vigil.service lacks {line}"
EOF
fi

if command -v kubectl >/dev/null 2>&1; then
  run "kubectl kustomize deploy/k8s" kubectl kustomize "$DEPLOY/k8s"
else
  skip "kubectl kustomize (kubectl not installed)"
fi

if docker compose version >/dev/null 2>&1; then
  run "docker compose config" docker compose -f "$DEPLOY/compose/docker-compose.yml" config --quiet
elif command -v docker-compose >/dev/null 2>&1; then
  run "docker-compose config" docker-compose -f "$DEPLOY/compose/docker-compose.yml" config --quiet
else
  skip "docker compose config (Docker Compose not installed)"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
  # verify wants ExecStart's binary to exist; check the unit's syntax with a stand-in path.
  sed 's|^ExecStart=/usr/bin/vigil |ExecStart=/bin/true |' "$DEPLOY/systemd/vigil.service" >"$tmpdir/vigil.service"
  out="$(cd "$tmpdir" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$tmpdir/vigil.service" 2>&1)"
  # In containers without a running systemd, verify prints environment noise; only unit problems count.
  problems="$(printf '%s\n' "$out" | grep -E 'vigil\.service' | grep -viE 'bus|connect|/run/systemd' || true)"
  if [ -z "$problems" ]; then pass "systemd-analyze verify vigil.service"; else
    fail "systemd-analyze verify vigil.service"
    printf '%s\n' "$problems" | sed 's/^/      /' >&2
  fi
else
  skip "systemd-analyze verify (not installed)"
fi

echo "promtool_test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
