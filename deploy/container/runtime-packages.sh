#!/usr/bin/env bash
# Prints the Debian packages that provide the shared libraries a binary links, one per line, sorted.
# The container build runs it on the freshly built vigil so the runtime stage installs exactly what
# the binary needs (on Debian 12 today: librdkafka1 librdkafka++1 libre2-9 libicu72 libyaml-cpp0.7
# libprometheus-cpp-core1.0 libcivetweb1 libcld2-0 libyaml-0-2 libhunspell-1.7-0, plus whatever a later change links)
# and nothing else.
#
#   deploy/container/runtime-packages.sh build/release/vigil
#
# Fails if a library is missing or belongs to no package (a library built by hand would not be
# installable in the runtime stage).
set -euo pipefail

bin="${1:?usage: runtime-packages.sh BINARY}"

if ldd "$bin" | grep -q 'not found'; then
  echo "runtime-packages: unresolved libraries:" >&2
  ldd "$bin" | grep 'not found' >&2
  exit 1
fi

# Lines look like "libre2.so.9 => /lib/x86_64-linux-gnu/libre2.so.9 (0x...)"; the dynamic loader
# line has no "=>" and comes with libc6.
ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | while read -r lib; do
  # With merged /usr a library can be registered under /lib or /usr/lib; try the path as given, its
  # resolved target, and both spellings of each.
  pkg=""
  for p in "$lib" "$(readlink -f "$lib")"; do
    for q in "$p" "${p#/usr}" "/usr$p"; do
      if out="$(dpkg-query -S "$q" 2>/dev/null)"; then
        pkg="${out%%:*}"
        break 2
      fi
    done
  done
  if [ -z "$pkg" ]; then
    echo "runtime-packages: no Debian package owns $lib" >&2
    exit 1
  fi
  echo "$pkg"
done | sort -u
