#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages cotation needs, only those missing (run as root).
# Usage: install-deps.sh [fuzz|chromium]
#   fuzz: also clang and its libFuzzer runtime, for tests/fuzz
#   chromium: also headless Chromium (large, ~300 MB), for the test that reads the applicant's
#             HTML pages as a browser shows them (skipped with a warning when it is missing)
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config ccache
          libboost-date-time-dev libboost-container-dev libfmt-dev
          catch2 nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libcli11-dev libbenchmark-dev
          python3 python3-jsonschema
          libcpp-httplib-dev libssl-dev)
if [[ "${1:-}" == fuzz ]]; then
  packages+=(clang libclang-rt-14-dev)
fi
if [[ "${1:-}" == chromium ]]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
