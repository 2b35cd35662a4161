#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: builds cotation (release preset) and runs the eligibility example on the
# bundled data set. Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
cmake --preset release >/dev/null
cmake --build --preset release --target cotation_eligibility_example
exec build/release/examples/cotation_eligibility_example "$@"
