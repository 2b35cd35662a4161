#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds cotation and runs the whole test suite (unit tests, examples, package consumers).
# Installs missing Debian packages first. Usage: bash tests/run.sh [preset]   (default: dev)
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
preset="${1:-dev}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
cmake --workflow --preset "$preset"
