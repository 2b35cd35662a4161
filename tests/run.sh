#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds cotation and runs the whole test suite (unit tests, examples, package consumers).
# Installs missing Debian packages first. Usage: bash tests/run.sh [preset]   (default: dev)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
# The browser test of the HTML pages runs when Chromium is installed; installing it is opt-in
# (it is large): COTATION_BROWSER_TESTS=1 bash tests/run.sh
if [[ "${COTATION_BROWSER_TESTS:-0}" == 1 ]]; then
  bash cmake/install-deps.sh chromium
fi
preset="${1:-dev}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
cmake --workflow --preset "$preset"
