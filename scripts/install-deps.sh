#!/usr/bin/env bash
# Installs Vigil's build, test and run dependencies from Debian 12 packages. Idempotent: installs only
# what is missing, so the README's commands can call it every time. Needs root (or sudo) when something
# is missing; prints what it would install otherwise.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  clang libclang-rt-14-dev            # libFuzzer + sanitizer runtimes
  librdkafka-dev                      # Kafka client, C++ API and the mock cluster (rdkafka_mock.h)
  libre2-dev libicu-dev
  libcld2-dev                         # language of messages that carry none (CLD2, full tables)
  prometheus-cpp-dev libcivetweb-dev  # metrics registry + embedded HTTP server
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  libyaml-dev                         # libyaml: the lexicon loader reads the YAML files (classifiers/internal/yaml_tree.h)
  libhunspell-dev                     # spelling dictionaries of the second reading (classifiers/spelling.h)
  hunspell-en-us hunspell-fr hunspell-de-de hunspell-es hunspell-it hunspell-pt-br hunspell-nl
  hunspell-pl hunspell-ru hunspell-uk hunspell-sr hunspell-tr hunspell-ar hunspell-hi hunspell-sw
  libgtest-dev libgmock-dev libbenchmark-dev
  kcat                                # independent Kafka client for end-to-end tests
  prometheus                          # promtool and a real Prometheus server for tests
  python3 curl
  python3-jsonschema                  # tests/cli: verdicts checked against docs/schemas/alert.schema.json
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's prometheus package starts a server on :9090 when systemd is present; tests run their own.
echo "install-deps: done" >&2
